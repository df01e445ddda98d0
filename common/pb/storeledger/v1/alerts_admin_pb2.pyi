from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListAlertsRequest(_message.Message):
    __slots__ = ("store_code", "kind")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    kind: str
    def __init__(self, store_code: _Optional[str] = ..., kind: _Optional[str] = ...) -> None: ...

class AlertRow(_message.Message):
    __slots__ = ("kind", "severity", "store_code", "sku", "session_id", "qty_base", "value_minor", "normal_minor", "outside_bp", "lag_ms", "last_contact_ms", "message", "reorder_point_qty_base")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    NORMAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTSIDE_BP_FIELD_NUMBER: _ClassVar[int]
    LAG_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_MS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REORDER_POINT_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    kind: str
    severity: str
    store_code: str
    sku: str
    session_id: str
    qty_base: int
    value_minor: int
    normal_minor: int
    outside_bp: int
    lag_ms: int
    last_contact_ms: int
    message: str
    reorder_point_qty_base: int
    def __init__(self, kind: _Optional[str] = ..., severity: _Optional[str] = ..., store_code: _Optional[str] = ..., sku: _Optional[str] = ..., session_id: _Optional[str] = ..., qty_base: _Optional[int] = ..., value_minor: _Optional[int] = ..., normal_minor: _Optional[int] = ..., outside_bp: _Optional[int] = ..., lag_ms: _Optional[int] = ..., last_contact_ms: _Optional[int] = ..., message: _Optional[str] = ..., reorder_point_qty_base: _Optional[int] = ...) -> None: ...

class ListAlertsReply(_message.Message):
    __slots__ = ("alerts", "currency")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[AlertRow]
    currency: str
    def __init__(self, alerts: _Optional[_Iterable[_Union[AlertRow, _Mapping]]] = ..., currency: _Optional[str] = ...) -> None: ...
