"""A store's ledger rebuilt from head office's journal after `hoctl store reenrol`
(docs/runtime.md, "Recovering a store's ledger"; DESIGN invariant 7).

The entries come as head office committed them, with their hashes; the chain is
checked here from the first entry (common.domain.entry_chain) before anything is
written, then every entry is written as it was and its movements booked, in one
transaction, and the ledger marked as committed up to head office's last entry.
The new ledger has its own instance id (made at init); its first hello binds the
re-enrolled store to it and its next entry continues the chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.clock import now_ms
from common.domain.entry_chain import chain_hash, first_break
from common.errors import Refused
from common.i18n import _
from edge_agent.domain.channel_orders import SentOrder
from edge_agent.domain.journal import Movement, StoredEntry
from edge_agent.services.context import StoreContext
from edge_agent.services.rebuild_channel_orders import restore_channel_orders
from edge_agent.services.rebuild_counts import restore_counts, restore_key_items
from edge_agent.services.rebuild_vouchers import restore_vouchers


class RebuildProblem(Refused):
    """Head office's journal could not be taken as the store's ledger."""


@dataclass(frozen=True)
class RebuiltEntry:
    """One entry of head office's journal: its bytes as head office keeps them, and what
    the ledger books of it (api.messages.rebuild reads it off the message)."""

    seq: int
    occurred_at_ms: int
    payload: bytes
    document_type: str
    document_id: str
    movements: list[Movement]


def stored_entries(
    store_code: str, entries: Sequence[RebuiltEntry], hashes: Sequence[bytes]
) -> list[StoredEntry]:
    """The entries as the ledger will keep them, their chain checked from the first entry.

    An entry head office kept no hash for (committed before entry hashes) gets the hash
    computed here; every hash head office did keep must continue the chain.
    """
    payloads = [entry.payload for entry in entries]
    previous = b""
    chained = []
    for index, (payload, given) in enumerate(zip(payloads, hashes, strict=True)):
        if entries[index].seq != index + 1:
            raise RebuildProblem(
                _(
                    "head office's journal of store {store} has entry {got} where entry "
                    "{expected} belongs; nothing was written"
                ).format(store=store_code, got=entries[index].seq, expected=index + 1)
            )
        if given and first_break(previous, [payload], [given]) >= 0:
            raise RebuildProblem(
                _(
                    "head office's journal of store {store} does not chain at entry {seq} "
                    "(its hash is not the hash of the entries before it); nothing was written"
                ).format(store=store_code, seq=entries[index].seq)
            )
        previous = given or chain_hash(previous, payload)
        chained.append(
            StoredEntry(entries[index].seq, entries[index].occurred_at_ms, payload, previous)
        )
    return chained


def install_journal(
    ctx: StoreContext,
    entries: Sequence[RebuiltEntry],
    hashes: Sequence[bytes],
    committed_seq: int,
    channel_orders: Sequence[SentOrder] = (),
) -> int:
    """Write head office's journal into an empty ledger, with the online orders head office
    says the store has still to hand over; the newest entry written."""
    if len(entries) != committed_seq:
        raise RebuildProblem(
            _(
                "head office sent {count} entries of store {store} but says it committed "
                "{committed}; nothing was written, try again"
            ).format(count=len(entries), store=ctx.store_code, committed=committed_seq)
        )
    stored = stored_entries(ctx.store_code, entries, hashes)
    with ctx.db.write() as uow:
        if uow.journal.newest_seq() != 0:
            raise RebuildProblem(
                _("the ledger of store {store} is not empty; rebuild into a new data directory")
                .format(store=ctx.store_code)
            )  # fmt: skip
        for entry, rebuilt in zip(stored, entries, strict=True):
            uow.journal.install_rebuilt(
                entry, rebuilt.document_type, rebuilt.document_id, rebuilt.movements
            )
        # The count sessions and lines the journal holds, kept as the store kept them.
        restore_counts(uow, ((e.document_type, e.payload) for e in entries))
        restore_key_items(uow, ((e.document_type, e.payload) for e in entries))
        # The till's voucher records, so a retried redeem or a cancel finds them.
        restore_vouchers(uow, ((e.document_type, e.payload) for e in entries))
        # The online orders to pick and hand over, as the journal left them.
        restore_channel_orders(uow, channel_orders, ((e.document_type, e.payload) for e in entries))
        uow.journal.set_committed(committed_seq, now_ms())
        uow.journal.note_origin(f"rebuild:{committed_seq}")
    return committed_seq
