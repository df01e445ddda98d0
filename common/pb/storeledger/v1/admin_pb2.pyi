from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReenrolStoreRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class ReenrolStoreReply(_message.Message):
    __slots__ = ("store", "bundle", "serial", "unbound_instance_id", "committed_seq")
    STORE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    UNBOUND_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    store: StoreInfo
    bundle: bytes
    serial: str
    unbound_instance_id: str
    committed_seq: int
    def __init__(self, store: _Optional[_Union[StoreInfo, _Mapping]] = ..., bundle: _Optional[bytes] = ..., serial: _Optional[str] = ..., unbound_instance_id: _Optional[str] = ..., committed_seq: _Optional[int] = ...) -> None: ...

class StoreInfo(_message.Message):
    __slots__ = ("store_code", "name", "disabled", "created_at_ms")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    name: str
    disabled: bool
    created_at_ms: int
    def __init__(self, store_code: _Optional[str] = ..., name: _Optional[str] = ..., disabled: _Optional[bool] = ..., created_at_ms: _Optional[int] = ...) -> None: ...

class AddStoreRequest(_message.Message):
    __slots__ = ("store_code", "name")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    name: str
    def __init__(self, store_code: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class AddStoreReply(_message.Message):
    __slots__ = ("store", "bundle")
    STORE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_FIELD_NUMBER: _ClassVar[int]
    store: StoreInfo
    bundle: bytes
    def __init__(self, store: _Optional[_Union[StoreInfo, _Mapping]] = ..., bundle: _Optional[bytes] = ...) -> None: ...

class DisableStoreRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class ListStoresRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListStoresReply(_message.Message):
    __slots__ = ("stores",)
    STORES_FIELD_NUMBER: _ClassVar[int]
    stores: _containers.RepeatedCompositeFieldContainer[StoreInfo]
    def __init__(self, stores: _Optional[_Iterable[_Union[StoreInfo, _Mapping]]] = ...) -> None: ...

class SyncStatusRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class StoreSyncStatus(_message.Message):
    __slots__ = ("store_code", "name", "disabled", "connected", "committed_seq", "store_newest_seq", "backlog_count", "lag_ms", "last_contact_ms", "agent_version", "refused_since_ms", "refused_seq", "refused_reason", "refused_message")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    STORE_NEWEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAG_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_MS_FIELD_NUMBER: _ClassVar[int]
    AGENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    REFUSED_SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    REFUSED_SEQ_FIELD_NUMBER: _ClassVar[int]
    REFUSED_REASON_FIELD_NUMBER: _ClassVar[int]
    REFUSED_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    name: str
    disabled: bool
    connected: bool
    committed_seq: int
    store_newest_seq: int
    backlog_count: int
    lag_ms: int
    last_contact_ms: int
    agent_version: str
    refused_since_ms: int
    refused_seq: int
    refused_reason: str
    refused_message: str
    def __init__(self, store_code: _Optional[str] = ..., name: _Optional[str] = ..., disabled: _Optional[bool] = ..., connected: _Optional[bool] = ..., committed_seq: _Optional[int] = ..., store_newest_seq: _Optional[int] = ..., backlog_count: _Optional[int] = ..., lag_ms: _Optional[int] = ..., last_contact_ms: _Optional[int] = ..., agent_version: _Optional[str] = ..., refused_since_ms: _Optional[int] = ..., refused_seq: _Optional[int] = ..., refused_reason: _Optional[str] = ..., refused_message: _Optional[str] = ...) -> None: ...

class SyncStatusReply(_message.Message):
    __slots__ = ("stores",)
    STORES_FIELD_NUMBER: _ClassVar[int]
    stores: _containers.RepeatedCompositeFieldContainer[StoreSyncStatus]
    def __init__(self, stores: _Optional[_Iterable[_Union[StoreSyncStatus, _Mapping]]] = ...) -> None: ...

class VerifyRequest(_message.Message):
    __slots__ = ("store_code", "timeout_ms")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    timeout_ms: int
    def __init__(self, store_code: _Optional[str] = ..., timeout_ms: _Optional[int] = ...) -> None: ...

class SkuDifference(_message.Message):
    __slots__ = ("sku", "head_office_qty_base", "store_qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    HEAD_OFFICE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    STORE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    head_office_qty_base: int
    store_qty_base: int
    def __init__(self, sku: _Optional[str] = ..., head_office_qty_base: _Optional[int] = ..., store_qty_base: _Optional[int] = ...) -> None: ...

class VerifyReply(_message.Message):
    __slots__ = ("store_code", "match", "head_office_seq", "store_seq", "head_office_checksum", "store_checksum", "sku_count", "differences", "message", "diverged_seq")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    HEAD_OFFICE_SEQ_FIELD_NUMBER: _ClassVar[int]
    STORE_SEQ_FIELD_NUMBER: _ClassVar[int]
    HEAD_OFFICE_CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    STORE_CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    SKU_COUNT_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DIVERGED_SEQ_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    match: bool
    head_office_seq: int
    store_seq: int
    head_office_checksum: str
    store_checksum: str
    sku_count: int
    differences: _containers.RepeatedCompositeFieldContainer[SkuDifference]
    message: str
    diverged_seq: int
    def __init__(self, store_code: _Optional[str] = ..., match: _Optional[bool] = ..., head_office_seq: _Optional[int] = ..., store_seq: _Optional[int] = ..., head_office_checksum: _Optional[str] = ..., store_checksum: _Optional[str] = ..., sku_count: _Optional[int] = ..., differences: _Optional[_Iterable[_Union[SkuDifference, _Mapping]]] = ..., message: _Optional[str] = ..., diverged_seq: _Optional[int] = ...) -> None: ...

class CertificateInfo(_message.Message):
    __slots__ = ("store_code", "serial", "state", "issued_at_ms", "issued_by", "not_after_ms", "revoked_at_ms", "revoked_by", "replaced_by")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_BY_FIELD_NUMBER: _ClassVar[int]
    NOT_AFTER_MS_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    REVOKED_BY_FIELD_NUMBER: _ClassVar[int]
    REPLACED_BY_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    serial: str
    state: str
    issued_at_ms: int
    issued_by: str
    not_after_ms: int
    revoked_at_ms: int
    revoked_by: str
    replaced_by: str
    def __init__(self, store_code: _Optional[str] = ..., serial: _Optional[str] = ..., state: _Optional[str] = ..., issued_at_ms: _Optional[int] = ..., issued_by: _Optional[str] = ..., not_after_ms: _Optional[int] = ..., revoked_at_ms: _Optional[int] = ..., revoked_by: _Optional[str] = ..., replaced_by: _Optional[str] = ...) -> None: ...

class ReissueStoreCertificateRequest(_message.Message):
    __slots__ = ("store_code", "grace_days")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    GRACE_DAYS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    grace_days: int
    def __init__(self, store_code: _Optional[str] = ..., grace_days: _Optional[int] = ...) -> None: ...

class ReissueStoreCertificateReply(_message.Message):
    __slots__ = ("store", "bundle", "serial", "superseded", "superseded_at_ms")
    STORE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    store: StoreInfo
    bundle: bytes
    serial: str
    superseded: _containers.RepeatedCompositeFieldContainer[CertificateInfo]
    superseded_at_ms: int
    def __init__(self, store: _Optional[_Union[StoreInfo, _Mapping]] = ..., bundle: _Optional[bytes] = ..., serial: _Optional[str] = ..., superseded: _Optional[_Iterable[_Union[CertificateInfo, _Mapping]]] = ..., superseded_at_ms: _Optional[int] = ...) -> None: ...

class RevokeStoreCertificateRequest(_message.Message):
    __slots__ = ("store_code", "serial")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    serial: str
    def __init__(self, store_code: _Optional[str] = ..., serial: _Optional[str] = ...) -> None: ...

class RevokeStoreCertificateReply(_message.Message):
    __slots__ = ("revoked", "revoked_at_ms")
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    revoked: _containers.RepeatedCompositeFieldContainer[CertificateInfo]
    revoked_at_ms: int
    def __init__(self, revoked: _Optional[_Iterable[_Union[CertificateInfo, _Mapping]]] = ..., revoked_at_ms: _Optional[int] = ...) -> None: ...

class ListStoreCertificatesRequest(_message.Message):
    __slots__ = ("store_code",)
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    def __init__(self, store_code: _Optional[str] = ...) -> None: ...

class ListStoreCertificatesReply(_message.Message):
    __slots__ = ("certificates",)
    CERTIFICATES_FIELD_NUMBER: _ClassVar[int]
    certificates: _containers.RepeatedCompositeFieldContainer[CertificateInfo]
    def __init__(self, certificates: _Optional[_Iterable[_Union[CertificateInfo, _Mapping]]] = ...) -> None: ...
