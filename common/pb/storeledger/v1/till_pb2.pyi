from common.pb.storeledger.v1 import ledger_pb2 as _ledger_pb2
from common.pb.storeledger.v1 import catalogue_pb2 as _catalogue_pb2
from common.pb.storeledger.v1 import channels_pb2 as _channels_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SellItem(_message.Message):
    __slots__ = ("code", "qty_base", "price_override_minor", "discount_minor", "approval_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    PRICE_OVERRIDE_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    qty_base: int
    price_override_minor: int
    discount_minor: int
    approval_id: str
    def __init__(self, code: _Optional[str] = ..., qty_base: _Optional[int] = ..., price_override_minor: _Optional[int] = ..., discount_minor: _Optional[int] = ..., approval_id: _Optional[str] = ...) -> None: ...

class TenderRequest(_message.Message):
    __slots__ = ("method", "amount_minor", "reference", "points")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    method: str
    amount_minor: int
    reference: str
    points: int
    def __init__(self, method: _Optional[str] = ..., amount_minor: _Optional[int] = ..., reference: _Optional[str] = ..., points: _Optional[int] = ...) -> None: ...

class SellRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "items", "tenders", "idempotency_key", "member", "coupons")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    TENDERS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    COUPONS_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    items: _containers.RepeatedCompositeFieldContainer[SellItem]
    tenders: _containers.RepeatedCompositeFieldContainer[TenderRequest]
    idempotency_key: str
    member: str
    coupons: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., items: _Optional[_Iterable[_Union[SellItem, _Mapping]]] = ..., tenders: _Optional[_Iterable[_Union[TenderRequest, _Mapping]]] = ..., idempotency_key: _Optional[str] = ..., member: _Optional[str] = ..., coupons: _Optional[_Iterable[str]] = ...) -> None: ...

class SaleMember(_message.Message):
    __slots__ = ("member_id", "phone_masked", "name_masked", "level", "birthday_today", "balance_minor", "offline", "points_paid")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    BIRTHDAY_TODAY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_FIELD_NUMBER: _ClassVar[int]
    POINTS_PAID_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    phone_masked: str
    name_masked: str
    level: str
    birthday_today: bool
    balance_minor: int
    offline: bool
    points_paid: int
    def __init__(self, member_id: _Optional[str] = ..., phone_masked: _Optional[str] = ..., name_masked: _Optional[str] = ..., level: _Optional[str] = ..., birthday_today: _Optional[bool] = ..., balance_minor: _Optional[int] = ..., offline: _Optional[bool] = ..., points_paid: _Optional[int] = ...) -> None: ...

class SellReply(_message.Message):
    __slots__ = ("seq", "sale", "receipt_text", "change_minor", "print", "member")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    CHANGE_MINOR_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    seq: int
    sale: _ledger_pb2.Sale
    receipt_text: str
    change_minor: int
    print: PrintOutcome
    member: SaleMember
    def __init__(self, seq: _Optional[int] = ..., sale: _Optional[_Union[_ledger_pb2.Sale, _Mapping]] = ..., receipt_text: _Optional[str] = ..., change_minor: _Optional[int] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ..., member: _Optional[_Union[SaleMember, _Mapping]] = ...) -> None: ...

class PrintOutcome(_message.Message):
    __slots__ = ("printed", "drawer_opened", "warning")
    PRINTED_FIELD_NUMBER: _ClassVar[int]
    DRAWER_OPENED_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    printed: bool
    drawer_opened: bool
    warning: str
    def __init__(self, printed: _Optional[bool] = ..., drawer_opened: _Optional[bool] = ..., warning: _Optional[str] = ...) -> None: ...

class ScanRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class ScanResult(_message.Message):
    __slots__ = ("product", "kind", "qty_base", "amount_minor")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    product: _catalogue_pb2.Product
    kind: str
    qty_base: int
    amount_minor: int
    def __init__(self, product: _Optional[_Union[_catalogue_pb2.Product, _Mapping]] = ..., kind: _Optional[str] = ..., qty_base: _Optional[int] = ..., amount_minor: _Optional[int] = ...) -> None: ...

