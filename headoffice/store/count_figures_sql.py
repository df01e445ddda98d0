"""The variance report's queries: a session's count lines as added up per SKU and round in
count_line_sums (kept with each line: line_sums_upsert), read one row a SKU
(common.domain.stocktake_figures reads the rows; stocktake.session_results is the rule)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from common.domain import stocktake_figures as st_figures
from headoffice.domain.counts import HoCountLine
from headoffice.store.count_tables import count_line_sums, count_lines, count_results
from headoffice.store.tables import products, stock_levels

_SUM_VALUES = ("session_id", "sku", "round", "lines", "counted", "mismatches", "first_seq",
               "first_book", "last_seq", "last_book", "counter", "place")  # fmt: skip
_UPSERTS: dict[str, sa.Executable] = {}


def line_sums_values(line: HoCountLine) -> dict[str, Any]:
    """line_sums_upsert's parameters for `line`: a row of one line."""
    return {
        "session_id": line.session_id, "sku": line.sku, "round": line.round, "lines": 1,
        "counted": line.qty_base, "mismatches": int(line.book_mismatch),
        "first_seq": line.seq, "first_book": line.book_qty_base, "last_seq": line.seq,
        "last_book": line.book_qty_base, "counter": line.counter, "place": line.location,
    }  # fmt: skip


def line_sums_upsert(dialect: str) -> sa.Executable:
    """Add a line (line_sums_values) to its session's row of its SKU and round (INSERT ...
    ON CONFLICT DO UPDATE, both engines): one more line, its quantity and mismatch added,
    the first or last line (and its book) replaced when it comes before or after them (so
    lines in any order give the same row), the least counter and place kept. Every SET
    expression reads the row as it was before the statement (both engines). One statement
    per dialect, with bound parameters, so SQLAlchemy compiles it once."""
    found = _UPSERTS.get(dialect)
    if found is not None:
        return found
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(count_line_sums).values({name: sa.bindparam(name) for name in _SUM_VALUES})
    new, old = statement.excluded, count_line_sums.c
    earlier, later = new.first_seq < old.first_seq, new.last_seq > old.last_seq
    upsert = statement.on_conflict_do_update(
        index_elements=[old.session_id, old.sku, old.round],
        set_={
            "lines": old.lines + 1,
            "counted": old.counted + new.counted,
            "mismatches": old.mismatches + new.mismatches,
            "first_seq": sa.case((earlier, new.first_seq), else_=old.first_seq),
            "first_book": sa.case((earlier, new.first_book), else_=old.first_book),
            "last_seq": sa.case((later, new.last_seq), else_=old.last_seq),
            "last_book": sa.case((later, new.last_book), else_=old.last_book),
            "counter": sa.case((new.counter < old.counter, new.counter), else_=old.counter),
            "place": sa.case((new.place < old.place, new.place), else_=old.place),
        },
    )
    _UPSERTS[dialect] = upsert
    return upsert


def _selling(location: sa.ColumnElement[str], prefixes: Sequence[str]) -> sa.ColumnElement[bool]:
    """stocktake.results_at_selling_location's test in SQL: the location equals a prefix or,
    for a non-empty prefix, starts with it (substr, not LIKE: no pattern characters)."""
    return sa.or_(
        *(sa.func.substr(location, 1, len(p)) == p if p else location == "" for p in prefixes)
    )


