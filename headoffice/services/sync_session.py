"""A store's Upstream stream at head office: who may open it, hello, heartbeats, batches.

check_store_identity and authorise_store decide whether a caller may sync as
a store; UpstreamSession is one open stream's use cases, each what the sync
servicer calls for one message: open (the hello, refusing a store whose
ledger is behind what head office committed), apply (a batch, services.sync;
a refused one is recorded by services.sync_refusals),
heartbeat (written at most every heartbeat_write_interval_ms unless it says
something new) and close.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from common.certs import ROLE_STAFF, ROLE_STORE, Identity
from common.clock import now_ms as clock_now_ms
from common.errors import StoreLedgerError
from common.i18n import _
from common.logs import log_event
from headoffice.domain.disabled_stores import may_deliver, written_before
from headoffice.domain.errors import (
    InvalidEntry,
    LedgerInstanceRefused,
    SequenceGap,
    StoreDisabled,
    StoreIdentityMismatch,
    StoreLedgerBehind,
    UnknownStore,
)
from headoffice.domain.ledger import EntryLike
from headoffice.domain.stores import BalanceChecksum, Heartbeat, Hello, Store, SyncState
from headoffice.services.ledger_instances import (
    audit_refused_instance,
    bind_instance,
    hello_diverged,
)
from headoffice.services.member_sales import MemberSettings
from headoffice.services.ports import UnitOfWorkFactory, UnitOfWorkPort
from headoffice.services.sync import ApplyResult, apply_batch
from headoffice.services.sync_refusals import (
    NOT_REFUSED,
    REFUSED_AT_HELLO,
    Refused,
    believable_past,
    record_refusal,
    refusal_of,
)

log = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_WRITE_INTERVAL_MS = 5_000


def check_store_identity(uow: UnitOfWorkPort, identity: Identity, store_code: str) -> Store:
    """The certificate must be a store's, name this store, and the store must be enrolled and enabled."""
    if identity.role == ROLE_STAFF:
        raise StoreIdentityMismatch(
            _(
                "store sync needs a store's certificate, but the certificate presented is staff "
                "user {name}'s, not a store's: a staff identity is for hoctl, and an edge agent "
                "syncs with its store's enrolment bundle (`edge-agent init --bundle FILE`)"
            ).format(name=identity.name)
        )
    if identity.role != ROLE_STORE:
        raise StoreIdentityMismatch(
            _(
                "the caller's certificate is a {role} certificate, not a store's; "
                "it may not sync as store {store}"
            ).format(role=repr(identity.role), store=store_code)
        )
    if identity.name != store_code:
        raise StoreIdentityMismatch(
            _(
                "the caller's certificate belongs to store {name} but it asked to sync "
                "as store {store}"
            ).format(name=identity.name, store=store_code)
        )
    with uow:
        store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabled(store_code)
    return store


def record_hello(
    uow: UnitOfWorkPort,
    store_code: str,
    agent_version: str,
    newest_seq: int,
    checksum: BalanceChecksum | None = None,
    now_ms: int | None = None,
    oldest_uncommitted_at_ms: int = 0,
) -> int:
    """Note that the store connected; return the last sequence head office committed for it.

    With a backlog, the lag counts from when the store says its oldest
    uncommitted entry was written, or (an agent too old to say) from now if
    head office knew no earlier time: a store refused at once never
    heartbeats, and its lag must grow all the same.
    """
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        sync = _locked_sync(uow, store_code)
        values: dict[str, Any] = {
            "agent_version": agent_version[:64],
            "store_newest_seq": max(newest_seq, sync.committed_seq),
            "last_contact_ms": now,
            "connected": True,
        }
        if newest_seq >= sync.committed_seq and sync.refused_reason in REFUSED_AT_HELLO:
            values.update(NOT_REFUSED)  # the hello was refused; this one is not
        if newest_seq <= sync.committed_seq:
            values["oldest_uncommitted_at_ms"] = 0
        elif oldest_uncommitted_at_ms > 0:
            values["oldest_uncommitted_at_ms"] = believable_past(oldest_uncommitted_at_ms, now)
        elif sync.oldest_uncommitted_at_ms <= 0:
            values["oldest_uncommitted_at_ms"] = now
        if checksum is not None and checksum.sha256_hex:
            values["checksum_seq"] = checksum.as_of_seq
            values["checksum_hex"] = checksum.sha256_hex[:64]
        uow.stores.update_sync(store_code, **values)
        uow.commit()
        return sync.committed_seq


