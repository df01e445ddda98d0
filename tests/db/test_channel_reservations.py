"""Channel reservations on SQLite and PostgreSQL (issue 16, items 1 and 2): reserve is a
compare-and-set on available (threads racing for the last units), a retried key returns
the same reservation (also when two calls with it race), expiry returns the stock, quotas
cap a channel, confirm queues the order for the store, and every change of a state is a
stock_state_changes row naming its document."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.certs import KeyPair, identity_from_pem
from common.errors import InvalidInput
from common.pb.storeledger.v1 import sync_pb2
from headoffice.domain.channels import ChannelNotAllowed, ChannelRefused, NotPromisable
from headoffice.domain.errors import UnknownProduct
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import delivery

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
NOW = 1_800_000_000_000


@pytest.fixture
def shop(uow: UoW, ca: KeyPair, store: str) -> str:
    """S001 with 3 COLA and 10 WATER on hand; channels mall and meituan may act for it."""
    add_store(uow(), ca, "S002", "High Street", "127.0.0.1:1", now_ms=1_000)
    apply_batch(uow(), store, [delivery(1, [("COLA", 3, 100), ("WATER", 10, 50)])])
    for code, kind in (("mall", "mall"), ("meituan", "delivery")):
        added = channel_admin.add_channel(
            uow(), ADMIN, ca, "127.0.0.1:1", code, code.title(), kind, [store], now_ms=NOW
        )
        identity = identity_from_pem(added.identity.cert_pem.encode())
        assert (identity.role, identity.name) == ("channel", code)
    return store


def _figures(uow: UoW, sku: str) -> tuple[int, int, int]:
    with uow() as work:
        f = work.channels.stock_figures("S001", [sku])[sku]
        return f.on_hand, f.available, f.reserved


def test_threads_racing_for_the_last_units_reserve_exactly_them(uow: UoW, shop: str) -> None:
    wins: list[str] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def order(n: int) -> None:
        try:
            r = cr.reserve(uow(), "mall", shop, [("COLA", 1)], f"order-{n}", now_ms=NOW)
            with lock:
                wins.append(r.reservation_id)
        except NotPromisable as exc:
            with lock:
                refusals.append(str(exc))

    threads = [threading.Thread(target=order, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 3 and len(refusals) == 9
    assert "COLA: asked 1, promisable 0" in refusals[0]
    assert _figures(uow, "COLA") == (3, 0, 3)


def test_a_retried_key_returns_the_same_reservation_even_when_racing(uow: UoW, shop: str) -> None:
    first = cr.reserve(uow(), "mall", shop, [("WATER", 2)], "k1", now_ms=NOW)
    again = cr.reserve(uow(), "mall", shop, [("WATER", 2)], "k1", now_ms=NOW + 5)
    assert again.replayed and not first.replayed and again.id == first.id
    with pytest.raises(ChannelRefused, match="idempotency key k1 was used for reservation"):
        cr.reserve(uow(), "mall", shop, [("WATER", 3)], "k1", now_ms=NOW)
    # Another channel may use the same key for its own order.
    assert cr.reserve(uow(), "meituan", shop, [("WATER", 1)], "k1", now_ms=NOW).id != first.id

    found: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: found.append(
                cr.reserve(uow(), "mall", shop, [("WATER", 1)], "k2", now_ms=NOW).id
            )
        )
        for _n in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 6 and len(set(found)) == 1
    assert _figures(uow, "WATER") == (10, 6, 4)  # 2 + 1 + 1


def test_bad_requests_change_nothing(uow: UoW, shop: str) -> None:
    with pytest.raises(UnknownProduct, match="NOPE"):
        cr.reserve(uow(), "mall", shop, [("NOPE", 1)], "k", now_ms=NOW)
    with pytest.raises(InvalidInput, match="positive whole number"):
        cr.reserve(uow(), "mall", shop, [("COLA", 0)], "k", now_ms=NOW)
    with pytest.raises(ChannelNotAllowed, match="may not act for store S002"):
        cr.reserve(uow(), "mall", "S002", [("COLA", 1)], "k", now_ms=NOW)
    with pytest.raises(NotPromisable, match="COLA: asked 4, promisable 3"):
        cr.reserve(uow(), "mall", shop, [("COLA", 4), ("WATER", 1)], "k", now_ms=NOW)
    assert _figures(uow, "COLA") == (3, 3, 0) and _figures(uow, "WATER") == (10, 10, 0)
    with uow() as work:
        assert work.channels.list_reservations("", "", "", 10) == []


def test_expiry_returns_the_stock_and_confirm_of_expired_is_refused(uow: UoW, shop: str) -> None:
    held = cr.reserve(uow(), "mall", shop, [("COLA", 2)], "k", 60_000, now_ms=NOW)
    kept = cr.reserve(uow(), "mall", shop, [("COLA", 1)], "k2", 60_000, now_ms=NOW)
    cr.confirm(uow(), "mall", kept.reservation_id, now_ms=NOW + 1)
    with pytest.raises(ChannelRefused, match="expired"):
        cr.confirm(uow(), "mall", held.reservation_id, now_ms=NOW + 60_000)
    assert cr.expire_due(uow(), NOW + 60_000) == 1
    assert cr.expire_due(uow(), NOW + 120_000) == 0  # the confirmed one never expires
    assert _figures(uow, "COLA") == (3, 2, 1)
    with pytest.raises(ChannelRefused, match="is expired"):
        cr.confirm(uow(), "mall", held.reservation_id, now_ms=NOW + 60_001)
    with uow() as work:
        changes = work.channels.state_changes(shop, "COLA")
    assert changes == [
        ("reserved", 2, "reservation", held.reservation_id),
        ("reserved", 1, "reservation", kept.reservation_id),
        ("reserved", -2, "reservation", held.reservation_id),
    ]


def test_confirm_queues_the_order_and_a_cancel_queues_it_again(uow: UoW, shop: str) -> None:
    r = cr.reserve(uow(), "mall", shop, [("WATER", 2)], "k", order_ref="M-1", now_ms=NOW)
    done = cr.confirm(uow(), "mall", "", "k", now_ms=NOW + 1)
    assert done.state == "confirmed" and done.expires_at_ms == 0
    assert cr.confirm(uow(), "mall", r.reservation_id, now_ms=NOW + 2) == done  # a retry
    with uow() as work:
        work.channels.mark_picked(r.id, 7, NOW + 3)
        work.channels.add_state(shop, "WATER", "reserved", -2, "reservation", r.reservation_id,
                                "picked", "@S001", NOW + 3)  # fmt: skip
        work.channels.add_state(shop, "WATER", "committed", 2, "reservation", r.reservation_id,
                                "picked", "@S001", NOW + 3)  # fmt: skip
        work.commit()
    cancelled = channel_admin.cancel_by_staff(uow(), ADMIN, r.reservation_id, "out of stock",
                                              now_ms=NOW + 4)  # fmt: skip
    assert cancelled.state == "cancelled" and cancelled.close_reason == "out of stock"
    assert _figures(uow, "WATER") == (10, 10, 0)
    with uow() as work:
        f = work.channels.stock_figures(shop, ["WATER"])["WATER"]
        page = work.downstream.feed_after(shop, 0, 100)
    assert f.committed == 0
    orders = [
        sync_pb2.DownstreamEvent.FromString(i.event_payload).channel_order
        for i in page.items
        if i.event_payload
    ]
    assert [(o.reservation_id, o.state, o.order_ref) for o in orders] == [
        (r.reservation_id, "confirmed", "M-1"),
        (r.reservation_id, "cancelled", "M-1"),
    ]
    assert orders[1].close_reason == "out of stock"
    got = cr.get_reservation(uow(), "mall", r.reservation_id)
    assert got.state == "cancelled" and got.close_reason == "out of stock"


def test_quota_caps_a_channel_and_states_lower_available(uow: UoW, shop: str) -> None:
    channel_admin.set_quota(uow(), ADMIN, "meituan", "category", "test", 30, now_ms=NOW)
    atp = {a.sku: a for a in cr.available_to_promise(uow(), "meituan", shop, ["WATER"])}
    assert (atp["WATER"].available, atp["WATER"].promisable, atp["WATER"].quota_percent) == (
        10, 3, 30,
    )  # fmt: skip
    cr.reserve(uow(), "meituan", shop, [("WATER", 3)], "a", now_ms=NOW)
    with pytest.raises(NotPromisable, match="WATER: asked 1, promisable 0"):
        cr.reserve(uow(), "meituan", shop, [("WATER", 1)], "b", now_ms=NOW)
    channel_admin.set_quota(uow(), ADMIN, "meituan", "sku", "WATER", 100, now_ms=NOW)
    channel_admin.set_stock_state(uow(), ADMIN, shop, "WATER", "damaged", 2, "dented",
                                  now_ms=NOW)  # fmt: skip
    rows = channel_admin.stock_states(uow(), ADMIN, shop, "WATER", "*")
    f = rows[0].figures
    assert (f.on_hand, f.reserved, f.damaged, f.available) == (10, 3, 2, 5)
    assert {a.sku: a.promisable for a in rows[0].channels} == {"WATER": 5}
    assert len(rows[0].channels) == 2  # mall and meituan
    with uow() as work:
        assert work.channels.open_counts() == {shop: 1}
        raw = work.connection.execute(
            sa.text("SELECT reserved_base, damaged_base FROM stock_states WHERE sku = 'WATER'")
        ).one()
    assert tuple(raw) == (3, 2)
