from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class VoucherRedemptionEntry(_message.Message):
    __slots__ = ("redemption_id", "platform", "code_masked", "product_id", "count", "request_id", "till_id", "cashier", "shift_id")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    platform: str
    code_masked: str
    product_id: str
    count: int
    request_id: str
    till_id: str
    cashier: str
    shift_id: str
    def __init__(self, redemption_id: _Optional[str] = ..., platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., product_id: _Optional[str] = ..., count: _Optional[int] = ..., request_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., shift_id: _Optional[str] = ...) -> None: ...

class VoucherCancelEntry(_message.Message):
    __slots__ = ("redemption_id", "platform", "code_masked", "request_id", "till_id", "cashier")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CODE_MASKED_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    platform: str
    code_masked: str
    request_id: str
    till_id: str
    cashier: str
    def __init__(self, redemption_id: _Optional[str] = ..., platform: _Optional[str] = ..., code_masked: _Optional[str] = ..., request_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...
