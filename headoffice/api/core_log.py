"""TLS clients head office refused during the handshake, logged with their address and reason.

gRPC's C core checks a client's certificate inside the TLS handshake and drops
a client whose certificate it refuses (another chain's CA, expired, none) before
any Python code runs: Python is never told. All head office ever had was the C
core's own line on stderr, without the peer ("Handshake failed with error ...
CERTIFICATE_VERIFY_FAILED: certificate has expired").

gRPC Python offers nothing better: the server credentials take no callback
(`ssl_server_credentials`, `dynamic_ssl_server_credentials` only fetch
certificates), and the C core's log cannot be hooked from Python. Its
`handshaker` trace, though, logs each failed handshake with the peer's address
(`grpc.internal.endpoint_peer_address=ipv4:10.0.0.7:51234`) and the TLS
error. So `headoffice serve`:

1. asks the C core for that trace before grpc is first imported
   (`core_log_environment`, from headoffice.cli.entry: the C core reads its
   settings once, at import);
2. points file descriptor 2 (where the C core writes) at a pipe, and Python's
   own stderr at the original (`CoreLogCapture`);
3. reads the pipe in a thread (`CoreLogParser`): each failed handshake becomes
   one structured event `TLS peer refused` with `peer`, `peer_host`, `reason`
   (`foreign_ca`, `expired`, ...), `detail` and `tls_error`, logged through
   RefusalLog once per minute per peer host and reason; the trace lines it
   asked for are dropped; every other line passes through unchanged, filtered
   by the verbosity the operator asked for (GRPC_VERBOSITY), since the trace
   needs INFO.

This module imports nothing of grpc: the entry point uses it before grpc loads.
"""

from __future__ import annotations

import logging
import os
import re
import select
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from headoffice.api.refusal_log import RefusalLog

log = logging.getLogger(__name__)

EVENT = "TLS peer refused"
TRACER = "handshaker"
# What the operator had asked for, kept by core_log_environment for the pass-through filter.
ASKED_VERBOSITY = "STORELEDGER_GRPC_VERBOSITY"
ASKED_TRACE = "STORELEDGER_GRPC_TRACE"

# A C-core log record starts `I1205 03:02:05.442192   19692 handshaker.cc:155] ...`;
# continuation lines (a status's source trace, the rest of its arguments) do not.
_RECORD = re.compile(r"^(?P<level>[IWEF])\d{4} [\d:.]+\s+\d+ (?P<source>[\w./-]+):\d+\] ")
_HANDSHAKER_ERROR = re.compile(r"CallNextHandshakerLocked: error=(?P<error>.*?)(?: shutdown=|$)")
_SSL_FAILURE = re.compile(r"Handshake failed with error (?P<error>.*)$")
_PEER = re.compile(r"grpc\.internal\.endpoint_peer_address=(?P<peer>[^,}\s]+)")
_WE_ASKED_FOR_INFO = "Log level INFO is not suitable for production"
# The trace's own chatter: dropped unless the operator asked for the trace too.
_TRACE_SOURCES = ("handshaker.cc", "channel_trace.h", "trace.cc")

# (text in the TLS error, reason, what it means) - first match wins; logs stay English.
REASONS: tuple[tuple[str, str, str], ...] = (
    ("certificate has expired", "expired", "the client's certificate has expired"),
    ("certificate is not yet valid", "not_yet_valid", "the client's certificate is not valid yet"),
    ("unable to get local issuer certificate", "foreign_ca",
     "the client's certificate was not issued by this chain's CA"),
    ("self signed certificate", "foreign_ca",
     "the client's certificate was not issued by this chain's CA"),
    ("self-signed certificate", "foreign_ca",
     "the client's certificate was not issued by this chain's CA"),
    ("certificate signature failure", "foreign_ca",
     "the client's certificate was not issued by this chain's CA"),
    ("PEER_DID_NOT_RETURN_A_CERTIFICATE", "no_certificate", "the client sent no certificate"),
    ("unsupported certificate purpose", "wrong_purpose",
     "the client's certificate is not for TLS clients"),
    ("WRONG_VERSION_NUMBER", "not_tls", "the client does not speak TLS"),
    ("HTTP_REQUEST", "not_tls", "the client does not speak TLS"),
    ("ALERT", "client_refused_server", "the client refused head office's certificate"),
    ("Socket closed", "closed",
     "the client closed the connection during the TLS handshake (it may not trust head "
     "office's certificate)"),
    ("Handshake read failed", "closed",
     "the client closed the connection during the TLS handshake (it may not trust head "
     "office's certificate)"),
    ("Connection reset", "closed",
     "the client closed the connection during the TLS handshake (it may not trust head "
     "office's certificate)"),
    ("timed out", "timeout", "the client did not finish the TLS handshake in time"),
)  # fmt: skip


