"""Head office applies member sales and returns (issue 15), on both databases: the member and
the level and birthday priced with are checked, stored-value and points tenders must name
what head office booked (offline debits are booked, an overdraft becomes a receivable), points
are earned and reversed in the batch's transaction, and the member's figures a day are kept.
A refused batch leaves no row; a replayed batch changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.points import PointsRule
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.member_levels import level_rules
from headoffice.domain.roles import Staff
from headoffice.domain.stored_value import POLICY_DEFAULTS, policy_from_config
from headoffice.services import stored_value as sv
from headoffice.services.member_merge import merge_members
from headoffice.services.member_sales import MemberSettings
from headoffice.services.members import NewMember, add_member
from headoffice.services.points import adjust_points, balance_of, pay_with_points
from headoffice.services.sync import ApplyResult, apply_batch
from headoffice.services.till_points import till_points_key
from headoffice.store.loyalty_tables import points_entries
from headoffice.store.member_sales_tables import member_sale_lines, member_sales, offline_debits
from headoffice.store.member_tables import members as members_table
from headoffice.store.member_tables import stored_value_accounts, stored_value_entries
from headoffice.store.tables import journal_entries as journal
from headoffice.store.unit_of_work import UnitOfWork
from tests.member_entries import member_return, member_sale, points_part, tender

pytestmark = pytest.mark.usefixtures("store")
Uow = Callable[[], UnitOfWork]
POLICY = policy_from_config(POLICY_DEFAULTS)
SETTINGS = MemberSettings(offline_allowance_minor=1_000)
SETTINGS_RULES = level_rules({"levels": "silver:100000:0:365,gold:500000:0:365"})
ADMIN = Staff("admin", "admin")
NOW = 1_780_000_100_000


def member(uow: Uow, n: int = 1, birthday: str = "") -> str:
    new = NewMember(phone=f"1390000{n:04d}", name=f"Member {n}", birthday=birthday)
    return add_member(uow(), "admin", new).member_id


def apply(uow: Uow, *entries, settings: MemberSettings = SETTINGS) -> ApplyResult:  # type: ignore[no-untyped-def]
    return apply_batch(uow(), "S001", list(entries), NOW, members=settings)


def refused(uow: Uow, *entries) -> InvalidEntry:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidEntry) as caught:
        apply(uow, *entries)
    return caught.value


def rows(engine: Engine, table: sa.Table) -> list[sa.Row]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(table)))


def topup(uow: Uow, member_id: str, paid: int) -> None:
    sv.topup(uow(), sv.Request("", f"top:{member_id}:{paid}", "admin"), member_id, paid, POLICY)


def balance_is_sum(engine: Engine, member_id: str) -> int:
    """The account's balance, checked equal to the sum of the member's entries."""
    number = int(member_id[1:])
    with engine.connect() as conn:
        account = conn.execute(
            sa.select(stored_value_accounts).where(stored_value_accounts.c.member_no == number)
        ).one()
        t = stored_value_entries
        p, b = conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(t.c.principal_minor), 0),
                      sa.func.coalesce(sa.func.sum(t.c.bonus_minor), 0))
            .where(t.c.member_no == number)
        ).one()  # fmt: skip
    assert (account.principal_minor, account.bonus_minor) == (p, b)
    return int(p + b)


def test_a_member_sale_earns_points_and_counts_a_visit(uow: Uow, engine: Engine) -> None:
    m = member(uow)
    apply(uow, member_sale(1, m, [("COLA", 2), ("TEA", 1)]))  # 900 fen: 9 points
    assert balance_of(uow(), m) == 9
    [day] = rows(engine, member_sales)
    assert (day.member_id, day.store_code, day.sales_count, day.net_minor, day.points_earned) == (
        m, "S001", 1, 900, 9)  # fmt: skip
    assert day.day == "2026-05-28"
    assert [(r.line_no, r.qty, r.earned) for r in rows(engine, member_sale_lines)] == [
        (1, 2, 6), (2, 1, 3)]  # fmt: skip


def test_the_day_is_the_shops_day(uow: Uow, engine: Engine) -> None:
    with uow() as u:
        u.sales_report.set_sku_day_offset(480)  # UTC+8
        u.commit()
    m = member(uow)
    apply(uow, member_sale(1, m, at_ms=1_780_000_000_000 + 16 * 3600_000))  # 16:xx UTC
    assert rows(engine, member_sales)[0].day == "2026-05-29"


def test_a_sale_without_a_member_books_nothing(uow: Uow, engine: Engine) -> None:
    from tests.journal_entries import sale

    apply(uow, sale(1))
    assert rows(engine, member_sales) == [] and rows(engine, points_entries) == []


@pytest.mark.parametrize(
    "level, birthday, why",
    [("gold", "", "level 'gold'"), ("platinum", "", "level 'platinum'"),
     ("", "01-02", "birthday '01-02'")],
)  # fmt: skip
def test_a_level_or_birthday_the_member_does_not_hold_is_refused(
    uow: Uow, engine: Engine, level: str, birthday: str, why: str
) -> None:
    m = member(uow, birthday="1990-07-15")
    settings = MemberSettings(rules=SETTINGS_RULES)
    with pytest.raises(InvalidEntry) as caught:
        apply(uow, member_sale(1, m, level=level, birthday=birthday), settings=settings)
    assert caught.value.code == "member_mismatch" and why in str(caught.value)
    assert rows(engine, journal) == [] and rows(engine, points_entries) == []


def test_the_level_and_birthday_the_member_holds_apply(uow: Uow) -> None:
    m = member(uow, birthday="1990-07-15")
    with uow() as u:
        u.connection.execute(
            members_table.update().where(members_table.c.member_id == m).values(level="gold")
        )
        u.commit()
    settings = MemberSettings(rules=SETTINGS_RULES)
    # a level they held below the current one (a till's cached level) is accepted
    apply(uow, member_sale(1, m, level="silver", birthday="07-15"), settings=settings)
    apply(uow, member_sale(2, m, level="gold", birthday="07-15"), settings=settings)
    assert balance_of(uow(), m) == 6


def test_an_unknown_or_erased_member_is_refused(uow: Uow, engine: Engine) -> None:
    assert "M000099" in str(refused(uow, member_sale(1, "M000099")))
    m = member(uow)
    with uow() as u:
        u.connection.execute(
            members_table.update().where(members_table.c.member_id == m).values(erased_at_ms=5)
        )
        u.commit()
    assert refused(uow, member_sale(1, m)).code == "member_mismatch"
    assert rows(engine, member_sales) == [] and rows(engine, journal) == []


def test_a_merged_members_sale_is_credited_to_the_survivor(uow: Uow, engine: Engine) -> None:
    survivor, duplicate = member(uow, 1), member(uow, 2)
    merge_members(uow(), ADMIN, survivor, duplicate, {"named": 10**8, "anonymous": 10**8})
    apply(uow, member_sale(1, duplicate))
    assert balance_of(uow(), survivor) == 3
    assert [r.member_id for r in rows(engine, member_sales)] == [survivor]


def test_an_online_stored_value_payment_must_be_booked(uow: Uow, engine: Engine) -> None:
    m = member(uow)
    topup(uow, m, 1_000)
    sv.debit(uow(), sv.Request("S001", "k1:sv", "anna@S001"), m, 200, POLICY)
    unbooked = refused(uow, member_sale(1, m, tenders=[tender("stored_value", 200, "k2:sv")]))
    assert unbooked.code == "stored_value_unbooked" and "k2:sv" in str(unbooked)
    other = refused(uow, member_sale(1, m, tenders=[tender("stored_value", 300, "k1:sv")]))
    assert other.code == "stored_value_unbooked" and "200" in str(other)
    apply(uow, member_sale(1, m, tenders=[tender("stored_value", 200, "k1:sv")]))
    # 300 fen, 200 of them stored value: earns on 100 only
    assert balance_of(uow(), m) == 1
    assert balance_is_sum(engine, m) == 800


def test_a_stored_value_payment_without_a_member_is_refused(uow: Uow) -> None:
    assert refused(uow, member_sale(1, "", tenders=[tender("stored_value", 100, "x")])).code == (
        "member_mismatch"
    )


def test_an_offline_debit_is_booked_once_and_an_overdraft_becomes_a_receivable(
    uow: Uow, engine: Engine
) -> None:
    m = member(uow)
    topup(uow, m, 500)
    within = member_sale(1, m, tenders=[tender("stored_value", 300, "T1:off:1", offline=True)])
    over = member_sale(2, m, [("COLA", 4)], [tender("stored_value", 1_200, "T1:off:2", True)])
    result = apply(uow, within, over)
    assert (result.members.offline_debits, result.members.offline_exceeded) == (2, 1)
    assert result.members.shortfall_minor == 1_000
    booked = {r.idem_key: (r.taken_minor, r.shortfall_minor, r.over_allowance)
              for r in rows(engine, offline_debits)}  # fmt: skip
    assert booked == {"T1:off:1": (300, 0, False), "T1:off:2": (200, 1_000, True)}
    assert balance_is_sum(engine, m) == 0
    again = apply(uow, within, over)  # the store resends: nothing twice
    assert (again.applied, again.duplicates) == (0, 2)
    assert len(rows(engine, offline_debits)) == 2 and balance_is_sum(engine, m) == 0
    assert len(rows(engine, stored_value_entries)) == 3  # the top-up and two debits
    # another sale under a key that booked an offline payment already books nothing
    reused = member_sale(3, m, tenders=[tender("stored_value", 300, "T1:off:1", offline=True)])
    assert "T1:off:1" in str(refused(uow, reused))
    assert len(rows(engine, offline_debits)) == 2 and balance_is_sum(engine, m) == 0


def test_a_points_payment_must_be_taken_at_head_office(uow: Uow, engine: Engine) -> None:
    m = member(uow)
    adjust_points(uow(), m, "open", 500, 202605, "carried over", NOW)
    paying = member_sale(1, m, [("COLA", 2)], [tender("points", 100, "k:pts", points=100)])
    assert refused(uow, paying).code == "points_unbooked"
    pay_with_points(uow(), m, till_points_key("S001", "k:pts"), 100, PointsRule(), "sale-2", NOW)
    wrong = member_sale(1, m, [("COLA", 2)], [tender("points", 100, "k:pts", points=90)])
    assert "90" in str(refused(uow, wrong))
    apply(uow, member_sale(1, m, [("COLA", 2)], [tender("points", 100, "k:pts", points=100)]))
    # 600 fen, 100 paid with points: earns on 500
    assert balance_of(uow(), m) == 500 - 100 + 5


def test_earn_then_return_everything_restores_points_exactly(uow: Uow, engine: Engine) -> None:
    m = member(uow)
    adjust_points(uow(), m, "open", 500, 202605, "carried over", NOW)
    pay_with_points(uow(), m, till_points_key("S001", "k:pts"), 250, PointsRule(), "sale-1", NOW)
    sold = member_sale(
        1, m, [("COLA", 3), ("TEA", 4)], [tender("points", 250, "k:pts", points=250)]
    )
    apply(uow, sold)
    assert balance_of(uow(), m) == 250 + 18  # 2100 - 250 paid with points: 1850 earns 18
    first, second = points_part(sold, {}, [(1, 1)]), points_part(sold, {1: 1}, [(2, 4)])
    apply(uow, member_return(2, sold, [(1, 1)], points_minor=first),
          member_return(3, sold, [(2, 4)], points_minor=second))  # fmt: skip
    apply(uow, member_return(4, sold, [(1, 2)], points_minor=250 - first - second))
    assert balance_of(uow(), m) == 500
    [day] = rows(engine, member_sales)
    assert (day.sales_count, day.returns_count, day.net_minor, day.points_earned) == (1, 3, 0, 0)
    assert {(r.line_no, r.returned_qty) for r in rows(engine, member_sale_lines)} == {
        (1, 3),
        (2, 4),
    }


def test_a_stored_value_refund_must_be_booked(uow: Uow, engine: Engine) -> None:
    m = member(uow)
    topup(uow, m, 1_000)
    debit = sv.debit(uow(), sv.Request("S001", "k:sv", "anna@S001"), m, 300, POLICY)
    sold = member_sale(1, m, tenders=[tender("stored_value", 300, "k:sv")])
    apply(uow, sold)
    back = member_return(2, sold, [(1, 1)], [tender("stored_value", 300, "r:sv")])
    assert refused(uow, back).code == "stored_value_unbooked"
    assert refused(uow, member_return(2, sold, [(1, 1)], [tender("points", 300, "r")])).code == (
        "points_unbooked"
    )
    sv.refund(uow(), sv.Request("S001", "r:sv", "anna@S001"), debit.entry.entry_id, 300)
    apply(uow, back)
    assert balance_is_sum(engine, m) == 1_000