def record_heartbeat(
    uow: UnitOfWorkPort,
    store_code: str,
    newest_seq: int,
    oldest_uncommitted_at_ms: int,
    checksum: BalanceChecksum | None = None,
    now_ms: int | None = None,
) -> None:
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        sync = _locked_sync(uow, store_code)
        caught_up = newest_seq <= sync.committed_seq
        values: dict[str, Any] = {
            "store_newest_seq": max(newest_seq, sync.committed_seq),
            "oldest_uncommitted_at_ms": 0 if caught_up else oldest_uncommitted_at_ms,
            "last_contact_ms": now,
            "connected": True,
        }
        if checksum is not None and checksum.sha256_hex:
            values["checksum_seq"] = checksum.as_of_seq
            values["checksum_hex"] = checksum.sha256_hex[:64]
        uow.stores.update_sync(store_code, **values)
        uow.commit()


def record_disconnect(
    uow: UnitOfWorkPort,
    store_code: str,
    now_ms: int | None = None,
    unless_contact_after_ms: int | None = None,
) -> bool:
    """Note that the store's stream ended; True if noted.

    Given unless_contact_after_ms (the stream's own last contact), nothing is noted when
    the store was in contact since: it streams to another head-office process now (it
    failed over while this process still held its old stream), and is connected.
    """
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if unless_contact_after_ms is not None:
            sync = uow.stores.lock_sync_row(store_code)
            if sync is not None and sync.last_contact_ms > unless_contact_after_ms:
                return False
        uow.stores.update_sync(store_code, connected=False, last_contact_ms=now)
        uow.commit()
        return True


def authorise_store(
    new_uow: UnitOfWorkFactory, identity: Identity, store_code: str, hello: Hello | None = None
) -> Store:
    """check_store_identity; a disabled store that said hello still has its contact noted.

    The store is who it says (its certificate matched), so the operator keeps
    seeing its last contact and the backlog piling up while it is refused.
    """
    try:
        return check_store_identity(new_uow(), identity, store_code)
    except StoreDisabled:
        if hello is None:
            raise
        delivering = _delivering(new_uow, store_code, hello)
        if delivering is not None:
            return delivering  # its entries written before it was disabled: taken
        _record_refused_hello(new_uow, hello)
        raise


def _delivering(new_uow: UnitOfWorkFactory, store_code: str, hello: Hello) -> Store | None:
    """The disabled store, when its hello says it has entries written before it was disabled."""
    with new_uow() as uow:
        found = uow.stores.lock_store_sync(store_code)
    if found is None:
        return None
    store, sync = found
    return store if may_deliver(sync.disabled_at_ms, hello.oldest_uncommitted_at_ms) else None


