"""A count session's variance report as PDF: what the store manager signs before posting.

Both sides print it (`pos count report`, `hoctl count report`), so it takes
domain values only (common.domain.stocktake.SkuResult, a header, product
names) and imports nothing of head office or the store. One row per counted
SKU; gains (盘盈) and losses (盘亏) are totalled separately, then netted,
because a manager who sees only the net does not see a loss hidden by a gain;
then a signature block for who counted and who approved. Names are printed as
they are, made printable (common.text_safety.printable): a name holding a
control character or a bidi override cannot disguise a row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from common.cli.values import rfc3339
from common.domain.money import DEFAULT_CURRENCY, format_minor
from common.domain.stocktake import FULL, Scope, SkuResult, state_words, totals
from common.i18n import _
from common.reports.fonts import find_cjk_font, fit, new_pdf
from common.text_safety import printable

if TYPE_CHECKING:
    from fpdf import FPDF

# Column widths (mm) on landscape A4 with 10 mm margins; the first three align left.
WIDTHS = (32, 66, 45, 20, 20, 20, 30, 14, 30)
ROW_MM = 7


@dataclass(frozen=True)
class VarianceHeader:
    """What the report says about the session above the table."""

    session_id: str
    store_code: str
    title: str
    scope: Scope
    state: str  # one of common.domain.stocktake.STATES
    counted_by: tuple[str, ...]
    approved_by: tuple[str, ...] = ()
    currency: str = DEFAULT_CURRENCY
    printed_at_ms: int = 0  # 0: not shown


def scope_words(scope: Scope) -> str:
    """A session's scope as a line of the report: 'full count', 'category: DRINK, SNACK'."""
    if scope.kind == FULL:
        return _("full count")
    parts = scope.categories or scope.locations or scope.abc_classes
    if parts:
        return f"{scope.kind}: {', '.join(parts)}"
    return _("{kind}: {n} SKU(s)").format(kind=scope.kind, n=len(scope.skus))


def _locations(result: SkuResult) -> str:
    return ", ".join(f"{where or '-'}: {qty}" for where, qty in result.locations)


def variance_rows(
    found: Sequence[SkuResult], names: Mapping[str, str], currency: str
) -> list[tuple[str, ...]]:
    """The table's rows as text, in the order given (results() sorts them by SKU)."""
    return [
        (
            r.sku,
            printable(names.get(r.sku, "")),
            printable(_locations(r)),
            str(r.book_qty_base),
            str(r.counted_qty_base),
            f"{r.variance_qty_base:+d}" if r.variance_qty_base else "0",
            format_minor(r.value_minor, currency),
            r.abc_class,
            _("yes") if r.within_tolerance else _("no"),
        )
        for r in found
    ]


def variance_pdf(
    header: VarianceHeader,
    found: Sequence[SkuResult],
    names: Mapping[str, str],
    font: Callable[[], Path | None] = find_cjk_font,
) -> bytes:
    """The report on landscape A4 pages in the current language; `font` finds a CJK font,
    asked for only when some text is not Latin-1 (FontMissing when there is none)."""
    money = lambda minor: format_minor(minor, header.currency)  # noqa: E731
    t = totals(found)
    title = _("Count variance report {session}").format(session=header.session_id)
    head = [
        _("Store: {store}").format(store=header.store_code),
        _("Title: {title}").format(title=printable(header.title)),
        _("Scope: {scope}").format(scope=printable(scope_words(header.scope))),
        _("State: {state}").format(state=state_words(header.state)),
        _("SKUs counted: {n}, within tolerance: {within}").format(n=t.skus, within=t.within),
    ]
    if header.printed_at_ms:
        head.append(_("Printed: {at}").format(at=rfc3339(header.printed_at_ms)))
    columns = (
        _("SKU"), _("Name"), _("Location(s)"), _("Book"), _("Counted"), _("Difference"),
        _("Value"), _("Class"), _("Within tolerance"),
    )  # fmt: skip
    rows = variance_rows(found, names, header.currency)
    summary = [
        _("Gains: {qty} units, value {value}").format(qty=t.gain_qty_base, value=money(t.gain_minor)),
        _("Losses: {qty} units, value {value}").format(qty=t.loss_qty_base, value=money(t.loss_minor)),
        _("Net: {value} {currency}").format(value=money(t.net_minor), currency=header.currency),
    ]  # fmt: skip
    counted_by = printable(", ".join(header.counted_by))
    approved_by = printable(", ".join(header.approved_by))
    # (label, name printed, a line to sign on): the date is written by hand when signing.
    signature = [
        (_("Counted by"), counted_by, True),
        (_("Approved by"), approved_by, True),
        (_("Date"), "", False),
    ]
    texts = [title, *head, *columns, *(c for row in rows for c in row), *summary]
    texts += [label for label, _name, _signs in signature] + [counted_by, approved_by]
    texts.append(_("Signature"))
    pdf, family = new_pdf(texts, _("this variance report"), font(), orientation="landscape")
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(family, "B", 15)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    for text in head:
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table_header(pdf, family, columns)
    pdf.set_font(family, "", 9)
    for row in rows:
        if pdf.get_y() + ROW_MM > pdf.page_break_trigger:
            pdf.add_page()
            _table_header(pdf, family, columns)
            pdf.set_font(family, "", 9)
        for i, (width, text) in enumerate(zip(WIDTHS, row, strict=True)):
            pdf.cell(width, ROW_MM, fit(pdf, text, width), border=1, align="L" if i < 3 else "R")
        pdf.ln()
    pdf.ln(3)
    pdf.set_font(family, "B", 11)
    for text in summary:
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    _signature_block(pdf, family, signature)
    return bytes(pdf.output())


def _table_header(pdf: FPDF, family: str, columns: Sequence[str]) -> None:
    pdf.set_font(family, "B", 9)
    for i, (width, text) in enumerate(zip(WIDTHS, columns, strict=True)):
        pdf.cell(width, ROW_MM, fit(pdf, text, width), border=1, align="L" if i < 3 else "R")
    pdf.ln()


def _signature_block(pdf: FPDF, family: str, lines: Sequence[tuple[str, str, bool]]) -> None:
    """Who counted, who approved and the date, each with a line to sign on, kept on one page."""
    if pdf.get_y() + 12 * len(lines) + 6 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(family, "", 11)
    label_mm, name_mm, sign_mm = 40, 90, 90
    for label, name, signs in lines:
        pdf.cell(label_mm, 10, f"{label}:")
        pdf.cell(name_mm, 10, fit(pdf, name, name_mm), border="B")
        pdf.cell(10, 10, "")
        if signs:
            pdf.cell(25, 10, _("Signature") + ":")
            pdf.cell(sign_mm - 25, 10, "", border="B")
        pdf.ln(12)
