"""Booking a batch's checked member documents in apply_batch's transaction (the second step of
services.member_sales): offline debits, points earned and reversed, the lines, the figures.

The loyalty services (services.points) open and commit their own unit of work; here they
run inside the batch's transaction through InTransaction, which enters nothing and commits
nothing, so a sale's points commit with the sale or not at all. Their keys (earn:<store>:
<sale>, <store>:<return>:refund and :reverse) make a second posting of the same document
give back what the first recorded, and apply_batch applies each entry once.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any

from common.domain.points import reverse
from common.domain.points_ledger import REVERSE
from common.errors import StoreLedgerError
from headoffice.domain.actors import at_store
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.member_sales import (
    MEMBER_MISMATCH,
    MemberDay,
    MemberSaleRefused,
    add_day,
    local_day,
    month_of,
    offline_booking,
)
from headoffice.domain.members import Member
from headoffice.domain.stored_value import DEBIT, Entry, split_debit
from headoffice.services.member_sales import (
    MemberPlan,
    MemberSettings,
    ReturnToApply,
    SaleToApply,
    refusal,
)
from headoffice.services.points import earn_for_sale, reverse_for_return

SaleLineRow = tuple[str, int, str, int, int, int, int, int, int, int]  # store.member_sales_repo


class InTransaction:
    """An open unit of work as the loyalty services' port: `with` opens no transaction and
    commit() commits nothing; apply_batch commits once, for the whole batch."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow

    @property
    def points(self) -> Any:
        return self._uow.points

    @property
    def members(self) -> Any:
        return self._uow.members

    @property
    def entitlements(self) -> Any:
        return self._uow.entitlements

    @property
    def catalogue(self) -> Any:
        return self._uow.catalogue

    def commit(self) -> None:
        """The batch's transaction commits it."""

    def __enter__(self) -> InTransaction:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


@dataclass(frozen=True)
class MemberApplied:
    """What the batch booked that metrics count after commit."""

    offline_debits: int = 0
    offline_exceeded: int = 0  # offline debits over the allowance or past the balance
    shortfall_minor: int = 0  # what the balances did not cover (receivable)


def apply_member_documents(
    uow: Any,
    store_code: str,
    entries: list[Any],
    plan: MemberPlan,
    settings: MemberSettings,
    day_offset: int,
    now_ms: int,
) -> MemberApplied:
    """Book the checked documents; InvalidEntry when a loyalty service refuses a posting (a
    key booked before for another request)."""
    loyalty = InTransaction(uow)
    _lock_in_order(uow, plan, now_ms)
    days: dict[tuple[str, str, str], MemberDay] = {}
    sale_rows: list[SaleLineRow] = []
    returned: dict[tuple[str, int], int] = {}
    offline: list[dict[str, object]] = []
    for document in plan.documents:
        entry = document.entry
        day = local_day(entry.occurred_at_ms, day_offset)
        try:
            if isinstance(document, SaleToApply):
                _sale(uow, loyalty, store_code, document, settings, day, now_ms, days, sale_rows,
                      offline)  # fmt: skip
            else:
                _return(loyalty, store_code, document, plan.members, day, now_ms, days, returned)
        except StoreLedgerError as exc:
            if isinstance(exc, InvalidEntry):
                raise
            why = MemberSaleRefused(MEMBER_MISMATCH, str(exc))
            raise refusal(store_code, entries, entry, why) from exc
    repo = uow.member_sales
    repo.insert_sale_lines(store_code, sale_rows)
    repo.set_returned(store_code, returned)
    repo.add_days(days)
    repo.insert_offline(offline)
    exceeded = [row for row in offline if row["over_allowance"] or row["shortfall_minor"]]
    return MemberApplied(
        len(offline),
        len(exceeded),
        sum(int(row["shortfall_minor"]) for row in offline),  # type: ignore[call-overload]
    )


def _lock_in_order(uow: Any, plan: MemberPlan, now_ms: int) -> None:
    """Lock every member's points (and, paying offline, stored-value account) the batch books
    for, in member order, before booking any: two stores' batches naming the same members
    then wait for each other instead of deadlocking (the services lock one member at a time,
    in the order of the sales)."""
    points: set[str] = set()
    accounts: set[str] = set()
    for document in plan.documents:
        if isinstance(document, SaleToApply):
            points.add(document.member.member_id)
            if document.offline:
                accounts.add(document.member.member_id)
        else:
            points.add(_current(plan.members, document.member_id))
    if accounts:
        uow.stored_value.lock_accounts(sorted(accounts))
    for member_id in sorted(points):
        uow.points.lock_member(member_id, now_ms)


