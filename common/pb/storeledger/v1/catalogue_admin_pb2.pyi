from common.pb.storeledger.v1 import catalogue_pb2 as _catalogue_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CatalogueRow(_message.Message):
    __slots__ = ("line_no", "cells")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    cells: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, line_no: _Optional[int] = ..., cells: _Optional[_Iterable[str]] = ...) -> None: ...

class CatalogueImportChunk(_message.Message):
    __slots__ = ("dry_run", "source", "rows")
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    dry_run: bool
    source: str
    rows: _containers.RepeatedCompositeFieldContainer[CatalogueRow]
    def __init__(self, dry_run: _Optional[bool] = ..., source: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[CatalogueRow, _Mapping]]] = ...) -> None: ...

class CatalogueLineError(_message.Message):
    __slots__ = ("line_no", "reason")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    reason: str
    def __init__(self, line_no: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class CatalogueImportResult(_message.Message):
    __slots__ = ("applied", "products_created", "products_updated", "products_unchanged", "errors")
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_CREATED_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_UPDATED_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    applied: bool
    products_created: int
    products_updated: int
    products_unchanged: int
    errors: _containers.RepeatedCompositeFieldContainer[CatalogueLineError]
    def __init__(self, applied: _Optional[bool] = ..., products_created: _Optional[int] = ..., products_updated: _Optional[int] = ..., products_unchanged: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[CatalogueLineError, _Mapping]]] = ...) -> None: ...

class CatalogueImportProgress(_message.Message):
    __slots__ = ("stage", "rows", "result")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    stage: str
    rows: int
    result: CatalogueImportResult
    def __init__(self, stage: _Optional[str] = ..., rows: _Optional[int] = ..., result: _Optional[_Union[CatalogueImportResult, _Mapping]] = ...) -> None: ...

class CatalogueExportRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CatalogueRows(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[CatalogueRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[CatalogueRow, _Mapping]]] = ...) -> None: ...

class ShowProductRequest(_message.Message):
    __slots__ = ("sku",)
    SKU_FIELD_NUMBER: _ClassVar[int]
    sku: str
    def __init__(self, sku: _Optional[str] = ...) -> None: ...

class StorePrice(_message.Message):
    __slots__ = ("store_code", "sku", "name", "chain_price_minor", "price_minor", "updated_at_ms")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CHAIN_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    name: str
    chain_price_minor: int
    price_minor: int
    updated_at_ms: int
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., name: _Optional[str] = ..., chain_price_minor: _Optional[int] = ..., price_minor: _Optional[int] = ..., updated_at_ms: _Optional[int] = ...) -> None: ...

class ProductDetail(_message.Message):
    __slots__ = ("product", "store_prices")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    STORE_PRICES_FIELD_NUMBER: _ClassVar[int]
    product: _catalogue_pb2.Product
    store_prices: _containers.RepeatedCompositeFieldContainer[StorePrice]
    def __init__(self, product: _Optional[_Union[_catalogue_pb2.Product, _Mapping]] = ..., store_prices: _Optional[_Iterable[_Union[StorePrice, _Mapping]]] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CategoryNode(_message.Message):
    __slots__ = ("path", "depth", "product_count")
    PATH_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_COUNT_FIELD_NUMBER: _ClassVar[int]
    path: str
    depth: int
    product_count: int
    def __init__(self, path: _Optional[str] = ..., depth: _Optional[int] = ..., product_count: _Optional[int] = ...) -> None: ...

class CategoryTree(_message.Message):
    __slots__ = ("nodes",)
    NODES_FIELD_NUMBER: _ClassVar[int]
    nodes: _containers.RepeatedCompositeFieldContainer[CategoryNode]
    def __init__(self, nodes: _Optional[_Iterable[_Union[CategoryNode, _Mapping]]] = ...) -> None: ...

class SetStorePriceRequest(_message.Message):
    __slots__ = ("store_code", "sku", "price_minor", "remove")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    REMOVE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    price_minor: int
    remove: bool
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., price_minor: _Optional[int] = ..., remove: _Optional[bool] = ...) -> None: ...

class StorePriceChange(_message.Message):
    __slots__ = ("removed", "price")
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    price: StorePrice
    def __init__(self, removed: _Optional[bool] = ..., price: _Optional[_Union[StorePrice, _Mapping]] = ...) -> None: ...

class ListStorePricesRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class StorePrices(_message.Message):
    __slots__ = ("prices",)
    PRICES_FIELD_NUMBER: _ClassVar[int]
    prices: _containers.RepeatedCompositeFieldContainer[StorePrice]
    def __init__(self, prices: _Optional[_Iterable[_Union[StorePrice, _Mapping]]] = ...) -> None: ...
