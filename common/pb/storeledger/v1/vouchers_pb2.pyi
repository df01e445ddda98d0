from common.pb.storeledger.v1 import ledger_pb2 as _ledger_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ScanVoucherRequest(_message.Message):
    __slots__ = ("platform", "code")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    platform: str
    code: str
    def __init__(self, platform: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class VoucherInfo(_message.Message):
    __slots__ = ("platform", "code_masked", "product_id", "title", "uses_left", "valid_from_ms", "valid_until_ms", "price_minor", "currency", "package", "cancel_window_ms")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_MS_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PACKAGE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_WINDOW_MS_FIELD_NUMBER: _ClassVar[int]
    platform: str
    code_masked: str
    product_id: str
    title: str
    uses_left: int
    valid_from_ms: int
    valid_until_ms: int
    price_minor: int
    currency: str
    package: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    cancel_window_ms: int
    def __init__(self, platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., product_id: _Optional[str] = ..., title: _Optional[str] = ..., uses_left: _Optional[int] = ..., valid_from_ms: _Optional[int] = ..., valid_until_ms: _Optional[int] = ..., price_minor: _Optional[int] = ..., currency: _Optional[str] = ..., package: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., cancel_window_ms: _Optional[int] = ...) -> None: ...

class VerifyVoucherRequest(_message.Message):
    __slots__ = ("platform", "code", "count", "request_id", "till_id", "cashier")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    platform: str
    code: str
    count: int
    request_id: str
    till_id: str
    cashier: str
    def __init__(self, platform: _Optional[str] = ..., code: _Optional[str] = ..., count: _Optional[int] = ..., request_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class VoucherRedemptionReply(_message.Message):
    __slots__ = ("redemption_id", "platform", "code_masked", "product_id", "title", "count", "state", "movements", "verified_at_ms", "cancel_until_ms", "replayed", "price_minor", "currency")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CANCEL_UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    platform: str
    code_masked: str
    product_id: str
    title: str
    count: int
    state: str
    movements: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    verified_at_ms: int
    cancel_until_ms: int
    replayed: bool
    price_minor: int
    currency: str
    def __init__(self, redemption_id: _Optional[str] = ..., platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., product_id: _Optional[str] = ..., title: _Optional[str] = ..., count: _Optional[int] = ..., state: _Optional[str] = ..., movements: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., verified_at_ms: _Optional[int] = ..., cancel_until_ms: _Optional[int] = ..., replayed: _Optional[bool] = ..., price_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class CancelVoucherRequest(_message.Message):
    __slots__ = ("redemption_id", "request_id", "till_id", "cashier")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    request_id: str
    till_id: str
    cashier: str
    def __init__(self, redemption_id: _Optional[str] = ..., request_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class VoucherPackage(_message.Message):
    __slots__ = ("platform", "product_id", "title", "per_use", "set_at_ms", "set_by")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PER_USE_FIELD_NUMBER: _ClassVar[int]
    SET_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SET_BY_FIELD_NUMBER: _ClassVar[int]
    platform: str
    product_id: str
    title: str
    per_use: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    set_at_ms: int
    set_by: str
    def __init__(self, platform: _Optional[str] = ..., product_id: _Optional[str] = ..., title: _Optional[str] = ..., per_use: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ..., set_at_ms: _Optional[int] = ..., set_by: _Optional[str] = ...) -> None: ...

class SetVoucherPackageRequest(_message.Message):
    __slots__ = ("platform", "product_id", "title", "per_use")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PER_USE_FIELD_NUMBER: _ClassVar[int]
    platform: str
    product_id: str
    title: str
    per_use: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Movement]
    def __init__(self, platform: _Optional[str] = ..., product_id: _Optional[str] = ..., title: _Optional[str] = ..., per_use: _Optional[_Iterable[_Union[_ledger_pb2.Movement, _Mapping]]] = ...) -> None: ...

class ListVoucherPackagesRequest(_message.Message):
    __slots__ = ("platform",)
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    platform: str
    def __init__(self, platform: _Optional[str] = ...) -> None: ...

class ListVoucherPackagesReply(_message.Message):
    __slots__ = ("packages",)
    PACKAGES_FIELD_NUMBER: _ClassVar[int]
    packages: _containers.RepeatedCompositeFieldContainer[VoucherPackage]
    def __init__(self, packages: _Optional[_Iterable[_Union[VoucherPackage, _Mapping]]] = ...) -> None: ...

class VoucherRedemption(_message.Message):
    __slots__ = ("redemption_id", "platform", "code_masked", "store_code", "product_id", "count", "state", "created_at_ms", "verified_at_ms", "cancelled_at_ms", "journal_seq", "error")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    JOURNAL_SEQ_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    platform: str
    code_masked: str
    store_code: str
    product_id: str
    count: int
    state: str
    created_at_ms: int
    verified_at_ms: int
    cancelled_at_ms: int
    journal_seq: int
    error: str
    def __init__(self, redemption_id: _Optional[str] = ..., platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., store_code: _Optional[str] = ..., product_id: _Optional[str] = ..., count: _Optional[int] = ..., state: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., verified_at_ms: _Optional[int] = ..., cancelled_at_ms: _Optional[int] = ..., journal_seq: _Optional[int] = ..., error: _Optional[str] = ...) -> None: ...

class ListVoucherRedemptionsRequest(_message.Message):
    __slots__ = ("platform", "store_code", "state", "limit")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    platform: str
    store_code: str
    state: str
    limit: int
    def __init__(self, platform: _Optional[str] = ..., store_code: _Optional[str] = ..., state: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListVoucherRedemptionsReply(_message.Message):
    __slots__ = ("redemptions",)
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    redemptions: _containers.RepeatedCompositeFieldContainer[VoucherRedemption]
    def __init__(self, redemptions: _Optional[_Iterable[_Union[VoucherRedemption, _Mapping]]] = ...) -> None: ...

class ReconcileVouchersRequest(_message.Message):
    __slots__ = ("platform", "day")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    platform: str
    day: str
    def __init__(self, platform: _Optional[str] = ..., day: _Optional[str] = ...) -> None: ...

class VoucherDifference(_message.Message):
    __slots__ = ("platform", "code_masked", "kind", "store_code", "our_count", "platform_count", "redemption_id")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    OUR_COUNT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_COUNT_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    platform: str
    code_masked: str
    kind: str
    store_code: str
    our_count: int
    platform_count: int
    redemption_id: str
    def __init__(self, platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., kind: _Optional[str] = ..., store_code: _Optional[str] = ..., our_count: _Optional[int] = ..., platform_count: _Optional[int] = ..., redemption_id: _Optional[str] = ...) -> None: ...

class VoucherReconciliation(_message.Message):
    __slots__ = ("run_id", "platform", "day", "started_at_ms", "finished_at_ms", "checked", "differences")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CHECKED_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    platform: str
    day: str
    started_at_ms: int
    finished_at_ms: int
    checked: int
    differences: _containers.RepeatedCompositeFieldContainer[VoucherDifference]
    def __init__(self, run_id: _Optional[str] = ..., platform: _Optional[str] = ..., day: _Optional[str] = ..., started_at_ms: _Optional[int] = ..., finished_at_ms: _Optional[int] = ..., checked: _Optional[int] = ..., differences: _Optional[_Iterable[_Union[VoucherDifference, _Mapping]]] = ...) -> None: ...

class ListVoucherDifferencesRequest(_message.Message):
    __slots__ = ("platform", "run_id")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    platform: str
    run_id: str
    def __init__(self, platform: _Optional[str] = ..., run_id: _Optional[str] = ...) -> None: ...
