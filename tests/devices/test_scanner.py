"""Serial scanners: codes over pyserial's loop:// and a socat pty; a pulled cable is a problem."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import serial

from common.i18n import use_language
from edge_agent.devices.scanner import ScanFeed, ScanRead, SerialScanner, split_codes
from edge_agent.devices.tills_config import SerialPort
from tests.devices.conftest import PtyPair, wait_for

NAME = "the serial scanner of till T1"


def test_codes_split_on_cr_lf_and_noise_is_dropped() -> None:
    assert split_codes(b"6901234567892\r\n123\n\r\r456\rpart") == (
        ["6901234567892", "123", "456"],
        b"part",
    )
    assert split_codes(b"\x00\x1b12\x7f3\r") == (["123"], b"")
    assert split_codes(b"x" * 500) == ([], b"")  # no terminator for ever: line noise


def test_loop_port_codes_come_out_as_reads() -> None:
    port = serial.serial_for_url("loop://", timeout=0.05)
    port.write(b"6901234567892\r\n6920000000012\n")
    scanner = SerialScanner(NAME, SerialPort("loop://"), open_port=lambda *a, **k: port)
    stop = threading.Event()
    reads = scanner.reads(stop)
    first, second = next(reads), next(reads)
    stop.set()
    assert (first.code, second.code) == ("6901234567892", "6920000000012")
    assert first.problem == "" and first.read_at_ms > 0


class Watcher:
    def __init__(self, feed: ScanFeed) -> None:
        self.reads: queue.Queue[ScanRead] = queue.Queue()
        self.stop = feed.subscribe(self.reads.put)

    def next(self, timeout_s: float = 10.0) -> ScanRead:
        return self.reads.get(timeout=timeout_s)


def test_pty_scanner_survives_a_pulled_cable_and_comes_back(
    pty_pair: Callable[[str], PtyPair],
) -> None:
    pair = pty_pair("scanner")
    scanner = SerialScanner(NAME, SerialPort(str(pair.device)), backoff_max_s=0.2)
    feed = ScanFeed(scanner)
    watcher = Watcher(feed)
    try:
        # pyserial flushes a port's input as it opens it: write once the reader has it open
        wait_for(lambda: scanner.port_open, 5, "the reader to open the port")
        with serial.Serial(str(pair.far)) as far:
            far.write(b"6901234567892\r\n")
            read = watcher.next()
        assert read.code == "6901234567892"

        pair.kill()  # the scanner's USB cable is pulled mid-shift
        problem = watcher.next()
        assert problem.code == ""
        said = str(problem.problem)  # put into words for whoever reads it, in their language
        assert said.startswith(f"{NAME} went away (")
        assert said.endswith("scanning by keyboard still works")
        assert scanner.problem == problem.problem
        with use_language("zh_CN"):  # a till reading Chinese is told in Chinese
            assert str(problem.problem).startswith(f"{NAME}已断开（")
            assert str(problem.problem).endswith("）；仍可用键盘扫码")

        pair.start()  # plugged back in: the reader reopens the port by itself
        wait_for(lambda: scanner.port_open, 10, "the scanner to be reopened")
        assert scanner.problem == ""
        with serial.Serial(str(pair.far)) as far:
            far.write(b"6920000000012\r\n")
            assert watcher.next().code == "6920000000012"
    finally:
        watcher.stop()
        feed.close()
    assert not feed.running


def test_a_missing_port_is_said_once_while_retrying(tmp_path) -> None:
    scanner = SerialScanner(
        NAME, SerialPort(str(tmp_path / "ttyACM7")), backoff_initial_s=0.01, backoff_max_s=0.02
    )
    feed = ScanFeed(scanner)
    watcher = Watcher(feed)
    try:
        first = watcher.next()
        assert str(first.problem).startswith(f"{NAME} cannot be opened (")
        assert str(first.problem).endswith("scan by keyboard meanwhile")
        assert scanner.probe().startswith(f"{NAME} cannot be opened (")
        wait_for(lambda: feed.running, 1, "the reader to keep retrying")
        assert watcher.reads.empty()  # retries go on quietly
    finally:
        watcher.stop()
        feed.close()
