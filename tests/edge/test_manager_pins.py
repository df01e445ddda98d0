"""Manager PINs under the one PIN policy (issue 12, failure 7: "PIN 0000 is accepted", and a
4-digit PIN fell to an offline search in under an hour).

A new PIN is 6 to 12 digits and not one guessed first; it is hashed with argon2id under
common.domain.pins.ARGON2; a right PIN hashed with older parameters is hashed again; an
old PIN the policy no longer accepts is refused at its next use, without counting as a
wrong PIN, until the manager sets a new one.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from common.domain.pins import ARGON2
from common.errors import InvalidInput
from edge_agent.datadir import init_data_dir
from edge_agent.domain.errors import ApprovalRefused, UnknownDocument
from edge_agent.services.approving import add_manager, approve, set_manager_pin
from edge_agent.services.context import StoreContext
from tests.edge.conftest import Pki, journal_entries, make_bundle

PIN = "470913"
REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "STORELEDGER_LANGUAGE": "en"}
ARGON2_PREFIX = (
    f"$argon2id$v=19$m={ARGON2.memory_cost},t={ARGON2.time_cost},p={ARGON2.parallelism}$"
)


def _hash_of(store: StoreContext, name: str) -> str:
    with store.db.read() as uow:
        found = uow.managers.find(name)
    assert found is not None
    return found.pin_hash


def _failures(store: StoreContext, name: str) -> int:
    with store.db.read() as uow:
        found = uow.managers.find(name)
    assert found is not None
    return found.pin.failures


def _set_up_before_the_policy(store: StoreContext, name: str, pin: str) -> None:
    """A manager as the agent stored them before: any 4+ digits, argon2-cffi's defaults."""
    with sqlite3.connect(store.db.path) as conn:
        conn.execute(
            "INSERT INTO staff (code, pin_hash, disabled, pin_failures, locked_until_ms,"
            " created_at_ms) VALUES (?, ?, 0, 0, 0, 1)",
            (name, PasswordHasher().hash(pin)),
        )


def _approve(store: StoreContext, pin: str, manager: str = "meg"):
    return approve(store, "T1", "ann", manager, pin, "no_sale", "no sale")


@pytest.mark.parametrize(
    ("pin", "sentence"),
    [
        ("0000", "a PIN must be 6 to 12 digits 0-9, got 4 characters"),
        ("123456", "a PIN must not be a run of digits like 123456 or 654321; choose another"),
        ("000000", "a PIN must use at least 3 different digits (not like 111111, 888888 or "
         "121212); choose another"),
        ("5201314", "that PIN is one of the first that anyone would try; choose another"),
    ],
)  # fmt: skip
def test_pin_0000_and_trivial_pins_are_refused_with_a_sentence(
    store: StoreContext, pin: str, sentence: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_manager(store, "meg", pin)
    assert str(refused.value) == sentence
    with store.db.read() as uow:
        assert uow.managers.all() == []


def test_a_manager_pin_is_hashed_with_the_policys_argon2_parameters(store: StoreContext) -> None:
    add_manager(store, "meg", PIN)
    assert _hash_of(store, "meg").startswith(ARGON2_PREFIX)
    assert _approve(store, PIN).approval_id


def test_a_right_pin_hashed_with_older_parameters_is_hashed_again(store: StoreContext) -> None:
    _set_up_before_the_policy(store, "meg", PIN)
    old = _hash_of(store, "meg")
    assert not old.startswith(ARGON2_PREFIX)
    with pytest.raises(ApprovalRefused, match="wrong PIN for manager meg"):
        _approve(store, "470914")
    assert _hash_of(store, "meg") == old  # a wrong PIN changes no hash
    _approve(store, PIN)
    renewed = _hash_of(store, "meg")
    assert renewed.startswith(ARGON2_PREFIX) and renewed != old
    assert _approve(store, PIN).approval_id  # and the new hash checks the same PIN


def test_an_old_four_digit_pin_must_be_changed_at_its_next_use(store: StoreContext) -> None:
    _set_up_before_the_policy(store, "meg", "4711")
    with pytest.raises(ApprovalRefused) as refused:
        _approve(store, "4711")
    assert str(refused.value) == (
        "manager meg's PIN no longer meets the PIN policy (a PIN must be 6 to 12 digits 0-9, "
        "got 4 characters); set a new one with 'edge-agent manager set-pin meg' before "
        "approving"
    )
    assert _failures(store, "meg") == 0  # the right PIN: not a guess
    with pytest.raises(ApprovalRefused, match="wrong PIN for manager meg"):
        _approve(store, "4712")
    assert _failures(store, "meg") == 1
    approvals = [e.approval for e in journal_entries(store) if e.HasField("approval")]
    assert [a.granted for a in approvals] == [False, False]
    set_manager_pin(store, "meg", PIN)
    assert _failures(store, "meg") == 0 and _hash_of(store, "meg").startswith(ARGON2_PREFIX)
    with pytest.raises(ApprovalRefused, match="wrong PIN for manager meg"):
        _approve(store, "4711")
    assert _approve(store, PIN).approval_id
    assert journal_entries(store)[-1].approval.granted


def test_set_pin_from_the_command_line_follows_the_policy(tmp_path: Path, pki: Pki) -> None:
    data = tmp_path / "E"
    init_data_dir(data, make_bundle(pki, "127.0.0.1:9").to_bytes(), "S001.bundle")
    ctx = StoreContext.open(data / "ledger.db", "S001")
    try:
        add_manager(ctx, "meg", PIN)
        with pytest.raises(UnknownDocument, match="store S001 has no manager bob"):
            set_manager_pin(ctx, "bob", "381946")
    finally:
        ctx.close()

    def set_pin(pin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "edge_agent.cli.agent", "manager", "set-pin", "meg",
             "--pin-stdin", "--data-dir", str(data)],
            input=pin + "\n", capture_output=True, text=True, env=ENV, timeout=60,
        )  # fmt: skip

    refused = set_pin("123456")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "edge-agent: a PIN must not be a run of digits like 123456 or 654321; choose another"
    )
    done = set_pin("381946")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "manager meg has a new PIN in store S001"
