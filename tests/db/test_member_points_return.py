"""A till's return of a sale paid partly with points (issue 15), on both databases: the till
refunds in money what the returned lines were paid otherwise (edge_agent.domain.returns,
the shared rule of common.domain.points), head office's apply_batch accepts it and gives back
exactly the points those lines were paid with; a return refunding more in money than that
part is refused with `refund_over_money` and leaves no row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.points import PointsRule
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import InvalidEntry
from headoffice.services.member_sales import MemberSettings
from headoffice.services.members import NewMember, add_member
from headoffice.services.points import adjust_points, balance_of, pay_with_points
from headoffice.services.sync import apply_batch
from headoffice.services.till_points import till_points_key
from headoffice.store.member_sales_tables import member_sale_lines
from headoffice.store.tables import journal_entries
from headoffice.store.unit_of_work import UnitOfWork
from tests.member_entries import member_return, member_sale, points_part, tender

pytestmark = pytest.mark.usefixtures("store")
Uow = Callable[[], UnitOfWork]
NOW = 1_780_000_100_000


def apply(uow: Uow, *entries: ledger_pb2.JournalEntry) -> None:
    apply_batch(uow(), "S001", list(entries), NOW, members=MemberSettings())


def points_sale(uow: Uow, points: int) -> tuple[str, ledger_pb2.JournalEntry]:
    """A member with 1,000 points buys 3 COLA and 4 TEA (2,100 fen), `points` of it paid
    with points (a point a fen) booked at head office as the till's PayWithPoints does."""
    m = add_member(uow(), "admin", NewMember(phone="13900000001", name="Ann")).member_id
    adjust_points(uow(), m, "open", 1_000, 202605, "carried over", NOW)
    pay_with_points(uow(), m, till_points_key("S001", "k:pts"), points, PointsRule(), "s-1", NOW)
    sold = member_sale(
        1, m, [("COLA", 3), ("TEA", 4)], [tender("points", points, "k:pts", points=points)]
    )
    return m, sold


def test_a_till_return_of_a_points_paid_sale_gives_the_points_back_exactly(
    uow: Uow, engine: Engine
) -> None:
    m, sold = points_sale(uow, 301)
    apply(uow, sold)
    start = balance_of(uow(), m)  # 1,000 - 301 + 17 earned on the 1,799 paid in cash
    assert start == 1_000 - 301 + 17
    before: dict[int, int] = {}
    seq, points_back, cash = 2, 0, 0
    for lines in ([(1, 1)], [(2, 3), (1, 1)], [(1, 1), (2, 1)]):
        part = points_part(sold, before, lines)
        back = member_return(seq, sold, lines, points_minor=part)
        earned_back = balance_of(uow(), m)
        apply(uow, back)
        given = balance_of(uow(), m) - earned_back
        # A point a fen: the points given back are the points' part the till kept back.
        net = sum(qty * 300 for _n, qty in lines)
        refunded = sum(t.amount_minor for t in back.sale_return.refunds)
        assert refunded + part == net
        points_back += part
        cash += refunded
        for n, qty in lines:
            before[n] = before.get(n, 0) + qty
        seq += 1
        assert given <= part  # what came back less what the lines had earned
    assert (points_back, cash) == (301, 2_100 - 301)
    assert balance_of(uow(), m) == 1_000
    with engine.connect() as conn:
        kept = conn.execute(
            sa.select(member_sale_lines.c.net_minor, member_sale_lines.c.paid_minor)
            .order_by(member_sale_lines.c.line_no)
        ).all()  # fmt: skip
    assert [tuple(r) for r in kept] == [(900, 129), (1_200, 172)]


def test_the_sale_and_its_return_in_one_batch_restore_the_points(uow: Uow) -> None:
    m, sold = points_sale(uow, 250)
    part = points_part(sold, {}, [(1, 3), (2, 4)])
    assert part == 250
    apply(uow, sold, member_return(2, sold, [(1, 3), (2, 4)], points_minor=part))
    assert balance_of(uow(), m) == 1_000


def test_a_return_refunding_the_points_part_in_money_is_refused(uow: Uow, engine: Engine) -> None:
    m, sold = points_sale(uow, 301)
    apply(uow, sold)
    balance = balance_of(uow(), m)
    with engine.connect() as conn:
        journalled = conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).one()
    part = points_part(sold, {}, [(1, 1)])
    assert part == 43  # floor(129 x 300 / 900)
    over = member_return(2, sold, [(1, 1)], points_minor=part - 1)  # one fen too much cash
    with pytest.raises(InvalidEntry) as caught:
        apply(uow, over)
    assert caught.value.code == "refund_over_money"
    assert "257 fen otherwise than with points" in str(caught.value)
    assert balance_of(uow(), m) == balance
    with engine.connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).one()
            == journalled
        )
        assert {r.returned_qty for r in conn.execute(sa.select(member_sale_lines))} == {0}
    apply(uow, member_return(2, sold, [(1, 1)], points_minor=part))
    assert balance_of(uow(), m) == balance + part - 2  # 43 back, 2 of the 7 the colas earned off
