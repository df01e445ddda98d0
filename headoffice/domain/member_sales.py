"""A member's sale or return as head office applies it (no I/O): the rules it checks and what
it books, written down once.

- The member. A sale names a member head office knows (else `member_mismatch`); an erased
  member's sale is refused too (their data can no longer back a sale: the store asks the
  customer to sign up again). A member merged into another has their sale credited to the
  survivor (points, the member-sales row, an offline debit); the bookings the till made
  online name the duplicate or the survivor, and either is accepted.
- The level the till priced with is "" (priced without one) or a configured level (or the
  base level) no higher than the member's level now, or the survivor's: levels only rise
  (domain.member_levels), so a till's cached level below the current one is one they held;
  one above it was never theirs. The birthday the till priced with is "" or the member's
  recorded month and day (MM-DD). Head office then re-prices the promoted sale with exactly
  that context (domain.sale_offers), so a member, level or birthday offer agrees to the fen.
- Tenders. stored_value online: a debit head office booked under the tender's key at that
  store, for that member, for that amount (`stored_value_unbooked`). stored_value offline:
  booked now under the till's key; when the balance does not cover it the debit takes what
  is there and the rest is a receivable (an offline overdraft), so the balance is still the
  sum of the entries. points: a redeem entry under the key for that member and those points,
  and the points are what the amount costs (`points_unbooked`). Points are never a refund.
- Returns. A stored_value refund is a refund entry booked under its key for that member and
  amount; the points the returned units were paid with come back and what they earned is
  taken back (common.domain.points.reverse), booked when the return applies. A return of a
  sale paid partly with points refunds in money at most what the returned units were paid
  otherwise: their net less the money their share of the points paid, by the rule that
  gives the points back (`refund_over_money`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from common.domain.points import (
    BANK_CARD,
    CASH,
    GOODS,
    POINTS,
    STORED_VALUE,
    PointsLine,
    PointsReturn,
    PointsTender,
)
from common.i18n import _
from common.journal_kinds import SALE, SALE_RETURN
from headoffice.domain.member_levels import BASE_LEVEL, LevelRule, rank
from headoffice.domain.members import Member

MEMBER_MISMATCH = "member_mismatch"  # reason codes (sync status, metrics, the alert)
STORED_VALUE_UNBOOKED = "stored_value_unbooked"
POINTS_UNBOOKED = "points_unbooked"
REFUND_OVER_MONEY = "refund_over_money"
SV, PTS = "stored_value", "points"  # tender methods
SALE_KIND, RETURN_KIND = SALE.name, SALE_RETURN.name
_TENDER_KINDS = {"cash": CASH, "card": BANK_CARD, SV: STORED_VALUE, PTS: POINTS}


class MemberSaleRefused(Exception):
    """A member's sale or return head office cannot apply as it is; the sentence says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def needs_members(entry: Any) -> bool:
    """The entry is a sale naming a member or paid with member tenders, or a return (which may
    be of a member's sale): only these cost the member pass anything. Run on every entry of
    every batch, so it compares the kind's name and reads the fewest fields it can."""
    kind = entry.document_type
    if kind == SALE_KIND:
        sale = entry.sale
        if sale.member_id:
            return True
        for tender in sale.tenders:
            method = tender.method
            if method in (SV, PTS):
                return True
        return False
    if kind == RETURN_KIND:
        body = entry.sale_return
        return bool(body.original_sale_id) or any(t.method in (SV, PTS) for t in body.refunds)
    return False


def effective(member: Member, survivor: Member | None) -> Member:
    """Who a sale's points and figures go to: the member, or the one they were merged into."""
    return survivor if member.merged_into and survivor is not None else member


def check_member(
    member_id: str,
    member: Member | None,
    survivor: Member | None,
    level: str,
    birthday: str,
    rules: Sequence[LevelRule],
) -> Member:
    """The member the sale is credited to; MemberSaleRefused unless the member and the level
    and birthday the till priced with hold (module docstring)."""
    if member is None or (member.merged_into and survivor is None):
        raise MemberSaleRefused(
            MEMBER_MISMATCH,
            _("the sale names member {member}, whom head office does not know").format(
                member=member_id
            ),
        )
    target = effective(member, survivor)
    if member.erased_at_ms or target.erased_at_ms:
        raise MemberSaleRefused(
            MEMBER_MISMATCH,
            _("the sale names member {member}, who was erased").format(member=member_id),
        )
    if level:
        names = {BASE_LEVEL, *(rule.name for rule in rules)}
        held = max(rank(tuple(rules), member.level), rank(tuple(rules), target.level))
        if level not in names or rank(tuple(rules), level) > held:
            raise MemberSaleRefused(
                MEMBER_MISMATCH,
                _("the sale was priced at level {level}, which member {member} does not hold")
                .format(level=repr(level), member=member_id),
            )  # fmt: skip
    if birthday and birthday != member.birthday[5:10]:
        raise MemberSaleRefused(
            MEMBER_MISMATCH,
            _("the sale was priced with birthday {birthday}, not member {member}'s").format(
                birthday=repr(birthday), member=member_id
            ),
        )
    return target


