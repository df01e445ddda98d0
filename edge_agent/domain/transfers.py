"""What a store may do with a transfer, in plain Python.

The sending store ships an `open` transfer once, confirming quantities (as
ordered unless told otherwise, never more); the receiving store receives it
once, after head office has its shipment (state `shipped`, which also gives
the cost the goods come in at), confirming what arrived (as shipped unless
told otherwise). A store never receives a transfer it sends, nor ships one it
receives.

Errors: InvalidInput (bad quantities or SKUs), UnknownDocument (no such
transfer here), TransferNotAllowed (state or direction) -> FAILED_PRECONDITION.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from common.domain.limits import check_qty
from common.domain.transfer_states import CANCELLED, CORRECTION, OPEN, RECEIVED, SHIPMENT, SHIPPED
from common.errors import Refused
from common.i18n import _
from edge_agent.domain.errors import InvalidInput, UnknownDocument
from edge_agent.domain.journal import Movement, Reason

OUT = "out"
IN = "in"


class TransferNotAllowed(Refused):
    """The transfer's state or direction does not allow the action at this store."""


@dataclass(frozen=True)
class Booked:
    """One SKU as booked at the store: ordered/shipped -> confirmed, at a unit cost."""

    sku: str
    expected_qty_base: int
    qty_base: int
    unit_cost_minor: int = 0


@dataclass(frozen=True)
class TransferLine:
    sku: str
    qty_base: int = 0  # ordered
    shipped_qty_base: int = 0
    received_qty_base: int = 0
    unit_cost_minor: int = 0
    resolved_qty_base: int = 0  # what head office's resolution brings back to the sender


@dataclass(frozen=True)
class TransferOrder:
    """Head office's order as it last said (its state included)."""

    transfer_id: str
    from_store: str
    to_store: str
    lines: tuple[TransferLine, ...]
    state: str
    created_at_ms: int = 0
    created_by: str = ""
    resolution: str = ""  # transit_loss, correction (after a discrepancy)


@dataclass(frozen=True)
class StoreTransfer:
    """A transfer as this store knows it: head office's order and the entries booked for it."""

    order: TransferOrder
    shipped_seq: int = 0  # 0: not shipped by this store
    received_seq: int = 0
    corrected_seq: int = 0


@dataclass(frozen=True)
class TransferShipment:
    """The journal body of a shipment, or of a correction head office asked the sender for."""

    transfer_id: str
    from_store: str
    to_store: str
    lines: tuple[TransferLine, ...]
    kind: str  # shipment, correction


@dataclass(frozen=True)
class TransferReceipt:
    transfer_id: str
    from_store: str
    to_store: str
    lines: tuple[TransferLine, ...]


def shipment_of(order: TransferOrder, lines: list[Booked]) -> TransferShipment:
    return TransferShipment(
        order.transfer_id,
        order.from_store,
        order.to_store,
        tuple(TransferLine(b.sku, qty_base=b.expected_qty_base, shipped_qty_base=b.qty_base)
              for b in lines),
        SHIPMENT,
    )  # fmt: skip


def shipment_movements(lines: list[Booked]) -> list[Movement]:
    return [Movement(b.sku, -b.qty_base, Reason.TRANSFER_OUT) for b in lines if b.qty_base]


def transfer_receipt_of(order: TransferOrder, lines: list[Booked]) -> TransferReceipt:
    return TransferReceipt(
        order.transfer_id,
        order.from_store,
        order.to_store,
        tuple(
            TransferLine(
                b.sku,
                shipped_qty_base=b.expected_qty_base,
                received_qty_base=b.qty_base,
                unit_cost_minor=b.unit_cost_minor,
            )
            for b in lines
        ),
    )


def transfer_receipt_movements(lines: list[Booked]) -> list[Movement]:
    return [
        Movement(b.sku, b.qty_base, Reason.TRANSFER_IN, b.unit_cost_minor)
        for b in lines
        if b.qty_base
    ]


def correction_of(order: TransferOrder) -> tuple[TransferShipment, list[Movement]]:
    """What the sender books when head office resolves a discrepancy as a correction.

    The difference comes back into this store's stock at the cost it left at (a
    positive transfer_out reverses the shipment); more received than shipped leaves it.
    """
    lines = tuple(line for line in order.lines if line.resolved_qty_base)
    moves = [
        Movement(
            line.sku,
            line.resolved_qty_base,
            Reason.TRANSFER_OUT,
            line.unit_cost_minor if line.resolved_qty_base > 0 else None,
        )
        for line in lines
    ]
    body = TransferShipment(order.transfer_id, order.from_store, order.to_store, lines, CORRECTION)
    return body, moves