@dataclass(frozen=True)
class HandshakeRefused:
    """One failed TLS handshake: who (as gRPC names the peer, "" if unknown) and why."""

    peer: str
    tls_error: str

    @property
    def peer_host(self) -> str:
        """The address without the port: `ipv4:10.0.0.7:51234` -> `10.0.0.7`."""
        address = self.peer.split(":", 1)[1] if ":" in self.peer else self.peer
        if address.startswith("["):
            return address[1:].split("]", 1)[0]
        return address.rsplit(":", 1)[0] if ":" in address else address

    @property
    def reason(self) -> tuple[str, str]:
        lowered = self.tls_error.lower()
        for text, reason, detail in REASONS:
            if text.lower() in lowered:
                return reason, detail
        return "tls_error", "the TLS handshake failed"

    def fields(self) -> dict[str, object]:
        reason, detail = self.reason
        return {
            "peer": self.peer.split(":", 1)[1] if ":" in self.peer else (self.peer or "unknown"),
            "peer_host": self.peer_host or "unknown",
            "reason": reason,
            "detail": detail,
            "tls_error": self.tls_error,
        }


def _passes(level: str, asked: str) -> bool:
    """Whether a C-core line of this level shows at the verbosity the operator asked for."""
    shown = {
        "": "IWEF",
        "debug": "IWEF",
        "info": "IWEF",
        "warning": "WEF",
        "warn": "WEF",
        "error": "EF",
        "none": "",
    }.get(asked.strip().lower(), "IWEF")
    return level in shown


class CoreLogParser:
    """C-core log text in, refused handshakes and lines to pass through out.

    Lines are grouped into records (a record and its continuation lines); a
    record is complete when the next one starts or `finish()` is called (the
    reader calls it when the pipe has been quiet for a moment).
    """

    def __init__(
        self,
        refused: Callable[[HandshakeRefused], None],
        passthrough: Callable[[str], None],
        asked_verbosity: str = "",
        asked_trace: str = "",
        traced: bool = True,
    ) -> None:
        self._refused = refused
        self._passthrough = passthrough
        self._asked_verbosity = asked_verbosity
        self._show_trace = TRACER in asked_trace.split(",")
        # With the trace on, the handshaker's record names the peer; without it (started
        # other than through the entry point) the TLS library's line is all there is.
        self._traced = traced
        self._record: list[str] = []

    def feed(self, line: str) -> None:
        if _RECORD.match(line):
            self.finish()
        if self._record or _RECORD.match(line):
            self._record.append(line)
        else:
            self._passthrough(line)  # not the C core's (a child process, a stray print)

    def finish(self) -> None:
        record, self._record = self._record, []
        if not record:
            return
        head = _RECORD.match(record[0])
        assert head is not None
        text = "\n".join(record)
        source = head["source"]
        if source == "ssl_transport_security.cc" and (failure := _SSL_FAILURE.search(record[0])):
            if not self._traced:
                self._refused(HandshakeRefused("", failure["error"].strip()))
            return
        if source == "handshaker.cc" and (failed := _HANDSHAKER_ERROR.search(record[0])):
            error = failed["error"].strip()
            if error != "OK":
                peer = _PEER.search(text)
                self._refused(HandshakeRefused(peer["peer"] if peer else "", error))
        if source in _TRACE_SOURCES and not self._show_trace:
            return
        if _WE_ASKED_FOR_INFO in text and self._asked_verbosity.lower() not in ("info", "debug"):
            return  # the C core's warning about the INFO level the trace needs
        if _passes(head["level"], self._asked_verbosity):
            for line in record:
                self._passthrough(line)


