"""Stored value expiring on anonymous cards on SQLite and PostgreSQL: the expire_stored_value
job books what is left as one `expire` entry (principal and bonus apart), replaying it
books nothing, a named card never expires, an expired card cannot spend, and the
liability report shows the breakage with opening + movements = closing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from headoffice.domain.roles import Staff
from headoffice.domain.stored_value import (
    POLICY_DEFAULTS,
    Balance,
    StoredValueRefused,
    policy_from_config,
)
from headoffice.jobs.registry import JOBS, JobContext
from headoffice.services import stored_value as sv
from headoffice.services.liability import liability
from headoffice.services.members import NewMember, add_member, erase_member
from headoffice.services.stored_value_expiry import expire_stored_value
from headoffice.services.stores import add_store
from headoffice.store.member_tables import stored_value_entries
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
DAY = 86_400_000
T0 = 1_800_000_000_000  # 2027-01-15T08:00:00Z
DAYS = 1096
POLICY = policy_from_config({**POLICY_DEFAULTS, "anonymous_expiry_days": DAYS})
EXPIRES = T0 + DAYS * DAY  # 2030-01-15T08:00:00Z


@pytest.fixture
def store(uow: UoW, ca: KeyPair) -> str:
    add_store(uow(), ca, "S001", "Main Street", "127.0.0.1:1", now_ms=1_000)
    return "S001"


def _req(key: str) -> sv.Request:
    return sv.Request("S001", key, "ann@S001")


def _anonymous(uow: UoW, card: str) -> str:
    return add_member(uow(), "admin", NewMember(card_no=card), now_ms=T0).member_id


def _entries(engine: sa.Engine) -> list[tuple[str, int, int, int]]:
    t = stored_value_entries.c
    with engine.connect() as conn:
        query = sa.select(t.kind, t.member_no, t.principal_minor, t.bonus_minor).order_by(
            t.entry_id
        )
        return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]


def _in_step(uow: UoW, member: str) -> Balance:
    with uow() as work:
        account = work.stored_value.account(member)
        assert account is not None
        assert account.balance == work.stored_value.sums_of(member)
        return account.balance


def test_an_anonymous_card_expires_once_and_a_named_card_never(
    uow: UoW, store: str, engine: sa.Engine
) -> None:
    anon = _anonymous(uow, "ANON0001")
    named = add_member(uow(), "admin", NewMember(phone="13812345678", name="张三"), now_ms=T0)
    sv.topup(uow(), _req("T1"), anon, 50_000, POLICY, now_ms=T0)  # + 8,000 bonus
    sv.topup(uow(), _req("T2"), named.member_id, 50_000, POLICY, now_ms=T0)
    sv.debit(uow(), _req("D1"), anon, 10_000, POLICY, now_ms=T0 + DAY)  # bonus first
    assert _in_step(uow, anon) == Balance(48_000, 0)
    sv.debit(uow(), _req("D2"), anon, 3_000, POLICY, now_ms=T0 + DAY)
    assert expire_stored_value(uow(), POLICY, EXPIRES - 1).member_count == 0
    done = expire_stored_value(uow(), POLICY, EXPIRES)
    assert (done.member_count, done.principal_minor, done.bonus_minor) == (1, 45_000, 0)
    assert _in_step(uow, anon) == Balance(0, 0)
    assert _in_step(uow, named.member_id) == Balance(50_000, 8_000)  # 记名卡不得设有效期
    booked = _entries(engine)
    # Replaying the job (the next day, twice) changes nothing.
    assert expire_stored_value(uow(), POLICY, EXPIRES + DAY).member_count == 0
    assert expire_stored_value(uow(), POLICY, EXPIRES + 10 * 365 * DAY).member_count == 0
    assert _entries(engine) == booked
    assert [e[0] for e in booked].count("expire") == 1
    # The expired card cannot spend; nothing is booked.
    with pytest.raises(StoredValueRefused, match="expired on 2030-01-15"):
        sv.debit(uow(), _req("D3"), anon, 100, POLICY, now_ms=EXPIRES + DAY)
    assert _entries(engine) == booked
    # A new top-up brings the card back for another three years, then it expires again.
    sv.topup(uow(), _req("T3"), anon, 1_000, POLICY, now_ms=EXPIRES + DAY)
    assert sv.debit(uow(), _req("D4"), anon, 100, POLICY, now_ms=EXPIRES + DAY).balance == Balance(
        900, 0
    )
    again = expire_stored_value(uow(), POLICY, EXPIRES + DAY + DAYS * DAY)
    assert (again.member_count, again.principal_minor) == (1, 900)


def test_a_card_past_its_day_cannot_spend_before_the_job_runs(uow: UoW, store: str) -> None:
    anon = _anonymous(uow, "ANON0002")
    sv.topup(uow(), _req("T1"), anon, 50_000, POLICY, now_ms=T0)
    assert sv.debit(uow(), _req("D1"), anon, 100, POLICY, now_ms=EXPIRES - 1).replayed is False
    with pytest.raises(StoredValueRefused, match="anonymous card M000001 expired"):
        sv.debit(uow(), _req("D2"), anon, 100, POLICY, now_ms=EXPIRES)
    # Without an expiry rule (the default) the same card spends.
    never = policy_from_config(POLICY_DEFAULTS)
    assert sv.debit(uow(), _req("D3"), anon, 100, never, now_ms=EXPIRES).balance.total_minor > 0
    assert expire_stored_value(uow(), never, EXPIRES + 9_999 * DAY).member_count == 0


def test_a_top_up_after_the_day_forfeits_the_old_value_first(
    uow: UoW, store: str, engine: sa.Engine
) -> None:
    anon = _anonymous(uow, "ANON0006")
    sv.topup(uow(), _req("T1"), anon, 50_000, POLICY, now_ms=T0)  # + 8,000 bonus
    # Past its day, the job not run yet: the top-up books the expiry, then itself.
    booked = sv.topup(uow(), _req("T2"), anon, 1_000, POLICY, now_ms=EXPIRES + 5)
    assert booked.balance == Balance(1_000, 0) == _in_step(uow, anon)
    assert [(e[0], e[2], e[3]) for e in _entries(engine)] == [
        ("topup", 50_000, 8_000), ("expire", -50_000, -8_000), ("topup", 1_000, 0)
    ]  # fmt: skip
    assert expire_stored_value(uow(), POLICY, EXPIRES + DAY).member_count == 0
    # The retried top-up answers as before and books nothing.
    assert sv.topup(uow(), _req("T2"), anon, 1_000, POLICY, now_ms=EXPIRES + 9).replayed
    assert len(_entries(engine)) == 3
    # A top-up refused (over the anonymous cap) leaves no expiry behind either.
    other = _anonymous(uow, "ANON0007")
    sv.topup(uow(), _req("T3"), other, 10_000, POLICY, now_ms=T0)
    with pytest.raises(StoredValueRefused, match="may hold at most 100000 fen"):
        sv.topup(uow(), _req("T4"), other, 100_001, POLICY, now_ms=EXPIRES + 5)
    assert len(_entries(engine)) == 4 and _in_step(uow, other) == Balance(10_000, 0)


def test_an_erased_anonymous_member_is_owed_a_cash_out_not_expired(uow: UoW, store: str) -> None:
    anon = _anonymous(uow, "ANON0003")
    sv.topup(uow(), _req("T1"), anon, 20_000, POLICY, now_ms=T0)
    erase_member(uow(), Staff("admin", "admin"), anon, now_ms=T0 + DAY)
    assert expire_stored_value(uow(), POLICY, EXPIRES + DAY).member_count == 0
    assert _in_step(uow, anon) == Balance(20_000, 0)


def test_liability_shows_breakage_and_still_balances(uow: UoW, store: str) -> None:
    anon = _anonymous(uow, "ANON0004")
    other = _anonymous(uow, "ANON0005")
    sv.topup(uow(), _req("T1"), anon, 50_000, POLICY, now_ms=T0)  # 50,000 + 8,000 bonus
    sv.debit(uow(), _req("D1"), anon, 5_000, POLICY, now_ms=T0)  # bonus first
    sv.topup(uow(), _req("T2"), other, 30_000, POLICY, now_ms=EXPIRES - DAY)
    # The job, from the registry, at 00:25 UTC on the day after the card's last day.
    job = next(j for j in JOBS if j.name == "expire_stored_value")
    config = {"stored_value": {**POLICY_DEFAULTS, "anonymous_expiry_days": DAYS}}
    run_at = EXPIRES + DAY // 2
    ctx = JobContext(uow, lambda: None, config, lambda: run_at)  # type: ignore[arg-type, return-value]
    assert dict(job.run(ctx).counts) == {"members": 1, "principal_minor": 50_000,
                                         "bonus_minor": 3_000}  # fmt: skip
    assert dict(job.run(ctx).counts)["members"] == 0
    report = liability(uow(), ADMIN, "2030-01-16", 480, now_ms=run_at)
    assert (report.expired_principal_minor, report.expired_bonus_minor) == (50_000, 3_000)
    assert report.expire_count == 1
    assert report.opening == Balance(80_000, 3_000)
    assert report.closing == Balance(30_000, 0) and report.balanced
    assert (report.redeemed_principal_minor, report.forfeited_minor) == (0, 0)


def test_the_rule_refuses_an_expiry_within_three_years() -> None:
    with pytest.raises(Exception, match="may not expire within three years"):
        policy_from_config({**POLICY_DEFAULTS, "anonymous_expiry_days": 1095})
