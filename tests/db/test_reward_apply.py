"""Head office applying the `reward` entries a store sends, on both databases: the points
it took under the store's key for that member, SKU and quantity, exactly the movements it
computes for the item; a tampered entry refused with its code, a replayed batch changing
nothing, one entry per key."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.roles import Staff
from headoffice.services.points import adjust_points, balance_of
from headoffice.services.reward_checks import REWARD_MISMATCH, REWARD_TWICE, REWARD_UNAUTHORISED
from headoffice.services.rewards import set_reward, take_at_till
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.reward_tables import reward_journal
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_redemptions import entry_count, put_catalogue, stock

NOW = 1_700_000_000_000
Uow = Callable[[], UnitOfWork]
REDEMPTION = ledger_pb2.MovementReason.MOVEMENT_REASON_REDEMPTION
WASH_MOVES = (("SHAMPOO", -300), ("SPONGE", -1))


def entry(
    seq: int,
    key: str = "K1:reward",
    moves: tuple[tuple[str, int], ...] = WASH_MOVES,
    member: str = "M000001",
    sku: str = "WASH",
    qty: int = 1,
    points: int = 400,
) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=NOW + seq, actor="ann", document_type="reward",
        document_id=f"W{seq}",
        movements=[ledger_pb2.Movement(sku=s, qty_base=q, reason=REDEMPTION) for s, q in moves],
        reward=ledger_pb2.Reward(
            reward_id=f"W{seq}", member_id=member, sku=sku, qty=qty, points=points,
            authorisation_key=key, till_id="T1", cashier="ann",
        ),
    )  # fmt: skip


@pytest.fixture
def taken(uow: Uow, engine: Engine, store: str, members: list[str]) -> None:
    """M000001 took one WASH (400 points) at S001 under the till's key K1:reward."""
    put_catalogue(engine)
    set_reward(uow(), Staff("admin", "admin"), "WASH", 400, NOW)
    set_reward(uow(), Staff("admin", "admin"), "COFFEE", 100, NOW)
    adjust_points(uow(), "M000001", "open-1", 1_000, 202601, "carried over", NOW)
    take_at_till(uow, "S001", "M000001", "WASH", 1, "K1:reward", NOW)


def journaled(engine: Engine) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(reward_journal.c.points_key, reward_journal.c.journal_seq))
        return [(r.points_key, r.journal_seq) for r in rows]


def test_a_reward_moves_head_offices_stock_once(uow: Uow, engine: Engine, taken: None) -> None:
    batch = [entry(1)]
    result = apply_batch(uow(), "S001", batch, now_ms=NOW)
    assert (result.applied, result.committed_seq) == (1, 1)
    assert stock(engine) == {"SHAMPOO": -300, "SPONGE": -1}
    assert journaled(engine) == [("till:S001:K1:reward", 1)]
    # The batch again (a lost acknowledgement): acknowledged, nothing changes.
    again = apply_batch(uow(), "S001", batch, now_ms=NOW + 1)
    assert (again.applied, again.duplicates) == (0, 1)
    assert stock(engine) == {"SHAMPOO": -300, "SPONGE": -1} and entry_count(engine) == 1
    assert balance_of(uow(), "M000001") == 600  # applying takes no points


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ({"moves": (("SHAMPOO", -30), ("SPONGE", -1))}, REWARD_MISMATCH),
        ({"moves": (("SHAMPOO", -300),)}, REWARD_MISMATCH),
        ({"moves": (*WASH_MOVES, ("COFFEE", -1))}, REWARD_MISMATCH),
        ({"key": "K404:reward"}, REWARD_UNAUTHORISED),
        ({"key": ""}, REWARD_UNAUTHORISED),
        ({"key": "open-1"}, REWARD_UNAUTHORISED),  # a points key, not a till's reward
        ({"member": "M000002"}, REWARD_UNAUTHORISED),
        ({"points": 40}, REWARD_UNAUTHORISED),
        ({"qty": 2, "moves": (("SHAMPOO", -600), ("SPONGE", -2))}, REWARD_UNAUTHORISED),
        ({"sku": "COFFEE", "moves": (("COFFEE", -1),)}, REWARD_UNAUTHORISED),
    ],
)
def test_a_tampered_reward_refuses_its_batch(
    uow: Uow, engine: Engine, taken: None, tamper: dict[str, object], code: str
) -> None:
    bad = entry(1, **dict(tamper))  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [bad], now_ms=NOW)
    assert (info.value.code, info.value.seq) == (code, 1)
    assert stock(engine) == {} and entry_count(engine) == 0 and journaled(engine) == []


def test_one_reward_recorded_twice_is_refused(uow: Uow, engine: Engine, taken: None) -> None:
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [entry(1), entry(2)], now_ms=NOW)
    assert info.value.code == REWARD_TWICE and stock(engine) == {}
    apply_batch(uow(), "S001", [entry(1)], now_ms=NOW)
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [entry(2)], now_ms=NOW)
    assert (info.value.code, info.value.seq) == (REWARD_TWICE, 2)
    assert stock(engine) == {"SHAMPOO": -300, "SPONGE": -1}


def test_another_stores_reward_is_refused(
    uow: Uow, engine: Engine, taken: None, ca: object
) -> None:
    add_store(uow(), ca, "S002", "Other", "127.0.0.1:2", now_ms=1_000)  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S002", [entry(1)], now_ms=NOW)
    assert info.value.code == REWARD_UNAUTHORISED


def test_a_reward_without_its_document_is_refused(uow: Uow, engine: Engine, taken: None) -> None:
    bare = entry(1)
    bare.ClearField("reward")
    with pytest.raises(InvalidEntry, match="must carry its reward document"):
        apply_batch(uow(), "S001", [bare], now_ms=NOW)
    assert stock(engine) == {} and entry_count(engine) == 0
