"""The store journal's side of voucher redemptions (voucher_tables.py): what head office
verified for a store, and which of the store's entries recorded it and its cancel.

The redemptions themselves are written by the VoucherTill use cases before and after the
platform is called; this repository only reads them for the checks before a batch is
applied (services.voucher_checks) and marks the entries that recorded them
(services.voucher_effects).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from headoffice.store.voucher_tables import voucher_redemption_lines, voucher_redemptions


@dataclass(frozen=True)
class VerifiedVoucher:
    """A redemption as the store's journal entries are held to it."""

    redemption_id: int
    store_code: str
    platform: str
    state: str  # verifying, verified, cancelling, cancelled, failed
    count: int
    journal_seq: int  # 0: no entry recorded it yet
    cancel_journal_seq: int
    lines: tuple[tuple[str, int], ...]  # (sku, qty_base above zero), by SKU


class VoucherJournalRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def redemption(self, redemption_id: int) -> VerifiedVoucher | None:
        r = voucher_redemptions.c
        row = self._conn.execute(
            sa.select(
                r.id, r.store_code, r.platform, r.state, r.count.label("uses"), r.journal_seq,
                r.cancel_journal_seq,
            ).where(r.id == redemption_id)
        ).first()  # fmt: skip
        if row is None:
            return None
        l = voucher_redemption_lines.c  # noqa: E741
        lines = self._conn.execute(
            sa.select(l.sku, l.qty_base).where(l.redemption_id == redemption_id).order_by(l.sku)
        )
        return VerifiedVoucher(
            int(row.id), row.store_code, row.platform, row.state, int(row.uses),
            int(row.journal_seq), int(row.cancel_journal_seq),
            tuple((sku, int(qty)) for sku, qty in lines),
        )  # fmt: skip

    def set_journal_seq(self, redemption_id: int, seq: int) -> None:
        self._conn.execute(
            sa.update(voucher_redemptions)
            .where(voucher_redemptions.c.id == redemption_id)
            .values(journal_seq=seq)
        )

    def set_cancel_journal_seq(self, redemption_id: int, seq: int) -> None:
        self._conn.execute(
            sa.update(voucher_redemptions)
            .where(voucher_redemptions.c.id == redemption_id)
            .values(cancel_journal_seq=seq)
        )
