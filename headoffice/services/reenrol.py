"""Re-enrolling a store whose ledger was lost, restored or re-initialised, and handing its
committed journal to the ledger rebuilt in its place (docs/runtime.md, "Recovering a store's
ledger"; DESIGN invariant 7).

`hoctl store reenrol S` issues a new bundle, refuses every earlier certificate of
the store at once (services.credentials.replace_store_certificate) and unbinds the
store from its ledger instance, in one audited transaction. `edge-agent init
--from-headoffice` then asks for the journal (rebuild_page): only a store bound to
no instance gets it, so a running store's journal never seeds a second ledger. The
rebuilt ledger's first hello binds the store to it, and it continues at the next
sequence, its hashes chained from head office's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from common.certs import KeyPair
from common.clock import now_ms as clock_now_ms
from headoffice.domain.channels import Reservation
from headoffice.domain.errors import RebuildRefused, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.credentials import Reissued, replace_store_certificate
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.sync_refusals import NOT_REFUSED


@dataclass(frozen=True)
class Reenrolled:
    reissued: Reissued
    unbound_instance_id: str
    committed_seq: int


@dataclass(frozen=True)
class RebuildPage:
    """Committed entries after a sequence: (seq, payload, hash), and the newest committed;
    on the last page, the store's online orders still to hand over."""

    entries: list[tuple[int, bytes, bytes]]
    committed_seq: int
    channel_orders: list[Reservation] = field(default_factory=list)


def reenrol_store(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    staff: Staff,
    store_code: str,
    headoffice_address: str,
    now_ms: int | None = None,
) -> Reenrolled:
    """A new bundle, the earlier certificates refused now, the store unbound from its ledger."""
    staff.check_store(store_code)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        store = uow.stores.get_store(store_code)
        sync = uow.stores.lock_sync_row(store_code)
        if store is None or sync is None:
            raise UnknownStore(store_code)
        reissued = replace_store_certificate(
            uow, ca, store, headoffice_address, staff.username, now, refuse_earlier_from_ms=now
        )
        uow.stores.update_sync(
            store_code, instance_id="", instance_bound_at_ms=0, connected=False, **NOT_REFUSED
        )
        audit.record(
            uow, staff.username, "store.reenrol", "store", store_code,
            {"instance_id": sync.instance_id, "committed_seq": sync.committed_seq},
            {"instance_id": "", "serial": reissued.serial}, now,
        )  # fmt: skip
        uow.commit()
    return Reenrolled(reissued, sync.instance_id, sync.committed_seq)


def rebuild_page(uow: UnitOfWorkPort, store_code: str, after_seq: int, limit: int) -> RebuildPage:
    """The store's committed entries after after_seq (at most limit), for a rebuilt ledger;
    RebuildRefused while the store is bound to a ledger instance."""
    with uow:
        sync = uow.stores.lock_sync_row(store_code)
        if sync is None:
            raise UnknownStore(store_code)
        if sync.instance_id:
            raise RebuildRefused(store_code, sync.instance_id)
        entries = uow.journal.committed_after(store_code, after_seq, limit)
        # The store's orders to pick and hand over are the store's own table, not its
        # journal (an order comes down the feed): the last page carries the open ones, read
        # in its transaction, so the rebuilt ledger lists them with what its journal says
        # it did (picked) before its feed is replayed (edge services.rebuild_channel_orders).
        channels = getattr(uow, "channels", None)
        orders = channels.orders_sent_to(store_code) if channels and len(entries) < limit else []
    return RebuildPage(entries, sync.committed_seq, orders)
