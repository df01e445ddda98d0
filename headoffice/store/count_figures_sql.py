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
    session_id: str, store_code: str, selling_locations: Sequence[str]
) -> sa.Select[Any]:
    """Per SKU, the figures stocktake.session_results reads from the session's lines.

    The lines are grouped by (sku, round) once; windows over the SKU give its latest round
    and its line and mismatch counts over every round; the group of the latest round is
    kept. The book at the first line, the last line and the reference line (the last at a
    selling location, else the last) are three lookups by (session_id, seq)
    (ix_count_lines_session_seq); the unit cost (posted result's, else the store's average,
    else the catalogue's, else 0) and the category are joined by SKU, not listed."""
    c = count_lines.c
    prefixes = st_figures.selling_prefixes(selling_locations)
    big = sa.BigInteger
    sell_seq = (
        sa.func.max(sa.case((_selling(c.location, prefixes), c.seq)))
        if prefixes
        else sa.func.max(c.seq)
    )
    grouped = (
        sa.select(
            c.sku,
            c.round,
            sa.func.max(c.round).over(partition_by=c.sku).label("latest"),
            sa.cast(sa.func.sum(sa.func.count()).over(partition_by=c.sku), big).label("lines"),
            sa.cast(
                sa.func.sum(sa.func.sum(sa.case((c.book_mismatch, 1), else_=0))).over(
                    partition_by=c.sku
                ),
                big,
            ).label("mismatches"),
            sa.cast(sa.func.sum(c.qty_base), big).label("counted"),
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
        .group_by(c.sku, c.round)
        .subquery("grouped")
    )
    g = grouped.c
    first, last, ref = (count_lines.alias(n) for n in ("first_line", "last_line", "ref_line"))

    def at(line: sa.Alias, seq: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
        return sa.and_(line.c.session_id == session_id, line.c.seq == seq)

    joined = (
        grouped.join(first, at(first, g.first_seq))
        .join(last, at(last, g.last_seq))
        .join(ref, at(ref, sa.func.coalesce(g.sell_seq, g.last_seq)))
        .outerjoin(products, products.c.sku == g.sku)
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
    return (
        sa.select(
            g.sku,
            g.round,
            g.lines,
            g.mismatches,
            g.counted,
            g.first_seq,
            g.last_seq,
            ref.c.book_qty_base,
            first.c.book_qty_base,
            last.c.book_qty_base,
            g.counter,
            g.last_counter,
            g.place,
            g.last_place,
            cost,
            products.c.category,
        )  # fmt: skip
        .select_from(joined)
        .where(g.round == g.latest)
        .order_by(g.sku)
    )
