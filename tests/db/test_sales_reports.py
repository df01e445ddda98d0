"""The sales and stock reports on SQLite and PostgreSQL, checked against a plain fold.

Two stores get deliveries at two costs (so the moving average moves), then a few
hundred sales and some returns at random prices, hours and cashiers over ten days,
all through apply_batch. Each report must equal what a straightforward Python fold
over the entries the test wrote and the raw movement rows head office stored gives.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import PermissionRefused, UnknownStore
from headoffice.domain.report_period import Period, period_of
from headoffice.domain.roles import Staff
from headoffice.domain.stock_reports import suggestion
from headoffice.services import sales_reports as sr
from headoffice.services import stock_reports as kr
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.sales_rollup_table import sales_day_rollup
from headoffice.store.sales_tables import sales_hourly
from headoffice.store.tables import movements, products
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import customer_return, delivery, sale_of

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
MIA = Staff("mia", "store_manager", frozenset({"S001"}))
DAY_MS = 86_400_000
FIRST_DAY = (dt.date(2026, 11, 20) - dt.date(1970, 1, 1)).days
SKUS = [f"SKU{n}" for n in range(12)]
CASHIERS = ("anna", "ben", "chloe")
PERIOD = Period(FIRST_DAY, FIRST_DAY + 10)


def priced_sale(seq: int, lines: list[tuple[str, int, int]], at_ms: int, cashier: str,
                shift: str) -> ledger_pb2.JournalEntry:  # fmt: skip
    """A sale: (sku, qty, unit price) per line."""
    entry = sale_of(seq, [(sku, qty) for sku, qty, _p in lines], at_ms, actor=cashier)
    total = 0
    for line, (_sku, qty, price) in zip(entry.sale.lines, lines, strict=True):
        line.unit_price_minor = line.list_price_minor = price
        line.amount_minor = qty * price
        total += qty * price
    entry.sale.total_minor = total
    entry.sale.shift_id = shift
    del entry.sale.tenders[:]
    entry.sale.tenders.add(method="cash", amount_minor=total, tendered_minor=total)
    return entry


def returned(seq: int, sku: str, qty: int, at_ms: int) -> ledger_pb2.JournalEntry:
    entry = customer_return(seq, sku, qty)
    entry.occurred_at_ms = at_ms
    entry.sale_return.shift_id = "sh-r"
    return entry


Written = dict[str, list[ledger_pb2.JournalEntry]]


@pytest.fixture
def chain(uow: UoW, store: str, ca: KeyPair, engine: sa.Engine) -> Written:
    add_store(uow(), ca, "S002", "Riverside", "127.0.0.1:1", now_ms=1_000)
    with engine.begin() as conn:  # two categories, so the report has something to group
        conn.execute(
            products.update().where(products.c.sku.in_(SKUS[:6])).values(category="drinks")
        )
    rng = random.Random(14)
    written: Written = {}
    for code in ("S001", "S002"):
        entries = [delivery(1, [(sku, 400, 100 + 10 * n) for n, sku in enumerate(SKUS)])]
        seq = 2
        for day in range(10):
            if day == 5:  # a second delivery at another cost: the average moves
                entries.append(delivery(seq, [(sku, 100, 180) for sku in SKUS[:4]]))
                entries[-1].occurred_at_ms = (FIRST_DAY + day) * DAY_MS
                seq += 1
            for _n in range(rng.randint(8, 15)):
                at = (FIRST_DAY + day) * DAY_MS + rng.randint(7, 21) * 3_600_000
                lines = [(sku, rng.randint(1, 4), rng.choice((250, 300, 420)))
                         for sku in rng.sample(SKUS[:10], rng.randint(1, 3))]  # fmt: skip
                cashier = rng.choice(CASHIERS)
                entries.append(priced_sale(seq, lines, at, cashier, f"sh-{cashier}-{day}"))
                seq += 1
            if day % 3 == 0:
                entries.append(
                    returned(seq, SKUS[1], 1, (FIRST_DAY + day) * DAY_MS + 9 * 3_600_000)
                )
                seq += 1
        entries.sort(key=lambda e: e.seq)
        for start in range(0, len(entries), 25):  # several batches, as a store sends them
            apply_batch(uow(), code, entries[start : start + 25], now_ms=2_000_000_000_000)
        written[code] = entries
    return written


def fold(
    written: Written, engine: sa.Engine, key: Callable[[str, dict], str]
) -> dict[str, tuple[int, int, int]]:
    """(qty, revenue, cost) per key: revenue from the written entries' lines, quantity and
    cost from the raw sale and return movements head office stored."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for code, entries in written.items():
        for e in entries:
            if e.document_type not in ("sale", "sale_return"):
                continue
            body = e.sale if e.document_type == "sale" else e.sale_return
            sign = 1 if e.document_type == "sale" else -1
            for line in body.lines:
                ctx = {
                    "store": code,
                    "at": e.occurred_at_ms,
                    "sku": line.sku,
                    "cashier": body.cashier,
                }
                out[key(code, ctx)][1] += sign * line.amount_minor
    m = movements.c
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(m.store_code, m.sku, m.qty_base, m.unit_cost_minor, m.occurred_at_ms,
                      m.actor).where(m.reason.in_(("sale", "return")))
        ).all()  # fmt: skip
    for code, sku, qty, cost, at, actor in rows:
        ctx = {"store": code, "at": at, "sku": sku, "cashier": actor}
        out[key(code, ctx)][0] -= qty
        out[key(code, ctx)][2] -= qty * cost
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def figures(report_rows: list[dict], by: str) -> dict[str, tuple[int, int, int]]:
    return {str(r[by]): (r["qty_base"], r["amount_minor"], r["cost_minor"]) for r in report_rows}


