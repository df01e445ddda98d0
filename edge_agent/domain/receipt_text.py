"""The plain-text customer receipt, printed only after the sale is committed."""

from __future__ import annotations

import datetime as dt

from common.domain.money import format_minor
from edge_agent.domain.returns import ReturnLine
from edge_agent.domain.sale import Sale
from edge_agent.domain.tender import Tender

WIDTH = 40


def local_time(at_ms: int, tz: dt.tzinfo) -> str:
    """The time a customer reads on a receipt: the store's own clock and zone."""
    return dt.datetime.fromtimestamp(at_ms // 1000, tz).strftime("%Y-%m-%d %H:%M:%S %Z")


def _row(left: str, right: str) -> str:
    space = max(1, WIDTH - len(left) - len(right))
    return f"{left}{' ' * space}{right}"


def receipt_text(
    sale: Sale,
    store_name: str,
    sale_no: int,
    seq: int,
    occurred_at_ms: int,
    tz: dt.tzinfo = dt.UTC,
) -> str:
    cur = sale.currency
    when = local_time(occurred_at_ms, tz)
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
        if line.discount_minor:
            gross = line.amount_minor + line.discount_minor
            out.append(_row(qty, format_minor(gross, cur)))
            out.append(_row("  discount", format_minor(-line.discount_minor, cur)))
        else:
            out.append(_row(qty, format_minor(line.amount_minor, cur)))
        if line.unit_price_minor != line.list_price_minor and not line.label_code:
            out.append(f"  price override (list {format_minor(line.list_price_minor, cur)})")
    out.append("-" * WIDTH)
    out.append(_row("TOTAL", f"{format_minor(sale.total_minor, cur)} {cur}"))
    if sale.rounding_minor:
        out.append(_row("CASH ROUNDING", format_minor(sale.rounding_minor, cur)))
    for tender in sale.tenders:
        label = tender.method.upper()
        if tender.reference:
            label += f" {tender.reference}"
        out.append(_row(label[: WIDTH - 12], format_minor(tender.tendered_minor, cur)))
    out.append(_row("CHANGE", format_minor(sale.change_minor, cur)))
    return "\n".join(out) + "\n"


def return_text(
    store_name: str,
    store_code: str,
    till_id: str,
    cashier: str,
    return_no: int,
    original_sale_no: int,
    seq: int,
    occurred_at_ms: int,
    lines: list[ReturnLine],
    refunds: list[Tender],
    currency: str,
    tz: dt.tzinfo = dt.UTC,
) -> str:
    cur = currency
    when = local_time(occurred_at_ms, tz)
    against = f"for sale {original_sale_no}" if original_sale_no else "without receipt"
    out = [
        f"{store_name} ({store_code})".center(WIDTH).rstrip(),
        f"Till {till_id}  Cashier {cashier}",
        f"RETURN {return_no} {against}  Journal #{seq}",
        when,
        "-" * WIDTH,
    ]
    for line in lines:
        out.append(line.name[:WIDTH])
        note = " (written off)" if line.disposition == "write_off" else ""
        out.append(
            _row(
                f"  {line.qty_base} x {format_minor(line.unit_price_minor, cur)}{note}",
                format_minor(-line.amount_minor, cur),
            )
        )
    out.append("-" * WIDTH)
    total = sum(line.amount_minor for line in lines)
    out.append(_row("REFUND", f"{format_minor(total, cur)} {cur}"))
    for t in refunds:
        label = t.method.upper() + (f" {t.reference}" if t.reference else "")
        out.append(_row(label[: WIDTH - 12], format_minor(t.amount_minor, cur)))
    return "\n".join(out) + "\n"
