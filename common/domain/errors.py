"""Errors the shared pricing engine raises; str() is the sentence a cashier or staff user reads.

Both sides raise these same classes, so a cart refused at the till and at head
office is refused with the same category (common.rpc.status) and sentence.

StoreLedgerError (common.errors)
├── InvalidInput
│   └── EmptySale            a sale or cart with no items
├── NotFound
│   └── UnknownBarcode       no product has this code (or label code) in the store's catalogue
└── Refused
    └── ProductNotOnSale     the product exists but is not on sale (inactive)
"""

from __future__ import annotations

from common.errors import InvalidInput, NotFound, Refused


class EmptySale(InvalidInput):
    pass


class UnknownBarcode(NotFound):
    pass


class ProductNotOnSale(Refused):
    pass
