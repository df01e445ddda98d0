"""Offline oversell conflicts on both databases: a store's batch that sells what was reserved
online opens a conflict, a later one updates it, a receipt closes it; resolving by a transfer
and by cancelling an order; refusals that change nothing.

Reservations are written straight into the channel tables (what services.channel_reservations
does when an order is reserved): the states and the order's lines.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from common.errors import InvalidInput
from common.pb.storeledger.v1 import sync_pb2
from headoffice.domain.catalogue import Product
from headoffice.domain.channel_conflicts import ConflictRefused, UnknownConflict
from headoffice.domain.errors import PermissionRefused
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_conflicts as cc
from headoffice.services import channel_reservations as cr
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.channel_tables import channel_reservations, stock_state_changes, stock_states
from headoffice.store.document_tables import transfers
from headoffice.store.replenish_tables import replenish_costs
from headoffice.store.unit_of_work import UnitOfWork
from tests.channel_rows import insert_reservation
from tests.db.conftest import delivery
from tests.journal_entries import channel_fulfilment, sale_of

ADMIN = Staff("admin", "admin")
Uow = Callable[[], UnitOfWork]


@pytest.fixture
def chain(uow: Uow, ca) -> Uow:
    for code in ("S001", "S002", "S003"):
        add_store(uow(), ca, code, f"Store {code}", "127.0.0.1:1", now_ms=1_000)
    with uow() as u:
        u.catalogue.save_products(
            [Product(s, s, "piece", 300, 100, "drinks", "CNY", True, ()) for s in ("COLA", "TEA")],
            set(),
            1_000,
        )
        u.commit()
    apply_batch(uow(), "S001", [delivery(1, [("COLA", 5, 100), ("TEA", 5, 100)])])
    apply_batch(uow(), "S002", [delivery(1, [("COLA", 10, 100)])])
    apply_batch(uow(), "S003", [delivery(1, [("COLA", 10, 100)])])
    return uow


def reserve(uow: Uow, store: str, sku: str, qty: int, at_ms: int, state: str = "confirmed") -> int:
    """An online order holding `qty` of `sku` at `store` (as channel_reservations writes it)."""
    with uow() as u:
        number = insert_reservation(u.connection, store, sku, qty, at_ms, state)
        u.commit()
    return number


def conflicts(uow: Uow, state: str = "all") -> list:
    return cc.list_conflicts(uow(), ADMIN, state=state)


def reserved_of(uow: Uow, store: str, sku: str) -> int:
    with uow() as u:
        s = stock_states.c
        row = u.connection.execute(
            sa.select(s.reserved_base).where(s.store_code == store, s.sku == sku)
        ).first()
    return int(row.reserved_base) if row else 0


def test_an_oversold_reservation_opens_one_conflict_a_later_sale_updates_it_a_receipt_closes_it(
    chain: Uow,
) -> None:
    first = reserve(chain, "S001", "COLA", 3, at_ms=2_000)
    second = reserve(chain, "S001", "COLA", 2, at_ms=3_000)
    # 5 on hand, 5 reserved: selling within what is not reserved is impossible; 2 sold.
    apply_batch(chain(), "S001", [sale_of(2, [("COLA", 2)]), sale_of(3, [("TEA", 1)])])
    [conflict] = conflicts(chain)
    assert (conflict.conflict_id, conflict.store_code, conflict.sku, conflict.short_base) == (
        "CC000001", "S001", "COLA", 2,
    )  # fmt: skip
    assert (conflict.state, conflict.detected_seq, conflict.reservation_ids) == (
        "open", 2, (first, second),
    )  # fmt: skip
    # The nearest store with 2 available: S002 and S003 cost alike (the default): by code.
    assert (conflict.proposal, conflict.proposed_from_store) == ("transfer", "S002")

    # Another sale of the SKU: the same conflict, short by 3 now.
    apply_batch(chain(), "S001", [sale_of(4, [("COLA", 1)])])
    [conflict] = conflicts(chain)
    assert (conflict.id, conflict.short_base, conflict.detected_seq) == (1, 3, 2)
    # A sale of an unreserved SKU changes nothing.
    apply_batch(chain(), "S001", [sale_of(5, [("TEA", 1)])])
    assert conflicts(chain) == [conflict]

    # A delivery covers the orders again: the conflict closes by itself, saying so.
    apply_batch(chain(), "S001", [delivery(6, [("COLA", 4, 100)])])
    [closed] = conflicts(chain)
    assert (closed.state, closed.resolution, closed.resolved_by) == ("resolved", "cleared", "")
    assert "entry 6" in closed.note
    assert conflicts(chain, "open") == []


def test_transfer_costs_choose_the_nearest_store_then_a_cancel_when_none_has_enough(
    chain: Uow,
) -> None:
    with chain() as u:
        u.connection.execute(
            replenish_costs.insert(),
            [{"from_store": "S003", "to_store": "S001", "cost_minor": 10, "updated_at_ms": 1,
              "updated_by": "t"}],
        )  # fmt: skip
        u.commit()
    reserve(chain, "S001", "COLA", 5, at_ms=2_000)
    apply_batch(chain(), "S001", [sale_of(2, [("COLA", 1)])])
    [conflict] = conflicts(chain)
    assert (conflict.proposal, conflict.proposed_from_store) == ("transfer", "S003")
    # TEA: no other store has any; the proposal cancels the newest order not yet picked.
    reserve(chain, "S001", "TEA", 2, at_ms=3_000, state="picked")
    newer = reserve(chain, "S001", "TEA", 1, at_ms=4_000)
    reserve(chain, "S001", "TEA", 2, at_ms=5_000, state="picked")
    apply_batch(chain(), "S001", [sale_of(3, [("TEA", 2)])])
    tea = [c for c in conflicts(chain) if c.sku == "TEA"][0]
    assert (tea.short_base, tea.proposal, tea.proposed_reservation_id) == (2, "cancel", newer)


def test_the_configured_default_transfer_cost_weighs_stores_without_a_cost_set_by_hand(
    chain: Uow, engine: sa.Engine
) -> None:
    """[replenishment] default_transfer_cost_minor (500 here) is what a store without a row
    set by hand costs, as in replenishment's runs: S003 (300 set by hand) is nearer than
    S002 (no row: 500). Unconfigured, the default is replenishment's 100: S002."""
    configured: Uow = lambda: UnitOfWork(engine, default_transfer_cost_minor=500)  # noqa: E731
    with chain() as u:
        u.connection.execute(
            replenish_costs.insert(),
            [{"from_store": "S003", "to_store": "S001", "cost_minor": 300, "updated_at_ms": 1,
              "updated_by": "t"}],
        )  # fmt: skip
        u.commit()
    assert cc.transfer_cost_default(chain()) == 100
    assert cc.transfer_cost_default(configured()) == 500
    reserve(chain, "S001", "COLA", 5, at_ms=2_000)
    apply_batch(configured(), "S001", [sale_of(2, [("COLA", 1)])])
    [cola] = conflicts(chain)
    assert (cola.proposal, cola.proposed_from_store) == ("transfer", "S003")

    # The same shortfall found without the configuration proposes S002; a recheck with it
    # (an order of the SKU released, expired or cancelled) weighs the stores again.
    reserve(chain, "S001", "TEA", 5, at_ms=3_000)
    apply_batch(chain(), "S002", [delivery(2, [("TEA", 4, 100)])])
    apply_batch(chain(), "S003", [delivery(2, [("TEA", 4, 100)])])
    apply_batch(chain(), "S001", [sale_of(3, [("TEA", 2)])])
    [tea] = [c for c in conflicts(chain) if c.sku == "TEA"]
    assert (tea.short_base, tea.proposed_from_store) == (2, "S002")
    with configured() as u:
        assert cc.recheck(u, "S001", ["TEA"], 4_000) == 1
        u.commit()
    [tea] = [c for c in conflicts(chain) if c.sku == "TEA"]
    assert (tea.state, tea.proposal, tea.proposed_from_store) == ("open", "transfer", "S003")


