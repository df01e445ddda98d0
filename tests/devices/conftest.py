"""Fixtures for device tests: virtual serial cables from socat, and a deadline wait."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial

SOCAT = shutil.which("socat")


def wait_for(condition: Callable[[], object], timeout_s: float = 10.0, what: str = "condition"):
    """Poll until condition() is truthy (returns it) or fail after a bounded deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        time.sleep(0.01)


class PtyPair:
    """Two linked pseudo-terminals made by socat: a device end and a test end, like a cable."""

    def __init__(self, device: Path, far: Path) -> None:
        self.device = device  # what tills.toml names (the scanner/scale/printer port)
        self.far = far  # where the test plays the device
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert SOCAT, "socat is not installed; run scripts/ensure-tools.sh"
        self._proc = subprocess.Popen(
            [
                SOCAT,
                "-d",
                "-d",
                f"pty,raw,echo=0,link={self.device}",
                f"pty,raw,echo=0,link={self.far}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for(
            lambda: self.device.exists() and self.far.exists(), 10, f"socat to link {self.device}"
        )

    def kill(self) -> None:
        """Pull the cable: socat exits, both ptys close and the links go away."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(timeout=10)
            self._proc.stderr.close()  # type: ignore[union-attr]
        self._proc = None
        # socat killed with SIGKILL cannot remove its links. Removed here rather than waited
        # for to point nowhere: with tests in parallel another socat may already have been
        # given the same /dev/pts number, and a stale link would lead to its pty.
        self.device.unlink(missing_ok=True)
        self.far.unlink(missing_ok=True)


class PlayedScale:
    """The test's side of the cable: answers each SI with the next prepared line."""

    def __init__(self, port: str, answers: list[bytes]) -> None:
        self.requests: list[bytes] = []
        self._answers = answers
        self._serial = serial.Serial(port, timeout=0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            pending += self._serial.read(64)
            while b"\n" in pending:
                request, pending = pending.split(b"\n", 1)
                self.requests.append(request + b"\n")
                if self._answers:
                    self._serial.write(self._answers.pop(0))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._serial.close()


@pytest.fixture
def pty_pair(tmp_path: Path) -> Iterator[Callable[[str], PtyPair]]:
    """make(name) starts a socat pty pair under tmp_path; all are stopped after the test."""
    pairs: list[PtyPair] = []

    def make(name: str) -> PtyPair:
        pair = PtyPair(tmp_path / f"{name}-device", tmp_path / f"{name}-far")
        pair.start()
        pairs.append(pair)
        return pair

    yield make
    for pair in pairs:
        pair.kill()
