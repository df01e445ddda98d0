from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CartItem(_message.Message):
    __slots__ = ("code", "qty_base", "price_override_minor", "discount_minor")
    CODE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    PRICE_OVERRIDE_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    code: str
    qty_base: int
    price_override_minor: int
    discount_minor: int
    def __init__(self, code: _Optional[str] = ..., qty_base: _Optional[int] = ..., price_override_minor: _Optional[int] = ..., discount_minor: _Optional[int] = ...) -> None: ...

class PriceCartRequest(_message.Message):
    __slots__ = ("store_code", "items", "cash_rounding_minor", "cash_rounding_mode")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    CASH_ROUNDING_MINOR_FIELD_NUMBER: _ClassVar[int]
    CASH_ROUNDING_MODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    items: _containers.RepeatedCompositeFieldContainer[CartItem]
    cash_rounding_minor: int
    cash_rounding_mode: str
    def __init__(self, store_code: _Optional[str] = ..., items: _Optional[_Iterable[_Union[CartItem, _Mapping]]] = ..., cash_rounding_minor: _Optional[int] = ..., cash_rounding_mode: _Optional[str] = ...) -> None: ...

class PricedLine(_message.Message):
    __slots__ = ("line_no", "sku", "scanned_code", "name", "unit", "qty_base", "unit_price_minor", "list_price_minor", "discount_minor", "amount_minor", "label_code")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SCANNED_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    LIST_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    LABEL_CODE_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    sku: str
    scanned_code: str
    name: str
    unit: str
    qty_base: int
    unit_price_minor: int
    list_price_minor: int
    discount_minor: int
    amount_minor: int
    label_code: str
    def __init__(self, line_no: _Optional[int] = ..., sku: _Optional[str] = ..., scanned_code: _Optional[str] = ..., name: _Optional[str] = ..., unit: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_price_minor: _Optional[int] = ..., list_price_minor: _Optional[int] = ..., discount_minor: _Optional[int] = ..., amount_minor: _Optional[int] = ..., label_code: _Optional[str] = ...) -> None: ...

class CartPrice(_message.Message):
    __slots__ = ("store_code", "currency", "lines", "total_minor", "cash_total_minor", "rounding_minor", "cash_rounding_minor", "cash_rounding_mode")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    CASH_TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_MINOR_FIELD_NUMBER: _ClassVar[int]
    CASH_ROUNDING_MINOR_FIELD_NUMBER: _ClassVar[int]
    CASH_ROUNDING_MODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    currency: str
    lines: _containers.RepeatedCompositeFieldContainer[PricedLine]
    total_minor: int
    cash_total_minor: int
    rounding_minor: int
    cash_rounding_minor: int
    cash_rounding_mode: str
    def __init__(self, store_code: _Optional[str] = ..., currency: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[PricedLine, _Mapping]]] = ..., total_minor: _Optional[int] = ..., cash_total_minor: _Optional[int] = ..., rounding_minor: _Optional[int] = ..., cash_rounding_minor: _Optional[int] = ..., cash_rounding_mode: _Optional[str] = ...) -> None: ...
