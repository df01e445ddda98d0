from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class UpliftRequest(_message.Message):
    __slots__ = ("promo_id", "store_code", "png", "html")
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    PNG_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    promo_id: str
    store_code: str
    png: bool
    html: bool
    def __init__(self, promo_id: _Optional[str] = ..., store_code: _Optional[str] = ..., png: _Optional[bool] = ..., html: _Optional[bool] = ...) -> None: ...

class RunReportRequest(_message.Message):
    __slots__ = ("name", "store_code", "since", "until", "days", "by", "top", "cover_days", "png", "html", "within_days")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    TOP_FIELD_NUMBER: _ClassVar[int]
    COVER_DAYS_FIELD_NUMBER: _ClassVar[int]
    PNG_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    name: str
    store_code: str
    since: str
    until: str
    days: int
    by: str
    top: int
    cover_days: int
    png: bool
    html: bool
    within_days: int
    def __init__(self, name: _Optional[str] = ..., store_code: _Optional[str] = ..., since: _Optional[str] = ..., until: _Optional[str] = ..., days: _Optional[int] = ..., by: _Optional[str] = ..., top: _Optional[int] = ..., cover_days: _Optional[int] = ..., png: _Optional[bool] = ..., html: _Optional[bool] = ..., within_days: _Optional[int] = ...) -> None: ...

class RunReportReply(_message.Message):
    __slots__ = ("document_json", "png", "html")
    DOCUMENT_JSON_FIELD_NUMBER: _ClassVar[int]
    PNG_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    document_json: str
    png: bytes
    html: str
    def __init__(self, document_json: _Optional[str] = ..., png: _Optional[bytes] = ..., html: _Optional[str] = ...) -> None: ...
