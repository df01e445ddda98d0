"""The Till service's requests and replies: selling, returns, printing, stock and status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.api.messages.catalogue import product_pb
from edge_agent.devices.peripherals import PrintResult
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.sale_record import RecordedLine
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.member_payments import FoundMember, MemberPaid
from edge_agent.services.queries import LedgerStatus, StockRow
from edge_agent.services.receiving import ReceiveResult
from edge_agent.services.returning import ReturnItemIn, ReturnResult
from edge_agent.services.selling import CartPrice, SaleRecord, SaleResult, ScanAnswer
from edge_agent.store.journal_codec.sales import (
    recorded_line_of,
    sale_line_pb,
    sale_pb,
    sale_return_pb,
)
from edge_agent.store.journal_codec.stock import delivery_pb
from edge_agent.sync.link import HeadOfficeRefusal


def scanned_items(items: Iterable[till_pb2.SellItem]) -> list[ScannedItem]:
    return [
        ScannedItem(
            i.code,
            i.qty_base,
            i.price_override_minor if i.HasField("price_override_minor") else None,
            i.discount_minor,
            i.approval_id,
        )
        for i in items
    ]


def tender_offers(tenders: Iterable[till_pb2.TenderRequest]) -> list[TenderOffer]:
    return [TenderOffer(t.method, t.amount_minor, t.reference, t.points) for t in tenders]


def sale_member(
    found: FoundMember | None, paid: MemberPaid | None, tz: dt.tzinfo
) -> till_pb2.SaleMember | None:
    """The member as the till shows them (masked), after the sale's payments when paid."""
    if paid is not None:
        found = FoundMember(paid.known, paid.online)
    if found is None:
        return None
    known = found.known
    return till_pb2.SaleMember(
        member_id=known.member_id,
        phone_masked=known.phone_masked,
        name_masked=known.name_masked,
        level=known.level,
        birthday_today=known.birthday_on(dt.datetime.now(tz).date()),
        balance_minor=paid.balance_minor if paid else known.balance_minor,
        offline=not found.online or bool(paid and paid.stored_value_offline),
        points_paid=paid.points_paid if paid else 0,
    )


def print_outcome(result: PrintResult) -> till_pb2.PrintOutcome:
    return till_pb2.PrintOutcome(
        printed=result.printed, drawer_opened=result.drawer_opened, warning=result.warning
    )


def sell_reply(
    result: SaleResult, printed: PrintResult, tz: dt.tzinfo = dt.UTC
) -> till_pb2.SellReply:
    return till_pb2.SellReply(
        seq=result.seq,
        sale=sale_pb(result.sale),
        receipt_text=result.receipt_text,
        change_minor=result.change_minor,
        print=print_outcome(printed),
        member=sale_member(None, result.member, tz),
    )


def scan_result(answer: ScanAnswer) -> till_pb2.ScanResult:
    return till_pb2.ScanResult(
        product=product_pb(answer.product, answer.barcodes),
        kind=answer.kind,
        qty_base=answer.qty_base,
        amount_minor=answer.amount_minor,
    )


def cart_quote(price: CartPrice, tz: dt.tzinfo = dt.UTC) -> till_pb2.CartQuote:
    q = price.quote
    return till_pb2.CartQuote(
        lines=[sale_line_pb(line) for line in q.lines],
        total_minor=q.total_minor,
        cash_total_minor=q.cash_total_minor,
        rounding_minor=q.rounding_minor,
        currency=price.currency,
        member=sale_member(price.member, None, tz),
    )


def sale_record(rec: SaleRecord) -> till_pb2.SaleRecord:
    return till_pb2.SaleRecord(
        seq=rec.seq,
        sale=sale_pb(rec.sale),
        returned_qty_base=rec.returned_qty_base,
        receipt_text=rec.receipt_text,
    )


def voided_lines(lines: Iterable[ledger_pb2.SaleLine]) -> list[RecordedLine]:
    return [recorded_line_of(line) for line in lines]


def return_items(items: Iterable[till_pb2.ReturnItem]) -> list[ReturnItemIn]:
    return [ReturnItemIn(i.code, i.qty_base, i.disposition) for i in items]


def return_reply(result: ReturnResult, printed: PrintResult) -> till_pb2.ReturnReply:
    return till_pb2.ReturnReply(
        seq=result.seq,
        sale_return=sale_return_pb(result.sale_return),
        receipt_text=result.receipt_text,
        print=print_outcome(printed),
    )


def delivery_items(items: Iterable[till_pb2.ReceiveItem]) -> list[DeliveryItem]:
    return [DeliveryItem(i.code, i.qty_base, i.unit_cost_minor, i.expiry_date) for i in items]


def receive_reply(result: ReceiveResult) -> till_pb2.ReceiveReply:
    return till_pb2.ReceiveReply(seq=result.seq, delivery=delivery_pb(result.delivery))


def stock_reply(rows: list[StockRow]) -> till_pb2.TillStockReply:
    return till_pb2.TillStockReply(
        rows=[
            till_pb2.TillStockRow(sku=r.sku, name=r.name, unit=r.unit, qty_base=r.qty_base)
            for r in rows
        ]
    )


def status_reply(
    st: LedgerStatus,
    connected: bool,
    refusal: HeadOfficeRefusal | None = None,
    unwritable_since_ms: int = 0,
) -> till_pb2.TillStatusReply:
    """The ledger's sync status, the link's state and, while head office refuses the
    journal, since when, the entry, the reason code and head office's sentence; while the
    ledger's disk refuses writes, since when."""
    reply = till_pb2.TillStatusReply(
        store_code=st.store_code,
        connected=connected,
        newest_seq=st.newest_seq,
        committed_seq=st.committed_seq,
        backlog_count=st.backlog_count,
        lag_ms=st.lag_ms,
        last_contact_ms=st.last_contact_ms,
        downstream_cursor=st.downstream_cursor,
        product_count=st.product_count,
        ledger_unwritable_since_ms=unwritable_since_ms,
    )
    if refusal is not None:
        reply.refused_since_ms = refusal.since_ms
        reply.refused_seq = refusal.seq
        reply.refused_reason = refusal.reason
        reply.refused_message = refusal.message
    return reply
