"""Reorder suggestions and transfers before purchases, without a database."""

from __future__ import annotations

import math

import pytest

from headoffice.domain.demand import Demand
from headoffice.domain.replenishment import (
    COMPUTED,
    MIN_MAX,
    MinMax,
    Policy,
    Stock,
    check_min_max,
    check_pack,
    check_policy,
    need_of,
    order_up_to,
    reorder_point,
    round_to_pack,
    service_level_bp_of,
    z_milli,
)
from headoffice.domain.replenishment_errors import InvalidReplenishment
from headoffice.domain.replenishment_plan import (
    PURCHASE,
    TRANSFER,
    UNSOURCED,
    SupplyTerms,
    cost_table,
    plan_sku,
)

# 1 piece a day, no spread, L = R = 7: order-up-to 14, a transfer takes a day (needs 1).
POLICY = Policy(default_lead_time_days=7, review_period_days=7, transfer_lead_time_days=1)


def demand(store: str, velocity_milli: int = 1000, sigma_milli: int = 0) -> Demand:
    return Demand(store, "COLA", velocity_milli, velocity_milli, velocity_milli, sigma_milli,
                  30, 30, 0)  # fmt: skip


def need(store: str, on_hand: int, **stock: int):
    return need_of(demand(store), Stock(on_hand, **stock), 7, POLICY)


def test_z_from_the_service_level() -> None:
    assert z_milli(9500) == 1645
    assert z_milli(5000) == 0
    assert service_level_bp_of(0.95) == 9500
    assert service_level_bp_of("0.9") == 9000  # as headoffice.toml's writer keeps it
    for bad in (0.0, 1.0, 1.5, -0.1, 0, 9500, "x", "nan", True, None):
        with pytest.raises(InvalidReplenishment, match="service level"):
            service_level_bp_of(bad)


def test_order_up_to_and_reorder_point_round_up() -> None:
    # 2.5 a day, σ 1.2, L 3, R 7, z 1.645: 25 + 1.645 * 1.2 * sqrt(10) = 31.24... -> 32
    assert order_up_to(2500, 1200, 3, 7, 1645) == math.ceil(25 + 1.645 * 1.2 * math.sqrt(10))
    assert order_up_to(2500, 1200, 3, 7, 1645) == 32
    assert order_up_to(1000, 0, 7, 7, 1645) == 14  # exactly 14, not 15 from float noise
    assert reorder_point(2500, 1200, 3, 1645) == math.ceil(7.5 + 1.645 * 1.2 * math.sqrt(3))
    assert order_up_to(0, 0, 7, 7, 1645) == 0


def test_pack_and_minimum_rounding() -> None:
    assert round_to_pack(6, 12, 0) == 12
    assert round_to_pack(13, 12, 0) == 24
    assert round_to_pack(3, 1, 10) == 10
    assert round_to_pack(11, 6, 10) == 12
    assert round_to_pack(0, 12, 24) == 0


def test_a_suggestion_shows_its_inputs() -> None:
    n = need("A", 4, inbound_qty_base=2, on_order_qty_base=3, reserved_qty_base=1)
    assert (n.velocity_milli, n.sigma_milli, n.lead_time_days, n.review_period_days) == (
        1000, 0, 7, 7)  # fmt: skip
    assert n.z_milli == 1645
    assert n.stock.position == 4 + 2 + 3 - 1
    assert n.order_up_to_qty_base == 14
    assert n.raw_qty_base == 14 - 8
    assert n.source == COMPUTED


def test_min_max_overrides_the_computed_figure() -> None:
    mm = MinMax("A", "COLA", 5, 40)
    low = need_of(demand("A"), Stock(5), 7, POLICY, mm)
    assert (low.order_up_to_qty_base, low.reorder_point_qty_base, low.raw_qty_base) == (40, 5, 35)
    assert low.source == MIN_MAX
    above = need_of(demand("A"), Stock(6), 7, POLICY, mm)
    assert above.raw_qty_base == 0


def test_bad_settings_are_refused_with_a_sentence() -> None:
    with pytest.raises(InvalidReplenishment, match="is above its maximum"):
        check_min_max("A", "COLA", 10, 5)
    for pack in (0, -3):
        with pytest.raises(InvalidReplenishment, match="pack size of COLA must be a positive"):
            check_pack("COLA", pack, 0)
    with pytest.raises(InvalidReplenishment, match="review period"):
        check_policy(Policy(review_period_days=0))
    with pytest.raises(InvalidReplenishment, match="demand window"):
        check_policy(Policy(demand_window_days=14))


NO_COST = cost_table({}, 100)
TERMS = SupplyTerms("COLA", "BEV", pack_qty_base=12)


def test_a_short_10_and_b_surplus_15_make_one_transfer_and_no_purchase() -> None:
    a, b = need("A", 4), need("B", 30)
    assert a.raw_qty_base == 10
    assert b.surplus_qty_base == 30 - 14 - 1 == 15
    lines = plan_sku([a, b], TERMS, NO_COST)
    assert [(ln.kind, ln.from_store, ln.need.store_code, ln.qty_base) for ln in lines] == [
        (TRANSFER, "B", "A", 10)
    ]


