"""Sales and deliveries as recorded documents, found again by their idempotency keys."""

from __future__ import annotations

import sqlite3

from common.pb.storeledger.v1 import ledger_pb2


def insert_sale(
    conn: sqlite3.Connection,
    seq: int,
    sale: ledger_pb2.Sale,
    change_minor: int,
    idempotency_key: str,
    receipt_text: str,
    occurred_at_ms: int,
) -> None:
    conn.execute(
        "INSERT INTO sales (sale_id, sale_no, seq, till_id, cashier, total_minor, change_minor,"
        " currency, idempotency_key, receipt_text, occurred_at_ms, shift_id, rounding_minor,"
        " discount_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sale.sale_id,
            sale.sale_no,
            seq,
            sale.till_id,
            sale.cashier,
            sale.total_minor,
            change_minor,
            sale.currency,
            idempotency_key or None,
            receipt_text,
            occurred_at_ms,
            sale.shift_id or None,
            sale.rounding_minor,
            sum(line.discount_minor for line in sale.lines),
        ),
    )
    conn.executemany(
        "INSERT INTO sale_lines (sale_id, line_no, sku, scanned_code, name, qty_base,"
        " unit_price_minor, amount_minor, list_price_minor, discount_minor, approval_id,"
        " label_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                sale.sale_id,
                line.line_no,
                line.sku,
                line.scanned_code,
                line.name,
                line.qty_base,
                line.unit_price_minor,
                line.amount_minor,
                line.list_price_minor,
                line.discount_minor,
                line.approval_id,
                line.label_code,
            )
            for line in sale.lines
        ],
    )
    conn.executemany(
        "INSERT INTO tenders (sale_id, tender_no, method, amount_minor, tendered_minor,"
        " change_minor, reference) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                sale.sale_id,
                n,
                t.method,
                t.amount_minor,
                t.tendered_minor,
                t.change_minor,
                t.reference,
            )
            for n, t in enumerate(sale.tenders, start=1)
        ],
    )


def next_sale_no(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(sale_no), 0) + 1 FROM sales").fetchone()[0])


def sale_by_key(conn: sqlite3.Connection, key: str) -> tuple[int, int, str] | None:
    """(seq, change_minor, receipt_text) of the sale recorded under an idempotency key."""
    if not key:
        return None
    row = conn.execute(
        "SELECT seq, change_minor, receipt_text FROM sales WHERE idempotency_key = ?", (key,)
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]), str(row[2]))


def insert_receipt(
    conn: sqlite3.Connection,
    seq: int,
    receipt: ledger_pb2.Receipt,
    actor: str,
    idempotency_key: str,
) -> None:
    conn.execute(
        "INSERT INTO receipts (receipt_id, seq, supplier_ref, actor, idempotency_key)"
        " VALUES (?, ?, ?, ?, ?)",
        (receipt.receipt_id, seq, receipt.supplier_ref, actor, idempotency_key or None),
    )


def receipt_seq_by_key(conn: sqlite3.Connection, key: str) -> int | None:
    if not key:
        return None
    row = conn.execute("SELECT seq FROM receipts WHERE idempotency_key = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def sale_seq(conn: sqlite3.Connection, sale_no: int = 0, sale_id: str = "") -> int | None:
    """The journal seq of a sale by its number or id."""
    if sale_id:
        row = conn.execute("SELECT seq FROM sales WHERE sale_id = ?", (sale_id,)).fetchone()
    else:
        row = conn.execute("SELECT seq FROM sales WHERE sale_no = ?", (sale_no,)).fetchone()
    return None if row is None else int(row[0])
