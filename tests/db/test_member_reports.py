"""The issue-15 reports on SQLite and PostgreSQL: promotion uplift from the per-day SKU
roll-ups, points outstanding by expiry month with its movements and top holders, and the
expire_points job run from the registry (a second run posts nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.domain.points import PointsRule
from common.errors import InvalidInput, NotFound
from headoffice.domain.errors import PermissionRefused
from headoffice.domain.report_period import Period
from headoffice.domain.roles import Staff
from headoffice.jobs.registry import JOBS, JobContext
from headoffice.services.points import adjust_points, pay_with_points
from headoffice.services.points_report import points_report
from headoffice.services.promotions import create_promotions, end_promotion
from headoffice.services.stores import add_store
from headoffice.services.uplift import uplift_report
from headoffice.store.loyalty_tables import points_entries
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import add_members, seed_catalogue

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
EPOCH = dt.date(1970, 1, 1)
OFFSET = 480  # China: the shops' days begin at 16:00 UTC


def day(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


def at_ms(text: str, hour: int = 12) -> int:
    """Noon (shops' time) of a day, in UTC ms."""
    return (day(text) * 86_400 + hour * 3600 - OFFSET * 60) * 1000


TEA10 = {"promo_id": "TEA10", "kind": "percent_off", "skus": "TEA;COLA", "percent_bp": "1000",
         "starts_local": "2026-12-01 00:00", "ends_local": "2026-12-11 00:00"}  # fmt: skip


@pytest.fixture
def shops(uow: UoW, ca: KeyPair, engine: Engine) -> None:
    for code in ("S001", "S002"):
        add_store(uow(), ca, code, "Shop " + code, "127.0.0.1:1", now_ms=1_000)
    seed_catalogue(engine, ["TEA", "COLA", "WATER"])


def sell(uow: UoW, store: str, rows: list[tuple[str, str, int, int]]) -> None:
    """Add (day, SKU, qty, amount) rows to the SKU roll-ups as apply_batch does."""
    with uow() as work:
        by_sku = {(day(d), sku): [qty, amount, 0, 1] for d, sku, qty, amount in rows}
        work.sales_report.add(store, by_sku, {})
        work.commit()


def test_uplift_compares_the_offer_window_with_as_many_days_before(uow: UoW, shops: None) -> None:
    create_promotions(uow(), ADMIN, [TEA10], now_ms=at_ms("2026-11-20"))
    # Before: 2026-11-21 .. 2026-11-30 (10 days); during: 2026-12-01 .. 2026-12-10.
    sell(uow, "S001", [
        ("2026-11-20", "TEA", 99, 99_900),  # a day before the window before: not counted
        ("2026-11-21", "TEA", 4, 4_000), ("2026-11-30", "COLA", 2, 600),
        ("2026-12-01", "TEA", 6, 5_400), ("2026-12-10", "TEA", 4, 3_600),
        ("2026-12-10", "WATER", 50, 5_000),  # not promoted
        ("2026-12-11", "TEA", 77, 77_000),  # the end is exclusive
    ])  # fmt: skip
    sell(uow, "S002", [("2026-11-25", "TEA", 1, 1_000), ("2026-12-05", "COLA", 3, 810)])
    now = at_ms("2027-01-05")
    report = uplift_report(uow(), ADMIN, "TEA10", "", OFFSET, now)
    doc = report.document()
    assert (doc["first_day"], doc["last_day"], doc["days"]) == ("2026-12-01", "2026-12-10", 10)
    assert (doc["before_first_day"], doc["before_last_day"]) == ("2026-11-21", "2026-11-30")
    rows = {r["sku"]: r for r in doc["rows"]}
    assert set(rows) == {"TEA", "COLA"}
    assert rows["TEA"] == {
        "sku": "TEA", "before_qty_base": 5, "during_qty_base": 10, "qty_uplift_bp": 20_000,
        "before_minor": 5_000, "during_minor": 9_000, "uplift_bp": 18_000,
    }  # fmt: skip
    assert (rows["COLA"]["before_minor"], rows["COLA"]["during_minor"]) == (600, 810)
    assert rows["COLA"]["uplift_bp"] == 13_500
    totals = doc["totals"]
    assert (totals["before_minor"], totals["during_minor"]) == (5_600, 9_810)
    assert totals["uplift_bp"] == 9_810 * 10_000 // 5_600
    # One store: its own rows (sales_sku_daily) only.
    one = uplift_report(uow(), ADMIN, "TEA10", "S002", OFFSET, now).document()
    assert {r["sku"]: (r["before_minor"], r["during_minor"]) for r in one["rows"]} == {
        "TEA": (1_000, 0), "COLA": (0, 810)
    }  # fmt: skip
    assert one["rows"][0]["sku"] == "COLA" and one["rows"][1]["uplift_bp"] == 0


def test_uplift_window_stops_when_the_offer_is_ended_and_nothing_before_is_null(
    uow: UoW, shops: None
) -> None:
    open_ended = {"promo_id": "COLA5", "kind": "percent_off", "skus": "COLA",
                  "percent_bp": "500", "stores": "S002"}  # fmt: skip
    create_promotions(uow(), ADMIN, [open_ended], now_ms=at_ms("2026-12-01", 9))
    end_promotion(uow(), ADMIN, "COLA5", now_ms=at_ms("2026-12-03"))
    sell(uow, "S001", [("2026-12-02", "COLA", 100, 30_000)])  # not a store of the offer
    sell(uow, "S002", [("2026-12-02", "COLA", 2, 600), ("2026-12-04", "COLA", 9, 2_700)])
    doc = uplift_report(uow(), ADMIN, "COLA5", "", OFFSET, at_ms("2026-12-20")).document()
    assert (doc["first_day"], doc["last_day"], doc["stores"]) == (
        "2026-12-01", "2026-12-03", ["S002"]
    )  # fmt: skip
    assert doc["rows"] == [{
        "sku": "COLA", "before_qty_base": 0, "during_qty_base": 2, "qty_uplift_bp": None,
        "before_minor": 0, "during_minor": 600, "uplift_bp": None,
    }]  # fmt: skip


def test_uplift_bad_input_gets_a_sentence(uow: UoW, shops: None) -> None:
    create_promotions(uow(), ADMIN, [TEA10], now_ms=at_ms("2026-11-20"))
    with pytest.raises(NotFound, match="there is no promotion NOPE"):
        uplift_report(uow(), ADMIN, "NOPE", "", OFFSET, at_ms("2027-01-05"))
    with pytest.raises(InvalidInput, match="has not run a whole day yet"):
        uplift_report(uow(), ADMIN, "TEA10", "", OFFSET, at_ms("2026-11-25"))
    scoped = {**TEA10, "promo_id": "S2ONLY", "stores": "S002"}
    create_promotions(uow(), ADMIN, [scoped], now_ms=at_ms("2026-11-20"))
    with pytest.raises(InvalidInput, match="does not run at store S001"):
        uplift_report(uow(), ADMIN, "S2ONLY", "S001", OFFSET, at_ms("2027-01-05"))
    manager = Staff("sam", "store_manager", frozenset({"S001"}))
    with pytest.raises(InvalidInput, match="runs at none of the stores you may see"):
        uplift_report(uow(), manager, "S2ONLY", "", OFFSET, at_ms("2027-01-05"))
    with pytest.raises(PermissionRefused):
        uplift_report(uow(), Staff("carl", "nobody"), "TEA10", "", OFFSET, at_ms("2027-01-05"))


def test_points_outstanding_by_expiry_month_with_movements_and_holders(
    uow: UoW, engine: Engine
) -> None:
    one, two = add_members(engine)
    adjust_points(uow(), one, "o1", 500, 202601, "carried over", at_ms("2026-01-10"))
    adjust_points(uow(), one, "o2", 300, 202603, "carried over", at_ms("2026-03-10"))
    adjust_points(uow(), two, "o3", 1_000, 202603, "carried over", at_ms("2026-03-11"))
    rule = PointsRule()
    # 200 points pay 2.00 in March: taken from the oldest lot (2026-01).
    pay_with_points(uow(), one, "p1", 200, rule, "sale-1", at_ms("2026-03-20"))
    march = Period(day("2026-03-01"), day("2026-04-01"), OFFSET)
    doc = points_report(uow(), ADMIN, march, 12, top=1).document()
    assert doc["rows"] == [
        {"lot_month": "2026-01", "expires_month": "2027-02", "points": 300, "member_count": 1},
        {"lot_month": "2026-03", "expires_month": "2027-04", "points": 1_300, "member_count": 2},
    ]
    totals = doc["totals"]
    assert (totals["points"], totals["opening_points"], totals["closing_points"]) == (
        1_600, 500, 1_600
    )  # fmt: skip
    assert (totals["adjusted_points"], totals["redeemed_points"], totals["balanced"]) == (
        1_300, 200, True
    )  # fmt: skip
    assert doc["holders"] == [
        {"member_id": two, "phone": "138****0002", "name": "M*******", "points_balance": 1_000}
    ]
    # The expiry job from the registry, in the month the first lot is gone: then nothing more.
    job = next(j for j in JOBS if j.name == "expire_points")
    config = {"points": {"expiry_months": 12}, "counts": {"utc_offset_minutes": OFFSET}}
    ctx = JobContext(uow, lambda: None, config, lambda: at_ms("2027-02-01", 9))  # type: ignore[arg-type, return-value]
    assert dict(job.run(ctx).counts) == {"members": 1, "points": 300}
    assert dict(job.run(ctx).counts) == {"members": 0, "points": 0}
    with engine.connect() as conn:
        kinds = conn.execute(sa.select(points_entries.c.kind)).scalars().all()
    assert kinds.count("expire") == 1
    feb = Period(day("2027-02-01"), day("2027-03-01"), OFFSET)
    after = points_report(uow(), ADMIN, feb, 12).document()
    assert [r["lot_month"] for r in after["rows"]] == ["2026-03"]
    assert (after["totals"]["expired_points"], after["totals"]["balanced"]) == (300, True)
    with pytest.raises(PermissionRefused):
        points_report(uow(), Staff("bea", "buyer"), feb, 12)  # no member.read
    with pytest.raises(InvalidInput, match="--top takes a whole number"):
        points_report(uow(), ADMIN, feb, 12, top=0)
