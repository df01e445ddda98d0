from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CountScope(_message.Message):
    __slots__ = ("kind", "categories", "locations", "abc_classes", "skus")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASSES_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    locations: _containers.RepeatedScalarFieldContainer[str]
    abc_classes: _containers.RepeatedScalarFieldContainer[str]
    skus: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kind: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., locations: _Optional[_Iterable[str]] = ..., abc_classes: _Optional[_Iterable[str]] = ..., skus: _Optional[_Iterable[str]] = ...) -> None: ...

class CountTolerance(_message.Message):
    __slots__ = ("a_bp", "b_bp", "c_bp", "value_minor", "second_approval_minor")
    A_BP_FIELD_NUMBER: _ClassVar[int]
    B_BP_FIELD_NUMBER: _ClassVar[int]
    C_BP_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    SECOND_APPROVAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    a_bp: int
    b_bp: int
    c_bp: int
    value_minor: int
    second_approval_minor: int
    def __init__(self, a_bp: _Optional[int] = ..., b_bp: _Optional[int] = ..., c_bp: _Optional[int] = ..., value_minor: _Optional[int] = ..., second_approval_minor: _Optional[int] = ...) -> None: ...

class SkuClass(_message.Message):
    __slots__ = ("sku", "abc_class")
    SKU_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASS_FIELD_NUMBER: _ClassVar[int]
    sku: str
    abc_class: str
    def __init__(self, sku: _Optional[str] = ..., abc_class: _Optional[str] = ...) -> None: ...

class CountSessionEvent(_message.Message):
    __slots__ = ("session_id", "event", "origin", "scope", "tolerance", "classes", "title", "blind", "note", "recount_skus", "round", "by", "selling_locations")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    CLASSES_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BLIND_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    RECOUNT_SKUS_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    SELLING_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    event: str
    origin: str
    scope: CountScope
    tolerance: CountTolerance
    classes: _containers.RepeatedCompositeFieldContainer[SkuClass]
    title: str
    blind: bool
    note: str
    recount_skus: _containers.RepeatedScalarFieldContainer[str]
    round: int
    by: str
    selling_locations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, session_id: _Optional[str] = ..., event: _Optional[str] = ..., origin: _Optional[str] = ..., scope: _Optional[_Union[CountScope, _Mapping]] = ..., tolerance: _Optional[_Union[CountTolerance, _Mapping]] = ..., classes: _Optional[_Iterable[_Union[SkuClass, _Mapping]]] = ..., title: _Optional[str] = ..., blind: _Optional[bool] = ..., note: _Optional[str] = ..., recount_skus: _Optional[_Iterable[str]] = ..., round: _Optional[int] = ..., by: _Optional[str] = ..., selling_locations: _Optional[_Iterable[str]] = ...) -> None: ...

class CountLine(_message.Message):
    __slots__ = ("session_id", "line_id", "sku", "scanned_code", "location", "qty_base", "reason", "round", "book_qty_base", "counter")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SCANNED_CODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    BOOK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COUNTER_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    line_id: str
    sku: str
    scanned_code: str
    location: str
    qty_base: int
    reason: str
    round: int
    book_qty_base: int
    counter: str
    def __init__(self, session_id: _Optional[str] = ..., line_id: _Optional[str] = ..., sku: _Optional[str] = ..., scanned_code: _Optional[str] = ..., location: _Optional[str] = ..., qty_base: _Optional[int] = ..., reason: _Optional[str] = ..., round: _Optional[int] = ..., book_qty_base: _Optional[int] = ..., counter: _Optional[str] = ...) -> None: ...

class CountResultLine(_message.Message):
    __slots__ = ("sku", "book_qty_base", "counted_qty_base", "variance_qty_base", "unit_cost_minor", "value_minor", "abc_class", "within_tolerance", "round", "moved_qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    BOOK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COUNTED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VARIANCE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASS_FIELD_NUMBER: _ClassVar[int]
    WITHIN_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    MOVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    unit_cost_minor: int
    value_minor: int
    abc_class: str
    within_tolerance: bool
    round: int
    moved_qty_base: int
    def __init__(self, sku: _Optional[str] = ..., book_qty_base: _Optional[int] = ..., counted_qty_base: _Optional[int] = ..., variance_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., value_minor: _Optional[int] = ..., abc_class: _Optional[str] = ..., within_tolerance: _Optional[bool] = ..., round: _Optional[int] = ..., moved_qty_base: _Optional[int] = ...) -> None: ...

class CountPosting(_message.Message):
    __slots__ = ("session_id", "lines", "approved_by", "second_approved_by", "part", "parts")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    SECOND_APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    PART_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    lines: _containers.RepeatedCompositeFieldContainer[CountResultLine]
    approved_by: str
    second_approved_by: str
    part: int
    parts: int
    def __init__(self, session_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[CountResultLine, _Mapping]]] = ..., approved_by: _Optional[str] = ..., second_approved_by: _Optional[str] = ..., part: _Optional[int] = ..., parts: _Optional[int] = ...) -> None: ...

class CountOrder(_message.Message):
    __slots__ = ("session_id", "action", "scope", "tolerance", "classes", "title", "blind", "note", "by", "second_by", "selling_locations")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    CLASSES_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BLIND_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    SECOND_BY_FIELD_NUMBER: _ClassVar[int]
    SELLING_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    action: str
    scope: CountScope
    tolerance: CountTolerance
    classes: _containers.RepeatedCompositeFieldContainer[SkuClass]
    title: str
    blind: bool
    note: str
    by: str
    second_by: str
    selling_locations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, session_id: _Optional[str] = ..., action: _Optional[str] = ..., scope: _Optional[_Union[CountScope, _Mapping]] = ..., tolerance: _Optional[_Union[CountTolerance, _Mapping]] = ..., classes: _Optional[_Iterable[_Union[SkuClass, _Mapping]]] = ..., title: _Optional[str] = ..., blind: _Optional[bool] = ..., note: _Optional[str] = ..., by: _Optional[str] = ..., second_by: _Optional[str] = ..., selling_locations: _Optional[_Iterable[str]] = ...) -> None: ...

class CountPolicy(_message.Message):
    __slots__ = ("tolerance",)
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    tolerance: CountTolerance
    def __init__(self, tolerance: _Optional[_Union[CountTolerance, _Mapping]] = ...) -> None: ...

class KeyItemsOrder(_message.Message):
    __slots__ = ("skus", "by")
    SKUS_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedScalarFieldContainer[str]
    by: str
    def __init__(self, skus: _Optional[_Iterable[str]] = ..., by: _Optional[str] = ...) -> None: ...

class KeyItemsSet(_message.Message):
    __slots__ = ("skus", "by", "origin", "order_cursor")
    SKUS_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    ORDER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedScalarFieldContainer[str]
    by: str
    origin: str
    order_cursor: int
    def __init__(self, skus: _Optional[_Iterable[str]] = ..., by: _Optional[str] = ..., origin: _Optional[str] = ..., order_cursor: _Optional[int] = ...) -> None: ...
