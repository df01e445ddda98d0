"""A punch card's or package's use asked for by a till (MemberTill.RedeemUse).

The till names the member as scanned or typed; head office finds them (a merged member
answers as the survivor), authorises the use under the till's key
(services.entitlements.redeem_use: a retry with the key gets the same use and the same
movements back, nothing taken twice) and answers with the member masked, as a till may
show them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from headoffice.domain.loyalty_records import Authorised
from headoffice.domain.members import Member
from headoffice.services import members
from headoffice.services.entitlements import redeem_use
from headoffice.services.member_ports import MembersUnitOfWorkPort


@dataclass(frozen=True)
class TillRedemption:
    member: Member  # masked
    card_kind: str  # punch_card, package
    done: Authorised


def redeem_at_till(
    new_uow: Callable[[], MembersUnitOfWorkPort],
    store_code: str,
    member_text: str,
    card_no: int,
    sku: str,
    uses: int,
    key: str,
    actor: str,
    now_ms: int | None = None,
) -> TillRedemption:
    """Authorise `uses` uses of card `card_no` for `sku` at `store_code` by the member
    `member_text` names; the refusal's sentence (unknown member or card, expired, used up,
    refunded, another store's, another member's, a SKU it does not cover) otherwise."""
    now = clock_now_ms() if now_ms is None else now_ms
    member = members.lookup_at_till(new_uow(), member_text).member
    done = redeem_use(new_uow(), key, card_no, sku, store_code, member.member_id, actor, now, uses)
    uow = new_uow()
    with uow:
        stored = uow.entitlements.get(card_no)
    kind = stored.card.kind if stored is not None else ""
    return TillRedemption(member, kind, done)
