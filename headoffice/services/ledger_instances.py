"""Ledger instances and entry hashes at head office: binding a store to its ledger at hello,
checking each batch continues the chain head office committed, keeping the hashes.

The rules are headoffice.domain.ledger_instances and common.domain.entry_chain;
this module runs them inside the caller's transaction (apply_batch) or its own
(the hello). A refused instance is recorded like a refused batch
(services.sync_refusals) and audited once per run of refusals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.domain.entry_chain import first_break
from common.i18n import _
from headoffice.domain.audit_chain import SYSTEM_ACTOR
from headoffice.domain.errors import InvalidEntry, LedgerDiverged, UnknownStore
from headoffice.domain.ledger import EntryLike
from headoffice.domain.ledger_instances import InstanceVerdict, instance_verdict
from headoffice.domain.stores import Hello, SyncState
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort

ENTITY = "store"


@dataclass(frozen=True)
class HelloInstance:
    """What the hello found: the store's sync state before it, and whether it bound now."""

    sync: SyncState
    verdict: InstanceVerdict


def bind_instance(uow: UnitOfWorkPort, hello: Hello, now_ms: int | None = None) -> HelloInstance:
    """Take the hello's ledger instance for its store, binding the store to it if it is bound
    to none (audited); LedgerInstanceRefused, changing nothing, for another instance."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        sync = uow.stores.lock_sync_row(hello.store_code)
        if sync is None:
            raise UnknownStore(hello.store_code)
        verdict = instance_verdict(
            hello.store_code, sync.instance_id, hello.instance_id, hello.newest_seq
        )
        if verdict is InstanceVerdict.BIND:
            uow.stores.update_sync(
                hello.store_code, instance_id=hello.instance_id, instance_bound_at_ms=now
            )
            audit.record(
                uow, SYSTEM_ACTOR, "store.instance.bind", ENTITY, hello.store_code,
                {"instance_id": sync.instance_id},
                {"instance_id": hello.instance_id, "newest_seq": hello.newest_seq}, now,
            )  # fmt: skip
            uow.commit()
        return HelloInstance(sync, verdict)


def audit_refused_instance(
    uow: UnitOfWorkPort, store_code: str, offered_id: str, bound_id: str, now_ms: int
) -> None:
    """The audit record of a refused ledger instance (the first of a run of refusals)."""
    with uow:
        audit.record(
            uow, SYSTEM_ACTOR, "store.instance.refused", ENTITY, store_code,
            {"instance_id": bound_id}, {"offered_instance_id": offered_id}, now_ms,
        )  # fmt: skip
        uow.commit()


def hello_diverged(sync: SyncState, hello: Hello, committed_seq: int) -> LedgerDiverged | None:
    """A ledger that ends exactly where head office's journal does, but with another hash of
    that entry: not the journal head office committed (it has nothing to send that would be
    refused, so the hello says so)."""
    if (
        committed_seq > 0
        and hello.newest_seq == committed_seq
        and sync.head_hash_hex
        and hello.newest_entry_hash
        and hello.newest_entry_hash.hex() != sync.head_hash_hex
    ):
        return LedgerDiverged(hello.store_code, committed_seq, committed_seq + 1)
    return None


def payload_once(
    payload: Callable[[EntryLike], bytes], hashed: bool
) -> Callable[[EntryLike], bytes]:
    """`payload`, each entry serialized once when the hash check and the journal rows both
    need its bytes (`hashed`); otherwise `payload` itself."""
    if not hashed:
        return payload
    seen: dict[int, bytes] = {}

    def once(entry: EntryLike) -> bytes:
        key = id(entry)
        found = seen.get(key)
        if found is None:
            found = seen[key] = payload(entry)
        return found

    return once


def chained_hashes(
    store_code: str,
    sync: SyncState,
    entries: Sequence[EntryLike],
    entry_hashes: Sequence[bytes],
    to_apply: Sequence[EntryLike],
    payload: Callable[[EntryLike], bytes],
) -> list[tuple[int, bytes]]:
    """(seq, hash) of each entry to apply, checked to continue head office's chain from its
    last committed entry; LedgerDiverged at the first that does not.

    A batch without hashes is taken only from a store bound to no instance (an agent older
    than entry hashes); a store's own instance always sends one per entry.
    """
    if not entry_hashes:
        if sync.instance_id:
            raise InvalidEntry(
                _(
                    "store {store}'s batch carries no entry hashes, but its ledger instance "
                    "sends one with every entry; the batch was refused and nothing changed"
                ).format(store=store_code),
                sync.committed_seq + 1,
                code="entry_hash_missing",
                seq=entries[0].seq if entries else 0,
            )
        return []
    if len(entry_hashes) != len(entries):
        raise InvalidEntry(
            _(
                "store {store}'s batch carries {hashes} entry hash(es) for {entries} entries; "
                "the batch was refused and nothing changed"
            ).format(store=store_code, hashes=len(entry_hashes), entries=len(entries)),
            sync.committed_seq + 1,
            code="entry_hash_missing",
            seq=entries[0].seq if entries else 0,
        )
    by_seq = {entry.seq: digest for entry, digest in zip(entries, entry_hashes, strict=True)}
    hashes = [by_seq[entry.seq] for entry in to_apply]
    previous: bytes | None = b""  # before the store's first entry
    if sync.head_hash_hex:
        previous = bytes.fromhex(sync.head_hash_hex)
    elif sync.committed_seq > 0:
        previous = None  # committed before entry hashes were kept
    broken = first_break(previous, [payload(entry) for entry in to_apply], hashes)
    if broken >= 0:
        raise LedgerDiverged(store_code, to_apply[broken].seq, sync.committed_seq + 1)
    return [(entry.seq, digest) for entry, digest in zip(to_apply, hashes, strict=True)]
