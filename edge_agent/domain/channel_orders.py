"""Online orders at the store (issue 16): the store's copy of a channel's order, picked and
handed over.

Head office sends a confirmed order down the store's feed (DownstreamEvent.channel_order)
and, if it cancels one, the same order again with state "cancelled". The store keeps one
ChannelOrder per reservation: confirmed -> picked (a `channel_pick` entry, nothing moves)
-> handed_over (a `channel_fulfilment` entry whose movements take the order's lines off
the shelf), or cancelled. A real shop picks before it hands over, so handing over an order
not picked is refused; nothing else ever refuses for lack of stock (a level may go below
zero, as for a sale). A cancel that arrives after the goods left changes nothing but a
note: the goods are with the customer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from common.errors import InvalidInput, Refused
from common.i18n import _
from common.text_safety import printable
from edge_agent.domain.errors import UnknownDocument
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.text_columns import pair

CONFIRMED, PICKED, HANDED_OVER, CANCELLED = "confirmed", "picked", "handed_over", "cancelled"
STATES = (CONFIRMED, PICKED, HANDED_OVER, CANCELLED)
# What head office sends: a confirmed order, or the same order cancelled.
SENT_STATES = (CONFIRMED, CANCELLED)
PICK_LIST_WIDTH = 32  # cells: a 58 mm roll


@dataclass(frozen=True)
class OrderLine:
    sku: str
    qty_base: int  # above zero


@dataclass(frozen=True)
class SentOrder:
    """A ChannelOrder as head office sends it (sync.proto DownstreamEvent.channel_order)."""

    reservation_id: str
    channel: str
    order_ref: str
    state: str  # confirmed, cancelled
    lines: tuple[OrderLine, ...]
    confirmed_at_ms: int
    close_reason: str = ""


@dataclass(frozen=True)
class ChannelOrder:
    """The store's copy of one online order, and what the store did with it."""

    reservation_id: str
    channel: str
    order_ref: str
    state: str
    lines: tuple[OrderLine, ...]
    confirmed_at_ms: int
    close_reason: str = ""
    note: str = ""  # e.g. cancelled at head office after it was handed over
    picked_at_ms: int = 0
    picked_by: str = ""
    picked_seq: int = 0
    handed_over_at_ms: int = 0
    handed_over_by: str = ""
    handed_over_seq: int = 0


@dataclass(frozen=True)
class ChannelPick:
    """The journal body of an order picked (channels.proto ChannelPick)."""

    reservation_id: str
    till_id: str
    cashier: str
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True)
class ChannelFulfilment:
    """The journal body of an order handed over (channels.proto ChannelFulfilment)."""

    reservation_id: str
    till_id: str
    cashier: str
    channel: str
    order_ref: str


def check_sent(order: SentOrder) -> SentOrder:
    """InvalidInput when head office's order cannot be kept as it is (a bug there)."""
    if not order.reservation_id:
        raise InvalidInput(_("a channel order from head office has no reservation id"))
    if order.state not in SENT_STATES:
        raise InvalidInput(
            _("channel order {order} came with state {state}; expected confirmed or cancelled")
            .format(order=order.reservation_id, state=order.state or "-")
        )  # fmt: skip
    if order.state == CONFIRMED and not order.lines:
        raise InvalidInput(
            _("channel order {order} came confirmed with no lines").format(
                order=order.reservation_id
            )
        )
    for line in order.lines:
        if not line.sku or line.qty_base <= 0:
            raise InvalidInput(
                _("channel order {order} has a line of {qty} x {sku}; quantities are above zero")
                .format(order=order.reservation_id, qty=line.qty_base, sku=line.sku or "-")
            )  # fmt: skip
    return order


def received(known: ChannelOrder | None, sent: SentOrder) -> ChannelOrder | None:
    """The store's copy after head office's message; None when it changes nothing.

    A confirmed order the store has already is not replaced (what the store did with it
    stays); a cancel ends a confirmed or picked order; a cancel of an order handed over
    keeps it handed over, with a note saying so."""
    if known is None:
        return ChannelOrder(
            sent.reservation_id, sent.channel, sent.order_ref, sent.state, sent.lines,
            sent.confirmed_at_ms, sent.close_reason,
        )  # fmt: skip
    if sent.state != CANCELLED or known.state == CANCELLED:
        return None
    if known.state == HANDED_OVER:
        note = _("cancelled at head office after it was handed over ({reason})").format(
            reason=sent.close_reason or "-"
        )
        return replace(known, close_reason=sent.close_reason, note=note)
    return replace(known, state=CANCELLED, close_reason=sent.close_reason)


