"""One ledger transaction as the services see it: repositories over one connection.

`LedgerDatabase.write()` / `.read()` (store.connection) begin the transaction
and yield a UnitOfWork; it commits when the block ends and rolls back when it
raises. A service only names repositories (`uow.journal.append(...)`,
`uow.sales.insert(...)`), never SQL; tests' FakeUnitOfWork offers the same
attributes in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from edge_agent.store.catalogue import CatalogueRepository
from edge_agent.store.channel_orders import ChannelOrdersRepository
from edge_agent.store.command_keys import CommandKeysRepository
from edge_agent.store.counts import CountsRepository
from edge_agent.store.deliveries import DeliveriesRepository
from edge_agent.store.journal import JournalRepository
from edge_agent.store.member_cache import MemberCacheRepository
from edge_agent.store.member_desk import MemberDeskRepository
from edge_agent.store.promotions import PromotionsRepository
from edge_agent.store.purchase_orders import PurchaseOrdersRepository
from edge_agent.store.returns import ReturnsRepository
from edge_agent.store.sales import SalesRepository
from edge_agent.store.shifts import ShiftsRepository
from edge_agent.store.staff import StaffRepository
from edge_agent.store.stock import StockRepository
from edge_agent.store.transfers import TransfersRepository
from edge_agent.store.vouchers import VouchersRepository
from edge_agent.store.write_offs import WriteOffsRepository


class UnitOfWork:
    __slots__ = (
        "catalogue",
        "channel_orders",
        "command_keys",
        "counts",
        "deliveries",
        "journal",
        "managers",
        "member_cache",
        "member_desk",
        "promotions",
        "purchase_orders",
        "returns",
        "sales",
        "shifts",
        "staff",
        "stock",
        "transfers",
        "vouchers",
        "write_offs",
        "_undo",
    )

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.stock = StockRepository(conn)
        # The journal books each entry's movements through the same stock repository.
        self.catalogue = CatalogueRepository(conn)
        # ... and checks each entry against what the store's catalogue holds.
        self.journal = JournalRepository(conn, self.stock, self.catalogue)
        self.sales = SalesRepository(conn)
        self.returns = ReturnsRepository(conn)
        self.deliveries = DeliveriesRepository(conn)
        self.shifts = ShiftsRepository(conn)
        # The managers who approve are staff: one repository under both names.
        self.staff = StaffRepository(conn)
        self.managers = self.staff
        self.purchase_orders = PurchaseOrdersRepository(conn)
        self.transfers = TransfersRepository(conn)
        self.write_offs = WriteOffsRepository(conn)
        self.command_keys = CommandKeysRepository(conn)
        self.counts = CountsRepository(conn)
        self.promotions = PromotionsRepository(conn)
        self.member_cache = MemberCacheRepository(conn)
        self.member_desk = MemberDeskRepository(conn)
        self.channel_orders = ChannelOrdersRepository(conn)
        self.vouchers = VouchersRepository(conn)
        self._undo: list[Callable[[], None]] = []

    def after_rollback(self, undo: Callable[[], None]) -> None:
        """Run `undo` if this transaction rolls back (its block raised, or COMMIT failed):
        what a use case did outside the ledger for it (a coupon head office redeemed) is
        given back. A committed transaction drops it. Pass a functools.partial, no lambda."""
        self._undo.append(undo)

    def rolled_back(self) -> None:
        undo, self._undo = self._undo, []
        for step in reversed(undo):
            step()