def core_log_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables to set before grpc is imported so failed handshakes name their peer."""
    trace = environ.get("GRPC_TRACE", "")
    tracers = [t for t in trace.split(",") if t]
    if TRACER not in tracers:
        tracers.append(TRACER)
    return {
        ASKED_VERBOSITY: environ.get(ASKED_VERBOSITY, environ.get("GRPC_VERBOSITY", "")),
        ASKED_TRACE: environ.get(ASKED_TRACE, trace),
        "GRPC_TRACE": ",".join(tracers),
        "GRPC_VERBOSITY": "INFO",
    }


class CoreLogCapture:
    """File descriptor 2 through a pipe read by a thread; Python's stderr to the original."""

    def __init__(
        self, refusals: RefusalLog | None = None, environ: Mapping[str, str] | None = None
    ) -> None:
        env = os.environ if environ is None else environ
        self._refusals = refusals or RefusalLog(log, EVENT)
        self._env = env
        self._saved_fd = -1
        self._read_fd = -1
        self._python_stderr: TextIO | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._saved_fd = os.dup(2)
        read_fd, write_fd = os.pipe()
        os.dup2(write_fd, 2)
        os.close(write_fd)
        self._read_fd = read_fd
        self._python_stderr = sys.stderr
        sys.stderr = os.fdopen(os.dup(self._saved_fd), "w", buffering=1)
        parser = CoreLogParser(
            self._refused,
            self._passthrough,
            self._env.get(ASKED_VERBOSITY, self._env.get("GRPC_VERBOSITY", "")),
            self._env.get(ASKED_TRACE, ""),
            traced=TRACER in self._env.get("GRPC_TRACE", "").split(","),
        )
        self._thread = threading.Thread(
            target=self._pump, args=(parser,), name="grpc-core-log", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        os.dup2(self._saved_fd, 2)  # closes the pipe's only write end: the reader sees EOF
        self._thread.join(5)
        self._thread = None
        if self._python_stderr is not None:
            replaced, sys.stderr = sys.stderr, self._python_stderr
            replaced.close()
        os.close(self._saved_fd)

    def _refused(self, refusal: HandshakeRefused) -> None:
        fields = refusal.fields()
        self._refusals.refused((fields["peer_host"], fields["reason"]), **fields)

    def _passthrough(self, line: str) -> None:
        data = (line + "\n").encode(errors="replace")
        while data:
            written = os.write(self._saved_fd, data)
            data = data[written:]

    def _pump(self, parser: CoreLogParser) -> None:
        pending = b""
        try:
            while True:
                ready, _w, _x = select.select([self._read_fd], [], [], 0.2)
                if not ready:
                    parser.finish()  # quiet for a moment: the last record is whole
                    self._refusals.flush()
                    continue
                chunk = os.read(self._read_fd, 65536)
                if not chunk:
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    self._guarded(parser.feed, line.decode(errors="replace"))
        finally:
            if pending:
                self._guarded(parser.feed, pending.decode(errors="replace"))
            self._guarded(parser.finish)
            self._refusals.flush(everything=True)
            os.close(self._read_fd)

    def _guarded(self, step: Callable[..., None], *args: str) -> None:
        # The C core blocks on a full pipe: whatever one line does, the reader goes on.
        try:
            step(*args)
        except Exception as exc:  # noqa: BLE001 - see above
            self._passthrough(f"storeledger: C-core log line not understood ({exc!r}): {args}")


@contextmanager
def capture_core_log(refusals: RefusalLog | None = None) -> Iterator[CoreLogCapture]:
    capture = CoreLogCapture(refusals)
    capture.start()
    try:
        yield capture
    finally:
        capture.stop()