def test_resolve_by_transfer_creates_a_real_transfer_and_no_second_conflict_while_it_travels(
    chain: Uow,
) -> None:
    reserve(chain, "S001", "COLA", 5, at_ms=2_000)
    apply_batch(chain(), "S001", [sale_of(2, [("COLA", 2)])])
    resolved = cc.resolve_conflict(chain(), ADMIN, "CC000001", now_ms=9_000)
    assert (resolved.state, resolved.resolution, resolved.resolved_by) == (
        "resolved", "transfer", "admin",
    )  # fmt: skip
    with chain() as u:
        row = u.transfers.get_transfer(resolved.transfer_id)
    assert row is not None
    assert (row.from_store, row.to_store, row.state) == ("S002", "S001", "open")
    assert [(ln.sku, ln.qty_base) for ln in row.lines] == [("COLA", 2)]
    # Another batch touching COLA while the transfer is on its way: covered, not flagged.
    apply_batch(chain(), "S001", [sale_of(3, [("TEA", 1)]), delivery(4, [("COLA", 0 + 1, 100)])])
    assert conflicts(chain, "open") == []
    # Selling one more than the transfer brings: a new conflict for that one.
    apply_batch(chain(), "S001", [sale_of(5, [("COLA", 2)])])
    [again] = conflicts(chain, "open")
    assert (again.id, again.short_base) == (2, 1)


