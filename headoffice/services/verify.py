"""hoctl verify: a store's balances compared with head office's as of the same sequence.

A connected store is asked for its balances (as of its newest entry); the
comparison waits, bounded by the caller's timeout, for head office to commit
the entries still in flight up to that sequence. A store that is not
connected is compared through the checksum of its last heartbeat.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from common.domain.checksum import balance_checksum
from common.i18n import _
from headoffice.domain.disabled_stores import stranded
from headoffice.domain.errors import NotYetCommitted, StoreNotConnected, UnknownStore
from headoffice.domain.verify import BalanceReport, Difference, compare_balances
from headoffice.services.ports import UnitOfWorkFactory, UnitOfWorkPort
from headoffice.services.verify_chain import AskHashes, first_diverged_seq

DEFAULT_VERIFY_TIMEOUT_MS = 10_000
CATCH_UP_POLL_S = 0.05

# Asks the connected store for its balances, waiting at most timeout_ms (StoreDidNotAnswer).
AskBalances = Callable[[int], BalanceReport]


@dataclass(frozen=True)
class VerifyResult:
    store_code: str
    match: bool
    head_office_seq: int
    store_seq: int
    head_office_checksum: str
    store_checksum: str
    sku_count: int
    differences: list[Difference]
    message: str
    # The first entry where the store's ledger and head office's journal part (0: they
    # do not, as far as both go): the store's ledger is not the journal head office holds.
    diverged_seq: int = 0


def verify_store(
    new_uow: UnitOfWorkFactory,
    store_code: str,
    ask_balances: AskBalances | None,
    timeout_ms: int = 0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    ask_hashes: AskHashes | None = None,
) -> VerifyResult:
    """Compare the store with head office: live through ask_balances when the store is
    connected (None: it is not), otherwise through its last heartbeat's checksum.

    Live, the entry hashes come first (services.verify_chain): a ledger that is not
    head office's journal is reported as diverged, with the first differing entry,
    whatever its balances say."""
    timeout_ms = timeout_ms or DEFAULT_VERIFY_TIMEOUT_MS
    with new_uow() as uow:
        store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:  # it will not catch up: say what head office holds and what is stranded
        return verify_disabled(new_uow(), store_code)
    if ask_balances is None:
        return verify_last_heartbeat(new_uow(), store_code)
    deadline = clock() + timeout_ms / 1000
    report = ask_balances(timeout_ms)
    diverged_seq, compared = first_diverged_seq(new_uow, store_code, report, ask_hashes, timeout_ms)
    if diverged_seq:
        return _diverged(new_uow, store_code, report, diverged_seq, compared)
    # The store may report as of entries still in flight to head office: wait for them.
    while True:
        try:
            return verify_report(new_uow(), store_code, report.as_of_seq, report.balances)
        except NotYetCommitted:
            if clock() >= deadline:
                raise
            sleep(CATCH_UP_POLL_S)


def verify_report(
    uow: UnitOfWorkPort, store_code: str, store_seq: int, store_balances: dict[str, int]
) -> VerifyResult:
    committed_seq, head_office = balances_as_of(uow, store_code, store_seq)
    differences = compare_balances(head_office, store_balances)
    ho_hex, _count = balance_checksum(head_office.items())
    store_hex, _count = balance_checksum(store_balances.items())
    compared = len(set(head_office) | {s for s, q in store_balances.items() if q != 0})
    if differences:
        message = _(
            "store {store} and head office differ on {count} SKU(s) as of entry {seq}"
        ).format(store=store_code, count=len(differences), seq=store_seq)
    else:
        message = _("store {store} matches head office on {count} SKU(s) as of entry {seq}").format(
            store=store_code, count=compared, seq=store_seq
        )
    return VerifyResult(
        store_code=store_code,
        match=not differences,
        head_office_seq=committed_seq,
        store_seq=store_seq,
        head_office_checksum=ho_hex,
        store_checksum=store_hex,
        sku_count=compared,
        differences=differences,
        message=message,
    )


def _diverged(
    new_uow: UnitOfWorkFactory,
    store_code: str,
    report: BalanceReport,
    diverged_seq: int,
    compared: int,
) -> VerifyResult:
    with new_uow() as uow:
        sync = uow.stores.lock_sync_row(store_code)
    committed_seq = sync.committed_seq if sync is not None else 0
    message = _(
        "store {store}'s ledger has DIVERGED from head office's journal: the two differ from "
        "entry {seq} on (compared by entry hash up to entry {compared}; the store's ledger ends "
        "at entry {newest}, head office committed up to {committed}); this ledger is a "
        "restored older copy or another ledger, and its balances were not compared; recover "
        "with `hoctl store reenrol {store}` (docs/runtime.md)"
    ).format(
        store=store_code,
        seq=diverged_seq,
        compared=compared,
        newest=report.as_of_seq,
        committed=committed_seq,
    )
    return VerifyResult(
        store_code=store_code,
        match=False,
        head_office_seq=committed_seq,
        store_seq=report.as_of_seq,
        head_office_checksum="",
        store_checksum="",
        sku_count=0,
        differences=[],
        message=message,
        diverged_seq=diverged_seq,
    )


def verify_disabled(uow: UnitOfWorkPort, store_code: str) -> VerifyResult:
    """A disabled store that is not delivering: what head office holds, what is stranded.

    It will not catch up (head office takes only what it wrote before it was disabled),
    so verify says which entries it reported that head office will never apply, and
    compares the last checksum it sent when that is at head office's last entry.
    """
    with uow:
        sync = uow.stores.lock_sync_row(store_code)
    if sync is None:
        raise UnknownStore(store_code)
    left = stranded(sync.committed_seq, sync.store_newest_seq)
    ho_hex = ""
    count = 0
    if sync.checksum_hex and sync.checksum_seq <= sync.committed_seq:
        _last, head_office = balances_as_of(uow, store_code, sync.checksum_seq)
        ho_hex, count = balance_checksum(head_office.items())
    match = left.count == 0 and bool(ho_hex) and ho_hex == sync.checksum_hex
    if left.count:
        message = _(
            "store {store} is disabled at head office: head office holds its journal up to "
            "entry {committed}; entries {first} to {last} ({count}) that the store reported are "
            "stranded there: written after it was disabled, head office will not apply them. "
            "Its stock at head office is as of entry {committed}"
        ).format(
            store=store_code, committed=sync.committed_seq, first=left.first_seq,
            last=left.last_seq, count=left.count,
        )  # fmt: skip
    elif match:
        message = _(
            "store {store} is disabled at head office; nothing is stranded: head office holds "
            "its journal up to entry {committed}, and its last checksum (entry {seq}) matches"
        ).format(store=store_code, committed=sync.committed_seq, seq=sync.checksum_seq)
    elif not ho_hex:
        message = _(
            "store {store} is disabled at head office; nothing is stranded: head office holds "
            "its journal up to entry {committed}, and the store sent no checksum at that entry "
            "to compare its stock with"
        ).format(store=store_code, committed=sync.committed_seq, seq=sync.checksum_seq)
    else:
        message = _(
            "store {store} is disabled at head office; head office holds its journal up to entry "
            "{committed} and the store reported nothing after it, but its last checksum (entry "
            "{seq}) does not match head office's balances as of that entry"
        ).format(store=store_code, committed=sync.committed_seq, seq=sync.checksum_seq)
    return VerifyResult(
        store_code=store_code,
        match=match,
        head_office_seq=sync.committed_seq,
        store_seq=sync.store_newest_seq,
        head_office_checksum=ho_hex,
        store_checksum=sync.checksum_hex,
        sku_count=count,
        differences=[],
        message=message,
    )


def verify_last_heartbeat(uow: UnitOfWorkPort, store_code: str) -> VerifyResult:
    """Compare with the checksum of the store's last heartbeat, for a store that is offline.

    Exact at the heartbeat's sequence, like the live comparison; without the
    store's balances it can tell whether the two agree, not which SKUs differ.
    """
    with uow:
        sync = uow.stores.lock_sync_row(store_code)
    if sync is None:
        raise UnknownStore(store_code)
    if not sync.checksum_hex:
        raise StoreNotConnected(store_code)
    _last_seq, head_office = balances_as_of(uow, store_code, sync.checksum_seq)
    ho_hex, count = balance_checksum(head_office.items())
    match = ho_hex == sync.checksum_hex
    if match:
        message = _(
            "store {store} is not connected; its last heartbeat (entry {seq}) matches head "
            "office's balances as of that entry"
        )
    else:
        message = _(
            "store {store} is not connected; its last heartbeat (entry {seq}) does NOT match "
            "head office's balances as of that entry; connect the store to list the SKUs that "
            "differ"
        )
    message = message.format(store=store_code, seq=sync.checksum_seq)
    return VerifyResult(
        store_code=store_code,
        match=match,
        head_office_seq=sync.committed_seq,
        store_seq=sync.checksum_seq,
        head_office_checksum=ho_hex,
        store_checksum=sync.checksum_hex,
        sku_count=count,
        differences=[],
        message=message,
    )


def balances_as_of(uow: UnitOfWorkPort, store_code: str, seq: int) -> tuple[int, dict[str, int]]:
    """(last committed seq, {sku: qty}) as of `seq`: current levels minus later movements.

    Exact because levels change only with movements in the same transaction.
    Refuses a sequence head office has not committed yet.
    """
    with uow:
        sync = uow.stores.lock_sync_row(store_code)
        if sync is None:
            raise UnknownStore(store_code)
        if seq > sync.committed_seq:
            raise NotYetCommitted(store_code, sync.committed_seq, seq)
        balances = uow.levels.levels(store_code)
        for sku, qty in uow.levels.movement_sums_after(store_code, seq).items():
            balances[sku] = balances.get(sku, 0) - qty
    return sync.committed_seq, {sku: qty for sku, qty in balances.items() if qty != 0}
