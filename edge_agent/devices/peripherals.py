"""What the till services need from the peripherals, as one small interface.

The till services (selling, returns, shifts) call these after their
transaction has committed; a peripheral that fails never undoes or blocks the
ledger: it answers with a warning the till shows, and the receipt can be
reprinted. `edge_agent.devices.hub.DeviceHub` is the real implementation,
configured per till from E/tills.toml; `NoPeripherals` serves a till with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from common.pb.storeledger.v1 import ledger_pb2


@dataclass(frozen=True)
class PrintResult:
    printed: bool
    drawer_opened: bool = False
    warning: str = ""


@dataclass(frozen=True)
class StoreHeader:
    """What a printed document says about where it came from."""

    store_code: str
    store_name: str
    currency: str


class Peripherals(Protocol):
    def print_sale(
        self,
        till_id: str,
        header: StoreHeader,
        sale: ledger_pb2.Sale,
        seq: int,
        occurred_at_ms: int,
        open_drawer: bool,
        reprint: bool = False,
    ) -> PrintResult: ...

    def print_return(
        self,
        till_id: str,
        header: StoreHeader,
        sale_return: ledger_pb2.SaleReturn,
        seq: int,
        occurred_at_ms: int,
        open_drawer: bool,
        reprint: bool = False,
    ) -> PrintResult: ...

    def print_text(self, till_id: str, header: StoreHeader, title: str, text: str) -> PrintResult:
        """Reports (X/Z, shift close): plain text lines under a title."""
        ...

    def open_drawer(self, till_id: str) -> PrintResult: ...


class NoPeripherals:
    """A till with no printer or drawer configured: every call says so, nothing fails."""

    def _none(self, till_id: str) -> PrintResult:
        return PrintResult(False, False, f"no receipt printer is configured for till {till_id}")

    def print_sale(self, till_id, header, sale, seq, occurred_at_ms, open_drawer, reprint=False):
        return self._none(till_id)

    def print_return(
        self, till_id, header, sale_return, seq, occurred_at_ms, open_drawer, reprint=False
    ):
        return self._none(till_id)

    def print_text(self, till_id, header, title, text):
        return self._none(till_id)

    def open_drawer(self, till_id):
        return PrintResult(False, False, f"no cash drawer is configured for till {till_id}")