class SearchProductsRequest(_message.Message):
    __slots__ = ("text", "limit")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    text: str
    limit: int
    def __init__(self, text: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class SearchProductsReply(_message.Message):
    __slots__ = ("products",)
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[_catalogue_pb2.Product]
    def __init__(self, products: _Optional[_Iterable[_Union[_catalogue_pb2.Product, _Mapping]]] = ...) -> None: ...

class CartQuote(_message.Message):
    __slots__ = ("lines", "total_minor", "cash_total_minor", "rounding_minor", "currency", "member")
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    CASH_TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.SaleLine]
    total_minor: int
    cash_total_minor: int
    rounding_minor: int
    currency: str
    member: SaleMember
    def __init__(self, lines: _Optional[_Iterable[_Union[_ledger_pb2.SaleLine, _Mapping]]] = ..., total_minor: _Optional[int] = ..., cash_total_minor: _Optional[int] = ..., rounding_minor: _Optional[int] = ..., currency: _Optional[str] = ..., member: _Optional[_Union[SaleMember, _Mapping]] = ...) -> None: ...

class ApproveRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "manager", "pin", "action", "details")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    MANAGER_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    manager: str
    pin: str
    action: str
    details: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., manager: _Optional[str] = ..., pin: _Optional[str] = ..., action: _Optional[str] = ..., details: _Optional[str] = ...) -> None: ...

class ApproveReply(_message.Message):
    __slots__ = ("approval_id", "expires_at_ms")
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    approval_id: str
    expires_at_ms: int
    def __init__(self, approval_id: _Optional[str] = ..., expires_at_ms: _Optional[int] = ...) -> None: ...

class VoidCartRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "scope", "lines", "approval_id")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    scope: str
    lines: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.SaleLine]
    approval_id: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., scope: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[_ledger_pb2.SaleLine, _Mapping]]] = ..., approval_id: _Optional[str] = ...) -> None: ...

class VoidCartReply(_message.Message):
    __slots__ = ("seq",)
    SEQ_FIELD_NUMBER: _ClassVar[int]
    seq: int
    def __init__(self, seq: _Optional[int] = ...) -> None: ...

class GetSaleRequest(_message.Message):
    __slots__ = ("sale_no", "sale_id")
    SALE_NO_FIELD_NUMBER: _ClassVar[int]
    SALE_ID_FIELD_NUMBER: _ClassVar[int]
    sale_no: int
    sale_id: str
    def __init__(self, sale_no: _Optional[int] = ..., sale_id: _Optional[str] = ...) -> None: ...

class SaleRecord(_message.Message):
    __slots__ = ("seq", "sale", "returned_qty_base", "receipt_text")
    class ReturnedQtyBaseEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: int
        def __init__(self, key: _Optional[int] = ..., value: _Optional[int] = ...) -> None: ...
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    RETURNED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    sale: _ledger_pb2.Sale
    returned_qty_base: _containers.ScalarMap[int, int]
    receipt_text: str
    def __init__(self, seq: _Optional[int] = ..., sale: _Optional[_Union[_ledger_pb2.Sale, _Mapping]] = ..., returned_qty_base: _Optional[_Mapping[int, int]] = ..., receipt_text: _Optional[str] = ...) -> None: ...

class ReturnItem(_message.Message):
    __slots__ = ("code", "qty_base", "disposition")
    CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    code: str
    qty_base: int
    disposition: str
    def __init__(self, code: _Optional[str] = ..., qty_base: _Optional[int] = ..., disposition: _Optional[str] = ...) -> None: ...

class ReturnRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "original_sale_no", "items", "refunds", "approval_id", "reason", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_SALE_NO_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    original_sale_no: int
    items: _containers.RepeatedCompositeFieldContainer[ReturnItem]
    refunds: _containers.RepeatedCompositeFieldContainer[TenderRequest]
    approval_id: str
    reason: str
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., original_sale_no: _Optional[int] = ..., items: _Optional[_Iterable[_Union[ReturnItem, _Mapping]]] = ..., refunds: _Optional[_Iterable[_Union[TenderRequest, _Mapping]]] = ..., approval_id: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReturnReply(_message.Message):
    __slots__ = ("seq", "sale_return", "receipt_text", "print")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SALE_RETURN_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    sale_return: _ledger_pb2.SaleReturn
    receipt_text: str
    print: PrintOutcome
    def __init__(self, seq: _Optional[int] = ..., sale_return: _Optional[_Union[_ledger_pb2.SaleReturn, _Mapping]] = ..., receipt_text: _Optional[str] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...

class ReprintRequest(_message.Message):
    __slots__ = ("till_id", "sale_no", "return_no")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    SALE_NO_FIELD_NUMBER: _ClassVar[int]
    RETURN_NO_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    sale_no: int
    return_no: int
    def __init__(self, till_id: _Optional[str] = ..., sale_no: _Optional[int] = ..., return_no: _Optional[int] = ...) -> None: ...

class NoSaleRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "approval_id", "reason")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    approval_id: str
    reason: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., approval_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class OpenShiftRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "float_minor")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    FLOAT_MINOR_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    float_minor: int
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., float_minor: _Optional[int] = ...) -> None: ...

class CashInOutRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "direction", "amount_minor", "reason", "approval_id", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    direction: str
    amount_minor: int
    reason: str
    approval_id: str
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., direction: _Optional[str] = ..., amount_minor: _Optional[int] = ..., reason: _Optional[str] = ..., approval_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GetShiftRequest(_message.Message):
    __slots__ = ("till_id",)
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    def __init__(self, till_id: _Optional[str] = ...) -> None: ...

class ShiftState(_message.Message):
    __slots__ = ("shift_id", "till_id", "cashier", "open", "opened_at_ms", "float_minor", "sales_count")
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    FLOAT_MINOR_FIELD_NUMBER: _ClassVar[int]
    SALES_COUNT_FIELD_NUMBER: _ClassVar[int]
    shift_id: str
    till_id: str
    cashier: str
    open: bool
    opened_at_ms: int
    float_minor: int
    sales_count: int
    def __init__(self, shift_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., open: _Optional[bool] = ..., opened_at_ms: _Optional[int] = ..., float_minor: _Optional[int] = ..., sales_count: _Optional[int] = ...) -> None: ...

class CloseShiftRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "counted")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    COUNTED_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    counted: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.DenominationCount]
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., counted: _Optional[_Iterable[_Union[_ledger_pb2.DenominationCount, _Mapping]]] = ...) -> None: ...

class HandoverRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "next_cashier", "counted", "spot_counts")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    NEXT_CASHIER_FIELD_NUMBER: _ClassVar[int]
    COUNTED_FIELD_NUMBER: _ClassVar[int]
    SPOT_COUNTS_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    next_cashier: str
    counted: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.DenominationCount]
    spot_counts: _containers.RepeatedCompositeFieldContainer[SpotCount]
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., next_cashier: _Optional[str] = ..., counted: _Optional[_Iterable[_Union[_ledger_pb2.DenominationCount, _Mapping]]] = ..., spot_counts: _Optional[_Iterable[_Union[SpotCount, _Mapping]]] = ...) -> None: ...

class SpotCount(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class ShiftCloseReply(_message.Message):
    __slots__ = ("seq", "event", "report_text", "next_shift", "print")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    REPORT_TEXT_FIELD_NUMBER: _ClassVar[int]
    NEXT_SHIFT_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    event: _ledger_pb2.ShiftEvent
    report_text: str
    next_shift: ShiftState
    print: PrintOutcome
    def __init__(self, seq: _Optional[int] = ..., event: _Optional[_Union[_ledger_pb2.ShiftEvent, _Mapping]] = ..., report_text: _Optional[str] = ..., next_shift: _Optional[_Union[ShiftState, _Mapping]] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...

class ReportRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "business_date")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_DATE_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    business_date: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., business_date: _Optional[str] = ...) -> None: ...

