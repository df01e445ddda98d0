"""A sale for a member at the till, on the in-memory ledger and a fake head office: member
prices, stored value and points booked online under keys derived from the sale's key, the
offline allowance, returns to stored value, and every refusal changing nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from common.domain.promotions import PRICE, Offer
from common.errors import InvalidInput, NotFound, Refused
from edge_agent.domain.errors import (
    HeadOfficeUnreachable,
    InvalidTender,
    LedgerUnavailable,
    MemberPaymentNotRecorded,
)
from edge_agent.domain.member_till import offline_room
from edge_agent.domain.promotions import StorePromotion
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.member_ports import CardAtTill, MemberHoldings
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import price_cart, sell
from tests.unit.edge_agent.fake_members import GOLD, PHONE, FakeMembers
from tests.unit.edge_agent.fakes import FakeSales, FakeUnitOfWork, fake_store

TEA = CatalogueProduct("TEA", "Iced tea", "piece", 500, 200, "CNY")
GOLD_TEA = Offer("GOLDTEA", PRICE, skus=("TEA",), price_minor=400, levels=frozenset({"gold"}))


def store(allowance: int = 10_000) -> tuple[StoreContext, FakeMembers]:
    ctx = fake_store()
    ctx.policy = type(ctx.policy)(**{**ctx.policy.__dict__, "offline_allowance_minor": allowance})
    ledger(ctx).catalogue.add(TEA)
    ledger(ctx).promotions.put(StorePromotion(GOLD_TEA), 1)
    members = FakeMembers()
    ctx.members = members
    return ctx, members


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def tea(qty: int = 2) -> list[ScannedItem]:
    return [ScannedItem("TEA", qty)]


def pay(*tenders: tuple[str, int]) -> list[TenderOffer]:
    return [TenderOffer(method, amount) for method, amount in tenders]


def nothing_written(ctx: StoreContext) -> bool:
    uow = ledger(ctx)
    return not uow.journal.entries and not uow.member_cache.rows and not uow.member_cache.offline


def test_a_member_sale_prices_with_the_level_and_journals_the_member() -> None:
    ctx, members = store()
    result = sell(ctx, "T1", "ann", tea(), pay(("cash", 1000)), "k1", member_text=PHONE)
    sale = result.sale
    assert (sale.member_id, sale.member_level, sale.member_birthday) == ("M000001", "gold", "")
    assert sale.total_minor == 800  # the gold price, 4.00 each
    assert [o.offer_id for o in sale.lines[0].offers] == ["GOLDTEA"]
    assert members.calls == ["lookup", "holdings"] and not members.debits
    # The cache keeps what head office said, masked, for offline use later.
    [(cached, _seen)] = ledger(ctx).member_cache.rows.values()
    assert (cached.phone_masked, cached.card_no, cached.balance_minor) == (
        "138****5678",
        "CARD0001",
        23_000,
    )
    text = result.receipt_text
    assert "Member 138****5678 (gold)" in text and PHONE not in text and "张" not in text


def test_the_receipt_reminds_the_member_of_their_cards_and_a_silent_head_office_leaves_them_out() -> (
    None
):
    ctx, members = store()
    wash = CardAtTill(7, "punch_card", ("WASH",), 10, 9, 2500, 25_000, 0, (), GOLD.member_id)
    members.cards[GOLD.member_id] = (wash,)
    text = sell(ctx, "T1", "ann", tea(), pay(("cash", 1000)), "k1", member_text=PHONE).receipt_text
    assert "Card 7 (WASH): 9 uses left" in text

    class NoCards(FakeMembers):
        def holdings(self, member: str) -> MemberHoldings:
            raise HeadOfficeUnreachable("head office at test did not answer")

    ctx2, _members = store()
    ctx2.members = NoCards()
    sold = sell(ctx2, "T1", "ann", tea(), pay(("cash", 1000)), "k2", member_text=PHONE)
    assert "Card" not in sold.receipt_text and sold.sale.member_id == GOLD.member_id


def test_the_cart_is_priced_for_the_member_too() -> None:
    ctx, _members = store()
    assert price_cart(ctx, tea()).quote.total_minor == 1000
    priced = price_cart(ctx, tea(), member_text="CARD 0001")
    assert priced.quote.total_minor == 800 and priced.member is not None
    assert priced.member.online and priced.member.known.member_id == "M000001"


def test_stored_value_is_debited_once_with_the_sales_key_and_a_retry_books_nothing() -> None:
    ctx, members = store()
    offers = pay(("stored_value", 500), ("cash", 500))
    first = sell(ctx, "T1", "ann", tea(), offers, "k1", member_text="CARD0001")
    [sv, cash] = first.sale.tenders
    assert (sv.method, sv.amount_minor, sv.authorisation_key, sv.offline) == (
        "stored_value", 500, "k1:sv", False,
    )  # fmt: skip
    assert (cash.amount_minor, cash.change_minor) == (300, 200)
    assert list(members.debits) == ["k1:sv"]
    assert first.member is not None and first.member.balance_minor == 22_500
    assert "Stored value balance" in first.receipt_text and "¥225.00" in first.receipt_text
    again = sell(ctx, "T1", "ann", tea(), offers, "k1", member_text="CARD0001")
    assert again.replayed and again.sale == first.sale
    assert members.calls.count("debit") == 1 and len(ledger(ctx).journal.entries) == 1


def test_a_debit_beyond_the_balance_is_head_offices_refusal_and_writes_nothing() -> None:
    ctx, members = store()
    with pytest.raises(Refused, match="balance is short"):
        sell(ctx, "T1", "ann", [ScannedItem("TEA", 60)], pay(("stored_value", 24_000)), "k1",
             member_text=PHONE)  # fmt: skip
    assert nothing_written(ctx) and not members.debits


@pytest.mark.parametrize(
    ("member_text", "offers", "error", "sentence"),
    [
        ("", pay(("stored_value", 800)), InvalidTender, "needs the member"),
        ("", pay(("points", 800)), InvalidTender, "needs the member"),
        ("13900000000", pay(("cash", 1000)), NotFound, "no member has"),
        ("!!", pay(("cash", 1000)), InvalidInput, "neither a phone number"),
        ("  ", pay(("cash", 1000)), InvalidInput, "name the member"),
        (PHONE, pay(("stored_value", 400), ("stored_value", 400)), InvalidTender, "at most one"),
        (PHONE, pay(("member", 800)), InvalidTender, "is now stored_value"),
    ],
)
def test_bad_member_input_gets_a_sentence_and_changes_nothing(
    member_text: str, offers: list[TenderOffer], error: type, sentence: str
) -> None:
    ctx, members = store()
    with pytest.raises(error, match=sentence):
        sell(ctx, "T1", "ann", tea(), offers, "k1", member_text=member_text)
    assert nothing_written(ctx) and not members.debits


def test_points_pay_online_with_their_own_key_and_never_offline() -> None:
    ctx, members = store()
    result = sell(ctx, "T1", "ann", tea(), pay(("points", 300), ("cash", 500)), "k1",
                  member_text=PHONE)  # fmt: skip
    points = result.sale.tender_of("points")
    assert points is not None
    assert (points.amount_minor, points.points, points.authorisation_key) == (300, 300, "k1:pts")
    assert members.points["M000001"] == 700
    assert "Points paid" in result.receipt_text
    members.down = True
    with pytest.raises(HeadOfficeUnreachable, match="never spent offline"):
        sell(ctx, "T1", "ann", tea(), pay(("points", 300), ("cash", 500)), "k2",
             member_text="M000001")  # fmt: skip
    assert len(ledger(ctx).journal.entries) == 1


def test_offline_a_known_member_pays_within_the_allowance_and_no_further() -> None:
    ctx, members = store(allowance=1_000)
    sell(ctx, "T1", "ann", tea(), pay(("cash", 1000)), "k1", member_text=PHONE)  # seen online
    members.down = True
    offline = sell(ctx, "T1", "ann", tea(1), pay(("stored_value", 400)), "k2",
                   member_text="CARD0001")  # fmt: skip
    [sv] = offline.sale.tenders
    assert (sv.offline, sv.authorisation_key) == (True, "k2:sv")
    assert offline.sale.total_minor == 400  # still the gold price, from the cache
    assert "OFFLINE" in offline.receipt_text
    assert ledger(ctx).member_cache.offline == [(2, "M000001", 400, "k2:sv")]
    # 1,000 allowed, 400 taken and not reconciled: 700 more is refused, nothing written.
    with pytest.raises(InvalidTender, match="at most ¥6.00"):
        sell(ctx, "T1", "ann", [ScannedItem("TEA", 2)], pay(("stored_value", 700),
             ("cash", 100)), "k3", member_text="M000001")  # fmt: skip
    assert len(ledger(ctx).journal.entries) == 2 and not members.debits
    # Head office confirms the journal up to the offline sale: the allowance is whole again.
    ledger(ctx).journal.set_committed(2, 0)
    again = sell(ctx, "T1", "ann", tea(2), pay(("stored_value", 700), ("cash", 100)), "k3",
                 member_text="M000001")  # fmt: skip
    assert again.sale.tenders[0].offline


def test_offline_a_member_never_seen_or_an_allowance_of_zero_is_refused() -> None:
    ctx, members = store(allowance=0)
    members.down = True
    with pytest.raises(HeadOfficeUnreachable, match="has not looked up member"):
        sell(ctx, "T1", "ann", tea(), pay(("stored_value", 800)), "k1", member_text=PHONE)
    members.down = False
    sell(ctx, "T1", "ann", tea(), pay(("cash", 800)), "k1", member_text=PHONE)
    members.down = True
    with pytest.raises(HeadOfficeUnreachable, match="takes no stored value offline"):
        sell(ctx, "T1", "ann", tea(), pay(("stored_value", 800)), "k2", member_text="CARD0001")
    assert len(ledger(ctx).journal.entries) == 1 and not ledger(ctx).member_cache.offline


def test_a_debit_whose_answer_was_lost_is_taken_offline_under_the_same_key() -> None:
    ctx, members = store()
    sell(ctx, "T1", "ann", tea(), pay(("cash", 800)), "k1", member_text=PHONE)

    def lost(member: str, amount: int, key: str, cashier: str):  # type: ignore[no-untyped-def]
        raise HeadOfficeUnreachable("no answer")

    members.authorise_debit = lost  # type: ignore[method-assign]
    result = sell(ctx, "T1", "ann", tea(), pay(("stored_value", 800)), "k2", member_text=PHONE)
    assert result.sale.tenders[0].offline and result.sale.tenders[0].authorisation_key == "k2:sv"
    # The cache keeps head office's balance; the offline debit counts once, separately.
    [(cached, _seen)] = ledger(ctx).member_cache.rows.values()
    assert cached.balance_minor == 23_000 and result.member is not None
    assert result.member.balance_minor == 22_200
    assert ledger(ctx).member_cache.unreconciled_offline_minor("M000001", 0) == 800


def test_a_commit_failing_after_the_debit_says_so_and_the_retry_picks_the_debit_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decision: no compensation. The retry with the same key records the sale; head office
    replays the debit it booked, so the member pays once."""
    ctx, members = store()
    insert = FakeSales.insert
    failures = [1]

    def failing_insert(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if failures:
            failures.pop()
            raise LedgerUnavailable("disk I/O error")
        return insert(self, *args, **kwargs)

    monkeypatch.setattr(FakeSales, "insert", failing_insert)
    offers = pay(("stored_value", 800))
    with pytest.raises(MemberPaymentNotRecorded, match="same idempotency key 'k1'"):
        sell(ctx, "T1", "ann", tea(), offers, "k1", member_text=PHONE)
    assert not ledger(ctx).journal.entries and list(members.debits) == ["k1:sv"]
    retried = sell(ctx, "T1", "ann", tea(), offers, "k1", member_text=PHONE)
    assert not retried.replayed and retried.sale.tenders[0].authorisation_key == "k1:sv"
    assert len(members.debits) == 1 and members.members["M000001"].balance_minor == 22_200


def test_a_return_refunds_stored_value_online_or_says_what_to_do() -> None:
    ctx, members = store()
    sold = sell(ctx, "T1", "ann", tea(), pay(("stored_value", 800)), "k1", member_text=PHONE)
    members.down = True
    with pytest.raises(HeadOfficeUnreachable, match="refund it in cash"):
        return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("TEA", 1)], [],
                     idempotency_key="r1")  # fmt: skip
    assert len(ledger(ctx).journal.entries) == 1 and not members.refunds
    members.down = False
    back = return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("TEA", 1)], [],
                        idempotency_key="r1")  # fmt: skip
    [refund] = back.sale_return.refunds
    assert (refund.method, refund.amount_minor, refund.authorisation_key) == (
        "stored_value", 400, "r1:svrefund",
    )  # fmt: skip
    assert members.refunds["r1:svrefund"].amount_minor == 400
    assert members.members["M000001"].balance_minor == 23_000 - 800 + 400
    # A retry of the return books nothing more.
    return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("TEA", 1)], [],
                 idempotency_key="r1")  # fmt: skip
    assert members.calls.count("refund") == 1


