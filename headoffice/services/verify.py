"""Comparing a store's balance report with head office's balances as of the same sequence."""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.checksum import balance_checksum
from headoffice.domain.errors import StoreNotConnected, UnknownStore
from headoffice.domain.verify import Difference, compare_balances
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.stock import balances_as_of


@dataclass(frozen=True)
class VerifyResult:
    store_code: str
    match: bool
    head_office_seq: int
    store_seq: int
    head_office_checksum: str
    store_checksum: str
    skus_compared: int
    differences: list[Difference]
    message: str


def verify_report(
    uow: UnitOfWorkPort, store_code: str, store_seq: int, store_balances: dict[str, int]
) -> VerifyResult:
    last_seq, head_office = balances_as_of(uow, store_code, store_seq)
    differences = compare_balances(head_office, store_balances)
    ho_hex, _ = balance_checksum(head_office.items())
    store_hex, _ = balance_checksum(store_balances.items())
    compared = len(set(head_office) | {s for s, q in store_balances.items() if q != 0})
    if differences:
        message = (
            f"store {store_code} and head office differ on {len(differences)} SKU(s) "
            f"as of entry {store_seq}"
        )
    else:
        message = (
            f"store {store_code} matches head office on {compared} SKU(s) as of entry {store_seq}"
        )
    return VerifyResult(
        store_code=store_code,
        match=not differences,
        head_office_seq=last_seq,
        store_seq=store_seq,
        head_office_checksum=ho_hex,
        store_checksum=store_hex,
        skus_compared=compared,
        differences=differences,
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
    _, head_office = balances_as_of(uow, store_code, sync.checksum_seq)
    ho_hex, count = balance_checksum(head_office.items())
    match = ho_hex == sync.checksum_hex
    verdict = "matches" if match else "does NOT match"
    message = (
        f"store {store_code} is not connected; its last heartbeat (entry {sync.checksum_seq}) "
        f"{verdict} head office's balances as of that entry"
        + ("" if match else "; connect the store to list the SKUs that differ")
    )
    return VerifyResult(
        store_code=store_code,
        match=match,
        head_office_seq=sync.last_seq,
        store_seq=sync.checksum_seq,
        head_office_checksum=ho_hex,
        store_checksum=sync.checksum_hex,
        skus_compared=count,
        differences=[],
        message=message,
    )
