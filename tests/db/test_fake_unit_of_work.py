"""The in-memory unit of work answers like the database: one scenario, both, the same reads.

tests/unit/headoffice builds service tests on FakeUnitOfWork; this keeps it
honest. The same use cases run on the SQL unit of work (SQLite and
PostgreSQL) and on the fake, and every read a service makes afterwards
(levels, movement sums, each store's feed, sync status, stock views, a
stock card, the audit log) must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.pb.storeledger.v1 import ledger_pb2, transfers_pb2
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.purchasing import Supplier
from headoffice.domain.roles import Staff
from headoffice.domain.stock_views import LevelFilter, Selection
from headoffice.services import audit, purchasing
from headoffice.services.catalogue import import_catalogue
from headoffice.services.downstream import feed_after
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.status import sync_status
from headoffice.services.stock_views import chain_totals, list_stock, stock_card
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.services.transfers import (
    cancel_transfer,
    create_transfer,
    in_transit,
    list_transfers,
)
from headoffice.services.verify import balances_as_of
from headoffice.services.write_offs import list_write_offs, request_write_off
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, sale
from tests.unit.headoffice.fakes import FakeUnitOfWork

ADMIN = Staff("admin", "admin")
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    "COLA,Cola can 330 ml,6920000000012,piece,350,200,drinks/soft\n"
    "TEA,Iced tea,,piece,300,120,drinks\n"
    "RICE,Rice,,g,2,1,food\n"
)


def _scenario(new_uow: Callable[[], UnitOfWorkPort], ca: KeyPair) -> dict[str, Any]:
    for code in ("S001", "S002"):
        add_store(new_uow(), ca, code, f"Store {code}", "127.0.0.1:1", now_ms=1_000)
    import_catalogue(new_uow(), CATALOGUE, now_ms=2_000)
    apply_batch(
        new_uow(),
        "S001",
        [delivery(1, [("COLA", 10, 210), ("TEA", 4, 100)]), sale(2), sale(3, "RICE", 500)],
        now_ms=3_000,
    )
    transfer = create_transfer(new_uow(), ADMIN, "S001", "S002", [("COLA", 3)], now_ms=4_000)
    shipment = ledger_pb2.JournalEntry(
        seq=4,
        occurred_at_ms=4_500,
        actor="anna",
        document_type="transfer_shipment",
        document_id="ship-1",
        movements=[
            ledger_pb2.Movement(
                sku="COLA", qty_base=-3, reason=ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT
            )
        ],
        transfer_shipment=transfers_pb2.TransferShipment(
            transfer_id=transfer.transfer.transfer_id,
            from_store="S001",
            to_store="S002",
            lines=[transfers_pb2.TransferLine(sku="COLA", qty_base=3, shipped_qty_base=3)],
        ),
    )
    apply_batch(new_uow(), "S001", [shipment, sale(5, "TEA", 4), sale(6, "TEA")], now_ms=5_000)
    request_write_off(new_uow(), ADMIN, "S001", "damaged", [("COLA", 1)], now_ms=6_000)
    order = purchasing.create_order(new_uow(), ADMIN, "S002", "ACME", [("TEA", 6, 90)], 10, 7_000)
    purchasing.send_order(new_uow(), ADMIN, order.order.po_id)
    other = create_transfer(new_uow(), ADMIN, "S001", "S002", [("TEA", 1)], "allow", 8_000)
    cancel_transfer(new_uow(), ADMIN, other.transfer.transfer_id, now_ms=8_100)
    purchasing.create_order(new_uow(), ADMIN, "S001", "ACME", [("RICE", 1, 1)], 5, 8_200)
    with new_uow() as work:
        some_levels = work.levels.levels("S001", ["COLA", "TEA", "NOPE"])
        averages = work.levels.average_costs("S001", ["COLA", "RICE", "NOPE"])

    feeds = {}
    for code in ("S001", "S002"):
        page = feed_after(new_uow(), code, 0, 1_000)
        feeds[code] = [
            (item.cursor, item.product.sku if item.product else feed_event(item).WhichOneof("kind"))
            for item in page.items
        ]
    stock = list_stock(new_uow(), ADMIN, Selection(), size=2)
    negative = list_stock(new_uow(), ADMIN, Selection(level_filter=LevelFilter.NEGATIVE))
    return {
        "balances": [balances_as_of(new_uow(), code, 6 if code == "S001" else 0) for code in ("S001", "S002")],
        "as_of_3": balances_as_of(new_uow(), "S001", 3),
        "feeds": feeds,
        "status": sync_status(new_uow(), 10_000),
        "stock": (stock.lines, stock.totals, stock.next_page_token),
        "next": list_stock(new_uow(), ADMIN, Selection(), stock.next_page_token).lines,
        "negative": negative.lines,
        "search": list_stock(new_uow(), ADMIN, Selection(search="6920000000012")).lines,
        "drinks": chain_totals(new_uow(), ADMIN, Selection(category="drinks")),
        "card": stock_card(new_uow(), ADMIN, "S001", "COLA"),
        "audit": [
            (r.id, r.actor, r.action, r.entity)
            for r in audit.list_records(new_uow(), AuditFilter())
        ],
        "audit_intact": audit.verify(new_uow()).intact,
        "some_levels": (some_levels, averages),
        "transfers": [
            [(t.transfer_id, t.state, t.lines) for t in list_transfers(new_uow(), ADMIN, *args)]
            for args in (("shipped",), ("cancelled",), ("", "S002"), ("", "S009"))
        ],
        "in_transit": in_transit(new_uow(), ADMIN),
        "orders": [
            [(v.order.po_id, v.order.state) for v in purchasing.list_orders(new_uow(), ADMIN, *args)]
            for args in (("", "sent"), ("S001",), ("S002", "draft"))
        ],
        "write_offs": [
            (w.store_code, w.state, w.value_minor, w.lines)
            for w in list_write_offs(new_uow(), ADMIN, "S001", "approved")
        ],
    }  # fmt: skip


def test_the_fake_unit_of_work_answers_like_the_database(engine: Engine, ca: KeyPair) -> None:
    fake = FakeUnitOfWork(adds_in_place=engine.dialect.name == "postgresql")
    for work in (UnitOfWork(engine), fake):
        with work:
            work.purchasing.insert_supplier(Supplier("ACME", "Acme Drinks", "", 0, "test"))
            work.commit()
    on_sql = _scenario(lambda: UnitOfWork(engine), ca)
    in_memory = _scenario(lambda: fake, ca)
    for key, value in on_sql.items():
        assert in_memory[key] == value, key
