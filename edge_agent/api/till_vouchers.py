"""The Till RPCs of group-buy vouchers (pos voucher scan|redeem|cancel; services.vouchers),
online through head office; a redemption and a cancel print a slip with the code masked."""

from __future__ import annotations

from common.i18n import N_, Phrase, _
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.api.messages import till as till_messages
from edge_agent.api.till_base import TillBase
from edge_agent.services import vouchers
from edge_agent.services.vouchers import VoucherDone
from edge_agent.store.journal_codec.entries import movement_pb

_REDEMPTION = ledger_pb2.MovementReason.MOVEMENT_REASON_REDEMPTION


class VoucherRpcs(TillBase):
    async def ScanVoucher(self, request, context) -> till_pb2.TillVoucher:  # noqa: N802
        seen = await self._call(vouchers.scan, request.code, request.platform)
        return till_pb2.TillVoucher(
            platform=seen.platform, code_masked=seen.code_masked, product_id=seen.product_id,
            title=seen.title, uses_left=seen.uses_left, valid_from_ms=seen.valid_from_ms,
            valid_until_ms=seen.valid_until_ms, price_minor=seen.price_minor,
            currency=seen.currency, cancel_window_ms=seen.cancel_window_ms,
            package=[
                ledger_pb2.Movement(sku=sku, qty_base=qty, reason=_REDEMPTION)
                for sku, qty in seen.package
            ],
        )  # fmt: skip

    async def RedeemVoucher(self, request, context) -> till_pb2.TillVoucherReply:  # noqa: N802
        done = await self._wrote(
            vouchers.redeem, request.till_id, request.cashier, request.code, request.count,
            request.platform, request.idempotency_key,
        )  # fmt: skip
        title = _("Voucher redeemed") if not done.replayed else _("Voucher redeemed (copy)")
        return await self._voucher_reply(request.till_id, done, title)

    async def CancelVoucher(self, request, context) -> till_pb2.TillVoucherReply:  # noqa: N802
        done = await self._wrote(
            vouchers.cancel, request.till_id, request.cashier, request.redemption_id
        )
        title = _("Voucher cancelled") if not done.replayed else _("Voucher cancelled (copy)")
        return await self._voucher_reply(request.till_id, done, title)

    async def _voucher_reply(
        self, till_id: str, done: VoucherDone, title: str
    ) -> till_pb2.TillVoucherReply:
        printed = await self._print_text(
            till_id or "T1", Phrase(N_("the voucher slip")), title, done.slip
        )
        r = done.record
        return till_pb2.TillVoucherReply(
            seq=done.seq, redemption_id=r.redemption_id, platform=r.platform,
            code_masked=r.code_masked, product_id=r.product_id, title=r.title, count=r.count,
            state=r.state, movements=[movement_pb(m) for m in done.movements],
            request_id=r.request_id, replayed=done.replayed, receipt_text=done.slip,
            print=till_messages.print_outcome(printed),
        )  # fmt: skip
