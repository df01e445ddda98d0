from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WriteOffLine(_message.Message):
    __slots__ = ("sku", "qty_base", "unit_cost_minor", "value_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    unit_cost_minor: int
    value_minor: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., value_minor: _Optional[int] = ...) -> None: ...

class WriteOffOrder(_message.Message):
    __slots__ = ("write_off_id", "decision", "reason", "note", "lines", "value_minor", "requested_by", "decided_by", "decision_note", "origin")
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    decision: str
    reason: str
    note: str
    lines: _containers.RepeatedCompositeFieldContainer[WriteOffLine]
    value_minor: int
    requested_by: str
    decided_by: str
    decision_note: str
    origin: str
    def __init__(self, write_off_id: _Optional[str] = ..., decision: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[WriteOffLine, _Mapping]]] = ..., value_minor: _Optional[int] = ..., requested_by: _Optional[str] = ..., decided_by: _Optional[str] = ..., decision_note: _Optional[str] = ..., origin: _Optional[str] = ...) -> None: ...

class WriteOffPolicy(_message.Message):
    __slots__ = ("approval_threshold_minor",)
    APPROVAL_THRESHOLD_MINOR_FIELD_NUMBER: _ClassVar[int]
    approval_threshold_minor: int
    def __init__(self, approval_threshold_minor: _Optional[int] = ...) -> None: ...

class WriteOff(_message.Message):
    __slots__ = ("write_off_id", "reason", "note", "lines", "value_minor", "origin", "approved_by")
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    reason: str
    note: str
    lines: _containers.RepeatedCompositeFieldContainer[WriteOffLine]
    value_minor: int
    origin: str
    approved_by: str
    def __init__(self, write_off_id: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[WriteOffLine, _Mapping]]] = ..., value_minor: _Optional[int] = ..., origin: _Optional[str] = ..., approved_by: _Optional[str] = ...) -> None: ...

class WriteOffRequest(_message.Message):
    __slots__ = ("write_off_id", "reason", "note", "lines", "value_minor", "threshold_minor")
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_MINOR_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    reason: str
    note: str
    lines: _containers.RepeatedCompositeFieldContainer[WriteOffLine]
    value_minor: int
    threshold_minor: int
    def __init__(self, write_off_id: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[WriteOffLine, _Mapping]]] = ..., value_minor: _Optional[int] = ..., threshold_minor: _Optional[int] = ...) -> None: ...

class WriteOffItem(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class RequestWriteOffRequest(_message.Message):
    __slots__ = ("store_code", "reason", "note", "items")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    reason: str
    note: str
    items: _containers.RepeatedCompositeFieldContainer[WriteOffItem]
    def __init__(self, store_code: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., items: _Optional[_Iterable[_Union[WriteOffItem, _Mapping]]] = ...) -> None: ...

class WriteOffInfo(_message.Message):
    __slots__ = ("write_off_id", "store_code", "origin", "state", "reason", "note", "lines", "value_minor", "threshold_minor", "requested_by", "requested_at_ms", "decided_by", "decided_at_ms", "decision_note", "done_seq", "done_at_ms")
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_MINOR_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    DONE_SEQ_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    store_code: str
    origin: str
    state: str
    reason: str
    note: str
    lines: _containers.RepeatedCompositeFieldContainer[WriteOffLine]
    value_minor: int
    threshold_minor: int
    requested_by: str
    requested_at_ms: int
    decided_by: str
    decided_at_ms: int
    decision_note: str
    done_seq: int
    done_at_ms: int
    def __init__(self, write_off_id: _Optional[str] = ..., store_code: _Optional[str] = ..., origin: _Optional[str] = ..., state: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[WriteOffLine, _Mapping]]] = ..., value_minor: _Optional[int] = ..., threshold_minor: _Optional[int] = ..., requested_by: _Optional[str] = ..., requested_at_ms: _Optional[int] = ..., decided_by: _Optional[str] = ..., decided_at_ms: _Optional[int] = ..., decision_note: _Optional[str] = ..., done_seq: _Optional[int] = ..., done_at_ms: _Optional[int] = ...) -> None: ...

class ListWriteOffsRequest(_message.Message):
    __slots__ = ("store_code", "state")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    state: str
    def __init__(self, store_code: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListWriteOffsReply(_message.Message):
    __slots__ = ("write_offs",)
    WRITE_OFFS_FIELD_NUMBER: _ClassVar[int]
    write_offs: _containers.RepeatedCompositeFieldContainer[WriteOffInfo]
    def __init__(self, write_offs: _Optional[_Iterable[_Union[WriteOffInfo, _Mapping]]] = ...) -> None: ...

class GetWriteOffRequest(_message.Message):
    __slots__ = ("write_off_id",)
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    def __init__(self, write_off_id: _Optional[str] = ...) -> None: ...

class DecideWriteOffRequest(_message.Message):
    __slots__ = ("write_off_id", "note")
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    note: str
    def __init__(self, write_off_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class StoreWriteOffRequest(_message.Message):
    __slots__ = ("items", "reason", "note", "actor", "idempotency_key", "confirm_negative")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONFIRM_NEGATIVE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[WriteOffItem]
    reason: str
    note: str
    actor: str
    idempotency_key: str
    confirm_negative: bool
    def __init__(self, items: _Optional[_Iterable[_Union[WriteOffItem, _Mapping]]] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., actor: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., confirm_negative: _Optional[bool] = ...) -> None: ...

class StoreWriteOff(_message.Message):
    __slots__ = ("write_off_id", "origin", "state", "reason", "note", "lines", "value_minor", "requested_by", "requested_at_ms", "decided_by", "decision_note", "seq", "request_seq")
    WRITE_OFF_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    REQUEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    write_off_id: str
    origin: str
    state: str
    reason: str
    note: str
    lines: _containers.RepeatedCompositeFieldContainer[WriteOffLine]
    value_minor: int
    requested_by: str
    requested_at_ms: int
    decided_by: str
    decision_note: str
    seq: int
    request_seq: int
    def __init__(self, write_off_id: _Optional[str] = ..., origin: _Optional[str] = ..., state: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[WriteOffLine, _Mapping]]] = ..., value_minor: _Optional[int] = ..., requested_by: _Optional[str] = ..., requested_at_ms: _Optional[int] = ..., decided_by: _Optional[str] = ..., decision_note: _Optional[str] = ..., seq: _Optional[int] = ..., request_seq: _Optional[int] = ...) -> None: ...

class StoreWriteOffReply(_message.Message):
    __slots__ = ("write_off", "threshold_minor")
    WRITE_OFF_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_MINOR_FIELD_NUMBER: _ClassVar[int]
    write_off: StoreWriteOff
    threshold_minor: int
    def __init__(self, write_off: _Optional[_Union[StoreWriteOff, _Mapping]] = ..., threshold_minor: _Optional[int] = ...) -> None: ...

class ListStoreWriteOffsRequest(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: str
    def __init__(self, state: _Optional[str] = ...) -> None: ...

class ListStoreWriteOffsReply(_message.Message):
    __slots__ = ("write_offs", "threshold_minor")
    WRITE_OFFS_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_MINOR_FIELD_NUMBER: _ClassVar[int]
    write_offs: _containers.RepeatedCompositeFieldContainer[StoreWriteOff]
    threshold_minor: int
    def __init__(self, write_offs: _Optional[_Iterable[_Union[StoreWriteOff, _Mapping]]] = ..., threshold_minor: _Optional[int] = ...) -> None: ...
