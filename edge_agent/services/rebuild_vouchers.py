"""A rebuilt ledger's voucher records, from the voucher entries of head office's journal.

The till's record of a redemption (store/vouchers.py) answers a retried `pos voucher
redeem` from the ledger and lets `pos voucher cancel` find what it cancels. A ledger
rebuilt from head office's journal (services.rebuild) gets them back from its
voucher_redemption and voucher_cancel entries, in the same transaction: without them a
retried command would ask head office again, hear the same redemption (replayed) and
journal it a second time. The entries hold the code masked only, as the records do.
"""

from __future__ import annotations

from collections.abc import Iterable

from common import journal_kinds as jk
from edge_agent.domain.vouchers import CANCELLED, REDEEMED, VoucherRecord
from edge_agent.store.journal_codec.entries import decode_entry
from edge_agent.store.unit_of_work import UnitOfWork


def restore_vouchers(uow: UnitOfWork, entries: Iterable[tuple[str, bytes]]) -> None:
    for kind, payload in entries:
        if kind == jk.VOUCHER_REDEMPTION.name:
            m = decode_entry(payload)
            b = m.voucher_redemption
            record = VoucherRecord(
                b.request_id, REDEEMED, b.platform, b.code_masked, b.count, b.till_id,
                b.cashier, b.redemption_id, b.product_id, "",
                tuple((mv.sku, mv.qty_base) for mv in m.movements), m.seq,
                created_at_ms=m.occurred_at_ms,
            )  # fmt: skip
            uow.vouchers.start(record, m.occurred_at_ms)
            uow.vouchers.redeemed(record, m.occurred_at_ms)
        elif kind == jk.VOUCHER_CANCEL.name:
            m = decode_entry(payload)
            found = uow.vouchers.by_redemption(m.voucher_cancel.redemption_id)
            if found is not None:
                uow.vouchers.set_state(found.request_id, CANCELLED, m.occurred_at_ms, m.seq)
