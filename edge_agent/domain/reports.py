"""X and Z reports: a till's totals, and business dates in the store's time zone.

An X report is read-only: the totals of the till's current shift, as often as
wanted. A Z report is the day's totals for one till and one business date (the
calendar date in [till] time_zone), numbered per till, run once per day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common.domain.money import format_minor
from common.errors import ConfigError, InvalidInput

WIDTH = 40


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"[till] time_zone {name!r} is not a known time zone") from exc


def business_date(at_ms: int, tz: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(at_ms // 1000, tz).date().isoformat()


def day_bounds_ms(date_text: str, tz: ZoneInfo) -> tuple[int, int]:
    """[start, end) of a business date in epoch milliseconds."""
    try:
        day = dt.date.fromisoformat(date_text)
    except ValueError as exc:
        raise InvalidInput(f"business date must be YYYY-MM-DD, got {date_text!r}") from exc
    start = dt.datetime.combine(day, dt.time(), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


@dataclass
class TillTotals:
    sales_count: int = 0
    sales_minor: int = 0
    returns_count: int = 0
    returns_minor: int = 0
    discounts_minor: int = 0
    rounding_minor: int = 0
    tenders: dict[str, tuple[int, int]] = field(default_factory=dict)  # method -> (count, amount)
    cash_in_minor: int = 0
    cash_out_minor: int = 0
    float_minor: int = 0
    cash_refunds_minor: int = 0
    no_sale_count: int = 0
    void_count: int = 0

    @property
    def expected_cash_minor(self) -> int:
        cash_sales = self.tenders.get("cash", (0, 0))[1]
        return (
            self.float_minor
            + cash_sales
            - self.cash_refunds_minor
            + self.cash_in_minor
            - self.cash_out_minor
        )


@dataclass(frozen=True)
class TillReport:
    """An X report (read-only) or a Z report (numbered, journalled), with its printed text."""

    kind: str  # x, z
    number: int  # Z number per till; 0 for X
    business_date: str
    till_id: str
    cashier: str
    totals: TillTotals
    text: str

    @property
    def title(self) -> str:
        return f"Z report {self.number}" if self.kind == "z" else "X report"


def till_report(
    kind: str,
    number: int,
    date_text: str,
    till_id: str,
    cashier: str,
    totals: TillTotals,
    currency: str,
) -> TillReport:
    text = report_text(kind, number, date_text, till_id, cashier, totals, currency)
    return TillReport(kind, number, date_text, till_id, cashier, totals, text)


def _row(left: str, right: str) -> str:
    return f"{left}{' ' * max(1, WIDTH - len(left) - len(right))}{right}"


def report_text(
    kind: str,
    number: int,
    date_text: str,
    till_id: str,
    cashier: str,
    totals: TillTotals,
    currency: str,
) -> str:
    def m(v: int) -> str:
        return format_minor(v, currency)

    title = f"Z REPORT No. {number}" if kind == "z" else "X REPORT (shift so far)"
    out = [title, f"Till {till_id}  Cashier {cashier}  {date_text}", "-" * WIDTH]
    out.append(_row(f"Sales ({totals.sales_count})", m(totals.sales_minor)))
    out.append(_row(f"Returns ({totals.returns_count})", m(-totals.returns_minor)))
    out.append(_row("Discounts", m(totals.discounts_minor)))
    out.append(_row("Cash rounding", m(totals.rounding_minor)))
    for method, (count, amount) in sorted(totals.tenders.items()):
        out.append(_row(f"{method.upper()} ({count})", m(amount)))
    out.append(_row("Cash refunds", m(-totals.cash_refunds_minor)))
    out.append(_row("Float", m(totals.float_minor)))
    out.append(_row("Cash in", m(totals.cash_in_minor)))
    out.append(_row("Cash out", m(-totals.cash_out_minor)))
    out.append(_row("Expected cash", m(totals.expected_cash_minor)))
    out.append(_row("No-sales", str(totals.no_sale_count)))
    out.append(_row("Voids", str(totals.void_count)))
    return "\n".join(out) + "\n"


def close_text(
    kind: str,
    till_id: str,
    cashier: str,
    counted: list[tuple[int, int]],
    counted_minor: int,
    expected_minor: int,
    currency: str,
    next_cashier: str = "",
) -> str:
    def m(v: int) -> str:
        return format_minor(v, currency)

    out = [
        "SHIFT HANDOVER" if kind == "handover" else "SHIFT CLOSE",
        f"Till {till_id}  Cashier {cashier}",
        "-" * WIDTH,
    ]
    for denomination, count in counted:
        out.append(_row(f"  {m(denomination)} x {count}", m(denomination * count)))
    out.append(_row("Counted", m(counted_minor)))
    out.append(_row("Expected", m(expected_minor)))
    diff = counted_minor - expected_minor
    out.append(_row("Over" if diff > 0 else "Short" if diff < 0 else "Over/short", m(diff)))
    if next_cashier:
        out.append(f"Handed over to {next_cashier} with float {m(counted_minor)}")
    return "\n".join(out) + "\n"
