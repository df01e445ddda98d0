"""Replenishment runs on the in-memory unit of work: run, show, approve, refusals, the job.

The fixture chain: S001 (A) and S002 (B) each sell one COLA a day for 90 days; with a
7-day lead time and review period A's order-up-to is 14 and a transfer needs one day of
B's sales, so A on hand 4 is 10 short and B on hand 30 has 15 surplus. tests/db runs the
same chain on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from common.i18n import use_language
from headoffice.domain.demand import DAY_MS
from headoffice.domain.replenishment import MinMax, Policy
from headoffice.domain.replenishment_errors import InvalidReplenishment, RunRefused
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.roles import Staff
from headoffice.services.replenish import get_run, list_runs, reorder_points, run_replenishment
from headoffice.services.replenish_approve import approve_run, run_replenishment_job
from headoffice.services.replenish_settings import set_min_max, set_supply
from tests.unit.headoffice.fake_ledger import FakeStores
from tests.unit.headoffice.fake_tables import MovementRecord
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

ADMIN = Staff("admin", "admin")
NOW = 400 * DAY_MS
POLICY = Policy(default_lead_time_days=7, review_period_days=7, transfer_lead_time_days=1)


def sells_one_a_day(db: FakeDatabase, store: str, sku: str = "COLA") -> None:
    for day in range(90):
        db.tables.movements.append(
            MovementRecord(len(db.tables.movements) + 1, store, day + 1, "sale", f"r{day}",
                           "ann", NOW - day * DAY_MS - 3_600_000, sku, -1, "sale", 100)
        )  # fmt: skip
        # what apply adds up for the sale: the day's sales roll-up demand reads
        at = NOW - day * DAY_MS - 3_600_000
        db.tables.sales_sku_daily[(store, at // DAY_MS, sku)] = [1, 300, 100, 1]


def chain(b_on_hand: int) -> FakeDatabase:
    db = FakeDatabase()
    for code in ("S001", "S002"):
        db.seed_store(code)
        sells_one_a_day(db, code)
    db.seed_product("COLA", cost_minor=100)
    db.seed_supplier("BEV")
    db.seed_level("S001", "COLA", 4, 100)
    db.seed_level("S002", "COLA", b_on_hand, 100)
    set_supply(FakeUnitOfWork(db), ADMIN, SupplyTerms("COLA", "BEV", 12, 0, 90))
    return db


def lines_of(run):
    return [(ln.kind, ln.from_store or ln.supplier_code, ln.store_code, ln.qty_base)
            for ln in run.lines]  # fmt: skip


def test_a_10_short_and_b_15_surplus_make_one_transfer_and_no_order() -> None:
    db = chain(30)
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW)
    assert lines_of(run) == [("transfer", "S002", "S001", 10)]
    line = run.lines[0]
    assert (line.velocity_milli, line.sigma_milli, line.lead_time_days, line.z_milli) == (
        1000, 0, 7, 1645)  # fmt: skip
    assert (line.on_hand_qty_base, line.order_up_to_qty_base, line.need_qty_base) == (4, 14, 10)
    after = approve_run(FakeUnitOfWork(db), ADMIN, run.run_id, now_ms=NOW + 1)
    assert after.state == "approved"
    (transfer,) = db.tables.transfers.values()
    assert (transfer.from_store, transfer.to_store) == ("S002", "S001")
    assert [(ln.sku, ln.qty_base) for ln in transfer.lines] == [("COLA", 10)]
    assert after.lines[0].document_id == transfer.transfer_id
    assert not db.tables.orders
    assert [r.action for r in db.tables.audit][-3:] == [
        "replenish.run", "transfer.create", "replenish.approve"]  # fmt: skip
    with pytest.raises(RunRefused, match="no line left to approve"):
        approve_run(FakeUnitOfWork(db), ADMIN, run.run_id)


def test_b_surplus_4_makes_a_transfer_of_4_and_an_order_rounded_to_the_pack() -> None:
    db = chain(19)
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW)
    assert lines_of(run) == [("transfer", "S002", "S001", 4), ("purchase", "BEV", "S001", 12)]
    assert run.lines[1].raw_qty_base == 6
    approve_run(FakeUnitOfWork(db), ADMIN, run.run_id, now_ms=NOW + 1)
    (order,) = db.tables.orders.values()
    assert (order.store_code, order.supplier_code, order.state) == ("S001", "BEV", "draft")
    assert [(ln.sku, ln.ordered_qty_base, ln.unit_cost_minor) for ln in order.lines] == [
        ("COLA", 12, 90)]  # fmt: skip
    # the next run sees the transfer inbound and the order on order: nothing more to do
    again = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW + 2)
    assert again.lines == ()


def test_approval_of_changed_stock_is_refused_and_changes_nothing() -> None:
    db = chain(30)
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW)
    db.seed_level("S001", "COLA", 2, 100)  # two more sold since
    with pytest.raises(RunRefused, match="stock of COLA at S001 changed since R-1"):
        approve_run(FakeUnitOfWork(db), ADMIN, run.run_id)
    assert not db.tables.transfers
    assert get_run(FakeUnitOfWork(db), ADMIN, "R-1").state == "proposed"


def test_some_lines_then_the_rest() -> None:
    db = chain(19)
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW)
    part = approve_run(FakeUnitOfWork(db), ADMIN, run.run_id, [1], now_ms=NOW + 1)
    assert part.state == "partly_approved"
    with pytest.raises(RunRefused, match="line 1 of R-1 is approved already"):
        approve_run(FakeUnitOfWork(db), ADMIN, run.run_id, [1])
    with pytest.raises(InvalidReplenishment, match="has no line 9"):
        approve_run(FakeUnitOfWork(db), ADMIN, run.run_id, [9])
    # the transfer approved first is the run's own doing, not a change of stock
    rest = approve_run(FakeUnitOfWork(db), ADMIN, run.run_id, [2], now_ms=NOW + 2)
    assert rest.state == "approved"
    assert len(db.tables.orders) == 1


def test_a_dry_run_keeps_nothing_and_min_max_overrides() -> None:
    db = chain(30)
    set_min_max(FakeUnitOfWork(db), ADMIN, [MinMax("S001", "COLA", 5, 40)])
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, dry_run=True, now_ms=NOW)
    assert lines_of(run) == [("transfer", "S002", "S001", 15), ("purchase", "BEV", "S001", 24)]
    assert run.lines[0].source == "min_max"
    assert list_runs(FakeUnitOfWork(db), ADMIN) == []


def test_bad_input_is_refused_with_a_sentence_and_no_row() -> None:
    db = chain(30)
    with pytest.raises(InvalidReplenishment, match="above its maximum"):
        set_min_max(FakeUnitOfWork(db), ADMIN, [MinMax("S001", "COLA", 50, 40)])
    with pytest.raises(InvalidReplenishment, match="pack size of COLA must be a positive"):
        set_supply(FakeUnitOfWork(db), ADMIN, SupplyTerms("COLA", "BEV", 0, 0, 0))
    with pytest.raises(InvalidReplenishment, match="no category 'toys'"):
        run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, category="toys", now_ms=NOW)
    assert db.tables.replenish.min_max == {}
    assert db.tables.replenish.supply["COLA"].pack_qty_base == 12
    assert db.tables.replenish.runs == {}


def test_a_disabled_store_gives_nothing() -> None:
    db = chain(30)
    FakeStores(db.tables).set_disabled("S002", True)
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW)
    assert lines_of(run) == [("purchase", "BEV", "S001", 12)]


def test_reorder_points_and_the_job() -> None:
    db = chain(30)
    points = {
        (p.store_code, p.sku): p for p in reorder_points(FakeUnitOfWork(db), POLICY, now_ms=NOW)
    }
    a = points[("S001", "COLA")]
    assert (a.on_hand_qty_base, a.reorder_point_qty_base, a.inbound_qty_base, a.low) == (
        4,
        7,
        0,
        True,
    )
    assert not points[("S002", "COLA")].low
    off = run_replenishment_job(lambda: FakeUnitOfWork(db), POLICY, now_ms=NOW)
    assert (off.transfer_lines, off.auto_approved_lines) == (1, 0)
    assert not db.tables.transfers
    # 10 COLA at 100 is 1,000: "below 1,000" leaves it for a person, below 1,001 approves it
    job = run_replenishment_job(lambda: FakeUnitOfWork(db), POLICY, 1_000, now_ms=NOW)
    assert job.auto_approved_lines == 0
    with use_language("zh_CN"):  # the job's summary, in head office's language
        done = run_replenishment_job(lambda: FakeUnitOfWork(db), POLICY, 1_001, now_ms=NOW)
    assert done.auto_approved_lines == 1
    assert done.summary.startswith("R-3：调拨行 1 条（自动批准 1 条）")
    (transfer,) = db.tables.transfers.values()
    assert transfer.created_by == "replenishment-job"


def test_low_stock_alerts_come_from_the_reorder_points() -> None:
    from headoffice.domain import alerts as alert_rules
    from headoffice.services.replenish import low_stock_source

    db = chain(30)
    source = low_stock_source(POLICY)
    (alert,) = alert_rules.low_stock(source(FakeUnitOfWork(db), "", NOW))
    assert (alert.kind, alert.store_code, alert.sku, alert.qty_base) == (
        "low_stock", "S001", "COLA", 4)  # fmt: skip
    assert alert.reorder_point_qty_base == 7
    assert list(alert_rules.low_stock(source(FakeUnitOfWork(db), "S002", NOW))) == []


def test_a_long_run_returns_its_first_lines_and_its_document_pages(monkeypatch) -> None:
    """A run's lines go to the document in chunks as they are planned; the Run returned
    carries the first RETURNED_LINES with line_count the whole number, and show pages."""
    from headoffice.services import replenish_run
    from headoffice.services.replenish import get_run_page

    monkeypatch.setattr(replenish_run, "RETURNED_LINES", 1)
    monkeypatch.setattr(replenish_run, "LINE_CHUNK", 1)
    db = chain(19)  # B's surplus 4: a transfer of 4 and a purchase for the rest
    run = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, now_ms=NOW)
    assert (len(run.lines), run.line_count, run.lines_in_all) == (1, 2, 2)
    whole = get_run(FakeUnitOfWork(db), ADMIN, run.run_id)
    assert [ln.line_no for ln in whole.lines] == [1, 2]
    assert run.lines_value_minor == sum(ln.value_minor for ln in whole.lines)
    page, count, value = get_run_page(FakeUnitOfWork(db), ADMIN, run.run_id, 1, 5)
    assert [ln.line_no for ln in page.lines] == [2]
    assert (count, value) == (2, run.lines_value_minor)
    first, _count, _value = get_run_page(FakeUnitOfWork(db), ADMIN, run.run_id, 0, 1)
    assert [ln.line_no for ln in first.lines] == [1]
    dry = run_replenishment(FakeUnitOfWork(db), ADMIN, POLICY, dry_run=True, now_ms=NOW)
    assert (len(dry.lines), dry.line_count) == (1, 2)
    with pytest.raises(InvalidReplenishment):
        get_run_page(FakeUnitOfWork(db), ADMIN, run.run_id, -1, 5)
