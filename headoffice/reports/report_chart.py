"""Any report (domain/report_document.Report) as a bar chart PNG and one HTML page.

The chart shows the report's rows by its chart value, at most MAX_BARS of them
(the largest; a time series by day or hour keeps its order instead), money drawn
in major units and shares in percent. The page holds the chart inlined and every
row as a table, built with chart_kit as the accuracy page is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.domain.money import format_minor
from common.i18n import DEFAULT_LANGUAGE, _, use_language
from common.reports.fonts import find_cjk_font, latin1
from common.text_safety import printable
from headoffice.domain.report_document import Report
from headoffice.reports.chart_kit import (
    chart_style,
    heading,
    html_table,
    new_figure,
    page,
    png_of,
)

MAX_BARS = 25
SIZE_IN = (10.0, 6.5)
SERIES = ("day", "hour")


def _titles() -> dict[str, str]:
    return {
        "sales": _("Sales"),
        "margin": _("Gross margin at moving-average cost"),
        "cashiers": _("Sales by cashier"),
        "turnover": _("Stock turnover days"),
        "shrink": _("Shrink: count losses and write-offs"),
        "slow-movers": _("Slow movers: value tied up"),
        "no-sale": _("Stock with no sale"),
        "near-expiry": _("Near expiry: value left in lots"),
        "suppliers": _("Suppliers: fill rate of the orders sent"),
    }


def title_of(report: Report) -> str:
    return _titles().get(report.name, report.name)


def _bars(report: Report) -> list[tuple[str, int]]:
    rows = [r for r in report.rows if isinstance(r.get(report.chart_value), int)]
    label: Callable[[dict[str, Any]], str] = lambda r: printable(str(r[report.chart_key]))  # noqa: E731
    if report.name in ("slow-movers", "no-sale", "near-expiry", "cashiers"):
        label = lambda r: printable(f"{r['store']} {r.get('sku', r.get('staff_code', ''))}")  # noqa: E731
    bars = [(label(r), int(r[report.chart_value])) for r in rows]
    if report.by in SERIES and report.chart_key in SERIES:
        return bars[-MAX_BARS * 4 :]
    return sorted(bars, key=lambda b: -b[1])[:MAX_BARS]


def _value_words(report: Report) -> str:
    field = report.chart_value
    if field.endswith("_minor"):
        return _("Amount ({currency})").format(currency=report.currency)
    if field.endswith("_days"):
        return _("Days")
    if field.endswith("_bp"):
        return _("Basis points")
    return field


def report_png(report: Report, font: Callable[[], Path | None] = find_cjk_font) -> bytes:
    """The chart as PNG bytes (1100 x 715 pixels), labels in the current language."""
    bars = _bars(report)
    texts = [title_of(report), _value_words(report), *(b[0] for b in bars)]
    cjk = None if latin1(texts) else font()
    if cjk is None and not latin1(texts):
        with use_language(DEFAULT_LANGUAGE):  # no font draws them: English, not boxes
            return _draw(report, bars, title_of(report), _value_words(report), None)
    return _draw(report, bars, title_of(report), _value_words(report), cjk)


def _draw(
    report: Report, bars: list[tuple[str, int]], title: str, value: str, cjk: Path | None
) -> bytes:
    money = report.chart_value.endswith("_minor")
    with chart_style(cjk):
        fig = new_figure(SIZE_IN)
        fig.suptitle(title, fontsize=15, fontweight="normal" if cjk else "bold")
        axes = fig.subplots(1, 1)
        # Money drawn in major units: coordinates only, the figures stay integers.
        ys = [v / 100 if money else v for _label, v in bars]
        names = [b[0] for b in bars]
        if report.by in SERIES and report.chart_key in SERIES:
            axes.bar(range(len(ys)), ys, color="tab:blue")
            step = max(1, len(names) // 15)
            axes.set_xticks(range(0, len(names), step), names[::step], rotation=30, ha="right")
            axes.set_ylabel(value)
        else:
            axes.barh(range(len(ys)), ys, color="tab:blue")
            axes.set_yticks(range(len(names)), names)
            axes.invert_yaxis()
            axes.set_xlabel(value)
        if not bars:
            axes.text(0.5, 0.5, _("Nothing in this period"), ha="center", va="center",
                      transform=axes.transAxes)  # fmt: skip
        return png_of(fig)


def _cell(field: str, value: Any, currency: str) -> str:
    if value is None:
        return "-"
    if field.endswith("_minor") and isinstance(value, int):
        return format_minor(value, currency)
    if field.endswith("_bp") and isinstance(value, int):
        return (
            f"{value // 100}.{value % 100:02d} %"
            if value >= 0
            else f"-{-value // 100}.{-value % 100:02d} %"
        )
    return str(value)


def report_html(report: Report, png: bytes | None = None) -> str:
    """One HTML page: the chart (report_png, or `png` if given) inlined, then every row."""
    image = report_png(report) if png is None else png
    fields = list(report.rows[0]) if report.rows else []
    rows = [[_cell(f, r[f], report.currency) for f in fields] for r in report.rows]
    first_number = next(
        (i for i, f in enumerate(fields) if isinstance(report.rows[0][f], int)), len(fields)
    ) if report.rows else 0  # fmt: skip
    note = _("{first} to {last}; amounts in {currency}; a share is rounded down.").format(
        first=report.period.first_text, last=report.period.last_text, currency=report.currency
    )
    sections = [heading(title_of(report)), html_table(fields, rows, first_number)]
    for name in ("top_sellers", "trends"):
        extra = report.extra.get(name)
        if extra:
            keys = list(extra[0])
            sections.append(heading(name.replace("_", " ")))
            sections.append(
                html_table(
                    keys, [[_cell(k, x[k], report.currency) for k in keys] for x in extra], 1
                )
            )
    return page(title_of(report), note, image, sections)
