"""What a store's supplier delivery against an order and its supplier return do at head office.

Run by apply_batch (services.effects) inside the entry's transaction.
Stock and moving-average cost were already moved by the ledger apply; here a
delivery raises its order's received quantities (partly_received / closed) and
a supplier return is listed. A delivery that does not fit its order (unknown,
another store's, finished, SKU not ordered) is a fact the store committed: it
is applied as far as it goes and the mismatch is written to the audit record.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from common import journal_kinds as jk
from common.logs import log_event
from headoffice.domain import purchasing as po_rules
from headoffice.domain.documents import JournalDocument, SupplierDeliveryBody, SupplierReturnBody
from headoffice.domain.purchasing import OrderView
from headoffice.domain.purchasing_errors import InvalidPurchaseRequest
from headoffice.domain.stock_reports import lots_of, receipt_lines
from headoffice.domain.store_events import PurchaseOrderExpected
from headoffice.services import audit
from headoffice.services.effects import effect, store_actor
from headoffice.services.ports import UnitOfWorkPort

log = logging.getLogger(__name__)


@effect(jk.SUPPLIER_DELIVERY, body=SupplierDeliveryBody)
def on_supplier_delivery(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[SupplierDeliveryBody],
    now_ms: int,
) -> bool:
    """Keep the lots received with a best-before day (the near-expiry report), and raise the
    received quantities of the order a delivery names; True when it closed."""
    lots = lots_of(entry.body.lines)
    if lots:
        uow.sales_report.add_lots(store_code, entry.seq, lots)
    po_text = entry.body.po_id
    if not po_text:
        return False
    try:
        po_no = po_rules.parse_po_id(po_text)
    except InvalidPurchaseRequest:
        po_no = 0
    order = uow.purchasing.get_order(po_no, lock=True) if po_no else None
    if order is None or order.store_code != store_code:
        log_event(
            log, logging.WARNING, "delivery names an unknown purchase order",
            store=store_code, seq=entry.seq, purchase_order=po_text,
        )  # fmt: skip
        return False
    uow.sales_report.add_po_receipt(
        store_code, entry.seq, order.po_no, entry.occurred_at_ms, receipt_lines(entry.body.lines)
    )  # fmt: skip
    received: dict[str, int] = {}
    for line in entry.body.lines:
        received[line.sku] = received.get(line.sku, 0) + line.qty_base
    outcome = po_rules.apply_delivery(order, list(received.items()))
    after = replace(outcome.order, updated_at_ms=now_ms)
    uow.purchasing.save_order(after)
    queued = False
    if after.state == po_rules.CLOSED and order.state != po_rules.CLOSED:
        names = uow.purchasing.supplier_names({after.supplier_code})
        products = uow.catalogue.products_by_sku([ln.sku for ln in after.lines])
        view = OrderView(
            after, names.get(after.supplier_code, ""), {s: p.name for s, p in products.items()}
        )
        uow.downstream.enqueue_store_event(store_code, PurchaseOrderExpected(view), now_ms)
        queued = True
    after_state: dict[str, object] = {**after.as_dict(), "delivery_seq": entry.seq}
    if outcome.anomalies:
        after_state["anomalies"] = outcome.anomalies
        log_event(
            log, logging.WARNING, "delivery does not fit its purchase order",
            store=store_code, seq=entry.seq, purchase_order=after.po_id,
            anomalies="; ".join(outcome.anomalies),
        )  # fmt: skip
    audit.record(
        uow, store_actor(store_code, entry), "po.receive", "purchase_order", after.po_id,
        order.as_dict(), after_state, now_ms,
    )  # fmt: skip
    return queued


@effect(jk.SUPPLIER_RETURN, body=SupplierReturnBody)
def supplier_return_effect(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[SupplierReturnBody],
    now_ms: int,
) -> bool:
    """List the return for `hoctl supplier returns`; its lines are its movements."""
    body = entry.body
    uow.purchasing.insert_supplier_return(
        store_code,
        entry.seq,
        body.return_id or entry.document_id,
        body.supplier_code,
        body.reason,
        entry.actor,
        entry.occurred_at_ms,
    )
    recorded: dict[str, object] = {
        "supplier": body.supplier_code,
        "reason": body.reason,
        "lines": [{"sku": ln.sku, "qty_base": ln.qty_base} for ln in body.lines],
    }
    if uow.purchasing.get_supplier(body.supplier_code) is None:
        # The store typed the code; the goods left all the same, so it is listed and noted
        # (in English: the audit log stays language-neutral).
        recorded["anomalies"] = [f"supplier {body.supplier_code} is not known at head office"]
    audit.record(
        uow, store_actor(store_code, entry), "supplier_return.record", "supplier_return",
        f"{store_code}/{entry.seq}", None, recorded, now_ms,
    )  # fmt: skip
    return False
