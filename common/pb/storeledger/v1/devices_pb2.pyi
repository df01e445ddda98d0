from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WatchScansRequest(_message.Message):
    __slots__ = ("till_id",)
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    def __init__(self, till_id: _Optional[str] = ...) -> None: ...

class ScanEvent(_message.Message):
    __slots__ = ("code", "read_at_ms", "problem")
    CODE_FIELD_NUMBER: _ClassVar[int]
    READ_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    code: str
    read_at_ms: int
    problem: str
    def __init__(self, code: _Optional[str] = ..., read_at_ms: _Optional[int] = ..., problem: _Optional[str] = ...) -> None: ...

class ReadWeightRequest(_message.Message):
    __slots__ = ("till_id",)
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    def __init__(self, till_id: _Optional[str] = ...) -> None: ...

class WeightReading(_message.Message):
    __slots__ = ("weight_g", "stable")
    WEIGHT_G_FIELD_NUMBER: _ClassVar[int]
    STABLE_FIELD_NUMBER: _ClassVar[int]
    weight_g: int
    stable: bool
    def __init__(self, weight_g: _Optional[int] = ..., stable: _Optional[bool] = ...) -> None: ...

class DeviceStatusRequest(_message.Message):
    __slots__ = ("till_id",)
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    def __init__(self, till_id: _Optional[str] = ...) -> None: ...

class DeviceState(_message.Message):
    __slots__ = ("kind", "configured", "ok", "problem")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CONFIGURED_FIELD_NUMBER: _ClassVar[int]
    OK_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    kind: str
    configured: str
    ok: bool
    problem: str
    def __init__(self, kind: _Optional[str] = ..., configured: _Optional[str] = ..., ok: _Optional[bool] = ..., problem: _Optional[str] = ...) -> None: ...

class DeviceStatus(_message.Message):
    __slots__ = ("devices",)
    DEVICES_FIELD_NUMBER: _ClassVar[int]
    devices: _containers.RepeatedCompositeFieldContainer[DeviceState]
    def __init__(self, devices: _Optional[_Iterable[_Union[DeviceState, _Mapping]]] = ...) -> None: ...
