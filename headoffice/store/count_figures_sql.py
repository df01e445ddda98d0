"""The variance report's query: a session's count lines added up per SKU by the database
(common.domain.stocktake_figures reads the rows; stocktake.session_results is the rule)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from common.domain import stocktake_figures as st_figures
from headoffice.store.count_tables import count_lines, count_results
from headoffice.store.tables import products, stock_levels


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
) -> sa.Select[Any]:
    """Per SKU the session counted, the figures stocktake.session_results reads from its
    lines, in stocktake_figures' column order (F_SKU ...); unordered (the caller sorts).

    by_round: the lines are grouped by (sku, round) and a window over the SKU keeps the
    group of its latest round. Without it, by SKU alone with no window, one aggregate as a
    bare SUM ... GROUP BY sku is: right only when no line of the session is of a later
    round than 0 (no recount), which the caller checks first (line_counts).

    A round of one line (the common case) is its own first, last and reference line; for a
    round of several, the book at the first line, the last line and the reference line (the
    last at a selling location, else the last) are looked up by (session_id, seq)
    (ix_count_lines_session_seq) in a CASE branch, so only those SKUs pay for it (joining
    every SKU's three lines made PostgreSQL probe the index 60,000 times for a full count
    of 20,000 SKUs, more than half of the query). The unit cost (posted result's, else the
    store's average, else the catalogue's, else 0) and the category are joined by SKU, not
    listed; the posted results only when the session has posted (`posted`: they are
    written with its posting, so before it there are none to join). Each aggregate costs about as much as the bare one (SQLite, measured): only
    what the rows need is added up; the counter and place are the least of the round's,
    right for a round of one line, and a round of several has its lines read (place_lines)."""
    c = count_lines.c
    prefixes = st_figures.selling_prefixes(selling_locations)
    if by_round:
        rounds: list[Any] = [
            c.round,
            sa.func.max(c.round).over(partition_by=c.sku).label("latest"),
        ]
        keys: list[Any] = [c.sku, c.round]
    else:
        rounds = [sa.literal(0, sa.Integer).label("round")]
        keys = [c.sku]
    last_seq = sa.func.max(c.seq).label("last_seq")
    sell_seq = (
        [sa.func.max(sa.case((_selling(c.location, prefixes), c.seq))).label("sell_seq")]
        if prefixes
        else []
    )
    grouped = (
        sa.select(
            c.sku,
            *rounds,
            sa.func.count().label("n"),
            sa.cast(sa.func.sum(c.qty_base), sa.BigInteger).label("counted"),
            sa.func.min(c.seq).label("first_seq"),
            last_seq,
            *sell_seq,
            sa.func.max(c.book_qty_base).label("book"),
            sa.func.min(c.counter).label("counter"),
            sa.func.min(c.location).label("place"),
        )
        .where(c.session_id == session_id, c.sku != "")
        .group_by(*keys)
        .subquery("grouped")
    )
    g = grouped.c

    def book_at(seq: sa.ColumnElement[Any]) -> Any:
        line = count_lines.alias("line_at")
        lookup = sa.select(line.c.book_qty_base).where(
            line.c.session_id == session_id, line.c.seq == seq
        )
        return sa.case((g.n == 1, g.book), else_=lookup.scalar_subquery())

    joined = grouped.outerjoin(products, products.c.sku == g.sku).outerjoin(
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
    reference = sa.func.coalesce(g.sell_seq, g.last_seq) if prefixes else g.last_seq
    query = sa.select(
        g.sku, g.round, g.n, g.counted, g.first_seq, g.last_seq, book_at(reference),
        book_at(g.first_seq), book_at(g.last_seq), g.counter, g.place, cost,
        products.c.category,
    ).select_from(joined)  # fmt: skip
    return query.where(g.round == g.latest) if by_round else query


def line_counts_query(session_id: str) -> sa.Select[Any]:
    """The session's lines, its unknown barcodes' lines, its book mismatches and its latest
    round, in one pass (ix_count_lines_session_seq)."""
    c = count_lines.c
    return sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(sa.case((c.sku == "", 1), else_=0)), 0),
        sa.func.coalesce(sa.func.sum(sa.case((c.book_mismatch, 1), else_=0)), 0),
        sa.func.coalesce(sa.func.max(c.round), 0),
    ).where(c.session_id == session_id)
