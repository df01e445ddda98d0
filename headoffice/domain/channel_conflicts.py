"""Offline oversell conflicts: a store's till sold units head office had reserved online.

A till sale is never refused (DESIGN invariant 1), so a store that was offline can sell
what a channel reserved meanwhile. Head office finds it when it applies the store's batch
(services.channel_conflicts.detect_after_batch) and keeps one open conflict per store and
SKU with the shortfall, a proposal, and later its resolution.

The shortfall is what the online orders hold beyond the stock that can fill them:

    short = reserved + committed + damaged - on hand        (0 when not above zero)

Damaged units are on hand but cannot be handed to a customer, so they count against the
orders; safety stock is a buffer kept back from promising, and it can still be handed
over, so it does not. short > 0 says "the online orders cannot all be filled"; it implies
available (on hand - reserved - committed - damaged - safety) < 0, but a negative
available alone (safety stock eaten into) is not a conflict. Units a conflict's transfer
is bringing (resolved by transfer, the transfer not received yet) cover the shortfall
until they arrive: they are not flagged twice.

States: open -> resolved. Resolutions: transfer (a transfer from another store, the
nearest with enough available), cancel (an online order cancelled with a reason the
channel receives), cleared (the shortfall went away by itself: stock received, an order
released or fulfilled).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from common.errors import InvalidInput, NotFound, Refused
from common.i18n import _

OPEN = "open"
RESOLVED = "resolved"
STATES = (OPEN, RESOLVED)
TRANSFER = "transfer"
CANCEL = "cancel"
CLEARED = "cleared"
PROPOSALS = (TRANSFER, CANCEL)
MAX_REASON = 200

_ID = re.compile(r"^(?:CC)?0*(\d{1,12})$", re.IGNORECASE)


class UnknownConflict(NotFound):
    """No conflict with that id."""


class ConflictRefused(Refused):
    """The conflict's state or the stock refuses the resolution asked for."""


def conflict_id(number: int) -> str:
    return f"CC{number:06d}"


def parse_conflict_id(text: str) -> int:
    """'CC000001', 'cc1' or '1' -> 1; anything else is refused with a sentence."""
    match = _ID.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise InvalidInput(
            _("conflict id {text} must look like CC000001 (or just 1)").format(text=repr(text))
        )
    return int(match.group(1))


@dataclass(frozen=True, slots=True)
class StockFigures:
    """One store's SKU at head office: on hand and the states that are not available."""

    on_hand: int
    reserved: int = 0
    committed: int = 0
    damaged: int = 0
    safety: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.committed - self.damaged - self.safety

    @property
    def short(self) -> int:
        """What the online orders hold beyond the stock that can fill them (module doc)."""
        return max(0, self.reserved + self.committed + self.damaged - self.on_hand)


@dataclass(frozen=True, slots=True)
class HeldOrder:
    """An online reservation holding some of the SKU at the store."""

    reservation_id: int
    state: str
    created_at_ms: int
    qty_base: int


@dataclass(frozen=True, slots=True)
class Proposal:
    kind: str  # transfer, cancel
    from_store: str = ""
    reservation_id: int = 0


@dataclass(frozen=True, slots=True)
class Conflict:
    id: int
    store_code: str
    sku: str
    short_base: int
    reservation_ids: tuple[int, ...]
    detected_at_ms: int
    detected_seq: int
    state: str
    proposal: str = ""
    proposed_from_store: str = ""
    proposed_reservation_id: int = 0
    resolution: str = ""
    transfer_id: int = 0
    resolved_at_ms: int = 0
    resolved_by: str = ""
    note: str = ""

    @property
    def conflict_id(self) -> str:
        return conflict_id(self.id)


def short_to_flag(figures: StockFigures, covered: int) -> int:
    """The shortfall no conflict's transfer in progress covers yet."""
    return max(0, figures.short - covered)


def nearest_store(
    to_store: str,
    short: int,
    available: Iterable[tuple[str, int]],
    cost_of: Callable[[str, str], int],
) -> str:
    """The store with at least `short` available that is cheapest to send from (the
    replenishment store-to-store costs), then by store code; "" when none has enough."""
    fits = [
        (cost_of(store, to_store), store)
        for store, qty in available
        if store != to_store and qty >= short
    ]
    return min(fits)[1] if fits else ""


def newest_order(orders: Sequence[HeldOrder]) -> int:
    """The order to cancel: the newest one not yet picked (a picked order's goods are set
    aside at the store), else the newest; 0 when there is none."""
    if not orders:
        return 0
    unpicked = [o for o in orders if o.state != "picked"] or list(orders)
    return max(unpicked, key=lambda o: (o.created_at_ms, o.reservation_id)).reservation_id


def propose(
    store_code: str,
    short: int,
    available: Sequence[tuple[str, int]],
    cost_of: Callable[[str, str], int],
    orders: Sequence[HeldOrder],
) -> Proposal:
    """A transfer from the nearest store with enough available, else cancelling the newest
    order holding the SKU."""
    source = nearest_store(store_code, short, available, cost_of)
    if source:
        return Proposal(TRANSFER, from_store=source)
    return Proposal(CANCEL, reservation_id=newest_order(orders))


def check_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput(
            _("cancelling an online order needs a reason the channel receives (--reason TEXT)")
        )
    if len(text) > MAX_REASON:
        raise InvalidInput(
            _("the reason is {n} characters long; at most {most} fit").format(
                n=len(text), most=MAX_REASON
            )
        )
    return text


def check_state_filter(state: str) -> str:
    if state not in ("", OPEN, RESOLVED, "all"):
        raise InvalidInput(
            _("conflict state {state} is not one of open, resolved, all").format(state=repr(state))
        )
    return state or OPEN


def require_open(conflict: Conflict) -> None:
    if conflict.state != OPEN:
        raise ConflictRefused(
            _("conflict {conflict} was already resolved ({resolution}) by {by}").format(
                conflict=conflict.conflict_id,
                resolution=conflict.resolution,
                by=conflict.resolved_by or _("itself"),
            )
        )