def direction(store_code: str, from_store: str, to_store: str) -> str:
    return OUT if from_store == store_code else IN


def local_state(ho_state: str, shipped_seq: int, received_seq: int) -> str:
    """Head office's state, or what this store did that head office has not seen yet."""
    if received_seq and ho_state == SHIPPED:
        return RECEIVED
    if shipped_seq and ho_state in (OPEN, CANCELLED):
        return SHIPPED
    return ho_state


def confirmations(items: Iterable[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for sku, qty in items:
        if sku in out:
            raise InvalidInput(_("SKU {sku} is given twice; confirm each SKU once").format(sku=sku))
        if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
            raise InvalidInput(
                _("quantity of {sku} must be zero or a positive whole number, got {qty}").format(
                    sku=sku, qty=qty
                )
            )
        if qty:
            check_qty(_("quantity of {sku}").format(sku=sku), qty)
        out[sku] = qty
    return out


def _unknown_skus(transfer_id: str, given: Mapping[str, int], known: Iterable[str]) -> None:
    extra = sorted(set(given) - set(known))
    if extra:
        raise InvalidInput(
            _("transfer {transfer} has no line for {skus}").format(
                transfer=transfer_id, skus=", ".join(extra)
            )
        )


def check_known(transfer_id: str, found: object) -> None:
    if found is None:
        raise UnknownDocument(
            _(
                "this store has no transfer {transfer}; `pos transfer list --all` shows the ones "
                "head office sent"
            ).format(transfer=transfer_id)
        )


def plan_shipment(
    store_code: str,
    transfer_id: str,
    from_store: str,
    to_store: str,
    state: str,
    shipped_seq: int,
    ordered: Mapping[str, int],
    given: Mapping[str, int],
) -> list[Booked]:
    """The quantities to ship: as ordered unless confirmed otherwise, at most what was ordered."""
    if from_store != store_code:
        raise TransferNotAllowed(
            _(
                "transfer {transfer} comes from {from_store} to this store {to_store}; "
                "{from_store} ships it, this store receives it"
            ).format(transfer=transfer_id, from_store=from_store, to_store=to_store)
        )
    if shipped_seq:
        raise TransferNotAllowed(
            _(
                "transfer {transfer} was already shipped (journal entry {seq}); a transfer "
                "ships once"
            ).format(transfer=transfer_id, seq=shipped_seq)
        )
    if state != OPEN:
        raise TransferNotAllowed(
            _("transfer {transfer} is {state} and cannot be shipped").format(
                transfer=transfer_id, state=state
            )
        )
    _unknown_skus(transfer_id, given, ordered)
    lines = []
    for sku, qty in ordered.items():
        confirmed = given.get(sku, qty)
        if confirmed > qty:
            raise InvalidInput(
                _(
                    "transfer {transfer} orders {qty} of {sku}; ship at most that, not {confirmed}"
                ).format(transfer=transfer_id, qty=qty, sku=sku, confirmed=confirmed)
            )
        lines.append(Booked(sku, qty, confirmed))
    if not any(line.qty_base for line in lines):
        raise InvalidInput(
            _(
                "transfer {transfer} would ship nothing; ask head office to cancel it instead"
            ).format(transfer=transfer_id)
        )
    return lines


def plan_transfer_receipt(
    store_code: str,
    transfer_id: str,
    from_store: str,
    to_store: str,
    state: str,
    received_seq: int,
    shipped: Mapping[str, tuple[int, int]],
    given: Mapping[str, int],
) -> list[Booked]:
    """What arrived: as shipped unless confirmed otherwise; `shipped` is sku -> (qty, unit cost)."""
    if to_store != store_code:
        raise TransferNotAllowed(
            _(
                "transfer {transfer} goes from this store {from_store} to {to_store}; only "
                "{to_store} can receive it"
            ).format(transfer=transfer_id, from_store=from_store, to_store=to_store)
        )
    if received_seq:
        raise TransferNotAllowed(
            _("transfer {transfer} was already received (journal entry {seq})").format(
                transfer=transfer_id, seq=received_seq
            )
        )
    if state == OPEN:
        raise TransferNotAllowed(
            _(
                "transfer {transfer} has not been shipped by {from_store} yet (or head office "
                "has not had the shipment); it can be received once it is shipped"
            ).format(transfer=transfer_id, from_store=from_store)
        )
    if state != SHIPPED:
        raise TransferNotAllowed(
            _("transfer {transfer} is {state} and cannot be received").format(
                transfer=transfer_id, state=state
            )
        )
    _unknown_skus(transfer_id, given, shipped)
    return [Booked(sku, qty, given.get(sku, qty), cost) for sku, (qty, cost) in shipped.items()]
