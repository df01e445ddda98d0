"""Head office's count orders reach the store over the downstream stream (issue 13): a
session it opens appears at the store, one that overlaps a session open at the store is
journalled as opened and then cancelled (never a wedge), an approval it sends is checked
against the store's own lines and posts, and each order applies once."""

from __future__ import annotations

import asyncio

from common.pb.storeledger.v1 import stocktake_pb2, sync_pb2
from common.tls import channel_credentials
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services import queries
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import approve_count, submit_count
from edge_agent.services.counting import add_count_line, list_counts, show_count, start_count
from edge_agent.services.receiving import receive
from edge_agent.sync.downstream import DownstreamClient
from edge_agent.sync.downstream_handlers import apply_count_order
from tests.edge.conftest import Pki, entry_at, levels, newest_seq
from tests.edge.fake_headoffice import FakeHeadOffice, start_fake, until
from tests.edge.test_upstream_sync import SYNC


def order(cursor: int, session: str, action: str, **fields: object) -> sync_pb2.DownstreamEvent:
    return sync_pb2.DownstreamEvent(
        cursor=cursor,
        count_order=stocktake_pb2.CountOrder(
            session_id=session,
            action=action,
            **fields,  # type: ignore[arg-type]
        ),
    )


def skus(*codes: str) -> stocktake_pb2.CountScope:
    return stocktake_pb2.CountScope(kind="skus", skus=codes)


async def _stream(store: StoreContext, pki: Pki, events: list[sync_pb2.DownstreamEvent]) -> None:
    fake = FakeHeadOffice()
    fake.catalogue = events
    server, port = await start_fake(fake, pki)
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    task = asyncio.create_task(DownstreamClient(store, f"127.0.0.1:{port}", creds, SYNC).run())
    last = events[-1].cursor
    try:
        await until(lambda: queries.status(store).downstream_cursor == last, what="the orders")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_a_count_order_opens_a_session_at_the_store_and_an_overlap_is_cancelled(
    store: StoreContext, pki: Pki
) -> None:
    mine = start_count(store, "max", "skus", skus=["CHIPS"])
    events = [
        order(10, "HO-COUNT-1", "open", scope=skus("COLA"), title="Cola check", blind=True,
              by="leo", classes=[stocktake_pb2.SkuClass(sku="COLA", abc_class="A")]),
        order(11, "HO-COUNT-2", "open", scope=skus("CHIPS", "RICE"), by="leo"),
    ]  # fmt: skip
    asyncio.run(_stream(store, pki, events))
    sessions = {s.session_id: s for s in list_counts(store)}
    opened = sessions["HO-COUNT-1"]
    assert (opened.origin, opened.state, opened.scope.skus, opened.title) == (
        "head_office", "open", ("COLA",), "Cola check",
    )  # fmt: skip
    assert opened.classes == {"COLA": "A"} and opened.created_by == "leo"
    assert entry_at(store, opened.opened_seq).count_session.origin == "head_office"
    overlapping = sessions["HO-COUNT-2"]
    assert overlapping.state == "cancelled"
    assert mine.session_id in overlapping.note and "CHIPS" in overlapping.note
    assert sessions[mine.session_id].state == "open"
    # Counting at the store works as for its own sessions.
    add_count_line(store, "ann", "HO-COUNT-1", sku="COLA", qty=0)
    assert show_count(store, "HO-COUNT-1").results[0].counted_qty_base == 0


def test_head_office_approves_with_the_stores_own_lines_once_and_a_refusal_never_wedges(
    store: StoreContext,
) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 10, 180)], "bo")
    opened = order(5, "HO-COUNT-3", "open", scope=skus("COLA"), by="leo")
    assert apply_count_order(store, opened) is True
    assert apply_count_order(store, opened) is False  # replayed: the cursor is past it
    add_count_line(store, "ann", "HO-COUNT-3", sku="COLA", qty=10)
    # Approved before it was submitted: refused, logged, the cursor moves, nothing changes.
    before = newest_seq(store)
    assert apply_count_order(store, order(6, "HO-COUNT-3", "approve", by="leo")) is True
    assert (newest_seq(store), show_count(store, "HO-COUNT-3").session.state) == (before, "open")
    submit_count(store, "ann", "HO-COUNT-3")
    # ann counted it, but with no variance she is not in the way; leo approves and it posts.
    assert apply_count_order(store, order(7, "HO-COUNT-3", "approve", by="leo")) is True
    posted = show_count(store, "HO-COUNT-3").session
    assert (posted.state, posted.approved_by) == ("posted", "leo")
    assert entry_at(store, posted.closed_seq).document_type == "count_posting"
    assert levels(store)["COLA"] == 10
    # A cancel after posting is refused and logged; the session stays posted.
    assert apply_count_order(store, order(8, "HO-COUNT-3", "cancel", by="leo")) is True
    assert show_count(store, "HO-COUNT-3").session.state == "posted"
    # An action this agent does not know moves the cursor and nothing else.
    seq = newest_seq(store)
    assert apply_count_order(store, order(9, "HO-COUNT-3", "reopen", by="leo")) is True
    assert (newest_seq(store), queries.status(store).downstream_cursor) == (seq, 9)


def test_head_office_gives_the_second_approval_of_a_count_the_store_approved_first(
    store: StoreContext,
) -> None:
    """Found by storeledger-sim (a count whose loss needs two approvers, both others at the
    store having counted it): head office's order names the store's first approver as `by`
    and its own as `second_by`; the store refused it as the first approver approving twice,
    and the session stayed waiting for a second approval at both ends, for good."""
    receive(store, "DN-1", [DeliveryItem("COLA", 1000, 180)], "bo")
    sid = start_count(store, "max", "skus", skus=["COLA"]).session_id
    add_count_line(store, "ann", sid, sku="COLA", qty=300)
    assert submit_count(store, "ann", sid).session.state == "recount"
    add_count_line(store, "bob", sid, sku="COLA", qty=300)
    submit_count(store, "bob", sid)
    assert approve_count(store, "max", sid).session.state == "approving"  # 700 x 1.80 > 1,000
    assert apply_count_order(store, order(50, sid, "approve", by="max", second_by="leo")) is True
    posted = show_count(store, sid).session
    assert (posted.state, posted.approved_by, posted.second_approved_by) == (
        "posted", "max", "leo"
    )  # fmt: skip
    assert levels(store)["COLA"] == 300
