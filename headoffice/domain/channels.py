"""Selling on every channel: inventory states, channel quotas and the reservation's states.

on hand = available + reserved + committed + damaged + safety (per store and SKU), so
available = on_hand - reserved - committed - damaged - safety; it is below zero after an
offline till oversold what was reserved online (till sales are never refused).
A channel's quota (per SKU, else per category, else 100 percent) caps what it may hold:

    promisable = max(0, min(available, floor((available + mine) * pct / 100) - mine))

where `mine` is the channel's own held+confirmed+picked quantity of the SKU in the store.

A reservation: held (expires) -> confirmed (no expiry; sent to the store) -> picked
(reserved -> committed) -> fulfilled (committed released; the movement took on hand);
held/confirmed -> released (the channel), expired (the job), cancelled (staff, conflicts).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from common.errors import InvalidInput, NotFound, PermissionDenied, Refused
from common.i18n import _

HELD = "held"
CONFIRMED = "confirmed"
PICKED = "picked"
FULFILLED = "fulfilled"
RELEASED = "released"
EXPIRED = "expired"
CANCELLED = "cancelled"
STATES = (HELD, CONFIRMED, PICKED, FULFILLED, RELEASED, EXPIRED, CANCELLED)
OPEN_STATES = (HELD, CONFIRMED, PICKED)  # they hold stock (reserved, or committed once picked)
RESERVATION_DOCUMENT = "reservation"  # stock_state_changes.document_type of a reservation's

KINDS = ("mall", "delivery", "groupbuy")
STOCK_STATES = ("reserved", "committed", "damaged", "safety")
STAFF_STATES = ("damaged", "safety")  # what hoctl stock --set-state may set
QUOTA_SCOPES = ("sku", "category")

MAX_LINES = 100
MAX_KEY_CHARS = 120
MAX_ORDER_REF_CHARS = 64
MAX_REASON_CHARS = 200
MAX_LIST = 1_000
DEFAULT_HOLD_MS = 15 * 60_000
MAX_HOLD_MS = 24 * 3_600_000
MIN_HOLD_MS = 10_000

_ID = re.compile(r"^(?:CR)?0*(\d{1,18})$", re.IGNORECASE)


class ChannelRefused(Refused):
    """The reservation's or channel's state refuses the request (FAILED_PRECONDITION)."""


class NotPromisable(ChannelRefused):
    """More asked than the channel may promise; names every short SKU at once."""

    def __init__(self, store_code: str, shortages: Sequence[tuple[str, int, int]]) -> None:
        parts = [
            _("{sku}: asked {asked}, promisable {promisable}").format(
                sku=sku, asked=asked, promisable=promisable
            )
            for sku, asked, promisable in shortages
        ]
        super().__init__(
            _(
                "store {store} cannot promise this order to the channel: {shortages}; "
                "nothing was reserved"
            ).format(store=store_code, shortages="; ".join(parts))
        )
        self.shortages = list(shortages)


class ReservationKeyTaken(Exception):
    """The (channel, idempotency key) pair is taken: a concurrent retry won the insert."""


class ChannelNotAllowed(PermissionDenied):
    pass


class UnknownChannel(NotFound):
    pass


class UnknownReservation(NotFound):
    pass


@dataclass(frozen=True)
class Channel:
    code: str
    name: str
    kind: str
    stores: tuple[str, ...] = ()
    created_at_ms: int = 0
    created_by: str = ""
    disabled: bool = False


@dataclass(frozen=True)
class ChannelQuota:
    channel: str
    scope: str
    key: str
    percent: int
    set_at_ms: int = 0
    set_by: str = ""


@dataclass(frozen=True)
class StockFigures:
    """One store's SKU by state; no stock_states row is all zeros."""

    on_hand: int = 0
    reserved: int = 0
    committed: int = 0
    damaged: int = 0
    safety: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.committed - self.damaged - self.safety


@dataclass(frozen=True)
class Availability:
    """What one channel may promise of one SKU in one store."""

    sku: str
    available: int
    promisable: int
    quota_percent: int
    channel: str = ""


@dataclass(frozen=True)
class StateRow:
    """One store's SKU by state, and with --channel what each channel may promise."""

    store_code: str
    sku: str
    figures: StockFigures
    channels: tuple[Availability, ...] = ()


@dataclass(frozen=True)
class ReserveContext:
    """What a Reserve checks before it locks stock, read in one round trip: the channel
    (disabled? may it act for the store?), the store (known? disabled?), the reservation
    already made with the key (0: none), how many of the SKUs the catalogue holds, and
    whether the channel has quotas at all (without, no quota is read)."""

    disabled: bool
    allowed: bool
    store_known: bool
    store_disabled: bool
    replay_id: int
    skus_known: int
    has_quotas: bool


