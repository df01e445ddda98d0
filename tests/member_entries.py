"""Member sales and returns as a till writes them (issue 15): a sale naming a member, paid
with cash, stored value (online or offline) or points, and a return of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.returns import ReturnLine, SoldLine, points_paid_back
from edge_agent.domain.tender import Tender
from tests.journal_entries import PRICE, sale_of

AT_MS = 1_780_000_000_000  # 2026-05-28 (UTC)


def tender(
    method: str, amount: int, key: str = "", offline: bool = False, points: int = 0
) -> ledger_pb2.Tender:
    return ledger_pb2.Tender(
        method=method, amount_minor=amount, authorisation_key=key, offline=offline, points=points
    )


def member_sale(
    seq: int,
    member: str,
    lines: Sequence[tuple[str, int]] = (("COLA", 1),),
    tenders: Sequence[ledger_pb2.Tender] = (),
    level: str = "",
    birthday: str = "",
    at_ms: int = AT_MS,
) -> ledger_pb2.JournalEntry:
    """A sale of goods for `member` (PRICE a unit); cash pays whatever `tenders` leave."""
    entry = sale_of(seq, lines, at_ms + seq)
    sale = entry.sale
    sale.member_id, sale.member_level, sale.member_birthday = member, level, birthday
    paid = sum(t.amount_minor for t in tenders)
    del sale.tenders[:]
    sale.tenders.extend(tenders)
    if sale.total_minor > paid:
        sale.tenders.append(tender("cash", sale.total_minor - paid))
    return entry


def member_return(
    seq: int,
    sale: ledger_pb2.JournalEntry,
    lines: Sequence[tuple[int, int]],
    refunds: Sequence[ledger_pb2.Tender] = (),
    at_ms: int = AT_MS,
    points_minor: int = 0,
) -> ledger_pb2.JournalEntry:
    """A return of (line_no, qty) of `sale`, restocked; cash refunds what `refunds` leave,
    less `points_minor` (what the sale's points paid of them: head office gives it back)."""
    by_no = {line.line_no: line for line in sale.sale.lines}
    total = sum(qty * PRICE for _n, qty in lines)
    paid = sum(t.amount_minor for t in refunds) + points_minor
    body = ledger_pb2.SaleReturn(
        return_id=f"return-{seq}", return_no=seq, original_sale_id=sale.sale.sale_id,
        original_sale_no=sale.sale.sale_no, till_id="T1", cashier="anna",
        lines=[
            ledger_pb2.ReturnLine(sku=by_no[n].sku, qty_base=qty, unit_price_minor=PRICE,
                                  amount_minor=qty * PRICE, disposition="restock",
                                  original_line_no=n)
            for n, qty in lines
        ],
        refunds=[*refunds, *([tender("cash", total - paid)] if total > paid else [])],
        total_minor=total, currency="CNY",
    )  # fmt: skip
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=at_ms + seq, actor="anna", document_type="sale_return",
        document_id=body.return_id,
        movements=[
            ledger_pb2.Movement(sku=by_no[n].sku, qty_base=qty,
                                reason=ledger_pb2.MOVEMENT_REASON_RETURN)
            for n, qty in lines
        ],
        sale_return=body,
    )  # fmt: skip


def points_part(
    sale: ledger_pb2.JournalEntry, before: Mapping[int, int], lines: Sequence[tuple[int, int]]
) -> int:
    """What the till keeps back of the money refund of a return of (line_no, qty) of `sale`,
    after `before` {line_no: qty} came back: what the sale's points paid of those lines
    (edge_agent.domain.returns.points_paid_back; head office gives it back as points)."""
    sold = [
        SoldLine(n.line_no, n.sku, n.sku, n.qty_base, n.unit_price_minor,
                 n.amount_minor - n.offer_discount_minor, before.get(n.line_no, 0))
        for n in sale.sale.lines
    ]  # fmt: skip
    tenders = [
        Tender(t.method, t.amount_minor, t.amount_minor, 0, "", points=t.points)
        for t in sale.sale.tenders
    ]
    back = [ReturnLine("", "", qty, 0, 0, "restock", n) for n, qty in lines]
    return points_paid_back(sold, tenders, back).paid_minor
