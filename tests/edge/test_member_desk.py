"""The member desk's rules on a real store ledger, with a fake head office behind the port:
top-ups and cards booked at head office first and then journalled with their payment, a
retry replaying, refusals and head office away leaving nothing behind, the shift's
expected cash including the desk's cash, and the receipt."""

from __future__ import annotations

import dataclasses

import pytest

from common import journal_kinds as jk
from common.errors import AlreadyExists, InvalidInput, NotFound, Refused
from edge_agent.domain.errors import HeadOfficeUnreachable, InvalidTender, ShiftState
from edge_agent.domain.idempotency import IdempotencyKeyReused
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import member_desk, shifts
from edge_agent.services.context import StoreContext
from edge_agent.services.member_ports import (
    CardAtTill,
    CardOrderAtTill,
    MemberAtTill,
    MemberHoldings,
    NewMemberAtTill,
    StoredValueBooked,
)
from tests.edge.conftest import journal_entries, newest_seq

CAP = 500_000  # a named card's legal cap (head office's policy)


class FakeMembers:
    """Head office's member answers, in memory: the top-up rules (pay 500 get 80), the cap,
    keys that book once, and a switch for head office being away."""

    def __init__(self) -> None:
        self.members: dict[str, MemberAtTill] = {}
        self.phones: dict[str, str] = {}
        self.topups: dict[str, tuple[str, int, StoredValueBooked]] = {}
        self.cards: dict[str, CardAtTill] = {}
        self.calls: list[str] = []
        self.away = False

    def _answer(self, call: str) -> None:
        self.calls.append(call)
        if self.away:
            raise HeadOfficeUnreachable("head office at test:1 did not answer (UNAVAILABLE)")

    def lookup(self, member: str) -> MemberAtTill:
        self._answer("lookup")
        if not (member.isdigit() or member.startswith("M")):
            raise InvalidInput(f"{member!r} is neither a phone number, a card nor a member id")
        member_id = self.phones.get(member, member)
        if member_id not in self.members:
            raise NotFound(f"no member has {member}")
        return self.members[member_id]

    def register(self, new: NewMemberAtTill, cashier: str) -> MemberAtTill:
        self._answer("register")
        if new.phone in self.phones:
            raise AlreadyExists("phone number 138****5678 already belongs to member M000001")
        member_id = f"M{len(self.members) + 1:06d}"
        shown = MemberAtTill(member_id, new.phone[:3] + "****" + new.phone[-4:],
                             new.name[0] + "**", new.card_no, "member", "", "named", 0, 0, "CNY")  # fmt: skip
        self.members[member_id] = shown
        self.phones[new.phone] = member_id
        return shown

    def topup(self, member: str, paid_minor: int, key: str, cashier: str) -> StoredValueBooked:
        self._answer("topup")
        if key in self.topups:
            return dataclasses.replace(self.topups[key][2], replayed=True)
        m = self.members[member]
        bonus = 8_000 * (paid_minor // 50_000)
        if m.balance_minor + paid_minor + bonus > CAP:
            raise Refused("a named card holds at most 5000.00; this top-up would make it more")
        after = dataclasses.replace(
            m, principal_minor=m.principal_minor + paid_minor, bonus_minor=m.bonus_minor + bonus
        )
        self.members[member] = after
        booked = StoredValueBooked(len(self.topups) + 1, key, paid_minor, after.principal_minor,
                                   after.bonus_minor, False, paid_minor, bonus)  # fmt: skip
        self.topups[key] = (member, paid_minor, booked)
        return booked

    def sell_card(self, order: CardOrderAtTill, key: str, cashier: str) -> CardAtTill:
        self._answer("sell_card")
        if key not in self.cards:
            self.cards[key] = CardAtTill(
                len(self.cards) + 1, order.kind, order.covers, order.uses, order.uses,
                order.paid_minor // order.uses, order.paid_minor, 1_800_000_000_000, (),
                order.member,
            )  # fmt: skip
        return self.cards[key]

    def holdings(self, member: str) -> MemberHoldings:
        self._answer("holdings")
        cards = tuple(c for c in self.cards.values() if c.member_id == member)
        return MemberHoldings(member, cards, 120)

    def authorise_debit(self, *args: object) -> StoredValueBooked:
        raise NotImplementedError

    def refund_debit(self, *args: object) -> StoredValueBooked:
        raise NotImplementedError

    def close(self) -> None:
        return None


@pytest.fixture
def desk(store: StoreContext) -> tuple[StoreContext, FakeMembers]:
    members = FakeMembers()
    store.members = members
    shifts.open_shift(store, "T1", "ann", 10_000)
    member_desk.register_member(store, "T1", "ann", NewMemberAtTill("13812345678", "张三丰"))
    return store, members


def cash() -> TenderOffer:
    return TenderOffer("cash", 0)


def test_a_top_up_is_booked_at_head_office_then_journalled_with_its_cash(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    before = newest_seq(store)
    done = member_desk.topup(store, "T1", "ann", "13812345678", 50_000, cash(), 60_000, "K1")
    assert members.topups["K1:topup"][0] == "M000001"
    assert (done.entry.paid_minor, done.entry.bonus_minor) == (50_000, 8_000)
    assert (done.entry.principal_after_minor, done.entry.bonus_after_minor) == (50_000, 8_000)
    assert done.entry.tender.change_minor == 10_000 and done.seq == before + 1
    [entry] = journal_entries(store, before)
    assert entry.document_type == jk.MEMBER_DESK.name and not entry.movements
    body = entry.member_desk
    assert (body.kind, body.member_id, body.paid_minor, body.booking_key) == (
        "topup", "M000001", 50_000, "K1:topup"
    )  # fmt: skip
    assert "13812345678" not in entry.SerializeToString().decode("utf-8", "replace")
    # The drawer now holds the float and the top-up's cash; the X report says so.
    report = shifts.x_report(store, "T1", "ann")
    assert report.totals.member_desk == {"cash": (1, 50_000)}
    assert report.totals.expected_cash_minor == 60_000
    assert report.totals.sales_minor == 0  # a top-up is not a sale
    # The receipt: masked phone, paid, bonus, the balance by bucket.
    text = done.receipt_text
    assert "138****5678" in text and "13812345678" not in text
    for shown in ("¥500.00", "¥80.00", "¥580.00"):
        assert shown in text


def test_a_retry_with_the_key_replays_and_books_nothing_twice(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    first = member_desk.topup(store, "T1", "ann", "M000001", 50_000, cash(), 0, "K1")
    seq = newest_seq(store)
    members.calls.clear()
    again = member_desk.topup(store, "T1", "ann", "M000001", 50_000, cash(), 0, "K1")
    assert again.replayed and (again.seq, again.entry) == (first.seq, first.entry)
    assert members.calls == [] and newest_seq(store) == seq  # answered by the store
    with pytest.raises(IdempotencyKeyReused):
        member_desk.topup(store, "T1", "ann", "M000001", 60_000, cash(), 0, "K1")
    assert newest_seq(store) == seq and len(members.topups) == 1


def test_a_retry_after_head_office_booked_but_the_store_did_not_commit(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    seq = newest_seq(store)
    members.topup("M000001", 50_000, "K9:topup", "ann")  # the answer was lost
    done = member_desk.topup(store, "T1", "ann", "M000001", 50_000, cash(), 0, "K9")
    assert not done.replayed and newest_seq(store) == seq + 1
    assert done.entry.principal_after_minor == 50_000  # one top-up, not two
    assert len(members.topups) == 1


def test_head_office_away_writes_nothing(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    members.away = True
    seq = newest_seq(store)
    with pytest.raises(HeadOfficeUnreachable, match="did not answer.*never sold offline.*--key K1"):
        member_desk.topup(store, "T1", "ann", "M000001", 50_000, cash(), 0, "K1")
    with pytest.raises(HeadOfficeUnreachable, match="--key K2"):
        member_desk.sell_card(store, "T1", "ann", CardOrderAtTill("M000001", "punch_card",
                              ("WASH",), 10, 30_000), cash(), 0, "K2")  # fmt: skip
    assert newest_seq(store) == seq
    assert shifts.x_report(store, "T1", "ann").totals.member_desk == {}


@pytest.mark.parametrize(
    ("paid", "pay", "tendered", "error", "sentence"),
    [
        (0, cash(), 0, InvalidInput, "positive amount"),
        (-500, cash(), 0, InvalidInput, "positive amount"),
        (50_000, TenderOffer("member", 0), 0, InvalidTender, "member"),
        (50_000, TenderOffer("cheque", 0), 0, InvalidTender, "not accepted"),
        (50_000, cash(), 40_000, InvalidTender, "less than"),
        (50_000, TenderOffer("card", 0, "4111111111111111 cvv 123"), 0, InvalidInput, "CVV"),
    ],
)
def test_bad_input_is_refused_before_head_office_is_asked(  # type: ignore[no-untyped-def]
    desk, paid, pay, tendered, error, sentence
) -> None:
    store, members = desk
    members.calls.clear()
    seq = newest_seq(store)
    with pytest.raises(error, match=sentence):
        member_desk.topup(store, "T1", "ann", "M000001", paid, pay, tendered, "K1")
    assert members.calls == [] and newest_seq(store) == seq


def test_head_office_refusals_keep_their_sentence_and_write_nothing(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    seq = newest_seq(store)
    with pytest.raises(Refused, match="at most 5000.00"):
        member_desk.topup(store, "T1", "ann", "M000001", 480_000, cash(), 0, "K1")
    with pytest.raises(NotFound, match="no member"):
        member_desk.topup(store, "T1", "ann", "13900000000", 50_000, cash(), 0, "K2")
    with pytest.raises(InvalidInput, match="is neither"):
        member_desk.lookup_member(store, "hello!")
    with pytest.raises(AlreadyExists, match="already belongs"):
        member_desk.register_member(store, "T1", "ann", NewMemberAtTill("13812345678", "李四"))
    assert newest_seq(store) == seq


def test_no_open_shift_no_money_taken(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    shifts.close_shift(store, "T1", "ann", [(10_000, 1)])
    members.calls.clear()
    with pytest.raises(ShiftState, match="no open shift"):
        member_desk.topup(store, "T1", "ann", "M000001", 50_000, cash(), 0, "K1")
    assert members.calls == []


def test_a_card_sold_at_the_till_is_journalled_and_shown(desk) -> None:  # type: ignore[no-untyped-def]
    store, members = desk
    order = CardOrderAtTill("13812345678", "punch_card", ("WASH",), 10, 30_000, 365)
    done = member_desk.sell_card(
        store, "T1", "ann", order, TenderOffer("card", 0, "AUTH77"), 0, "C1"
    )
    assert "C1:card" in members.cards and done.entry.entitlement_id == 1
    [entry] = journal_entries(store, done.seq - 1)
    assert (entry.member_desk.kind, entry.member_desk.tenders[0].method) == ("card_sale", "card")
    assert "Uses" in done.receipt_text and "10" in done.receipt_text
    report = shifts.x_report(store, "T1", "ann")
    assert report.totals.member_desk == {"card": (1, 30_000)}
    assert report.totals.expected_cash_minor == 10_000  # a card payment is not cash
    shown = member_desk.lookup_member(store, "13812345678")
    assert [c.uses_left for c in shown.holdings.cards] == [10]
    with pytest.raises(InvalidInput, match="1 to 1000 uses"):
        member_desk.sell_card(
            store, "T1", "ann", dataclasses.replace(order, uses=0), cash(), 0, "C2"
        )
