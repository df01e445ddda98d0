from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReplenishLine(_message.Message):
    __slots__ = ("line_no", "kind", "state", "store_code", "sku", "from_store", "supplier_code", "qty_base", "raw_qty_base", "pack_qty_base", "min_order_qty_base", "unit_cost_minor", "source", "velocity_milli", "sigma_milli", "lead_time_days", "review_period_days", "z_milli", "on_hand_qty_base", "inbound_qty_base", "on_order_qty_base", "reserved_qty_base", "order_up_to_qty_base", "reorder_point_qty_base", "need_qty_base", "from_on_hand_qty_base", "from_reserved_qty_base", "document_id")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    RAW_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    PACK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    MIN_ORDER_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    VELOCITY_MILLI_FIELD_NUMBER: _ClassVar[int]
    SIGMA_MILLI_FIELD_NUMBER: _ClassVar[int]
    LEAD_TIME_DAYS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_PERIOD_DAYS_FIELD_NUMBER: _ClassVar[int]
    Z_MILLI_FIELD_NUMBER: _ClassVar[int]
    ON_HAND_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    INBOUND_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    ON_ORDER_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    RESERVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    ORDER_UP_TO_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    REORDER_POINT_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    NEED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    FROM_ON_HAND_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    FROM_RESERVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    kind: str
    state: str
    store_code: str
    sku: str
    from_store: str
    supplier_code: str
    qty_base: int
    raw_qty_base: int
    pack_qty_base: int
    min_order_qty_base: int
    unit_cost_minor: int
    source: str
    velocity_milli: int
    sigma_milli: int
    lead_time_days: int
    review_period_days: int
    z_milli: int
    on_hand_qty_base: int
    inbound_qty_base: int
    on_order_qty_base: int
    reserved_qty_base: int
    order_up_to_qty_base: int
    reorder_point_qty_base: int
    need_qty_base: int
    from_on_hand_qty_base: int
    from_reserved_qty_base: int
    document_id: str
    def __init__(self, line_no: _Optional[int] = ..., kind: _Optional[str] = ..., state: _Optional[str] = ..., store_code: _Optional[str] = ..., sku: _Optional[str] = ..., from_store: _Optional[str] = ..., supplier_code: _Optional[str] = ..., qty_base: _Optional[int] = ..., raw_qty_base: _Optional[int] = ..., pack_qty_base: _Optional[int] = ..., min_order_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., source: _Optional[str] = ..., velocity_milli: _Optional[int] = ..., sigma_milli: _Optional[int] = ..., lead_time_days: _Optional[int] = ..., review_period_days: _Optional[int] = ..., z_milli: _Optional[int] = ..., on_hand_qty_base: _Optional[int] = ..., inbound_qty_base: _Optional[int] = ..., on_order_qty_base: _Optional[int] = ..., reserved_qty_base: _Optional[int] = ..., order_up_to_qty_base: _Optional[int] = ..., reorder_point_qty_base: _Optional[int] = ..., need_qty_base: _Optional[int] = ..., from_on_hand_qty_base: _Optional[int] = ..., from_reserved_qty_base: _Optional[int] = ..., document_id: _Optional[str] = ...) -> None: ...

class ReplenishRun(_message.Message):
    __slots__ = ("run_id", "state", "store_code", "category", "service_level_bp", "review_period_days", "window_days", "transfer_lead_time_days", "created_at_ms", "created_by", "approved_at_ms", "approved_by", "lines", "line_count", "value_minor")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SERVICE_LEVEL_BP_FIELD_NUMBER: _ClassVar[int]
    REVIEW_PERIOD_DAYS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_LEAD_TIME_DAYS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    LINE_COUNT_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    state: str
    store_code: str
    category: str
    service_level_bp: int
    review_period_days: int
    window_days: int
    transfer_lead_time_days: int
    created_at_ms: int
    created_by: str
    approved_at_ms: int
    approved_by: str
    lines: _containers.RepeatedCompositeFieldContainer[ReplenishLine]
    line_count: int
    value_minor: int
    def __init__(self, run_id: _Optional[str] = ..., state: _Optional[str] = ..., store_code: _Optional[str] = ..., category: _Optional[str] = ..., service_level_bp: _Optional[int] = ..., review_period_days: _Optional[int] = ..., window_days: _Optional[int] = ..., transfer_lead_time_days: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., created_by: _Optional[str] = ..., approved_at_ms: _Optional[int] = ..., approved_by: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReplenishLine, _Mapping]]] = ..., line_count: _Optional[int] = ..., value_minor: _Optional[int] = ...) -> None: ...

