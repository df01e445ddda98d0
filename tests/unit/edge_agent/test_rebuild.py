"""A ledger rebuilt from head office's journal checks the chain before writing anything."""

from __future__ import annotations

import pytest

from common.domain.entry_chain import chain_hash
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.api.messages.rebuild import rebuilt_entries
from edge_agent.services import rebuild
from edge_agent.services.rebuild import RebuildProblem


def stored_entries(
    store: str, messages: list[ledger_pb2.JournalEntry], hashes: list[bytes]
) -> list[rebuild.StoredEntry]:
    """The service's stored_entries on messages as head office sends them."""
    return rebuild.stored_entries(store, rebuilt_entries(messages), hashes)


def entry(seq: int) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(seq=seq, document_type="sale", document_id=f"sale-{seq}")


def test_the_chain_is_checked_and_missing_hashes_are_computed() -> None:
    entries = [entry(1), entry(2), entry(3)]
    payloads = [e.SerializeToString(deterministic=True) for e in entries]
    h1 = chain_hash(b"", payloads[0])
    h2 = chain_hash(h1, payloads[1])
    h3 = chain_hash(h2, payloads[2])
    # Entry 1 was committed before hashes were kept: its hash is computed here.
    stored = stored_entries("S001", entries, [b"", h2, h3])
    assert [s.entry_hash for s in stored] == [h1, h2, h3]
    with pytest.raises(RebuildProblem, match="does not chain at entry 2"):
        stored_entries("S001", entries, [h1, chain_hash(b"x", payloads[1]), h3])
    with pytest.raises(RebuildProblem, match="entry 3 where entry 2 belongs"):
        stored_entries("S001", [entry(1), entry(3)], [h1, b""])
