"""A store rebuilt from head office's journal (`edge-agent init --from-headoffice`) has its
online orders back (SQLite and PostgreSQL at head office, the store's SQLite ledger): the
ones still to hand over, picked when its journal picked them, those its journal handed
over, and an order confirmed after the store was lost; replaying its feed from the start
changes none of them but by a cancel, and the store goes on handing over and picking with
head office accepting every entry (an order handed over twice would stop its journal)."""

from __future__ import annotations

from collections.abc import Callable

from common.certs import KeyPair
from edge_agent.api.messages.channel_orders import sent_order
from edge_agent.api.messages.rebuild import rebuilt_entries
from edge_agent.domain import channel_orders as co
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.channel_orders import hand_over_order, list_orders, pick_order
from edge_agent.services.context import StoreContext
from edge_agent.services.rebuild import install_journal
from edge_agent.services.receiving import receive
from edge_agent.store.journal_codec.entries import decode_entry
from headoffice.api.messages.channels import rebuild_order
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from headoffice.services.reenrol import rebuild_page
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_rebuild_counts import lost as lost  # noqa: F401 - the fixtures
from tests.db.test_rebuild_counts import rebuilt as rebuilt  # noqa: F401
from tests.db.test_till_staff import sync_down

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")


def _sync_up(uow: UoW, ctx: StoreContext) -> None:
    """The store's entries head office has not committed, applied as the stream does."""
    with ctx.db.read() as work:
        stored = work.journal.stored_after(work.journal.sync_state()[0], 10_000)
    apply_batch(uow(), "S001", [decode_entry(e.payload) for e in stored])
    with ctx.db.write() as work:
        work.journal.set_committed(stored[-1].seq, 0)


def _order(uow: UoW, key: str) -> str:
    held = cr.reserve(uow(), "mall", "S001", [("COLA", 1), ("TEA", 2)], key, order_ref=key)
    return cr.confirm(uow(), "mall", reservation_id=held.reservation_id).reservation_id


def _states(ctx: StoreContext) -> dict[str, str]:
    return {o.reservation_id: o.state for o in list_orders(ctx)}


def test_a_rebuilt_store_has_its_online_orders_back_as_its_journal_left_them(
    uow: UoW, store: str, ca: KeyPair, lost: StoreContext, rebuilt: StoreContext
) -> None:
    receive(lost, "DN-1", [DeliveryItem(sku, 50, 100) for sku in ("COLA", "TEA")], "max")
    _sync_up(uow, lost)
    channel_admin.add_channel(uow(), ADMIN, ca, "127.0.0.1:1", "mall", "Mall", "mall", [store])
    picked, handed, waiting, cancelled = (_order(uow, k) for k in ("A", "B", "C", "E"))
    sync_down(uow, lost)
    channel_admin.cancel_by_staff(uow(), ADMIN, cancelled, "out of stock")
    sync_down(uow, lost)
    first_pick = pick_order(lost, "T1", "max", picked)
    pick_order(lost, "T1", "max", handed)
    gone = hand_over_order(lost, "T2", "ann", handed)
    _sync_up(uow, lost)
    late = _order(uow, "D")  # confirmed after the store was lost: it never reached it
    assert _states(lost) == {picked: "picked", handed: "handed_over", waiting: "confirmed",
                             cancelled: "cancelled"}  # fmt: skip

    page = rebuild_page(uow(), store, 0, 10_000)
    assert [r.reservation_id for r in page.channel_orders] == [picked, waiting, late]
    sent = [sent_order(rebuild_order(r)) for r in page.channel_orders]
    assert {s.state for s in sent} == {"confirmed"}
    entries = rebuilt_entries([decode_entry(p) for _seq, p, _h in page.entries])
    install_journal(rebuilt, entries, [h for _s, _p, h in page.entries], page.committed_seq, sent)

    expected = {picked: "picked", handed: "handed_over", waiting: "confirmed", late: "confirmed"}
    assert _states(rebuilt) == expected
    kept = {o.reservation_id: o for o in list_orders(rebuilt)}
    assert (kept[picked].picked_seq, kept[picked].picked_by) == (first_pick.seq, "max")
    assert (kept[picked].channel, kept[picked].order_ref) == ("mall", "A")
    assert kept[picked].lines == (co.OrderLine("COLA", 1), co.OrderLine("TEA", 2))
    assert (kept[handed].handed_over_seq, kept[handed].handed_over_by) == (gone.seq, "ann")
    assert (kept[handed].order_ref, kept[handed].lines) == ("B", kept[picked].lines)
    assert kept[late].confirmed_at_ms > 0

    # Its feed replayed from the start: the cancel arrives, nothing else changes.
    sync_down(uow, rebuilt)
    assert _states(rebuilt) == {**expected, cancelled: "cancelled"}
    # The store goes on: head office takes the hand-over and the pick (a second hand-over
    # of B or pick of A would refuse the batch).
    hand_over_order(rebuilt, "T1", "max", picked)
    pick_order(rebuilt, "T1", "max", late)
    _sync_up(uow, rebuilt)
    with uow() as u:
        states = {
            r.reservation_id: r.state for r in u.channels.list_reservations("", store, "", 10)
        }
    assert states == {picked: "fulfilled", handed: "fulfilled", waiting: "confirmed",
                      late: "picked", cancelled: "cancelled"}  # fmt: skip
