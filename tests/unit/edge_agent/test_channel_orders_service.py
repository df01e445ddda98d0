"""Online orders at the store (services.channel_orders) on the in-memory ledger: head office's
order kept once, picked (a channel_pick entry, nothing moves), handed over (a
channel_fulfilment entry taking the lines out, never refused for lack of stock); every
refusal is a sentence and writes nothing."""

from __future__ import annotations

import pytest

from common import journal_kinds as jk
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput, NotFound, Refused
from edge_agent.domain import channel_orders as co
from edge_agent.domain.channel_orders import OrderLine, SentOrder
from edge_agent.domain.journal import Movement, Reason
from edge_agent.services.channel_orders import (
    apply_channel_order,
    hand_over_order,
    list_orders,
    pick_order,
    show_order,
)
from edge_agent.services.context import StoreContext
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store

WATER = CatalogueProduct("WATER", "矿泉水\x1b[31m Water", "piece", 200, 90, "CNY")
COLA = CatalogueProduct("COLA", "Cola", "piece", 350, 180, "CNY")
LINES = (OrderLine("WATER", 2), OrderLine("COLA", 1))


def sent(state: str = "confirmed", reason: str = "") -> SentOrder:
    return SentOrder("CR000001", "mall", "M-77", state, LINES, 1_700_000_000_000, reason)


def store() -> StoreContext:
    ctx = fake_store()
    for product in (WATER, COLA):
        ledger(ctx).catalogue.add(product)
    return ctx


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def test_an_order_is_kept_once_picked_and_handed_over() -> None:
    ctx = store()
    assert apply_channel_order(ctx, sent(), 10)
    assert not apply_channel_order(ctx, sent(), 10)  # the feed replayed: nothing changes
    assert [o.state for o in list_orders(ctx)] == ["confirmed"]

    picked = pick_order(ctx, "T1", "ann", "cr000001")
    [entry] = ledger(ctx).journal.entries
    assert (entry.kind, entry.document_id, entry.actor, entry.movements) == (
        jk.CHANNEL_PICK, "CR000001", "ann", (),
    )  # fmt: skip
    assert entry.body == co.ChannelPick("CR000001", "T1", "ann", LINES)
    assert ledger(ctx).stock.levels() == []  # picking moves nothing
    assert (picked.order.state, picked.order.picked_by, picked.order.picked_seq) == (
        "picked", "ann", 1,
    )  # fmt: skip
    # The pick list: names printable (no escape sequence reaches the printer), quantities.
    assert "矿泉水" in picked.pick_list and "\x1b" not in picked.pick_list
    assert "x2" in picked.pick_list and "M-77" in picked.pick_list

    done = hand_over_order(ctx, "T1", "ann", "CR000001")
    entry = ledger(ctx).journal.entries[-1]
    assert entry.kind is jk.CHANNEL_FULFILMENT and entry.seq == done.seq == 2
    assert entry.body == co.ChannelFulfilment("CR000001", "T1", "ann", "mall", "M-77")
    expected = (
        Movement("WATER", -2, Reason.CHANNEL_FULFILMENT),
        Movement("COLA", -1, Reason.CHANNEL_FULFILMENT),
    )
    assert entry.movements == done.movements == expected
    # Never refused for lack of stock: the store had none, its levels go below zero.
    assert sorted(ledger(ctx).stock.levels()) == [("COLA", -1), ("WATER", -2)]
    kept = show_order(ctx, "CR000001")
    assert (kept.state, kept.handed_over_seq, kept.handed_over_by) == ("handed_over", 2, "ann")


