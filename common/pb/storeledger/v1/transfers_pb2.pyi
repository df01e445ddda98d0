from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TransferLine(_message.Message):
    __slots__ = ("sku", "qty_base", "shipped_qty_base", "received_qty_base", "unit_cost_minor", "resolved_qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    SHIPPED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    shipped_qty_base: int
    received_qty_base: int
    unit_cost_minor: int
    resolved_qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., shipped_qty_base: _Optional[int] = ..., received_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., resolved_qty_base: _Optional[int] = ...) -> None: ...

class TransferOrder(_message.Message):
    __slots__ = ("transfer_id", "from_store", "to_store", "lines", "state", "created_at_ms", "created_by", "resolution")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    TO_STORE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    from_store: str
    to_store: str
    lines: _containers.RepeatedCompositeFieldContainer[TransferLine]
    state: str
    created_at_ms: int
    created_by: str
    resolution: str
    def __init__(self, transfer_id: _Optional[str] = ..., from_store: _Optional[str] = ..., to_store: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[TransferLine, _Mapping]]] = ..., state: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., created_by: _Optional[str] = ..., resolution: _Optional[str] = ...) -> None: ...

class TransferShipment(_message.Message):
    __slots__ = ("transfer_id", "from_store", "to_store", "lines", "kind")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    TO_STORE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    from_store: str
    to_store: str
    lines: _containers.RepeatedCompositeFieldContainer[TransferLine]
    kind: str
    def __init__(self, transfer_id: _Optional[str] = ..., from_store: _Optional[str] = ..., to_store: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[TransferLine, _Mapping]]] = ..., kind: _Optional[str] = ...) -> None: ...

class TransferReceipt(_message.Message):
    __slots__ = ("transfer_id", "from_store", "to_store", "lines")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    TO_STORE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    from_store: str
    to_store: str
    lines: _containers.RepeatedCompositeFieldContainer[TransferLine]
    def __init__(self, transfer_id: _Optional[str] = ..., from_store: _Optional[str] = ..., to_store: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[TransferLine, _Mapping]]] = ...) -> None: ...