class UpstreamSession:
    """One store's open Upstream stream: the use cases its messages call, in order."""

    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        store_code: str,
        heartbeat_write_interval_ms: int = DEFAULT_HEARTBEAT_WRITE_INTERVAL_MS,
        members: MemberSettings | None = None,
    ) -> None:
        self._new_uow = new_uow
        self._members = members  # what applying member sales needs of the configuration
        self.store_code = store_code
        self._interval_ms = heartbeat_write_interval_ms
        # The last heartbeat written: (at, newest_seq, oldest_uncommitted_at_ms).
        self._written: tuple[int, int, int] = (0, -1, -1)
        # A disabled store delivering what it wrote before then (domain.disabled_stores):
        # when it was disabled; 0 for an enabled store.
        self._disabled_at_ms = 0
        # The hash of the last committed entry as the hello found it (the Welcome says it).
        self.committed_entry_hash = b""
        # The last contact this stream wrote: a later one is another process's stream.
        self._contact_ms = 0

    def open(self, hello: Hello, now_ms: int | None = None) -> int:
        """Note the hello; return the last sequence head office committed for the store.

        Raises StoreLedgerBehind when the store's journal ends before that
        sequence (a re-initialised or restored ledger): acknowledging would hide
        its new entries, numbered from 1 again, as duplicates. The refusal is
        recorded like a refused batch (sync status, metrics, alerts) and ends at
        the next hello head office accepts.

        Before anything of the hello is noted, its ledger instance must be the
        store's (services.ledger_instances): another instance is refused
        (LedgerInstanceRefused, recorded and audited) and changes nothing of the
        store's sync state. A ledger that ends where head office's journal does
        with another hash of that entry is recorded as diverged; its stream opens
        (hoctl verify asks it where the two part) and its next batch is refused.
        """
        now = clock_now_ms() if now_ms is None else now_ms
        try:
            found = bind_instance(self._new_uow(), hello, now)
        except LedgerInstanceRefused as refused:
            if self._record_refusal(refused, (), now):
                audit_refused_instance(
                    self._new_uow(), self.store_code, refused.instance_id, refused.bound_id, now
                )
            raise
        self._disabled_at_ms = found.sync.disabled_at_ms
        if found.sync.head_hash_hex:
            self.committed_entry_hash = bytes.fromhex(found.sync.head_hash_hex)
        committed_seq = record_hello(
            self._new_uow(), self.store_code, hello.agent_version, hello.newest_seq,
            hello.checksum, now, hello.oldest_uncommitted_at_ms,
        )  # fmt: skip
        self._contact_ms = now
        if hello.newest_seq < committed_seq:
            behind = StoreLedgerBehind(self.store_code, hello.newest_seq, committed_seq)
            self._record_refusal(behind, (), now)
            raise behind
        diverged = hello_diverged(found.sync, hello, committed_seq)
        if diverged is not None:
            self._record_refusal(diverged, (), now)
        return committed_seq

    def apply(
        self,
        entries: Sequence[EntryLike],
        now_ms: int | None = None,
        instance_id: str = "",
        entry_hashes: Sequence[bytes] = (),
    ) -> ApplyResult:
        """Apply a batch of the store's journal (services.sync.apply_batch).

        A refused batch (SequenceGap, InvalidEntry) is recorded in the store's
        sync state after its transaction rolled back (services.sync_refusals),
        then re-raised for the stream to answer; a failure to record it is
        logged, never put in the refusal's place. A batch from another ledger
        instance (LedgerInstanceRefused: the store was re-enrolled meanwhile) is
        recorded too and ends the stream.
        """
        now = clock_now_ms() if now_ms is None else now_ms
        if self._disabled_at_ms:
            # Only what the store wrote before it was disabled; the rest stays at the store.
            taken = written_before(entries, self._disabled_at_ms)
            if taken == 0:
                raise StoreDisabled(self.store_code)
            entries, entry_hashes = entries[:taken], entry_hashes[:taken]
        try:
            result = apply_batch(
                self._new_uow(), self.store_code, entries, now, instance_id, entry_hashes,
                self._members,
            )  # fmt: skip
        except (SequenceGap, InvalidEntry, LedgerInstanceRefused) as exc:
            self._record_refusal(exc, entries, now)
            self._contact_ms = max(self._contact_ms, now)
            raise
        self._contact_ms = max(self._contact_ms, now)
        return result

    def _record_refusal(self, exc: Refused, entries: Sequence[EntryLike], now_ms: int) -> bool:
        """Record the refusal (services.sync_refusals); True when it starts a run of refusals.
        A failure to record it is logged, not raised."""
        try:
            return record_refusal(
                self._new_uow(), self.store_code, refusal_of(exc), entries, now_ms
            )
        except StoreLedgerError as failure:
            log_event(log, logging.WARNING, "could not record a refusal", store=self.store_code,
                      reason_code=exc.code, problem=str(failure))  # fmt: skip
            return False

    def heartbeat(self, beat: Heartbeat, now_ms: int | None = None) -> bool:
        """Write the heartbeat when it says something new or the last write is old; True if written.

        A store beats every few seconds; writing each one would cost hundreds of
        stores a transaction apiece for nothing new.
        """
        now = clock_now_ms() if now_ms is None else now_ms
        said = (beat.newest_seq, beat.oldest_uncommitted_at_ms)
        if said == self._written[1:] and now - self._written[0] < self._interval_ms:
            return False
        record_heartbeat(
            self._new_uow(), self.store_code, beat.newest_seq, beat.oldest_uncommitted_at_ms,
            beat.checksum, now,
        )  # fmt: skip
        self._written = (now, *said)
        self._contact_ms = max(self._contact_ms, now)
        return True

    def close(self, now_ms: int | None = None) -> None:
        """Note that the store went away, unless it has spoken since on a stream to another
        process (record_disconnect); a failure is logged, never raised (the stream is over)."""
        try:
            record_disconnect(
                self._new_uow(), self.store_code, now_ms, unless_contact_after_ms=self._contact_ms
            )
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "could not record disconnect", store=self.store_code,
                      error=str(exc))  # fmt: skip


def _record_refused_hello(new_uow: UnitOfWorkFactory, hello: Hello) -> None:
    """Note a disabled store's contact and newest sequence; it stays disconnected."""
    try:
        record_hello(
            new_uow(), hello.store_code, hello.agent_version, hello.newest_seq, hello.checksum,
            oldest_uncommitted_at_ms=hello.oldest_uncommitted_at_ms,
        )  # fmt: skip
        record_disconnect(new_uow(), hello.store_code)
    except StoreLedgerError as exc:
        log_event(log, logging.WARNING, "could not record a refused store's contact",
                  store=hello.store_code, problem=str(exc))  # fmt: skip


def _locked_sync(uow: UnitOfWorkPort, store_code: str) -> SyncState:
    sync = uow.stores.lock_sync_row(store_code)
    if sync is None:
        raise UnknownStore(store_code)
    return sync