@pytest.mark.parametrize(
    ("steps", "act", "error", "words"),
    [
        ((), "pick-unknown", NotFound, "no online order CR000009"),
        (("pick",), "pick", Refused, "picked already by ann"),
        ((), "handover", Refused, "not picked yet"),
        (("pick", "handover"), "handover", Refused, "handed over already"),
        (("pick", "handover"), "pick", Refused, "handed over already"),
        (("cancel",), "pick", Refused, "cancelled by head office (out of stock online)"),
        (("pick", "cancel"), "handover", Refused, "cancelled by head office"),
        ((), "pick-blank", InvalidInput, "name the order"),
    ],
)
def test_refusals_are_sentences_and_write_nothing(
    steps: tuple[str, ...], act: str, error: type[Exception], words: str
) -> None:
    ctx = store()
    apply_channel_order(ctx, sent(), 1)
    for step in steps:
        if step == "pick":
            pick_order(ctx, "T1", "ann", "CR000001")
        elif step == "handover":
            hand_over_order(ctx, "T1", "ann", "CR000001")
        else:
            apply_channel_order(ctx, sent("cancelled", "out of stock online"), 2)
    before = (list(ledger(ctx).journal.entries), dict(ledger(ctx).channel_orders.orders))
    with pytest.raises(error) as refused:
        if act == "pick":
            pick_order(ctx, "T1", "bob", "CR000001")
        elif act == "pick-unknown":
            pick_order(ctx, "T1", "bob", "CR000009")
        elif act == "pick-blank":
            pick_order(ctx, "T1", "bob", "  ")
        else:
            hand_over_order(ctx, "T1", "bob", "CR000001")
    assert words in str(refused.value)
    assert (list(ledger(ctx).journal.entries), dict(ledger(ctx).channel_orders.orders)) == before


def test_a_cancel_after_the_hand_over_keeps_it_handed_over_with_a_note() -> None:
    ctx = store()
    apply_channel_order(ctx, sent(), 1)
    pick_order(ctx, "T1", "ann", "CR000001")
    hand_over_order(ctx, "T1", "ann", "CR000001")
    assert apply_channel_order(ctx, sent("cancelled", "customer gave up"), 2)
    kept = show_order(ctx, "CR000001")
    assert kept.state == "handed_over" and kept.handed_over_seq == 2
    assert "after it was handed over" in kept.note and "customer gave up" in kept.note
    assert len(ledger(ctx).journal.entries) == 2  # a cancel writes no entry


def test_a_cancel_ends_a_confirmed_or_picked_order_and_a_late_confirm_changes_nothing() -> None:
    ctx = store()
    apply_channel_order(ctx, sent(), 1)
    pick_order(ctx, "T1", "ann", "CR000001")
    apply_channel_order(ctx, sent("cancelled", "staff"), 2)
    kept = show_order(ctx, "CR000001")
    assert (kept.state, kept.picked_seq, kept.close_reason) == ("cancelled", 1, "staff")
    apply_channel_order(ctx, sent(), 3)  # a confirm after the cancel: the cancel stands
    assert show_order(ctx, "CR000001").state == "cancelled"
    assert [o.reservation_id for o in list_orders(ctx, ("cancelled",))] == ["CR000001"]
    assert list_orders(ctx, ("confirmed",)) == []


def test_a_cancel_of_an_order_the_store_never_had_is_kept_cancelled() -> None:
    ctx = store()
    apply_channel_order(ctx, sent("cancelled", "expired"), 1)
    assert show_order(ctx, "CR000001").state == "cancelled"


@pytest.mark.parametrize(
    "order",
    [
        SentOrder("", "mall", "", "confirmed", LINES, 1),
        SentOrder("CR000002", "mall", "", "picked", LINES, 1),
        SentOrder("CR000002", "mall", "", "confirmed", (), 1),
        SentOrder("CR000002", "mall", "", "confirmed", (OrderLine("WATER", 0),), 1),
    ],
)
def test_an_order_head_office_could_not_have_sent_is_refused_and_not_kept(
    order: SentOrder,
) -> None:
    ctx = store()
    with pytest.raises(InvalidInput):
        apply_channel_order(ctx, order, 1)
    assert ledger(ctx).channel_orders.orders == {} and ledger(ctx).catalogue.cursor_at == 0


def test_an_unknown_state_filter_is_a_sentence() -> None:
    with pytest.raises(InvalidInput, match="not an order state"):
        list_orders(store(), ("shipped",))
