"""Group-buy vouchers (团购券) at head office: the rules of a redemption, plain Python.

A redemption is one row per till request id, stored before the platform is called:

    verifying --platform verified--> verified --cancel asked--> cancelling --platform--> cancelled
        |                                ^                           |
        +--platform refused--> failed    +------platform refused-----+

A verify retried with the same request id reuses its row (and, while it is still verifying,
repeats the platform call with the same request id, which the platform answers with its first
result); the same request id with another code or count is refused. Codes are shown masked
(first 2 and last 2 characters) everywhere but the platform call.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from common.errors import InvalidInput, NotFound, Refused, TimedOut, Unavailable
from common.i18n import _, ngettext

VERIFYING, VERIFIED, CANCELLING, CANCELLED, FAILED = (
    "verifying", "verified", "cancelling", "cancelled", "failed",
)  # fmt: skip
STATES = (VERIFYING, VERIFIED, CANCELLING, CANCELLED, FAILED)
NEXT_STATES: dict[str, frozenset[str]] = {
    VERIFYING: frozenset({VERIFIED, FAILED}),
    VERIFIED: frozenset({CANCELLING}),
    CANCELLING: frozenset({CANCELLED, VERIFIED}),
    CANCELLED: frozenset(),
    FAILED: frozenset(),
}
MAX_COUNT = 99  # uses one verify redeems
MAX_PACKAGE_LINES = 50
MAX_QTY_PER_USE = 1_000_000
_CODE = re.compile(r"^[0-9A-Za-z]{6,64}$")
_PLATFORM = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_PRODUCT = re.compile(r"^[0-9A-Za-z._:-]{1,64}$")
ID_PREFIX = "VR"
# The code forms of the platforms we know, to find the platform of a code scanned without one.
CODE_LENGTHS = {"meituan": 12, "douyin": 15}

# Reconciliation differences (vouchers.proto VoucherDifference.kind).
PLATFORM_ONLY, OURS_ONLY, COUNT, CANCELLED_ON_PLATFORM = (
    "platform_only", "ours_only", "count", "cancelled_on_platform",
)  # fmt: skip


class VoucherRefused(Refused):
    """A rule or the platform refuses the redemption or cancel; nothing was changed."""


class VoucherNotFound(NotFound):
    """No such voucher code on the platform, or no such redemption here."""


class RequestRace(Refused):
    """Another call with the same store and request id stored its row first; ask again."""


class PlatformUnreachable(Unavailable):
    """The platform cannot be reached; retry with the same request id."""


class PlatformTimedOut(TimedOut):
    """The platform did not answer in time; retry with the same request id."""


def mask_code(code: str) -> str:
    """First 2 and last 2 characters, the rest as '*' (a code of 4 or fewer: all '*')."""
    if len(code) <= 4:
        return "*" * len(code)
    return code[:2] + "*" * (len(code) - 4) + code[-2:]


def check_code(typed: str) -> str:
    code = typed.strip().replace(" ", "")
    if not _CODE.match(code):
        raise InvalidInput(
            _("a voucher code is 6 to 64 letters or digits, got {code}").format(
                code=mask_code(code) if code else repr(code)
            )
        )
    return code


def check_platform(name: str, known: tuple[str, ...] | list[str]) -> str:
    if not _PLATFORM.match(name) or name not in known:
        raise InvalidInput(
            _("platform {platform} is not one of {platforms} ([vouchers.platforms] in "
              "headoffice.toml)").format(
                platform=repr(name), platforms=", ".join(known) or _("none")
            )
        )  # fmt: skip
    return name


def check_product(product_id: str) -> str:
    if not _PRODUCT.match(product_id):
        raise InvalidInput(
            _("a platform product id is 1 to 64 letters, digits, '.', '_', ':' or '-', "
              "got {value}").format(value=repr(product_id))
        )  # fmt: skip
    return product_id


def check_count(count: int) -> int:
    if not 1 <= count <= MAX_COUNT:
        raise InvalidInput(
            _("a voucher redeems 1 to {limit} uses at a time, got {count}").format(
                limit=MAX_COUNT, count=count
            )
        )
    return count


def redemption_text(redemption_id: int) -> str:
    return f"{ID_PREFIX}{redemption_id:06d}"


def parse_redemption_id(text: str) -> int:
    t = text.strip().upper()
    if t.startswith(ID_PREFIX) and t[2:].isdigit() and int(t[2:]) > 0:
        return int(t[2:])
    raise InvalidInput(
        _("a voucher redemption is named like VR000001, got {value}").format(value=repr(text))
    )


def check_transition(redemption_id: int, state: str, to: str) -> None:
    if to not in NEXT_STATES.get(state, frozenset()):
        raise VoucherRefused(
            _("redemption {redemption} is {state}; it cannot become {to}").format(
                redemption=redemption_text(redemption_id), state=state, to=to
            )
        )


def window_text(window_ms: int) -> str:
    """A cancel window as people say it: '1 hour', '60 days', '30 minutes'."""
    if window_ms % 86_400_000 == 0 and window_ms >= 86_400_000:
        n = window_ms // 86_400_000
        return ngettext("{count} day", "{count} days", n).format(count=n)
    if window_ms % 3_600_000 == 0 and window_ms >= 3_600_000:
        n = window_ms // 3_600_000
        return ngettext("{count} hour", "{count} hours", n).format(count=n)
    n = max(1, window_ms // 60_000)
    return ngettext("{count} minute", "{count} minutes", n).format(count=n)


@dataclass(frozen=True)
class PackageLine:
    sku: str
    qty_base: int  # per use, above zero


@dataclass(frozen=True)
class Package:
    """What one use of a platform product takes out of the store's stock (set by staff)."""

    platform: str
    product_id: str
    title: str
    lines: tuple[PackageLine, ...]
    set_at_ms: int = 0
    set_by: str = ""


