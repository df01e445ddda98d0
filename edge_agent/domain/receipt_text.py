"""The plain-text customer receipt, printed only after the sale is committed."""

from __future__ import annotations

import datetime as dt

from common.money import format_minor
from edge_agent.domain.sale import Sale

WIDTH = 40


def _row(left: str, right: str) -> str:
    space = max(1, WIDTH - len(left) - len(right))
    return f"{left}{' ' * space}{right}"


def receipt_text(
    sale: Sale,
    store_name: str,
    sale_no: int,
    seq: int,
    occurred_at_ms: int,
) -> str:
    cur = sale.currency
    when = dt.datetime.fromtimestamp(occurred_at_ms // 1000, dt.UTC).strftime(
        "%Y-%m-%d %H:%M:%S UTC"
    )
    out = [
        f"{store_name} ({sale.store_code})".center(WIDTH).rstrip(),
        f"Till {sale.till_id}  Cashier {sale.cashier}",
        f"Sale {sale_no}  Journal #{seq}",
        when,
        "-" * WIDTH,
    ]
    for line in sale.lines:
        out.append(line.name[:WIDTH])
        qty = f"  {line.qty_base} {line.unit} x {format_minor(line.unit_price_minor, cur)}"
        out.append(_row(qty, format_minor(line.amount_minor, cur)))
    out.append("-" * WIDTH)
    out.append(_row("TOTAL", f"{format_minor(sale.total_minor, cur)} {cur}"))
    for tender in sale.tenders:
        label = tender.method.upper()
        if tender.reference:
            label += f" {tender.reference}"
        out.append(_row(label[: WIDTH - 12], format_minor(tender.tendered_minor, cur)))
    out.append(_row("CHANGE", format_minor(sale.change_minor, cur)))
    return "\n".join(out) + "\n"
