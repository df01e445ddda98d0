from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Coupon(_message.Message):
    __slots__ = ("code", "promo_id", "state", "valid_until_ms", "issued_at_ms", "issued_by", "redeemed_store", "redeemed_at_ms", "redeemed_by", "used_seq")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_BY_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_STORE_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_BY_FIELD_NUMBER: _ClassVar[int]
    USED_SEQ_FIELD_NUMBER: _ClassVar[int]
    code: str
    promo_id: str
    state: str
    valid_until_ms: int
    issued_at_ms: int
    issued_by: str
    redeemed_store: str
    redeemed_at_ms: int
    redeemed_by: str
    used_seq: int
    def __init__(self, code: _Optional[str] = ..., promo_id: _Optional[str] = ..., state: _Optional[str] = ..., valid_until_ms: _Optional[int] = ..., issued_at_ms: _Optional[int] = ..., issued_by: _Optional[str] = ..., redeemed_store: _Optional[str] = ..., redeemed_at_ms: _Optional[int] = ..., redeemed_by: _Optional[str] = ..., used_seq: _Optional[int] = ...) -> None: ...

class IssueCouponsRequest(_message.Message):
    __slots__ = ("promo_id", "count", "valid_until")
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    promo_id: str
    count: int
    valid_until: str
    def __init__(self, promo_id: _Optional[str] = ..., count: _Optional[int] = ..., valid_until: _Optional[str] = ...) -> None: ...

class ListCouponsRequest(_message.Message):
    __slots__ = ("promo_id", "state", "limit")
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    promo_id: str
    state: str
    limit: int
    def __init__(self, promo_id: _Optional[str] = ..., state: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class CouponRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class CouponList(_message.Message):
    __slots__ = ("coupons",)
    COUPONS_FIELD_NUMBER: _ClassVar[int]
    coupons: _containers.RepeatedCompositeFieldContainer[Coupon]
    def __init__(self, coupons: _Optional[_Iterable[_Union[Coupon, _Mapping]]] = ...) -> None: ...
