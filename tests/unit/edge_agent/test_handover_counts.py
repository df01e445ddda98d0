"""Handover spot counts on the edge's real SQLite ledger (issue 13 item 7): the store's
key items, a handover that demands the incoming cashier's count of each, the count as a
session of its own (origin handover) flagged on the handover's shift event, refusals
that change nothing, the normal approval rules, and a store without key items."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from common.domain import stocktake as st
from common.errors import InvalidInput, NotFound, PermissionDenied, Refused
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import approve_count, cancel_count, submit_count
from edge_agent.services.counting import add_count_line, show_count, start_count
from edge_agent.services.handover_counts import key_items, set_key_items
from edge_agent.services.receiving import receive
from edge_agent.services.shifts import handover, open_shift
from tests.edge.conftest import entry_at, levels, newest_seq, seed_catalogue
from tests.till_staff import add_staff

DRAWER = [(10_000, 1)]  # the 100.00 float, counted back


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = StoreContext.open(tmp_path / "ledger.db", "S001", "Corner Shop")
    seed_catalogue(ctx)  # COLA, CHIPS (pieces), RICE (g)
    for code, role in (("ann", "cashier"), ("bob", "cashier"), ("max", "store_manager"),
                       ("sue", "store_manager")):  # fmt: skip
        add_staff(ctx.db, code, role)
    receive(ctx, "DN-1", [DeliveryItem("COLA", 100, 180), DeliveryItem("CHIPS", 40, 90)], "max")
    open_shift(ctx, "T1", "ann", 10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def keyed(store: StoreContext) -> StoreContext:
    assert set_key_items(store, "max", ["COLA", "CHIPS"]) == ["COLA", "CHIPS"]
    return store


def test_the_key_items_are_the_stores_goods_once_each_and_a_new_list_replaces_the_old(
    store: StoreContext,
) -> None:
    assert key_items(store) == []
    with pytest.raises(NotFound, match="no product with SKU GIN"):
        set_key_items(store, "max", ["COLA", "GIN"])
    with pytest.raises(InvalidInput, match="key item COLA is listed more than once"):
        set_key_items(store, "max", ["COLA", "COLA"])
    assert key_items(store) == []
    set_key_items(store, "max", ["CHIPS", "COLA"])
    assert set_key_items(store, "max", ["COLA"]) == ["COLA"]
    assert set_key_items(store, "max", []) == []


def test_a_handover_with_key_items_demands_the_incoming_cashiers_count(
    keyed: StoreContext,
) -> None:
    seq = newest_seq(keyed)
    with pytest.raises(InvalidInput) as refused:
        handover(keyed, "T1", "ann", "bob", DRAWER)
    assert str(refused.value) == (
        "the handover at till T1 needs bob's spot count of the key items first: count each"
        " of COLA, CHIPS (--spot SKU=QTY)"
    )
    assert newest_seq(keyed) == seq


@pytest.mark.parametrize(
    ("spot", "sentence"),
    [
        ([("COLA", 100), ("CHIPS", 40), ("RICE", 5)],
         "RICE is not one of the store's key items: COLA, CHIPS"),
        ([("COLA", -1), ("CHIPS", 40)], "the spot count of COLA cannot be negative, got -1"),
        ([("COLA", 100)], "the spot count has no count of key item(s) CHIPS: count each one"),
        ([("COLA", 100), ("COLA", 100), ("CHIPS", 40)], "key item COLA is counted twice"),
        ([("COLA", "ten"), ("CHIPS", 40)],
         "a counted quantity must be a whole number of base units, got 'ten'"),
    ],
)  # fmt: skip
def test_a_bad_spot_count_is_refused_with_a_sentence_and_changes_nothing(
    keyed: StoreContext, spot: list[tuple[str, object]], sentence: str
) -> None:
    seq = newest_seq(keyed)
    with pytest.raises(InvalidInput) as refused:
        handover(keyed, "T1", "ann", "bob", DRAWER, spot)
    assert str(refused.value) == sentence
    assert newest_seq(keyed) == seq
    with keyed.db.read() as uow:
        assert uow.counts.select("") == []
        assert uow.shifts.open_shift_of("T1").cashier == "ann"


def test_an_incoming_cashier_whose_name_carries_control_characters_is_refused(
    keyed: StoreContext,
) -> None:
    seq = newest_seq(keyed)
    with pytest.raises(InvalidInput, match="the next cashier's name"):
        handover(keyed, "T1", "ann", "bob\x1b[2J", DRAWER, [("COLA", 100), ("CHIPS", 40)])
    assert newest_seq(keyed) == seq


def test_a_count_within_tolerance_passes_the_drawer_and_is_recorded(keyed: StoreContext) -> None:
    closed = handover(keyed, "T1", "ann", "bob", DRAWER, [("CHIPS", 40), ("COLA", 98)])
    assert closed.next_shift is not None and closed.next_shift.cashier == "bob"
    event = closed.event
    assert event.spot_count_session_id and event.spot_count_outside == ()
    assert entry_at(keyed, closed.seq).shift_event.spot_count_session_id == (
        event.spot_count_session_id
    )
    assert f"spot count {event.spot_count_session_id}: every key item within tolerance" in (
        closed.report_text
    )
    report = show_count(keyed, event.spot_count_session_id, "max")
    s = report.session
    assert (s.origin, s.scope.kind, s.scope.skus, s.state) == (
        "handover", "handover", ("CHIPS", "COLA"), st.S_SUBMITTED,
    )  # fmt: skip
    assert s.blind and s.created_by == "bob"
    assert [(r.sku, r.counted_qty_base, r.variance_qty_base, r.counters) for r in report.results] == [
        ("CHIPS", 40, 0, ("bob",)), ("COLA", 98, -2, ("bob",)),
    ]  # fmt: skip
    # The normal approval rules: a manager posts the variance; the counter may not.
    with pytest.raises(PermissionDenied, match="bob counted COLA"):
        approve_count(keyed, "bob", s.session_id)
    assert approve_count(keyed, "max", s.session_id).session.state == st.S_POSTED
    assert levels(keyed)["COLA"] == 98


def test_a_difference_beyond_tolerance_is_flagged_on_the_handover_and_in_the_session(
    keyed: StoreContext,
) -> None:
    closed = handover(keyed, "T1", "ann", "bob", DRAWER, [("COLA", 90), ("CHIPS", 40)])
    event = closed.event
    assert event.spot_count_outside == ("COLA",)
    assert list(entry_at(keyed, closed.seq).shift_event.spot_count_outside) == ["COLA"]
    assert (
        f"spot count {event.spot_count_session_id}: 1 item(s) outside tolerance: COLA"
        in closed.report_text
    )
    report = show_count(keyed, event.spot_count_session_id, "max")
    assert report.session.state == st.S_RECOUNT
    assert report.session.recount_skus == ("COLA",)
    assert [(r.sku, r.within_tolerance) for r in report.results] == [
        ("CHIPS", True), ("COLA", False),
    ]  # fmt: skip
    with pytest.raises(Refused):
        approve_count(keyed, "max", event.spot_count_session_id)
    # The recount by someone else, then a manager who did not count approves.
    add_count_line(keyed, "max", event.spot_count_session_id, sku="COLA", qty=91)
    submit_count(keyed, "max", event.spot_count_session_id)
    with pytest.raises(PermissionDenied, match="max counted COLA"):
        approve_count(keyed, "max", event.spot_count_session_id)
    assert approve_count(keyed, "sue", event.spot_count_session_id).session.state == st.S_POSTED
    assert levels(keyed)["COLA"] == 91


def test_a_handover_during_a_full_count_is_not_blocked_and_its_count_waits_for_it(
    keyed: StoreContext,
) -> None:
    full = start_count(keyed, "max", "full")
    closed = handover(keyed, "T1", "ann", "bob", DRAWER, [("COLA", 99), ("CHIPS", 40)])
    spot = closed.event.spot_count_session_id
    with pytest.raises(Refused, match=f"shares SKUs with count session {full.session_id}"):
        approve_count(keyed, "max", spot)
    cancel_count(keyed, "max", full.session_id)
    assert approve_count(keyed, "max", spot).session.state == st.S_POSTED


def test_a_store_without_key_items_hands_over_as_before(store: StoreContext) -> None:
    closed = handover(store, "T1", "ann", "bob", DRAWER)
    assert closed.event.spot_count_session_id == "" and "spot count" not in closed.report_text
    with store.db.read() as uow:
        assert uow.counts.select("") == []
    with pytest.raises(InvalidInput, match="this store has no key items"):
        handover(store, "T1", "bob", "cat", DRAWER, [("COLA", 1)])


def test_a_full_count_opens_beside_a_waiting_handover_count_which_it_then_supersedes(
    keyed: StoreContext,
) -> None:
    closed = handover(keyed, "T1", "ann", "bob", DRAWER, [("COLA", 99), ("CHIPS", 40)])
    spot = closed.event.spot_count_session_id
    full = start_count(keyed, "max", "full")  # not blocked by the spot count waiting
    for sku, qty in (("COLA", 100), ("CHIPS", 40), ("RICE", 0)):
        add_count_line(keyed, "sue", full.session_id, sku=sku, qty=qty)
    submit_count(keyed, "sue", full.session_id)
    assert approve_count(keyed, "max", full.session_id).session.state == st.S_POSTED
    # The full count posted after the spot count was counted: its book is stale.
    with pytest.raises(Refused, match=f"shares SKUs with count session {full.session_id}"):
        approve_count(keyed, "max", spot)
    assert levels(keyed)["COLA"] == 100
    assert cancel_count(keyed, "max", spot, "superseded").state == st.S_CANCELLED


def test_two_handover_counts_of_the_same_items_post_oldest_first(keyed: StoreContext) -> None:
    first = handover(keyed, "T1", "ann", "bob", DRAWER, [("COLA", 99), ("CHIPS", 40)])
    second = handover(keyed, "T1", "bob", "ann", DRAWER, [("COLA", 99), ("CHIPS", 40)])
    one, two = first.event.spot_count_session_id, second.event.spot_count_session_id
    assert approve_count(keyed, "max", one).session.state == st.S_POSTED
    with pytest.raises(Refused, match=f"shares SKUs with count session {one}"):
        approve_count(keyed, "max", two)  # counted before the first posted: no double post
    assert levels(keyed)["COLA"] == 99