def test_resolve_by_cancel_releases_the_order_and_records_why(chain: Uow) -> None:
    older = reserve(chain, "S001", "TEA", 3, at_ms=2_000)
    newer = reserve(chain, "S001", "TEA", 2, at_ms=3_000)
    apply_batch(chain(), "S001", [sale_of(2, [("TEA", 2)])])
    [conflict] = conflicts(chain)
    assert (conflict.proposal, conflict.proposed_reservation_id) == ("cancel", newer)
    done = cc.resolve_conflict(chain(), ADMIN, "1", reason="sold at the till", now_ms=9_000)
    assert (done.state, done.resolution, done.reservation_ids) == ("resolved", "cancel", (older,))
    assert reserved_of(chain, "S001", "TEA") == 3
    with chain() as u:
        r = channel_reservations.c
        state, why = u.connection.execute(
            sa.select(r.state, r.close_reason).where(r.id == newer)
        ).one()
        ch = stock_state_changes.c
        change = u.connection.execute(
            sa.select(ch.state, ch.delta_base, ch.document_type, ch.document_id)
        ).all()
    assert (state, why) == ("cancelled", "sold at the till")
    assert [tuple(c) for c in change] == [("reserved", -2, "conflict", "CC000001")]
    with chain() as u:  # the store is told, as for any cancel (cancel_reservation)
        page = u.downstream.feed_after("S001", 0, 100)
    told = [
        sync_pb2.DownstreamEvent.FromString(i.event_payload).channel_order
        for i in page.items
        if i.event_payload
    ]
    assert [(o.reservation_id, o.state, o.close_reason) for o in told] == [
        (f"CR{newer:06d}", "cancelled", "sold at the till")
    ]


def test_an_order_released_expired_or_cancelled_updates_then_clears_the_conflict(
    chain: Uow, ca: KeyPair
) -> None:
    now = 1_800_000_000_000
    channel_admin.add_channel(chain(), ADMIN, ca, "127.0.0.1:1", "mall", "Mall", "mall",
                              ["S001"], now_ms=now)  # fmt: skip
    first = cr.reserve(chain(), "mall", "S001", [("TEA", 2)], "a", 60_000, now_ms=now)
    second = cr.reserve(chain(), "mall", "S001", [("TEA", 2)], "b", 600_000, now_ms=now)
    third = cr.reserve(chain(), "mall", "S001", [("TEA", 1)], "c", 600_000, now_ms=now)
    apply_batch(chain(), "S001", [sale_of(2, [("TEA", 3)])])  # 2 on hand for 5 reserved
    [conflict] = conflicts(chain, "open")
    assert conflict.short_base == 3
    cr.release(chain(), "mall", third.reservation_id, "customer left", now_ms=now + 1)
    [conflict] = conflicts(chain, "open")
    assert (conflict.short_base, conflict.reservation_ids) == (2, (first.id, second.id))
    assert cr.expire_due(chain(), now + 60_000) == 1  # the first one's hold ran out
    assert conflicts(chain, "open") == []
    [closed] = conflicts(chain, "resolved")
    assert closed.resolution == "cleared"
    apply_batch(chain(), "S001", [sale_of(3, [("TEA", 1)])])  # 1 on hand for 2 reserved
    [again] = conflicts(chain, "open")
    assert (again.id, again.short_base) == (2, 1)
    channel_admin.cancel_by_staff(chain(), ADMIN, second.reservation_id, "damaged in the store",
                                  now_ms=now + 70_000)  # fmt: skip
    assert conflicts(chain, "open") == []
    assert reserved_of(chain, "S001", "TEA") == 0


