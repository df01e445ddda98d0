"""Head office checks a store's member_desk entries against the bookings it made online.

A till takes money at its member desk only for something head office booked first
(MemberTill.TopUp / SellCard: top-ups and cards are never sold offline), so an entry naming
a booking head office never made - no booking under its key, or one for another member,
store or amount - refuses its batch (InvalidEntry, code member_desk_unbooked) before
anything is applied, like a sale priced against head office's promotions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from common import journal_kinds as jk
from common.i18n import _
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.stored_value import TOPUP
from headoffice.services.member_desk import card_key
from headoffice.services.member_ports import MembersUnitOfWorkPort

MEMBER_DESK_UNBOOKED = "member_desk_unbooked"  # reason code (sync status, metrics, alerts)
TOPUP_KIND, CARD_SALE_KIND = "topup", "card_sale"


def _booked(uow: MembersUnitOfWorkPort, store_code: str, desk: Any) -> bool:
    if desk.kind == TOPUP_KIND:
        entry = uow.stored_value.by_key(store_code, desk.booking_key)
        return (
            entry is not None
            and entry.kind == TOPUP
            and entry.member_id == desk.member_id
            and entry.amount_minor == desk.paid_minor
            and entry.bonus_minor == desk.bonus_minor
        )
    if desk.kind == CARD_SALE_KIND:
        card = uow.entitlements.by_sold_key(card_key(store_code, desk.booking_key))
        return (
            card is not None
            and card.card_no == desk.entitlement_id
            and card.card.member_id == desk.member_id
            and card.card.paid_minor == desk.paid_minor
            and card.sale.store_code == store_code
        )
    return False


def check_member_desk(uow: Any, store_code: str, entries: Sequence[Any]) -> None:
    """InvalidEntry at the first member_desk entry whose booking head office never made;
    nothing read when the batch has none."""
    for entry in entries:
        if entry.document_type != jk.MEMBER_DESK.name:
            continue
        desk = getattr(entry, jk.MEMBER_DESK.body_field)
        if _booked(cast(MembersUnitOfWorkPort, uow), store_code, desk):
            continue
        raise InvalidEntry(
            _(
                "store {store} entry {seq} was refused: it took {amount} fen for a {kind} of "
                "member {member} under key {key}, which head office never booked for that "
                "member, store and amount"
            ).format(
                store=store_code,
                seq=entry.seq,
                amount=desk.paid_minor,
                kind=desk.kind or "-",
                member=desk.member_id or "-",
                key=desk.booking_key or "-",
            ),  # fmt: skip
            expected_seq=entries[0].seq,
            code=MEMBER_DESK_UNBOOKED,
            seq=entry.seq,
        )
