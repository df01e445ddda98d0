"""Store journal entries as a store writes them: a document and the movements it makes.

Head office checks that an entry's movements are what its document says
(common.journal_rules), so a test's entry carries both. One place builds them
for the unit, database and benchmark tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.pb.storeledger.v1 import channels_pb2, ledger_pb2, stocktake_pb2

SALE = ledger_pb2.MOVEMENT_REASON_SALE
RECEIPT = ledger_pb2.MOVEMENT_REASON_RECEIPT
ADJUSTMENT = ledger_pb2.MOVEMENT_REASON_ADJUSTMENT
CHANNEL_FULFILMENT = ledger_pb2.MOVEMENT_REASON_CHANNEL_FULFILMENT
PRICE = 300


def sale_of(
    seq: int, lines: Sequence[tuple[str, int]], at_ms: int = 0, actor: str = "anna"
) -> ledger_pb2.JournalEntry:
    """A sale of goods: (sku, qty) per line, each taking its quantity off the shelf."""
    sale_id = f"sale-{seq}"
    total = sum(qty * PRICE for _sku, qty in lines)
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=at_ms or 1_000 + seq,
        actor=actor,
        document_type="sale",
        document_id=sale_id,
        movements=[ledger_pb2.Movement(sku=sku, qty_base=-qty, reason=SALE) for sku, qty in lines],
        sale=ledger_pb2.Sale(
            sale_id=sale_id,
            sale_no=seq,
            till_id="T1",
            cashier=actor,
            lines=[
                ledger_pb2.SaleLine(
                    line_no=n,
                    sku=sku,
                    qty_base=qty,
                    unit_price_minor=PRICE,
                    amount_minor=qty * PRICE,
                    list_price_minor=PRICE,
                )  # fmt: skip
                for n, (sku, qty) in enumerate(lines, start=1)
            ],
            tenders=[ledger_pb2.Tender(method="cash", amount_minor=total, tendered_minor=total)],
            total_minor=total,
            currency="CNY",
        ),
    )


def sale(seq: int, sku: str = "COLA", qty: int = 1, at_ms: int = 0) -> ledger_pb2.JournalEntry:
    return sale_of(seq, [(sku, qty)], at_ms)


def delivery(
    seq: int, lines: Sequence[tuple[str, int, int]], actor: str = "bo"
) -> ledger_pb2.JournalEntry:
    """A supplier delivery: (sku, qty, unit cost) per line, each coming onto the shelf."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor=actor,
        document_type="receipt",
        document_id=f"receipt-{seq}",
        movements=[
            ledger_pb2.Movement(sku=sku, qty_base=qty, reason=RECEIPT, unit_cost_minor=cost)
            for sku, qty, cost in lines
        ],
        supplier_delivery=ledger_pb2.SupplierDelivery(
            delivery_id=f"receipt-{seq}",
            supplier_ref=f"DN-{seq}",
            lines=[
                ledger_pb2.SupplierDeliveryLine(sku=sku, qty_base=qty, unit_cost_minor=cost)
                for sku, qty, cost in lines
            ],
        ),
    )


def customer_return(seq: int, sku: str, qty: int) -> ledger_pb2.JournalEntry:
    """A customer's return of goods to the shelf (journal kind sale_return)."""
    amount = qty * PRICE
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor="anna",
        document_type="sale_return",
        document_id=f"return-{seq}",
        movements=[
            ledger_pb2.Movement(sku=sku, qty_base=qty, reason=ledger_pb2.MOVEMENT_REASON_RETURN)
        ],
        sale_return=ledger_pb2.SaleReturn(
            return_id=f"return-{seq}",
            return_no=seq,
            till_id="T1",
            cashier="anna",
            lines=[
                ledger_pb2.ReturnLine(
                    sku=sku,
                    qty_base=qty,
                    unit_price_minor=PRICE,
                    amount_minor=amount,
                    disposition="restock",
                )  # fmt: skip
            ],
            refunds=[ledger_pb2.Tender(method="cash", amount_minor=amount)],
            total_minor=amount,
            currency="CNY",
        ),
    )


# -- stocktake (journal kinds count_session, count_line, count_posting) ----------------


