"""The store's peripherals, per till, as the agent owns them.

DeviceHub implements the Peripherals interface the till services call after
commit: whatever a printer does (off, unplugged, out of paper, failing half
way through a receipt) the answer is a PrintResult, never an exception, and
it comes within the connection timeouts; a second job for a printer still
stuck on the previous one is turned away after a short wait. It also gives the
TillDevices service each till's scan feed, scale and device status.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from common.i18n import N_, Phrase, _, in_english
from common.logs import log_event
from edge_agent.devices.errors import (
    DeviceNotConfigured,
    DeviceUnavailable,
    PrinterFailed,
    ScaleReadingRefused,
)
from edge_agent.devices.peripherals import PrintResult, no_drawer_sentence, no_printer_sentence
from edge_agent.devices.printer import ReceiptPrinter, kick_bytes, render
from edge_agent.devices.scale import SCALE_PROTOCOLS, Scale, SerialScale, WeightReading
from edge_agent.devices.scale import scale_protocol as find_protocol
from edge_agent.devices.scanner import ScanFeed, SerialScanner
from edge_agent.devices.tills_config import TillDevicesConfig, load_tills
from edge_agent.domain.customer_receipt import CustomerReceipt, StoreHeader
from edge_agent.domain.receipt_layout import Row, receipt_rows, text_rows

log = logging.getLogger(__name__)
PRINTER_BUSY_WAIT_S = 1.0
# A till that tills.toml does not name: each device's state says so.
NOT_IN_TILLS_TOML = {
    "scanner": N_("till {till} has no scanner in tills.toml"),
    "scale": N_("till {till} has no scale in tills.toml"),
    "printer": N_("till {till} has no printer in tills.toml"),
    "drawer": N_("till {till} has no drawer in tills.toml"),
}


@dataclass(frozen=True)
class DeviceState:
    kind: str  # scanner, scale, printer, drawer
    configured: str
    ok: bool
    problem: str = ""


class _Till:
    """One till's devices, built from its tills.toml table."""

    def __init__(self, config: TillDevicesConfig, print_timeout_s: float) -> None:
        till = config.till_id
        self.config = config
        self.printer = (
            ReceiptPrinter(
                Phrase(N_("the receipt printer of till {till}"), till=till),
                config.printer,
                config.printer_text,
                print_timeout_s,
            )
            if config.printer
            else None
        )
        self.print_lock = threading.Lock()
        self.feed = (
            ScanFeed(
                SerialScanner(
                    Phrase(N_("the serial scanner of till {till}"), till=till), config.scanner
                )
            )
            if config.scanner
            else None
        )
        self.scale: Scale | None = (
            SerialScale(
                Phrase(N_("the scale of till {till} ({port})"), till=till, port=config.scale_text),
                config.scale,
                find_protocol(config.scale_protocol),
            )
            if config.scale
            else None
        )


