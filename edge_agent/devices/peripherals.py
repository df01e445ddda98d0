"""What the till services need from the peripherals, as one small interface.

The till servicers call these after their transaction has committed; a
peripheral that fails never undoes or blocks the ledger: it answers with a
warning the till shows, and the receipt can be reprinted. A receipt arrives
as the one receipt model (domain.customer_receipt), the same for the
original and a reprint. `edge_agent.devices.hub.DeviceHub` is the real
implementation, configured per till from E/tills.toml; `NoPeripherals` serves
a till with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from common.i18n import _
from edge_agent.domain.customer_receipt import CustomerReceipt, StoreHeader


def no_printer_sentence(till_id: str) -> str:
    return _("no receipt printer is configured for till {till}").format(till=till_id)


def no_drawer_sentence(till_id: str) -> str:
    return _("no cash drawer is configured for till {till}").format(till=till_id)


@dataclass(frozen=True)
class PrintResult:
    printed: bool
    drawer_opened: bool = False
    warning: str = ""


class Peripherals(Protocol):
    def print_receipt(
        self, till_id: str, receipt: CustomerReceipt, open_drawer: bool, reprint: bool = False
    ) -> PrintResult:
        """A sale's or a return's receipt (a reprint marked so), the drawer opened first."""
        ...

    def print_text(self, till_id: str, header: StoreHeader, title: str, text: str) -> PrintResult:
        """Reports (X/Z, shift close): plain text lines under a title."""
        ...

    def open_drawer(self, till_id: str) -> PrintResult: ...


class NoPeripherals:
    """A till with no printer or drawer configured: every call says so, nothing fails."""

    def _none(self, till_id: str) -> PrintResult:
        return PrintResult(False, False, no_printer_sentence(till_id))

    def print_receipt(
        self, till_id: str, receipt: CustomerReceipt, open_drawer: bool, reprint: bool = False
    ) -> PrintResult:
        return self._none(till_id)

    def print_text(self, till_id: str, header: StoreHeader, title: str, text: str) -> PrintResult:
        return self._none(till_id)

    def open_drawer(self, till_id: str) -> PrintResult:
        return PrintResult(False, False, no_drawer_sentence(till_id))