class RunReplenishmentRequest(_message.Message):
    __slots__ = ("store_code", "category", "dry_run")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    category: str
    dry_run: bool
    def __init__(self, store_code: _Optional[str] = ..., category: _Optional[str] = ..., dry_run: _Optional[bool] = ...) -> None: ...

class ReplenishmentProgress(_message.Message):
    __slots__ = ("skus_done", "sku_count", "run")
    SKUS_DONE_FIELD_NUMBER: _ClassVar[int]
    SKU_COUNT_FIELD_NUMBER: _ClassVar[int]
    RUN_FIELD_NUMBER: _ClassVar[int]
    skus_done: int
    sku_count: int
    run: ReplenishRun
    def __init__(self, skus_done: _Optional[int] = ..., sku_count: _Optional[int] = ..., run: _Optional[_Union[ReplenishRun, _Mapping]] = ...) -> None: ...

class GetReplenishRunRequest(_message.Message):
    __slots__ = ("run_id", "after_line", "limit")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_LINE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    after_line: int
    limit: int
    def __init__(self, run_id: _Optional[str] = ..., after_line: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class ListReplenishRunsRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class ListReplenishRunsReply(_message.Message):
    __slots__ = ("runs",)
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[ReplenishRun]
    def __init__(self, runs: _Optional[_Iterable[_Union[ReplenishRun, _Mapping]]] = ...) -> None: ...

class ApproveReplenishRunRequest(_message.Message):
    __slots__ = ("run_id", "line_nos")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_NOS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    line_nos: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, run_id: _Optional[str] = ..., line_nos: _Optional[_Iterable[int]] = ...) -> None: ...

class MinMaxRow(_message.Message):
    __slots__ = ("store_code", "sku", "min_qty_base", "max_qty_base")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    MIN_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    MAX_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    min_qty_base: int
    max_qty_base: int
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., min_qty_base: _Optional[int] = ..., max_qty_base: _Optional[int] = ...) -> None: ...

class SetMinMaxRequest(_message.Message):
    __slots__ = ("rows", "source")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[MinMaxRow]
    source: str
    def __init__(self, rows: _Optional[_Iterable[_Union[MinMaxRow, _Mapping]]] = ..., source: _Optional[str] = ...) -> None: ...

class SetMinMaxReply(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class ShowMinMaxRequest(_message.Message):
    __slots__ = ("store_code", "sku")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ...) -> None: ...

class ShowMinMaxReply(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[MinMaxRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[MinMaxRow, _Mapping]]] = ...) -> None: ...

class ClearMinMaxRequest(_message.Message):
    __slots__ = ("store_code", "sku")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ...) -> None: ...

class ClearMinMaxReply(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TransferCost(_message.Message):
    __slots__ = ("from_store", "to_store", "cost_minor")
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    TO_STORE_FIELD_NUMBER: _ClassVar[int]
    COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    from_store: str
    to_store: str
    cost_minor: int
    def __init__(self, from_store: _Optional[str] = ..., to_store: _Optional[str] = ..., cost_minor: _Optional[int] = ...) -> None: ...

class ListTransferCostsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTransferCostsReply(_message.Message):
    __slots__ = ("costs", "default_cost_minor")
    COSTS_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    costs: _containers.RepeatedCompositeFieldContainer[TransferCost]
    default_cost_minor: int
    def __init__(self, costs: _Optional[_Iterable[_Union[TransferCost, _Mapping]]] = ..., default_cost_minor: _Optional[int] = ...) -> None: ...

class SupplyTerms(_message.Message):
    __slots__ = ("sku", "supplier_code", "pack_qty_base", "min_order_qty_base", "unit_cost_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_CODE_FIELD_NUMBER: _ClassVar[int]
    PACK_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    MIN_ORDER_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    supplier_code: str
    pack_qty_base: int
    min_order_qty_base: int
    unit_cost_minor: int
    def __init__(self, sku: _Optional[str] = ..., supplier_code: _Optional[str] = ..., pack_qty_base: _Optional[int] = ..., min_order_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

class ListSupplyTermsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSupplyTermsReply(_message.Message):
    __slots__ = ("terms",)
    TERMS_FIELD_NUMBER: _ClassVar[int]
    terms: _containers.RepeatedCompositeFieldContainer[SupplyTerms]
    def __init__(self, terms: _Optional[_Iterable[_Union[SupplyTerms, _Mapping]]] = ...) -> None: ...