def count_session_event(
    seq: int,
    session_id: str,
    event: str,
    skus: Sequence[str] = (),
    kind: str = "skus",
    origin: str = "store",
    recount_skus: Sequence[str] = (),
    round_no: int = 0,
    by: str = "",
    classes: Sequence[tuple[str, str]] = (),
    actor: str = "mia",
    selling_locations: Sequence[str] = (),
) -> ledger_pb2.JournalEntry:
    """A count session event: opened (with its scope), submitted, recount, approved..."""
    body = stocktake_pb2.CountSessionEvent(
        session_id=session_id,
        event=event,
        origin=origin,
        recount_skus=list(recount_skus),
        round=round_no,
        by=by,
    )
    if event == "opened":
        body.scope.CopyFrom(stocktake_pb2.CountScope(kind=kind, skus=sorted(skus)))
        body.tolerance.CopyFrom(
            stocktake_pb2.CountTolerance(
                a_bp=100, b_bp=300, c_bp=500, value_minor=10_000, second_approval_minor=100_000
            )
        )
        body.classes.extend(stocktake_pb2.SkuClass(sku=s, abc_class=c) for s, c in classes)
        body.selling_locations.extend(selling_locations)
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor=actor,
        document_type="count_session",
        document_id=session_id,
        count_session=body,
    )


def count_line(
    seq: int,
    session_id: str,
    sku: str,
    qty: int,
    book: int,
    counter: str = "cai",
    location: str = "A-1",
    round_no: int = 0,
    reason: str = "",
    scanned_code: str = "",
) -> ledger_pb2.JournalEntry:
    """One count line, carrying the store's book of its SKU at this entry's position."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor=counter,
        document_type="count_line",
        document_id=f"{session_id}-line-{seq}",
        count_line=stocktake_pb2.CountLine(
            session_id=session_id,
            line_id=f"line-{seq}",
            sku=sku,
            scanned_code=scanned_code,
            location=location,
            qty_base=qty,
            reason=reason,
            round=round_no,
            book_qty_base=book,
            counter=counter,
        ),
    )


def count_posting(
    seq: int,
    session_id: str,
    lines: Sequence[tuple[str, int, int, int]],
    approved_by: str = "leo",
    abc_class: str = "C",
    moved: Sequence[int] = (),
) -> ledger_pb2.JournalEntry:
    """A posting: (sku, book, counted, unit cost) per line; an ADJUSTMENT per variance."""
    result_lines = []
    movements = []
    for n, (sku, book, counted, cost) in enumerate(lines):
        variance = counted - book
        result_lines.append(
            stocktake_pb2.CountResultLine(
                sku=sku,
                book_qty_base=book,
                counted_qty_base=counted,
                variance_qty_base=variance,
                unit_cost_minor=cost,
                value_minor=variance * cost,
                abc_class=abc_class,
                within_tolerance=variance == 0,
                moved_qty_base=moved[n] if moved else 0,
            )
        )
        if variance:
            movements.append(
                ledger_pb2.Movement(
                    sku=sku, qty_base=variance, reason=ADJUSTMENT, unit_cost_minor=cost
                )
            )
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor=approved_by,
        document_type="count_posting",
        document_id=f"{session_id}-post",
        movements=movements,
        count_posting=stocktake_pb2.CountPosting(
            session_id=session_id, lines=result_lines, approved_by=approved_by, part=1, parts=1
        ),
    )


def key_items_set(
    seq: int,
    skus: Sequence[str],
    by: str = "max",
    origin: str = "store",
    order_cursor: int = 0,
) -> ledger_pb2.JournalEntry:
    """The store's key items replaced (kind key_items), by its staff unless `origin` says."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor=by,
        document_type="key_items",
        document_id=f"key-items-{seq}",
        key_items=stocktake_pb2.KeyItemsSet(
            skus=list(skus), by=by, origin=origin, order_cursor=order_cursor
        ),
    )


def channel_pick(
    seq: int, reservation_id: str, lines: Sequence[tuple[str, int]], actor: str = "ann"
) -> ledger_pb2.JournalEntry:
    """An online order picked at the store: its lines, nothing moves."""
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=1_000 + seq, actor=actor, document_type="channel_pick",
        document_id=reservation_id,
        channel_pick=channels_pb2.ChannelPick(
            reservation_id=reservation_id, till_id="T1", cashier=actor,
            lines=[channels_pb2.ReservationLine(sku=s, qty_base=q) for s, q in lines],
        ),
    )  # fmt: skip


def channel_fulfilment(
    seq: int, reservation_id: str, lines: Sequence[tuple[str, int]], actor: str = "ann"
) -> ledger_pb2.JournalEntry:
    """An online order handed over: each (sku, qty) leaves the shelf (reason channel_fulfilment)."""
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=1_000 + seq, actor=actor, document_type="channel_fulfilment",
        document_id=reservation_id,
        movements=[
            ledger_pb2.Movement(sku=s, qty_base=-q, reason=CHANNEL_FULFILMENT) for s, q in lines
        ],
        channel_fulfilment=channels_pb2.ChannelFulfilment(
            reservation_id=reservation_id, till_id="T1", cashier=actor, channel="mall",
            order_ref="M-1",
        ),
    )  # fmt: skip
