"""Head office checks what a store sends before applying it, on SQLite and PostgreSQL (issue 12).

Failure 3: head office applied whatever a store certificate sent (an unknown SKU got a
level, a delivery of 2^63-1 at 2^63-1, a negative delivery, a sale whose document sells 1
water while its movements take 1,000 cola). Failure 1, head office's side: a level driven
past what a database integer holds raised OverflowError on every resend and the store
looked connected with lag 0. Each is now a refused batch with a reason that sync status
shows ("refused since ..., entry N: reason"), and stock does not move.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from common.domain.limits import INT64_MAX, MAX_STOCK_QTY_BASE
from common.pb.storeledger.v1 import admin_pb2, admin_pb2_grpc, ledger_pb2, sync_pb2, sync_pb2_grpc
from headoffice.api.server import RunningServer
from headoffice.domain.catalogue import Product
from headoffice.domain.errors import InvalidEntry
from headoffice.services.status import sync_status
from headoffice.services.sync_session import UpstreamSession
from headoffice.store.tables import journal_entries, movements, stock_levels
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, sale
from tests.db.test_sync_server import batch, channel, make_chain, read, run
from tests.journal_entries import sale_of

UoW = Callable[[], UnitOfWork]
SALE = ledger_pb2.MOVEMENT_REASON_SALE


def state(engine: Engine) -> tuple[dict[str, int], int, int]:
    """(levels of S001, journal rows, movement rows)."""
    with engine.connect() as conn:
        levels = dict(
            conn.execute(
                sa.select(stock_levels.c.sku, stock_levels.c.qty_base).where(
                    stock_levels.c.store_code == "S001"
                )
            ).all()
        )
        journal = conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).scalar()
        moved = conn.execute(sa.select(sa.func.count()).select_from(movements)).scalar()
    return {k: int(v) for k, v in levels.items()}, int(journal or 0), int(moved or 0)


def refused(uow: UoW, engine: Engine, store: str, bad: ledger_pb2.JournalEntry) -> InvalidEntry:
    """Apply a good entry, then a batch whose second entry is `bad`: refused, recorded, and
    nothing of it applied."""
    session = UpstreamSession(uow, store)
    session.apply([delivery(1, [("COLA", 10, 200), ("WATER", 10, 100)])], now_ms=5_000)
    before = state(engine)
    bad.seq = 3
    with pytest.raises(InvalidEntry) as info:
        session.apply([sale(2, "COLA", 1), bad], now_ms=6_000)
    assert state(engine) == before
    (view,) = sync_status(uow(), 7_000, store)
    assert view.refused and view.committed_seq == 1
    assert (view.refused_since_ms, view.refused_seq, view.refused_reason) == (
        6_000, 3, info.value.code,
    )  # fmt: skip
    assert view.refused_message == str(info.value) and "entry 3" in view.refused_message
    return info.value


def test_failure_3_unknown_sku_is_refused(uow: UoW, engine: Engine, store: str) -> None:
    error = refused(uow, engine, store, sale(3, "NO-SUCH-SKU", 1))
    assert error.code == "unknown_sku"
    assert "SKU 'NO-SUCH-SKU' is not in the chain's catalogue" in str(error)
    assert "NO-SUCH-SKU" not in state(engine)[0]  # no level is created for it


def test_failure_3_supplier_delivery_of_qty_and_cost_2_63_minus_1_is_refused(
    uow: UoW, engine: Engine, store: str
) -> None:
    error = refused(uow, engine, store, delivery(3, [("COLA", INT64_MAX, INT64_MAX)]))
    assert error.code == "qty_out_of_range" and str(INT64_MAX) in str(error)


def test_failure_3_negative_delivery_is_refused(uow: UoW, engine: Engine, store: str) -> None:
    error = refused(uow, engine, store, delivery(3, [("COLA", -5, 100)]))
    assert error.code == "wrong_sign"  # the movement's sign, before the document is read
    # ... and a document line of -5 whose movement claims +5 is refused by the document.
    body_only = delivery(3, [("COLA", 5, 100)])
    body_only.supplier_delivery.lines[0].qty_base = -5
    assert refused(uow, engine, store, body_only).code == "qty_out_of_range"


def test_failure_3_sale_body_selling_1_water_while_movements_take_1000_cola_is_refused(
    uow: UoW, engine: Engine, store: str
) -> None:
    bad = sale(3, "WATER", 1)
    del bad.movements[:]
    bad.movements.append(ledger_pb2.Movement(sku="COLA", qty_base=-1000, reason=SALE))
    error = refused(uow, engine, store, bad)
    assert error.code == "body_mismatch" and "COLA" in str(error)


def test_failure_1_headoffice_a_level_past_the_limit_is_a_refused_batch_not_an_overflow(
    uow: UoW, engine: Engine, store: str
) -> None:
    """The wedge: a level pushed past what the databases hold raised OverflowError on every
    resend. A movement past the limit, or a batch leaving a level past it, is refused with
    its reason; the store's next good batch applies."""
    session = UpstreamSession(uow, store)
    huge = sale(1, "COLA", 1)
    huge.movements[0].qty_base = -(10**18)  # 1e9 x 1e9 of a bundle, expanded
    with pytest.raises(InvalidEntry) as info:
        session.apply([huge], now_ms=5_000)
    assert info.value.code == "qty_out_of_range"
    # Two deliveries at the movement limit each leave COLA at twice the level limit.
    full = delivery(1, [("COLA", MAX_STOCK_QTY_BASE, 1)])
    fuller = delivery(2, [("COLA", MAX_STOCK_QTY_BASE, 1)])
    with pytest.raises(InvalidEntry) as info:
        session.apply([full, fuller], now_ms=6_000)
    assert (info.value.code, info.value.seq) == ("level_out_of_range", 2)
    assert f"stock level of COLA to {2 * MAX_STOCK_QTY_BASE}" in str(info.value)
    assert state(engine) == ({}, 0, 0)
    # Sales alone (no cost: PostgreSQL adds them to the levels in place) below the limit.
    with pytest.raises(InvalidEntry) as info:
        session.apply([sale(1, "WATER", MAX_STOCK_QTY_BASE), sale(2, "WATER", 1)], now_ms=6_500)
    assert (info.value.code, info.value.seq) == ("level_out_of_range", 2)
    assert state(engine) == ({}, 0, 0)
    (view,) = sync_status(uow(), 7_000, store)
    assert (view.refused_seq, view.refused_reason) == (2, "level_out_of_range")
    session.apply([full, sale(2, "COLA", 3)], now_ms=8_000)
    assert state(engine)[0] == {"COLA": MAX_STOCK_QTY_BASE - 3}
    (view,) = sync_status(uow(), 9_000, store)
    assert not view.refused and view.committed_seq == 2


