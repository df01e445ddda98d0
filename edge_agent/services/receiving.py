"""Receive: book a supplier delivery (movements of reason `receipt`) in one journal entry."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common import journal_kinds as jk
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.receiving import (
    DeliveryItem,
    SupplierDelivery,
    build_delivery,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.keys import remember, replayed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceiveResult:
    seq: int
    delivery: SupplierDelivery
    replayed: bool


def receive(
    ctx: StoreContext,
    supplier_ref: str,
    items: list[DeliveryItem],
    actor: str = "",
    idempotency_key: str = "",
) -> ReceiveResult:
    """Commit a delivery (its row + movements + levels + journal entry) in one transaction.

    A retry with the delivery's idempotency key and the same content returns it; the
    key with other content is refused (domain.idempotency)."""
    request = keyed("supplier_delivery", idempotency_key, ("receive", supplier_ref.strip(), items))
    with ctx.db.write() as uow:
        recorded = replayed(uow, request)
        if recorded is not None:
            return ReceiveResult(recorded, uow.journal.delivery_at(recorded), True)
        planned = build_delivery(
            ctx.store_code, supplier_ref, actor, items, uow.catalogue.find_product
        )
        delivery = SupplierDelivery(
            delivery_id=new_document_id(),
            supplier_ref=planned.supplier_ref,
            lines=planned.delivered(),
        )
        entry = uow.journal.append(
            jk.SUPPLIER_DELIVERY, delivery.delivery_id, actor, delivery, delivery.movements()
        )
        uow.deliveries.insert(entry.seq, delivery, actor, idempotency_key)
        remember(uow, request, entry.seq)
    log_event(
        log,
        logging.INFO,
        "delivery received",
        seq=entry.seq,
        supplier_ref=delivery.supplier_ref,
        lines=len(delivery.lines),
    )
    return ReceiveResult(entry.seq, delivery, False)
