"""hoctl verify for a store that is not connected: the last heartbeat's checksum."""

from __future__ import annotations

import pytest

from common.domain.checksum import balance_checksum
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import StoreNotConnected
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import record_heartbeat
from headoffice.services.verify import verify_last_heartbeat
from tests.db.conftest import delivery, sale


def beat(uow, store: str, seq: int, levels: dict[str, int]) -> None:
    hex_, count = balance_checksum(levels.items())
    record_heartbeat(
        uow(),
        store,
        seq,
        0,
        ledger_pb2.BalanceChecksum(as_of_seq=seq, sha256_hex=hex_, sku_count=count),
    )


def test_offline_store_is_compared_at_its_last_heartbeat(uow, store):
    apply_batch(uow(), store, [delivery(1, [("COLA", 10, 100)]), sale(2, "COLA", 3)])
    beat(uow, store, 1, {"COLA": 10})  # the store's view as of entry 1
    apply_batch(uow(), store, [sale(3, "COLA", 2)])

    result = verify_last_heartbeat(uow(), store)
    assert result.match and result.store_seq == 1
    assert "not connected" in result.message and "matches" in result.message


def test_offline_store_with_a_different_checksum_does_not_match(uow, store):
    apply_batch(uow(), store, [delivery(1, [("COLA", 10, 100)])])
    beat(uow, store, 1, {"COLA": 9})

    result = verify_last_heartbeat(uow(), store)
    assert not result.match
    assert "does NOT match" in result.message


def test_store_that_never_sent_a_heartbeat_cannot_be_verified(uow, store):
    with pytest.raises(StoreNotConnected):
        verify_last_heartbeat(uow(), store)
