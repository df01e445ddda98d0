"""Errors the edge agent raises on purpose; str() is the sentence a cashier or engineer reads.

StoreLedgerError (common)
├── InvalidInput (common)             bad input; changes nothing              -> INVALID_ARGUMENT
│   ├── InvalidBarcode (common)       a malformed GTIN
│   ├── InvalidQuantity (common)      zero, negative or fractional quantity
│   ├── EmptySale (common.domain)     a sale or delivery with no items
│   ├── PaymentShort                  tenders do not cover the total
│   └── InvalidTender                 unknown method, card over-payment, negative amount
├── UnknownBarcode (common.domain)    no product has this code in the catalogue -> NOT_FOUND
├── UnknownDocument                   no such sale, return, manager or shift     -> NOT_FOUND
├── ApprovalNeeded                    the action needs a manager's approval      -> PERMISSION_DENIED
│   └── ApprovalRefused               wrong PIN, expired, used, bound elsewhere  -> PERMISSION_DENIED
│       └── ManagerLockedOut          too many wrong PINs: locked until a time   -> PERMISSION_DENIED
├── ShiftState                        no open shift, already open, ...           -> FAILED_PRECONDITION
├── ZReportAlreadyRun                 a second Z for the same till and day       -> ALREADY_EXISTS
├── ProductNotOnSale (common.domain)  the product exists but is inactive         -> FAILED_PRECONDITION
├── NotInitialised                    the data directory holds no agent yet      -> FAILED_PRECONDITION
├── AlreadyInitialised                init on a data directory already in use    -> FAILED_PRECONDITION
├── LedgerUnavailable                 the SQLite ledger cannot be read/written   -> UNAVAILABLE
├── LedgerFull (common Exhausted)     the ledger's disk refuses writes (full): nothing kept -> RESOURCE_EXHAUSTED
├── HeadOfficeUnreachable             an online authorisation (members) got no answer -> UNAVAILABLE
├── MemberPaymentNotRecorded          head office booked a member payment, the sale failed after -> UNAVAILABLE
└── AgentNotRunning                   pos finds no agent behind the socket       (CLI only)
"""

from common.domain.errors import EmptySale, ProductNotOnSale, UnknownBarcode
from common.errors import (
    AlreadyExists,
    Exhausted,
    InvalidBarcode,
    InvalidInput,
    InvalidQuantity,
    NotFound,
    PermissionDenied,
    Refused,
    StoreLedgerError,
    Unavailable,
)

__all__ = [
    "AgentNotRunning",
    "AlreadyInitialised",
    "ApprovalNeeded",
    "ApprovalRefused",
    "ManagerLockedOut",
    "ShiftState",
    "UnknownDocument",
    "ZReportAlreadyRun",
    "EmptySale",
    "InvalidBarcode",
    "InvalidInput",
    "InvalidQuantity",
    "InvalidTender",
    "HeadOfficeUnreachable",
    "LedgerFull",
    "LedgerUnavailable",
    "MemberPaymentNotRecorded",
    "NotInitialised",
    "PaymentShort",
    "ProductNotOnSale",
    "StoreLedgerError",
    "UnknownBarcode",
]


class PaymentShort(InvalidInput):
    pass


class InvalidTender(InvalidInput):
    pass


class NotInitialised(Refused):
    pass


class AlreadyInitialised(Refused):
    pass


class LedgerUnavailable(Unavailable):
    pass


class LedgerFull(Exhausted):
    """The ledger's disk refused a write (full, or a file-size limit): the transaction was
    rolled back whole, so nothing of the request is in the ledger and a retry is safe."""


class HeadOfficeUnreachable(Unavailable):
    """Head office did not answer an online authorisation (a member's stored value, points,
    punch card or coupon): nothing was booked there that the till knows of; a retry with the
    same key is safe."""


class MemberPaymentNotRecorded(Unavailable):
    """Head office booked a member payment for a sale the till then could not record: a retry
    with the sale's idempotency key records it, head office replaying what it booked."""


class AgentNotRunning(Unavailable):
    pass


class UnknownDocument(NotFound):
    pass


class ApprovalNeeded(PermissionDenied):
    pass


class ApprovalRefused(ApprovalNeeded):
    pass


class ManagerLockedOut(ApprovalRefused):
    pass


class ShiftState(Refused):
    pass


class ZReportAlreadyRun(AlreadyExists):
    pass