def check_package_lines(lines: list[tuple[str, int]]) -> tuple[PackageLine, ...]:
    if not 1 <= len(lines) <= MAX_PACKAGE_LINES:
        raise InvalidInput(
            _("a voucher package has 1 to {limit} lines (--line SKU:QTY), got {count}").format(
                limit=MAX_PACKAGE_LINES, count=len(lines)
            )
        )
    seen: dict[str, int] = {}
    for sku, qty in lines:
        if not 1 <= qty <= MAX_QTY_PER_USE:
            raise InvalidInput(
                _("{sku}: a package line takes 1 to {limit} base units per use, got {qty}").format(
                    sku=sku, limit=MAX_QTY_PER_USE, qty=qty
                )
            )
        if sku in seen:
            raise InvalidInput(_("{sku} is twice in the package").format(sku=sku))
        seen[sku] = qty
    return tuple(PackageLine(s, q) for s, q in sorted(seen.items()))


def movements_for(lines: tuple[PackageLine, ...], count: int) -> list[tuple[str, int]]:
    """What `count` uses take out of stock: (sku, negative qty_base), by SKU."""
    return [(line.sku, -line.qty_base * count) for line in lines]


@dataclass(frozen=True)
class VoucherLookup:
    """A code as the platform describes it (prepare)."""

    platform: str
    code: str
    product_id: str
    title: str
    uses_left: int
    valid_from_ms: int
    valid_until_ms: int
    price_minor: int
    currency: str
    cancel_window_ms: int


@dataclass(frozen=True)
class PlatformVerification:
    """The platform's answer to a verify or a cancel."""

    platform_ref: str  # the platform's verification id
    code: str
    count: int
    product_id: str
    title: str
    verified_at_ms: int
    cancel_until_ms: int
    state: str  # verified or cancelled
    price_minor: int = 0
    currency: str = ""
    cancelled_at_ms: int = 0
    replayed: bool = False


