"""What every part of the Till servicer shares: the store, the sync link, metrics, peripherals.

Services are synchronous (SQLite, argon2): each call runs in a worker thread.
Errors are not caught here: the server's ErrorMapping interceptor turns ours
into their status code and sentence (common.rpc.status) and anything else into
INTERNAL with a request id.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from common.i18n import N_, Phrase
from edge_agent.api.till_printing import bounded_print
from edge_agent.devices.peripherals import NoPeripherals, Peripherals, PrintResult
from edge_agent.domain.customer_receipt import CustomerReceipt
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.context import StoreContext
from edge_agent.sync.link import HeadOfficeLink

T = TypeVar("T")


class TillBase:
    def __init__(
        self,
        ctx: StoreContext,
        link: HeadOfficeLink,
        metrics: EdgeMetrics,
        peripherals: Peripherals | None = None,
    ) -> None:
        self._ctx = ctx
        self._link = link
        self.metrics = metrics
        self._peripherals: Peripherals = peripherals or NoPeripherals()

    @property
    def ctx(self) -> StoreContext:
        return self._ctx

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One service call, in a worker thread."""
        return await asyncio.to_thread(fn, self._ctx, *args, **kwargs)

    async def _wrote(self, fn: Callable[..., T], *args: Any) -> T:
        """A service call that appended to the journal: wake the upstream sender."""
        result = await asyncio.to_thread(fn, self._ctx, *args)
        self._link.journal_grew.set()
        return result

    async def _print_receipt(
        self, till_id: str, receipt: CustomerReceipt, open_drawer: bool, reprint: bool
    ) -> PrintResult:
        return await bounded_print(
            receipt.what,
            lambda: self._peripherals.print_receipt(till_id, receipt, open_drawer, reprint),
        )

    async def _print_text(
        self, till_id: str, what: str | Phrase, title: str, text: str
    ) -> PrintResult:
        return await bounded_print(
            what, lambda: self._peripherals.print_text(till_id, self._ctx.header, title, text)
        )

    async def _open_drawer(self, till_id: str) -> PrintResult:
        return await bounded_print(
            Phrase(N_("the no-sale")), lambda: self._peripherals.open_drawer(till_id)
        )
