from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MovementReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MOVEMENT_REASON_UNSPECIFIED: _ClassVar[MovementReason]
    MOVEMENT_REASON_SALE: _ClassVar[MovementReason]
    MOVEMENT_REASON_RETURN: _ClassVar[MovementReason]
    MOVEMENT_REASON_RECEIPT: _ClassVar[MovementReason]
    MOVEMENT_REASON_TRANSFER_OUT: _ClassVar[MovementReason]
    MOVEMENT_REASON_TRANSFER_IN: _ClassVar[MovementReason]
    MOVEMENT_REASON_ADJUSTMENT: _ClassVar[MovementReason]
    MOVEMENT_REASON_WRITE_OFF: _ClassVar[MovementReason]
    MOVEMENT_REASON_REDEMPTION: _ClassVar[MovementReason]
    MOVEMENT_REASON_CHANNEL_FULFILMENT: _ClassVar[MovementReason]
MOVEMENT_REASON_UNSPECIFIED: MovementReason
MOVEMENT_REASON_SALE: MovementReason
MOVEMENT_REASON_RETURN: MovementReason
MOVEMENT_REASON_RECEIPT: MovementReason
MOVEMENT_REASON_TRANSFER_OUT: MovementReason
MOVEMENT_REASON_TRANSFER_IN: MovementReason
MOVEMENT_REASON_ADJUSTMENT: MovementReason
MOVEMENT_REASON_WRITE_OFF: MovementReason
MOVEMENT_REASON_REDEMPTION: MovementReason
MOVEMENT_REASON_CHANNEL_FULFILMENT: MovementReason

class Movement(_message.Message):
    __slots__ = ("sku", "qty_base", "reason", "unit_cost_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    reason: MovementReason
    unit_cost_minor: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., reason: _Optional[_Union[MovementReason, str]] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

class SaleLine(_message.Message):
    __slots__ = ("line_no", "sku", "scanned_code", "name", "qty_base", "unit_price_minor", "amount_minor")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SCANNED_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    sku: str
    scanned_code: str
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int
    def __init__(self, line_no: _Optional[int] = ..., sku: _Optional[str] = ..., scanned_code: _Optional[str] = ..., name: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_price_minor: _Optional[int] = ..., amount_minor: _Optional[int] = ...) -> None: ...

class Tender(_message.Message):
    __slots__ = ("method", "amount_minor", "tendered_minor", "change_minor", "reference")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    TENDERED_MINOR_FIELD_NUMBER: _ClassVar[int]
    CHANGE_MINOR_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    method: str
    amount_minor: int
    tendered_minor: int
    change_minor: int
    reference: str
    def __init__(self, method: _Optional[str] = ..., amount_minor: _Optional[int] = ..., tendered_minor: _Optional[int] = ..., change_minor: _Optional[int] = ..., reference: _Optional[str] = ...) -> None: ...

class Sale(_message.Message):
    __slots__ = ("sale_id", "sale_no", "till_id", "cashier", "lines", "tenders", "total_minor", "currency")
    SALE_ID_FIELD_NUMBER: _ClassVar[int]
    SALE_NO_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TENDERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    sale_id: str
    sale_no: int
    till_id: str
    cashier: str
    lines: _containers.RepeatedCompositeFieldContainer[SaleLine]
    tenders: _containers.RepeatedCompositeFieldContainer[Tender]
    total_minor: int
    currency: str
    def __init__(self, sale_id: _Optional[str] = ..., sale_no: _Optional[int] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[SaleLine, _Mapping]]] = ..., tenders: _Optional[_Iterable[_Union[Tender, _Mapping]]] = ..., total_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class ReceiptLine(_message.Message):
    __slots__ = ("sku", "qty_base", "unit_cost_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    unit_cost_minor: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

class Receipt(_message.Message):
    __slots__ = ("receipt_id", "supplier_ref", "lines")
    RECEIPT_ID_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_REF_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    receipt_id: str
    supplier_ref: str
    lines: _containers.RepeatedCompositeFieldContainer[ReceiptLine]
    def __init__(self, receipt_id: _Optional[str] = ..., supplier_ref: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReceiptLine, _Mapping]]] = ...) -> None: ...

class JournalEntry(_message.Message):
    __slots__ = ("seq", "occurred_at_ms", "actor", "document_type", "document_id", "movements", "sale", "receipt")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    occurred_at_ms: int
    actor: str
    document_type: str
    document_id: str
    movements: _containers.RepeatedCompositeFieldContainer[Movement]
    sale: Sale
    receipt: Receipt
    def __init__(self, seq: _Optional[int] = ..., occurred_at_ms: _Optional[int] = ..., actor: _Optional[str] = ..., document_type: _Optional[str] = ..., document_id: _Optional[str] = ..., movements: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ..., sale: _Optional[_Union[Sale, _Mapping]] = ..., receipt: _Optional[_Union[Receipt, _Mapping]] = ...) -> None: ...

class SkuBalance(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class BalanceChecksum(_message.Message):
    __slots__ = ("as_of_seq", "sha256_hex", "sku_count")
    AS_OF_SEQ_FIELD_NUMBER: _ClassVar[int]
    SHA256_HEX_FIELD_NUMBER: _ClassVar[int]
    SKU_COUNT_FIELD_NUMBER: _ClassVar[int]
    as_of_seq: int
    sha256_hex: str
    sku_count: int
    def __init__(self, as_of_seq: _Optional[int] = ..., sha256_hex: _Optional[str] = ..., sku_count: _Optional[int] = ...) -> None: ...
