"""An 'edge-agent init' cut short can be run again; a ledger holding sales is never discarded."""

from __future__ import annotations

import sqlite3

import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STORE, create_ca, issue_certificate
from edge_agent.datadir import DataDir, init_data_dir
from edge_agent.domain.errors import AlreadyInitialised, NotInitialised


def bundle_bytes() -> bytes:
    ca = create_ca("Test chain")
    pair = issue_certificate(ca, "S001", ROLE_STORE)
    return EnrolmentBundle(
        "S001", "One", "127.0.0.1:1", ca.cert_pem.decode(), pair.cert_pem.decode(),
        pair.key_pem.decode(),
    ).to_bytes()  # fmt: skip


def interrupted_init(root) -> None:
    """What a kill during init leaves: the migrated ledger, no edge.toml yet."""
    init_data_dir(root, bundle_bytes(), "S001.bundle")
    (root / "edge.toml").unlink()


def test_an_interrupted_init_is_named_and_can_be_run_again(tmp_path):
    root = tmp_path / "edge"
    interrupted_init(root)
    with pytest.raises(NotInitialised, match="half-initialised"):
        DataDir(root).require_initialised()
    bundle = init_data_dir(root, bundle_bytes(), "S001.bundle")
    assert bundle.store_code == "S001"
    DataDir(root).require_initialised()


def test_a_ledger_with_entries_is_never_thrown_away(tmp_path):
    root = tmp_path / "edge"
    interrupted_init(root)
    with sqlite3.connect(root / "ledger.db") as conn:
        conn.execute(
            "INSERT INTO journal (seq, document_type, document_id, occurred_at_ms, payload)"
            " VALUES (1, 'sale', 'd1', 0, x'')"
        )
    with pytest.raises(AlreadyInitialised, match="holds a ledger with 1 journal entry but"):
        init_data_dir(root, bundle_bytes(), "S001.bundle")
    assert (root / "ledger.db").exists()
