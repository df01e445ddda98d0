"""Purchasing errors; str() of each is a whole sentence for a person.

StoreLedgerError (common.errors)
├── InvalidInput
│   └── InvalidPurchaseRequest      a supplier, order line or order id that cannot be used
└── HeadOfficeError (headoffice.domain.errors)
    ├── UnknownSupplier             no supplier with that code
    ├── SupplierAlreadyExists       a supplier with that code exists already
    ├── UnknownPurchaseOrder        no purchase order with that id (or not one the caller sees)
    ├── PurchaseOrderStateRefused   the order's state does not allow the step (send, cancel...)
    └── StoreDisabledForOrders      the order's store is disabled: it would never expect the delivery
"""

from __future__ import annotations

from common.errors import AlreadyExists, InvalidInput, NotFound, Refused
from common.i18n import _
from headoffice.domain.errors import HeadOfficeError


class InvalidPurchaseRequest(InvalidInput):
    pass


class UnknownSupplier(HeadOfficeError, NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(
            _("there is no supplier {supplier}; see `hoctl supplier list`").format(supplier=code)
        )
        self.code = code


class SupplierAlreadyExists(HeadOfficeError, AlreadyExists):
    def __init__(self, code: str) -> None:
        super().__init__(
            _("supplier {supplier} already exists; choose another code").format(supplier=code)
        )
        self.code = code


class UnknownPurchaseOrder(HeadOfficeError, NotFound):
    def __init__(self, po_id: str) -> None:
        super().__init__(
            _("there is no purchase order {po_id}; see `hoctl po list`").format(po_id=po_id)
        )
        self.po_id = po_id


class PurchaseOrderStateRefused(HeadOfficeError):
    pass


class StoreDisabledForOrders(HeadOfficeError, Refused):
    def __init__(self, store_code: str) -> None:
        super().__init__(
            _(
                "store {store} is disabled at head office: it receives no purchase orders "
                "and would never expect the delivery; nothing changed"
            ).format(store=store_code)
        )
        self.store_code = store_code
