"""Till staff kept at head office (SQLite and PostgreSQL), sent down and signed in offline at
the store on the last list it has (issue 12, failure 9 and deliver item 7)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from common.errors import PermissionDenied, Unauthenticated
from edge_agent.services import signing_in
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import HANDLERS
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.roles import Staff
from headoffice.services import till_staff
from headoffice.store.unit_of_work import UnitOfWork

ADMIN = Staff("admin", "admin")
PIN, NEW_PIN = "246913", "362514"


def sync_down(uow: Callable[[], UnitOfWork], ctx: StoreContext, after: int = 0) -> int:
    """What the Downstream stream does: the store's feed after its cursor, each event applied
    by the store's handler for its kind; returns the last cursor."""
    with uow() as work:
        page = work.downstream.feed_after("S001", after, 1000)
    for item in page.items:
        event = feed_event(item)
        HANDLERS[event.WhichOneof("kind")](ctx, event)
    return page.last_cursor


@pytest.fixture
def ctx(tmp_path: Path) -> StoreContext:
    context = StoreContext.open(tmp_path / "ledger.db", "S001", "Main Street")
    yield context
    context.close()


def test_staff_sync_down_and_offline_sign_in_on_the_last_list(
    uow: Callable[[], UnitOfWork], store: str, ctx: StoreContext, engine: sa.Engine
) -> None:
    till_staff.add_staff(uow(), ADMIN, store, "ann", "cashier", PIN, "Ann")
    till_staff.add_staff(uow(), ADMIN, store, "sam", "store_manager", PIN, "Sam")
    with engine.connect() as conn:  # only the hash is kept
        hashes = [r[0] for r in conn.execute(sa.text("SELECT pin_hash FROM till_staff"))]
    assert len(hashes) == 2 and all(h.startswith("$argon2id$") and PIN not in h for h in hashes)
    cursor = sync_down(uow, ctx)

    # Head office is nowhere now: the store signs people in on the list it has.
    who = signing_in.sign_in(ctx, "T1", "ann", PIN)
    assert (who.code, who.member.role, who.member.display_name) == ("ann", "cashier", "Ann")
    with pytest.raises(PermissionDenied, match="a cashier may not write off stock"):
        signing_in.authorise(ctx, "T1", "write_off")
    signing_in.sign_in(ctx, "T2", "sam", PIN)
    assert signing_in.authorise(ctx, "T2", "write_off").code == "sam"

    # ann becomes a supervisor, sam gets a new PIN, then sam is disabled: each reaches the store
    till_staff.set_role(uow(), ADMIN, store, "ann", "supervisor")
    till_staff.reset_pin(uow(), ADMIN, store, "sam", NEW_PIN)
    cursor = sync_down(uow, ctx, cursor)
    assert signing_in.authorise(ctx, "T1", "refund").member.role == "supervisor"
    with pytest.raises(Unauthenticated, match="wrong PIN for sam"):
        signing_in.sign_in(ctx, "T2", "sam", PIN)
    signing_in.sign_in(ctx, "T2", "sam", NEW_PIN)

    till_staff.disable_staff(uow(), ADMIN, store, "sam")
    assert signing_in.authorise(ctx, "T2", "write_off").code == "sam"  # not synced yet
    sync_down(uow, ctx, cursor)
    with pytest.raises(Unauthenticated, match="nobody is signed in at till T2"):
        signing_in.authorise(ctx, "T2", "write_off")
    with pytest.raises(Unauthenticated, match="sam is disabled at store S001"):
        signing_in.sign_in(ctx, "T2", "sam", NEW_PIN)


def test_every_staff_change_is_audited_without_the_pin(
    uow: Callable[[], UnitOfWork], store: str, engine: sa.Engine
) -> None:
    till_staff.add_staff(uow(), ADMIN, store, "ann", "cashier", PIN, card="STAFF-0042")
    till_staff.disable_staff(uow(), ADMIN, store, "ann")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT action, entity_id, after_json FROM audit_log"
                " WHERE entity = 'till_staff' ORDER BY id"
            )
        ).all()
    assert [(r[0], r[1]) for r in rows] == [
        ("till_staff.add", "ann@S001"),
        ("till_staff.disable", "ann@S001"),
    ]
    assert all("argon2" not in r[2] and PIN not in r[2] and "0042" not in r[2] for r in rows)


def test_a_refused_staff_change_leaves_no_row(
    uow: Callable[[], UnitOfWork], store: str, engine: sa.Engine
) -> None:
    with pytest.raises(Exception, match="a PIN must be 6 to 12 digits"):
        till_staff.add_staff(uow(), ADMIN, store, "ann", "cashier", "0000")
    with pytest.raises(Exception, match="not a staff role"):
        till_staff.add_staff(uow(), ADMIN, store, "ann", "manager", PIN)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM till_staff")).scalar() == 0
