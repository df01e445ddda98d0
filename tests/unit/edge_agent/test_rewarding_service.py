"""A reward item taken for points at the till (services.rewarding) on the in-memory ledger,
with the fake head office: it takes the points, the store journals exactly its movements
in one `reward` entry, once per key; a refusal or no answer writes nothing."""

from __future__ import annotations

import pytest

from common import journal_kinds as jk
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput, Refused
from edge_agent.domain.errors import HeadOfficeUnreachable, ShiftState
from edge_agent.domain.idempotency import IdempotencyKeyReused
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.shift import Shift
from edge_agent.services.context import StoreContext
from edge_agent.services.rewarding import take_reward
from tests.unit.edge_agent.fake_members import PHONE, FakeMembers
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store

SHAMPOO = CatalogueProduct("SHAMPOO", "洗车液 Shampoo", "ml", 5000, 2000, "CNY")
SPONGE = CatalogueProduct("SPONGE", "Sponge", "piece", 300, 100, "CNY")
MUG = CatalogueProduct("MUG", "会员杯 Mug", "piece", 3000, 900, "CNY")
WASH_KIT = (("SHAMPOO", -300), ("SPONGE", -1))


def store(**till: object) -> tuple[StoreContext, FakeMembers]:
    ctx = fake_store(**till)
    for product in (SHAMPOO, SPONGE, MUG):
        ledger(ctx).catalogue.add(product)
    head_office = FakeMembers(rewards={"MUG": (300, (("MUG", -1),)), "KIT": (200, WASH_KIT)})
    ctx.members = head_office
    return ctx, head_office


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def test_a_reward_journals_head_offices_movements_and_prints_the_points() -> None:
    ctx, head_office = store()
    result = take_reward(ctx, "T1", "ann", PHONE, "MUG", 2, "k-1")
    assert head_office.points["M000001"] == 400 and head_office.calls == ["reward"]
    [entry] = ledger(ctx).journal.entries
    assert (entry.kind, entry.document_id, entry.actor) == (
        jk.REWARD, result.reward.reward_id, "ann",
    )  # fmt: skip
    assert entry.movements == (Movement("MUG", -2, Reason.REDEMPTION),)
    body = entry.body
    assert body == result.reward
    assert (body.member_id, body.sku, body.qty, body.points) == ("M000001", "MUG", 2, 600)
    assert (body.authorisation_key, body.till_id, body.cashier) == ("k-1:reward", "T1", "ann")
    assert ledger(ctx).stock.levels() == [("MUG", -2)]
    assert (result.balance, result.replayed) == (400, False)
    # The slip: masked phone, the item, points taken and left; never the phone in the clear.
    slip = result.slip
    assert "138****5678" in slip and PHONE not in slip and "会员杯 Mug" in slip
    assert "Points taken" in slip and "600" in slip and "Points left" in slip and "400" in slip


def test_a_bundle_moves_its_components() -> None:
    ctx, _head_office = store()
    take_reward(ctx, "T1", "ann", PHONE, "KIT", 1, "k-1")
    assert ledger(ctx).stock.levels() == [("SHAMPOO", -300), ("SPONGE", -1)]


def test_a_retry_with_the_key_is_the_recorded_entry_and_asks_head_office_nothing() -> None:
    ctx, head_office = store()
    first = take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1")
    again = take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1")
    assert again.replayed and (again.seq, again.reward, again.movements) == (
        first.seq, first.reward, first.movements,
    )  # fmt: skip
    assert again.balance is None and "Points left" not in again.slip
    assert len(ledger(ctx).journal.entries) == 1 and head_office.calls == ["reward"]
    assert head_office.points["M000001"] == 700


def test_an_answer_lost_before_the_store_committed_is_asked_again_and_journaled_once() -> None:
    ctx, head_office = store()
    head_office.take_reward(PHONE, "MUG", 1, "k-1:reward", "ann")  # its answer never arrived
    result = take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1")
    assert head_office.points["M000001"] == 700 and result.reward.points == 300
    assert len(ledger(ctx).journal.entries) == 1


def test_head_office_unreachable_writes_nothing_and_says_so() -> None:
    ctx, head_office = store()
    head_office.down = True
    with pytest.raises(HeadOfficeUnreachable, match="did not answer"):
        take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1")
    assert ledger(ctx).journal.entries == [] and ledger(ctx).stock.levels() == []
    assert ledger(ctx).command_keys.find("k-1") is None
    head_office.down = False
    assert take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1").seq == 1


@pytest.mark.parametrize(
    ("sku", "qty", "sentence"),
    [("SPONGE", 1, "SPONGE is not offered for points"),
     ("MUG", 4, "the reward costs 1200 points; the member has 1000")],
)  # fmt: skip
def test_head_offices_refusal_is_its_sentence_and_nothing_is_written(
    sku: str, qty: int, sentence: str
) -> None:
    ctx, head_office = store()
    with pytest.raises(Refused, match=sentence):
        take_reward(ctx, "T1", "ann", PHONE, sku, qty, "k-1")
    assert ledger(ctx).journal.entries == [] and ledger(ctx).stock.levels() == []
    assert ledger(ctx).command_keys.find("k-1") is None and head_office.points["M000001"] == 1000


@pytest.mark.parametrize(
    ("member", "sku", "qty"),
    [("", "MUG", 1), (PHONE, " ", 1), (PHONE, "MUG", 0), (PHONE, "MUG", 10_000_000),
     (PHONE, "MUG", True)],
)  # fmt: skip
def test_bad_input_is_refused_before_head_office_is_asked(member: str, sku: str, qty: int) -> None:
    ctx, head_office = store()
    with pytest.raises(InvalidInput):
        take_reward(ctx, "T1", "ann", member, sku, qty, "k-1")
    assert head_office.calls == [] and ledger(ctx).journal.entries == []


def test_a_till_that_needs_a_shift_takes_no_points_without_one() -> None:
    ctx, head_office = store(require_open_shift=True)
    with pytest.raises(ShiftState, match="no open shift"):
        take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1")
    assert head_office.calls == []
    ledger(ctx).shifts.open_shifts["T1"] = Shift("SH1", "T1", "ann", 0, 1)
    assert take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-2").reward.shift_id == "SH1"


def test_the_key_of_one_reward_is_refused_for_another() -> None:
    ctx, head_office = store()
    take_reward(ctx, "T1", "ann", PHONE, "MUG", 1, "k-1")
    with pytest.raises(IdempotencyKeyReused):
        take_reward(ctx, "T1", "ann", PHONE, "MUG", 2, "k-1")
    assert len(ledger(ctx).journal.entries) == 1 and head_office.calls == ["reward"]
