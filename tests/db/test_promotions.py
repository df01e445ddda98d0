"""Promotion definitions at head office on SQLite and PostgreSQL: created one by one or
from a CSV's rows through the engine's own checks, all or nothing, listed, shown, ended,
audited; and what is stored prices a cart as the offer it was."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.promotions import CartLine, PricingContext, price_cart
from common.errors import AlreadyExists, InvalidInput, NotFound, Refused
from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.domain.errors import UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.promotions import (
    create_promotions,
    end_promotion,
    list_promotions,
    show_promotion,
)
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import seed_catalogue
from tests.db.test_price_cart import _data_dir
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

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


def test_hoctl_promo_over_a_real_server(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_store(UnitOfWork(engine), chain.tls.ca, "S001", "Main Street", "unused:1")
    seed_catalogue(engine, ("TEA", "COLA"))
    data = _data_dir(tmp_path, chain)
    sheet = tmp_path / "promos.csv"
    sheet.write_text(
        "promo_id,name,kind,skus,percent_bp,threshold_minor,amount_minor,group,weekdays,stores\n"
        "TEA10,Tea 10% off,percent_off,TEA,1000,,,tea,Sat;Sun,S001\n"
        "M5,Spend 5 save 1,spend_save,,,500,100,,,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("promo_id,kind,percent_bp\nOK,percent_off,500\nBIG,percent_off,20000\n")

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            base = ["--data-dir", str(data), "--address", running.address, "promo"]

            async def run(*args: str) -> int:
                return await asyncio.to_thread(hoctl, [*base, *args])

            assert await run("import", str(sheet)) == 0
            assert "2 promotions from promos.csv kept at head office" in capsys.readouterr().out
            assert await run("import", str(bad)) == 1
            refused = capsys.readouterr().err
            assert "row 3: offer BIG takes 200% off; it must be more than 0% and at most 100%" in (
                refused
            )
            assert await run(
                "create", "--id", "BRUNCH", "--kind", "combo", "--combo", "TEA:1,COLA:1",
                "--price", "300", "--from", "07:00", "--until", "10:30",
            ) == 0  # fmt: skip
            assert "promotion BRUNCH kept at head office" in capsys.readouterr().out
            assert await run("list", "--format", "json") == 0
            listed = json.loads(capsys.readouterr().out)
            assert [p["promo_id"] for p in listed] == ["BRUNCH", "M5", "TEA10"]
            tea = listed[2]
            assert (tea["percent_bp"], tea["weekdays"], tea["stores"], tea["group"]) == (
                1000, ["Sat", "Sun"], ["S001"], "tea"
            )  # fmt: skip
            assert (tea["state"], tea["created_by"], tea["ended_at"]) == ("open", "admin", None)
            assert tea["created_at"].endswith("Z") and tea["currency"] == "CNY"
            assert await run("show", "BRUNCH") == 0
            shown = capsys.readouterr().out
            assert "TEA + COLA for 3.00" in shown or "TEA + COLA for ¥3.00" in shown
            assert "07:00-10:30" in shown
            assert await run("end", "M5") == 0
            assert "promotion M5 ended" in capsys.readouterr().out
            assert await run("end", "M5") == 1
            assert "promotion M5 was ended already, by admin" in capsys.readouterr().err
            assert await run("list", "--format", "csv") == 0
            rows = capsys.readouterr().out.splitlines()
            assert rows[0].startswith("promo_id,name,kind,stage,group,priority")
            assert [row.split(",")[0] for row in rows[1:]] == ["BRUNCH", "TEA10"]
            assert await run("list", "--all", "--format", "json") == 0
            every = json.loads(capsys.readouterr().out)
            assert [(p["promo_id"], p["state"]) for p in every] == [
                ("BRUNCH", "open"), ("M5", "ended"), ("TEA10", "open"),
            ]  # fmt: skip
            assert await run("show", "NOPE") == 1
            assert "there is no promotion NOPE" in capsys.readouterr().err

    asyncio.run(main())
    assert rows_in_table(engine) == 3
