"""Purchasing errors at the store; str() of each is a whole sentence for a person.

StoreLedgerError (common.errors)
├── InvalidInput (common)
│   └── OverDelivery                more than ordered plus the tolerance, without allow_over
├── UnknownDocument (edge_agent.domain.errors)
│   └── UnknownPurchaseOrder        the store was never sent this order      -> NOT_FOUND
└── PurchaseOrderFinished           closed, cancelled or fully received      -> FAILED_PRECONDITION
"""

from __future__ import annotations

from common.errors import InvalidInput, Refused
from common.i18n import _
from edge_agent.domain.errors import UnknownDocument


class OverDelivery(InvalidInput):
    pass


class UnknownPurchaseOrder(UnknownDocument):
    def __init__(self, po_id: str, store_code: str) -> None:
        super().__init__(
            _(
                "store {store} has no purchase order {po} (head office has not sent it here); "
                "nothing was received"
            ).format(store=store_code, po=po_id)
        )


class PurchaseOrderFinished(Refused):
    pass
