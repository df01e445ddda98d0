"""The renderer: rows and columns in; an aligned table, JSON or CSV out.

Rows are dicts of JSON values keyed by the field names of docs/output.md:
money in integer minor units beside the row's `currency`, quantities in integer
base units, times as RFC 3339 strings. A Column says how a field reads in a
table and a CSV file; JSON writes the rows as they are. Tables line up by
display width (Chinese characters take two columns) and pass every cell
through common.cli.cells.safe_text; only tables format money (12.34).

A table is for people, so its headings and yes/no are translated (common.i18n):
a Column's header is marked with N_() where it is defined, and a column without
one takes its field's heading from HEADINGS. CSV and JSON keep the field names.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal

from common.cli.cells import display_width, safe_text
from common.cli.values import money_text
from common.i18n import N_, _

Kind = Literal["text", "int", "money", "flag"]

# The heading of a column that names none, for people: its field's name in capitals
# (as a field not here reads), translated. Add a field here to give it a translation.
HEADINGS: dict[str, str] = {
    "sku": N_("SKU"),
    "name": N_("NAME"),
    "unit": N_("UNIT"),
    "state": N_("STATE"),
    "reason": N_("REASON"),
    "method": N_("METHOD"),
    "count": N_("COUNT"),
    "lines": N_("LINES"),
    "disposition": N_("DISPOSITION"),
    "field": N_("FIELD"),
    "journal_value": N_("JOURNAL VALUE"),
    "table_value": N_("TABLE VALUE"),
    "seq": N_("SEQ"),
    "sale_no": N_("SALE NO"),
    "return_no": N_("RETURN NO"),
    "po_id": N_("PO ID"),
    "transfer_id": N_("TRANSFER ID"),
    "write_off_id": N_("WRITE OFF ID"),
}


@dataclass(frozen=True)
class Column:
    """One field shown as a column: `key` in the row, a header, how the value reads.

    kind "int" (counts, quantities, sequence numbers) and "money" align right;
    "money" shows minor units as 12.34 in the row's currency in tables and stays
    an integer in CSV; "flag" shows yes/no (true/false in CSV). `show` turns a
    value that is not a plain one (a list of lines) into text for both.
    """

    key: str
    header: str = ""
    kind: Kind = "text"
    show: Callable[[Any], str] | None = None

    @property
    def title(self) -> str:
        """The heading in the current language."""
        heading = self.header or HEADINGS.get(self.key, "")
        return _(heading) if heading else self.key.upper().replace("_", " ")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return str(value)


def table_cell(column: Column, row: Mapping[str, Any], currency: str) -> str:
    value = row.get(column.key)
    if column.show is not None:
        text = column.show(value)
    elif value is None:
        text = "-"
    elif column.kind == "money":
        text = money_text(value, row.get("currency") or currency)
    elif column.kind == "flag":
        text = _("yes") if value else _("no")
    else:
        text = _plain(value)
    return safe_text(text)


def align(headers: Sequence[str], cells: Sequence[Sequence[str]], right: set[int]) -> str:
    """Already-safe cells padded to each column's widest, by display width; a rule under the headers."""
    widths = [display_width(h) for h in headers]
    measured = [[display_width(c) for c in row] for row in cells]
    for row in measured:
        for i, width in enumerate(row):
            widths[i] = max(widths[i], width)

    def line(texts: Sequence[str], sizes: Sequence[int]) -> str:
        parts = []
        for i, (text, size) in enumerate(zip(texts, sizes, strict=True)):
            pad = " " * (widths[i] - size)
            parts.append(pad + text if i in right else text + pad)
        return "  ".join(parts).rstrip()

    rule = ["-" * w for w in widths]
    return "\n".join(
        [
            line(headers, [display_width(h) for h in headers]),
            line(rule, widths),
            *(line(row, sizes) for row, sizes in zip(cells, measured, strict=True)),
        ]
    )


def table(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], currency: str = "") -> str:
    """Rows as an aligned table; money in the row's currency (or `currency`)."""
    headers = [safe_text(c.title) for c in columns]
    cells = [[table_cell(c, row, currency) for c in columns] for row in rows]
    right = {i for i, c in enumerate(columns) if c.kind in ("int", "money")}
    return align(headers, cells, right)


def csv_value(column: Column, row: Mapping[str, Any]) -> str | int | bool | None:
    """A field's value as the CSV writer takes it (common.spreadsheets.cell makes it safe)."""
    value = row.get(column.key)
    if column.show is not None and value is not None:
        return column.show(value)
    if value is None or isinstance(value, str | int):  # bool is an int
        return value
    return _plain(value)


def csv_text(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as CSV under a header of field names; integers stay integers (minor and base units).

    Written by the one spreadsheet writer (common.spreadsheets): no cell starts a formula
    or holds a control character. A CSV with money ends with a `currency` column, as JSON
    names the currency beside it.
    """
    from common import spreadsheets  # its zip and CSV modules: only a CSV needs them

    keys = {c.key for c in columns}
    if "currency" not in keys and any(c.kind == "money" for c in columns):
        columns = [*columns, Column("currency")]
    header: list[str | int | bool | None] = [c.key for c in columns]
    body = [[csv_value(c, row) for c in columns] for row in rows]
    return spreadsheets.csv_text([header, *body]).rstrip("\n")


def _check_no_floats(value: Any, where: str = "$") -> None:
    """JSON output never holds a float (invariant 4): a float here is a bug in a command."""
    if not _holds_float(value):
        return
    _say_where_the_float_is(value, where)


def _holds_float(value: Any) -> bool:
    """Whether a float is anywhere in value, looked at level by level: the types of a whole
    level (a listing's 10,000 rows, then all their fields) are taken in one pass in C,
    where a walk calling itself per row and field cost a third of json.dumps. Each dict
    or list is opened once, so a cycle ends (json.dumps then refuses it)."""
    opened: set[int] = set()
    level = [value]
    while level:
        kinds = set(map(type, level))
        if float in kinds:
            return True
        if dict not in kinds and list not in kinds:
            return False
        unseen = [v for v in level if type(v) in _CONTAINERS and id(v) not in opened]
        opened.update(map(id, unseen))
        level = [*chain.from_iterable(v.values() if type(v) is dict else v for v in unseen)]
    return False


def _say_where_the_float_is(value: Any, where: str) -> None:
    kind = type(value)
    if kind is float:
        raise TypeError(f"JSON output holds a float at {where}: {value!r}")
    if kind is dict:
        for key, item in value.items():
            if type(item) in _NESTED:
                _say_where_the_float_is(item, f"{where}.{key}")
    elif kind is list:
        for i, item in enumerate(value):
            if type(item) in _NESTED:
                _say_where_the_float_is(item, f"{where}[{i}]")


_NESTED = frozenset({dict, list, float})
_CONTAINERS = frozenset({dict, list})


def json_text(value: Any) -> str:
    """One JSON document on one line (json's C encoder: fast on 10,000 rows); UTF-8 kept."""
    _check_no_floats(value)
    return json.dumps(value, ensure_ascii=False)
