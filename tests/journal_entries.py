"""Store journal entries as a store writes them: a document and the movements it makes.

Head office checks that an entry's movements are what its document says
(common.journal_rules), so a test's entry carries both. One place builds them
for the unit, database and benchmark tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.pb.storeledger.v1 import ledger_pb2

SALE = ledger_pb2.MOVEMENT_REASON_SALE
RECEIPT = ledger_pb2.MOVEMENT_REASON_RECEIPT
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
