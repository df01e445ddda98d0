"""Promotion definitions at head office on SQLite and PostgreSQL: created one by one or
from a CSV's rows through the engine's own checks, all or nothing, listed, shown, ended,
audited; and what is stored prices a cart as the offer it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.promotions import CartLine, PricingContext, price_cart
from common.errors import AlreadyExists, InvalidInput, NotFound, Refused
from headoffice.domain.errors import UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.promotions import (
    create_promotions,
    end_promotion,
    list_promotions,
    show_promotion,
)
from headoffice.store.unit_of_work import UnitOfWork

ADMIN = Staff("admin", "admin")
COMBO = {"promo_id": "BRUNCH", "name": "Tea and cola", "kind": "combo",
         "combo_items": "TEA:1;COLA:1", "price_minor": "300", "weekdays": "Sat;Sun",
         "stores": "S001"}  # fmt: skip
TEA10 = {"promo_id": "TEA10", "kind": "percent_off", "skus": "TEA", "percent_bp": "1000",
         "group": "tea", "starts_local": "2026-12-01 00:00", "ends_local": "2027-01-01 00:00"}  # fmt: skip


def rows_in_table(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM promotions")).scalar_one())


def test_promotions_are_created_listed_shown_and_ended(
    uow: Callable[[], UnitOfWork], store: str, engine: Engine
) -> None:
    made = create_promotions(uow(), ADMIN, [COMBO, TEA10], now_ms=5_000)
    assert [p.promo_id for p in made] == ["BRUNCH", "TEA10"]
    shown = show_promotion(uow(), ADMIN, "BRUNCH")
    assert shown.offer.components == (("TEA", 1), ("COLA", 1))
    assert (shown.created_by, shown.created_at_ms, shown.status) == ("admin", 5_000, "open")
    # What was stored prices a cart as the offer it was: 200 + 200 for 300, on a Saturday.
    ctx = PricingContext("S001", datetime(2026, 12, 5, 10, 0))
    cart = [CartLine(1, "TEA", 1, 200), CartLine(2, "COLA", 1, 200)]
    assert price_cart(cart, [shown.offer], ctx).total_minor == 300

    ended = end_promotion(uow(), ADMIN, "TEA10", now_ms=6_000)
    assert (ended.status, ended.ended_by, ended.ended_at_ms) == ("ended", "admin", 6_000)
    assert [p.promo_id for p in list_promotions(uow(), ADMIN)] == ["BRUNCH"]
    every = list_promotions(uow(), ADMIN, include_ended=True)
    assert [p.promo_id for p in every] == ["BRUNCH", "TEA10"]
    with pytest.raises(Refused, match="promotion TEA10 was ended already, by admin"):
        end_promotion(uow(), ADMIN, "TEA10")
    with pytest.raises(NotFound, match="there is no promotion GONE"):
        end_promotion(uow(), ADMIN, "GONE")
    with engine.connect() as conn:
        actions = conn.execute(
            sa.text(
                "SELECT action, entity_id FROM audit_log WHERE entity = 'promotion' ORDER BY id"
            )
        ).all()
    assert [tuple(a) for a in actions] == [
        ("promotion.create", "BRUNCH"), ("promotion.create", "TEA10"), ("promotion.end", "TEA10"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "error", "sentence"),
    [
        ([COMBO, {**TEA10, "ends_local": "2026-11-30 00:00"}], InvalidInput,
         "row 2: offer TEA10 ends (2026-11-30 00:00) before it starts (2026-12-01 00:00)"),
        ([{**TEA10, "percent_bp": "12000"}], InvalidInput,
         "row 1: offer TEA10 takes 120% off; it must be more than 0% and at most 100%"),
        ([{**COMBO, "combo_items": "TEA:1;GIN:1"}], InvalidInput,
         "row 1: offer BRUNCH names SKU GIN, which is not in the catalogue"),
        ([{**TEA10, "kind": "amount_off", "percent_bp": "", "amount_minor": "250"}],
         InvalidInput, "row 1: offer TEA10 takes ¥2.50 off TEA, which costs only ¥2.00"),
        ([{**TEA10, "priority": "high"}], InvalidInput,
         "row 1: priority must be a whole number, got 'high'"),
        ([TEA10, COMBO, TEA10], InvalidInput, "row 3: promotion TEA10 is also on row 1"),
        ([{**COMBO, "stores": "S009"}], UnknownStore, "store S009 is not enrolled"),
        ([{**TEA10, "colour": "red"}], InvalidInput, "unknown promotion field colour"),
    ],
)  # fmt: skip
def test_a_wrong_row_refuses_the_whole_import_with_its_row_number(
    uow: Callable[[], UnitOfWork],
    store: str,
    engine: Engine,
    rows: list[dict[str, str]],
    error: type[Exception],
    sentence: str,
) -> None:
    with pytest.raises(error) as refused:
        create_promotions(uow(), ADMIN, rows)
    assert sentence in str(refused.value)
    assert rows_in_table(engine) == 0


def test_a_promotion_id_is_taken_once(
    uow: Callable[[], UnitOfWork], store: str, engine: Engine
) -> None:
    create_promotions(uow(), ADMIN, [TEA10])
    with pytest.raises(AlreadyExists, match="row 2: promotion TEA10 exists already"):
        create_promotions(uow(), ADMIN, [COMBO, TEA10])
    assert rows_in_table(engine) == 1
