from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PurchaseOrderLine(_message.Message):
    __slots__ = ("line_no", "sku", "name", "ordered_qty_base", "unit_cost_minor", "received_qty_base")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORDERED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    sku: str
    name: str
    ordered_qty_base: int
    unit_cost_minor: int
    received_qty_base: int
    def __init__(self, line_no: _Optional[int] = ..., sku: _Optional[str] = ..., name: _Optional[str] = ..., ordered_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., received_qty_base: _Optional[int] = ...) -> None: ...

class PurchaseOrder(_message.Message):
    __slots__ = ("po_id", "store_code", "supplier_code", "supplier_name", "state", "currency", "over_tolerance_pct", "lines", "created_at_ms", "created_by", "updated_at_ms", "total_minor")
    PO_ID_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    OVER_TOLERANCE_PCT_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    po_id: str
    store_code: str
    supplier_code: str
    supplier_name: str
    state: str
    currency: str
    over_tolerance_pct: int
    lines: _containers.RepeatedCompositeFieldContainer[PurchaseOrderLine]
    created_at_ms: int
    created_by: str
    updated_at_ms: int
    total_minor: int
    def __init__(self, po_id: _Optional[str] = ..., store_code: _Optional[str] = ..., supplier_code: _Optional[str] = ..., supplier_name: _Optional[str] = ..., state: _Optional[str] = ..., currency: _Optional[str] = ..., over_tolerance_pct: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[PurchaseOrderLine, _Mapping]]] = ..., created_at_ms: _Optional[int] = ..., created_by: _Optional[str] = ..., updated_at_ms: _Optional[int] = ..., total_minor: _Optional[int] = ...) -> None: ...

class PurchaseOrderExpected(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: PurchaseOrder
    def __init__(self, order: _Optional[_Union[PurchaseOrder, _Mapping]] = ...) -> None: ...

class SupplierReturnLine(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class SupplierReturn(_message.Message):
    __slots__ = ("return_id", "supplier_code", "reason", "lines")
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    supplier_code: str
    reason: str
    lines: _containers.RepeatedCompositeFieldContainer[SupplierReturnLine]
    def __init__(self, return_id: _Optional[str] = ..., supplier_code: _Optional[str] = ..., reason: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[SupplierReturnLine, _Mapping]]] = ...) -> None: ...

class Supplier(_message.Message):
    __slots__ = ("code", "name", "contact", "created_at_ms", "created_by")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    contact: str
    created_at_ms: int
    created_by: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., contact: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., created_by: _Optional[str] = ...) -> None: ...

class AddSupplierRequest(_message.Message):
    __slots__ = ("code", "name", "contact")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    contact: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., contact: _Optional[str] = ...) -> None: ...

class ListSuppliersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSuppliersReply(_message.Message):
    __slots__ = ("suppliers",)
    SUPPLIERS_FIELD_NUMBER: _ClassVar[int]
    suppliers: _containers.RepeatedCompositeFieldContainer[Supplier]
    def __init__(self, suppliers: _Optional[_Iterable[_Union[Supplier, _Mapping]]] = ...) -> None: ...

class OrderLineRequest(_message.Message):
    __slots__ = ("sku", "ordered_qty_base", "unit_cost_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    ORDERED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    ordered_qty_base: int
    unit_cost_minor: int
    def __init__(self, sku: _Optional[str] = ..., ordered_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

class CreateOrderRequest(_message.Message):
    __slots__ = ("store_code", "supplier_code", "lines", "over_tolerance_pct")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    OVER_TOLERANCE_PCT_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    supplier_code: str
    lines: _containers.RepeatedCompositeFieldContainer[OrderLineRequest]
    over_tolerance_pct: int
    def __init__(self, store_code: _Optional[str] = ..., supplier_code: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[OrderLineRequest, _Mapping]]] = ..., over_tolerance_pct: _Optional[int] = ...) -> None: ...

class AddOrderLineRequest(_message.Message):
    __slots__ = ("po_id", "line")
    PO_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    po_id: str
    line: OrderLineRequest
    def __init__(self, po_id: _Optional[str] = ..., line: _Optional[_Union[OrderLineRequest, _Mapping]] = ...) -> None: ...

class RemoveOrderLineRequest(_message.Message):
    __slots__ = ("po_id", "line_no")
    PO_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    po_id: str
    line_no: int
    def __init__(self, po_id: _Optional[str] = ..., line_no: _Optional[int] = ...) -> None: ...

class OrderRequest(_message.Message):
    __slots__ = ("po_id",)
    PO_ID_FIELD_NUMBER: _ClassVar[int]
    po_id: str
    def __init__(self, po_id: _Optional[str] = ...) -> None: ...