class DeviceHub:
    def __init__(
        self,
        tills: dict[str, TillDevicesConfig],
        print_timeout_s: float = 2.0,
        busy_wait_s: float = PRINTER_BUSY_WAIT_S,
    ) -> None:
        self._tills = {till_id: _Till(c, print_timeout_s) for till_id, c in tills.items()}
        self._busy_wait_s = busy_wait_s

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> DeviceHub:
        return cls(load_tills(data_dir, frozenset(SCALE_PROTOCOLS)))

    @property
    def till_ids(self) -> list[str]:
        return sorted(self._tills)

    # -- printing and the drawer (the Peripherals interface) -------------------------

    def print_receipt(
        self, till_id: str, receipt: CustomerReceipt, open_drawer: bool, reprint: bool = False
    ) -> PrintResult:
        return self._print(
            till_id,
            receipt.what,
            lambda width: receipt_rows(receipt, width, reprint),
            open_drawer,
        )

    def print_text(self, till_id: str, header: StoreHeader, title: str, text: str) -> PrintResult:
        return self._print(
            till_id, title, lambda width: text_rows(header, title, text, width), False
        )

    def open_drawer(self, till_id: str) -> PrintResult:
        till = self._tills.get(till_id)
        if till is None or till.printer is None or not till.config.drawer:
            return PrintResult(False, False, no_drawer_sentence(till_id))
        drawer = Phrase(N_("the drawer"))
        with self._printer_turn(till) as free:
            if not free:
                return PrintResult(False, False, self._busy(till_id, drawer))
            try:
                till.printer.send(kick_bytes())
            except Exception as exc:  # noqa: BLE001 - see _print
                return PrintResult(False, False, self._failed(till_id, drawer, exc))
        return PrintResult(False, True, "")

    def _print(self, till_id: str, what: str | Phrase, layout, open_drawer: bool) -> PrintResult:
        till = self._tills.get(till_id)
        if till is None or till.printer is None:
            return PrintResult(False, False, no_printer_sentence(till_id))
        kick = open_drawer and till.config.drawer
        no_drawer = "; " + no_drawer_sentence(till_id) if open_drawer and not kick else ""
        with self._printer_turn(till) as free:
            if not free:
                return PrintResult(False, False, self._busy(till_id, what) + no_drawer)
            sent = 0
            try:
                rows: list[Row] = layout(till.config.paper_width)
                chunks = ([kick_bytes()] if kick else []) + [render(rows, till.config.charset)]
                sent = till.printer.send(*chunks)
            # Any failure, including a bug in the layout, must leave the committed
            # document alone: it becomes the warning the till shows.
            except Exception as exc:  # noqa: BLE001
                sent = getattr(exc, "sent", 0)
                opened = kick and sent >= 1
                return PrintResult(False, opened, self._failed(till_id, what, exc) + no_drawer)
        return PrintResult(True, kick, no_drawer.removeprefix("; "))

    @contextlib.contextmanager
    def _printer_turn(self, till: _Till) -> Iterator[bool]:
        free = till.print_lock.acquire(timeout=self._busy_wait_s)
        try:
            yield free
        finally:
            if free:
                till.print_lock.release()

    def _busy(self, till_id: str, what: str | Phrase) -> str:
        log_event(log, logging.WARNING, "printer busy", till_id=till_id, what=in_english(what))
        return _(
            "the receipt printer of till {till} is still busy with the previous document; "
            "{what} is recorded and can be reprinted"
        ).format(till=till_id, what=what)

    def _failed(self, till_id: str, what: str | Phrase, exc: BaseException) -> str:
        if isinstance(exc, PrinterFailed):
            reason = str(exc)
        else:
            reason = _("the receipt printer of till {till} failed ({error})").format(
                till=till_id, error=exc
            )
            log.exception("printing %s at till %s failed unexpectedly", in_english(what), till_id)
        # The log keeps the library's own words; the till reads the sentence.
        log_event(
            log,
            logging.WARNING,
            "print failed",
            till_id=till_id,
            what=in_english(what),
            error=str(exc.__cause__ or exc),
        )
        return _("{reason}; {what} is recorded and can be reprinted").format(
            reason=reason, what=what
        )

    # -- scanner and scale (the TillDevices service) ---------------------------------

    def scan_feed(self, till_id: str) -> ScanFeed:
        till = self._tills.get(till_id)
        if till is None or till.feed is None:
            raise DeviceNotConfigured(
                _(
                    "till {till} has no serial scanner in tills.toml; scan with the keyboard wedge"
                ).format(till=till_id)
            )
        return till.feed

    def read_weight(self, till_id: str) -> WeightReading:
        till = self._tills.get(till_id)
        if till is None or till.scale is None:
            raise DeviceNotConfigured(
                _("till {till} has no scale in tills.toml; type the weight in grams").format(
                    till=till_id
                )
            )
        return till.scale.read_weight()

    def status(self, till_id: str) -> list[DeviceState]:
        till = self._tills.get(till_id)
        if till is None:
            return [
                DeviceState(kind, "none", False, _(sentence).format(till=till_id))
                for kind, sentence in NOT_IN_TILLS_TOML.items()
            ]
        return [self._scanner_state(till), self._scale_state(till), *self._printer_states(till)]

    def _scanner_state(self, till: _Till) -> DeviceState:
        if till.feed is None:
            return DeviceState("scanner", "none", True, _("keyboard wedge only"))
        scanner = till.feed.scanner
        problem = str(scanner.problem) if till.feed.running else scanner.probe()
        return DeviceState("scanner", till.config.scanner_text, not problem, problem)

    def _scale_state(self, till: _Till) -> DeviceState:
        if till.scale is None:
            return DeviceState("scale", "none", False, _("no scale: weights are typed in grams"))
        try:
            till.scale.read_weight()
        except DeviceUnavailable as exc:
            return DeviceState("scale", till.config.scale_text, False, str(exc))
        except ScaleReadingRefused as exc:
            return DeviceState("scale", till.config.scale_text, True, str(exc))
        return DeviceState("scale", till.config.scale_text, True)

    def _printer_states(self, till: _Till) -> list[DeviceState]:
        if till.printer is None:
            return [
                DeviceState("printer", "none", False, _("no receipt printer")),
                DeviceState("drawer", "none", False, _("no cash drawer")),
            ]
        problem = till.printer.check()
        printer = DeviceState("printer", till.config.printer_text, not problem, problem)
        if not till.config.drawer:
            return [printer, DeviceState("drawer", "none", False, _("no cash drawer"))]
        return [
            printer,
            DeviceState(
                "drawer",
                _("kick pin of {printer}").format(printer=till.config.printer_text),
                not problem,
                problem,
            ),
        ]

    def close(self) -> None:
        for till in self._tills.values():
            if till.feed is not None:
                till.feed.close()
            if till.scale is not None:
                till.scale.close()
