from common.pb.storeledger.v1 import stocktake_pb2 as _stocktake_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateCountRequest(_message.Message):
    __slots__ = ("store_code", "scope_kind", "categories", "skus", "abc_classes", "locations", "title", "selling_locations", "blind")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASSES_FIELD_NUMBER: _ClassVar[int]
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SELLING_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    BLIND_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    scope_kind: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    skus: _containers.RepeatedScalarFieldContainer[str]
    abc_classes: _containers.RepeatedScalarFieldContainer[str]
    locations: _containers.RepeatedScalarFieldContainer[str]
    title: str
    selling_locations: _containers.RepeatedScalarFieldContainer[str]
    blind: bool
    def __init__(self, store_code: _Optional[str] = ..., scope_kind: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., skus: _Optional[_Iterable[str]] = ..., abc_classes: _Optional[_Iterable[str]] = ..., locations: _Optional[_Iterable[str]] = ..., title: _Optional[str] = ..., selling_locations: _Optional[_Iterable[str]] = ..., blind: _Optional[bool] = ...) -> None: ...

class CountRef(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class ListCountsRequest(_message.Message):
    __slots__ = ("store_code", "state")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    state: str
    def __init__(self, store_code: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class CountSessionInfo(_message.Message):
    __slots__ = ("session_id", "store_code", "origin", "state", "scope", "title", "blind", "round", "recount_skus", "first_approver", "approved_by", "second_approved_by", "created_by", "created_at_ms", "opened_seq", "submitted_seq", "posted_seq", "posted_at_ms", "anomaly", "tolerance", "selling_locations")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BLIND_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    RECOUNT_SKUS_FIELD_NUMBER: _ClassVar[int]
    FIRST_APPROVER_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    SECOND_APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    OPENED_SEQ_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    POSTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ANOMALY_FIELD_NUMBER: _ClassVar[int]
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    SELLING_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    store_code: str
    origin: str
    state: str
    scope: _stocktake_pb2.CountScope
    title: str
    blind: bool
    round: int
    recount_skus: _containers.RepeatedScalarFieldContainer[str]
    first_approver: str
    approved_by: str
    second_approved_by: str
    created_by: str
    created_at_ms: int
    opened_seq: int
    submitted_seq: int
    posted_seq: int
    posted_at_ms: int
    anomaly: str
    tolerance: _stocktake_pb2.CountTolerance
    selling_locations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, session_id: _Optional[str] = ..., store_code: _Optional[str] = ..., origin: _Optional[str] = ..., state: _Optional[str] = ..., scope: _Optional[_Union[_stocktake_pb2.CountScope, _Mapping]] = ..., title: _Optional[str] = ..., blind: _Optional[bool] = ..., round: _Optional[int] = ..., recount_skus: _Optional[_Iterable[str]] = ..., first_approver: _Optional[str] = ..., approved_by: _Optional[str] = ..., second_approved_by: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., opened_seq: _Optional[int] = ..., submitted_seq: _Optional[int] = ..., posted_seq: _Optional[int] = ..., posted_at_ms: _Optional[int] = ..., anomaly: _Optional[str] = ..., tolerance: _Optional[_Union[_stocktake_pb2.CountTolerance, _Mapping]] = ..., selling_locations: _Optional[_Iterable[str]] = ...) -> None: ...

class ListCountsReply(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[CountSessionInfo]
    def __init__(self, sessions: _Optional[_Iterable[_Union[CountSessionInfo, _Mapping]]] = ...) -> None: ...

class CountPlace(_message.Message):
    __slots__ = ("location", "qty_base")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    location: str
    qty_base: int
    def __init__(self, location: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class CountSkuResult(_message.Message):
    __slots__ = ("sku", "category", "abc_class", "book_qty_base", "counted_qty_base", "variance_qty_base", "unit_cost_minor", "value_minor", "within_tolerance", "recount_needed", "round", "moved_qty_base", "counters", "locations")
    SKU_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASS_FIELD_NUMBER: _ClassVar[int]
    BOOK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COUNTED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VARIANCE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    WITHIN_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    RECOUNT_NEEDED_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    MOVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COUNTERS_FIELD_NUMBER: _ClassVar[int]
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    sku: str
    category: str
    abc_class: str
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    unit_cost_minor: int
    value_minor: int
    within_tolerance: bool
    recount_needed: bool
    round: int
    moved_qty_base: int
    counters: _containers.RepeatedScalarFieldContainer[str]
    locations: _containers.RepeatedCompositeFieldContainer[CountPlace]
    def __init__(self, sku: _Optional[str] = ..., category: _Optional[str] = ..., abc_class: _Optional[str] = ..., book_qty_base: _Optional[int] = ..., counted_qty_base: _Optional[int] = ..., variance_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., value_minor: _Optional[int] = ..., within_tolerance: _Optional[bool] = ..., recount_needed: _Optional[bool] = ..., round: _Optional[int] = ..., moved_qty_base: _Optional[int] = ..., counters: _Optional[_Iterable[str]] = ..., locations: _Optional[_Iterable[_Union[CountPlace, _Mapping]]] = ...) -> None: ...

class CountTotals(_message.Message):
    __slots__ = ("gain_qty_base", "loss_qty_base", "gain_minor", "loss_minor", "net_minor", "gross_minor", "skus", "within")
    GAIN_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    LOSS_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    GAIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    LOSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    NET_MINOR_FIELD_NUMBER: _ClassVar[int]
    GROSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    WITHIN_FIELD_NUMBER: _ClassVar[int]
    gain_qty_base: int
    loss_qty_base: int
    gain_minor: int
    loss_minor: int
    net_minor: int
    gross_minor: int
    skus: int
    within: int
    def __init__(self, gain_qty_base: _Optional[int] = ..., loss_qty_base: _Optional[int] = ..., gain_minor: _Optional[int] = ..., loss_minor: _Optional[int] = ..., net_minor: _Optional[int] = ..., gross_minor: _Optional[int] = ..., skus: _Optional[int] = ..., within: _Optional[int] = ...) -> None: ...

class UnknownBarcode(_message.Message):
    __slots__ = ("scanned_code", "location", "qty_base", "counter", "seq")
    SCANNED_CODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COUNTER_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    scanned_code: str
    location: str
    qty_base: int
    counter: str
    seq: int
    def __init__(self, scanned_code: _Optional[str] = ..., location: _Optional[str] = ..., qty_base: _Optional[int] = ..., counter: _Optional[str] = ..., seq: _Optional[int] = ...) -> None: ...

class CountReport(_message.Message):
    __slots__ = ("session", "results", "totals", "not_counted", "unknown_barcodes", "book_mismatches", "line_count")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    NOT_COUNTED_FIELD_NUMBER: _ClassVar[int]
    UNKNOWN_BARCODES_FIELD_NUMBER: _ClassVar[int]
    BOOK_MISMATCHES_FIELD_NUMBER: _ClassVar[int]
    LINE_COUNT_FIELD_NUMBER: _ClassVar[int]
    session: CountSessionInfo
    results: _containers.RepeatedCompositeFieldContainer[CountSkuResult]
    totals: CountTotals
    not_counted: _containers.RepeatedScalarFieldContainer[str]
    unknown_barcodes: _containers.RepeatedCompositeFieldContainer[UnknownBarcode]
    book_mismatches: int
    line_count: int
    def __init__(self, session: _Optional[_Union[CountSessionInfo, _Mapping]] = ..., results: _Optional[_Iterable[_Union[CountSkuResult, _Mapping]]] = ..., totals: _Optional[_Union[CountTotals, _Mapping]] = ..., not_counted: _Optional[_Iterable[str]] = ..., unknown_barcodes: _Optional[_Iterable[_Union[UnknownBarcode, _Mapping]]] = ..., book_mismatches: _Optional[int] = ..., line_count: _Optional[int] = ...) -> None: ...

class CountVarianceRequest(_message.Message):
    __slots__ = ("session_id", "by")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    by: str
    def __init__(self, session_id: _Optional[str] = ..., by: _Optional[str] = ...) -> None: ...

class CountVarianceRow(_message.Message):
    __slots__ = ("key", "skus", "book_qty_base", "counted_qty_base", "gain_qty_base", "loss_qty_base", "gain_minor", "loss_minor", "net_minor")
    KEY_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    BOOK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COUNTED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    GAIN_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    LOSS_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    GAIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    LOSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    NET_MINOR_FIELD_NUMBER: _ClassVar[int]
    key: str
    skus: int
    book_qty_base: int
    counted_qty_base: int
    gain_qty_base: int
    loss_qty_base: int
    gain_minor: int
    loss_minor: int
    net_minor: int
    def __init__(self, key: _Optional[str] = ..., skus: _Optional[int] = ..., book_qty_base: _Optional[int] = ..., counted_qty_base: _Optional[int] = ..., gain_qty_base: _Optional[int] = ..., loss_qty_base: _Optional[int] = ..., gain_minor: _Optional[int] = ..., loss_minor: _Optional[int] = ..., net_minor: _Optional[int] = ...) -> None: ...

class CountVarianceReply(_message.Message):
    __slots__ = ("session_id", "store_code", "by", "rows", "totals")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    store_code: str
    by: str
    rows: _containers.RepeatedCompositeFieldContainer[CountVarianceRow]
    totals: CountTotals
    def __init__(self, session_id: _Optional[str] = ..., store_code: _Optional[str] = ..., by: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[CountVarianceRow, _Mapping]]] = ..., totals: _Optional[_Union[CountTotals, _Mapping]] = ...) -> None: ...

class PlanCountsRequest(_message.Message):
    __slots__ = ("store_code", "create")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    create: bool
    def __init__(self, store_code: _Optional[str] = ..., create: _Optional[bool] = ...) -> None: ...

class CountProposal(_message.Message):
    __slots__ = ("store_code", "abc_class", "skus", "session_id")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    ABC_CLASS_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    abc_class: str
    skus: _containers.RepeatedScalarFieldContainer[str]
    session_id: str
    def __init__(self, store_code: _Optional[str] = ..., abc_class: _Optional[str] = ..., skus: _Optional[_Iterable[str]] = ..., session_id: _Optional[str] = ...) -> None: ...

class PlanCountsReply(_message.Message):
    __slots__ = ("proposals",)
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    proposals: _containers.RepeatedCompositeFieldContainer[CountProposal]
    def __init__(self, proposals: _Optional[_Iterable[_Union[CountProposal, _Mapping]]] = ...) -> None: ...

class CountAccuracyRequest(_message.Message):
    __slots__ = ("store_code", "since", "by", "top", "png", "html")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    TOP_FIELD_NUMBER: _ClassVar[int]
    PNG_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    since: str
    by: str
    top: int
    png: bool
    html: bool
    def __init__(self, store_code: _Optional[str] = ..., since: _Optional[str] = ..., by: _Optional[str] = ..., top: _Optional[int] = ..., png: _Optional[bool] = ..., html: _Optional[bool] = ...) -> None: ...

class AccuracyClass(_message.Message):
    __slots__ = ("abc_class", "counted", "within")
    ABC_CLASS_FIELD_NUMBER: _ClassVar[int]
    COUNTED_FIELD_NUMBER: _ClassVar[int]
    WITHIN_FIELD_NUMBER: _ClassVar[int]
    abc_class: str
    counted: int
    within: int
    def __init__(self, abc_class: _Optional[str] = ..., counted: _Optional[int] = ..., within: _Optional[int] = ...) -> None: ...

class AccuracyLoss(_message.Message):
    __slots__ = ("key", "loss_minor", "counts")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LOSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    key: str
    loss_minor: int
    counts: int
    def __init__(self, key: _Optional[str] = ..., loss_minor: _Optional[int] = ..., counts: _Optional[int] = ...) -> None: ...

class AccuracyFigures(_message.Message):
    __slots__ = ("store_code", "period", "counted", "within", "classes", "loss_minor", "gain_minor", "has_sales", "sales_minor", "top_skus", "top_categories")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    COUNTED_FIELD_NUMBER: _ClassVar[int]
    WITHIN_FIELD_NUMBER: _ClassVar[int]
    CLASSES_FIELD_NUMBER: _ClassVar[int]
    LOSS_MINOR_FIELD_NUMBER: _ClassVar[int]
    GAIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    HAS_SALES_FIELD_NUMBER: _ClassVar[int]
    SALES_MINOR_FIELD_NUMBER: _ClassVar[int]
    TOP_SKUS_FIELD_NUMBER: _ClassVar[int]
    TOP_CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    period: str
    counted: int
    within: int
    classes: _containers.RepeatedCompositeFieldContainer[AccuracyClass]
    loss_minor: int
    gain_minor: int
    has_sales: bool
    sales_minor: int
    top_skus: _containers.RepeatedCompositeFieldContainer[AccuracyLoss]
    top_categories: _containers.RepeatedCompositeFieldContainer[AccuracyLoss]
    def __init__(self, store_code: _Optional[str] = ..., period: _Optional[str] = ..., counted: _Optional[int] = ..., within: _Optional[int] = ..., classes: _Optional[_Iterable[_Union[AccuracyClass, _Mapping]]] = ..., loss_minor: _Optional[int] = ..., gain_minor: _Optional[int] = ..., has_sales: _Optional[bool] = ..., sales_minor: _Optional[int] = ..., top_skus: _Optional[_Iterable[_Union[AccuracyLoss, _Mapping]]] = ..., top_categories: _Optional[_Iterable[_Union[AccuracyLoss, _Mapping]]] = ...) -> None: ...

class CountAccuracyReply(_message.Message):
    __slots__ = ("by", "since_ms", "utc_offset_minutes", "chain", "stores", "periods", "png", "html")
    BY_FIELD_NUMBER: _ClassVar[int]
    SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    UTC_OFFSET_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CHAIN_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    PNG_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    by: str
    since_ms: int
    utc_offset_minutes: int
    chain: AccuracyFigures
    stores: _containers.RepeatedCompositeFieldContainer[AccuracyFigures]
    periods: _containers.RepeatedCompositeFieldContainer[AccuracyFigures]
    png: bytes
    html: str
    def __init__(self, by: _Optional[str] = ..., since_ms: _Optional[int] = ..., utc_offset_minutes: _Optional[int] = ..., chain: _Optional[_Union[AccuracyFigures, _Mapping]] = ..., stores: _Optional[_Iterable[_Union[AccuracyFigures, _Mapping]]] = ..., periods: _Optional[_Iterable[_Union[AccuracyFigures, _Mapping]]] = ..., png: _Optional[bytes] = ..., html: _Optional[str] = ...) -> None: ...

class StoreKeyItemsRequest(_message.Message):
    __slots__ = ("store_code", "skus")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    skus: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, store_code: _Optional[str] = ..., skus: _Optional[_Iterable[str]] = ...) -> None: ...

class StoreKeyItems(_message.Message):
    __slots__ = ("store_code", "skus", "set_by", "set_at_ms", "set_from")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    SET_BY_FIELD_NUMBER: _ClassVar[int]
    SET_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SET_FROM_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    skus: _containers.RepeatedScalarFieldContainer[str]
    set_by: str
    set_at_ms: int
    set_from: str
    def __init__(self, store_code: _Optional[str] = ..., skus: _Optional[_Iterable[str]] = ..., set_by: _Optional[str] = ..., set_at_ms: _Optional[int] = ..., set_from: _Optional[str] = ...) -> None: ...