class ReportReply(_message.Message):
    __slots__ = ("report", "print")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    report: _ledger_pb2.TillReport
    print: PrintOutcome
    def __init__(self, report: _Optional[_Union[_ledger_pb2.TillReport, _Mapping]] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...

class ReceiveItem(_message.Message):
    __slots__ = ("code", "qty_base", "unit_cost_minor", "expiry_date")
    CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRY_DATE_FIELD_NUMBER: _ClassVar[int]
    code: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str
    def __init__(self, code: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., expiry_date: _Optional[str] = ...) -> None: ...

class ReceiveRequest(_message.Message):
    __slots__ = ("supplier_ref", "items", "actor", "idempotency_key")
    SUPPLIER_REF_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    supplier_ref: str
    items: _containers.RepeatedCompositeFieldContainer[ReceiveItem]
    actor: str
    idempotency_key: str
    def __init__(self, supplier_ref: _Optional[str] = ..., items: _Optional[_Iterable[_Union[ReceiveItem, _Mapping]]] = ..., actor: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReceiveReply(_message.Message):
    __slots__ = ("seq", "delivery")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    seq: int
    delivery: _ledger_pb2.SupplierDelivery
    def __init__(self, seq: _Optional[int] = ..., delivery: _Optional[_Union[_ledger_pb2.SupplierDelivery, _Mapping]] = ...) -> None: ...

class TillStockRequest(_message.Message):
    __slots__ = ("sku",)
    SKU_FIELD_NUMBER: _ClassVar[int]
    sku: str
    def __init__(self, sku: _Optional[str] = ...) -> None: ...

class TillStockRow(_message.Message):
    __slots__ = ("sku", "name", "unit", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    name: str
    unit: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., name: _Optional[str] = ..., unit: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class TillStockReply(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[TillStockRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[TillStockRow, _Mapping]]] = ...) -> None: ...

class TillStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TillStatusReply(_message.Message):
    __slots__ = ("store_code", "connected", "newest_seq", "committed_seq", "backlog_count", "lag_ms", "last_contact_ms", "downstream_cursor", "product_count", "refused_since_ms", "refused_seq", "refused_reason", "refused_message", "ledger_unwritable_since_ms")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    NEWEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAG_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_MS_FIELD_NUMBER: _ClassVar[int]
    DOWNSTREAM_CURSOR_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_COUNT_FIELD_NUMBER: _ClassVar[int]
    REFUSED_SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    REFUSED_SEQ_FIELD_NUMBER: _ClassVar[int]
    REFUSED_REASON_FIELD_NUMBER: _ClassVar[int]
    REFUSED_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    LEDGER_UNWRITABLE_SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    connected: bool
    newest_seq: int
    committed_seq: int
    backlog_count: int
    lag_ms: int
    last_contact_ms: int
    downstream_cursor: int
    product_count: int
    refused_since_ms: int
    refused_seq: int
    refused_reason: str
    refused_message: str
    ledger_unwritable_since_ms: int
    def __init__(self, store_code: _Optional[str] = ..., connected: _Optional[bool] = ..., newest_seq: _Optional[int] = ..., committed_seq: _Optional[int] = ..., backlog_count: _Optional[int] = ..., lag_ms: _Optional[int] = ..., last_contact_ms: _Optional[int] = ..., downstream_cursor: _Optional[int] = ..., product_count: _Optional[int] = ..., refused_since_ms: _Optional[int] = ..., refused_seq: _Optional[int] = ..., refused_reason: _Optional[str] = ..., refused_message: _Optional[str] = ..., ledger_unwritable_since_ms: _Optional[int] = ...) -> None: ...

class LookupProductRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class SignInRequest(_message.Message):
    __slots__ = ("till_id", "staff_code", "pin", "card")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    CARD_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    staff_code: str
    pin: str
    card: str
    def __init__(self, till_id: _Optional[str] = ..., staff_code: _Optional[str] = ..., pin: _Optional[str] = ..., card: _Optional[str] = ...) -> None: ...

class SignedInStaff(_message.Message):
    __slots__ = ("till_id", "staff_code", "display_name", "role", "permissions", "signed_in_at_ms")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    SIGNED_IN_AT_MS_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    staff_code: str
    display_name: str
    role: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    signed_in_at_ms: int
    def __init__(self, till_id: _Optional[str] = ..., staff_code: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., signed_in_at_ms: _Optional[int] = ...) -> None: ...

class SignOutRequest(_message.Message):
    __slots__ = ("till_id",)
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    def __init__(self, till_id: _Optional[str] = ...) -> None: ...

class SignOutReply(_message.Message):
    __slots__ = ("till_id", "staff_code")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    staff_code: str
    def __init__(self, till_id: _Optional[str] = ..., staff_code: _Optional[str] = ...) -> None: ...

class WhoIsSignedInRequest(_message.Message):
    __slots__ = ("till_id",)
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    def __init__(self, till_id: _Optional[str] = ...) -> None: ...

class RedeemRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "member", "card_no", "sku", "uses", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    member: str
    card_no: int
    sku: str
    uses: int
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., member: _Optional[str] = ..., card_no: _Optional[int] = ..., sku: _Optional[str] = ..., uses: _Optional[int] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class RedeemReply(_message.Message):
    __slots__ = ("seq", "redemption", "movements", "phone", "receipt_text", "replayed", "print")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    redemption: _ledger_pb2.Redemption
    movements: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    phone: str
    receipt_text: str
    replayed: bool
    print: PrintOutcome
    def __init__(self, seq: _Optional[int] = ..., redemption: _Optional[_Union[_ledger_pb2.Redemption, _Mapping]] = ..., movements: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., phone: _Optional[str] = ..., receipt_text: _Optional[str] = ..., replayed: _Optional[bool] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...

class TakeRewardRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "member", "sku", "qty", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    member: str
    sku: str
    qty: int
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., member: _Optional[str] = ..., sku: _Optional[str] = ..., qty: _Optional[int] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class TakeRewardReply(_message.Message):
    __slots__ = ("seq", "reward", "movements", "phone", "balance", "receipt_text", "replayed", "print")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    reward: _ledger_pb2.Reward
    movements: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    phone: str
    balance: int
    receipt_text: str
    replayed: bool
    print: PrintOutcome
    def __init__(self, seq: _Optional[int] = ..., reward: _Optional[_Union[_ledger_pb2.Reward, _Mapping]] = ..., movements: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., phone: _Optional[str] = ..., balance: _Optional[int] = ..., receipt_text: _Optional[str] = ..., replayed: _Optional[bool] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...

class DeskMemberRequest(_message.Message):
    __slots__ = ("till_id", "member")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    member: str
    def __init__(self, till_id: _Optional[str] = ..., member: _Optional[str] = ...) -> None: ...

class DeskCard(_message.Message):
    __slots__ = ("entitlement_id", "kind", "covers", "uses_bought", "uses_left", "value_per_use_minor", "expires_at_ms", "stores")
    ENTITLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COVERS_FIELD_NUMBER: _ClassVar[int]
    USES_BOUGHT_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_USE_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    entitlement_id: int
    kind: str
    covers: _containers.RepeatedScalarFieldContainer[str]
    uses_bought: int
    uses_left: int
    value_per_use_minor: int
    expires_at_ms: int
    stores: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, entitlement_id: _Optional[int] = ..., kind: _Optional[str] = ..., covers: _Optional[_Iterable[str]] = ..., uses_bought: _Optional[int] = ..., uses_left: _Optional[int] = ..., value_per_use_minor: _Optional[int] = ..., expires_at_ms: _Optional[int] = ..., stores: _Optional[_Iterable[str]] = ...) -> None: ...

class DeskMember(_message.Message):
    __slots__ = ("member_id", "phone", "name", "level", "card_type", "principal_minor", "bonus_minor", "points", "cards", "currency", "registered_store")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CARD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    CARDS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_STORE_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    phone: str
    name: str
    level: str
    card_type: str
    principal_minor: int
    bonus_minor: int
    points: int
    cards: _containers.RepeatedCompositeFieldContainer[DeskCard]
    currency: str
    registered_store: str
    def __init__(self, member_id: _Optional[str] = ..., phone: _Optional[str] = ..., name: _Optional[str] = ..., level: _Optional[str] = ..., card_type: _Optional[str] = ..., principal_minor: _Optional[int] = ..., bonus_minor: _Optional[int] = ..., points: _Optional[int] = ..., cards: _Optional[_Iterable[_Union[DeskCard, _Mapping]]] = ..., currency: _Optional[str] = ..., registered_store: _Optional[str] = ...) -> None: ...

class DeskRegisterRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "phone", "name", "card_no", "birthday", "consent")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    BIRTHDAY_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    phone: str
    name: str
    card_no: str
    birthday: str
    consent: bool
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., phone: _Optional[str] = ..., name: _Optional[str] = ..., card_no: _Optional[str] = ..., birthday: _Optional[str] = ..., consent: _Optional[bool] = ...) -> None: ...

class DeskPayment(_message.Message):
    __slots__ = ("method", "reference", "tendered_minor")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TENDERED_MINOR_FIELD_NUMBER: _ClassVar[int]
    method: str
    reference: str
    tendered_minor: int
    def __init__(self, method: _Optional[str] = ..., reference: _Optional[str] = ..., tendered_minor: _Optional[int] = ...) -> None: ...

class DeskTopUpRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "member", "paid_minor", "payment", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    member: str
    paid_minor: int
    payment: DeskPayment
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., member: _Optional[str] = ..., paid_minor: _Optional[int] = ..., payment: _Optional[_Union[DeskPayment, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class DeskCardSaleRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "member", "kind", "covers", "uses", "paid_minor", "valid_days", "shareable", "payment", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COVERS_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALID_DAYS_FIELD_NUMBER: _ClassVar[int]
    SHAREABLE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    member: str
    kind: str
    covers: _containers.RepeatedScalarFieldContainer[str]
    uses: int
    paid_minor: int
    valid_days: int
    shareable: bool
    payment: DeskPayment
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., member: _Optional[str] = ..., kind: _Optional[str] = ..., covers: _Optional[_Iterable[str]] = ..., uses: _Optional[int] = ..., paid_minor: _Optional[int] = ..., valid_days: _Optional[int] = ..., shareable: _Optional[bool] = ..., payment: _Optional[_Union[DeskPayment, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class DeskReply(_message.Message):
    __slots__ = ("seq", "desk", "member", "card", "replayed", "change_minor", "print", "receipt_text")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    DESK_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    CARD_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    CHANGE_MINOR_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    desk: _ledger_pb2.MemberDesk
    member: DeskMember
    card: DeskCard
    replayed: bool
    change_minor: int
    print: PrintOutcome
    receipt_text: str
    def __init__(self, seq: _Optional[int] = ..., desk: _Optional[_Union[_ledger_pb2.MemberDesk, _Mapping]] = ..., member: _Optional[_Union[DeskMember, _Mapping]] = ..., card: _Optional[_Union[DeskCard, _Mapping]] = ..., replayed: _Optional[bool] = ..., change_minor: _Optional[int] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ..., receipt_text: _Optional[str] = ...) -> None: ...

class ChannelOrderView(_message.Message):
    __slots__ = ("reservation_id", "channel", "order_ref", "state", "lines", "confirmed_at_ms", "close_reason", "note", "picked_at_ms", "picked_by", "picked_seq", "handed_over_at_ms", "handed_over_by", "handed_over_seq")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ORDER_REF_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PICKED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PICKED_BY_FIELD_NUMBER: _ClassVar[int]
    PICKED_SEQ_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_AT_MS_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_BY_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_SEQ_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    channel: str
    order_ref: str
    state: str
    lines: _containers.RepeatedCompositeFieldContainer[_channels_pb2.ReservationLine]
    confirmed_at_ms: int
    close_reason: str
    note: str
    picked_at_ms: int
    picked_by: str
    picked_seq: int
    handed_over_at_ms: int
    handed_over_by: str
    handed_over_seq: int
    def __init__(self, reservation_id: _Optional[str] = ..., channel: _Optional[str] = ..., order_ref: _Optional[str] = ..., state: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[_channels_pb2.ReservationLine, _Mapping]]] = ..., confirmed_at_ms: _Optional[int] = ..., close_reason: _Optional[str] = ..., note: _Optional[str] = ..., picked_at_ms: _Optional[int] = ..., picked_by: _Optional[str] = ..., picked_seq: _Optional[int] = ..., handed_over_at_ms: _Optional[int] = ..., handed_over_by: _Optional[str] = ..., handed_over_seq: _Optional[int] = ...) -> None: ...

class ListChannelOrdersRequest(_message.Message):
    __slots__ = ("states", "reservation_id")
    STATES_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedScalarFieldContainer[str]
    reservation_id: str
    def __init__(self, states: _Optional[_Iterable[str]] = ..., reservation_id: _Optional[str] = ...) -> None: ...

class ListChannelOrdersReply(_message.Message):
    __slots__ = ("orders",)
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[ChannelOrderView]
    def __init__(self, orders: _Optional[_Iterable[_Union[ChannelOrderView, _Mapping]]] = ...) -> None: ...

class OrderActionRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "reservation_id")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    reservation_id: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., reservation_id: _Optional[str] = ...) -> None: ...

class PickOrderReply(_message.Message):
    __slots__ = ("seq", "order", "pick_list_text", "print")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    PICK_LIST_TEXT_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    order: ChannelOrderView
    pick_list_text: str
    print: PrintOutcome
    def __init__(self, seq: _Optional[int] = ..., order: _Optional[_Union[ChannelOrderView, _Mapping]] = ..., pick_list_text: _Optional[str] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...

class HandOverOrderReply(_message.Message):
    __slots__ = ("seq", "order", "movements")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    seq: int
    order: ChannelOrderView
    movements: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    def __init__(self, seq: _Optional[int] = ..., order: _Optional[_Union[ChannelOrderView, _Mapping]] = ..., movements: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ...) -> None: ...

class TillVoucherScanRequest(_message.Message):
    __slots__ = ("till_id", "code", "platform")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    code: str
    platform: str
    def __init__(self, till_id: _Optional[str] = ..., code: _Optional[str] = ..., platform: _Optional[str] = ...) -> None: ...

class TillVoucher(_message.Message):
    __slots__ = ("platform", "code_masked", "product_id", "title", "uses_left", "valid_from_ms", "valid_until_ms", "price_minor", "currency", "package", "cancel_window_ms")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_MS_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PACKAGE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_WINDOW_MS_FIELD_NUMBER: _ClassVar[int]
    platform: str
    code_masked: str
    product_id: str
    title: str
    uses_left: int
    valid_from_ms: int
    valid_until_ms: int
    price_minor: int
    currency: str
    package: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    cancel_window_ms: int
    def __init__(self, platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., product_id: _Optional[str] = ..., title: _Optional[str] = ..., uses_left: _Optional[int] = ..., valid_from_ms: _Optional[int] = ..., valid_until_ms: _Optional[int] = ..., price_minor: _Optional[int] = ..., currency: _Optional[str] = ..., package: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., cancel_window_ms: _Optional[int] = ...) -> None: ...

class TillVoucherRedeemRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "code", "count", "platform", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    code: str
    count: int
    platform: str
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., code: _Optional[str] = ..., count: _Optional[int] = ..., platform: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class TillVoucherCancelRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "redemption_id")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    redemption_id: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., redemption_id: _Optional[str] = ...) -> None: ...

class TillVoucherReply(_message.Message):
    __slots__ = ("seq", "redemption_id", "platform", "code_masked", "product_id", "title", "count", "state", "movements", "request_id", "replayed", "receipt_text", "print")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    PRINT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    redemption_id: str
    platform: str
    code_masked: str
    product_id: str
    title: str
    count: int
    state: str
    movements: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    request_id: str
    replayed: bool
    receipt_text: str
    print: PrintOutcome
    def __init__(self, seq: _Optional[int] = ..., redemption_id: _Optional[str] = ..., platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., product_id: _Optional[str] = ..., title: _Optional[str] = ..., count: _Optional[int] = ..., state: _Optional[str] = ..., movements: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., request_id: _Optional[str] = ..., replayed: _Optional[bool] = ..., receipt_text: _Optional[str] = ..., print: _Optional[_Union[PrintOutcome, _Mapping]] = ...) -> None: ...
