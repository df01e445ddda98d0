"""Online orders at the store (pos orders): kept as head office sends them, picked, handed
over.

Head office sends a confirmed order down the feed and, if it cancels it, the same order
cancelled (apply_channel_order: idempotent, the cursor in the same transaction). A cashier
picks the order (a `channel_pick` entry: nothing moves; head office moves its lines from
reserved to committed) and hands it over (a `channel_fulfilment` entry whose movements take
the order's lines off the shelf, committed with the order's new state in one transaction,
as every other document). Neither is ever refused for lack of stock. A refusal (unknown
order, picked twice, handed over before it was picked or twice, cancelled) is a sentence
and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput
from common.i18n import _
from common.logs import log_event
from edge_agent.domain import channel_orders as co
from edge_agent.domain.channel_orders import ChannelOrder, SentOrder
from edge_agent.domain.journal import Movement
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Picked:
    seq: int
    order: ChannelOrder
    pick_list: str  # as printed


@dataclass(frozen=True)
class HandedOver:
    seq: int
    order: ChannelOrder
    movements: tuple[Movement, ...]


def apply_channel_order(ctx: StoreContext, sent: SentOrder, cursor: int) -> bool:
    """Keep head office's order (or its cancel) once; True when the event was applied."""
    co.check_sent(sent)
    outcome: list[ChannelOrder] = []

    def work(uow: UnitOfWork) -> None:
        kept = co.received(uow.channel_orders.get(sent.reservation_id), sent)
        if kept is not None:
            uow.channel_orders.put(kept)
            outcome.append(kept)

    applied = apply_once(ctx, cursor, work)
    if outcome:
        order = outcome[0]
        level = logging.WARNING if order.note else logging.INFO
        log_event(log, level, "channel order received", order=order.reservation_id,
                  channel=order.channel, state=order.state, sent_state=sent.state,
                  noted=bool(order.note))  # fmt: skip
    return applied


def list_orders(ctx: StoreContext, states: tuple[str, ...] = ()) -> list[ChannelOrder]:
    for state in states:
        if state not in co.STATES:
            raise InvalidInput(
                _("{state} is not an order state; use one of {states}").format(
                    state=state, states=", ".join(co.STATES)
                )
            )
    with ctx.db.read() as uow:
        return uow.channel_orders.list(states)


def show_order(ctx: StoreContext, reservation_id: str) -> ChannelOrder:
    reservation_id = _order_id(reservation_id)
    with ctx.db.read() as uow:
        return co.check_known(uow.channel_orders.get(reservation_id), reservation_id)


def pick_order(ctx: StoreContext, till_id: str, cashier: str, reservation_id: str) -> Picked:
    """Mark the order picked and journal it; the pick list to print."""
    reservation_id = _order_id(reservation_id)
    with ctx.db.write() as uow:
        order = co.check_pick(uow.channel_orders.get(reservation_id), reservation_id)
        body = co.ChannelPick(order.reservation_id, till_id, cashier, order.lines)
        entry = uow.journal.append(jk.CHANNEL_PICK, order.reservation_id, cashier, body)
        order = replace(
            order, state=co.PICKED, picked_at_ms=entry.occurred_at_ms, picked_by=cashier,
            picked_seq=entry.seq,
        )  # fmt: skip
        uow.channel_orders.put(order)
        pick_list = _pick_list(ctx, uow, order)
    log_event(log, logging.INFO, "channel order picked", order=order.reservation_id,
              seq=entry.seq, till=till_id)  # fmt: skip
    return Picked(entry.seq, order, pick_list)


def hand_over_order(
    ctx: StoreContext, till_id: str, cashier: str, reservation_id: str
) -> HandedOver:
    """The goods leave: journal the order's lines out (never refused for lack of stock)."""
    reservation_id = _order_id(reservation_id)
    with ctx.db.write() as uow:
        order = co.check_hand_over(uow.channel_orders.get(reservation_id), reservation_id)
        body = co.ChannelFulfilment(
            order.reservation_id, till_id, cashier, order.channel, order.order_ref
        )
        movements = co.fulfilment_movements(order)
        entry = uow.journal.append(
            jk.CHANNEL_FULFILMENT, order.reservation_id, cashier, body, movements
        )
        order = replace(
            order, state=co.HANDED_OVER, handed_over_at_ms=entry.occurred_at_ms,
            handed_over_by=cashier, handed_over_seq=entry.seq,
        )  # fmt: skip
        uow.channel_orders.put(order)
    log_event(log, logging.INFO, "channel order handed over", order=order.reservation_id,
              seq=entry.seq, till=till_id)  # fmt: skip
    return HandedOver(entry.seq, order, movements)


def _order_id(text: str) -> str:
    reservation_id = clean_reference(_("the order"), text).upper()
    if not reservation_id:
        raise InvalidInput(_("name the order to act on (pos orders list shows them)"))
    return reservation_id


def _pick_list(ctx: StoreContext, uow: UnitOfWork, order: ChannelOrder) -> str:
    def name_of(sku: str) -> str:
        product = uow.catalogue.product_by_sku(sku)
        return product.name if product is not None else sku

    when = dt.datetime.fromtimestamp((order.picked_at_ms or now_ms()) / 1000, ctx.policy.time_zone)
    return co.pick_list_text(order, name_of, order.picked_by, when.strftime("%Y-%m-%d %H:%M"))