def test_b_surplus_4_makes_a_transfer_of_4_and_a_purchase_rounded_to_the_pack() -> None:
    a, b = need("A", 4), need("B", 19)
    assert b.surplus_qty_base == 4
    lines = plan_sku([a, b], TERMS, NO_COST)
    assert [(ln.kind, ln.from_store, ln.supplier_code, ln.raw_qty_base, ln.qty_base)
            for ln in lines] == [(TRANSFER, "B", "", 4, 4), (PURCHASE, "", "BEV", 6, 12)]  # fmt: skip


def test_cheapest_store_first_and_never_a_disabled_store() -> None:
    a, b, c = need("A", 4), need("B", 30), need("C", 30)
    costs = cost_table({("B", "A"): 500, ("C", "A"): 50}, 100)
    lines = plan_sku([a, b, c], TERMS, costs)
    assert [(ln.from_store, ln.qty_base) for ln in lines] == [("C", 10)]
    lines = plan_sku([a, b, c], TERMS, costs, disabled={"C"})
    assert [(ln.from_store, ln.qty_base) for ln in lines] == [("B", 10)]
    # a disabled store is not served either
    assert plan_sku([a, b], TERMS, costs, disabled={"A"}) == []


def test_a_run_for_one_store_serves_only_it_and_a_sku_without_supplier_is_unsourced() -> None:
    a, d = need("A", 4), need("D", 0)
    lines = plan_sku([a, d], None, NO_COST, recipients={"D"})
    assert [(ln.kind, ln.need.store_code, ln.qty_base) for ln in lines] == [(UNSOURCED, "D", 14)]


def test_surplus_is_shared_largest_shortage_first() -> None:
    a, d, b = need("A", 4), need("D", 0), need("B", 30)
    lines = plan_sku([a, d, b], TERMS, NO_COST)
    assert [(ln.kind, ln.need.store_code, ln.qty_base) for ln in lines] == [
        (TRANSFER, "D", 14), (TRANSFER, "A", 1), (PURCHASE, "A", 12)]  # fmt: skip


def test_the_policy_from_headoffice_toml() -> None:
    from headoffice.config import DEFAULTS
    from headoffice.services.replenish import policy_from_config

    assert policy_from_config(DEFAULTS) == Policy()
    assert policy_from_config({"replenishment": {"service_level": "0.99"}}).z_milli == 2326
    for section, words in (
        ({"service_level": 1.2}, "service level"),
        ({"service_level_bp": 0}, "service level"),
        ({"review_period_days": "7"}, "review_period_days must be a whole number"),
        ({"demand_window_days": 14}, "demand window"),
        ({"default_lead_time_days": 0}, "default lead time"),
    ):
        with pytest.raises(InvalidReplenishment, match=words):
            policy_from_config({"replenishment": section})


def test_the_cost_tables_walk_orders_donors_as_sorting_would() -> None:
    """plan_sku with a CostTable (donors at the default cost walked in code order, the few
    costed by hand sorted) plans exactly what sorting every donor by (cost, code) for each
    short store plans (a plain callable takes that path), on random chains and costs."""
    import random

    from headoffice.domain.replenishment import COMPUTED, Need, Stock
    from headoffice.domain.replenishment_plan import SupplyTerms, cost_table, plan_sku

    rnd = random.Random(14)
    for _round in range(300):
        codes = [f"S{n:03d}" for n in rnd.sample(range(60), rnd.randint(1, 40))]
        needs = []
        for code in codes:
            on_hand = rnd.randint(0, 60)
            target = rnd.randint(0, 40)
            stock = Stock(on_hand, rnd.choice((0, 0, 5)), 0, rnd.choice((0, 0, 3)))
            needs.append(Need(code, "K", 1000, 0, 7, 7, 1645, stock, target, 3,
                              max(target - stock.position, 0), COMPUTED, rnd.randint(0, 3)))  # fmt: skip
        default = rnd.choice((0, 100, 250))
        costs = {
            (rnd.choice(codes), rnd.choice(codes)): rnd.choice((0, 50, 100, 250, 400))
            for _n in range(rnd.randint(0, 30))
        }
        disabled = set(rnd.sample(codes, rnd.randint(0, min(2, len(codes)))))
        recipients = None if rnd.random() < 0.7 else set(rnd.sample(codes, 1))
        terms = SupplyTerms("K", "SUP", rnd.choice((1, 6, 12)), rnd.choice((0, 10)), 7)
        fast = plan_sku(needs, terms, cost_table(costs, default), disabled, recipients, 5)
        plain = plan_sku(needs, terms, lambda a, b, c=costs, d=default: c.get((a, b), d),
                         disabled, recipients, 5)  # fmt: skip
        assert fast == plain
