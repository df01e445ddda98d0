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
    session_id: str, store_code: str, selling_locations: Sequence[str], by_round: bool = True
) -> sa.Select[Any]:
    """Per SKU, the figures stocktake.session_results reads from the session's lines, in
    stocktake_figures' column order, then the SKU's lowest round among the rows grouped.

    by_round: the lines are grouped by (sku, round); windows over the SKU give its latest
    round and its line and mismatch counts over every round; the group of the latest round
    is kept. Without it, by SKU alone, with no window (one hash or sort aggregate, as a bare
    SUM ... GROUP BY sku): right when every SKU's lines are of one round, which the caller
    checks with the last column (lowest round = round) and asks again by round if not.

    A round of one line (the common case) is its own first, last and reference line; for a
    round of several, the book at the first line, the last line and the reference line (the
    last at a selling location, else the last) are looked up by (session_id, seq)
    (ix_count_lines_session_seq) in a CASE branch, so only those SKUs pay for it (joining
    every SKU's three lines made PostgreSQL probe the index 60,000 times for a full count
    of 20,000 SKUs, more than half of the query). The unit cost (posted result's, else the
    store's average, else the catalogue's, else 0) and the category are joined by SKU, not
    listed."""
    c = count_lines.c
    prefixes = st_figures.selling_prefixes(selling_locations)
    big = sa.BigInteger
    sell_seq = (
        sa.func.max(sa.case((_selling(c.location, prefixes), c.seq)))
        if prefixes
        else sa.func.max(c.seq)
    )
    mismatch = sa.func.sum(sa.case((c.book_mismatch, 1), else_=0))
    if by_round:
        per_sku: list[Any] = [
            c.round,
            sa.func.max(c.round).over(partition_by=c.sku).label("latest"),
            sa.cast(sa.func.sum(sa.func.count()).over(partition_by=c.sku), big).label("lines"),
            sa.cast(sa.func.sum(mismatch).over(partition_by=c.sku), big).label("mismatches"),
            c.round.label("lowest"),
        ]
        keys: list[Any] = [c.sku, c.round]
    else:
        per_sku = [
            sa.func.max(c.round).label("round"),
            sa.func.count().label("lines"),
            sa.cast(mismatch, big).label("mismatches"),
            sa.func.min(c.round).label("lowest"),
        ]
        keys = [c.sku]
    grouped = (
        sa.select(
            c.sku,
            *per_sku,
            sa.cast(sa.func.sum(c.qty_base), big).label("counted"),
            sa.func.count().label("n"),
            sa.func.max(c.book_qty_base).label("book"),
            sa.func.min(c.seq).label("first_seq"),
            sa.func.max(c.seq).label("last_seq"),
            sell_seq.label("sell_seq"),
            # least and greatest, not COUNT(DISTINCT): PostgreSQL sorts once per group for it
            sa.func.min(c.counter).label("counter"),
            sa.func.max(c.counter).label("last_counter"),
            sa.func.min(c.location).label("place"),
            sa.func.max(c.location).label("last_place"),
        )
        .where(c.session_id == session_id)
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

    joined = (
        grouped.outerjoin(products, products.c.sku == g.sku)
        .outerjoin(
            stock_levels,
            sa.and_(stock_levels.c.store_code == store_code, stock_levels.c.sku == g.sku),
        )
        .outerjoin(
            count_results,
            sa.and_(count_results.c.session_id == session_id, count_results.c.sku == g.sku),
        )
    )
    cost = sa.func.coalesce(
        count_results.c.unit_cost_minor, stock_levels.c.avg_cost_minor, products.c.cost_minor, 0
    )
    query = (
        sa.select(
            g.sku,
            g.round,
            g.lines,
            g.mismatches,
            g.counted,
            g.first_seq,
            g.last_seq,
            book_at(sa.func.coalesce(g.sell_seq, g.last_seq)),
            book_at(g.first_seq),
            book_at(g.last_seq),
            g.counter,
            g.last_counter,
            g.place,
            g.last_place,
            cost,
            products.c.category,
            g.lowest,
        )  # fmt: skip
        .select_from(joined)
        .order_by(g.sku)
    )
    return query.where(g.round == g.latest) if by_round else query
