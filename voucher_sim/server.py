"""The simulator's HTTP+JSON server (stdlib ThreadingHTTPServer) and its fault injection.

Merchant API, per platform P (meituan, douyin):
  POST /P/prepare   {"code"}                         -> the voucher and the cancel window
  POST /P/verify    {"code", "count", "request_id"}  -> the verification (verify_id)
  POST /P/cancel    {"verify_id" or "code", "request_id"}
  GET  /P/redeemed?day=YYYY-MM-DD&utc_offset_minutes=480
Every answer is {"ok": true, "data": ..., "replayed": bool} or
{"ok": false, "error": {"code", "message"}} with a 4xx/5xx status.

Admin (tests and the demo):
  POST /admin/vouchers {"platform", "vouchers": [{"product_id", "uses", ...}]}
  POST /admin/faults   {"platform", "op", "kind", "times", "delay_ms"}; kinds:
       delay      answer after delay_ms
       timeout    do the call, then answer only after delay_ms (past the caller's timeout)
       duplicate  the request arrives twice; the answer is the second (a replay)
       used       every use left is redeemed elsewhere first (the code already used)
       cancelled  the voucher is refunded on the platform first
       elsewhere  one use is redeemed in the platform's app first (we never see it)
       busy       503 SYSTEM_BUSY without doing anything
  POST /admin/redeem   {"platform", "code", "count"}  a redemption on the platform only
  POST /admin/cancel   {"platform", "code"}           the voucher refunded on the platform
  POST /admin/clock    {"platform", "advance_ms"}     the platform's clock moves on
  GET  /admin/state?platform=P&code=C                 merchant uses, call counts
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from voucher_sim.platform import PROFILES, Platform, PlatformError

FAULT_KINDS = ("delay", "timeout", "duplicate", "used", "cancelled", "elsewhere", "busy")
OPS = ("prepare", "verify", "cancel", "redeemed")


@dataclass
class Fault:
    kind: str
    delay_ms: int
    times: int


class Simulator:
    """Both platforms and the faults waiting for their calls."""

    def __init__(self) -> None:
        self.platforms = {name: Platform(profile) for name, profile in PROFILES.items()}
        self._faults: dict[tuple[str, str], list[Fault]] = {}
        self._lock = threading.Lock()

    def platform(self, name: str) -> Platform:
        found = self.platforms.get(name)
        if found is None:
            raise PlatformError(404, "UNKNOWN_PLATFORM", f"no platform {name!r}")
        return found

    def add_fault(self, platform: str, op: str, kind: str, times: int, delay_ms: int) -> None:
        self.platform(platform)
        if op not in OPS or kind not in FAULT_KINDS:
            raise PlatformError(400, "BAD_REQUEST", f"op in {OPS}, kind in {FAULT_KINDS}")
        with self._lock:
            self._faults.setdefault((platform, op), []).append(Fault(kind, delay_ms, times))

    def take_fault(self, platform: str, op: str) -> Fault | None:
        with self._lock:
            waiting = self._faults.get((platform, op), [])
            if not waiting:
                return None
            fault = waiting[0]
            fault.times -= 1
            if fault.times <= 0:
                waiting.pop(0)
            return fault

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
        self.platforms = {name: Platform(profile) for name, profile in PROFILES.items()}


def _merchant_call(sim: Simulator, name: str, op: str, body: dict, query: dict) -> tuple[Any, bool]:
    p = sim.platform(name)
    with p.lock:
        p.calls[op] = p.calls.get(op, 0) + 1
    fault = sim.take_fault(name, op)
    code = str(body.get("code", ""))
    if fault is not None:
        if fault.kind == "busy":
            raise PlatformError(503, "SYSTEM_BUSY", "the platform is busy; try again")
        if fault.kind == "delay":
            time.sleep(fault.delay_ms / 1000)
        elif fault.kind == "used":
            p.use_up(code)
        elif fault.kind == "cancelled":
            p.cancel_on_platform(code)
        elif fault.kind == "elsewhere":
            p.redeem_elsewhere(code, 1)
    result = _do(p, op, body, query)
    if fault is not None and fault.kind == "duplicate":
        result = _do(p, op, body, query)
    if fault is not None and fault.kind == "timeout":
        time.sleep((fault.delay_ms or 5_000) / 1000)
    return result


def _do(p: Platform, op: str, body: dict, query: dict) -> tuple[Any, bool]:
    if op == "prepare":
        return p.prepare(str(body.get("code", ""))), False
    if op == "verify":
        count = body.get("count")
        if not isinstance(count, int) or isinstance(count, bool):
            raise PlatformError(400, "BAD_REQUEST", "count must be a whole number")
        return p.verify(str(body.get("code", "")), count, str(body.get("request_id", "")))
    if op == "cancel":
        return p.cancel(
            str(body.get("verify_id", "")), str(body.get("code", "")),
            str(body.get("request_id", "")),
        )  # fmt: skip
    offset = int(query.get("utc_offset_minutes", ["0"])[0])
    return {"redeemed": p.redeemed_on(query.get("day", [""])[0], offset)}, False


def _admin(sim: Simulator, what: str, body: dict, query: dict) -> Any:
    if what == "reset":
        sim.reset()
        return {}
    name = str(body.get("platform") or query.get("platform", [""])[0])
    p = sim.platform(name)
    if what == "vouchers":
        return {"vouchers": p.load(list(body.get("vouchers", [])))}
    if what == "faults":
        sim.add_fault(
            name, str(body.get("op", "")), str(body.get("kind", "")),
            int(body.get("times", 1)), int(body.get("delay_ms", 0)),
        )  # fmt: skip
        return {}
    if what == "redeem":
        return p.redeem_elsewhere(str(body["code"]), int(body.get("count", 1)))
    if what == "cancel":
        p.cancel_on_platform(str(body["code"]))
        return {}
    if what == "clock":
        p.clock_offset_ms += int(body.get("advance_ms", 0))
        return {"now_ms": p.now_ms()}
    if what == "state":
        code = query.get("code", [""])[0]
        with p.lock:
            calls = dict(p.calls)
        return {"merchant_uses": p.merchant_redemptions(code) if code else 0, "calls": calls}
    raise PlatformError(404, "NOT_FOUND", f"no admin call {what!r}")


class Handler(BaseHTTPRequestHandler):
    server: SimulatorServer
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one write: written apart, the body waits on the client's
    # delayed ACK of the headers (Nagle), 40 ms after a slow answer.
    wbufsize = 1 << 16

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # noqa: N802
        self._handle({})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            self._send(400, {"ok": False, "error": {"code": "BAD_REQUEST", "message": "not JSON"}})
            return
        self._handle(body)

    def _handle(self, body: dict) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        try:
            if len(parts) != 2:
                raise PlatformError(404, "NOT_FOUND", f"no route {url.path}")
            if parts[0] == "admin":
                self._send(
                    200, {"ok": True, "data": _admin(self.server.sim, parts[1], body, query)}
                )
                return
            if parts[1] not in OPS:
                raise PlatformError(404, "NOT_FOUND", f"no route {url.path}")
            data, replayed = _merchant_call(self.server.sim, parts[0], parts[1], body, query)
            self._send(200, {"ok": True, "data": data, "replayed": replayed})
        except PlatformError as exc:
            self._send(
                exc.status, {"ok": False, "error": {"code": exc.code, "message": exc.message}}
            )
        except (KeyError, TypeError, ValueError) as exc:
            error = {"code": "BAD_REQUEST", "message": f"bad request: {exc}"}
            self._send(400, {"ok": False, "error": error})

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the caller gave up (a timeout fault): nobody to answer


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sim: Simulator, verbose: bool = False) -> None:
        super().__init__(address, Handler)
        self.sim = sim
        self.verbose = verbose


@contextmanager
def running(host: str = "127.0.0.1", port: int = 0) -> Iterator[tuple[SimulatorServer, str]]:
    """A simulator in a thread of this process, with its base URL (tests, benchmarks)."""
    server = SimulatorServer((host, port), Simulator())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
