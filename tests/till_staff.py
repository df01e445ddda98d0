"""Staff signed in at a till for tests: one PIN hashed once, a person per role.

Till actions run as the person signed in at the till (edge_agent.services.signing_in);
tests that act at a till sign someone in first. Hashing a PIN takes about 0.3 s
(common.domain.pins.ARGON2), so the one test PIN is hashed once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from common.clock import now_ms
from common.pin_hashing import hash_new_pin
from edge_agent.services.context import StoreContext
from edge_agent.store.connection import LedgerDatabase

TEST_PIN = "246913"
OTHER_PIN = "362514"


@cache
def pin_hash(pin: str = TEST_PIN) -> str:
    return hash_new_pin(pin)


def add_staff(
    db: LedgerDatabase, code: str, role: str = "store_manager", pin: str = TEST_PIN
) -> None:
    with db.write() as uow:
        if uow.staff.find(code) is None:
            uow.staff.add(code, pin_hash(pin), now_ms(), role)


def sign_in(
    db: LedgerDatabase, till: str = "T1", code: str = "sam", role: str = "store_manager"
) -> None:
    """Add `code` with `role` if the store has nobody of that code, and sign them in at `till`."""
    add_staff(db, code, role)
    with db.write() as uow:
        uow.staff.sign_in(till, code, now_ms())


def sign_in_store(
    ctx: StoreContext, till: str = "T1", code: str = "sam", role: str = "store_manager"
) -> None:
    sign_in(ctx.db, till, code, role)


def sign_in_ledger(
    ledger: Path, till: str = "T1", code: str = "sam", role: str = "store_manager"
) -> None:
    """The same on a ledger file an agent process may hold open (SQLite serialises writers)."""
    db = LedgerDatabase(ledger)
    try:
        sign_in(db, till, code, role)
    finally:
        db.close()
