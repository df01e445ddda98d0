"""The daily stored-value liability report (hoctl report liability): what the chain owes
its members at the start and end of a day and what moved it.

principal is deferred revenue (cash taken for goods not yet given); bonus is value given
away that costs goods when spent. Over the day: top-ups (principal in, bonus granted),
redemptions (debits less refunds, by bucket), cash-outs (paid back, and forfeited: what
the refund rule kept), and breakage: what expired on anonymous cards ([stored_value]
anonymous_expiry_days; services/stored_value_expiry.py), principal and bonus apart.
Opening + movements = closing, bucket by bucket; the report checks it and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from headoffice.domain.report_period import Period, day_of, day_text, today_of
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stored_value import CASH_OUT, DEBIT, EXPIRE, REFUND, TOPUP, Balance
from headoffice.services.member_ports import MembersUnitOfWorkPort


@dataclass(frozen=True)
class Liability:
    day: str  # YYYY-MM-DD in the shops' time zone
    utc_offset_minutes: int
    opening: Balance
    closing: Balance
    topup_principal_minor: int
    topup_bonus_minor: int
    topup_count: int
    redeemed_principal_minor: int  # debits less refunds
    redeemed_bonus_minor: int
    debit_count: int
    refund_count: int
    cash_out_minor: int  # paid back
    forfeited_minor: int  # what cash-outs kept
    balanced: bool  # opening + movements == closing, both buckets
    expired_principal_minor: int = 0  # breakage: principal forfeited on expiry (positive)
    expired_bonus_minor: int = 0  # breakage: bonus forfeited on expiry
    expire_count: int = 0


def liability(
    uow: MembersUnitOfWorkPort,
    caller: Staff,
    day: str = "",
    utc_offset_minutes: int = 0,
    now_ms: int | None = None,
) -> Liability:
    """The report for `day` (YYYY-MM-DD, "" for today) in the shops' time zone."""
    caller.require(Permission.MEMBER_READ)
    caller.require(Permission.REPORT_READ)
    now = clock_now_ms() if now_ms is None else now_ms
    number = day_of(day, "--day") if day else today_of(now, utc_offset_minutes)
    period = Period(number, number + 1, utc_offset_minutes)
    start, end = period.since_ms, period.until_ms
    with uow:
        opening = uow.stored_value.totals(start)
        closing = uow.stored_value.totals(end)
        moved = {row[0]: row[1:] for row in uow.stored_value.movements(start, end)}
    zero = (0, 0, 0, 0, 0)
    t_count, _t_amount, t_principal, t_bonus, _t_payout = moved.get(TOPUP, zero)
    d_count, _d, d_principal, d_bonus, _dp = moved.get(DEBIT, zero)
    r_count, _r, r_principal, r_bonus, _rp = moved.get(REFUND, zero)
    c_count, _c, c_principal, c_bonus, c_payout = moved.get(CASH_OUT, zero)
    del c_count
    e_count, _e, e_principal, e_bonus, _ep = moved.get(EXPIRE, zero)
    merged = [moved.get(k, zero) for k in ("merge_out", "merge_in")]
    change_p = t_principal + d_principal + r_principal + c_principal + e_principal
    change_b = t_bonus + d_bonus + r_bonus + c_bonus + e_bonus
    change_p += sum(m[2] for m in merged)
    change_b += sum(m[3] for m in merged)
    return Liability(
        day=day_text(number),
        utc_offset_minutes=utc_offset_minutes,
        opening=opening,
        closing=closing,
        topup_principal_minor=t_principal,
        topup_bonus_minor=t_bonus,
        topup_count=t_count,
        redeemed_principal_minor=-(d_principal + r_principal),
        redeemed_bonus_minor=-(d_bonus + r_bonus),
        debit_count=d_count,
        refund_count=r_count,
        cash_out_minor=c_payout,
        forfeited_minor=-(c_principal + c_bonus) - c_payout,
        balanced=opening.plus(change_p, change_b) == closing,
        expired_principal_minor=-e_principal,
        expired_bonus_minor=-e_bonus,
        expire_count=e_count,
    )
