from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserInfo(_message.Message):
    __slots__ = ("username", "role", "stores", "disabled", "created_at_ms", "created_by", "permissions")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    username: str
    role: str
    stores: _containers.RepeatedScalarFieldContainer[str]
    disabled: bool
    created_at_ms: int
    created_by: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, username: _Optional[str] = ..., role: _Optional[str] = ..., stores: _Optional[_Iterable[str]] = ..., disabled: _Optional[bool] = ..., created_at_ms: _Optional[int] = ..., created_by: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ...) -> None: ...

class AddUserRequest(_message.Message):
    __slots__ = ("username", "role", "stores")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    username: str
    role: str
    stores: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, username: _Optional[str] = ..., role: _Optional[str] = ..., stores: _Optional[_Iterable[str]] = ...) -> None: ...

class AddUserReply(_message.Message):
    __slots__ = ("user", "identity")
    USER_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_FIELD_NUMBER: _ClassVar[int]
    user: UserInfo
    identity: bytes
    def __init__(self, user: _Optional[_Union[UserInfo, _Mapping]] = ..., identity: _Optional[bytes] = ...) -> None: ...

class DisableUserRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListUsersReply(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[UserInfo]
    def __init__(self, users: _Optional[_Iterable[_Union[UserInfo, _Mapping]]] = ...) -> None: ...

class WhoAmIRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EnableUserRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class ReissueUserRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class ReissueUserReply(_message.Message):
    __slots__ = ("user", "identity", "serial", "superseded_serials")
    USER_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_SERIALS_FIELD_NUMBER: _ClassVar[int]
    user: UserInfo
    identity: bytes
    serial: str
    superseded_serials: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user: _Optional[_Union[UserInfo, _Mapping]] = ..., identity: _Optional[bytes] = ..., serial: _Optional[str] = ..., superseded_serials: _Optional[_Iterable[str]] = ...) -> None: ...
