"""What a channel request must be before anything is read: codes, kinds, quotas, keys,
free text, hold times and order lines (each refusal a sentence naming the field), and the
hash a replayed Reserve must repeat. The states and rules themselves: domain.channels."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from common.domain.limits import MAX_QTY_BASE, check_qty
from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.channels import (
    KINDS,
    MAX_KEY_CHARS,
    MAX_LINES,
    MIN_HOLD_MS,
    QUOTA_SCOPES,
)

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


def check_channel_code(code: str) -> str:
    if not _CODE.match(code):
        raise InvalidInput(
            _(
                "channel code {code} must be 1 to 32 characters of a-z, 0-9, - and _, "
                "starting with a letter or digit"
            ).format(code=repr(code))
        )
    return code


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(
            _("channel kind {kind} must be one of {kinds}").format(
                kind=repr(kind), kinds=", ".join(KINDS)
            )
        )
    return kind


def check_percent(percent: int) -> int:
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidInput(
            _("a quota is 1 to 100 percent of available (0 removes it), got {value}").format(
                value=repr(percent)
            )
        )
    return percent


def check_scope(scope: str) -> str:
    if scope not in QUOTA_SCOPES:
        raise InvalidInput(
            _("a quota's scope is sku or category, got {scope}").format(scope=repr(scope))
        )
    return scope


def check_key(key: str) -> str:
    if not 1 <= len(key) <= MAX_KEY_CHARS or not key.isprintable():
        raise InvalidInput(
            _("an idempotency key is 1 to {limit} printable characters, got {count}").format(
                limit=MAX_KEY_CHARS, count=len(key)
            )
        )
    return key


def check_text(field_name: str, text: str, limit: int) -> str:
    if len(text) > limit or not text.isprintable():
        raise InvalidInput(
            _("{field} is at most {limit} printable characters").format(
                field=field_name, limit=limit
            )
        )
    return text


def check_hold(expires_in_ms: int, default_ms: int, max_ms: int) -> int:
    """How long a reservation is held: 0 takes the chain's default; MIN_HOLD_MS..max_ms."""
    if expires_in_ms == 0:
        return default_ms
    if not MIN_HOLD_MS <= expires_in_ms <= max_ms:
        raise InvalidInput(
            _("a reservation is held {low} to {high} seconds, got {value} ms").format(
                low=MIN_HOLD_MS // 1000, high=max_ms // 1000, value=expires_in_ms
            )
        )
    return expires_in_ms


def check_lines(lines: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """1..MAX_LINES lines, each SKU once, each a positive whole quantity within the range."""
    if not lines:
        raise InvalidInput(_("a reservation needs at least one line (SKU and quantity)"))
    if len(lines) > MAX_LINES:
        raise InvalidInput(
            _("a reservation has at most {limit} lines, got {count}").format(
                limit=MAX_LINES, count=len(lines)
            )
        )
    seen: set[str] = set()
    for sku, qty in lines:
        if not sku:
            raise InvalidInput(_("a reservation line needs a SKU"))
        if sku in seen:
            raise InvalidInput(
                _("SKU {sku} is on two lines; give it once with the total").format(sku=sku)
            )
        seen.add(sku)
        check_qty(_("the quantity of {sku}").format(sku=sku), qty, MAX_QTY_BASE)
    return tuple(lines)


def request_hash(store_code: str, lines: Iterable[tuple[str, int]]) -> str:
    """What a replay of the same key must repeat: the store and the lines (any order)."""
    text = store_code + "\n" + "\n".join(f"{sku}\t{qty}" for sku, qty in sorted(lines))
    return hashlib.sha256(text.encode()).hexdigest()