@dataclass(frozen=True)
class Reservation:
    id: int
    channel: str
    store_code: str
    idempotency_key: str
    request_hash: str
    state: str
    lines: tuple[tuple[str, int], ...]
    created_at_ms: int
    expires_at_ms: int = 0
    order_ref: str = ""
    confirmed_at_ms: int = 0
    picked_at_ms: int = 0
    picked_seq: int = 0
    fulfilled_at_ms: int = 0
    fulfilled_seq: int = 0
    closed_at_ms: int = 0
    close_reason: str = ""
    closed_by: str = ""
    replayed: bool = field(default=False, compare=False)

    @property
    def reservation_id(self) -> str:
        return format_reservation_id(self.id)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def format_reservation_id(number: int) -> str:
    return f"CR{number:06d}"


def reservation_number(code: str) -> int | None:
    """parse_reservation_id for an id a store's entry carries: None instead of a sentence."""
    match = _ID.match(code.strip())
    return int(match.group(1)) if match and int(match.group(1)) else None


def per_sku(lines: Iterable[tuple[str, int]]) -> Counter[str]:
    """Quantities added up per SKU (an order's lines compared whatever their order)."""
    total: Counter[str] = Counter()
    for sku, qty in lines:
        total[sku] += qty
    return total


def parse_reservation_id(text: str) -> int:
    """'CR000012', 'cr12' or '12' -> 12; anything else is refused with a sentence."""
    match = _ID.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise InvalidInput(
            _("reservation id {text} must look like CR000012 (or just 12)").format(text=repr(text))
        )
    return int(match.group(1))


def check_replay(found: Reservation, store_code: str, wanted_hash: str) -> Reservation:
    """A retried Reserve with the same key must ask for the same; then it gets the same."""
    if found.store_code != store_code or found.request_hash != wanted_hash:
        raise ChannelRefused(
            _(
                "idempotency key {key} was used for reservation {id} with other lines or "
                "another store; use a new key for a new order"
            ).format(key=found.idempotency_key, id=found.reservation_id)
        )
    return found


def check_allowed(channel: Channel, store_code: str) -> None:
    check_may_act(channel.code, channel.disabled, store_code in channel.stores, store_code)


def check_may_act(channel: str, disabled: bool, allowed: bool, store_code: str) -> None:
    """A disabled channel acts for no store; an enabled one for the stores it was given."""
    if disabled:
        raise ChannelNotAllowed(_("channel {channel} is disabled").format(channel=channel))
    if not allowed:
        raise ChannelNotAllowed(
            _("channel {channel} may not act for store {store}").format(
                channel=channel, store=store_code
            )
        )


def quota_percent(quotas: Iterable[ChannelQuota], sku: str, category: str) -> int:
    """The SKU's own quota, else its category's, else 100."""
    by_category = 100
    for quota in quotas:
        if quota.scope == "sku" and quota.key == sku:
            return quota.percent
        if quota.scope == "category" and quota.key == category:
            by_category = quota.percent
    return by_category


def promisable(available: int, mine: int, percent: int) -> int:
    """What a channel may still reserve (the module docstring's formula)."""
    cap = (available + mine) * percent // 100 - mine
    return max(0, min(available, cap))


def shortages(
    lines: Sequence[tuple[str, int]], can_promise: Mapping[str, int]
) -> list[tuple[str, int, int]]:
    """(sku, asked, promisable) of every line asking more than may be promised."""
    return [
        (sku, qty, can_promise.get(sku, 0)) for sku, qty in lines if qty > can_promise.get(sku, 0)
    ]


def check_confirm(reservation: Reservation, now_ms: int) -> None:
    if reservation.state == HELD and reservation.expires_at_ms <= now_ms:
        raise ChannelRefused(
            _("reservation {id} expired; reserve again").format(id=reservation.reservation_id)
        )
    if reservation.state not in (HELD, CONFIRMED):
        raise ChannelRefused(
            _("reservation {id} is {state}; only a held reservation can be confirmed").format(
                id=reservation.reservation_id, state=reservation.state
            )
        )


def check_release(reservation: Reservation) -> None:
    if reservation.state not in (HELD, CONFIRMED):
        raise ChannelRefused(
            _(
                "reservation {id} is {state}; only a held or confirmed reservation can be released"
            ).format(id=reservation.reservation_id, state=reservation.state)
        )


def check_cancel(reservation: Reservation) -> None:
    if reservation.state not in OPEN_STATES:
        raise ChannelRefused(
            _("reservation {id} is {state} already; only an open one can be cancelled").format(
                id=reservation.reservation_id, state=reservation.state
            )
        )


def check_owner(reservation: Reservation | None, channel: str, text: str) -> Reservation:
    """A channel sees only its own reservations; another's is as unknown as none."""
    if reservation is None or reservation.channel != channel:
        raise UnknownReservation(
            _("channel {channel} has no reservation {id}").format(channel=channel, id=text)
        )
    return reservation
