from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Product(_message.Message):
    __slots__ = ("sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category", "currency", "active", "kind", "packs", "components", "store_price_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BARCODES_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PACKS_FIELD_NUMBER: _ClassVar[int]
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    STORE_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    name: str
    barcodes: _containers.RepeatedScalarFieldContainer[str]
    unit: str
    price_minor: int
    cost_minor: int
    category: str
    currency: str
    active: bool
    kind: str
    packs: _containers.RepeatedCompositeFieldContainer[Pack]
    components: _containers.RepeatedCompositeFieldContainer[Component]
    store_price_minor: int
    def __init__(self, sku: _Optional[str] = ..., name: _Optional[str] = ..., barcodes: _Optional[_Iterable[str]] = ..., unit: _Optional[str] = ..., price_minor: _Optional[int] = ..., cost_minor: _Optional[int] = ..., category: _Optional[str] = ..., currency: _Optional[str] = ..., active: _Optional[bool] = ..., kind: _Optional[str] = ..., packs: _Optional[_Iterable[_Union[Pack, _Mapping]]] = ..., components: _Optional[_Iterable[_Union[Component, _Mapping]]] = ..., store_price_minor: _Optional[int] = ...) -> None: ...

class Pack(_message.Message):
    __slots__ = ("name", "qty_base", "barcode")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    name: str
    qty_base: int
    barcode: str
    def __init__(self, name: _Optional[str] = ..., qty_base: _Optional[int] = ..., barcode: _Optional[str] = ...) -> None: ...

class Component(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class ProductChange(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: Product
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ...) -> None: ...
