"""What a replenishment run reads: demand sums by store and SKU, stock, inbound, on order.

The demand query reads what apply keeps, not the movements: the sales per store, SKU and
day (sales_sku_daily) and the stock-out spans (stockout_spans); the database reduces the
90 days to each pair's sums (replenish_demand_sql.py), streamed in SKU order, one row a
store and SKU; the stock levels come the same way, in the same order; so a run holds one
SKU's stores at a time rather than the chain's days or levels (only open transfers and
purchase orders are read whole). The benchmark in tests/benchmarks/replenishment.py
measures a run against one SQL aggregate.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from common.domain.transfer_states import OPEN, SHIPPED
from headoffice.domain import purchasing as po_rules
from headoffice.domain.demand import (
    DAY_MS,
    HISTORY_DAYS,
    MILLI,
    DemandSums,
    last_day,
    sigma_milli_of,
)
from headoffice.domain.replenishment import (
    COMPUTED,
    EPSILON,
    MIN_MAX,
    Need,
    Policy,
    Stock,
    reorder_point,
)
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.store import replenish_demand_keep
from headoffice.store.document_tables import (
    purchase_order_lines,
    purchase_orders,
    transfer_lines,
    transfers,
)
from headoffice.store.replenish_candidates_sql import RUN_SKUS, candidates_sql
from headoffice.store.replenish_demand_sql import demand_sums_sql
from headoffice.store.sales_tables import report_rollup_settings
from headoffice.store.tables import audit_log, products, stock_levels, stores

STREAM_ROWS = 5_000
SORT_MEMORY = "256MB"
# The candidates' sort by SKU and store (every short pair and every pair with surplus, ~9 M
# at 1,000 stores) and its hash joins, in memory rather than temporary files (this
# transaction only; PostgreSQL's memory, not head office's).
CANDIDATE_MEMORY = "1GB"


class ReplenishFiguresRepository:
    """Read-only figures for a run, on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def goods(self, category: str = "") -> dict[str, int]:
        """Active goods (not services or bundles) with their catalogue cost, by SKU."""
        query = sa.select(products.c.sku, products.c.cost_minor).where(
            products.c.active.is_(True), products.c.kind == "goods"
        )
        if category:
            query = query.where(products.c.category == category)
        return {sku: int(cost) for sku, cost in self._conn.execute(query)}

    def day_offset_minutes(self) -> int:
        """The shops' offset from UTC (minutes) sales_sku_daily counts its days in."""
        t = report_rollup_settings.c
        found = self._conn.execute(sa.select(t.sku_day_offset_minutes).where(t.id == 1))
        return int(found.scalar() or 0)

    def demand_sums(
        self, now_ms: int, window_days: int, category: str = ""
    ) -> Iterator[tuple[str, str, DemandSums]]:
        """(sku, store, demand sums) for every store and SKU with a sale or a stock-out in the
        90 days before today, in SKU (bytes) then store order, streamed: one row a pair,
        computed by the database from sales_sku_daily and stockout_spans."""
        postgresql = self._conn.dialect.name == "postgresql"
        offset = self.day_offset_minutes()
        last = last_day(now_ms, offset)
        first = last - HISTORY_DAYS + 1
        query = sa.text(demand_sums_sql(postgresql, window_days, bool(category)))
        params: dict[str, object] = {
            "first": first,
            "last": last,
            "since": first * DAY_MS - offset * 60_000,
            "offset": offset * 60_000,
        }
        if category:
            params["category"] = category
        if postgresql:
            # Group and sort in memory rather than in temporary files (this transaction only).
            self._conn.exec_driver_sql(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        result = self._conn.execute(
            query.execution_options(stream_results=True, yield_per=STREAM_ROWS), params
        )
        try:
            for sku, store_code, o7, t7, o30, t30, o90, t90, squares in result:
                yield sku, store_code, DemandSums(
                    7 - int(o7), int(t7), 30 - int(o30), int(t30), 90 - int(o90), int(t90),
                    int(squares),
                )  # fmt: skip
        finally:
            result.close()

    def keep_demand(self, now_ms: int) -> str:
        """Bring the kept demand sums (replenish_demand) up to the 90 days before `now_ms`'s
        day (rolled forward, dirty pairs recomputed, or rebuilt: which, is returned); the
        caller commits, before the run's own transaction reads them."""
        offset = self.day_offset_minutes()
        return replenish_demand_keep.bring_up_to(
            self._conn, last_day(now_ms, offset), offset, now_ms
        )

    def candidate_rows(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", every_donor: bool = True
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of replenish_candidates_sql.py (its module says which pairs and why),
        streamed, each starting with its SKU and store code: `spans` maps each SKU in the
        run's scope to its lead time plus review period in days; `every_donor` False: every
        store-to-store cost is the default, so only the donors a short store can reach in
        code order are sent. The kept sums must be current (keep_demand, committed before)."""
        skus, stores = sorted(spans), self._store_codes()
        for row in self._numbered_rows(policy, spans, store_code, every_donor):
            yield (skus[row[0] - 1], stores[row[1] - 1], *row[2:])

    def _store_codes(self) -> list[str]:
        """Every store's code in bytes order: store_no n of the candidates is the n-th."""
        return sorted(code for (code,) in self._conn.execute(sa.select(stores.c.code)))

    def reorder_points(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", low_only: bool = False
    ) -> Iterator[tuple[str, str, int, int, int, str]]:
        """(store, sku, on hand, reorder point, inbound + on order, source) of each enabled
        store's pairs (the one named, when named) whose reorder point is above 0, or only
        those below it with nothing coming (`low_only`), computed by the database from the
        kept sums (current: keep_demand, committed before) as a run computes them."""
        skus, stores = sorted(spans), self._store_codes()
        rows = self._numbered_rows(policy, spans, store_code, False, "low" if low_only else "all")
        for sku_no, store_no, on_hand, inbound, point, by_hand in rows:
            yield (stores[store_no - 1], skus[sku_no - 1], on_hand, point, inbound,
                   MIN_MAX if by_hand else COMPUTED)  # fmt: skip

    def _numbered_rows(
        self, policy: Policy, spans: dict[str, int], store_code: str, every_donor: bool,
        points: str = "",
    ) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """candidate_rows with the SKU and store as their numbers (1-based, sorted); with
        `points`, replenish_candidates_sql's reorder points instead."""
        conn = self._conn
        postgresql = conn.dialect.name == "postgresql"
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {RUN_SKUS}")
        conn.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {RUN_SKUS} (sku VARCHAR(64) PRIMARY KEY,"
            " span_days INTEGER NOT NULL, root_span DOUBLE PRECISION NOT NULL,"
            " sku_no INTEGER NOT NULL, lead_days INTEGER NOT NULL,"
            " root_lead DOUBLE PRECISION NOT NULL)"
        )
        skus = sorted(spans)  # numbered in Python's order: the rows' order
        review = policy.review_period_days
        if postgresql:  # one statement of six arrays, not a statement a SKU
            conn.execute(
                sa.text(
                    f"INSERT INTO {RUN_SKUS} SELECT * FROM unnest(CAST(:skus AS TEXT[]),"
                    " CAST(:days AS INTEGER[]), CAST(:roots AS DOUBLE PRECISION[]),"
                    " CAST(:nos AS INTEGER[]), CAST(:leads AS INTEGER[]),"
                    " CAST(:lead_roots AS DOUBLE PRECISION[]))"
                ),
                {"skus": skus, "days": [spans[sku] for sku in skus],
                 "roots": [math.sqrt(spans[sku]) for sku in skus],
                 "nos": list(range(1, len(skus) + 1)),
                 "leads": [spans[sku] - review for sku in skus],
                 "lead_roots": [math.sqrt(spans[sku] - review) for sku in skus]},
            )  # fmt: skip
        else:
            rows = [{"sku": sku, "span_days": spans[sku], "root_span": math.sqrt(spans[sku]),
                     "sku_no": n, "lead_days": spans[sku] - review,
                     "root_lead": math.sqrt(spans[sku] - review)}
                    for n, sku in enumerate(skus, start=1)]  # fmt: skip
            table = sa.table(RUN_SKUS, sa.column("sku"), sa.column("span_days"),
                             sa.column("root_span"), sa.column("sku_no"),
                             sa.column("lead_days"), sa.column("root_lead"))  # fmt: skip
            for start in range(0, len(rows), STREAM_ROWS):
                conn.execute(table.insert(), rows[start : start + STREAM_ROWS])
        if postgresql:
            conn.exec_driver_sql(f"ANALYZE {RUN_SKUS}")
            conn.exec_driver_sql(f"SET LOCAL work_mem = '{CANDIDATE_MEMORY}'")
        else:
            conn.connection.driver_connection.create_function(  # type: ignore[union-attr]
                "sl_sigma_milli", 3, sigma_milli_of, deterministic=True
            )
        params = {
            "zz": policy.z_milli / MILLI,
            "transfer": policy.transfer_lead_time_days,
            "eps": EPSILON,
            "store": store_code,
            "every_donor": int(every_donor),
        }
        query = sa.text(candidates_sql(postgresql, policy.demand_window_days, points))
        try:
            if postgresql:
                yield from self._server_rows(query, params)
            else:
                result = conn.execute(
                    query.execution_options(stream_results=True, yield_per=STREAM_ROWS), params
                )
                try:
                    for row in result:
                        yield tuple(v if v is None else int(v) for v in row)
                finally:
                    result.close()
        finally:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {RUN_SKUS}")

    def _server_rows(
        self, query: sa.TextClause, params: dict[str, Any]
    ) -> Iterator[tuple[Any, ...]]:
        """A PostgreSQL query's rows as plain tuples from a server-side cursor on the unit of
        work's own transaction: a run reads ~2 M of them, and SQLAlchemy's Row for each cost
        as much as planning the line it becomes. JIT off for the statement (this
        transaction): compiling its ~200 expressions took ~5 s, more than it saved."""
        conn = self._conn
        compiled = query.compile(dialect=conn.dialect)
        driver = conn.connection.driver_connection
        assert driver is not None
        conn.exec_driver_sql("SET LOCAL jit = off")
        # A cursor is planned for its first 10 % of rows by default (cursor_tuple_fraction
        # 0.1); a run reads every row, so plan for all of them (this transaction only).
        conn.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
        with driver.cursor(name="replenish_candidates") as cursor:
            cursor.itersize = STREAM_ROWS
            cursor.execute(str(compiled), compiled.construct_params(params))
            yield from cursor

    def candidates(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", every_donor: bool = True
    ) -> Iterator[Need]:
        """The pairs a run plans (candidate_rows), in SKU then store order, as the domain's
        Needs built from the figures the database computed (equal to need_of's:
        tests/db/test_replenish_candidates.py); the reorder point, which chooses nothing,
        is computed here."""
        z = policy.z_milli
        review = policy.review_period_days
        skus, stores = sorted(spans), self._store_codes()
        leads = [spans[sku] - review for sku in skus]
        for row in self._numbered_rows(policy, spans, store_code, every_donor):
            sku_no, store_no, on_hand, inb, ordered, res, mn, mx, v, sig, target, raw, _s, tneed = (
                row
            )
            lead = leads[sku_no - 1]
            if mx is None:
                point, source = reorder_point(v, sig, lead, z), COMPUTED
            else:
                point, source = mn, MIN_MAX
            yield Need(
                stores[store_no - 1], skus[sku_no - 1], v, sig, lead, review, z,
                Stock(on_hand, inb, ordered, res), target, point, raw, source, tneed,
            )  # fmt: skip

    def _sku_order(self) -> sa.ColumnElement[str]:
        """SKU order for streams the service merges: bytes ("C") on PostgreSQL, cheaper than
        a locale and the same as Python's str order; SQLite's BINARY is that already."""
        sku: sa.ColumnElement[str] = stock_levels.c.sku
        return sku.collate("C") if self._conn.dialect.name == "postgresql" else sku

    def on_hand_rows(self, category: str = "") -> Iterator[tuple[str, str, int]]:
        """(sku, store, on hand) of every stock level, in SKU ("C") then store order, streamed:
        a run holds one SKU's levels at a time, not the chain's."""
        s = stock_levels.c
        query = sa.select(s.sku, s.store_code, s.qty_base).order_by(self._sku_order(), s.store_code)
        if category:
            query = query.where(
                s.sku.in_(sa.select(products.c.sku).where(products.c.category == category))
            )
        result = self._conn.execute(
            query.execution_options(stream_results=True, yield_per=STREAM_ROWS)
        )
        try:
            for sku, store_code, qty in result:
                yield sku, store_code, int(qty)
        finally:
            result.close()  # a walk left early frees its cursor

    def open_positions(self) -> dict[tuple[str, str], Stock]:
        """Per store and SKU with an open transfer or purchase order: inbound, on order and
        reserved (on hand 0; a run adds the level from on_hand_rows)."""
        inbound: dict[tuple[str, str], int] = defaultdict(int)
        reserved: dict[tuple[str, str], int] = defaultdict(int)
        t, tl = transfers, transfer_lines
        rows = self._conn.execute(
            sa.select(t.c.from_store, t.c.to_store, t.c.state, tl.c.sku, tl.c.qty_base,
                      tl.c.shipped_qty_base)
            .select_from(t.join(tl, tl.c.transfer_id == t.c.id))
            .where(t.c.state.in_((OPEN, SHIPPED)))
        )  # fmt: skip
        for from_store, to_store, state, sku, qty, shipped in rows:
            if state == OPEN:
                inbound[(to_store, sku)] += int(qty)
                reserved[(from_store, sku)] += int(qty)
            else:
                inbound[(to_store, sku)] += int(shipped)
        on_order: dict[tuple[str, str], int] = defaultdict(int)
        o, ol = purchase_orders, purchase_order_lines
        lines = self._conn.execute(
            sa.select(o.c.store_code, ol.c.sku, ol.c.ordered_qty_base, ol.c.received_qty_base)
            .select_from(o.join(ol, ol.c.po_no == o.c.po_no))
            .where(o.c.state.in_((po_rules.DRAFT, *po_rules.OPEN_STATES)))
        )
        for store_code, sku, ordered, received in lines:
            on_order[(store_code, sku)] += max(int(ordered) - int(received), 0)
        keys = set(inbound) | set(reserved) | set(on_order)
        return {
            key: Stock(0, inbound.get(key, 0), on_order.get(key, 0), reserved.get(key, 0))
            for key in keys
        }

    def stock(self, skus: set[str] | None = None) -> dict[tuple[str, str], Stock]:
        """Each store and SKU's on hand, inbound transfers, open orders and reserved stock."""
        found = {
            key: stock
            for key, stock in self.open_positions().items()
            if skus is None or key[1] in skus
        }
        query = sa.select(stock_levels.c.store_code, stock_levels.c.sku, stock_levels.c.qty_base)
        for store_code, sku, qty in self._conn.execute(query):
            if skus is not None and sku not in skus:
                continue
            key = (store_code, sku)
            found[key] = replace(found.get(key, Stock()), on_hand_qty_base=int(qty))
        return found

    def lead_time_samples(self) -> dict[str, list[int]]:
        """Per supplier, each order's span from sent to its first delivery (ms), oldest first.

        Read from the audit log: `po.send` is when head office sent the order, the first
        `po.receive` when head office applied the store's first delivery against it."""
        a = audit_log
        firsts = self._conn.execute(
            sa.select(a.c.action, a.c.entity_id, sa.func.min(a.c.occurred_at_ms))
            .where(a.c.entity == "purchase_order", a.c.action.in_(("po.send", "po.receive")))
            .group_by(a.c.action, a.c.entity_id)
        )
        sent: dict[str, int] = {}
        received: dict[str, int] = {}
        for action, entity_id, at_ms in firsts:
            (sent if action == "po.send" else received)[entity_id] = int(at_ms)
        suppliers = self._conn.execute(
            sa.select(purchase_orders.c.po_no, purchase_orders.c.supplier_code).order_by(
                purchase_orders.c.po_no
            )
        )
        samples: dict[str, list[int]] = defaultdict(list)
        for po_no, supplier in suppliers:
            key = po_rules.po_id(int(po_no))
            if key in sent and key in received:
                samples[supplier].append(received[key] - sent[key])
        return dict(samples)

    def last_ordered_terms(self) -> dict[str, SupplyTerms]:
        """Each SKU's supplier and unit cost on its newest purchase order (pack 1, no minimum):
        the terms a SKU without terms set by hand is ordered on."""
        o, ol = purchase_orders, purchase_order_lines
        rows = self._conn.execute(
            sa.select(ol.c.sku, o.c.supplier_code, ol.c.unit_cost_minor)
            .select_from(o.join(ol, ol.c.po_no == o.c.po_no))
            .order_by(o.c.po_no)
        )
        return {sku: SupplyTerms(sku, supplier, 1, 0, int(cost)) for sku, supplier, cost in rows}
