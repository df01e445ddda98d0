"""hoctl member cards|points over the Members service (real gRPC, mTLS) on SQLite and
PostgreSQL: JSON documents with integers and glossary names, text for people, an unknown
member refused with a sentence, and a merge that reports the points and cards it moved."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from common.domain.entitlements import PACKAGE, PUNCH_CARD
from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.services.entitlements import redeem_use, sell_new_card
from headoffice.services.points import adjust_points
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import add_members, seed_catalogue
from tests.db.test_price_cart import _data_dir
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(180)
NOW = 1_800_000_000_000


def test_member_cards_and_points_over_grpc_and_hoctl(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_store(UnitOfWork(engine), chain.tls.ca, "S001", "Store S001", "unused:1")
    seed_catalogue(engine, ["WASH", "WAX"])
    keep, dup = add_members(engine)
    uow = lambda: UnitOfWork(engine)  # noqa: E731
    wash, _new = sell_new_card(
        uow(), "sale-1:card", keep, PUNCH_CARD, frozenset({"WASH"}), 10, 30_000, "S001", "ann",
        NOW, expires_ms=NOW + 86_400_000, store_scope=frozenset({"S001"}),
    )  # fmt: skip
    redeem_use(uow(), "use-1", wash.card_no, "WASH", "S001", keep, "ann", NOW)
    wax, _new = sell_new_card(
        uow(), "sale-2:card", dup, PACKAGE, frozenset({"WAX", "WASH"}), 3, 9_000, "S001", "ann",
        NOW,
    )  # fmt: skip
    adjust_points(uow(), keep, "open-1", 120, 202601, "carried over", NOW)
    adjust_points(uow(), keep, "spend-1", -20, 0, "sale-9", NOW)
    adjust_points(uow(), dup, "open-2", 35, 202602, "carried over", NOW)
    data = _data_dir(tmp_path, chain)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            base = ["--data-dir", str(data), "--address", running.address]

            async def run(*argv: str) -> tuple[int, str, str]:
                code = await asyncio.to_thread(hoctl, [*base, *argv])
                captured = capsys.readouterr()
                return code, captured.out, captured.err

            code, out, _err = await run("member", "cards", keep, "--format", "json")
            assert code == 0
            [card] = json.loads(out)
            assert card == {
                "entitlement_id": wash.card_no, "member_id": "M000001", "kind": "punch_card",
                "covers": ["WASH"], "uses_bought": 10, "uses_left": 9, "currency": "CNY",
                "value_per_use_minor": 3_000, "paid_minor": 30_000,
                "expires_at": "2027-01-16T08:00:00.000Z", "stores": ["S001"],
                "shareable": False, "refunded_at": None, "sold_store": "S001",
                "sold_at": "2027-01-15T08:00:00.000Z",
            }  # fmt: skip
            code, out, _err = await run("member", "cards", keep)
            assert code == 0 and "punch_card" in out and "300.00" in out and "WASH" in out
            code, out, _err = await run("member", "points", keep, "--format", "json")
            points = json.loads(out)
            assert code == 0 and points["points_balance"] == 100
            assert [(e["kind"], e["points"], e["lot_month"]) for e in points["entries"]] == [
                ("adjust", 120, "2026-01"),
                ("adjust", -20, ""),
            ]
            assert points["entries"][0]["posted_at"] == "2027-01-15T08:00:00.000Z"
            code, out, _err = await run("member", "points", "13800000001")  # found by phone
            assert code == 0 and "M000001" in out and "100" in out and "carried over" in out
            code, out, _err = await run("member", "points", keep, "--format", "csv")
            assert out.splitlines()[0] == "posted_at,kind,points,lot_month,document,key"
            code, _out, err = await run("member", "cards", "M000009")
            assert code == 1 and "no member has" in err and "M000009" in err

            code, out, _err = await run("member", "merge", keep, dup, "--format", "json")
            merged = json.loads(out)
            assert code == 0
            assert (merged["moved_points"], merged["moved_entitlement_ids"]) == (35, [wax.card_no])
            code, out, _err = await run("member", "cards", keep, "--format", "json")
            assert [c["entitlement_id"] for c in json.loads(out)] == [wash.card_no, wax.card_no]
            code, out, _err = await run("member", "points", keep, "--format", "json")
            assert json.loads(out)["points_balance"] == 135
            assert json.loads(out)["entries"][-1]["kind"] == "merge_in"
            code, out, _err = await run("member", "cards", dup)
            assert code == 0 and "M000002 holds no punch cards or packages" in out

            sell = (
                "member", "card-sell", "13800000001", "--kind", "package", "--covers",
                "WAX, WASH", "--uses", "4", "--paid", "10001", "--key", "HO-card-1",
                "--valid-days", "30", "--stores", "S001",
            )  # fmt: skip
            code, out, _err = await run(*sell, "--format", "json")
            sold = json.loads(out)
            assert code == 0 and sold["replayed"] is False and sold["member_id"] == "M000001"
            assert (sold["covers"], sold["uses_left"], sold["sold_store"]) == (
                ["WASH", "WAX"], 4, "",
            )  # fmt: skip
            code, out, _err = await run(*sell)
            assert code == 0 and "was sold to member M000001 before with this key" in out
            card_no = str(sold["entitlement_id"])
            code, _out, err = await run(*sell[:-2], "--uses", "0")
            assert code == 1 and "uses" in err
            code, _out, err = await run("member", "card-sell", "M000009", *sell[3:])
            assert code == 1 and "no member has" in err
            code, out, _err = await run(
                "member", "card-refund", card_no, "--key", "HO-refund-1", "--format", "json"
            )
            refunded = json.loads(out)
            assert code == 0 and refunded["paid_back_minor"] == 10_001
            code, out, _err = await run("member", "card-refund", card_no, "--key", "HO-refund-1")
            assert code == 0 and "paid back 100.01" in out
            code, out, _err = await run("member", "cards", keep, "--format", "json")
            assert [c["refunded_at"] is not None for c in json.loads(out)] == [False, False, True]

    asyncio.run(main())