class ListOrdersRequest(_message.Message):
    __slots__ = ("store_code", "state")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    state: str
    def __init__(self, store_code: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListOrdersReply(_message.Message):
    __slots__ = ("orders",)
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[PurchaseOrder]
    def __init__(self, orders: _Optional[_Iterable[_Union[PurchaseOrder, _Mapping]]] = ...) -> None: ...

class SupplierReturnInfo(_message.Message):
    __slots__ = ("store_code", "seq", "return_id", "supplier_code", "reason", "actor", "occurred_at_ms", "qty_base", "value_minor", "lines")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    seq: int
    return_id: str
    supplier_code: str
    reason: str
    actor: str
    occurred_at_ms: int
    qty_base: int
    value_minor: int
    lines: _containers.RepeatedCompositeFieldContainer[SupplierReturnLine]
    def __init__(self, store_code: _Optional[str] = ..., seq: _Optional[int] = ..., return_id: _Optional[str] = ..., supplier_code: _Optional[str] = ..., reason: _Optional[str] = ..., actor: _Optional[str] = ..., occurred_at_ms: _Optional[int] = ..., qty_base: _Optional[int] = ..., value_minor: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[SupplierReturnLine, _Mapping]]] = ...) -> None: ...

class ListSupplierReturnsRequest(_message.Message):
    __slots__ = ("store_code", "supplier_code")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    supplier_code: str
    def __init__(self, store_code: _Optional[str] = ..., supplier_code: _Optional[str] = ...) -> None: ...

class ListSupplierReturnsReply(_message.Message):
    __slots__ = ("returns",)
    RETURNS_FIELD_NUMBER: _ClassVar[int]
    returns: _containers.RepeatedCompositeFieldContainer[SupplierReturnInfo]
    def __init__(self, returns: _Optional[_Iterable[_Union[SupplierReturnInfo, _Mapping]]] = ...) -> None: ...

class ListExpectedOrdersRequest(_message.Message):
    __slots__ = ("include_finished",)
    INCLUDE_FINISHED_FIELD_NUMBER: _ClassVar[int]
    include_finished: bool
    def __init__(self, include_finished: _Optional[bool] = ...) -> None: ...

class ListExpectedOrdersReply(_message.Message):
    __slots__ = ("orders",)
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[PurchaseOrder]
    def __init__(self, orders: _Optional[_Iterable[_Union[PurchaseOrder, _Mapping]]] = ...) -> None: ...

class ReceiveOrderItem(_message.Message):
    __slots__ = ("sku", "qty_base", "unit_cost_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    unit_cost_minor: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

class ReceiveOrderRequest(_message.Message):
    __slots__ = ("po_id", "items", "allow_over", "actor", "supplier_ref", "idempotency_key", "expiry_dates")
    class ExpiryDatesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PO_ID_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OVER_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_REF_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    EXPIRY_DATES_FIELD_NUMBER: _ClassVar[int]
    po_id: str
    items: _containers.RepeatedCompositeFieldContainer[ReceiveOrderItem]
    allow_over: bool
    actor: str
    supplier_ref: str
    idempotency_key: str
    expiry_dates: _containers.ScalarMap[str, str]
    def __init__(self, po_id: _Optional[str] = ..., items: _Optional[_Iterable[_Union[ReceiveOrderItem, _Mapping]]] = ..., allow_over: _Optional[bool] = ..., actor: _Optional[str] = ..., supplier_ref: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., expiry_dates: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ReceivedLine(_message.Message):
    __slots__ = ("sku", "qty_base", "unit_cost_minor", "expiry_date")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRY_DATE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., expiry_date: _Optional[str] = ...) -> None: ...

class ReceiveOrderReply(_message.Message):
    __slots__ = ("seq", "delivery_id", "lines", "order", "warnings")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    seq: int
    delivery_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ReceivedLine]
    order: PurchaseOrder
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, seq: _Optional[int] = ..., delivery_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReceivedLine, _Mapping]]] = ..., order: _Optional[_Union[PurchaseOrder, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ...) -> None: ...

class ReturnToSupplierRequest(_message.Message):
    __slots__ = ("supplier_code", "lines", "reason", "actor", "idempotency_key")
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    supplier_code: str
    lines: _containers.RepeatedCompositeFieldContainer[SupplierReturnLine]
    reason: str
    actor: str
    idempotency_key: str
    def __init__(self, supplier_code: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[SupplierReturnLine, _Mapping]]] = ..., reason: _Optional[str] = ..., actor: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReturnToSupplierReply(_message.Message):
    __slots__ = ("seq", "supplier_return")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_RETURN_FIELD_NUMBER: _ClassVar[int]
    seq: int
    supplier_return: SupplierReturn
    def __init__(self, seq: _Optional[int] = ..., supplier_return: _Optional[_Union[SupplierReturn, _Mapping]] = ...) -> None: ...