def test_a_bundle_sale_moves_its_components_and_a_wrong_expansion_is_refused(
    uow: UoW, engine: Engine, store: str
) -> None:
    with uow() as u:
        u.catalogue.save_products(
            [Product("PARTY", "Party pack", "piece", 2000, 0, "test", "CNY", True, (),
                     kind="bundle", components=(("COLA", 6), ("WATER", 2)))],
            set(), 1_000,
        )  # fmt: skip
        u.commit()
    party = sale_of(1, [("PARTY", 2)])
    del party.movements[:]
    party.movements.extend(
        ledger_pb2.Movement(sku=sku, qty_base=qty, reason=SALE)
        for sku, qty in (("COLA", -12), ("WATER", -4))
    )
    session = UpstreamSession(uow, store)
    session.apply([party], now_ms=5_000)
    assert state(engine)[0] == {"COLA": -12, "WATER": -4}
    short = sale_of(2, [("PARTY", 1)])
    short.movements[0].sku = "COLA"
    short.movements[0].qty_base = -1  # one cola for a whole party pack
    with pytest.raises(InvalidEntry) as info:
        session.apply([short], now_ms=6_000)
    assert info.value.code == "body_mismatch"
    assert state(engine)[0] == {"COLA": -12, "WATER": -4}


def test_failure_3_through_the_server_counts_and_shows_the_reason(engine: Engine) -> None:
    """A store certificate sends an entry for an unknown SKU over the real Upstream stream:
    BatchRefused names the reason, the refusal is counted per store and reason (the
    shipped alert reads the counter and the refused gauge) and GetSyncStatus, what
    `hoctl sync status` prints, shows the entry and the sentence."""
    chain = make_chain()
    registry = CollectorRegistry()

    async def scenario(running: RunningServer) -> None:
        async with (
            channel(chain, running.port, chain.stores["S001"]) as ch,
            channel(chain, running.port, chain.staff) as staff,
        ):
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(
                sync_pb2.UpstreamMessage(
                    hello=sync_pb2.Hello(store_code="S001", agent_version="test/1", newest_seq=2)
                )
            )
            await read(call)
            await call.write(batch(1, sale(1, "COLA", 1), sale(2, "NO-SUCH-SKU", 1)))
            refused = (await read(call)).refused
            assert (refused.reason_code, refused.refused_seq) == ("unknown_sku", 2)
            reply = await admin_pb2_grpc.AdminStub(staff).GetSyncStatus(
                admin_pb2.SyncStatusRequest(store_code="S001")
            )
            (status,) = reply.stores
            assert (status.refused_seq, status.refused_reason) == (2, "unknown_sku")
            assert "SKU 'NO-SUCH-SKU' is not in the chain's catalogue" in status.refused_message
            assert status.committed_seq == 0 and status.backlog_count == 2
            call.cancel()
            await asyncio.sleep(0)

    run(engine, chain, scenario, registry)
    scraped = generate_latest(registry).decode()
    assert 'storeledger_batches_refused_total{reason="unknown_sku",store="S001"} 1.0' in scraped
    assert 'storeledger_store_refused{store="S001"} 1.0' in scraped
    assert state(engine) == ({}, 0, 0)
