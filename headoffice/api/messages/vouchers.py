"""Vouchers: domain results to vouchers.proto messages. The code leaves head office masked."""

from __future__ import annotations

from common.pb.storeledger.v1 import ledger_pb2, vouchers_pb2
from headoffice.domain.vouchers import (
    Difference,
    Package,
    PackageLine,
    Reconciliation,
    Redemption,
    mask_code,
    redemption_text,
)
from headoffice.services.vouchers import Scanned

REDEMPTION = ledger_pb2.MOVEMENT_REASON_REDEMPTION


def _moves(lines: tuple[PackageLine, ...], sign: int) -> list[ledger_pb2.Movement]:
    return [ledger_pb2.Movement(sku=x.sku, qty_base=sign * x.qty_base, reason=REDEMPTION)
            for x in lines]  # fmt: skip


def voucher_info(scanned: Scanned) -> vouchers_pb2.VoucherInfo:
    v = scanned.lookup
    return vouchers_pb2.VoucherInfo(
        platform=v.platform, code_masked=mask_code(v.code), product_id=v.product_id,
        title=v.title, uses_left=v.uses_left, valid_from_ms=v.valid_from_ms,
        valid_until_ms=v.valid_until_ms, price_minor=v.price_minor, currency=v.currency,
        package=_moves(scanned.package.lines, -1) if scanned.package else [],
        cancel_window_ms=v.cancel_window_ms,
    )  # fmt: skip


def redemption_reply(r: Redemption, replayed: bool) -> vouchers_pb2.VoucherRedemptionReply:
    return vouchers_pb2.VoucherRedemptionReply(
        redemption_id=r.text_id, platform=r.platform, code_masked=r.masked,
        product_id=r.product_id, title=r.title, count=r.count, state=r.state,
        movements=_moves(r.lines, -1), verified_at_ms=r.verified_at_ms,
        cancel_until_ms=r.cancel_until_ms, replayed=replayed, price_minor=r.price_minor,
        currency=r.currency,
    )  # fmt: skip


def package_message(p: Package) -> vouchers_pb2.VoucherPackage:
    return vouchers_pb2.VoucherPackage(
        platform=p.platform, product_id=p.product_id, title=p.title,
        per_use=[ledger_pb2.Movement(sku=x.sku, qty_base=x.qty_base) for x in p.lines],
        set_at_ms=p.set_at_ms, set_by=p.set_by,
    )  # fmt: skip


def redemption_message(r: Redemption) -> vouchers_pb2.VoucherRedemption:
    return vouchers_pb2.VoucherRedemption(
        redemption_id=r.text_id, platform=r.platform, code_masked=r.masked,
        store_code=r.store_code, product_id=r.product_id, count=r.count, state=r.state,
        created_at_ms=r.created_at_ms, verified_at_ms=r.verified_at_ms,
        cancelled_at_ms=r.cancelled_at_ms, journal_seq=r.journal_seq, error=r.error,
    )  # fmt: skip


def _difference(d: Difference) -> vouchers_pb2.VoucherDifference:
    return vouchers_pb2.VoucherDifference(
        platform=d.platform, code_masked=d.masked, kind=d.kind, store_code=d.store_code,
        our_count=d.our_count, platform_count=d.platform_count,
        redemption_id=redemption_text(d.redemption_id) if d.redemption_id else "",
    )  # fmt: skip


def reconciliation_message(run: Reconciliation) -> vouchers_pb2.VoucherReconciliation:
    return vouchers_pb2.VoucherReconciliation(
        run_id=str(run.run_id), platform=run.platform, day=run.day,
        started_at_ms=run.started_at_ms, finished_at_ms=run.finished_at_ms,
        checked=run.checked, differences=[_difference(d) for d in run.differences],
    )  # fmt: skip
