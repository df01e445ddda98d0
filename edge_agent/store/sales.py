"""Sales as recorded documents (sales, sale_lines, tenders), found by number, id or key.

The receipt_text column is no longer written (it is left empty): a receipt is
rendered from the sale's journal entry whenever it is shown or printed, so the
screen, the printout and a reprint always agree (domain.receipt_layout).
"""

from __future__ import annotations

import sqlite3

from edge_agent.domain.ledger_check import SaleRows
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender


class SalesRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def insert(
        self,
        seq: int,
        sale: RecordedSale,
        idempotency_key: str,
        occurred_at_ms: int,
    ) -> None:
        self._conn.execute(
            "INSERT INTO sales (sale_id, sale_no, seq, till_id, cashier, total_minor,"
            " change_minor, currency, idempotency_key, receipt_text, occurred_at_ms, shift_id,"
            " rounding_minor, discount_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
            (
                sale.sale_id,
                sale.sale_no,
                seq,
                sale.till_id,
                sale.cashier,
                sale.total_minor,
                sale.change_minor,
                sale.currency,
                idempotency_key or None,
                occurred_at_ms,
                sale.shift_id or None,
                sale.rounding_minor,
                sale.discount_minor,
            ),
        )
        self._conn.executemany(
            "INSERT INTO sale_lines (sale_id, line_no, sku, scanned_code, name, qty_base,"
            " unit_price_minor, amount_minor, list_price_minor, discount_minor, approval_id,"
            " label_code, offer_discount_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    line.offer_discount_minor,
                )
                for line in sale.lines
            ],
        )
        self._conn.executemany(
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

    def value_by_sku_since(self, since_ms: int) -> dict[str, int]:
        """Each SKU's sales value (sum of its line amounts, minor units) since `since_ms`:
        what a stocktake's ABC classes rank (common.domain.stocktake.classify_abc)."""
        rows = self._conn.execute(
            "SELECT l.sku, sum(l.amount_minor) FROM sale_lines l JOIN sales s"
            " ON s.sale_id = l.sale_id WHERE s.occurred_at_ms >= ? GROUP BY l.sku",
            (since_ms,),
        )
        return {sku: int(value) for sku, value in rows}

    def next_sale_no(self) -> int:
        return int(
            self._conn.execute("SELECT coalesce(max(sale_no), 0) + 1 FROM sales").fetchone()[0]
        )

    def by_key(self, key: str) -> int | None:
        """The journal seq of the sale recorded under an idempotency key."""
        if not key:
            return None
        row = self._conn.execute(
            "SELECT seq FROM sales WHERE idempotency_key = ?", (key,)
        ).fetchone()
        return None if row is None else int(row[0])

    def seq_of(self, sale_no: int = 0, sale_id: str = "") -> int | None:
        """The journal seq of a sale by its number or id."""
        if sale_id:
            row = self._conn.execute(
                "SELECT seq FROM sales WHERE sale_id = ?", (sale_id,)
            ).fetchone()
        else:
            row = self._conn.execute(
                "SELECT seq FROM sales WHERE sale_no = ?", (sale_no,)
            ).fetchone()
        return None if row is None else int(row[0])

    def all_rows(self) -> dict[str, SaleRows]:
        """Every sale as its rows in the sales tables say, by sale id (for `edge-agent check`)."""
        lines: dict[str, list[RecordedLine]] = {}
        for row in self._conn.execute(
            "SELECT sale_id, line_no, sku, scanned_code, name, qty_base, unit_price_minor,"
            " amount_minor, list_price_minor, discount_minor, approval_id, label_code,"
            " offer_discount_minor FROM sale_lines ORDER BY sale_id, line_no"
        ):
            lines.setdefault(row[0], []).append(
                RecordedLine(
                    int(row[1]), row[2], row[3], row[4], int(row[5]), int(row[6]), int(row[7]),
                    int(row[8]), int(row[9]), row[10], row[11], int(row[12]),
                )
            )  # fmt: skip
        tenders: dict[str, list[Tender]] = {}
        for sale_id, method, amount, tendered, change, reference in self._conn.execute(
            "SELECT sale_id, method, amount_minor, tendered_minor, change_minor, reference"
            " FROM tenders ORDER BY sale_id, tender_no"
        ):
            tenders.setdefault(sale_id, []).append(
                Tender(method, int(amount), int(tendered), int(change), reference)
            )
        out = {}
        for row in self._conn.execute(
            "SELECT sale_id, sale_no, seq, till_id, cashier, total_minor, change_minor, currency,"
            " shift_id, rounding_minor, discount_minor FROM sales ORDER BY seq"
        ):
            sale_id = row[0]
            sale = RecordedSale(
                sale_id=sale_id,
                sale_no=int(row[1]),
                till_id=row[3],
                cashier=row[4],
                currency=row[7],
                lines=tuple(lines.get(sale_id, ())),
                tenders=tuple(tenders.get(sale_id, ())),
                total_minor=int(row[5]),
                rounding_minor=int(row[9]),
                shift_id=row[8] or "",
            )
            out[sale_id] = SaleRows(int(row[2]), sale, int(row[6]), int(row[10]))
        return out
