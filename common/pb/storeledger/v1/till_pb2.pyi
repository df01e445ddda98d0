from common.pb.storeledger.v1 import ledger_pb2 as _ledger_pb2
from common.pb.storeledger.v1 import catalogue_pb2 as _catalogue_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SellItem(_message.Message):
    __slots__ = ("code", "qty_base")
    CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    code: str
    qty_base: int
    def __init__(self, code: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class TenderRequest(_message.Message):
    __slots__ = ("method", "amount_minor", "reference")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    method: str
    amount_minor: int
    reference: str
    def __init__(self, method: _Optional[str] = ..., amount_minor: _Optional[int] = ..., reference: _Optional[str] = ...) -> None: ...

class SellRequest(_message.Message):
    __slots__ = ("till_id", "cashier", "items", "tenders", "idempotency_key")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    TENDERS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    items: _containers.RepeatedCompositeFieldContainer[SellItem]
    tenders: _containers.RepeatedCompositeFieldContainer[TenderRequest]
    idempotency_key: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., items: _Optional[_Iterable[_Union[SellItem, _Mapping]]] = ..., tenders: _Optional[_Iterable[_Union[TenderRequest, _Mapping]]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SellReply(_message.Message):
    __slots__ = ("seq", "sale", "receipt_text", "change_minor")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    CHANGE_MINOR_FIELD_NUMBER: _ClassVar[int]
    seq: int
    sale: _ledger_pb2.Sale
    receipt_text: str
    change_minor: int
    def __init__(self, seq: _Optional[int] = ..., sale: _Optional[_Union[_ledger_pb2.Sale, _Mapping]] = ..., receipt_text: _Optional[str] = ..., change_minor: _Optional[int] = ...) -> None: ...

class ReceiveItem(_message.Message):
    __slots__ = ("code", "qty_base", "unit_cost_minor")
    CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    code: str
    qty_base: int
    unit_cost_minor: int
    def __init__(self, code: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

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
    __slots__ = ("seq", "receipt")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    receipt: _ledger_pb2.Receipt
    def __init__(self, seq: _Optional[int] = ..., receipt: _Optional[_Union[_ledger_pb2.Receipt, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("store_code", "connected", "newest_seq", "acked_seq", "backlog_entries", "lag_ms", "last_contact_ms", "catalogue_cursor", "products")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    NEWEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    ACKED_SEQ_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    LAG_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_MS_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_CURSOR_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    connected: bool
    newest_seq: int
    acked_seq: int
    backlog_entries: int
    lag_ms: int
    last_contact_ms: int
    catalogue_cursor: int
    products: int
    def __init__(self, store_code: _Optional[str] = ..., connected: _Optional[bool] = ..., newest_seq: _Optional[int] = ..., acked_seq: _Optional[int] = ..., backlog_entries: _Optional[int] = ..., lag_ms: _Optional[int] = ..., last_contact_ms: _Optional[int] = ..., catalogue_cursor: _Optional[int] = ..., products: _Optional[int] = ...) -> None: ...

class LookupProductRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...