def test_cancelling_an_order_smaller_than_the_shortfall_leaves_the_conflict_open(
    chain: Uow,
) -> None:
    reserve(chain, "S001", "TEA", 3, at_ms=2_000)
    small = reserve(chain, "S001", "TEA", 1, at_ms=3_000)
    apply_batch(chain(), "S001", [sale_of(2, [("TEA", 3)])])
    still = cc.resolve_conflict(chain(), ADMIN, "CC000001", "cancel", reservation_text=f"CR{small}",
                                reason="sold out")  # fmt: skip
    assert (still.state, still.short_base, still.proposal) == ("open", 1, "cancel")


def nothing_changed(uow: Uow) -> tuple:
    with uow() as u:
        c = u.connection
        counts = (
            c.execute(sa.select(sa.func.count()).select_from(transfers)).scalar_one(),
            c.execute(sa.select(sa.func.count()).select_from(stock_state_changes)).scalar_one(),
        )
    return (*counts, tuple(conflicts(uow)))


def test_bad_resolutions_are_refused_with_a_sentence_and_change_nothing(chain: Uow) -> None:
    reserve(chain, "S001", "COLA", 5, at_ms=2_000)
    apply_batch(chain(), "S001", [sale_of(2, [("COLA", 4)])])
    before = nothing_changed(chain)
    with pytest.raises(UnknownConflict, match="there is no conflict CC000009"):
        cc.resolve_conflict(chain(), ADMIN, "CC000009")
    with pytest.raises(InvalidInput, match="must look like CC000001"):
        cc.resolve_conflict(chain(), ADMIN, "TR1")
    with pytest.raises(ConflictRefused, match="store S003 has 0 of COLA available"):
        # S003's 10 are all reserved for its own orders.
        reserve(chain, "S003", "COLA", 10, at_ms=2_500)
        cc.resolve_conflict(chain(), ADMIN, "CC000001", "transfer", from_store="S003")
    before = nothing_changed(chain)
    with pytest.raises(InvalidInput, match="needs a reason"):
        cc.resolve_conflict(chain(), ADMIN, "CC000001", "cancel", reason="  ")
    with pytest.raises(PermissionRefused):
        cc.resolve_conflict(chain(), Staff("sm", "store_manager", frozenset({"S002"})), "1")
    assert nothing_changed(chain) == before
    cc.resolve_conflict(chain(), ADMIN, "CC000001")
    after = nothing_changed(chain)
    with pytest.raises(ConflictRefused, match="already resolved"):
        cc.resolve_conflict(chain(), ADMIN, "CC000001", "cancel", reason="x")
    assert nothing_changed(chain) == after


def test_a_hand_over_after_a_conflict_cancelled_the_order_applies_and_moves_no_state(
    chain: Uow, ca: KeyPair
) -> None:
    """The conflict's cancel names the conflict, not the order; the order holds nothing
    afterwards, so the store's late hand-over takes on hand and leaves the states alone."""
    now = 1_800_000_000_000
    channel_admin.add_channel(chain(), ADMIN, ca, "127.0.0.1:1", "mall", "Mall", "mall",
                              ["S001"], now_ms=now)  # fmt: skip
    order = cr.reserve(chain(), "mall", "S001", [("TEA", 4)], "a", 60_000, now_ms=now)
    cr.confirm(chain(), "mall", order.reservation_id, now_ms=now + 1)
    apply_batch(chain(), "S001", [sale_of(2, [("TEA", 3)])])  # 2 on hand for 4 reserved
    cc.resolve_conflict(chain(), ADMIN, "CC000001", "cancel", reason="sold out", now_ms=now + 2)
    assert reserved_of(chain, "S001", "TEA") == 0
    apply_batch(chain(), "S001", [channel_fulfilment(3, order.reservation_id, [("TEA", 4)])])
    assert reserved_of(chain, "S001", "TEA") == 0
    after = cr.get_reservation(chain(), "mall", order.reservation_id)
    assert (after.state, after.fulfilled_seq) == ("cancelled", 3)
