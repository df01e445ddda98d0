"""Reports on member sales (issue 15): sales and visits a member and store, and the
stored-value debits tills made offline that head office booked when it applied the sales.

Both read what apply_batch wrote in the batches' transactions (store/member_sales_tables),
over whole days in the shops' time zone ([counts] utc_offset_minutes, the days the rows were
counted in); a store manager sees only their stores. Phone numbers leave masked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from common.clock import now_ms as clock_now_ms
from headoffice.domain.member_sales import MemberFigures, OfflineDebitRow
from headoffice.domain.members import masked_phone
from headoffice.domain.report_period import day_text, period_of
from headoffice.domain.roles import Permission, Staff
from headoffice.services.members import find


@dataclass(frozen=True)
class Days:
    first_day: str
    last_day: str
    utc_offset_minutes: int


def _days(since: str, until: str, utc_offset_minutes: int, now_ms: int | None) -> Days:
    now = clock_now_ms() if now_ms is None else now_ms
    period = period_of(since, until, 0, now, utc_offset_minutes)
    return Days(day_text(period.first_day), day_text(period.end_day - 1), utc_offset_minutes)


def _stores(caller: Staff, store_code: str) -> list[str]:
    if store_code:
        caller.check_store(store_code)
        return [store_code]
    return [] if caller.chain_wide else sorted(caller.stores)


def member_sales_report(
    uow: Any,
    caller: Staff,
    member_text: str,
    store_code: str,
    since: str,
    until: str,
    utc_offset_minutes: int,
    now_ms: int | None = None,
) -> tuple[Days, list[MemberFigures]]:
    """Each member's sales, visits (days with a sale), returns, net paid and points at each
    store over the days; `member_text` names one member (id, phone, card or QR)."""
    caller.require(Permission.MEMBER_READ)
    days = _days(since, until, utc_offset_minutes, now_ms)
    stores = _stores(caller, store_code)
    with uow:
        member_id = ""
        if member_text:
            member = find(uow, member_text, follow_merge=False)
            member_id = member.member_id
        rows = uow.member_sales.figures(member_id, stores, days.first_day, days.last_day)
    return days, [replace(row, phone=masked_phone(row.phone)) for row in rows]


def offline_debits_report(
    uow: Any,
    caller: Staff,
    store_code: str,
    since: str,
    until: str,
    exceeded_only: bool,
    utc_offset_minutes: int,
    now_ms: int | None = None,
) -> tuple[Days, list[OfflineDebitRow]]:
    """The offline debits booked over the days; `exceeded_only`: those above the allowance or
    past the member's balance."""
    caller.require(Permission.MEMBER_READ)
    days = _days(since, until, utc_offset_minutes, now_ms)
    stores = _stores(caller, store_code)
    with uow:
        rows = uow.member_sales.offline_debits(stores, days.first_day, days.last_day, exceeded_only)
    return days, rows
