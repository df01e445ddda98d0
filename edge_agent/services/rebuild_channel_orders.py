"""A rebuilt ledger's online orders (the channel_orders table), from head office and the
journal.

An order reaches a store down its feed, not through its journal, so a ledger rebuilt from
head office's journal (services.rebuild) would have none, and the feed replayed from its
start would send every order again as confirmed: one the store had picked or handed over
could be picked or handed over a second time, which head office refuses (the store's
journal then stops at that entry). So the rebuild keeps, in its transaction, the orders
head office says are still to hand over (the last chunk of StoreSync.Rebuild), picked when
the journal's channel_pick entries picked them, and the orders its channel_fulfilment
entries handed over (domain.channel_orders.rebuilt_orders).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from common import journal_kinds as jk
from edge_agent.domain.channel_orders import (
    JournalHandOver,
    JournalPick,
    OrderLine,
    SentOrder,
    rebuilt_orders,
)
from edge_agent.store.journal_codec.entries import decode_entry
from edge_agent.store.unit_of_work import UnitOfWork


def restore_channel_orders(
    uow: UnitOfWork, still_open: Sequence[SentOrder], entries: Iterable[tuple[str, bytes]]
) -> int:
    """Keep the rebuilt ledger's orders; how many."""
    picks: list[JournalPick] = []
    handed_over: list[JournalHandOver] = []
    for kind, payload in entries:
        if kind == jk.CHANNEL_PICK.name:
            m = decode_entry(payload)
            b = m.channel_pick
            picks.append(JournalPick(b.reservation_id, m.seq, m.occurred_at_ms, b.cashier))
        elif kind == jk.CHANNEL_FULFILMENT.name:
            m = decode_entry(payload)
            f = m.channel_fulfilment
            lines = tuple(OrderLine(mv.sku, -mv.qty_base) for mv in m.movements)
            handed_over.append(
                JournalHandOver(
                    f.reservation_id,
                    m.seq,
                    m.occurred_at_ms,
                    f.cashier,
                    f.channel,
                    f.order_ref,
                    lines,
                )  # fmt: skip
            )
    orders = rebuilt_orders(still_open, picks, handed_over)
    for order in orders:
        uow.channel_orders.put(order)
    return len(orders)
