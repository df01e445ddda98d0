from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PromotionCells(_message.Message):
    __slots__ = ("cells",)
    class CellsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CELLS_FIELD_NUMBER: _ClassVar[int]
    cells: _containers.ScalarMap[str, str]
    def __init__(self, cells: _Optional[_Mapping[str, str]] = ...) -> None: ...

class CreatePromotionsRequest(_message.Message):
    __slots__ = ("rows", "first_row")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    FIRST_ROW_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[PromotionCells]
    first_row: int
    def __init__(self, rows: _Optional[_Iterable[_Union[PromotionCells, _Mapping]]] = ..., first_row: _Optional[int] = ...) -> None: ...

class ListPromotionsRequest(_message.Message):
    __slots__ = ("include_ended",)
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    include_ended: bool
    def __init__(self, include_ended: _Optional[bool] = ...) -> None: ...

class PromotionRequest(_message.Message):
    __slots__ = ("promo_id",)
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    promo_id: str
    def __init__(self, promo_id: _Optional[str] = ...) -> None: ...

class Promotion(_message.Message):
    __slots__ = ("promo_id", "record_json", "created_by", "created_at_ms", "ended_by", "ended_at_ms", "status")
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    RECORD_JSON_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ENDED_BY_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    promo_id: str
    record_json: str
    created_by: str
    created_at_ms: int
    ended_by: str
    ended_at_ms: int
    status: str
    def __init__(self, promo_id: _Optional[str] = ..., record_json: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., ended_by: _Optional[str] = ..., ended_at_ms: _Optional[int] = ..., status: _Optional[str] = ...) -> None: ...

class PromotionList(_message.Message):
    __slots__ = ("promotions",)
    PROMOTIONS_FIELD_NUMBER: _ClassVar[int]
    promotions: _containers.RepeatedCompositeFieldContainer[Promotion]
    def __init__(self, promotions: _Optional[_Iterable[_Union[Promotion, _Mapping]]] = ...) -> None: ...