def sku_figures_query(
    session_id: str,
    store_code: str,
    selling_locations: Sequence[str],
    by_round: bool = True,
    posted: bool = True,
    variance_only: bool = False,
) -> sa.Select[Any]:
    """Per SKU the session counted, the figures stocktake.session_results reads from its
    lines, in stocktake_figures' column order (F_SKU ...); unordered (the caller sorts).
    variance_only: the four columns the variance report by SKU reads (V_SKU ...: SKU,
    counted, reference book, unit cost), not the thirteen (on SQLite, fetching the other
    nine cost as much as the bare aggregate over the lines).

    The lines come added up per (SKU, round) from count_line_sums. by_round: a window over
    the SKU keeps the row of its latest round; without it, no window: right only when no
    line of the session is of a later round than 0 (no recount), which the caller checks
    first (line_counts).

    A round of one line (the common case) is its own first, last and reference line. For a
    round of several lines and a session naming selling locations, the reference line is
    the round's last line at one of them, else its last line: looked up in count_lines
    (ix_count_lines_session_sku) in a CASE branch, so only those SKUs pay for it. The unit
    cost (posted result's, else the store's average, else the catalogue's, else 0) and the
    category are joined by SKU; the posted results only when the session has posted
    (`posted`: they are written with its posting, so before it there are none to join). The
    counter and place are the least of the round's, right for a round of one line; a round
    of several has its lines read (place_lines)."""
    s = count_line_sums.c
    prefixes = st_figures.selling_prefixes(selling_locations)
    if by_round:
        latest = sa.func.max(s.round).over(partition_by=s.sku).label("latest")
        sums = (
            sa.select(count_line_sums, latest)
            .where(s.session_id == session_id, s.sku != "")
            .subquery("sums")
        )
        g = sums.c
        source: Any = sums
    else:
        g, source = s, count_line_sums
    reference: Any = g.last_book
    if prefixes:
        line = count_lines.alias("line_at")
        at_selling = (
            sa.select(line.c.book_qty_base)
            .where(
                line.c.session_id == session_id,
                line.c.sku == g.sku,
                line.c.round == g.round,
                _selling(line.c.location, prefixes),
            )
            .order_by(line.c.seq.desc())
            .limit(1)
            .scalar_subquery()
        )
        reference = sa.case(
            (g.lines == 1, g.last_book), else_=sa.func.coalesce(at_selling, g.last_book)
        )
    joined = source.outerjoin(products, products.c.sku == g.sku).outerjoin(
        stock_levels,
        sa.and_(stock_levels.c.store_code == store_code, stock_levels.c.sku == g.sku),
    )
    costs: list[Any] = [stock_levels.c.avg_cost_minor, products.c.cost_minor, 0]
    if posted:
        joined = joined.outerjoin(
            count_results,
            sa.and_(count_results.c.session_id == session_id, count_results.c.sku == g.sku),
        )
        costs.insert(0, count_results.c.unit_cost_minor)
    cost = sa.func.coalesce(*costs)
    columns: tuple[Any, ...] = (
        (g.sku, g.counted, reference, cost)
        if variance_only
        else (
            g.sku, g.round, g.lines, g.counted, g.first_seq, g.last_seq, reference,
            g.first_book, g.last_book, g.counter, g.place, cost, products.c.category,
        )
    )  # fmt: skip
    query = sa.select(*columns).select_from(joined)
    if by_round:
        return query.where(g.round == g.latest)
    return query.where(s.session_id == session_id, s.sku != "")


def line_counts_query(session_id: str) -> sa.Select[Any]:
    """The session's lines, its unknown barcodes' lines, its book mismatches and its latest
    round, from its rows of count_line_sums (pk_count_line_sums)."""
    s = count_line_sums.c
    return sa.select(
        sa.func.coalesce(sa.func.sum(s.lines), 0),
        sa.func.coalesce(sa.func.sum(sa.case((s.sku == "", s.lines), else_=0)), 0),
        sa.func.coalesce(sa.func.sum(s.mismatches), 0),
        sa.func.coalesce(sa.func.max(s.round), 0),
    ).where(s.session_id == session_id)


def plain_rows(conn: sa.Connection, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the driver gives them (plain tuples), on the connection's open
    transaction: for a report of 20,000 rows of strings and integers, which need no type
    processing, without SQLAlchemy's Row a row (a tenth of sku_figures' time, and every
    later index into a row is a tuple's)."""
    compiled = query.compile(dialect=conn.dialect)
    values = compiled.params
    params: Any = (
        tuple(values[name] for name in compiled.positiontup or ())
        if compiled.positional
        else values
    )
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()
