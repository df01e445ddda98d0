"""The HTTP+JSON platform adapter (urllib, standard library): the simulator's API, which
follows the big platforms' merchant flows (voucher_sim/server.py documents it).

The platform's refusals become ours here, at the adapter edge (`raise ... from exc`):
UNKNOWN_CODE / BAD_CODE -> VoucherNotFound, ALREADY_USED, EXPIRED, CODE_CANCELLED,
NOT_YET_VALID, NOT_ENOUGH_USES, WINDOW_PASSED, REQUEST_MISMATCH -> VoucherRefused with our
sentence; no answer in timeout_ms -> PlatformTimedOut; refused connection, 5xx or a body that
is not the API's -> PlatformUnreachable. The code is never logged in full.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

from common.i18n import _
from common.logs import log_event
from headoffice.domain.vouchers import (
    PlatformTimedOut,
    PlatformUnreachable,
    PlatformVerification,
    VoucherLookup,
    VoucherNotFound,
    VoucherRefused,
    mask_code,
)
from headoffice.platforms.settings import PlatformSettings

log = logging.getLogger(__name__)


class HttpVoucherPlatform:
    """VoucherPlatform over HTTP+JSON; remembers whether the platform was unreachable so the
    first call that succeeds after can trigger a reconciliation (take_reconnected)."""

    def __init__(self, settings: PlatformSettings, utc_offset_minutes: int = 0) -> None:
        self.name = settings.name
        self._url = settings.url
        self._timeout_s = settings.timeout_ms / 1000
        self._offset = utc_offset_minutes
        self._lock = threading.Lock()
        self._down = False
        self._reconnected = False

    # -- VoucherPlatform -------------------------------------------------------------------

    def prepare(self, code: str) -> VoucherLookup:
        d = self._call("prepare", {"code": code}, code)[0]
        return VoucherLookup(
            self.name, code, str(d["product_id"]), str(d["title"]), int(d["uses_left"]),
            int(d["valid_from_ms"]), int(d["valid_until_ms"]), int(d["price_minor"]),
            str(d["currency"]), int(d["cancel_window_ms"]),
        )  # fmt: skip

    def verify(self, code: str, count: int, request_id: str) -> PlatformVerification:
        body = {"code": code, "count": count, "request_id": request_id}
        return _verification(*self._call("verify", body, code))

    def cancel(self, platform_ref: str, code: str, request_id: str) -> PlatformVerification:
        body = {"verify_id": platform_ref, "code": code, "request_id": request_id}
        return _verification(*self._call("cancel", body, code))

    def redeemed_on(self, day: str) -> list[PlatformVerification]:
        path = f"redeemed?day={quote(day)}&utc_offset_minutes={self._offset}"
        data = self._call(path, None, "")[0]
        return [_verification(row, False) for row in data["redeemed"]]

    def take_reconnected(self) -> bool:
        with self._lock:
            was, self._reconnected = self._reconnected, False
            return was

    # -- HTTP ------------------------------------------------------------------------------

    def _call(self, op: str, body: dict[str, Any] | None, code: str) -> tuple[Any, bool]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self._url}/{self.name}/{op}", data=data, method="GET" if data is None else "POST",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as resp:
                payload = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            payload = _error_body(exc)
            if payload is None or exc.code >= 500:
                raise self._unreachable(op, code, f"HTTP {exc.code}") from exc
            self._reachable()
            raise _refusal(self.name, code, payload["error"]) from exc
        except TimeoutError as exc:
            raise self._timed_out(op, code) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise self._timed_out(op, code) from exc
            raise self._unreachable(op, code, str(exc.reason)) from exc
        except (OSError, ValueError) as exc:
            raise self._unreachable(op, code, str(exc)) from exc
        if not isinstance(payload, dict) or not payload.get("ok"):
            raise self._unreachable(op, code, "not the platform's answer")
        self._reachable()
        return payload["data"], bool(payload.get("replayed"))

    def _reachable(self) -> None:
        with self._lock:
            if self._down:
                self._down, self._reconnected = False, True
                log_event(log, logging.INFO, "voucher platform reachable again", platform=self.name)

    def _timed_out(self, op: str, code: str) -> PlatformTimedOut:
        with self._lock:
            self._down = True
        log_event(
            log, logging.WARNING, "voucher platform timed out", platform=self.name, op=op,
            code=mask_code(code), timeout_ms=int(self._timeout_s * 1000),
        )  # fmt: skip
        return PlatformTimedOut(
            _("{platform} did not answer within {ms} ms; nothing is lost: try again with the "
              "same request").format(platform=self.name, ms=int(self._timeout_s * 1000))
        )  # fmt: skip

    def _unreachable(self, op: str, code: str, why: str) -> PlatformUnreachable:
        with self._lock:
            self._down = True
        log_event(
            log, logging.WARNING, "voucher platform unreachable", platform=self.name, op=op,
            code=mask_code(code), problem=why,
        )  # fmt: skip
        return PlatformUnreachable(
            _("{platform} cannot be reached ({problem}); try again with the same request").format(
                platform=self.name, problem=why
            )
        )


def _error_body(exc: urllib.error.HTTPError) -> dict[str, Any] | None:
    try:
        payload = json.loads(exc.read())
    except (OSError, ValueError):
        return None
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        return payload
    return None


def _verification(d: dict[str, Any], replayed: bool) -> PlatformVerification:
    return PlatformVerification(
        platform_ref=str(d["verify_id"]), code=str(d["code"]), count=int(d["count"]),
        product_id=str(d.get("product_id", "")), title=str(d.get("title", "")),
        verified_at_ms=int(d["verified_at_ms"]), cancel_until_ms=int(d["cancel_until_ms"]),
        state=str(d["state"]), price_minor=int(d.get("price_minor", 0)),
        currency=str(d.get("currency", "")), cancelled_at_ms=int(d.get("cancelled_at_ms", 0)),
        replayed=replayed,
    )  # fmt: skip


def _refusal(platform: str, code: str, error: dict[str, Any]) -> Exception:
    kind = str(error.get("code", ""))
    masked = mask_code(code)
    if kind in ("UNKNOWN_CODE", "BAD_CODE"):
        return VoucherNotFound(
            _("{platform} knows no voucher {code}; check the code").format(
                platform=platform, code=masked
            )
        )
    sentences = {
        "ALREADY_USED": _("voucher {code} is already used on {platform}"),
        "EXPIRED": _("voucher {code} has expired on {platform}"),
        "NOT_YET_VALID": _("voucher {code} is not valid yet on {platform}"),
        "CODE_CANCELLED": _("voucher {code} was cancelled (refunded) on {platform}"),
        "NOT_ENOUGH_USES": _("voucher {code} has fewer uses left on {platform} than asked"),
        "WINDOW_PASSED": _("{platform}'s cancel window for voucher {code} has passed"),
        "REQUEST_MISMATCH": _(
            "{platform} refused the retry of voucher {code}: the request was first made with "
            "another count"
        ),
        "ALREADY_CANCELLED": _("the redemption of voucher {code} is already cancelled on "
                               "{platform}"),
        "UNKNOWN_VERIFY": _("{platform} knows no redemption of voucher {code}"),
    }  # fmt: skip
    sentence = sentences.get(kind)
    if sentence is None:
        return VoucherRefused(
            _("{platform} refused voucher {code} ({reason})").format(
                platform=platform, code=masked, reason=kind or "?"
            )
        )
    return VoucherRefused(sentence.format(platform=platform, code=masked))


def build_platforms(
    settings: list[PlatformSettings], utc_offset_minutes: int = 0
) -> dict[str, HttpVoucherPlatform]:
    return {s.name: HttpVoucherPlatform(s, utc_offset_minutes) for s in settings}
