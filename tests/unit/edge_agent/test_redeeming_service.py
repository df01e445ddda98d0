"""Redeeming a punch card's use at the till (services.redeeming) on the in-memory ledger,
with a fake head office: it authorises, the store journals exactly its movements, once."""

from __future__ import annotations

import dataclasses

import pytest

from common import journal_kinds as jk
from common.domain.loyalty_errors import EntitlementRefused
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput
from edge_agent.domain.errors import HeadOfficeUnreachable, ShiftState
from edge_agent.domain.idempotency import IdempotencyKeyReused
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.shift import Shift
from edge_agent.services.context import StoreContext
from edge_agent.services.member_ports import MemberAtTill, StoredValueBooked, UseAuthorised
from edge_agent.services.redeeming import redeem
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store

SHAMPOO = CatalogueProduct("SHAMPOO", "洗车液 Shampoo", "ml", 5000, 2000, "CNY")
SPONGE = CatalogueProduct("SPONGE", "Sponge", "piece", 300, 100, "CNY")
WASH = CatalogueProduct(
    "WASH", "Car wash", "piece", 3000, 0, "CNY", kind="service",
    components=(("SHAMPOO", 300), ("SPONGE", 1)),
)  # fmt: skip
WASH_MOVES = (("SHAMPOO", -300), ("SPONGE", -1))


class FakeHeadOfficeMembers:
    """Head office's MemberTill as the till sees it: one use per key, replayed on a retry."""

    def __init__(self, moves: tuple[tuple[str, int], ...] = WASH_MOVES) -> None:
        self.moves = moves
        self.uses_left = 10
        self.by_key: dict[str, UseAuthorised] = {}
        self.calls: list[tuple[str, int, str, int, str, str]] = []
        self.unreachable = False
        self.refusal: Exception | None = None

    def redeem_use(
        self, member: str, card_no: int, sku: str, uses: int, key: str, cashier: str
    ) -> UseAuthorised:
        self.calls.append((member, card_no, sku, uses, key, cashier))
        if self.unreachable:
            raise HeadOfficeUnreachable("head office at ho:7443 did not answer")
        if self.refusal is not None:
            raise self.refusal
        if key in self.by_key:
            return dataclasses.replace(self.by_key[key], replayed=True)
        self.uses_left -= uses
        moves = tuple((sku_, qty * uses) for sku_, qty in self.moves)
        done = UseAuthorised("M000001", "138****5678", card_no, "punch_card", sku, uses,
                             self.uses_left, key, moves, False)  # fmt: skip
        self.by_key[key] = done
        return done

    def lookup(self, member: str) -> MemberAtTill:
        raise NotImplementedError

    def authorise_debit(
        self, member: str, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        raise NotImplementedError

    def refund_debit(
        self, debit_entry_id: int, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        raise NotImplementedError

    def close(self) -> None:
        return None


def store(**till: object) -> tuple[StoreContext, FakeHeadOfficeMembers]:
    ctx = fake_store(**till)
    catalogue = ledger(ctx).catalogue
    for product in (SHAMPOO, SPONGE, WASH):
        catalogue.add(product)
    head_office = FakeHeadOfficeMembers()
    ctx.members = head_office
    return ctx, head_office


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def test_a_use_journals_head_offices_movements_and_moves_the_stores_stock() -> None:
    ctx, head_office = store()
    result = redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 2, "k-1")
    assert head_office.calls == [("13812345678", 7, "WASH", 2, "k-1:use", "ann")]
    [entry] = ledger(ctx).journal.entries
    assert (entry.kind, entry.document_id, entry.actor) == (
        jk.REDEMPTION, result.redemption.redemption_id, "ann",
    )  # fmt: skip
    assert entry.movements == (
        Movement("SHAMPOO", -600, Reason.REDEMPTION),
        Movement("SPONGE", -2, Reason.REDEMPTION),
    )
    body = entry.body
    assert body == result.redemption
    assert (body.member_id, body.card_no, body.sku, body.uses, body.uses_left) == (
        "M000001", 7, "WASH", 2, 8,
    )  # fmt: skip
    assert (body.authorisation_key, body.till_id, body.cashier) == ("k-1:use", "T1", "ann")
    assert ledger(ctx).stock.levels() == [("SHAMPOO", -600), ("SPONGE", -2)]
    assert not result.replayed
    # The slip: masked phone, card, uses left, what was used; never the phone in the clear.
    assert "138****5678" in result.slip and "13812345678" not in result.slip
    assert "Uses left" in result.slip and " 8" in result.slip
    assert "洗车液 Shampoo" in result.slip and "600" in result.slip and "Car wash" in result.slip


def test_a_retry_with_the_key_is_the_recorded_use_and_asks_head_office_nothing() -> None:
    ctx, head_office = store()
    first = redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    again = redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    assert again.replayed and (again.seq, again.redemption, again.movements) == (
        first.seq, first.redemption, first.movements,
    )  # fmt: skip
    assert len(ledger(ctx).journal.entries) == 1 and len(head_office.calls) == 1
    assert ledger(ctx).stock.levels() == [("SHAMPOO", -300), ("SPONGE", -1)]


def test_an_answer_lost_before_the_store_committed_is_asked_again_and_journaled_once() -> None:
    ctx, head_office = store()
    # A first attempt reached head office, whose answer never arrived: the use is taken.
    head_office.redeem_use("13812345678", 7, "WASH", 1, "k-1:use", "ann")
    result = redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    assert len(head_office.by_key) == 1 and head_office.uses_left == 9
    assert result.redemption.uses_left == 9
    [entry] = ledger(ctx).journal.entries
    assert entry.movements == tuple(Movement(s, q, Reason.REDEMPTION) for s, q in WASH_MOVES)


def test_head_office_unreachable_writes_nothing_and_says_so() -> None:
    ctx, head_office = store()
    head_office.unreachable = True
    with pytest.raises(HeadOfficeUnreachable, match="did not answer"):
        redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    assert ledger(ctx).journal.entries == [] and ledger(ctx).stock.levels() == []
    # Nothing remembered the key: the same command once head office is back goes through.
    head_office.unreachable = False
    assert redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1").seq == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "card 7 has expired",
        "card 7 has no uses left",
        "card 7 was refunded and cannot be used",
        "card 7 cannot be used at store S001; it is for S002",
        "card 7 belongs to another member and is not shareable",
        "card 7 does not cover COFFEE; it covers WASH",
    ],
)
def test_head_offices_refusal_is_its_sentence_and_nothing_is_written(sentence: str) -> None:
    ctx, head_office = store()
    head_office.refusal = EntitlementRefused(sentence)
    with pytest.raises(EntitlementRefused, match=sentence):
        redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    assert ledger(ctx).journal.entries == [] and ledger(ctx).stock.levels() == []
    assert ledger(ctx).command_keys.find("k-1") is None


