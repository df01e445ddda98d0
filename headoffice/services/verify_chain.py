"""hoctl verify's first question: is the store's ledger the journal head office committed?

Balances can agree while the journals do not (a restored older copy that sold
other things up to head office's sequence), and a copy that sold past head
office's sequence cannot be compared by balances at all. The entry hashes
(common.domain.entry_chain) answer exactly: they are compared at the last entry
both sides have and, when they differ, searched for the first entry where the
two journals part.
"""

from __future__ import annotations

from collections.abc import Callable

from common.domain.entry_chain import first_difference
from headoffice.domain.errors import UnknownStore
from headoffice.domain.verify import BalanceReport
from headoffice.services.ports import UnitOfWorkFactory

# The store's entry hashes at the given sequences, over its open stream, within timeout_ms.
AskHashes = Callable[[list[int], int], dict[int, bytes]]


def first_diverged_seq(
    new_uow: UnitOfWorkFactory,
    store_code: str,
    report: BalanceReport,
    ask_hashes: AskHashes | None,
    timeout_ms: int,
) -> tuple[int, int]:
    """(first differing entry, entries compared) of the store's ledger against head office's
    journal, up to the last entry both have; first differing entry 0 when they agree, or when
    head office kept no hash to compare (entries committed before entry hashes)."""
    with new_uow() as uow:
        sync = uow.stores.lock_sync_row(store_code)
        if sync is None:
            raise UnknownStore(store_code)
        common = min(report.as_of_seq, sync.committed_seq)
        kept = uow.journal.entry_hashes(store_code, [common]) if common else {}
    if common == 0 or common not in kept:
        return 0, common
    if report.as_of_seq == common and report.as_of_entry_hash:
        theirs_at_common = report.as_of_entry_hash
    elif ask_hashes is not None:
        theirs_at_common = ask_hashes([common], timeout_ms).get(common, b"")
    else:
        return 0, 0
    if theirs_at_common == kept[common]:
        return 0, common

    def ours(seqs: list[int]) -> dict[int, bytes]:
        with new_uow() as uow:
            return uow.journal.entry_hashes(store_code, seqs)

    def theirs(seqs: list[int]) -> dict[int, bytes]:
        return ask_hashes(seqs, timeout_ms) if ask_hashes is not None else {}

    return first_difference(0, common, ours, theirs), common
