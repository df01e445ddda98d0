"""Barcode scanners on a serial port (USB-CDC or RS-232), read by pyserial.

A scanner sends each code followed by CR, LF or both. When the port vanishes
mid-shift the reader says so once as a ScanRead with `problem` set (the till
carries on by keyboard) and reopens the port with a bounded backoff until it is
back or the reader is stopped. A keyboard-wedge scanner types into the screen
and needs nothing here.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import serial

from common.clock import now_ms
from common.i18n import N_, Phrase, in_english
from common.logs import log_event
from edge_agent.devices.errors import SERIAL_ERRORS, SERIAL_OPEN_ERRORS
from edge_agent.devices.tills_config import SerialPort

log = logging.getLogger(__name__)
MAX_CODE_BYTES = 128  # longer without a terminator is line noise, not a barcode
POLL_S = 0.2
BACKOFF_INITIAL_S = 0.2
BACKOFF_MAX_S = 5.0


@dataclass(frozen=True)
class ScanRead:
    code: str
    read_at_ms: int
    # Read on the scanner's thread, said to each watching till in its own language.
    problem: str | Phrase = ""


class Scanner(Protocol):
    configured: str
    problem: str | Phrase

    def probe(self) -> str:
        """'' when the scanner can be reached now, else the sentence why not."""
        ...

    def reads(self, stop: threading.Event) -> Iterator[ScanRead]:
        """Codes as they are read (and problems as they happen) until stop is set."""
        ...


def split_codes(buffer: bytes) -> tuple[list[str], bytes]:
    """Complete CR/LF-terminated codes in buffer, and the unterminated rest."""
    codes: list[str] = []
    start = 0
    for i, byte in enumerate(buffer):
        if byte in (0x0D, 0x0A):
            text = buffer[start:i].decode("ascii", errors="ignore")
            code = "".join(ch for ch in text if ch.isprintable()).strip()
            if code:
                codes.append(code)
            start = i + 1
    rest = buffer[start:]
    if len(rest) > MAX_CODE_BYTES:
        rest = b""
    return codes, rest


class SerialScanner:
    def __init__(
        self,
        name: str | Phrase,  # "the serial scanner of till T1", said in the reader's language
        port: SerialPort,
        open_port: Callable[..., Any] = serial.serial_for_url,
        poll_s: float = POLL_S,
        backoff_initial_s: float = BACKOFF_INITIAL_S,
        backoff_max_s: float = BACKOFF_MAX_S,
    ) -> None:
        self.name = name
        self.configured = f"serial:{port.url}:{port.baud}"
        self.problem: str | Phrase = ""
        self.port_open = False  # while a reader holds the port open
        self._port = port
        self._open_port = open_port
        self._poll_s = poll_s
        self._backoff_initial_s = backoff_initial_s
        self._backoff_max_s = backoff_max_s

    def _problem(self, sentence: Phrase) -> ScanRead:
        self.problem = sentence
        log_event(
            log,
            logging.WARNING,
            "scanner problem",
            scanner=in_english(self.name),
            problem=in_english(sentence),
        )
        return ScanRead("", now_ms(), sentence)

    def probe(self) -> str:
        """'' when the port opens now (nobody is reading it), else the sentence why not."""
        try:
            self._open_port(self._port.url, baudrate=self._port.baud, timeout=self._poll_s).close()
        except SERIAL_OPEN_ERRORS as exc:
            return str(_cannot_open(self.name, exc))
        return ""

    def reads(self, stop: threading.Event) -> Iterator[ScanRead]:
        backoff = self._backoff_initial_s
        while not stop.is_set():
            try:
                port = self._open_port(
                    self._port.url, baudrate=self._port.baud, timeout=self._poll_s
                )
            except SERIAL_OPEN_ERRORS as exc:
                if not self.problem:
                    yield self._problem(_cannot_open(self.name, exc))
                stop.wait(backoff)
                backoff = min(backoff * 2, self._backoff_max_s)
                continue
            if self.problem:
                log_event(log, logging.INFO, "scanner back", scanner=in_english(self.name))
            self.problem = ""
            self.port_open = True
            backoff = self._backoff_initial_s
            try:
                yield from self._codes(port, stop)
            except SERIAL_ERRORS as exc:
                yield self._problem(
                    Phrase(
                        N_("{scanner} went away ({error}); scanning by keyboard still works"),
                        scanner=self.name,
                        error=exc,
                    )
                )
            finally:
                self.port_open = False
                # The port may already be gone; closing it is only tidying up.
                with contextlib.suppress(*SERIAL_ERRORS):
                    port.close()

    def _codes(self, port: Any, stop: threading.Event) -> Iterator[ScanRead]:
        buffer = b""
        while not stop.is_set():
            chunk = port.read(port.in_waiting or 1)
            if not chunk:
                continue
            codes, buffer = split_codes(buffer + chunk)
            for code in codes:
                yield ScanRead(code, now_ms())


def _cannot_open(name: str | Phrase, exc: BaseException) -> Phrase:
    return Phrase(
        N_("{scanner} cannot be opened ({error}); scan by keyboard meanwhile"),
        scanner=name,
        error=exc,
    )


class ScanFeed:
    """One reader thread per scanner, started for the first watcher and stopped after the last.

    Watchers get each read through the callable they subscribed (called on the
    reader thread: an asyncio watcher passes loop.call_soon_threadsafe bound to
    its queue).
    """

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self._lock = threading.Lock()
        self._watchers: list[Callable[[ScanRead], None]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def subscribe(self, deliver: Callable[[ScanRead], None]) -> Callable[[], None]:
        """Start receiving reads; returns the call that stops them."""
        with self._lock:
            self._watchers.append(deliver)
            # A till that starts watching while the scanner is already known to be
            # missing is told at once, not only the till that was watching then.
            if self.scanner.problem:
                deliver(ScanRead("", now_ms(), self.scanner.problem))
            if not self.running:
                previous = self._thread
                self._stop = threading.Event()
                self._thread = threading.Thread(
                    target=self._run,
                    args=(previous, self._stop),
                    name=f"scanner {self.scanner.configured}",
                    daemon=True,
                )
                self._thread.start()
        return functools.partial(self._unsubscribe, deliver)

    def _unsubscribe(self, deliver: Callable[[ScanRead], None]) -> None:
        with self._lock:
            if deliver in self._watchers:
                self._watchers.remove(deliver)
            if not self._watchers:
                self._stop.set()

    def _run(self, previous: threading.Thread | None, stop: threading.Event) -> None:
        if previous is not None:
            previous.join()  # it has been told to stop; it lets go of the port within a poll
        for read in self.scanner.reads(stop):
            with self._lock:
                watchers = list(self._watchers)
            for deliver in watchers:
                deliver(read)

    def close(self, timeout_s: float = 2.0) -> None:
        with self._lock:
            self._watchers.clear()
            self._stop.set()
            thread = self._thread
        if thread is not None:
            thread.join(timeout_s)