@dataclass
class Redemption:
    id: int
    platform: str
    code: str
    store_code: str
    request_id: str
    count: int
    state: str
    created_at_ms: int
    product_id: str = ""
    title: str = ""
    price_minor: int = 0
    currency: str = ""
    platform_ref: str = ""
    verified_at_ms: int = 0
    cancel_until_ms: int = 0
    cancel_request_id: str = ""
    cancelled_at_ms: int = 0
    journal_seq: int = 0
    cancel_journal_seq: int = 0
    till_id: str = ""
    cashier: str = ""
    error: str = ""
    lines: tuple[PackageLine, ...] = field(default_factory=tuple)  # count x per use

    @property
    def masked(self) -> str:
        return mask_code(self.code)

    @property
    def text_id(self) -> str:
        return redemption_text(self.id)

    def movements(self) -> list[tuple[str, int]]:
        return [(line.sku, -line.qty_base) for line in self.lines]


def check_cancel_window(r: Redemption, now_ms: int, window_ms: int) -> None:
    """Refuse a cancel after the platform's window, naming the window and when it ended."""
    if r.cancel_until_ms and now_ms > r.cancel_until_ms:
        ended = dt.datetime.fromtimestamp(r.cancel_until_ms / 1000, dt.UTC)
        raise VoucherRefused(
            _("redemption {redemption} can no longer be cancelled: {platform}'s cancel window "
              "of {window} ended at {ended} UTC").format(
                redemption=r.text_id, platform=r.platform,
                window=window_text(window_ms or (r.cancel_until_ms - r.verified_at_ms)),
                ended=ended.strftime("%Y-%m-%d %H:%M"),
            )
        )  # fmt: skip


@dataclass(frozen=True)
class Difference:
    platform: str
    code: str
    kind: str
    store_code: str = ""
    our_count: int = 0
    platform_count: int = 0
    redemption_id: int = 0

    @property
    def masked(self) -> str:
        return mask_code(self.code)


@dataclass(frozen=True)
class Reconciliation:
    run_id: int
    platform: str
    day: str
    started_at_ms: int
    finished_at_ms: int
    checked: int
    differences: tuple[Difference, ...]
    trigger: str = ""


def differences(
    platform: str, ours: list[Redemption], theirs: list[PlatformVerification]
) -> list[Difference]:
    """Our verified/cancelled redemptions of a day against the platform's list of that day.

    Matched by the platform's verification id, else by code. Kinds: platform_only (verified
    there, not here: redeemed in the platform's app, or our cancel never reached it),
    ours_only (verified here, unknown there), count (both, different uses),
    cancelled_on_platform (cancelled there, verified here).
    """
    by_ref = {r.platform_ref: r for r in ours if r.platform_ref}
    unmatched = {r.id: r for r in ours}
    found: list[Difference] = []
    for p in sorted(theirs, key=lambda v: (v.verified_at_ms, v.platform_ref)):
        mine = by_ref.get(p.platform_ref)
        if mine is not None and mine.code != p.code:
            mine = None
        if mine is None:
            mine = next(
                (r for r in unmatched.values() if r.code == p.code and not r.platform_ref), None
            )
        if mine is not None:
            unmatched.pop(mine.id, None)
        our_live = mine is not None and mine.state in (VERIFIED, CANCELLING)
        if p.state == VERIFIED and not our_live:
            found.append(_diff(platform, p.code, PLATFORM_ONLY, mine, p.count))
        elif p.state == CANCELLED and our_live:
            found.append(_diff(platform, p.code, CANCELLED_ON_PLATFORM, mine, p.count))
        elif p.state == VERIFIED and mine is not None and mine.count != p.count:
            found.append(_diff(platform, p.code, COUNT, mine, p.count))
    for r in sorted(unmatched.values(), key=lambda r: r.id):
        if r.state in (VERIFIED, CANCELLING):
            found.append(_diff(platform, r.code, OURS_ONLY, r, 0))
    return found


def _diff(
    platform: str, code: str, kind: str, mine: Redemption | None, platform_count: int
) -> Difference:
    return Difference(
        platform, code, kind,
        store_code=mine.store_code if mine else "",
        our_count=mine.count if mine and mine.state in (VERIFIED, CANCELLING) else 0,
        platform_count=platform_count,
        redemption_id=mine.id if mine else 0,
    )  # fmt: skip
