"""X and Z reports: a till's totals, and business dates in the store's time zone.

An X report is read-only: the totals of the till's current shift, as often as
wanted. A Z report is the day's totals for one till and one business date (the
calendar date in [till] time_zone), numbered per till, run once per day.

A report's text is written in the current language (the till's, else the
store's), amounts as ¥12.34, lined up by character cells (a Chinese word
takes two per character), like a receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common.errors import ConfigError, InvalidInput
from common.i18n import N_, Phrase, _, display_amount
from edge_agent.domain.receipt_layout import method_word
from edge_agent.domain.text_columns import pair

WIDTH = 40


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            _("[till] time_zone {zone} is not a known time zone").format(zone=repr(name))
        ) from exc


def business_date(at_ms: int, tz: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(at_ms // 1000, tz).date().isoformat()


def day_bounds_ms(date_text: str, tz: ZoneInfo) -> tuple[int, int]:
    """[start, end) of a business date in epoch milliseconds."""
    try:
        day = dt.date.fromisoformat(date_text)
    except ValueError as exc:
        raise InvalidInput(
            _("business date must be YYYY-MM-DD, got {text}").format(text=repr(date_text))
        ) from exc
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
    # Money taken at the member desk (top-ups, cards sold): method -> (count, amount).
    member_desk: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def member_desk_count(self) -> int:
        return sum(n for n, _amount in self.member_desk.values())

    @property
    def expected_cash_minor(self) -> int:
        cash_sales = self.tenders.get("cash", (0, 0))[1]
        return (
            self.float_minor
            + cash_sales
            + self.member_desk.get("cash", (0, 0))[1]
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
        """The report's name in the current language, as a title."""
        if self.kind == "z":
            return _("Z report {number}").format(number=self.number)
        return _("X report")

    @property
    def what(self) -> Phrase:
        """The report as a sentence names it ('the Z report 3'), said when it is shown."""
        if self.kind == "z":
            return Phrase(N_("the Z report {number}"), number=self.number)
        return Phrase(N_("the X report"))


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
    return pair(left, right, WIDTH)


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
        return display_amount(v, currency)

    if kind == "z":
        title = _("Z REPORT No. {number}").format(number=number)
    else:
        title = _("X REPORT (shift so far)")
    heading = _("Till {till}  Cashier {cashier}  {date}").format(
        till=till_id, cashier=cashier, date=date_text
    )
    out = [title, heading, "-" * WIDTH]
    sales = _("Sales ({count})").format(count=totals.sales_count)
    returns = _("Returns ({count})").format(count=totals.returns_count)
    out.append(_row(sales, m(totals.sales_minor)))
    out.append(_row(returns, m(-totals.returns_minor)))
    out.append(_row(_("Discounts"), m(totals.discounts_minor)))
    out.append(_row(_("Cash rounding"), m(totals.rounding_minor)))
    for method, (count, amount) in sorted(totals.tenders.items()):
        label = _("{method} ({count})").format(method=method_word(method), count=count)
        out.append(_row(label, m(amount)))
    for method, (count, amount) in sorted(totals.member_desk.items()):
        label = _("Member desk {method} ({count})").format(method=method_word(method), count=count)
        out.append(_row(label, m(amount)))
    out.append(_row(_("Cash refunds"), m(-totals.cash_refunds_minor)))
    out.append(_row(_("Float"), m(totals.float_minor)))
    out.append(_row(_("Cash in"), m(totals.cash_in_minor)))
    out.append(_row(_("Cash out"), m(-totals.cash_out_minor)))
    out.append(_row(_("Expected cash"), m(totals.expected_cash_minor)))
    out.append(_row(_("No-sales"), str(totals.no_sale_count)))
    out.append(_row(_("Voids"), str(totals.void_count)))
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
        return display_amount(v, currency)

    out = [
        _("SHIFT HANDOVER") if kind == "handover" else _("SHIFT CLOSE"),
        _("Till {till}  Cashier {cashier}").format(till=till_id, cashier=cashier),
        "-" * WIDTH,
    ]
    for denomination, count in counted:
        out.append(_row(f"  {m(denomination)} x {count}", m(denomination * count)))
    out.append(_row(_("Counted"), m(counted_minor)))
    out.append(_row(_("Expected"), m(expected_minor)))
    diff = counted_minor - expected_minor
    verdict = _("Over") if diff > 0 else _("Short") if diff < 0 else _("Over/short")
    out.append(_row(verdict, m(diff)))
    if next_cashier:
        out.append(
            _("Handed over to {cashier} with float {amount}").format(
                cashier=next_cashier, amount=m(counted_minor)
            )
        )
    return "\n".join(out) + "\n"
