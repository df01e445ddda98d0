"""Random carts with random promotions, priced at the till and re-priced at head office, on
SQLite and PostgreSQL: identical to the fen (head office accepts the sale only then), and
every returned line refunds exactly its allocated price, even returned piece by piece.

Each example is a store of its own: promotions created at head office for it alone (hoctl
promo create's service), sent down its feed to its own ledger, a sale at its till, the
journal applied at head office (apply_batch re-prices every promoted sale), then returns.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from itertools import count as counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as hs

from common.certs import KeyPair
from common.domain.pricing import ScannedItem
from common.errors import InvalidInput
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import sell
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.roles import Staff
from headoffice.services.promotions import create_promotions
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_promotions_downstream import sync_down
from tests.edge.conftest import journal_entries

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
SKUS = ("COLA", "WATER", "TEA", "SKU0", "SKU1")  # 2.00 each (tests.db.conftest)

skus = hs.lists(hs.sampled_from(SKUS), min_size=1, max_size=3, unique=True).map(";".join)
group = hs.sampled_from(("", "", "g1", "g2"))
priority = hs.integers(0, 3).map(str)
promotion = hs.one_of(
    hs.fixed_dictionaries({"kind": hs.just("percent_off"), "skus": skus,
                           "percent_bp": hs.integers(1, 5_000).map(str)}),
    hs.fixed_dictionaries({"kind": hs.just("amount_off"), "skus": skus,
                           "amount_minor": hs.integers(1, 150).map(str)}),
    hs.fixed_dictionaries({"kind": hs.just("price"), "skus": skus,
                           "price_minor": hs.integers(1, 199).map(str)}),
    hs.fixed_dictionaries({"kind": hs.just("percent_off"),
                           "percent_bp": hs.integers(1, 3_000).map(str)}),
    hs.fixed_dictionaries({"kind": hs.just("spend_save"),
                           "threshold_minor": hs.integers(100, 3_000).map(str),
                           "amount_minor": hs.integers(1, 99).map(str),
                           "repeat": hs.sampled_from(("yes", "no"))}),
    hs.fixed_dictionaries({"kind": hs.just("buy_x_get_y"), "skus": skus,
                           "buy_qty": hs.integers(1, 3).map(str), "get_qty": hs.just("1")}),
    hs.fixed_dictionaries({"kind": hs.just("combo"),
                           "combo_items": hs.lists(hs.sampled_from(SKUS), min_size=2, max_size=2,
                                                   unique=True).map(lambda s: f"{s[0]}:1;{s[1]}:1"),
                           "price_minor": hs.integers(1, 399).map(str)}),
)  # fmt: skip
promotions = hs.lists(hs.tuples(promotion, group, priority), min_size=1, max_size=6)
# One line per SKU: a return names the SKU, so each line is returned on its own.
cart = hs.lists(
    hs.tuples(hs.sampled_from(SKUS), hs.integers(1, 5)),
    min_size=1,
    max_size=5,
    unique_by=lambda item: item[0],
)


@pytest.mark.usefixtures("store")
def test_till_and_head_office_price_alike_and_returns_refund_each_lines_share(
    uow: UoW, ca: KeyPair
) -> None:
    stores_made = counter(1)
    seen = {"discounted": 0}

    @settings(max_examples=30, deadline=None, derandomize=True, report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(promotions, cart, hs.data())
    def one_store(
        offers: list[tuple[dict[str, str], str, str]],
        items: list[tuple[str, int]],
        data: hs.DataObject,
    ) -> None:
        store = f"P{next(stores_made):03d}"
        rows = [
            {**cells, "promo_id": f"{store}-{n}", "group": grp, "priority": prio,
             "stores": store}
            for n, (cells, grp, prio) in enumerate(offers)
        ]  # fmt: skip
        add_store(uow(), ca, store, "Promo", "127.0.0.1:1", now_ms=1_000)
        try:
            create_promotions(uow(), ADMIN, rows)  # all or nothing: each must be valid
        except InvalidInput:
            assume(False)
        with tempfile.TemporaryDirectory() as tmp:
            ctx = StoreContext.open(Path(tmp) / "ledger.db", store, store)
            try:
                _sell_and_return(uow, ctx, store, items, data, seen)
            finally:
                ctx.close()

    one_store()
    assert seen["discounted"] >= 5  # the examples did exercise the promotions


def _sell_and_return(
    uow: UoW,
    ctx: StoreContext,
    store: str,
    items: list[tuple[str, int]],
    data: hs.DataObject,
    seen: dict[str, int],
) -> None:
    sync_down(uow, ctx)
    scanned = [ScannedItem(sku, qty) for sku, qty in items]
    result = sell(ctx, "T1", "ann", scanned, [TenderOffer("cash", 1_000_000)])
    sale = result.sale
    seen["discounted"] += any(line.offer_discount_minor for line in sale.lines)
    assert sale.total_minor == sum(line.net_minor for line in sale.lines)
    # Head office re-prices the promoted sale with its own promotions: it must accept it.
    applied = apply_batch(uow(), store, journal_entries(ctx))
    assert applied.applied == 1
    # Every line back, in one or two goes: exactly what was paid for it.
    after = 1
    for line in sale.lines:
        first = data.draw(hs.integers(1, line.qty_base), label=f"line {line.line_no} first")
        refunded = 0
        for qty in (first, line.qty_base - first):
            if qty:
                back = return_goods(ctx, "T1", "ann", sale.sale_no,
                                    [ReturnItemIn(line.sku, qty)], [])  # fmt: skip
                refunded += back.sale_return.total_minor
        assert refunded == line.net_minor, line
    # ... and head office takes the returns too.
    assert apply_batch(uow(), store, journal_entries(ctx, after)).applied >= 1


def test_head_office_refuses_a_sale_whose_promotions_are_not_its_pricing(
    uow: UoW, store: str, tmp_path: Path
) -> None:
    create_promotions(uow(), ADMIN, [{"promo_id": "TEA10", "kind": "percent_off",
                                      "skus": "TEA", "percent_bp": "1000"}])  # fmt: skip
    ctx = StoreContext.open(tmp_path / "ledger.db", store, store)
    try:
        sync_down(uow, ctx)
        sell(ctx, "T1", "ann", [ScannedItem("TEA", 3)], [TenderOffer("cash", 540)])
        entries = journal_entries(ctx)
    finally:
        ctx.close()
    sale = entries[-1].sale
    assert (sale.total_minor, sale.lines[0].offer_discount_minor) == (540, 60)
    cases = {
        "more off": lambda s: (setattr(s.lines[0], "offer_discount_minor", 61),
                               setattr(s.lines[0].offers[0], "discount_minor", 61),
                               setattr(s, "total_minor", 539)),
        "unknown promotion": lambda s: s.promo_ids.append("FREE"),
        "no minute": lambda s: setattr(s, "priced_local", ""),
        "a day off": lambda s: setattr(s, "priced_local", "2020-01-01 10:00"),
    }  # fmt: skip
    not_redeemed = {"a coupon not redeemed": lambda s: s.coupons.append("WELCOME")}
    for what, tamper in cases.items():
        bad = [type(e).FromString(e.SerializeToString()) for e in entries]
        tamper(bad[-1].sale)
        with pytest.raises(InvalidEntry) as refused:
            apply_batch(uow(), store, bad)
        assert refused.value.code == "offer_mismatch", what
    for what, tamper in not_redeemed.items():
        bad = [type(e).FromString(e.SerializeToString()) for e in entries]
        tamper(bad[-1].sale)
        with pytest.raises(InvalidEntry) as refused:
            apply_batch(uow(), store, bad)
        assert refused.value.code == "coupon_not_redeemed", what
    assert apply_batch(uow(), store, entries).applied == len(entries)