def test_points_are_never_paid_out_on_a_return() -> None:
    ctx, members = store()
    sold = sell(ctx, "T1", "ann", tea(), pay(("cash", 800)), "k1", member_text=PHONE)
    with pytest.raises(InvalidTender, match="points are not paid out on a return"):
        return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("TEA", 1)],
                     pay(("points", 400)), idempotency_key="r1")  # fmt: skip
    with pytest.raises(InvalidTender, match="only a return against a sale paid with stored"):
        return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("TEA", 1)],
                     pay(("stored_value", 400)), idempotency_key="r1")  # fmt: skip
    assert len(ledger(ctx).journal.entries) == 1 and not members.refunds


def test_offline_room() -> None:
    assert offline_room(10_000, 0, 23_000) == 10_000
    assert offline_room(10_000, 4_000, 23_000) == 6_000
    assert offline_room(10_000, 0, 3_000) == 3_000  # never beyond the balance last seen
    assert offline_room(10_000, 12_000, 23_000) == 0
    assert offline_room(0, 0, 23_000) == 0
    assert GOLD.balance_minor == 23_000


def test_points_booked_before_a_stored_value_refusal_are_picked_up_by_the_retry() -> None:
    ctx, members = store()
    members.members["M000001"] = replace(GOLD, principal_minor=100, bonus_minor=0)
    offers = pay(("points", 300), ("stored_value", 500))
    with pytest.raises(MemberPaymentNotRecorded, match="balance is short.*same idempotency"):
        sell(ctx, "T1", "ann", tea(), offers, "k1", member_text=PHONE)
    assert nothing_written(ctx) and list(members.points_paid) == ["k1:pts"]
    retried = sell(ctx, "T1", "ann", tea(), pay(("points", 300), ("cash", 500)), "k1",
                   member_text=PHONE)  # fmt: skip
    assert retried.sale.tender_of("points") is not None
    assert members.calls.count("points") == 2 and members.points["M000001"] == 700


