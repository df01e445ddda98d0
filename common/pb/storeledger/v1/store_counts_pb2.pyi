from common.pb.storeledger.v1 import stocktake_pb2 as _stocktake_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class KeyItemsRequest(_message.Message):
    __slots__ = ("skus", "actor", "till_id")
    SKUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedScalarFieldContainer[str]
    actor: str
    till_id: str
    def __init__(self, skus: _Optional[_Iterable[str]] = ..., actor: _Optional[str] = ..., till_id: _Optional[str] = ...) -> None: ...

class KeyItemsReply(_message.Message):
    __slots__ = ("skus",)
    SKUS_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, skus: _Optional[_Iterable[str]] = ...) -> None: ...

class StartCountRequest(_message.Message):
    __slots__ = ("kind", "categories", "locations", "abc_classes", "skus", "title", "not_blind", "actor", "selling_locations")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASSES_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    NOT_BLIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SELLING_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    locations: _containers.RepeatedScalarFieldContainer[str]
    abc_classes: _containers.RepeatedScalarFieldContainer[str]
    skus: _containers.RepeatedScalarFieldContainer[str]
    title: str
    not_blind: bool
    actor: str
    selling_locations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kind: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., locations: _Optional[_Iterable[str]] = ..., abc_classes: _Optional[_Iterable[str]] = ..., skus: _Optional[_Iterable[str]] = ..., title: _Optional[str] = ..., not_blind: _Optional[bool] = ..., actor: _Optional[str] = ..., selling_locations: _Optional[_Iterable[str]] = ...) -> None: ...

