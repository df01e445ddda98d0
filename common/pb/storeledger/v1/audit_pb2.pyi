from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuditRecord(_message.Message):
    __slots__ = ("id", "occurred_at_ms", "actor", "action", "entity", "entity_id", "before_json", "after_json", "prev_hash", "hash")
    ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ENTITY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    BEFORE_JSON_FIELD_NUMBER: _ClassVar[int]
    AFTER_JSON_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    id: int
    occurred_at_ms: int
    actor: str
    action: str
    entity: str
    entity_id: str
    before_json: str
    after_json: str
    prev_hash: str
    hash: str
    def __init__(self, id: _Optional[int] = ..., occurred_at_ms: _Optional[int] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., entity: _Optional[str] = ..., entity_id: _Optional[str] = ..., before_json: _Optional[str] = ..., after_json: _Optional[str] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ...) -> None: ...

class ListAuditRequest(_message.Message):
    __slots__ = ("actor", "entity", "entity_id", "action", "since_ms", "until_ms", "after_id", "limit")
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ENTITY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    AFTER_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    actor: str
    entity: str
    entity_id: str
    action: str
    since_ms: int
    until_ms: int
    after_id: int
    limit: int
    def __init__(self, actor: _Optional[str] = ..., entity: _Optional[str] = ..., entity_id: _Optional[str] = ..., action: _Optional[str] = ..., since_ms: _Optional[int] = ..., until_ms: _Optional[int] = ..., after_id: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class ListAuditReply(_message.Message):
    __slots__ = ("records",)
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
    def __init__(self, records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ...) -> None: ...

class VerifyAuditRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AuditProblem(_message.Message):
    __slots__ = ("id", "problem", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: int
    problem: str
    kind: str
    def __init__(self, id: _Optional[int] = ..., problem: _Optional[str] = ..., kind: _Optional[str] = ...) -> None: ...

class VerifyAuditReply(_message.Message):
    __slots__ = ("intact", "record_count", "last_id", "last_hash", "problems", "keyed_from_id", "notices")
    INTACT_FIELD_NUMBER: _ClassVar[int]
    RECORD_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_HASH_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    KEYED_FROM_ID_FIELD_NUMBER: _ClassVar[int]
    NOTICES_FIELD_NUMBER: _ClassVar[int]
    intact: bool
    record_count: int
    last_id: int
    last_hash: str
    problems: _containers.RepeatedCompositeFieldContainer[AuditProblem]
    keyed_from_id: int
    notices: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, intact: _Optional[bool] = ..., record_count: _Optional[int] = ..., last_id: _Optional[int] = ..., last_hash: _Optional[str] = ..., problems: _Optional[_Iterable[_Union[AuditProblem, _Mapping]]] = ..., keyed_from_id: _Optional[int] = ..., notices: _Optional[_Iterable[str]] = ...) -> None: ...
