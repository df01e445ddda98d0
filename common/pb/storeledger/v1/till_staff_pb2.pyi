from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TillStaffMember(_message.Message):
    __slots__ = ("store_code", "staff_code", "display_name", "role", "disabled", "pin_hash", "card_hash", "has_card", "updated_at_ms", "updated_by")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    PIN_HASH_FIELD_NUMBER: _ClassVar[int]
    CARD_HASH_FIELD_NUMBER: _ClassVar[int]
    HAS_CARD_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    staff_code: str
    display_name: str
    role: str
    disabled: bool
    pin_hash: str
    card_hash: str
    has_card: bool
    updated_at_ms: int
    updated_by: str
    def __init__(self, store_code: _Optional[str] = ..., staff_code: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[str] = ..., disabled: _Optional[bool] = ..., pin_hash: _Optional[str] = ..., card_hash: _Optional[str] = ..., has_card: _Optional[bool] = ..., updated_at_ms: _Optional[int] = ..., updated_by: _Optional[str] = ...) -> None: ...

class AddTillStaffRequest(_message.Message):
    __slots__ = ("store_code", "staff_code", "display_name", "role", "pin", "card")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    CARD_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    staff_code: str
    display_name: str
    role: str
    pin: str
    card: str
    def __init__(self, store_code: _Optional[str] = ..., staff_code: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[str] = ..., pin: _Optional[str] = ..., card: _Optional[str] = ...) -> None: ...

class ListTillStaffRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class ListTillStaffReply(_message.Message):
    __slots__ = ("staff",)
    STAFF_FIELD_NUMBER: _ClassVar[int]
    staff: _containers.RepeatedCompositeFieldContainer[TillStaffMember]
    def __init__(self, staff: _Optional[_Iterable[_Union[TillStaffMember, _Mapping]]] = ...) -> None: ...

class TillStaffRequest(_message.Message):
    __slots__ = ("store_code", "staff_code")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    staff_code: str
    def __init__(self, store_code: _Optional[str] = ..., staff_code: _Optional[str] = ...) -> None: ...

class SetTillStaffRoleRequest(_message.Message):
    __slots__ = ("store_code", "staff_code", "role")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    staff_code: str
    role: str
    def __init__(self, store_code: _Optional[str] = ..., staff_code: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class ResetTillStaffPinRequest(_message.Message):
    __slots__ = ("store_code", "staff_code", "pin")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    staff_code: str
    pin: str
    def __init__(self, store_code: _Optional[str] = ..., staff_code: _Optional[str] = ..., pin: _Optional[str] = ...) -> None: ...