def birthday_parts(birthday: str) -> tuple[int, int]:
    """(month, day) of an "MM-DD" the till priced with; (0, 0) when not given."""
    month, _dash, day = birthday.partition("-")
    if not (month.isdigit() and day.isdigit()):
        return 0, 0
    return int(month), int(day)


def points_lines(lines: Iterable[Any], kind_of: dict[str, str]) -> list[PointsLine]:
    """A sale's lines as points see them: what the customer paid for each (after offers)."""
    return [
        PointsLine(
            line.line_no,
            kind_of.get(line.sku, GOODS),
            line.qty_base,
            line.amount_minor - line.offer_discount_minor,
        )
        for line in lines
    ]


def points_tenders(tenders: Iterable[Any]) -> list[PointsTender]:
    return [
        PointsTender(
            _TENDER_KINDS.get(t.method, t.method),
            t.amount_minor,
            t.points if t.method == PTS else 0,
        )
        for t in tenders
    ]


def key_missing(method: str, key: str) -> MemberSaleRefused:
    return MemberSaleRefused(
        MEMBER_MISMATCH,
        _("a {method} payment needs its own authorisation key; {key} is empty or used twice")
        .format(method=method, key=repr(key)),
    )  # fmt: skip


def booked_otherwise(key: str, amount_minor: int, member_id: str) -> MemberSaleRefused:
    return MemberSaleRefused(
        STORED_VALUE_UNBOOKED,
        _("the stored-value booking under key {key} is {amount} fen of member {member}, not "
          "this payment").format(key=repr(key), amount=amount_minor, member=member_id),
    )  # fmt: skip


@dataclass(frozen=True)
class OfflineBooking:
    """An offline stored-value debit as head office books it: `taken` from the balance (the
    debit entry), `shortfall` owed by the member (the receivable), `over_allowance` when the
    debit was above the till's offline allowance."""

    taken_minor: int
    shortfall_minor: int
    over_allowance: bool


def offline_booking(amount_minor: int, balance_minor: int, allowance_minor: int) -> OfflineBooking:
    taken = max(0, min(amount_minor, balance_minor))
    return OfflineBooking(taken, amount_minor - taken, amount_minor > allowance_minor)


def local_day(at_ms: int, offset_minutes: int) -> str:
    """The shops' day (YYYY-MM-DD) of a moment, at their offset from UTC."""
    moment = datetime.fromtimestamp(at_ms / 1000, UTC) + timedelta(minutes=offset_minutes)
    return moment.strftime("%Y-%m-%d")


def month_of(day: str) -> int:
    """YYYYMM of a YYYY-MM-DD day (a points lot)."""
    return int(day[:4]) * 100 + int(day[5:7])


@dataclass
class MemberDay:
    """One member's figures at one store on one day (the member_sales row's additions)."""

    sales: int = 0
    returns: int = 0
    net_minor: int = 0
    points: int = 0


def add_day(
    days: dict[tuple[str, str, str], MemberDay],
    key: tuple[str, str, str],
    *,
    sales: int = 0,
    returns: int = 0,
    net_minor: int = 0,
    points: int = 0,
) -> None:
    day = days.setdefault(key, MemberDay())
    day.sales += sales
    day.returns += returns
    day.net_minor += net_minor
    day.points += points


@dataclass(frozen=True)
class MemberFigures:
    """A member's sales at one store over a report's days."""

    member_id: str
    store_code: str
    sales: int
    visits: int  # days with at least one sale
    returns: int
    net_minor: int  # paid for sales less refunded for returns
    points: int  # earned less taken back
    first_day: str
    last_day: str
    phone: str  # masked by the service before it leaves head office


@dataclass(frozen=True)
class OfflineDebitRow:
    """An offline stored-value debit head office booked (the offline-debits report)."""

    store_code: str
    idem_key: str
    member_id: str
    sale_id: str
    day: str
    amount_minor: int
    taken_minor: int
    shortfall_minor: int
    allowance_minor: int
    over_allowance: bool


def check_money_refund(body: Any, back: PointsReturn, refunded_minor: int) -> None:
    """A return of a sale paid partly with points refunds in money at most the part of the
    returned units paid otherwise (head office gives the points part back); MemberSaleRefused
    with `refund_over_money` otherwise."""
    if refunded_minor > back.money_minor:
        raise MemberSaleRefused(
            REFUND_OVER_MONEY,
            _(
                "return {return_no} refunds {refunded} fen in money, but its units of sale "
                "{sale} were paid {money} fen otherwise than with points (points paid "
                "{points} fen of them, which head office gives back)"
            ).format(
                return_no=body.return_no,
                refunded=refunded_minor,
                sale=body.original_sale_no,
                money=back.money_minor,
                points=back.paid_minor,
            ),
        )