class ListStoreCountsRequest(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: str
    def __init__(self, state: _Optional[str] = ...) -> None: ...

class CountActionRequest(_message.Message):
    __slots__ = ("session_id", "note", "actor")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    note: str
    actor: str
    def __init__(self, session_id: _Optional[str] = ..., note: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class AddCountLineRequest(_message.Message):
    __slots__ = ("session_id", "code", "sku", "qty_base", "location", "reason", "line_id", "actor")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    code: str
    sku: str
    qty_base: int
    location: str
    reason: str
    line_id: str
    actor: str
    def __init__(self, session_id: _Optional[str] = ..., code: _Optional[str] = ..., sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., location: _Optional[str] = ..., reason: _Optional[str] = ..., line_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class ConfirmZeroRequest(_message.Message):
    __slots__ = ("session_id", "skus", "all_not_counted", "actor")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    ALL_NOT_COUNTED_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    skus: _containers.RepeatedScalarFieldContainer[str]
    all_not_counted: bool
    actor: str
    def __init__(self, session_id: _Optional[str] = ..., skus: _Optional[_Iterable[str]] = ..., all_not_counted: _Optional[bool] = ..., actor: _Optional[str] = ...) -> None: ...

class StoreCountSession(_message.Message):
    __slots__ = ("session_id", "origin", "state", "scope", "tolerance", "title", "blind", "note", "round", "recount_skus", "first_approver", "approved_by", "second_approved_by", "created_by", "created_at_ms", "opened_seq", "closed_seq", "selling_locations")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BLIND_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    RECOUNT_SKUS_FIELD_NUMBER: _ClassVar[int]
    FIRST_APPROVER_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    SECOND_APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    OPENED_SEQ_FIELD_NUMBER: _ClassVar[int]
    CLOSED_SEQ_FIELD_NUMBER: _ClassVar[int]
    SELLING_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    origin: str
    state: str
    scope: _stocktake_pb2.CountScope
    tolerance: _stocktake_pb2.CountTolerance
    title: str
    blind: bool
    note: str
    round: int
    recount_skus: _containers.RepeatedScalarFieldContainer[str]
    first_approver: str
    approved_by: str
    second_approved_by: str
    created_by: str
    created_at_ms: int
    opened_seq: int
    closed_seq: int
    selling_locations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, session_id: _Optional[str] = ..., origin: _Optional[str] = ..., state: _Optional[str] = ..., scope: _Optional[_Union[_stocktake_pb2.CountScope, _Mapping]] = ..., tolerance: _Optional[_Union[_stocktake_pb2.CountTolerance, _Mapping]] = ..., title: _Optional[str] = ..., blind: _Optional[bool] = ..., note: _Optional[str] = ..., round: _Optional[int] = ..., recount_skus: _Optional[_Iterable[str]] = ..., first_approver: _Optional[str] = ..., approved_by: _Optional[str] = ..., second_approved_by: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., opened_seq: _Optional[int] = ..., closed_seq: _Optional[int] = ..., selling_locations: _Optional[_Iterable[str]] = ...) -> None: ...

class StoreCountLine(_message.Message):
    __slots__ = ("seq", "line_id", "sku", "scanned_code", "location", "qty_base", "reason", "round", "counter", "book_shown", "book_qty_base")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SCANNED_CODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    COUNTER_FIELD_NUMBER: _ClassVar[int]
    BOOK_SHOWN_FIELD_NUMBER: _ClassVar[int]
    BOOK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    seq: int
    line_id: str
    sku: str
    scanned_code: str
    location: str
    qty_base: int
    reason: str
    round: int
    counter: str
    book_shown: bool
    book_qty_base: int
    def __init__(self, seq: _Optional[int] = ..., line_id: _Optional[str] = ..., sku: _Optional[str] = ..., scanned_code: _Optional[str] = ..., location: _Optional[str] = ..., qty_base: _Optional[int] = ..., reason: _Optional[str] = ..., round: _Optional[int] = ..., counter: _Optional[str] = ..., book_shown: _Optional[bool] = ..., book_qty_base: _Optional[int] = ...) -> None: ...

class CountLocation(_message.Message):
    __slots__ = ("location", "counted_qty_base")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    COUNTED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    location: str
    counted_qty_base: int
    def __init__(self, location: _Optional[str] = ..., counted_qty_base: _Optional[int] = ...) -> None: ...

class StoreCountResult(_message.Message):
    __slots__ = ("sku", "round", "counted_qty_base", "abc_class", "recount_needed", "counters", "locations", "first_seq", "last_seq", "book_shown", "book_qty_base", "variance_qty_base", "moved_qty_base", "unit_cost_minor", "value_minor", "within_tolerance")
    SKU_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    COUNTED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASS_FIELD_NUMBER: _ClassVar[int]
    RECOUNT_NEEDED_FIELD_NUMBER: _ClassVar[int]
    COUNTERS_FIELD_NUMBER: _ClassVar[int]
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEQ_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQ_FIELD_NUMBER: _ClassVar[int]
    BOOK_SHOWN_FIELD_NUMBER: _ClassVar[int]
    BOOK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VARIANCE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    MOVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    WITHIN_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    round: int
    counted_qty_base: int
    abc_class: str
    recount_needed: bool
    counters: _containers.RepeatedScalarFieldContainer[str]
    locations: _containers.RepeatedCompositeFieldContainer[CountLocation]
    first_seq: int
    last_seq: int
    book_shown: bool
    book_qty_base: int
    variance_qty_base: int
    moved_qty_base: int
    unit_cost_minor: int
    value_minor: int
    within_tolerance: bool
    def __init__(self, sku: _Optional[str] = ..., round: _Optional[int] = ..., counted_qty_base: _Optional[int] = ..., abc_class: _Optional[str] = ..., recount_needed: _Optional[bool] = ..., counters: _Optional[_Iterable[str]] = ..., locations: _Optional[_Iterable[_Union[CountLocation, _Mapping]]] = ..., first_seq: _Optional[int] = ..., last_seq: _Optional[int] = ..., book_shown: _Optional[bool] = ..., book_qty_base: _Optional[int] = ..., variance_qty_base: _Optional[int] = ..., moved_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., value_minor: _Optional[int] = ..., within_tolerance: _Optional[bool] = ...) -> None: ...

class CountTotalsInfo(_message.Message):
    __slots__ = ("skus", "within", "gain_qty_base", "loss_qty_base", "gain_minor", "loss_minor", "net_minor", "gross_minor")
    SKUS_FIELD_NUMBER: _ClassVar[int]
    WITHIN_FIELD_NUMBER: _ClassVar[int]
    GAIN_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    LOSS_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    GAIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    LOSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    NET_MINOR_FIELD_NUMBER: _ClassVar[int]
    GROSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    skus: int
    within: int
    gain_qty_base: int
    loss_qty_base: int
    gain_minor: int
    loss_minor: int
    net_minor: int
    gross_minor: int
    def __init__(self, skus: _Optional[int] = ..., within: _Optional[int] = ..., gain_qty_base: _Optional[int] = ..., loss_qty_base: _Optional[int] = ..., gain_minor: _Optional[int] = ..., loss_minor: _Optional[int] = ..., net_minor: _Optional[int] = ..., gross_minor: _Optional[int] = ...) -> None: ...

class CountSessionReply(_message.Message):
    __slots__ = ("session", "results", "totals", "not_counted", "unknown", "line_count", "book_shown", "needs_second_approval")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    NOT_COUNTED_FIELD_NUMBER: _ClassVar[int]
    UNKNOWN_FIELD_NUMBER: _ClassVar[int]
    LINE_COUNT_FIELD_NUMBER: _ClassVar[int]
    BOOK_SHOWN_FIELD_NUMBER: _ClassVar[int]
    NEEDS_SECOND_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    session: StoreCountSession
    results: _containers.RepeatedCompositeFieldContainer[StoreCountResult]
    totals: CountTotalsInfo
    not_counted: _containers.RepeatedScalarFieldContainer[str]
    unknown: _containers.RepeatedCompositeFieldContainer[StoreCountLine]
    line_count: int
    book_shown: bool
    needs_second_approval: bool
    def __init__(self, session: _Optional[_Union[StoreCountSession, _Mapping]] = ..., results: _Optional[_Iterable[_Union[StoreCountResult, _Mapping]]] = ..., totals: _Optional[_Union[CountTotalsInfo, _Mapping]] = ..., not_counted: _Optional[_Iterable[str]] = ..., unknown: _Optional[_Iterable[_Union[StoreCountLine, _Mapping]]] = ..., line_count: _Optional[int] = ..., book_shown: _Optional[bool] = ..., needs_second_approval: _Optional[bool] = ...) -> None: ...

class ListStoreCountsReply(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[StoreCountSession]
    def __init__(self, sessions: _Optional[_Iterable[_Union[StoreCountSession, _Mapping]]] = ...) -> None: ...

class AddCountLineReply(_message.Message):
    __slots__ = ("line", "replayed", "session_state")
    LINE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    SESSION_STATE_FIELD_NUMBER: _ClassVar[int]
    line: StoreCountLine
    replayed: bool
    session_state: str
    def __init__(self, line: _Optional[_Union[StoreCountLine, _Mapping]] = ..., replayed: _Optional[bool] = ..., session_state: _Optional[str] = ...) -> None: ...

class ListCountLinesReply(_message.Message):
    __slots__ = ("session", "lines", "book_shown")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    BOOK_SHOWN_FIELD_NUMBER: _ClassVar[int]
    session: StoreCountSession
    lines: _containers.RepeatedCompositeFieldContainer[StoreCountLine]
    book_shown: bool
    def __init__(self, session: _Optional[_Union[StoreCountSession, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[StoreCountLine, _Mapping]]] = ..., book_shown: _Optional[bool] = ...) -> None: ...

class CountSheetItem(_message.Message):
    __slots__ = ("location", "sku", "barcode", "name", "unit")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    location: str
    sku: str
    barcode: str
    name: str
    unit: str
    def __init__(self, location: _Optional[str] = ..., sku: _Optional[str] = ..., barcode: _Optional[str] = ..., name: _Optional[str] = ..., unit: _Optional[str] = ...) -> None: ...

class CountSheetReply(_message.Message):
    __slots__ = ("session", "store_code", "items")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    session: StoreCountSession
    store_code: str
    items: _containers.RepeatedCompositeFieldContainer[CountSheetItem]
    def __init__(self, session: _Optional[_Union[StoreCountSession, _Mapping]] = ..., store_code: _Optional[str] = ..., items: _Optional[_Iterable[_Union[CountSheetItem, _Mapping]]] = ...) -> None: ...

class ImportCountFileRequest(_message.Message):
    __slots__ = ("session_id", "data", "actor")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    data: bytes
    actor: str
    def __init__(self, session_id: _Optional[str] = ..., data: _Optional[bytes] = ..., actor: _Optional[str] = ...) -> None: ...

class ImportCountFileReply(_message.Message):
    __slots__ = ("session", "lines", "replayed")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    session: StoreCountSession
    lines: _containers.RepeatedCompositeFieldContainer[StoreCountLine]
    replayed: bool
    def __init__(self, session: _Optional[_Union[StoreCountSession, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[StoreCountLine, _Mapping]]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class VarianceReportReply(_message.Message):
    __slots__ = ("pdf",)
    PDF_FIELD_NUMBER: _ClassVar[int]
    pdf: bytes
    def __init__(self, pdf: _Optional[bytes] = ...) -> None: ...
