"""A return of a sale paid partly with points, split between the points head office gives
back and the money the till refunds: for random carts, points payments and return
sequences, each return's points part (head office: common.domain.points.reverse over the
sale's figures) plus the till's money refund (edge_agent.domain.returns) is exactly the
returned lines' net, never negative, and all returns together give back the sale."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from common.domain.points import (
    CASH,
    GOODS,
    POINTS,
    PointsLine,
    PointsRule,
    PointsTender,
    earn,
    payment_points,
    reverse,
)
from common.domain.product import CatalogueProduct
from edge_agent.domain.returns import (
    ReturnRequestItem,
    SoldLine,
    against_sale,
    points_paid_back,
)
from edge_agent.domain.tender import Tender

SKUS = ("A", "B", "C")


@st.composite
def points_sales(draw: st.DrawFn) -> tuple[list[SoldLine], int, PointsRule]:
    count = draw(st.integers(1, 5))
    lines = [
        SoldLine(
            n,
            draw(st.sampled_from(SKUS)),  # a SKU may fill several lines
            "item",
            draw(st.integers(1, 7)),
            0,
            draw(st.integers(0, 50_000)),
            0,
        )
        for n in range(1, count + 1)
    ]
    total = sum(line.amount_minor for line in lines)
    paid = draw(st.integers(1 if total else 0, total))
    rule = PointsRule(
        redeem_points=draw(st.sampled_from([1, 3, 100])),
        redeem_minor=draw(st.sampled_from([1, 2, 100])),
    )
    return lines, paid, rule


@settings(max_examples=300, deadline=None)
@given(sale=points_sales(), data=st.data())
def test_points_back_plus_money_refunded_is_each_return_and_all_of_them_the_sale(
    sale: tuple[list[SoldLine], int, PointsRule], data: st.DataObject
) -> None:
    lines, points_minor, rule = sale
    total = sum(line.amount_minor for line in lines)
    points = payment_points(points_minor, rule) if points_minor else 0
    tenders = [Tender(CASH, total - points_minor, total - points_minor, 0, "")]
    if points_minor:
        tenders.append(Tender(POINTS, points_minor, points_minor, 0, "", points=points))
    # Head office's figures for the sale, as it applies it.
    figures = earn(
        [PointsLine(s.line_no, GOODS, s.qty_base, s.amount_minor) for s in lines],
        [PointsTender(t.method, t.amount_minor, t.points) for t in tenders],
        rule,
    )
    returned = {s.line_no: 0 for s in lines}
    money = points_back = points_money = net = 0
    left = {sku: sum(s.qty_base for s in lines if s.sku == sku) for sku in SKUS}
    while any(left.values()):
        sku = data.draw(st.sampled_from([k for k, v in left.items() if v]))
        qty = data.draw(st.integers(1, left[sku]))
        left[sku] -= qty
        sold = [
            SoldLine(s.line_no, s.sku, s.name, s.qty_base, 0, s.amount_minor, returned[s.line_no])
            for s in lines
        ]
        product = CatalogueProduct(sku, "item", "piece", 0, 0, "CNY")
        back_lines = against_sale(1, sold, [ReturnRequestItem(product, qty, "restock")])
        # The till: the lines' net, less what the points paid of them, refunded in money.
        till_net = sum(r.amount_minor for r in back_lines)
        till_points = points_paid_back(sold, tenders, back_lines).paid_minor
        refund = till_net - till_points
        # Head office, applying the return.
        returning: dict[int, int] = {}
        for r in back_lines:
            returning[r.original_line_no] = returning.get(r.original_line_no, 0) + r.qty_base
        back = reverse(figures, returned, returning)
        assert (back.net_minor, back.paid_minor, back.money_minor) == (
            till_net,
            till_points,
            refund,
        )
        assert refund >= 0 and back.paid_points >= 0 and back.paid_minor >= 0
        if rule.redeem_points == rule.redeem_minor:  # a point a fen: the points are the money
            assert back.paid_points == back.paid_minor
        for n, q in returning.items():
            returned[n] += q
        money += refund
        points_back += back.paid_points
        points_money += back.paid_minor
        net += till_net
    assert net == total
    assert (money, points_money, points_back) == (total - points_minor, points_minor, points)
