"""What head office does when a store's voucher entry arrives: the redemption it records
is marked with the entry's seq (journal_seq for the redemption, cancel_journal_seq for its
cancel); services.voucher_checks refuses a second entry for either.

The movements themselves move head office's stock like any other; the check that they are
the redemption's lines runs before (voucher_checks, from apply_batch).
"""

from __future__ import annotations

from common import journal_kinds as jk
from headoffice.domain.documents import JournalDocument, VoucherCancelBody, VoucherRedemptionBody
from headoffice.services.effects import effect
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.voucher_checks import redemption_number


@effect(jk.VOUCHER_REDEMPTION, body=VoucherRedemptionBody)
def on_voucher_redemption(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[VoucherRedemptionBody],
    now_ms: int,
) -> bool:
    vouchers = getattr(uow, "voucher_journal", None)
    number = redemption_number(entry.body.redemption_id)
    if vouchers is not None and number is not None:
        vouchers.set_journal_seq(number, entry.seq)
    return False


@effect(jk.VOUCHER_CANCEL, body=VoucherCancelBody)
def on_voucher_cancel(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[VoucherCancelBody], now_ms: int
) -> bool:
    vouchers = getattr(uow, "voucher_journal", None)
    number = redemption_number(entry.body.redemption_id)
    if vouchers is not None and number is not None:
        vouchers.set_cancel_journal_seq(number, entry.seq)
    return False
