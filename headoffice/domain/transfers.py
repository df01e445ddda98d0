"""Transfers between stores: the rules, in plain Python.

A transfer moves from `open` (created at head office) to `shipped` when the
sending store's shipment is applied (stock left the sender, in transit at the
sender's cost), then to `received` when the receiving store booked exactly
what was shipped, or to `discrepancy` when it did not. A manager resolves a
discrepancy as a transit loss (written off, `resolved` at once) or as a
correction (the sender really shipped less: head office asks the sender's
edge to move the difference back; `correcting` until its entry arrives, then
`resolved`). Only an `open` transfer can be cancelled.

Errors (all StoreLedgerError, str() is the sentence):
  InvalidInput        a request that can never be right (same store, qty <= 0, no lines)
  UnknownTransfer     no transfer with that id                        -> NOT_FOUND
  TransferRefused     the transfer's state does not allow the action  -> FAILED_PRECONDITION
  InsufficientStock   the sender has less than the transfer takes     -> FAILED_PRECONDITION
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from common.domain.limits import check_qty
from common.domain.transfer_states import (
    DISCREPANCY,
    IN_TRANSIT_STATES,
    RECEIVED,
    RESOLUTIONS,
    SHIPPED,
    TRANSIT_LOSS,
)
from common.errors import ConfigError, InvalidInput, NotFound
from common.i18n import N_, _
from headoffice.domain.errors import HeadOfficeError

REFUSE = "refuse"
ALLOW = "allow"
NEGATIVE_STOCK_POLICIES = (REFUSE, ALLOW)

_ID = re.compile(r"^(?:TR)?0*(\d{1,12})$", re.IGNORECASE)


class UnknownTransfer(HeadOfficeError, NotFound):
    def __init__(self, transfer_id: str) -> None:
        super().__init__(
            _("there is no transfer {transfer_id}; see `hoctl transfer list`").format(
                transfer_id=transfer_id
            )
        )


class TransferRefused(HeadOfficeError):
    """The transfer's state does not allow what was asked."""


class InsufficientStock(HeadOfficeError):
    def __init__(self, store_code: str, shortages: Sequence[str]) -> None:
        super().__init__(
            _(
                "store {store} has too little stock for this transfer: {shortages}; "
                "nothing was created"
            ).format(store=store_code, shortages="; ".join(shortages))
        )
        self.shortages = list(shortages)


def format_transfer_id(number: int) -> str:
    return f"TR{number:06d}"


def parse_transfer_id(text: str) -> int:
    """'TR000012', 'tr12' or '12' -> 12; anything else is refused with a sentence."""
    match = _ID.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise InvalidInput(
            _("transfer id {text} must look like TR000012 (or just 12)").format(text=repr(text))
        )
    return int(match.group(1))


@dataclass(frozen=True)
class TransferRequest:
    from_store: str
    to_store: str
    lines: tuple[tuple[str, int], ...]  # (sku, qty_base) in the order given


def check_request(
    from_store: str, to_store: str, items: Iterable[tuple[str, int]]
) -> TransferRequest:
    """Refuse what can never be a transfer: no sending or receiving store, the same store
    at both ends, no lines, a SKU twice, a quantity that is not a positive whole number."""
    if not from_store or not to_store:
        raise InvalidInput(
            _("a transfer needs a sending store (--from) and a receiving store (--to)")
        )
    if from_store == to_store:
        raise InvalidInput(
            _("a transfer goes from one store to another; {store} cannot send to itself").format(
                store=from_store
            )
        )
    lines: list[tuple[str, int]] = []
    seen: set[str] = set()
    for sku, qty in items:
        if not sku.strip():
            raise InvalidInput(_("every transfer line needs a SKU (SKU=QTY)"))
        if sku in seen:
            raise InvalidInput(
                _("SKU {sku} appears twice in the transfer; give it once").format(sku=sku)
            )
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise InvalidInput(
                _(
                    "quantity of {sku} must be a positive whole number of base units, got {qty}"
                ).format(sku=sku, qty=qty)
            )
        check_qty(_("quantity of {sku}").format(sku=sku), qty)
        seen.add(sku)
        lines.append((sku, qty))
    if not lines:
        raise InvalidInput(_("a transfer needs at least one line SKU=QTY"))
    return TransferRequest(from_store, to_store, tuple(lines))


def shortages(
    store_code: str, lines: Iterable[tuple[str, int]], on_hand: Mapping[str, int]
) -> list[str]:
    """A sentence per line that takes more than the sender has (collected, not the first)."""
    out = []
    for sku, qty in lines:
        have = on_hand.get(sku, 0)
        if qty > have:
            out.append(
                _("{sku}: {qty} asked, {on_hand} on hand").format(sku=sku, qty=qty, on_hand=have)
            )
    return out


def check_negative_stock_policy(value: str) -> str:
    if value not in NEGATIVE_STOCK_POLICIES:
        raise ConfigError(
            _("[transfers] negative_stock must be {choices}, got {value}").format(
                choices=one_of([repr(p) for p in NEGATIVE_STOCK_POLICIES]), value=repr(value)
            )
        )
    return value