def day_text(at: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=at // DAY_MS)).isoformat()


CATEGORY = {sku: "drinks" if sku in SKUS[:6] else "test" for sku in SKUS}
KEYS: dict[str, Callable[[str, dict], str]] = {
    "store": lambda code, c: code,
    "sku": lambda code, c: c["sku"],
    "category": lambda code, c: CATEGORY[c["sku"]],
    "day": lambda code, c: day_text(c["at"]),
    "hour": lambda code, c: str(c["at"] // 3_600_000 % 24),
}


@pytest.mark.parametrize("by", sorted(KEYS))
def test_sales_by_each_dimension_is_the_fold_of_the_raw_rows(
    uow: UoW, chain: Written, engine: sa.Engine, by: str
) -> None:
    report = sr.sales_report(uow(), ADMIN, PERIOD, by=by)
    expected = fold(chain, engine, KEYS[by])
    assert figures(report.rows, by) == expected
    whole = [sum(v[i] for v in expected.values()) for i in range(3)]
    assert [report.totals[k] for k in ("qty_base", "amount_minor", "cost_minor")] == whole
    for r in report.rows:
        assert r["margin_minor"] == r["amount_minor"] - r["cost_minor"]
        assert r["margin_bp"] == (r["margin_minor"] * 10_000 // r["amount_minor"])


def test_cashiers_and_top_sellers_and_trends(uow: UoW, chain: Written, engine: sa.Engine) -> None:
    report = sr.cashier_report(uow(), ADMIN, PERIOD)
    expected = fold(chain, engine, lambda code, c: f"{code}/{c['cashier']}")
    got = {
        f"{r['store']}/{r['staff_code']}": (r["qty_base"], r["amount_minor"]) for r in report.rows
    }
    assert got == {k: (v[0], v[1]) for k, v in expected.items()}
    tickets: dict[str, int] = defaultdict(int)
    for code, entries in chain.items():
        for e in entries:
            if e.document_type == "sale":
                tickets[f"{code}/{e.sale.cashier}"] += 1
            elif e.document_type == "sale_return":
                tickets[f"{code}/{e.sale_return.cashier}"] -= 1
    assert {f"{r['store']}/{r['staff_code']}": r["sales_count"] for r in report.rows} == tickets

    sales = sr.sales_report(uow(), ADMIN, PERIOD, by="store", top=3)
    by_sku = fold(chain, engine, KEYS["sku"])
    ranked = sorted(by_sku.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))[:3]
    assert [(t["sku"], t["amount_minor"]) for t in sales.extra["top_sellers"]] == [
        (k, v[1]) for k, v in ranked
    ]
    by_day = fold(chain, engine, KEYS["day"])
    last7 = sum(v[1] for k, v in by_day.items() if k >= day_text((FIRST_DAY + 3) * DAY_MS))
    before7 = sum(v[1] for k, v in by_day.items() if k < day_text((FIRST_DAY + 3) * DAY_MS))
    week = sales.extra["trends"][0]
    assert (week["days"], week["amount_minor"], week["before_minor"]) == (7, last7, before7)
    assert week["change_bp"] == (last7 - before7) * 10_000 // before7


def test_stock_reports_against_the_levels(uow: UoW, chain: Written, engine: sa.Engine) -> None:
    m = movements.c
    with engine.connect() as conn:
        raw = conn.execute(sa.select(m.store_code, m.sku, m.qty_base, m.reason)).all()
        levels = {(s, k): (q, c) for s, k, q, c in conn.execute(sa.text(
            "SELECT store_code, sku, qty_base, avg_cost_minor FROM stock_levels"))}  # fmt: skip
    on_hand: dict[tuple[str, str], int] = defaultdict(int)
    sold: dict[tuple[str, str], int] = defaultdict(int)
    for store, sku, qty, reason in raw:
        on_hand[(store, sku)] += qty
        if reason in ("sale", "return"):
            sold[(store, sku)] -= qty
    assert {k: v[0] for k, v in levels.items()} == dict(on_hand)

    slow = kr.slow_movers_report(uow(), ADMIN, PERIOD, threshold_days=30)
    expected = []
    for (store, sku), (qty, cost) in levels.items():
        cover = None if sold[(store, sku)] <= 0 else qty * 10 // sold[(store, sku)]
        if qty > 0 and (cover is None or cover > 30):
            promo = suggestion(cover, 30)
            expected.append((store, sku, cover, qty * cost, promo.kind, promo.markdown_bp))
    assert sorted((r["store"], r["sku"], r["cover_days"], r["value_minor"], r["promotion"],
                   r["markdown_bp"]) for r in slow.rows) == sorted(expected)  # fmt: skip
    assert {"SKU10", "SKU11"} <= {r["sku"] for r in slow.rows}  # never sold: bundle them
    nosale = kr.no_sale_report(uow(), ADMIN, PERIOD)
    assert sorted((r["store"], r["sku"]) for r in nosale.rows) == sorted(
        k for k, (qty, _c) in levels.items() if qty > 0 and sold[k] == 0
    )
    turnover = kr.turnover_report(uow(), ADMIN, PERIOD)
    cogs = fold(chain, engine, KEYS["store"])
    for r in turnover.rows:
        value = sum(q * c for (s, _k), (q, c) in levels.items() if s == r["store"] and q > 0)
        assert (r["stock_value_minor"], r["cost_minor"]) == (value, cogs[r["store"]][2])
        assert r["turnover_days"] == value * 10 // cogs[r["store"]][2]


def test_the_two_hourly_roll_ups_hold_the_same_sales_at_cost(
    chain: Written, engine: sa.Engine
) -> None:
    """sales_day_rollup (0018, the accuracy report's) and sales_hourly (0024, the sales
    reports') both hold each store-hour's sales at cost; written by two tallies in one
    transaction, they must agree (sales_tables.py says why both are kept)."""
    with engine.connect() as conn:
        days = conn.execute(sa.select(sales_day_rollup)).all()
        hourly = conn.execute(
            sa.select(sales_hourly.c.store_code, sales_hourly.c.hour, sales_hourly.c.cost_minor)
        ).all()
    by_day: dict[tuple[str, int], int] = defaultdict(int)
    for store, day, *hours in days:
        for h, cost in enumerate(hours):
            if cost:
                by_day[(store, int(day) * 24 + h)] += int(cost)
    by_hour: dict[tuple[str, int], int] = defaultdict(int)
    for store, hour, cost in hourly:
        if cost:
            by_hour[(store, int(hour))] += int(cost)
    assert by_day == by_hour and len(by_hour) > 50


def test_suggestion_rule() -> None:
    assert (suggestion(None, 30).kind, suggestion(120, 30).kind) == ("bundle", "bundle")
    assert [suggestion(d, 30).markdown_bp for d in (31, 59, 60, 90, 119)] == [
        1000,
        1000,
        2000,
        3000,
        3000,
    ]


def test_bad_input_gets_a_sentence(uow: UoW, chain: Written) -> None:
    with pytest.raises(UnknownStore, match="S404"):
        sr.sales_report(uow(), ADMIN, PERIOD, store_code="S404")
    with pytest.raises(PermissionRefused):
        sr.sales_report(uow(), MIA, PERIOD, store_code="S002")
    with pytest.raises(InvalidInput, match="empty"):
        period_of("2026-12-05", "2026-12-01", 0, 0)
    with pytest.raises(InvalidInput, match="not a date"):
        period_of("2026-13-01", "", 0, 0)
    with pytest.raises(InvalidInput, match="not 'week'"):
        sr.sales_report(uow(), ADMIN, PERIOD, by="week")
    mine = sr.sales_report(uow(), MIA, PERIOD, by="store")
    assert [r["store"] for r in mine.rows] == ["S001"]


def test_near_expiry_lots_first_in_first_out(uow: UoW, store: str) -> None:
    """Two lots of SKU1 (40 expiring in 5 days, then 30 in 40 days); 10 sold leaves 60: the
    newer lot's 30 and 30 of the older (first in, first out). Selling 45 more leaves 15 of
    the newer lot only."""
    today = FIRST_DAY
    first = delivery(1, [("SKU1", 40, 100), ("SKU2", 10, 50)])
    first.supplier_delivery.lines[0].expiry_date = "2026-11-25"  # today + 5
    first.supplier_delivery.lines[1].expiry_date = "2027-03-01"  # far off
    second = delivery(2, [("SKU1", 30, 100)])
    second.supplier_delivery.lines[0].expiry_date = "2026-12-30"  # today + 40
    sold = sale_of(3, [("SKU1", 10)], at_ms=today * DAY_MS)
    apply_batch(uow(), "S001", [first, second, sold], now_ms=today * DAY_MS)
    report = kr.near_expiry_report(uow(), ADMIN, today, within_days=30)
    assert [(r["sku"], r["expiry_date"], r["days_left"], r["received_qty_base"],
             r["left_qty_base"], r["value_minor"]) for r in report.rows] == [
        ("SKU1", "2026-11-25", 5, 40, 30, 3_000),
    ]  # fmt: skip
    wider = kr.near_expiry_report(uow(), ADMIN, today, within_days=45)
    assert [(r["expiry_date"], r["left_qty_base"]) for r in wider.rows] == [
        ("2026-11-25", 30), ("2026-12-30", 30),
    ]  # fmt: skip
    apply_batch(uow(), "S001", [sale_of(4, [("SKU1", 45)], at_ms=today * DAY_MS)])
    after = kr.near_expiry_report(uow(), ADMIN, today, within_days=45)
    assert [(r["expiry_date"], r["left_qty_base"]) for r in after.rows] == [("2026-12-30", 15)]
    with pytest.raises(InvalidInput):
        kr.near_expiry_report(uow(), ADMIN, today, within_days=-1)
