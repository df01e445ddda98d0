"""Receipt printers through python-escpos, one connection per job, from a tills.toml entry.

Rows are rendered to ESC/POS by python-escpos's own core (on a Dummy, so an
encoding problem shows before any paper moves), then sent over the configured
connection: File, Serial, Network or Usb. Every library or OS error becomes
PrinterFailed naming the printer; the hub turns that into a warning.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.i18n import Phrase, _
from edge_agent.devices.errors import SERIAL_OPEN_ERRORS, PrinterFailed
from edge_agent.devices.escpos_capabilities import keep_in_cache
from edge_agent.devices.escpos_text import GB18030, EscposText
from edge_agent.devices.tills_config import (
    Connection,
    FileTarget,
    NetworkTarget,
    SerialPort,
    UsbTarget,
)
from edge_agent.domain.receipt_layout import Row

keep_in_cache()  # before python-escpos is imported: where it keeps its printer database
from escpos import exceptions as escpos_errors  # noqa: E402
from escpos import printer as escpos_printer  # noqa: E402

DEFAULT_TIMEOUT_S = 2.0
DRAWER_PIN = 2  # ESC p 0: the kick connector's pin 2, where almost every drawer sits
# What a printer connection can raise: python-escpos's own errors, the serial
# port's, and RuntimeError when pyusb is missing.
PRINTER_ERRORS: tuple[type[BaseException], ...] = (
    escpos_errors.Error,
    *SERIAL_OPEN_ERRORS,
    RuntimeError,
)


class AppendingFile(escpos_printer.File):
    """python-escpos's File, appending: a device file does not care, and a plain file
    used as a paper roll keeps every receipt instead of only the last."""

    def open(self, raise_not_found: bool = True) -> None:
        try:
            handle = open(self.devfile, "ab")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            # python-escpos's error, whose text the hub quotes as the reason (the OS's words)
            raise escpos_errors.DeviceNotFoundError(
                f"cannot open {self.devfile}: {exc.strerror}"
            ) from exc
        self.device = handle


def open_connection(conn: Connection, timeout_s: float) -> Any:
    """A python-escpos printer for the configured connection, opened."""
    printer: Any
    if isinstance(conn, FileTarget):
        printer = AppendingFile(conn.path)
    elif isinstance(conn, SerialPort):
        printer = escpos_printer.Serial(conn.url, baudrate=conn.baud, timeout=timeout_s)
    elif isinstance(conn, NetworkTarget):
        printer = escpos_printer.Network(conn.host, port=conn.port, timeout=timeout_s)
    elif isinstance(conn, UsbTarget):
        printer = escpos_printer.Usb(conn.vendor_id, conn.product_id, timeout=int(timeout_s * 1000))
    else:
        raise TypeError(f"not a printer connection: {conn!r}")
    printer.open()
    if isinstance(conn, SerialPort):
        # python-escpos leaves writes unbounded; a printer holding DSR low would hang us.
        printer.device.write_timeout = timeout_s
    return printer


def render(rows: list[Row], charset: str = GB18030, cut: bool = True) -> bytes:
    """ESC/POS bytes for rows: bold/double-height where asked, a full cut at the end; text
    in the printer's charset (Chinese in Chinese character mode: devices.escpos_text)."""
    paper = escpos_printer.Dummy()
    text = EscposText(paper, charset)
    paper.hw("INIT")  # ESC @: whatever the last job left set, start from the defaults
    style = (False, False, False)
    for row in rows:
        if (row.center, row.bold, row.big) != style:
            if row.big != style[2]:
                text.size(row.big)
            style = (row.center, row.bold, row.big)
            paper.set(
                align="center" if row.center else "left",
                bold=row.bold,
                double_height=row.big,
                normal_textsize=not row.big,
            )
        text.line(row.text)
    if style[2]:
        text.size(False)
    paper.set(align="left", bold=False, normal_textsize=True)
    if cut:
        paper.cut()
    return paper.output


def kick_bytes() -> bytes:
    paper = escpos_printer.Dummy()
    paper.cashdraw(DRAWER_PIN)
    return paper.output


def _close(printer: Any) -> None:
    """Close a connection that may already be broken (the failure is reported elsewhere)."""
    try:
        printer.close()
    except PRINTER_ERRORS:
        # python-escpos's Serial flushes before closing and a dead port fails that;
        # close the port itself, and stop escpos from trying again when collected.
        device = getattr(printer, "_device", None)
        if device:
            with contextlib.suppress(*PRINTER_ERRORS):
                device.close()
        printer._device = False


class ReceiptPrinter:
    """One configured printer (and the drawer on its kick pin) at one till."""

    def __init__(
        self,
        name: str | Phrase,  # "the receipt printer of till T1", said in the reader's language
        conn: Connection,
        configured: str,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        connect: Callable[[Connection, float], Any] = open_connection,
    ) -> None:
        self.name = name
        self.configured = configured
        self._conn = conn
        self._timeout_s = timeout_s
        self._connect = connect

    def send(self, *chunks: bytes) -> int:
        """Send each chunk in order; returns how many were sent before any failure.

        Raises PrinterFailed with the count already sent in `.sent`.
        """
        sent = 0
        printer = None
        try:
            printer = self._connect(self._conn, self._timeout_s)
            for chunk in chunks:
                printer._raw(chunk)
                sent += 1
            if hasattr(printer, "flush"):
                printer.flush()
        except PRINTER_ERRORS as exc:
            failure = PrinterFailed(self._explain(exc, printer is not None))
            failure.sent = sent  # type: ignore[attr-defined]
            raise failure from exc
        finally:
            if printer is not None:
                _close(printer)
        return sent

    def _explain(self, exc: BaseException, opened: bool) -> str:
        reason = " ".join(str(exc).split()) or type(exc).__name__  # the library's own words
        if not opened:
            sentence = _("{printer} ({configured}) cannot be reached: {reason}")
        else:
            sentence = _("{printer} ({configured}) failed while printing: {reason}")
        return sentence.format(printer=self.name, configured=self.configured, reason=reason)

    def check(self) -> str:
        """'' when the printer can be opened now, else the sentence why not."""
        if isinstance(self._conn, FileTarget):
            path = Path(self._conn.path)
            target = path if path.exists() else path.parent
            if os.access(target, os.W_OK):
                return ""
            return _("{printer} ({configured}) cannot be written: {target} is not writable").format(
                printer=self.name, configured=self.configured, target=target
            )
        try:
            printer = self._connect(self._conn, self._timeout_s)
        except PRINTER_ERRORS as exc:
            return self._explain(exc, False)
        _close(printer)
        return ""
