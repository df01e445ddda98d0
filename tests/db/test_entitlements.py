"""Punch cards and packages at head office on both databases: selling, authorising uses with
idempotency keys, the redemption movements of a service's consumables, refunds, and two tills
racing for the last use (exactly one wins)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.entitlements import PACKAGE, PUNCH_CARD
from common.domain.loyalty_errors import EntitlementRefused, IdempotencyConflict, UnknownCard
from common.errors import InvalidInput
from headoffice.domain.catalogue import Product
from headoffice.domain.errors import UnknownProduct
from headoffice.services.entitlements import (
    cards_of,
    redeem_use,
    refund_card,
    sell_new_card,
    uses_of,
)
from headoffice.store.loyalty_tables import entitlement_uses, entitlements
from headoffice.store.unit_of_work import UnitOfWork

NOW = 1_700_000_000_000
Uow = Callable[[], UnitOfWork]


@pytest.fixture
def catalogue(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        rows = [
            Product("SHAMPOO", "Shampoo", "ml", 1, 1, "care", "CNY", True, ()),
            Product("SPONGE", "Sponge", "piece", 300, 100, "care", "CNY", True, ()),
            Product("COFFEE", "Coffee", "piece", 1_500, 300, "cafe", "CNY", True, ()),
            Product(
                "WASH",
                "Car wash",
                "piece",
                3_000,
                0,
                "service",
                "CNY",
                True,
                (),
                kind="service",
                components=(("SHAMPOO", 300), ("SPONGE", 1)),
            ),  # fmt: skip
        ]
        uow.catalogue.save_products(rows, set(), NOW)
        uow.commit()


def sell(uow: Uow, key: str = "sale-1:card", uses: int = 10, **options: object) -> int:
    stored, new = sell_new_card(
        uow(), key, "M1", PUNCH_CARD, frozenset({"WASH"}), uses, 30_000, "S001", "ann", NOW,
        **options,  # type: ignore[arg-type]
    )  # fmt: skip
    assert new
    return stored.card_no


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        cards = conn.execute(sa.select(sa.func.count()).select_from(entitlements)).scalar_one()
        uses = conn.execute(sa.select(sa.func.count()).select_from(entitlement_uses)).scalar_one()
    return int(cards), int(uses)


def test_a_use_of_a_service_card_takes_a_use_and_names_the_consumables_to_move(
    uow: Uow, catalogue: None
) -> None:
    card_no = sell(uow)
    done = redeem_use(uow(), "sale-2:use", card_no, "WASH", "S001", "M1", "ann", NOW + 1, uses=2)
    assert (done.replayed, done.use.uses_left, done.use.value_minor) == (False, 8, 6_000)
    assert [(m.sku, m.qty_base, m.reason) for m in done.use.moves] == [
        ("SHAMPOO", -600, "redemption"),
        ("SPONGE", -2, "redemption"),
    ]
    (card,) = cards_of(uow(), "M1")
    assert (card.card.uses_taken, card.card.uses_left) == (2, 8)


def test_goods_on_a_package_take_themselves(uow: Uow, catalogue: None) -> None:
    stored, _ = sell_new_card(
        uow(), "k", "M1", PACKAGE, frozenset({"COFFEE"}), 5, 6_000, "S001", "ann", NOW
    )
    done = redeem_use(uow(), "u", stored.card_no, "COFFEE", "S002", "M1", "bob", NOW)
    assert [(m.sku, m.qty_base) for m in done.use.moves] == [("COFFEE", -1)]


def test_a_retried_key_gives_the_same_result_once_and_another_request_is_refused(
    uow: Uow, engine: Engine, catalogue: None
) -> None:
    card_no = sell(uow)
    first = redeem_use(uow(), "use-1", card_no, "WASH", "S001", "M1", "ann", NOW)
    again = redeem_use(uow(), "use-1", card_no, "WASH", "S001", "M1", "ann", NOW + 5_000)
    assert again.replayed and again.use == first.use
    assert counts(engine) == (1, 1)
    with pytest.raises(IdempotencyConflict, match="key use-1 was used already for another request"):
        redeem_use(uow(), "use-1", card_no, "WASH", "S001", "M1", "ann", NOW, uses=2)
    (card,) = cards_of(uow(), "M1")
    assert card.card.uses_taken == 1


def test_selling_again_under_a_key_returns_the_card_and_other_terms_are_refused(
    uow: Uow, engine: Engine, catalogue: None
) -> None:
    card_no = sell(uow)
    stored, new = sell_new_card(
        uow(), "sale-1:card", "M1", PUNCH_CARD, frozenset({"WASH"}), 10, 30_000, "S001", "x", 9
    )
    assert (stored.card_no, new) == (card_no, False)
    with pytest.raises(IdempotencyConflict, match="key sale-1:card sold card"):
        sell_new_card(
            uow(), "sale-1:card", "M1", PUNCH_CARD, frozenset({"WASH"}), 11, 30_000, "S001", "x", 9
        )
    assert counts(engine) == (1, 0)


def test_a_card_for_a_sku_outside_the_catalogue_is_refused(
    uow: Uow, engine: Engine, catalogue: None
) -> None:
    with pytest.raises(UnknownProduct, match="SKU WAX is not in head office's catalogue"):
        sell_new_card(uow(), "k", "M1", PUNCH_CARD, frozenset({"WAX"}), 10, 1, "S001", "ann", NOW)
    assert counts(engine) == (0, 0)


@pytest.mark.parametrize(
    ("options", "sku", "store", "member", "sentence"),
    [
        ({"expires_ms": NOW}, "WASH", "S001", "M1", "has expired"),
        (
            {"store_scope": frozenset({"S002"})},
            "WASH",
            "S001",
            "M1",
            "cannot be used at store S001",
        ),
        ({}, "WASH", "S001", "M2", "belongs to another member and is not shareable"),
        ({}, "COFFEE", "S001", "M1", "does not cover COFFEE"),
    ],
)
def test_a_refused_use_changes_nothing(
    uow: Uow,
    engine: Engine,
    catalogue: None,
    options: dict[str, object],
    sku: str,
    store: str,
    member: str,
    sentence: str,
) -> None:
    card_no = sell(uow, **options)
    with pytest.raises(EntitlementRefused, match=sentence):
        redeem_use(uow(), "u", card_no, sku, store, member, "ann", NOW)
    assert counts(engine) == (1, 0)
    with pytest.raises(UnknownCard, match="there is no card 999"):
        redeem_use(uow(), "u", 999, "WASH", "S001", "M1", "ann", NOW)


def test_a_refund_pays_back_the_unused_part_once_and_ends_the_card(
    uow: Uow, catalogue: None
) -> None:
    card_no = sell(uow, uses=3)  # 30,000 for 3: 10,000 a use
    redeem_use(uow(), "u1", card_no, "WASH", "S001", "M1", "ann", NOW)
    back = refund_card(uow(), "r1", card_no, "S001", "ann", NOW + 1)
    assert (back.use.kind, back.use.value_minor, back.replayed) == ("refund", 20_000, False)
    assert refund_card(uow(), "r1", card_no, "S001", "ann", NOW + 2).use == back.use
    with pytest.raises(EntitlementRefused, match="was refunded already"):
        refund_card(uow(), "r2", card_no, "S001", "ann", NOW + 3)
    with pytest.raises(EntitlementRefused, match="was refunded and cannot be used"):
        redeem_use(uow(), "u2", card_no, "WASH", "S001", "M1", "ann", NOW + 4)
    assert [u.kind for u in uses_of(uow(), card_no)] == ["use", "refund"]


def test_two_tills_racing_for_the_last_use_exactly_one_wins(
    uow: Uow, engine: Engine, catalogue: None
) -> None:
    card_no = sell(uow, uses=1)
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def take(n: int) -> None:
        start.wait()
        try:
            redeem_use(uow(), f"till-{n}", card_no, "WASH", f"S00{n}", "M1", "ann", NOW)
            result = "won"
        except EntitlementRefused as refused:
            result = str(refused)
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=take, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [f"card {card_no} has no uses left"] * 3 + ["won"]
    assert counts(engine) == (1, 1)
    (card,) = cards_of(uow(), "M1")
    assert card.card.uses_left == 0


@pytest.mark.parametrize(
    ("member", "store", "key", "sentence"),
    [
        ("M" * 65, "S001", "k", "member id is 65 characters long; at most 64"),
        ("M1", "S" * 33, "k", "store code is 33 characters long; at most 32"),
        ("M1", "S001", "k" * 101, "an idempotency key has 1 to 100 characters"),
        ("M1", "S001", "", "an idempotency key has 1 to 100 characters"),
        ("M\x1b1", "S001", "k", "member id"),
    ],
)
def test_texts_beyond_their_columns_are_refused_with_a_sentence_and_nothing_written(
    uow: Uow, engine: Engine, catalogue: None, member: str, store: str, key: str, sentence: str
) -> None:
    with pytest.raises(InvalidInput, match=sentence):
        sell_new_card(uow(), key, member, PUNCH_CARD, frozenset({"WASH"}), 1, 1, store, "a", NOW)
    assert counts(engine) == (0, 0)
