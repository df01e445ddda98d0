from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Product(_message.Message):
    __slots__ = ("sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category", "currency", "active")
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BARCODES_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    name: str
    barcodes: _containers.RepeatedScalarFieldContainer[str]
    unit: str
    price_minor: int
    cost_minor: int
    category: str
    currency: str
    active: bool
    def __init__(self, sku: _Optional[str] = ..., name: _Optional[str] = ..., barcodes: _Optional[_Iterable[str]] = ..., unit: _Optional[str] = ..., price_minor: _Optional[int] = ..., cost_minor: _Optional[int] = ..., category: _Optional[str] = ..., currency: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class ProductChange(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...
