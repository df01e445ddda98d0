"""Reward items on both databases: hoctl member reward set|end|list over the Members
service (audited, permissions, an unknown SKU and a bad cost refused with a sentence and
nothing written), and MemberTill.TakeReward over mTLS (the points once per key in the
store's namespace, the stock a bundle moves, head office's refusals taking nothing)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.points import MAX_POINTS
from common.errors import InvalidInput, NotFound, PermissionDenied, Refused
from common.tls import channel_credentials
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.member_client import MemberTillClient
from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.domain.roles import Staff
from headoffice.services.points import adjust_points, balance_of
from headoffice.services.rewards import list_rewards, set_reward
from headoffice.services.stores import add_store
from headoffice.store.reward_tables import reward_items
from headoffice.store.tables import audit_log
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import add_members
from tests.db.test_price_cart import _data_dir
from tests.db.test_redemptions import put_catalogue
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(180)
NOW = 1_800_000_000_000
Uow = Callable[[], UnitOfWork]


def audited(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.entity_id)
            .where(audit_log.c.entity == "reward_item")
            .order_by(audit_log.c.id)
        )
        return [(r.action, r.entity_id) for r in rows]


def reward_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(reward_items)).scalar_one())


def test_reward_items_over_grpc_and_hoctl(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    put_catalogue(engine)
    data = _data_dir(tmp_path, chain)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            base = ["--data-dir", str(data), "--address", running.address]

            async def run(*argv: str) -> tuple[int, str, str]:
                code = await asyncio.to_thread(hoctl, [*base, "member", "reward", *argv])
                captured = capsys.readouterr()
                return code, captured.out, captured.err

            code, out, _err = await run("list", "--format", "json")
            assert (code, json.loads(out)) == (0, [])
            code, out, _err = await run("set", "COFFEE", "--points", "150")
            assert code == 0 and "COFFEE is a reward item for 150 points" in out
            code, out, _err = await run("set", "WASH", "--points", "900", "--format", "json")
            assert code == 0 and json.loads(out)[0]["points_cost"] == 900
            code, out, _err = await run("set", "COFFEE", "--points", "120")  # a new cost
            assert code == 0
            code, out, _err = await run("end", "WASH")
            assert code == 0 and "WASH is no longer a reward item" in out
            code, out, _err = await run("list", "--format", "json")
            listed = json.loads(out)
            assert [(r["sku"], r["points_cost"], r["active"]) for r in listed] == [
                ("COFFEE", 120, True), ("WASH", 900, False),
            ]  # fmt: skip
            assert listed[0]["changed_by"] == "admin" and listed[0]["changed_at"].endswith("Z")
            code, out, _err = await run("list")
            assert code == 0 and "COFFEE" in out and "WASH" in out
            before = (reward_rows(engine), len(audited(engine)))
            refusals = [
                (("set", "NOSUCH", "--points", "5"), "NOSUCH is not in head office's catalogue"),
                (("set", "SPONGE", "--points", "0"), "a reward costs a whole number of points"),
                (("set", "SPONGE", "--points", str(MAX_POINTS + 1)), "a reward costs a whole"),
                (("end", "SPONGE"), "SPONGE is not a reward item"),
            ]
            for argv, sentence in refusals:
                code, _out, err = await run(*argv)
                assert code != 0 and sentence in err, (argv, err)
            assert (reward_rows(engine), len(audited(engine))) == before

    asyncio.run(main())
    assert audited(engine) == [
        ("reward.set", "COFFEE"), ("reward.set", "WASH"), ("reward.set", "COFFEE"),
        ("reward.end", "WASH"),
    ]  # fmt: skip


def test_reward_permissions(engine: Engine) -> None:
    put_catalogue(engine)
    uow: Uow = lambda: UnitOfWork(engine)  # noqa: E731
    with pytest.raises(PermissionDenied):
        set_reward(uow(), Staff("aud", "auditor"), "COFFEE", 100, NOW)
    with pytest.raises(PermissionDenied):
        list_rewards(uow(), Staff("bea", "buyer"))
    set_reward(uow(), Staff("mia", "store_manager"), "COFFEE", 100, NOW)
    assert [i.sku for i in list_rewards(uow(), Staff("aud", "auditor"))] == ["COFFEE"]


def test_take_reward_through_member_till(engine: Engine, chain: Chain) -> None:  # noqa: F811
    uow: Uow = lambda: UnitOfWork(engine)  # noqa: E731
    for code in ("S001", "S002"):
        add_store(uow(), chain.tls.ca, code, f"Store {code}", "unused:1")
    add_members(engine)  # M000001 1380000 0001, M000002
    put_catalogue(engine)
    admin = Staff("admin", "admin")
    set_reward(uow(), admin, "COFFEE", 150, NOW)
    set_reward(uow(), admin, "WASH", 400, NOW)
    set_reward(uow(), admin, "SPONGE", 10, NOW)
    adjust_points(uow(), "M000001", "open-1", 1_000, 202601, "carried over", NOW)
    adjust_points(uow(), "M000002", "open-2", 100, 202601, "carried over", NOW)
    from headoffice.services.rewards import end_reward

    end_reward(uow(), admin, "SPONGE", NOW)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            clients = {}
            for code in ("S001", "S002"):
                cert = chain.stores[code]
                creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
                clients[code] = MemberTillClient(running.address, FixedCredentials(creds))
            try:
                await asyncio.to_thread(_scenario, clients, uow)
            finally:
                for client in clients.values():
                    client.close()

    asyncio.run(main())


def _scenario(clients: dict[str, MemberTillClient], uow: Uow) -> None:
    till, other = clients["S001"], clients["S002"]
    taken = till.take_reward("13800000001", "COFFEE", 2, "T1-K1:reward", "ann")
    assert (taken.member_id, taken.phone_masked, taken.sku, taken.qty) == (
        "M000001", "138****0001", "COFFEE", 2,
    )  # fmt: skip
    assert (taken.points, taken.balance, taken.replayed) == (300, 700, False)
    assert taken.key == "till:S001:T1-K1:reward"
    assert taken.moves == (("COFFEE", -2),)
    again = till.take_reward("13800000001", "COFFEE", 2, "T1-K1:reward", "ann")
    assert (again.points, again.balance, again.replayed, again.moves) == (
        300, 700, True, taken.moves,
    )  # fmt: skip
    # Another store's key of the same text is its own: taken once more.
    elsewhere = other.take_reward("M000001", "COFFEE", 1, "T1-K1:reward", "bo")
    assert (elsewhere.points, elsewhere.balance, elsewhere.replayed) == (150, 550, False)
    # A bundle moves its components.
    wash = till.take_reward("M000001", "WASH", 1, "T1-K2:reward", "ann")
    assert (wash.points, wash.balance) == (400, 150)
    assert wash.moves == (("SHAMPOO", -300), ("SPONGE", -1))
    refusals = [
        ("M000001", "SPONGE", 1, "T1-R1", Refused, "SPONGE is not offered for points"),
        ("M000001", "SHAMPOO", 1, "T1-R2", Refused, "SHAMPOO is not offered for points"),
        (
            "M000001",
            "COFFEE",
            2,
            "T1-R3",
            Refused,
            "the reward costs 300 points; the member has 150",
        ),
        ("M000002", "COFFEE", 1, "T1-R4", Refused, "costs 150 points; the member has 100"),
        ("M000001", "COFFEE", 1, "T1-K1:reward", Refused, "was used already"),
        ("M000002", "COFFEE", 2, "T1-K1:reward", Refused, "was used already"),
        ("M000001", "COFFEE", 0, "T1-R5", InvalidInput, "quantity must be a whole number"),
        ("13999999999", "COFFEE", 1, "T1-R6", NotFound, None),
    ]
    for member, sku, qty, key, error, sentence in refusals:
        with pytest.raises(error, match=sentence):
            till.take_reward(member, sku, qty, key, "ann")
    assert balance_of(uow(), "M000001") == 150
    assert balance_of(uow(), "M000002") == 100
