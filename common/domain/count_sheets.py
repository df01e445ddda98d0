"""Count sheets: what to count, shelf by shelf, and a filled count file read back.

A count sheet lists a session's SKUs grouped by shelf location for people
counting on paper or on a handheld (common.reports.count_sheet prints it as
CSV and PDF). A handheld's export, or the sheet's CSV filled in, comes back as
a count file: columns `sku` or `barcode`, `qty` (or the sheet's own `counted`),
and optionally `location` and `counter`. Reading the file (UTF-8 or GBK, commas
or tabs) is common.reports.count_sheet.parse_count_file's; the rules for its
lines are here, with no I/O (count_lines).

A count file is taken whole or not at all: every line is checked and every bad
line is named with its line number in one CountFileRefused, so the person
fixing the file fixes it once, and no half of a file is ever counted. A
quantity is a whole number of base units, zero or more: pieces, or grams for a
weighed product (still a whole number: 1.5 is refused as grams as it is as
pieces), at most common.domain.limits.MAX_QTY_BASE. A SKU counted twice at the
same location is refused: a second line there is a mistake or a double export,
and the count would silently double.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from common.domain.limits import MAX_QTY_BASE
from common.domain.stocktake import MAX_LOCATION_CHARS
from common.domain.units import unit_words
from common.errors import InvalidInput
from common.i18n import _, ngettext
from common.text_safety import from_spreadsheet_cell, printable

SHEET_COLUMNS = ("location", "sku", "barcode", "name", "unit", "counted")
QTY_COLUMNS = ("qty", "counted")  # a handheld's export; the count sheet filled in
CODE_COLUMNS = ("sku", "barcode")
MAX_COUNTER_CHARS = 100

_WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits only


@dataclass(frozen=True)
class SheetItem:
    """One SKU to count at one shelf location (a SKU on two shelves is two items)."""

    location: str
    sku: str
    barcode: str
    name: str
    unit: str  # a base unit: piece, g, ml


@dataclass(frozen=True)
class Known:
    """What the lookup says about a code in a count file: the SKU and its base unit."""

    sku: str
    unit: str


# lookup(column, code): column is "sku" or "barcode"; None when the code is unknown.
Lookup = Callable[[str, str], Known | None]


@dataclass(frozen=True)
class ImportedLine:
    line_no: int
    sku: str
    qty_base: int
    location: str = ""
    counter: str = ""


class CountFileRefused(InvalidInput):
    """A count file with bad lines; `problems` holds (line number, sentence) for each."""

    def __init__(self, message: str, problems: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def by_location(items: Iterable[SheetItem]) -> list[tuple[str, list[SheetItem]]]:
    """The items grouped by location (locations in order, no location last), each by SKU."""
    groups: dict[str, list[SheetItem]] = {}
    for item in items:
        groups.setdefault(item.location, []).append(item)
    order = sorted(groups, key=lambda where: (where == "", where))
    return [(where, sorted(groups[where], key=lambda i: (i.sku, i.barcode))) for where in order]


def sheet_rows(items: Iterable[SheetItem]) -> list[list[str]]:
    """The sheet as rows, header first (SHEET_COLUMNS), the counted column left blank."""
    rows = [list(SHEET_COLUMNS)]
    for where, group in by_location(items):
        rows.extend([where, i.sku, i.barcode, i.name, i.unit, ""] for i in group)
    return rows


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return str(from_spreadsheet_cell(cells[index].strip()))


def _quantity(text: str, unit: str) -> tuple[int | None, str]:
    """The quantity, or None and the sentence why not."""
    if not text:
        return None, _("no quantity")
    if not _WHOLE.fullmatch(text):
        return None, _("quantity {text} is not a whole number of {unit}").format(
            text=repr(text), unit=unit_words(unit)
        )
    qty = int(text)
    if qty < 0:
        return None, _("quantity {qty} is negative").format(qty=qty)
    if qty > MAX_QTY_BASE:
        return None, _("quantity {qty} is over the limit of {limit}").format(
            qty=qty, limit=MAX_QTY_BASE
        )
    return qty, ""


def _text_problem(field: str, text: str, limit: int) -> str:
    if len(text) > limit:
        return _("{field} is longer than {limit} characters").format(field=field, limit=limit)
    if printable(text) != text:
        return _("{field} contains an invisible or control character").format(field=field)
    return ""


def count_lines(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], lookup: Lookup
) -> list[ImportedLine]:
    """Every counted line of a count file split into cells (common.reports.count_sheet reads
    the file), in file order, or CountFileRefused naming every bad line. `header` is line 1;
    `rows` are (line number, cells). `lookup(column, code)` resolves a `sku` or `barcode`
    cell to a Known SKU."""
    header = [str(from_spreadsheet_cell(c.strip())).lower() for c in header]
    column = {name: header.index(name) for name in header if name}
    code_cols = [c for c in CODE_COLUMNS if c in column]
    qty_col = next((c for c in QTY_COLUMNS if c in column), None)
    missing = [w for w, ok in ((" / ".join(CODE_COLUMNS), code_cols), ("qty", qty_col)) if not ok]
    if missing or qty_col is None:
        raise CountFileRefused(
            _("line 1 of the count file has no column {columns}; its columns are {found}").format(
                columns=", ".join(missing), found=", ".join(header) or "-"
            ),
            [(1, ", ".join(missing))],
        )
    # The count sheet's own CSV filled in: a SKU left blank there was not counted here.
    blank_is_skipped = qty_col == "counted"

    problems: list[tuple[int, str]] = []
    parsed: list[ImportedLine] = []
    seen: dict[tuple[str, str], int] = {}
    for line_no, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        qty_text = _cell(cells, column[qty_col])
        if blank_is_skipped and not qty_text:
            continue
        if len(cells) <= column[qty_col]:
            problems.append(
                (line_no, _("has {n} column(s), fewer than the header").format(n=len(cells)))
            )
            continue
        # A SKU if the line has one, else its barcode (a handheld fills whichever it scanned).
        code_col, code = next(
            ((c, _cell(cells, column[c])) for c in code_cols if _cell(cells, column[c])),
            (code_cols[0], ""),
        )
        location = _cell(cells, column.get("location"))
        counter = _cell(cells, column.get("counter"))
        why = [
            p
            for p in (
                _text_problem(_("the location"), location, MAX_LOCATION_CHARS),
                _text_problem(_("the counter"), counter, MAX_COUNTER_CHARS),
            )
            if p
        ]
        known = lookup(code_col, code) if code else None
        if not code:
            why.append(_("no {column}").format(column=" / ".join(code_cols)))
        elif known is None:
            why.append(_("unknown {column} {code}").format(column=code_col, code=repr(code)))
        qty, qty_why = _quantity(qty_text, known.unit if known else "piece")
        if qty_why:
            why.append(qty_why)
        if known is not None:
            first = seen.setdefault((known.sku, location), line_no)
            if first != line_no:
                why.append(
                    _("{sku} at location {location} is on line {first} already").format(
                        sku=known.sku, location=repr(location), first=first
                    )
                )
        if why:
            problems.append((line_no, "; ".join(why)))
        elif known is not None and qty is not None:
            parsed.append(ImportedLine(line_no, known.sku, qty, location, counter))
    if problems:
        raise CountFileRefused(_refusal(problems), problems)
    return parsed


def _refusal(problems: Sequence[tuple[int, str]]) -> str:
    head = ngettext(
        "the count file has {n} bad line and nothing was imported:",
        "the count file has {n} bad lines and nothing was imported:",
        len(problems),
    ).format(n=len(problems))
    body = [
        _("line {line_no}: {problem}").format(line_no=line_no, problem=problem)
        for line_no, problem in problems
    ]
    return "\n".join([head, *body])
