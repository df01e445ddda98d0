"""Properties of member sales applied at head office, on both databases (hypothesis): a sale
earned and then returned whole, in any chunks and batches, restores the member's points
exactly (points paid with come back too); a replayed batch changes nothing; a refused batch
leaves no row."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count as counter

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlalchemy.engine import Engine

from common.domain.points import PointsRule
from headoffice.domain.errors import InvalidEntry
from headoffice.services.member_sales import MemberSettings
from headoffice.services.members import NewMember, add_member
from headoffice.services.points import adjust_points, balance_of, pay_with_points
from headoffice.services.sync import apply_batch
from headoffice.services.till_points import till_points_key
from headoffice.store.loyalty_tables import points_entries
from headoffice.store.member_sales_tables import member_sale_lines, member_sales
from headoffice.store.tables import journal_entries, store_sync
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import PRICE
from tests.member_entries import member_return, member_sale, points_part, tender

pytestmark = pytest.mark.usefixtures("store")
Uow = Callable[[], UnitOfWork]
SETTINGS = MemberSettings()
OPENING = 10_000
SKUS = ("COLA", "WATER", "TEA", "SKU0", "SKU1")

cart = hs.lists(
    hs.tuples(hs.sampled_from(SKUS), hs.integers(1, 6)), min_size=1, max_size=4,
    unique_by=lambda item: item[0],
)  # fmt: skip


def counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (journal_entries, points_entries, member_sales, member_sale_lines)
        )


def test_earn_then_return_everything_restores_points_exactly(uow: Uow, engine: Engine) -> None:
    state = {"next": 1}  # the store's next sequence number
    phones = counter(1)

    def take() -> int:
        state["next"] += 1
        return state["next"] - 1

    @settings(max_examples=25, deadline=None, derandomize=True, report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(cart, hs.integers(0, 100), hs.data())
    def one_member(items: list[tuple[str, int]], paid_share: int, data: hs.DataObject) -> None:
        with engine.connect() as conn:  # each example goes on from what head office committed
            committed = conn.execute(
                sa.select(store_sync.c.committed_seq).where(store_sync.c.store_code == "S001")
            ).scalar_one()
        state["next"] = committed + 1
        new = NewMember(phone=f"1370000{next(phones):04d}", name="P")
        m = add_member(uow(), "admin", new).member_id
        adjust_points(uow(), m, f"open:{m}", OPENING, 202605, "carried over", 1)
        seq = take()
        total = sum(qty for _sku, qty in items) * PRICE
        paid = total * paid_share // 100
        tenders = []
        if paid:
            key = f"{m}:pts"
            pay_with_points(
                uow(), m, till_points_key("S001", key), paid, PointsRule(), f"sale-{seq}", 1
            )
            tenders.append(tender("points", paid, key, points=paid))
        sold = member_sale(seq, m, items, tenders)
        apply_batch(uow(), "S001", [sold], members=SETTINGS)
        earned = (total - paid) // 100
        assert balance_of(uow(), m) == OPENING - paid + earned

        # Every unit back, in random chunks, over returns grouped into random batches.
        chunks: list[list[tuple[int, int]]] = []
        for line_no, (_sku, qty) in enumerate(items, start=1):
            left = qty
            while left:
                part = data.draw(hs.integers(1, left))
                chunks.append([(line_no, part)])
                left -= part
        order = data.draw(hs.permutations(chunks))
        batch: list = []  # type: ignore[type-arg]
        returned: dict[int, int] = {}
        for chunk in order:
            # The till refunds in money what the points did not pay (tests.member_entries).
            kept = points_part(sold, returned, chunk)
            batch.append(member_return(take(), sold, chunk, points_minor=kept))
            for line_no, qty in chunk:
                returned[line_no] = returned.get(line_no, 0) + qty
            if data.draw(hs.booleans()):
                apply_batch(uow(), "S001", batch, members=SETTINGS)
                last, batch = batch, []
        if batch:
            apply_batch(uow(), "S001", batch, members=SETTINGS)
            last = batch
        assert balance_of(uow(), m) == OPENING

        # The store resends its last batch: nothing changes.
        before = counts(engine)
        again = apply_batch(uow(), "S001", last, members=SETTINGS)
        assert (again.applied, counts(engine), balance_of(uow(), m)) == (0, before, OPENING)

        # A batch that names a member head office does not know is refused whole: no row.
        first = state["next"]
        bad = [member_sale(first, m), member_sale(first + 1, "M999999")]
        with pytest.raises(InvalidEntry) as refused:
            apply_batch(uow(), "S001", bad, members=SETTINGS)
        assert refused.value.code == "member_mismatch" and refused.value.seq == first + 1
        assert counts(engine) == before and balance_of(uow(), m) == OPENING

    one_member()