class TransferInfo(_message.Message):
    __slots__ = ("order", "updated_at_ms", "shipped_at_ms", "received_at_ms", "resolved_at_ms", "resolved_by", "in_transit_value_minor", "loss_value_minor", "currency")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SHIPPED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    IN_TRANSIT_VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    LOSS_VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    order: TransferOrder
    updated_at_ms: int
    shipped_at_ms: int
    received_at_ms: int
    resolved_at_ms: int
    resolved_by: str
    in_transit_value_minor: int
    loss_value_minor: int
    currency: str
    def __init__(self, order: _Optional[_Union[TransferOrder, _Mapping]] = ..., updated_at_ms: _Optional[int] = ..., shipped_at_ms: _Optional[int] = ..., received_at_ms: _Optional[int] = ..., resolved_at_ms: _Optional[int] = ..., resolved_by: _Optional[str] = ..., in_transit_value_minor: _Optional[int] = ..., loss_value_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class TransferItem(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class CreateTransferRequest(_message.Message):
    __slots__ = ("from_store", "to_store", "items")
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    TO_STORE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    from_store: str
    to_store: str
    items: _containers.RepeatedCompositeFieldContainer[TransferItem]
    def __init__(self, from_store: _Optional[str] = ..., to_store: _Optional[str] = ..., items: _Optional[_Iterable[_Union[TransferItem, _Mapping]]] = ...) -> None: ...

class CreateTransferReply(_message.Message):
    __slots__ = ("transfer", "warnings")
    TRANSFER_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    transfer: TransferInfo
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, transfer: _Optional[_Union[TransferInfo, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ...) -> None: ...

class ListTransfersRequest(_message.Message):
    __slots__ = ("state", "store_code")
    STATE_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    state: str
    store_code: str
    def __init__(self, state: _Optional[str] = ..., store_code: _Optional[str] = ...) -> None: ...

class ListTransfersReply(_message.Message):
    __slots__ = ("transfers",)
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    transfers: _containers.RepeatedCompositeFieldContainer[TransferInfo]
    def __init__(self, transfers: _Optional[_Iterable[_Union[TransferInfo, _Mapping]]] = ...) -> None: ...

class ShowTransferRequest(_message.Message):
    __slots__ = ("transfer_id",)
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    def __init__(self, transfer_id: _Optional[str] = ...) -> None: ...

class CancelTransferRequest(_message.Message):
    __slots__ = ("transfer_id",)
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    def __init__(self, transfer_id: _Optional[str] = ...) -> None: ...

class ResolveTransferRequest(_message.Message):
    __slots__ = ("transfer_id", "resolution")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    resolution: str
    def __init__(self, transfer_id: _Optional[str] = ..., resolution: _Optional[str] = ...) -> None: ...

class InTransitRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class InTransitRow(_message.Message):
    __slots__ = ("transfer_id", "from_store", "to_store", "sku", "qty_base", "unit_cost_minor", "value_minor", "state")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    TO_STORE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    from_store: str
    to_store: str
    sku: str
    qty_base: int
    unit_cost_minor: int
    value_minor: int
    state: str
    def __init__(self, transfer_id: _Optional[str] = ..., from_store: _Optional[str] = ..., to_store: _Optional[str] = ..., sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., value_minor: _Optional[int] = ..., state: _Optional[str] = ...) -> None: ...

class InTransitReply(_message.Message):
    __slots__ = ("rows", "total_qty_base", "total_value_minor", "currency")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[InTransitRow]
    total_qty_base: int
    total_value_minor: int
    currency: str
    def __init__(self, rows: _Optional[_Iterable[_Union[InTransitRow, _Mapping]]] = ..., total_qty_base: _Optional[int] = ..., total_value_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class StoreTransfer(_message.Message):
    __slots__ = ("order", "direction", "shipped_seq", "received_seq", "corrected_seq")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    SHIPPED_SEQ_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_SEQ_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    order: TransferOrder
    direction: str
    shipped_seq: int
    received_seq: int
    corrected_seq: int
    def __init__(self, order: _Optional[_Union[TransferOrder, _Mapping]] = ..., direction: _Optional[str] = ..., shipped_seq: _Optional[int] = ..., received_seq: _Optional[int] = ..., corrected_seq: _Optional[int] = ...) -> None: ...

class ListStoreTransfersRequest(_message.Message):
    __slots__ = ("all",)
    ALL_FIELD_NUMBER: _ClassVar[int]
    all: bool
    def __init__(self, all: _Optional[bool] = ...) -> None: ...

class ListStoreTransfersReply(_message.Message):
    __slots__ = ("transfers",)
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    transfers: _containers.RepeatedCompositeFieldContainer[StoreTransfer]
    def __init__(self, transfers: _Optional[_Iterable[_Union[StoreTransfer, _Mapping]]] = ...) -> None: ...

class ShipTransferRequest(_message.Message):
    __slots__ = ("transfer_id", "items", "actor", "idempotency_key")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    items: _containers.RepeatedCompositeFieldContainer[TransferItem]
    actor: str
    idempotency_key: str
    def __init__(self, transfer_id: _Optional[str] = ..., items: _Optional[_Iterable[_Union[TransferItem, _Mapping]]] = ..., actor: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReceiveTransferRequest(_message.Message):
    __slots__ = ("transfer_id", "items", "actor", "idempotency_key")
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    items: _containers.RepeatedCompositeFieldContainer[TransferItem]
    actor: str
    idempotency_key: str
    def __init__(self, transfer_id: _Optional[str] = ..., items: _Optional[_Iterable[_Union[TransferItem, _Mapping]]] = ..., actor: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class StoreTransferReply(_message.Message):
    __slots__ = ("transfer", "seq", "lines")
    TRANSFER_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    transfer: StoreTransfer
    seq: int
    lines: _containers.RepeatedCompositeFieldContainer[TransferLine]
    def __init__(self, transfer: _Optional[_Union[StoreTransfer, _Mapping]] = ..., seq: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[TransferLine, _Mapping]]] = ...) -> None: ...