def _sale(
    uow: Any,
    loyalty: InTransaction,
    store_code: str,
    document: SaleToApply,
    settings: MemberSettings,
    day: str,
    now_ms: int,
    days: dict[tuple[str, str, str], MemberDay],
    sale_rows: list[SaleLineRow],
    offline: list[dict[str, object]],
) -> None:
    entry, sale = document.entry, document.entry.sale
    member_id = document.member.member_id
    for tender in document.offline:
        offline.append(
            _book_offline(uow, store_code, entry, member_id, tender, settings, day, now_ms)
        )
    month = month_of(day)
    earn_for_sale(
        loyalty, member_id, f"{store_code}:{sale.sale_id}", document.figures, month, now_ms
    )
    sale_rows.extend(
        (
            sale.sale_id,
            p.line_no,
            member_id,
            p.qty,
            p.earned,
            p.paid_points,
            0,
            month,
            p.net_minor,
            p.paid_minor,
        )
        for p in document.figures.lines
    )
    add_day(days, (member_id, store_code, day), sales=1, net_minor=sale.total_minor,
            points=document.figures.earned)  # fmt: skip


def _book_offline(
    uow: Any,
    store_code: str,
    entry: Any,
    member_id: str,
    tender: Any,
    settings: MemberSettings,
    day: str,
    now_ms: int,
) -> dict[str, object]:
    """Debit what the balance holds of an offline payment; the rest is the member's shortfall."""
    accounts = uow.stored_value.lock_accounts([member_id])
    if member_id not in accounts:
        uow.stored_value.open_account(member_id, now_ms)
        accounts = uow.stored_value.lock_accounts([member_id])
    balance = accounts[member_id].balance
    booking = offline_booking(
        tender.amount_minor, balance.total_minor, settings.offline_allowance_minor
    )
    key = tender.authorisation_key
    if booking.taken_minor:
        principal, bonus = split_debit(balance, booking.taken_minor, settings.spend_order)
        actor = at_store(entry.actor, store_code).text
        uow.stored_value.append(
            Entry(0, member_id, DEBIT, store_code, key, booking.taken_minor, -principal, -bonus,
                  0, 0, now_ms, actor)
        )  # fmt: skip
    return {
        "store_code": store_code, "idem_key": key, "member_id": member_id,
        "sale_id": entry.sale.sale_id, "day": day, "amount_minor": tender.amount_minor,
        "taken_minor": booking.taken_minor, "shortfall_minor": booking.shortfall_minor,
        "allowance_minor": settings.offline_allowance_minor,
        "over_allowance": booking.over_allowance, "occurred_at_ms": entry.occurred_at_ms,
        "applied_at_ms": now_ms,
    }  # fmt: skip


def _current(members: dict[str, Member], member_id: str) -> str:
    """The member a merged member's points went to (a few hops at most)."""
    for _hop in range(3):
        member = members.get(member_id)
        if member is None or not member.merged_into:
            break
        member_id = member.merged_into
    return member_id


def _return(
    loyalty: InTransaction,
    store_code: str,
    document: ReturnToApply,
    members: dict[str, Member],
    day: str,
    now_ms: int,
    days: dict[tuple[str, str, str], MemberDay],
    returned: dict[tuple[str, int], int],
) -> None:
    body = document.entry.sale_return
    member_id = _current(members, document.member_id)
    taken = 0
    if document.returning:
        back = reverse(document.figures, document.before, document.returning)
        if back.earned or back.paid_points:
            posted = reverse_for_return(
                loyalty, member_id, f"{store_code}:{body.return_id}", back,
                document.earn_month, month_of(day), now_ms,
            )  # fmt: skip
            taken = -sum(e.points for e in posted.entries if e.kind == REVERSE)
        for line_no, qty in document.returning.items():
            returned[(document.sale_id, line_no)] = document.before.get(line_no, 0) + qty
    add_day(days, (member_id, store_code, day), returns=1, net_minor=-body.total_minor,
            points=-taken)  # fmt: skip
