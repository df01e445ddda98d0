"""Accuracy and shrink over time as a PNG chart, and as one self-contained HTML page.

Two lines a chain owner reads at a glance, period by period: the share of
counted SKUs found within tolerance per store, and the value lost as a share of
sales. The chart draws what the report holds period by period (at most
MAX_LINES stores: with more, the report holds the stores with the lowest
accuracy over the whole report, they need the attention, and the rest added up
as one line, accuracy.shown_stores); the chain is a dashed line whenever there
are several stores. The figures stay integers
(headoffice.domain.accuracy); they become fractions only as coordinates to
draw.

The page is one file to mail or open from a USB stick: the PNG inlined as
base64 and the figures as plain tables, no script, no style sheet or font from
elsewhere, every text HTML-escaped (a store or product name is data, never
markup).

Chinese labels need a CJK font: the one common.reports.fonts finds (as PDFs
do). Without one the chart is drawn with its labels in English rather than as
empty boxes; the page's tables stay in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common.domain.money import DEFAULT_CURRENCY, format_minor
from common.domain.stocktake import CLASSES
from common.i18n import DEFAULT_LANGUAGE, _, use_language
from common.reports.fonts import find_cjk_font, latin1
from common.text_safety import printable
from headoffice.domain.accuracy import (
    CHAIN,
    DAY,
    MAX_SHOWN,
    MONTH,
    OTHERS,
    AccuracyReport,
    Figures,
    Loss,
    bp_text,
)
from headoffice.reports.chart_kit import (
    chart_style,
    heading,
    html_table,
    new_figure,
    page,
    png_of,
)

MAX_LINES = MAX_SHOWN  # store lines, the others' included; more and the chart is a tangle
SIZE_IN = (10.0, 7.5)


@dataclass(frozen=True)
class Line:
    """One line of the chart: a store, the chain or the others, value by value per period."""

    label: str
    accuracy_bp: tuple[int | None, ...]
    shrink_sales_bp: tuple[int | None, ...]
    chain: bool = False
    others: bool = False


def chart_lines(report: AccuracyReport) -> list[Line]:
    """The lines to draw, in legend order: stores by code, then the others, then the chain."""
    labels = report.period_labels()
    lines = [_line(report, labels, code, printable(code)) for code in report.shown_codes()]
    others = report.others_count()
    if others:
        line = _line(report, labels, OTHERS, _("{n} other stores").format(n=others))
        lines.append(Line(line.label, line.accuracy_bp, line.shrink_sales_bp, others=True))
    if len(report.stores) > 1:
        lines.append(_line(report, labels, CHAIN, _("Chain"), chain=True))
    return lines


def _line(
    report: AccuracyReport, labels: Sequence[str], store: str, label: str, chain: bool = False
) -> Line:
    by_period = {f.period: f for f in report.series(store)}
    figs = [by_period.get(p) for p in labels]
    return Line(
        label,
        tuple(f.accuracy_bp if f else None for f in figs),
        tuple(f.shrink_sales_bp if f else None for f in figs),
        chain,
    )


def _period_words(bucket: str) -> str:
    return {DAY: _("Day"), MONTH: _("Month")}.get(bucket, _("ISO week"))


def _chart_texts(report: AccuracyReport, lines: Sequence[Line]) -> dict[str, str]:
    return {
        "title": _("Inventory record accuracy and shrink"),
        "accuracy": _("Accuracy: SKUs counted within tolerance"),
        "shrink": _("Shrink: losses as a share of sales"),
        "x": _period_words(report.bucket),
        "none": _("No posted counts in this period"),
        **{f"line{i}": line.label for i, line in enumerate(lines)},
    }


def accuracy_png(
    report: AccuracyReport,
    font: Callable[[], Path | None] = find_cjk_font,
) -> bytes:
    """The chart as PNG bytes (1100 x 825 pixels), labels in the current language."""
    lines = chart_lines(report)
    texts = _chart_texts(report, lines)
    cjk = None if latin1(texts.values()) else font()
    if cjk is None and not latin1(texts.values()):
        # No font draws these labels: English ones rather than empty boxes.
        with use_language(DEFAULT_LANGUAGE):
            lines = chart_lines(report)
            texts = _chart_texts(report, lines)
    return _draw(report.period_labels(), lines, texts, cjk)


def _draw(
    labels: Sequence[str], lines: Sequence[Line], texts: dict[str, str], cjk: Path | None
) -> bytes:
    import matplotlib
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    with chart_style(cjk):
        fig = new_figure(SIZE_IN)
        # CJK fonts rarely ship a bold face: matplotlib would warn and draw it regular.
        fig.suptitle(texts["title"], fontsize=15, fontweight="normal" if cjk else "bold")
        top, bottom = fig.subplots(2, 1, sharex=True)
        xs = list(range(len(labels)))
        # tab10 without its grey, which is the others' line: nine store colours, as many as
        # stores are drawn next to the others.
        tab10 = matplotlib.colormaps["tab10"]
        palette = [tab10(i) for i in range(10) if i != 7]
        for n, line in enumerate(lines):
            look: dict[str, object]
            if line.chain:
                look = {"color": "black", "linestyle": "--", "linewidth": 2.2}
            elif line.others:
                look = {"color": "grey", "linestyle": ":", "linewidth": 1.8}
            else:
                look = {"color": palette[n % len(palette)], "linewidth": 1.6}
            label = texts[f"line{n}"]
            for axes, values in ((top, line.accuracy_bp), (bottom, line.shrink_sales_bp)):
                ys = [float("nan") if v is None else v / 100 for v in values]  # drawing only
                axes.plot(xs, ys, marker="o", markersize=4, label=label, **look)
        top.set_title(texts["accuracy"], loc="left")
        bottom.set_title(texts["shrink"], loc="left")
        top.set_ylim(_accuracy_floor(lines), 101)
        bottom.set_ylim(bottom=0)
        for axes in (top, bottom):
            axes.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=None))
            axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        bottom.set_xlabel(texts["x"])
        if labels:
            step = max(1, len(labels) // 12)  # at most about a dozen period labels
            bottom.set_xticks(xs[::step], [labels[i] for i in xs[::step]], rotation=30, ha="right")
        else:
            top.text(0.5, 0.5, texts["none"], ha="center", va="center", transform=top.transAxes)
        if len(lines) > 1:
            top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        return png_of(fig)


def _accuracy_floor(lines: Sequence[Line]) -> int:
    """Where the accuracy axis starts: 10 points below the lowest value, in tens, at least 0,
    so a chain between 90 % and 99 % does not look flat against a 0-100 axis."""
    values = [v for line in lines for v in line.accuracy_bp if v is not None]
    if not values:
        return 0
    return max(0, (min(values) // 100 - 10) // 10 * 10)


# -- the page ------------------------------------------------------------------------------
_table = html_table
_heading = heading


def _figure_row(f: Figures, money: Callable[[int], str], first: Sequence[str]) -> list[str]:
    sales = "-" if f.sales_minor is None else money(f.sales_minor)
    return [
        *first,
        str(f.accuracy.counted),
        str(f.accuracy.within),
        bp_text(f.accuracy_bp),
        *(bp_text(f.class_bp(c)) for c in CLASSES),
        money(f.loss_minor),
        money(f.gain_minor),
        money(f.net_minor),
        sales,
        bp_text(f.shrink_sales_bp),
    ]


def _figure_headers() -> list[str]:
    return [
        _("SKUs counted"),
        _("Within tolerance"),
        _("Accuracy"),
        *(_("Class {abc}").format(abc=c) for c in CLASSES),
        _("Losses"),
        _("Gains"),
        _("Net"),
        _("Sales"),
        _("Shrink of sales"),
    ]


def _store_words(code: str, others: int = 0) -> str:
    if code == OTHERS:
        return _("{n} other stores").format(n=others)
    return _("Chain") if code == CHAIN else code


def _loss_rows(losses: Sequence[Loss], money: Callable[[int], str]) -> list[list[str]]:
    return [[x.key, money(x.loss_minor), str(x.counts)] for x in losses]


def accuracy_html(
    report: AccuracyReport,
    currency: str = DEFAULT_CURRENCY,
    png: bytes | None = None,
    font: Callable[[], Path | None] = find_cjk_font,
) -> str:
    """One HTML page: the chart (accuracy_png, or `png` if given) inlined, then the figures."""
    image = accuracy_png(report, font) if png is None else png
    money = lambda minor: format_minor(minor, currency)  # noqa: E731
    title = _("Inventory record accuracy and shrink")
    whole = [report.chain, *report.stores]
    others = report.others_count()
    summary = [_figure_row(f, money, [_store_words(f.store_code)]) for f in whole]
    periods = [
        _figure_row(f, money, [f.period, _store_words(f.store_code, others)])
        for f in report.periods
    ]
    loss_headers = [_("Lost value"), _("Counts")]
    note = _("Amounts in {currency}; a share is rounded down.").format(currency=currency)
    by_period = _("By {period}").format(period=_period_words(report.bucket))
    sections = [
        _heading(_("Whole period")),
        _table([_("Store"), *_figure_headers()], summary, 1),
        _heading(by_period),
        _table([_period_words(report.bucket), _("Store"), *_figure_headers()], periods, 2),
        _heading(_("Largest losses by SKU")),
        _table([_("SKU"), *loss_headers], _loss_rows(report.chain.top_skus, money), 1),
        _heading(_("Largest losses by category")),
        _table([_("Category"), *loss_headers], _loss_rows(report.chain.top_categories, money), 1),
    ]
    return page(title, note, image, sections)
