"""A member merge moves the duplicate's punch cards and points onto the survivor (append-only:
merge entries lot by lot, cards re-owned with an audit record) and is refused whole where it
would break something; an erasure keeps every card and points row. Both databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.domain.entitlements import PUNCH_CARD
from common.domain.points import MAX_POINTS
from common.domain.points_ledger import MERGE_IN, MERGE_OUT, lots
from common.errors import Refused
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.roles import Staff
from headoffice.domain.stored_value import POLICY_DEFAULTS, policy_from_config
from headoffice.services.audit import list_records
from headoffice.services.entitlements import cards_of, redeem_use, sell_new_card
from headoffice.services.member_merge import MergeRefused, merge_members
from headoffice.services.members import erase_member
from headoffice.services.points import adjust_points, ledger_of
from headoffice.store.loyalty_tables import entitlements, points_entries
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import seed_catalogue

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
POLICY = policy_from_config(POLICY_DEFAULTS)
CAPS = {"named": POLICY.named_cap_minor, "anonymous": POLICY.anonymous_cap_minor}
NOW = 1_800_000_000_000
KEEP, DUP = "M000001", "M000002"


@pytest.fixture(autouse=True)
def chain(engine: sa.Engine, members: list[str]) -> None:
    seed_catalogue(engine, ["WASH"])


def card(uow: UoW, member: str, key: str) -> int:
    stored, _new = sell_new_card(
        uow(), key, member, PUNCH_CARD, frozenset({"WASH"}), 5, 10_000, "S001", "ann", NOW
    )
    return stored.card_no


def rows(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_merge_moves_points_lot_by_lot_and_re_owns_the_cards(uow: UoW) -> None:
    adjust_points(uow(), KEEP, "k-open", 100, 202601, "carried over", NOW)
    adjust_points(uow(), DUP, "d-jan", 30, 202601, "carried over", NOW)
    adjust_points(uow(), DUP, "d-mar", 50, 202603, "carried over", NOW)
    adjust_points(uow(), DUP, "d-spent", -40, 0, "spent", NOW)  # takes the oldest lot first
    dup_card = card(uow, DUP, "sale-1:card")
    merged = merge_members(uow(), ADMIN, KEEP, DUP, CAPS, now_ms=NOW)
    assert (merged.moved_points, merged.moved_cards) == (40, (dup_card,))
    dup_ledger, keep_ledger = ledger_of(uow(), DUP), ledger_of(uow(), KEEP)
    assert sum(e.points for e in dup_ledger) == 0 and lots(dup_ledger) == {}
    assert [(e.kind, e.points, e.lot_month) for e in dup_ledger[-1:]] == [(MERGE_OUT, -40, 202603)]
    assert [(e.kind, e.points, e.lot_month) for e in keep_ledger[-1:]] == [(MERGE_IN, 40, 202603)]
    assert lots(keep_ledger) == {202601: 100, 202603: 40}  # they expire as they would have
    with uow() as work:
        assert work.points.balance(KEEP) == work.points.sum_of_entries(KEEP) == 140
        assert work.points.balance(DUP) == work.points.sum_of_entries(DUP) == 0
    assert [c.card_no for c in cards_of(uow(), KEEP)] == [dup_card]
    assert cards_of(uow(), DUP) == []
    audit = list_records(uow(), AuditFilter(entity="card", entity_id=str(dup_card)))
    assert [(r.action, r.before_json, r.after_json) for r in audit] == [
        ("card.reown", '{"member_id":"M000002"}', '{"member_id":"M000001"}')
    ]
    # the survivor presents the card now; the merged-away id takes no new card or points
    used = redeem_use(uow(), "use-1", dup_card, "WASH", "S001", KEEP, "ann", NOW)
    assert used.use.uses_left == 4
    with pytest.raises(Refused, match="member M000002 was merged into M000001; use M000001"):
        adjust_points(uow(), DUP, "late", 5, 202604, "late", NOW)


def test_a_merge_whose_points_the_survivor_cannot_hold_is_refused_and_moves_nothing(
    uow: UoW, engine: sa.Engine
) -> None:
    adjust_points(uow(), KEEP, "k-open", MAX_POINTS, 202601, "carried over", NOW)
    adjust_points(uow(), DUP, "d-open", 1, 202601, "carried over", NOW)
    dup_card = card(uow, DUP, "sale-1:card")
    before = rows(engine, points_entries)
    with pytest.raises(MergeRefused, match="cannot take member M000002's 1 points"):
        merge_members(uow(), ADMIN, KEEP, DUP, CAPS, now_ms=NOW)
    assert rows(engine, points_entries) == before
    assert [c.card_no for c in cards_of(uow(), DUP)] == [dup_card]
    with uow() as work:
        assert work.members.get(DUP).merged_into == ""  # type: ignore[union-attr]


def test_erasure_keeps_the_members_cards_and_points(uow: UoW, engine: sa.Engine) -> None:
    adjust_points(uow(), DUP, "d-open", 70, 202601, "carried over", NOW)
    dup_card = card(uow, DUP, "sale-1:card")
    erase_member(uow(), ADMIN, DUP, now_ms=NOW)
    assert sum(e.points for e in ledger_of(uow(), DUP)) == 70
    assert [c.card_no for c in cards_of(uow(), DUP)] == [dup_card]
    assert (rows(engine, entitlements), rows(engine, points_entries)) == (1, 1)