def _refuse_state(order: ChannelOrder) -> None:
    if order.state == CANCELLED:
        raise Refused(
            _("order {order} was cancelled by head office ({reason}); leave its goods on the "
              "shelf").format(order=order.reservation_id, reason=order.close_reason or "-")
        )  # fmt: skip
    if order.state == HANDED_OVER:
        raise Refused(
            _("order {order} was handed over already (journal entry {seq})").format(
                order=order.reservation_id, seq=order.handed_over_seq
            )
        )


def check_pick(order: ChannelOrder | None, reservation_id: str) -> ChannelOrder:
    """The order, if the store may pick it now; a sentence otherwise."""
    order = check_known(order, reservation_id)
    _refuse_state(order)
    if order.state == PICKED:
        raise Refused(
            _("order {order} was picked already by {who} (journal entry {seq})").format(
                order=order.reservation_id, who=order.picked_by, seq=order.picked_seq
            )
        )
    return order


def check_hand_over(order: ChannelOrder | None, reservation_id: str) -> ChannelOrder:
    """The order, if the store may hand it over now (picked first); a sentence otherwise."""
    order = check_known(order, reservation_id)
    _refuse_state(order)
    if order.state != PICKED:
        raise Refused(
            _("order {order} is not picked yet; pick it first (pos orders pick {order})").format(
                order=order.reservation_id
            )
        )
    return order


def check_known(order: ChannelOrder | None, reservation_id: str) -> ChannelOrder:
    if order is None:
        raise UnknownDocument(
            _("this store has no online order {order} (pos orders list shows them)").format(
                order=reservation_id or "-"
            )
        )
    return order


def fulfilment_movements(order: ChannelOrder) -> tuple[Movement, ...]:
    """The goods leaving when the order is handed over: each line, out."""
    return tuple(
        Movement(line.sku, -line.qty_base, Reason.CHANNEL_FULFILMENT) for line in order.lines
    )


def pick_list_text(order: ChannelOrder, name_of: Callable[[str], str], who: str, when: str) -> str:
    """The pick list's lines (under the printer's store header): names made printable."""
    lines = [
        pair(_("Order"), printable(order.reservation_id), PICK_LIST_WIDTH),
        pair(printable(order.channel), printable(order.order_ref), PICK_LIST_WIDTH),
    ]
    for line in order.lines:
        lines.append(pair(printable(name_of(line.sku)), f"x{line.qty_base}", PICK_LIST_WIDTH))
        lines.append(f"  {printable(line.sku)}")
    lines.append(pair(_("Picked by"), printable(who), PICK_LIST_WIDTH))
    lines.append(when)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class JournalPick:
    """What a channel_pick entry of the store's journal says, for a rebuilt ledger."""

    reservation_id: str
    seq: int
    at_ms: int
    cashier: str


@dataclass(frozen=True)
class JournalHandOver:
    """What a channel_fulfilment entry says: the order, and its lines from the movements."""

    reservation_id: str
    seq: int
    at_ms: int
    cashier: str
    channel: str
    order_ref: str
    lines: tuple[OrderLine, ...]


def rebuilt_orders(
    still_open: Sequence[SentOrder],
    picks: Iterable[JournalPick],
    handed_over: Iterable[JournalHandOver],
) -> list[ChannelOrder]:
    """The orders of a ledger rebuilt from head office's journal: each order head office
    says is still to hand over, picked when the journal picked it; each order the journal
    handed over (what it was sent is not in the journal: confirmed_at_ms 0). Replaying the
    store's feed afterwards changes none of them but by a cancel (received)."""
    picked = {p.reservation_id: p for p in picks}
    orders: dict[str, ChannelOrder] = {}
    for h in handed_over:
        pick = picked.get(h.reservation_id)
        orders[h.reservation_id] = ChannelOrder(
            h.reservation_id, h.channel, h.order_ref, HANDED_OVER, h.lines, 0,
            picked_at_ms=pick.at_ms if pick else 0, picked_by=pick.cashier if pick else "",
            picked_seq=pick.seq if pick else 0, handed_over_at_ms=h.at_ms,
            handed_over_by=h.cashier, handed_over_seq=h.seq,
        )  # fmt: skip
    for sent in still_open:
        check_sent(sent)
        if sent.reservation_id in orders:  # the journal handed it over: that stands
            continue
        order = ChannelOrder(
            sent.reservation_id, sent.channel, sent.order_ref, CONFIRMED, sent.lines,
            sent.confirmed_at_ms,
        )  # fmt: skip
        pick = picked.get(sent.reservation_id)
        if pick is not None:
            order = replace(
                order, state=PICKED, picked_at_ms=pick.at_ms, picked_by=pick.cashier,
                picked_seq=pick.seq,
            )  # fmt: skip
        orders[sent.reservation_id] = order
    return list(orders.values())