@pytest.mark.parametrize(
    ("member", "card_no", "sku", "uses"),
    [("", 7, "WASH", 1), ("138", 0, "WASH", 1), ("138", 7, " ", 1), ("138", 7, "WASH", 0),
     ("138", 7, "WASH", 10_000_000), ("138", True, "WASH", 1)],
)  # fmt: skip
def test_bad_input_is_refused_before_head_office_is_asked(
    member: str, card_no: int, sku: str, uses: int
) -> None:
    ctx, head_office = store()
    with pytest.raises(InvalidInput):
        redeem(ctx, "T1", "ann", member, card_no, sku, uses, "k-1")
    assert head_office.calls == [] and ledger(ctx).journal.entries == []


def test_a_till_that_needs_a_shift_takes_no_use_without_one() -> None:
    ctx, head_office = store(require_open_shift=True)
    with pytest.raises(ShiftState, match="no open shift"):
        redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    assert head_office.calls == []
    ledger(ctx).shifts.open_shifts["T1"] = Shift("SH1", "T1", "ann", 0, 1)
    assert redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-2").redemption.shift_id == "SH1"


def test_the_key_of_one_use_is_refused_for_another() -> None:
    ctx, head_office = store()
    redeem(ctx, "T1", "ann", "13812345678", 7, "WASH", 1, "k-1")
    with pytest.raises(IdempotencyKeyReused):
        redeem(ctx, "T1", "ann", "13812345678", 8, "WASH", 1, "k-1")
    assert len(ledger(ctx).journal.entries) == 1 and len(head_office.calls) == 1
