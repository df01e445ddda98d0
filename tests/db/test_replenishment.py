"""Replenishment on both databases: the figures query, runs, approval into real documents.

The fixture chain of the issue: S001 (A) and S002 (B) each sold one COLA a day for the
last 90 days (their journals, applied by apply_batch); a 7-day lead time and review
period make each store's order-up-to 14, and a transfer needs one day of the sender's
sales. A ends with 4 on hand (10 short); B with 30 (15 surplus) or 19 (4 surplus).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.clock import now_ms
from headoffice.domain.demand import DAY_MS
from headoffice.domain.errors import UnknownStore
from headoffice.domain.replenishment import MinMax, Policy
from headoffice.domain.replenishment_errors import InvalidReplenishment, RunRefused
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.roles import Staff
from headoffice.services import purchasing
from headoffice.services.catalogue import import_catalogue
from headoffice.services.downstream import feed_after
from headoffice.services.replenish import get_run, list_runs, reorder_points, run_replenishment
from headoffice.services.replenish_approve import approve_run
from headoffice.services.replenish_settings import set_cost, set_min_max, set_supply
from headoffice.services.stores import add_store, disable_store
from headoffice.services.sync import apply_batch
from headoffice.store.document_tables import purchase_orders, transfers
from headoffice.store.replenish_tables import TABLES
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_purchasing import po_delivery
from tests.journal_entries import delivery, sale

UoW = Callable[[], UnitOfWork]
BEA = Staff("bea", "buyer")
POLICY = Policy(default_lead_time_days=7, review_period_days=7, transfer_lead_time_days=1)
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    "COLA,Cola,,piece,350,100,drinks\nCHIPS,Chips,,piece,300,120,snacks\n"
)


def history(uow: UoW, store: str, end_on_hand: int, now: int, out_days: range = range(0)) -> None:
    """A delivery long ago, then one COLA sold a day for 90 days except on `out_days`."""
    days = [d for d in range(89, -1, -1) if d not in out_days]
    entries = [delivery(1, [("COLA", end_on_hand + len(days), 100)])]
    entries += [
        sale(n, "COLA", 1, at_ms=now - day * DAY_MS - 3_600_000)
        for n, day in enumerate(days, start=2)
    ]
    apply_batch(uow(), store, entries, now_ms=now)


@pytest.fixture
def now() -> int:
    return now_ms()


@pytest.fixture
def chain(uow: UoW, ca: KeyPair, engine: Engine) -> Callable[[int], None]:
    def build(b_on_hand: int) -> None:
        for code in ("S001", "S002"):
            add_store(uow(), ca, code, f"Store {code}", "127.0.0.1:1", now_ms=1_000)
        import_catalogue(uow(), CATALOGUE, now_ms=10)
        purchasing.add_supplier(uow(), "bea", "BEV", "Beverage Co", now_ms=20)
        set_supply(uow(), BEA, SupplyTerms("COLA", "BEV", 12, 0, 90))
        at = now_ms()
        history(uow, "S001", 4, at)
        history(uow, "S002", b_on_hand, at)

    return build


def count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def kinds(run) -> list[tuple[str, str, str, int]]:
    return [(ln.kind, ln.from_store or ln.supplier_code, ln.store_code, ln.qty_base)
            for ln in run.lines]  # fmt: skip


def test_a_short_10_b_surplus_15_one_transfer_no_order(
    uow: UoW, engine: Engine, chain: Callable[[int], None]
) -> None:
    chain(30)
    run = run_replenishment(uow(), BEA, POLICY)
    assert kinds(run) == [("transfer", "S002", "S001", 10)]
    line = run.lines[0]
    assert (line.velocity_milli, line.sigma_milli, line.lead_time_days, line.review_period_days,
            line.z_milli) == (1000, 0, 7, 7, 1645)  # fmt: skip
    assert (line.on_hand_qty_base, line.inbound_qty_base, line.on_order_qty_base,
            line.reserved_qty_base, line.order_up_to_qty_base) == (4, 0, 0, 0, 14)  # fmt: skip
    assert (line.from_on_hand_qty_base, line.source) == (30, "computed")
    assert get_run(uow(), BEA, run.run_id) == run  # what was kept is what was computed
    after = approve_run(uow(), BEA, run.run_id)
    assert after.state == "approved" and after.lines[0].document_id == "TR000001"
    with engine.connect() as conn:
        rows = conn.execute(sa.select(transfers.c.from_store, transfers.c.to_store)).all()
    assert [tuple(r) for r in rows] == [("S002", "S001")]
    assert count(engine, purchase_orders) == 0
    assert feed_after(uow(), "S002", 0).items  # the sender hears of the transfer
    with pytest.raises(RunRefused, match="no line left to approve"):
        approve_run(uow(), BEA, run.run_id)
    assert [(r.run_id, n) for r, n, _v in list_runs(uow(), BEA)] == [(run.run_id, 1)]


def test_b_surplus_4_transfer_4_and_an_order_rounded_to_the_pack(
    uow: UoW, engine: Engine, chain: Callable[[int], None]
) -> None:
    chain(19)
    run = run_replenishment(uow(), BEA, POLICY)
    assert kinds(run) == [("transfer", "S002", "S001", 4), ("purchase", "BEV", "S001", 12)]
    approve_run(uow(), BEA, run.run_id)
    orders = purchasing.list_orders(uow(), BEA)
    assert [(o.order.store_code, o.order.supplier_code, o.order.state,
             [(ln.sku, ln.ordered_qty_base, ln.unit_cost_minor) for ln in o.order.lines])
            for o in orders] == [("S001", "BEV", "draft", [("COLA", 12, 90)])]  # fmt: skip
    # inbound transfer and the draft order now cover A: a new run proposes nothing
    assert run_replenishment(uow(), BEA, POLICY, dry_run=True).lines == ()


def test_censored_days_are_not_counted_as_zero_demand(
    uow: UoW, ca: KeyPair, engine: Engine
) -> None:
    add_store(uow(), ca, "S001", "Store", "127.0.0.1:1", now_ms=1_000)
    import_catalogue(uow(), CATALOGUE, now_ms=10)
    at = now_ms()
    # sold out at the close of day 15, empty days 14-12, refilled at the open of day 11
    days = list(range(89, 14, -1))
    entries = [delivery(1, [("COLA", len(days), 100)])]
    entries += [sale(n, "COLA", 1, at_ms=at - d * DAY_MS - 3_600_000)
                for n, d in enumerate(days, start=2)]  # fmt: skip
    seq = len(entries) + 1
    refill = delivery(seq, [("COLA", 100, 100)])
    refill.occurred_at_ms = at - 11 * DAY_MS - 7_200_000
    entries.append(refill)
    entries += [sale(seq + n, "COLA", 1, at_ms=at - d * DAY_MS - 3_600_000)
                for n, d in enumerate(range(11, -1, -1), start=1)]  # fmt: skip
    apply_batch(uow(), "S001", entries, now_ms=at)
    run = run_replenishment(uow(), BEA, POLICY, dry_run=True, now_ms=at)
    assert run.lines == ()  # 100 - 12 on hand covers 14
    (point,) = list(reorder_points(uow(), POLICY, now_ms=at))
    assert point.reorder_point_qty_base == 7  # one a day over 7 days: not under-forecast
    longer_review = replace(POLICY, review_period_days=90)
    (line,) = run_replenishment(uow(), BEA, longer_review, dry_run=True, now_ms=at).lines
    assert line.velocity_milli == 1000
    assert line.order_up_to_qty_base == 97 and line.raw_qty_base == 97 - 88


def test_lead_time_is_learnt_from_orders(
    uow: UoW, engine: Engine, chain: Callable[[int], None]
) -> None:
    chain(30)
    view = purchasing.create_order(uow(), BEA, "S001", "BEV", [("COLA", 1, 90)])
    purchasing.send_order(uow(), BEA, view.order.po_id)
    apply_batch(uow(), "S001", [po_delivery(92, view.order.po_id, [("COLA", 1, 90)])])
    run = run_replenishment(uow(), BEA, POLICY, dry_run=True)
    # sent and received within a day: L = 1, S = 1·(1+7) = 8; A holds 5 now
    assert [(ln.lead_time_days, ln.order_up_to_qty_base, ln.need_qty_base)
            for ln in run.lines] == [(1, 8, 3)]  # fmt: skip


def test_approval_after_stock_moved_is_refused_and_leaves_nothing(
    uow: UoW, engine: Engine, chain: Callable[[int], None]
) -> None:
    chain(30)
    run = run_replenishment(uow(), BEA, POLICY)
    apply_batch(uow(), "S001", [sale(92, "COLA", 1)])
    with pytest.raises(RunRefused, match="stock of COLA at S001 changed since R-1"):
        approve_run(uow(), BEA, run.run_id)
    assert count(engine, transfers) == 0
    assert get_run(uow(), BEA, run.run_id).state == "proposed"


def test_cheapest_store_first_and_never_a_disabled_one(
    uow: UoW, engine: Engine, ca: KeyPair, chain: Callable[[int], None]
) -> None:
    chain(30)
    add_store(uow(), ca, "S003", "Store S003", "127.0.0.1:1", now_ms=1_000)
    history(uow, "S003", 30, now_ms())
    set_cost(uow(), BEA, "S002", "S001", 500)
    set_cost(uow(), BEA, "S003", "S001", 50)
    run = run_replenishment(uow(), BEA, POLICY, dry_run=True)
    assert kinds(run) == [("transfer", "S003", "S001", 10)]
    disable_store(uow(), Staff("admin", "admin"), "S003")
    run = run_replenishment(uow(), BEA, POLICY, dry_run=True)
    assert kinds(run) == [("transfer", "S002", "S001", 10)]


def test_bad_input_gets_a_sentence_and_leaves_no_row(
    uow: UoW, engine: Engine, chain: Callable[[int], None]
) -> None:
    chain(30)
    before = [count(engine, t) for t in TABLES]
    refusals = [
        (lambda: set_min_max(uow(), BEA, [MinMax("S001", "COLA", 9, 3)]), "above its maximum"),
        (
            lambda: set_min_max(
                uow(), BEA, [MinMax("S001", "COLA", 1, 3), MinMax("S009", "COLA", 1, 3)]
            ),
            "S009",
        ),  # fmt: skip
        (lambda: set_supply(uow(), BEA, SupplyTerms("COLA", "BEV", 0)), "pack size"),
        (lambda: set_supply(uow(), BEA, SupplyTerms("COLA", "BEV", -6)), "pack size"),
        (lambda: set_supply(uow(), BEA, SupplyTerms("COLA", "NOPE", 6)), "NOPE"),
        (lambda: set_cost(uow(), BEA, "S001", "S001", 5), "itself"),
        (lambda: run_replenishment(uow(), BEA, POLICY, category="toys"), "toys"),
        (lambda: run_replenishment(uow(), BEA, POLICY, store_code="S009"), "S009"),
        (lambda: run_replenishment(uow(), BEA, Policy(service_level_bp=10_000)), "service level"),
        (lambda: approve_run(uow(), BEA, "R-77"), "no replenishment run R-77"),
    ]
    for call, words in refusals:
        with pytest.raises(
            (InvalidReplenishment, UnknownStore, RunRefused, Exception), match=words
        ):
            call()
    assert [count(engine, t) for t in TABLES] == before


def test_a_run_for_one_category_and_one_store(
    uow: UoW, engine: Engine, chain: Callable[[int], None]
) -> None:
    chain(30)
    assert run_replenishment(uow(), BEA, POLICY, category="snacks", dry_run=True).lines == ()
    assert run_replenishment(uow(), BEA, POLICY, store_code="S002", dry_run=True).lines == ()
    run = run_replenishment(uow(), BEA, POLICY, store_code="S001", category="drinks")
    assert (run.store_filter, run.category_filter, len(run.lines)) == ("S001", "drinks", 1)
