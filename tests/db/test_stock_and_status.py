from collections.abc import Callable

import pytest

from common.certs import KeyPair
from common.errors import InvalidInput
from headoffice.domain.errors import (
    HeadOfficeError,
    InvalidEntry,
    StoreAlreadyExists,
    UnknownStore,
)
from headoffice.domain.roles import Staff
from headoffice.domain.stores import Hello
from headoffice.services.status import sync_status
from headoffice.services.stores import add_store, disable_store, list_stores
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import UpstreamSession, record_disconnect, record_hello
from headoffice.services.verify import balances_as_of, verify_report
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, sale

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")


def test_balances_as_of_subtract_later_movements(uow: UoW, store: str) -> None:
    apply_batch(uow(), store, [delivery(1, [("COLA", 10, 5)]), sale(2), sale(3, "TEA"), sale(4)])
    assert balances_as_of(uow(), store, 4) == (4, {"COLA": 8, "TEA": -1})
    assert balances_as_of(uow(), store, 2) == (4, {"COLA": 9})
    assert balances_as_of(uow(), store, 0) == (4, {})
    with pytest.raises(HeadOfficeError, match="only up to entry 4"):
        balances_as_of(uow(), store, 5)


def test_verify_reports_differences(uow: UoW, store: str) -> None:
    apply_batch(uow(), store, [delivery(1, [("COLA", 10, 5), ("TEA", 2, 5)]), sale(2)])
    same = verify_report(uow(), store, 2, {"COLA": 9, "TEA": 2})
    assert same.match and same.head_office_checksum == same.store_checksum
    assert same.sku_count == 2
    older = verify_report(uow(), store, 1, {"COLA": 10, "TEA": 2})
    assert older.match
    off = verify_report(uow(), store, 2, {"COLA": 8, "TEA": 2, "MILK": 1})
    assert not off.match
    assert [(d.sku, d.head_office_qty_base, d.store_qty_base) for d in off.differences] == [
        ("COLA", 9, 8),
        ("MILK", 0, 1),
    ]


def test_stores_enrol_disable_and_list(uow: UoW, ca: KeyPair) -> None:
    store, bundle = add_store(uow(), ca, "S010", "  Harbour Road ", "ho.example:50061", now_ms=7)
    assert (store.code, store.name, store.disabled, store.created_at_ms) == (
        "S010",
        "Harbour Road",
        False,
        7,
    )
    assert bundle.headoffice_address == "ho.example:50061"
    assert bundle.ca_pem == ca.cert_pem.decode()
    with pytest.raises(StoreAlreadyExists):
        add_store(uow(), ca, "S010", "Again", "x:1")
    with pytest.raises(InvalidInput):
        add_store(uow(), ca, "bad code", "Name", "x:1")
    assert disable_store(uow(), ADMIN, "S010").disabled
    assert [(s.code, s.disabled) for s in list_stores(uow(), ADMIN)] == [("S010", True)]
    with pytest.raises(UnknownStore):
        disable_store(uow(), ADMIN, "S404")


def test_sync_status_tracks_hello_and_disconnect(uow: UoW, store: str) -> None:
    assert record_hello(uow(), store, "edge/1.0", newest_seq=5, now_ms=100_000) == 0
    apply_batch(uow(), store, [sale(1), sale(2)], now_ms=100_100)
    (view,) = sync_status(uow(), now_ms=100_200)
    assert (view.committed_seq, view.store_newest_seq, view.backlog_count) == (2, 5, 3)
    assert (view.connected, view.agent_version, view.last_contact_ms) == (True, "edge/1.0", 100_100)
    record_disconnect(uow(), store, now_ms=100_300)
    (view,) = sync_status(uow(), now_ms=100_400, store_code=store)
    assert view.connected is False
    with pytest.raises(UnknownStore):
        sync_status(uow(), now_ms=1, store_code="S404")


def test_a_refused_store_is_not_shown_connected_with_lag_0(uow: UoW, store: str) -> None:
    """Failure 1 on both databases: the refusal is recorded after the refused transaction
    rolled back, the lag grows, and the record clears when a batch applies."""
    session = UpstreamSession(uow, store)
    session.open(Hello(store, "edge/1.0", newest_seq=3), now_ms=100_000)
    session.apply([delivery(1, [("COLA", 10, 200)])], now_ms=100_050)
    backwards = sale(2, at_ms=90_000)
    backwards.movements[0].qty_base = 4
    with pytest.raises(InvalidEntry) as info:
        session.apply([backwards, sale(3, at_ms=95_000)], now_ms=100_100)
    (view,) = sync_status(uow(), now_ms=100_200, store_code=store)
    assert view.connected and (view.committed_seq, view.backlog_count) == (1, 2)
    assert (view.refused_since_ms, view.refused_seq, view.refused_reason) == (
        100_100, 2, "wrong_sign",
    )  # fmt: skip
    assert view.refused_message == str(info.value)
    assert view.lag_ms == 100_200 - 90_000
    (later,) = sync_status(uow(), now_ms=160_200, store_code=store)
    assert later.lag_ms == 160_200 - 90_000
    with uow() as work:
        levels = work.levels.lock_levels(store, ["COLA"])
    assert {sku: p.qty_base for sku, p in levels.items()} == {"COLA": 10}  # refused: no change

    session.apply([sale(2), sale(3)], now_ms=170_000)
    (cleared,) = sync_status(uow(), now_ms=170_100, store_code=store)
    assert not cleared.refused and (cleared.refused_reason, cleared.refused_message) == ("", "")
    assert (cleared.backlog_count, cleared.lag_ms) == (0, 0)


def test_a_stream_left_on_another_process_does_not_mark_a_failed_over_store_gone(
    uow: UoW, store: str
) -> None:
    """Two head-office processes: the store failed over from A to B while A still held its
    old stream; A ending that stream later leaves the store connected (through B)."""
    on_a, on_b = UpstreamSession(uow, store), UpstreamSession(uow, store)
    on_a.open(Hello(store, "edge/1.0", newest_seq=2), now_ms=100_000)
    on_a.apply([sale(1)], now_ms=100_050)
    on_b.open(Hello(store, "edge/1.0", newest_seq=2), now_ms=100_100)
    on_b.apply([sale(1), sale(2)], now_ms=100_150)  # sale 1 again: a duplicate, ignored
    on_a.close(now_ms=100_200)
    (view,) = sync_status(uow(), now_ms=100_300, store_code=store)
    assert view.connected and view.committed_seq == 2
    on_b.close(now_ms=100_400)
    (view,) = sync_status(uow(), now_ms=100_500, store_code=store)
    assert not view.connected