def negative_stock_warnings(
    store_code: str, lines: Iterable[tuple[str, int]], on_hand: Mapping[str, int], policy: str
) -> list[str]:
    """Refuse a transfer larger than the sender's stock, or, when the policy allows it,
    return the warnings to show (one per short line)."""
    short = shortages(store_code, lines, on_hand)
    if short and policy != ALLOW:
        raise InsufficientStock(store_code, short)
    return [
        _("store {store} will go below zero on {shortage}").format(store=store_code, shortage=s)
        for s in short
    ]


@dataclass(frozen=True)
class LineState:
    sku: str
    qty_base: int
    shipped_qty_base: int = 0
    received_qty_base: int = 0
    unit_cost_minor: int = 0
    resolved_qty_base: int = 0

    @property
    def difference(self) -> int:
        """Shipped but not received (negative: more arrived than was shipped)."""
        return self.shipped_qty_base - self.received_qty_base


def in_transit_qty(state: str, line: LineState) -> int:
    """What of a line is on its way (or unaccounted for, in a discrepancy) at head office."""
    if state not in IN_TRANSIT_STATES:
        return 0
    if state == SHIPPED:
        return line.shipped_qty_base
    return line.difference


def state_after_transfer_receipt(lines: Iterable[LineState]) -> str:
    return DISCREPANCY if any(line.difference for line in lines) else RECEIVED


# The refusal of each action a transfer's state may not allow, by the action's name.
_STATE_REFUSALS = {
    "cancelled": N_("transfer {transfer_id} is {state}; it can be cancelled only when {states}"),
    "resolved": N_("transfer {transfer_id} is {state}; it can be resolved only when {states}"),
}


def one_of(words: Sequence[str]) -> str:
    """'open', 'open or shipped', 'open, shipped or received', in the current language."""
    if len(words) < 2:
        return "".join(words)
    return _("{words} or {last}").format(words=", ".join(words[:-1]), last=words[-1])


def require_state(transfer_id: str, state: str, allowed: Sequence[str], action: str) -> None:
    """Refuse `action` ("cancelled" or "resolved") unless the state is one of `allowed`."""
    if state not in allowed:
        raise TransferRefused(
            _(_STATE_REFUSALS[action]).format(
                transfer_id=transfer_id, state=state, states=one_of(allowed)
            )
        )


def check_resolution(transfer_id: str, resolution: str, lines: Iterable[LineState]) -> str:
    """A transit loss writes off goods that did not arrive; more arriving than was shipped
    can only be a correction (the sender shipped more than it booked)."""
    wanted = resolution.replace("-", "_")
    if wanted not in RESOLUTIONS:
        raise InvalidInput(
            _("resolution {resolution} must be transit-loss or correction (--as)").format(
                resolution=repr(resolution)
            )
        )
    if wanted == TRANSIT_LOSS:
        over = [f"{line.sku} (+{-line.difference})" for line in lines if line.difference < 0]
        if over:
            raise TransferRefused(
                _(
                    "transfer {transfer_id} received more than was shipped of {lines}; "
                    "that is not a transit loss: resolve it as a correction"
                ).format(transfer_id=transfer_id, lines=", ".join(over))
            )
    return wanted


@dataclass(frozen=True)
class Transfer:
    """A transfer with its lines, as head office holds it."""

    id: int
    from_store: str
    to_store: str
    state: str
    created_at_ms: int
    created_by: str
    updated_at_ms: int
    shipped_at_ms: int = 0
    shipped_seq: int = 0
    received_at_ms: int = 0
    received_seq: int = 0
    resolution: str = ""
    resolved_by: str = ""
    resolved_at_ms: int = 0
    lines: tuple[LineState, ...] = field(default_factory=tuple)

    @property
    def transfer_id(self) -> str:
        return format_transfer_id(self.id)

    def audit_state(self) -> dict[str, Any]:
        """What the audit log keeps of a transfer before and after a change."""
        return {
            "from": self.from_store,
            "to": self.to_store,
            "state": self.state,
            "resolution": self.resolution,
            "lines": [
                {
                    "sku": line.sku,
                    "qty": line.qty_base,
                    "shipped": line.shipped_qty_base,
                    "received": line.received_qty_base,
                    "unit_cost": line.unit_cost_minor,
                    "resolved": line.resolved_qty_base,
                }
                for line in self.lines
            ],
        }


def with_changes(row: Transfer, **values: Any) -> Transfer:
    return replace(row, **values)


def in_transit_value(transfer: Transfer) -> int:
    """What the transfer's goods still on their way are worth, at the sender's cost."""
    if transfer.state not in IN_TRANSIT_STATES:
        return 0
    return sum(
        in_transit_qty(transfer.state, line) * line.unit_cost_minor for line in transfer.lines
    )


def loss_value(transfer: Transfer) -> int:
    """What a transfer resolved as a transit loss wrote off."""
    if transfer.resolution != TRANSIT_LOSS:
        return 0
    return sum(line.resolved_qty_base * line.unit_cost_minor for line in transfer.lines)


@dataclass(frozen=True)
class InTransitLine:
    """One SKU of a transfer on its way, valued at the sender's cost when it shipped."""

    transfer_id: str
    from_store: str
    to_store: str
    state: str
    sku: str
    qty_base: int
    unit_cost_minor: int

    @property
    def value_minor(self) -> int:
        return self.qty_base * self.unit_cost_minor
