from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StockLevelFilter(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOCK_LEVEL_FILTER_ALL: _ClassVar[StockLevelFilter]
    STOCK_LEVEL_FILTER_NEGATIVE: _ClassVar[StockLevelFilter]
    STOCK_LEVEL_FILTER_ZERO: _ClassVar[StockLevelFilter]
STOCK_LEVEL_FILTER_ALL: StockLevelFilter
STOCK_LEVEL_FILTER_NEGATIVE: StockLevelFilter
STOCK_LEVEL_FILTER_ZERO: StockLevelFilter

class StockSelection(_message.Message):
    __slots__ = ("store_code", "category", "search", "sku", "filter")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SEARCH_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    category: str
    search: str
    sku: str
    filter: StockLevelFilter
    def __init__(self, store_code: _Optional[str] = ..., category: _Optional[str] = ..., search: _Optional[str] = ..., sku: _Optional[str] = ..., filter: _Optional[_Union[StockLevelFilter, str]] = ...) -> None: ...

class StockLine(_message.Message):
    __slots__ = ("store_code", "sku", "name", "category", "unit", "qty_base", "unit_cost_minor", "value_minor", "in_transit_qty_base")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    IN_TRANSIT_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    name: str
    category: str
    unit: str
    qty_base: int
    unit_cost_minor: int
    value_minor: int
    in_transit_qty_base: int
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., unit: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., value_minor: _Optional[int] = ..., in_transit_qty_base: _Optional[int] = ...) -> None: ...

class StockTotals(_message.Message):
    __slots__ = ("lines", "qty_base", "value_minor", "negative_lines", "zero_lines")
    LINES_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_LINES_FIELD_NUMBER: _ClassVar[int]
    ZERO_LINES_FIELD_NUMBER: _ClassVar[int]
    lines: int
    qty_base: int
    value_minor: int
    negative_lines: int
    zero_lines: int
    def __init__(self, lines: _Optional[int] = ..., qty_base: _Optional[int] = ..., value_minor: _Optional[int] = ..., negative_lines: _Optional[int] = ..., zero_lines: _Optional[int] = ...) -> None: ...

class ListStockRequest(_message.Message):
    __slots__ = ("selection", "page_token", "page_size")
    SELECTION_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    selection: StockSelection
    page_token: str
    page_size: int
    def __init__(self, selection: _Optional[_Union[StockSelection, _Mapping]] = ..., page_token: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListStockReply(_message.Message):
    __slots__ = ("lines", "totals", "next_page_token", "currency")
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[StockLine]
    totals: StockTotals
    next_page_token: str
    currency: str
    def __init__(self, lines: _Optional[_Iterable[_Union[StockLine, _Mapping]]] = ..., totals: _Optional[_Union[StockTotals, _Mapping]] = ..., next_page_token: _Optional[str] = ..., currency: _Optional[str] = ...) -> None: ...

class ChainTotalsRequest(_message.Message):
    __slots__ = ("selection",)
    SELECTION_FIELD_NUMBER: _ClassVar[int]
    selection: StockSelection
    def __init__(self, selection: _Optional[_Union[StockSelection, _Mapping]] = ...) -> None: ...

class SkuTotal(_message.Message):
    __slots__ = ("sku", "name", "category", "unit", "stores", "qty_base", "value_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    name: str
    category: str
    unit: str
    stores: int
    qty_base: int
    value_minor: int
    def __init__(self, sku: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., unit: _Optional[str] = ..., stores: _Optional[int] = ..., qty_base: _Optional[int] = ..., value_minor: _Optional[int] = ...) -> None: ...

class ChainTotalsReply(_message.Message):
    __slots__ = ("lines", "totals", "currency")
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[SkuTotal]
    totals: StockTotals
    currency: str
    def __init__(self, lines: _Optional[_Iterable[_Union[SkuTotal, _Mapping]]] = ..., totals: _Optional[_Union[StockTotals, _Mapping]] = ..., currency: _Optional[str] = ...) -> None: ...

class StockCardRequest(_message.Message):
    __slots__ = ("store_code", "sku", "since_ms", "until_ms", "after_seq", "limit")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    since_ms: int
    until_ms: int
    after_seq: int
    limit: int
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., since_ms: _Optional[int] = ..., until_ms: _Optional[int] = ..., after_seq: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class CardMovement(_message.Message):
    __slots__ = ("seq", "occurred_at_ms", "document_type", "document_id", "actor", "reason", "qty_base", "unit_cost_minor", "balance_qty_base")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    BALANCE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    seq: int
    occurred_at_ms: int
    document_type: str
    document_id: str
    actor: str
    reason: str
    qty_base: int
    unit_cost_minor: int
    balance_qty_base: int
    def __init__(self, seq: _Optional[int] = ..., occurred_at_ms: _Optional[int] = ..., document_type: _Optional[str] = ..., document_id: _Optional[str] = ..., actor: _Optional[str] = ..., reason: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., balance_qty_base: _Optional[int] = ...) -> None: ...

class StockCardReply(_message.Message):
    __slots__ = ("store_code", "sku", "name", "unit", "opening_qty_base", "movements", "next_after_seq", "level_qty_base", "unit_cost_minor", "currency")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    OPENING_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    LEVEL_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    name: str
    unit: str
    opening_qty_base: int
    movements: _containers.RepeatedCompositeFieldContainer[CardMovement]
    next_after_seq: int
    level_qty_base: int
    unit_cost_minor: int
    currency: str
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., name: _Optional[str] = ..., unit: _Optional[str] = ..., opening_qty_base: _Optional[int] = ..., movements: _Optional[_Iterable[_Union[CardMovement, _Mapping]]] = ..., next_after_seq: _Optional[int] = ..., level_qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...
