"""Stock-out spans recorded as batches apply (headoffice/domain/stockouts.py, table
stockout_spans), on both databases and both apply paths (a batch with a costed inflow locks
and revalues; one without adds in place), and the migration's backfill from movements."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from common.clock import now_ms
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.migrations import alembic_config, migrate
from headoffice.store.stockout_tables import stockout_spans
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, sale
from tests.journal_entries import customer_return

UoW = Callable[[], UnitOfWork]


def spans(engine: Engine) -> list[tuple[str, int, int | None]]:
    o = stockout_spans.c
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(o.sku, o.out_at_ms, o.back_at_ms).order_by(o.sku, o.out_at_ms)
        )
        return [(sku, int(out), None if back is None else int(back)) for sku, out, back in rows]


def test_crossings_of_zero_open_and_close_spans(uow: UoW, engine: Engine, store: str) -> None:
    # costed path: COLA and WATER are new, stocked at 1001: out since ever until then
    apply_batch(uow(), store, [delivery(1, [("COLA", 2, 100), ("WATER", 1, 100)])])
    assert spans(engine) == [("COLA", 0, 1001), ("WATER", 0, 1001)]
    # uncosted path: COLA sells out at 1003; TEA (new) sold before it came: no row
    apply_batch(uow(), store, [sale(2, "COLA", 1), sale(3, "COLA", 1), sale(4, "TEA", 1)])
    assert spans(engine) == [("COLA", 0, 1001), ("COLA", 1003, None), ("WATER", 0, 1001)]
    # a return brings COLA back at 1005 (uncosted: a return has no cost)
    apply_batch(uow(), store, [customer_return(5, "COLA", 1)])
    assert spans(engine)[1] == ("COLA", 1003, 1005)
    # no crossing: nothing written; out and back inside one batch: one span
    before = spans(engine)
    apply_batch(uow(), store, [delivery(6, [("WATER", 5, 100)])])
    assert spans(engine) == before
    # a SKU out at an end of the batch is walked through it: out, back, out again
    apply_batch(uow(), store, [sale(7, "COLA", 1), delivery(8, [("COLA", 3, 100)]),
                               sale(9, "COLA", 3), delivery(10, [("TEA", 4, 100)])])  # fmt: skip
    assert spans(engine) == [("COLA", 0, 1001), ("COLA", 1003, 1005), ("COLA", 1007, 1008),
                             ("COLA", 1009, None), ("TEA", 0, 1010), ("WATER", 0, 1001)]  # fmt: skip
    # one above zero at both ends is not walked (documented): WATER 6 -> 0 -> 2
    apply_batch(uow(), store, [sale(11, "WATER", 6), delivery(12, [("WATER", 2, 100)])])
    assert [s for s in spans(engine) if s[0] == "WATER"] == [("WATER", 0, 1001)]


def test_the_migration_backfills_the_spans_of_the_90_days(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0042_vouchers")
        now = now_ms()
        old = now - 200 * 86_400_000  # before the 90 days: only the level before them counts
        moves = [("A", 5, old), ("A", -5, now - 50_000), ("A", 3, now - 40_000),
                 ("A", -3, now - 30_000),  # out, back, out again: still out
                 ("B", -2, now - 60_000), ("B", 4, now - 20_000),  # out before, back
                 ("C", 9, now - 10_000)]  # fmt: skip
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO movements (store_code, seq, sku, qty_base, reason, document_type,"
                " document_id, unit_cost_minor, actor, occurred_at_ms)"
                " VALUES ('S001', :seq, :sku, :qty, 'sale', 'sale', 'd', 1, 't', :at)"
            ), [{"seq": n, "sku": sku, "qty": q, "at": at}
                for n, (sku, q, at) in enumerate(moves, start=1)])  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO stock_levels (store_code, sku, qty_base, avg_cost_minor,"
                " updated_at_ms) VALUES ('S001', :sku, :qty, 1, 1)"
            ), [{"sku": "A", "qty": 0}, {"sku": "B", "qty": 2}, {"sku": "C", "qty": 9}])  # fmt: skip
        migrate(db_url)
        assert spans(engine) == [
            ("A", now - 50_000, now - 40_000),
            ("A", now - 30_000, None),
            ("B", 0, now - 20_000),
            ("C", 0, now - 10_000),
        ]
    finally:
        engine.dispose()