def test_a_points_paid_sale_comes_back_refunding_in_money_only_what_money_paid() -> None:
    ctx, members = store()
    # Three teas at the gold price (1200): 301 fen paid with points, the rest in cash.
    sold = sell(ctx, "T1", "ann", tea(3), pay(("points", 301), ("cash", 899)), "k1",
                member_text=PHONE)  # fmt: skip
    sale_no = sold.sale.sale_no
    first = return_goods(ctx, "T1", "ann", sale_no, [ReturnItemIn("TEA", 1)], [],
                         idempotency_key="r1")  # fmt: skip
    # 400 of goods back; points paid floor(301 x 400 / 1200) = 100 of them: 300 in cash.
    assert first.sale_return.total_minor == 400
    assert [(t.method, t.amount_minor) for t in first.sale_return.refunds] == [("cash", 300)]
    assert [(p.method, p.amount_minor) for p in first.receipt.payments] == [
        ("cash", 300), ("points", 100),
    ]  # fmt: skip
    with pytest.raises(InvalidInput, match="must add up to the return's"):
        return_goods(ctx, "T1", "ann", sale_no, [ReturnItemIn("TEA", 2)],
                     pay(("cash", 800)), idempotency_key="r2")  # fmt: skip
    rest = return_goods(ctx, "T1", "ann", sale_no, [ReturnItemIn("TEA", 2)],
                        pay(("cash", 599)), idempotency_key="r2")  # fmt: skip
    assert rest.sale_return.total_minor == 800
    assert [(t.method, t.amount_minor) for t in rest.sale_return.refunds] == [("cash", 599)]
    # Together: the 899 in cash the sale took; no point is paid out at the till.
    assert members.points["M000001"] == 1_000 - 301
    assert not members.refunds and "points" not in members.calls[3:]


def test_a_sale_paid_with_points_and_stored_value_refunds_stored_value_online() -> None:
    ctx, members = store()
    sold = sell(ctx, "T1", "ann", tea(2), pay(("points", 300), ("stored_value", 500)), "k1",
                member_text=PHONE)  # fmt: skip
    back = return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("TEA", 2)], [],
                        idempotency_key="r1")  # fmt: skip
    [refund] = back.sale_return.refunds
    assert (refund.method, refund.amount_minor, refund.authorisation_key) == (
        "stored_value", 500, "r1:svrefund",
    )  # fmt: skip
    assert members.refunds["r1:svrefund"].amount_minor == 500
