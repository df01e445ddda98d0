"""What head office does when a store's online order is picked and handed over: the stock
moves between its states, explained by the reservation (stock_state_changes naming it).

picked (channel_pick)          each line from reserved to committed; the order is picked
handed over (channel_fulfilment) whatever the order still holds, committed (or reserved,
                               if the pick never came), is released: the entry's movements
                               take the goods off on hand; the order is fulfilled

What an order holds is read from its own changes, so a state never goes below zero: an
order head office cancelled before the store's entry arrived holds nothing, and its pick
or hand-over still applies (the store did it; the goods left) and is recorded on the
reservation (picked_seq, fulfilled_seq) while it stays cancelled. The checks before apply
(services.channel_checks) refused anything that was not this store's order, as it was.
"""

from __future__ import annotations

import logging
from typing import Any

from common import journal_kinds as jk
from common.logs import log_event
from headoffice.domain.channels import (
    CONFIRMED,
    OPEN_STATES,
    PICKED,
    RESERVATION_DOCUMENT,
    Reservation,
    per_sku,
    reservation_number,
)
from headoffice.domain.documents import ChannelFulfilmentBody, ChannelPickBody, JournalDocument
from headoffice.services.effects import effect, store_actor
from headoffice.services.ports import UnitOfWorkPort

log = logging.getLogger(__name__)
RESERVED, COMMITTED = "reserved", "committed"  # the stock states an order holds


def _order(uow: Any, store_code: str, code: str) -> tuple[Any, Reservation | None]:
    """The reservations' repository and the store's order `code` (None: not one)."""
    repo = getattr(uow, "channels", None)
    number = reservation_number(code)
    if repo is None or number is None:
        return repo, None
    order = repo.get_reservation(number, for_update=True)
    return repo, order if order is not None and order.store_code == store_code else None


def _held(repo: Any, store_code: str, order: Reservation) -> dict[tuple[str, str], int]:
    """(sku, state) -> what the order holds now: nothing once it was closed (a cancel, also
    a conflict's whose changes name the conflict, gave everything back)."""
    if order.state not in OPEN_STATES:
        return {}
    return dict(repo.held_by(store_code, order.reservation_id))


@effect(jk.CHANNEL_PICK, body=ChannelPickBody)
def on_channel_pick(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[ChannelPickBody], now_ms: int
) -> bool:
    repo, order = _order(uow, store_code, entry.body.reservation_id)
    if order is None:  # channel_checks refused it; nothing to record against
        return False
    held = _held(repo, store_code, order)
    actor = store_actor(store_code, entry)
    for sku, qty in per_sku(order.lines).items():
        moved = min(qty, held.get((sku, RESERVED), 0))
        if moved <= 0:
            continue
        for state, delta in ((RESERVED, -moved), (COMMITTED, moved)):
            repo.add_state(
                store_code, sku, state, delta, RESERVATION_DOCUMENT, order.reservation_id,
                f"picked (entry {entry.seq})", actor, now_ms,
            )  # fmt: skip
    repo.mark_picked(order.id, entry.seq, now_ms)
    if order.state != CONFIRMED:
        log_event(log, logging.WARNING, "channel order picked in another state",
                  store=store_code, order=order.reservation_id, state=order.state, seq=entry.seq)  # fmt: skip
    return False


@effect(jk.CHANNEL_FULFILMENT, body=ChannelFulfilmentBody)
def on_channel_fulfilment(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[ChannelFulfilmentBody],
    now_ms: int,
) -> bool:
    repo, order = _order(uow, store_code, entry.body.reservation_id)
    if order is None:
        return False
    actor = store_actor(store_code, entry)
    for (sku, state), qty in sorted(_held(repo, store_code, order).items()):
        if qty > 0 and state in (RESERVED, COMMITTED):
            repo.add_state(
                store_code, sku, state, -qty, RESERVATION_DOCUMENT, order.reservation_id,
                f"handed over (entry {entry.seq})", actor, now_ms,
            )  # fmt: skip
    repo.mark_fulfilled(order.id, entry.seq, now_ms)
    if order.state not in (CONFIRMED, PICKED):
        # The goods left before the store heard of the cancel: a fact, recorded, not undone.
        log_event(log, logging.WARNING, "channel order handed over after it was closed",
                  store=store_code, order=order.reservation_id, state=order.state, seq=entry.seq)  # fmt: skip
    return False
