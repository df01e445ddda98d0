"""Does the ledger agree with itself? The sale journal against the sales tables, levels
against movements.

Every sale is written twice in one transaction: as its journal entry (what head
office receives) and as rows of the `sales`, `sale_lines` and `tenders` tables
(what the till's reports and returns read); every stock level is the sum of its
movements (invariant 1). These rules compare them and name each difference:
where (store, journal seq, sale number), which field, and both values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from common.domain.entry_chain import chain_hash
from common.i18n import _
from edge_agent.domain.sale_record import RecordedSale

MISSING = "(missing)"


@dataclass(frozen=True)
class SaleRows:
    """A sale as the sales tables hold it, with the columns the journal body has not."""

    seq: int
    sale: RecordedSale
    change_minor: int
    discount_minor: int


Value = int | str
ENTRY_HASH = "entry_hash"


@dataclass(frozen=True)
class Mismatch:
    store: str
    seq: int  # the journal entry (0 for a stock level)
    sale_no: int  # 0 for a stock level
    field: str  # e.g. total_minor, line 2.amount_minor, stock_level
    journal_value: Value  # for a stock level: the sum of its movements
    table_value: Value  # for a stock level: the level
    sku: str = ""  # a stock level's SKU


# A line's offers' words live in its journal entry only (the table keeps the line's share).
# Kept by the journal entry only (no column in the tables): a line's offers, a member
# tender's authorisation key, offline flag and points.
_JOURNAL_ONLY = frozenset({"offers", "authorisation_key", "offline", "points"})
_SALE_FIELDS = ("sale_no", "till_id", "cashier", "currency", "total_minor", "rounding_minor",
                "shift_id")  # fmt: skip


def _differences(prefix: str, journal: object, table: object) -> Iterable[tuple[str, Value, Value]]:
    for f in fields(journal):  # type: ignore[arg-type]
        if f.name in _JOURNAL_ONLY:
            continue
        a, b = getattr(journal, f.name), getattr(table, f.name)
        if a != b:
            yield f"{prefix}.{f.name}", a, b


def compare_sale(store: str, seq: int, journal: RecordedSale, rows: SaleRows) -> list[Mismatch]:
    """Every field where the sale's journal body and its table rows disagree."""
    table = rows.sale
    found: list[tuple[str, Value, Value]] = []
    if rows.seq != seq:
        found.append(("seq", seq, rows.seq))
    for name in _SALE_FIELDS:
        a, b = getattr(journal, name), getattr(table, name)
        if a != b:
            found.append((name, a, b))
    if journal.change_minor != rows.change_minor:
        found.append(("change_minor", journal.change_minor, rows.change_minor))
    if journal.discount_minor != rows.discount_minor:
        found.append(("discount_minor", journal.discount_minor, rows.discount_minor))
    for kind, ours, theirs in (
        ("line", journal.lines, table.lines),
        ("tender", journal.tenders, table.tenders),
    ):
        for n in range(max(len(ours), len(theirs))):
            where = f"{kind} {n + 1}"
            if n >= len(theirs):
                found.append((where, "present", MISSING))
            elif n >= len(ours):
                found.append((where, MISSING, "present"))
            else:
                found.extend(_differences(where, ours[n], theirs[n]))
    return [Mismatch(store, seq, journal.sale_no, f, a, b) for f, a, b in found]


def compare_sales(
    store: str,
    journal_sales: Iterable[tuple[int, RecordedSale]],
    table_sales: Mapping[str, SaleRows],
) -> list[Mismatch]:
    """Each journal sale against its rows; rows no journal entry has are named too."""
    out: list[Mismatch] = []
    seen: set[str] = set()
    for seq, sale in journal_sales:
        seen.add(sale.sale_id)
        rows = table_sales.get(sale.sale_id)
        if rows is None:
            out.append(Mismatch(store, seq, sale.sale_no, "sale", sale.sale_id, MISSING))
            continue
        out.extend(compare_sale(store, seq, sale, rows))
    for sale_id, rows in table_sales.items():
        if sale_id not in seen:
            out.append(Mismatch(store, rows.seq, rows.sale.sale_no, "sale", MISSING, sale_id))
    return out


def compare_levels(
    store: str, levels: Iterable[tuple[str, int]], movement_sums: Iterable[tuple[str, int]]
) -> list[Mismatch]:
    """Every SKU whose level is not the sum of its movements (a missing level counts as 0)."""
    level_of = dict(levels)
    sum_of = dict(movement_sums)
    return [
        Mismatch(store, 0, 0, "stock_level", sum_of.get(sku, 0), level_of.get(sku, 0), sku)
        for sku in sorted(set(level_of) | set(sum_of))
        if level_of.get(sku, 0) != sum_of.get(sku, 0)
    ]


def compare_chain(store: str, entries: Iterable[tuple[int, bytes, bytes]]) -> list[Mismatch]:
    """The first journal entry (seq, bytes, hash) whose hash does not follow from the entries
    before it (common.domain.entry_chain): an entry changed after it was written. Only the
    first is named; every later hash follows from it."""
    previous = b""
    for seq, payload, stored in entries:
        expected = chain_hash(previous, payload)
        if stored != expected:
            return [Mismatch(store, seq, 0, ENTRY_HASH, expected.hex()[:16], stored.hex()[:16])]
        previous = stored
    return []


def describe(m: Mismatch) -> str:
    """One sentence naming where, what, and both values."""
    if m.field == ENTRY_HASH:
        return _(
            "store {store} journal entry {seq}: its entry hash {stored} does not follow from "
            "the entries before it ({expected}): the entry, or one before it, was changed after "
            "it was written"
        ).format(store=m.store, seq=m.seq, stored=m.table_value, expected=m.journal_value)
    if m.field == "stock_level":
        return _(
            "store {store}: the stock level of {sku} is {level}, but its movements sum to {sum}"
        ).format(store=m.store, sku=m.sku, level=m.table_value, sum=m.journal_value)
    # The field and values are data (a column's name, what it holds): shown as they are.
    return _(
        "store {store} journal entry {seq} (sale {sale_no}): {field} is {journal_value} in the "
        "journal but {table_value} in the sales tables"
    ).format(
        store=m.store,
        seq=m.seq,
        sale_no=m.sale_no,
        field=m.field,
        journal_value=repr(m.journal_value),
        table_value=repr(m.table_value),
    )
