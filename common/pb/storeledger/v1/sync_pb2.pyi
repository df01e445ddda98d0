from common.pb.storeledger.v1 import ledger_pb2 as _ledger_pb2
from common.pb.storeledger.v1 import catalogue_pb2 as _catalogue_pb2
from common.pb.storeledger.v1 import transfers_pb2 as _transfers_pb2
from common.pb.storeledger.v1 import purchasing_pb2 as _purchasing_pb2
from common.pb.storeledger.v1 import write_offs_pb2 as _write_offs_pb2
from common.pb.storeledger.v1 import till_staff_pb2 as _till_staff_pb2
from common.pb.storeledger.v1 import stocktake_pb2 as _stocktake_pb2
from common.pb.storeledger.v1 import promotions_admin_pb2 as _promotions_admin_pb2
from common.pb.storeledger.v1 import channels_pb2 as _channels_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RefusalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFUSAL_REASON_UNSPECIFIED: _ClassVar[RefusalReason]
    REFUSAL_REASON_SEQUENCE_GAP: _ClassVar[RefusalReason]
    REFUSAL_REASON_INVALID_ENTRY: _ClassVar[RefusalReason]
REFUSAL_REASON_UNSPECIFIED: RefusalReason
REFUSAL_REASON_SEQUENCE_GAP: RefusalReason
REFUSAL_REASON_INVALID_ENTRY: RefusalReason

class RebuildRequest(_message.Message):
    __slots__ = ("store_code", "after_seq")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    after_seq: int
    def __init__(self, store_code: _Optional[str] = ..., after_seq: _Optional[int] = ...) -> None: ...

class RebuildChunk(_message.Message):
    __slots__ = ("entries", "entry_hashes", "committed_seq", "channel_orders")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    ENTRY_HASHES_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ORDERS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.JournalEntry]
    entry_hashes: _containers.RepeatedScalarFieldContainer[bytes]
    committed_seq: int
    channel_orders: _containers.RepeatedCompositeFieldContainer[_channels_pb2.ChannelOrder]
    def __init__(self, entries: _Optional[_Iterable[_Union[_ledger_pb2.JournalEntry, _Mapping]]] = ..., entry_hashes: _Optional[_Iterable[bytes]] = ..., committed_seq: _Optional[int] = ..., channel_orders: _Optional[_Iterable[_Union[_channels_pb2.ChannelOrder, _Mapping]]] = ...) -> None: ...

class Hello(_message.Message):
    __slots__ = ("store_code", "agent_version", "newest_seq", "checksum", "oldest_uncommitted_at_ms", "instance_id", "newest_entry_hash")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    NEWEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    OLDEST_UNCOMMITTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NEWEST_ENTRY_HASH_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    agent_version: str
    newest_seq: int
    checksum: _ledger_pb2.BalanceChecksum
    oldest_uncommitted_at_ms: int
    instance_id: str
    newest_entry_hash: bytes
    def __init__(self, store_code: _Optional[str] = ..., agent_version: _Optional[str] = ..., newest_seq: _Optional[int] = ..., checksum: _Optional[_Union[_ledger_pb2.BalanceChecksum, _Mapping]] = ..., oldest_uncommitted_at_ms: _Optional[int] = ..., instance_id: _Optional[str] = ..., newest_entry_hash: _Optional[bytes] = ...) -> None: ...

class EntryBatch(_message.Message):
    __slots__ = ("batch_id", "entries", "instance_id", "entry_hashes")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_HASHES_FIELD_NUMBER: _ClassVar[int]
    batch_id: int
    entries: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.JournalEntry]
    instance_id: str
    entry_hashes: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, batch_id: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[_ledger_pb2.JournalEntry, _Mapping]]] = ..., instance_id: _Optional[str] = ..., entry_hashes: _Optional[_Iterable[bytes]] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ("newest_seq", "oldest_uncommitted_at_ms", "checksum", "sent_at_ms")
    NEWEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    OLDEST_UNCOMMITTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_MS_FIELD_NUMBER: _ClassVar[int]
    newest_seq: int
    oldest_uncommitted_at_ms: int
    checksum: _ledger_pb2.BalanceChecksum
    sent_at_ms: int
    def __init__(self, newest_seq: _Optional[int] = ..., oldest_uncommitted_at_ms: _Optional[int] = ..., checksum: _Optional[_Union[_ledger_pb2.BalanceChecksum, _Mapping]] = ..., sent_at_ms: _Optional[int] = ...) -> None: ...

class BalanceReport(_message.Message):
    __slots__ = ("request_id", "as_of_seq", "balances", "entry_hashes", "as_of_entry_hash")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_SEQ_FIELD_NUMBER: _ClassVar[int]
    BALANCES_FIELD_NUMBER: _ClassVar[int]
    ENTRY_HASHES_FIELD_NUMBER: _ClassVar[int]
    AS_OF_ENTRY_HASH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    as_of_seq: int
    balances: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.SkuBalance]
    entry_hashes: _containers.RepeatedScalarFieldContainer[bytes]
    as_of_entry_hash: bytes
    def __init__(self, request_id: _Optional[str] = ..., as_of_seq: _Optional[int] = ..., balances: _Optional[_Iterable[_Union[_ledger_pb2.SkuBalance, _Mapping]]] = ..., entry_hashes: _Optional[_Iterable[bytes]] = ..., as_of_entry_hash: _Optional[bytes] = ...) -> None: ...

class UpstreamMessage(_message.Message):
    __slots__ = ("hello", "batch", "heartbeat", "balance_report")
    HELLO_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    BALANCE_REPORT_FIELD_NUMBER: _ClassVar[int]
    hello: Hello
    batch: EntryBatch
    heartbeat: Heartbeat
    balance_report: BalanceReport
    def __init__(self, hello: _Optional[_Union[Hello, _Mapping]] = ..., batch: _Optional[_Union[EntryBatch, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ..., balance_report: _Optional[_Union[BalanceReport, _Mapping]] = ...) -> None: ...

class Welcome(_message.Message):
    __slots__ = ("store_code", "committed_seq", "server_time_ms", "committed_entry_hash")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_ENTRY_HASH_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    committed_seq: int
    server_time_ms: int
    committed_entry_hash: bytes
    def __init__(self, store_code: _Optional[str] = ..., committed_seq: _Optional[int] = ..., server_time_ms: _Optional[int] = ..., committed_entry_hash: _Optional[bytes] = ...) -> None: ...

class BatchAck(_message.Message):
    __slots__ = ("batch_id", "committed_seq", "applied", "duplicates")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    batch_id: int
    committed_seq: int
    applied: int
    duplicates: int
    def __init__(self, batch_id: _Optional[int] = ..., committed_seq: _Optional[int] = ..., applied: _Optional[int] = ..., duplicates: _Optional[int] = ...) -> None: ...

class BatchRefused(_message.Message):
    __slots__ = ("batch_id", "reason", "expected_seq", "message", "reason_code", "refused_seq")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    REFUSED_SEQ_FIELD_NUMBER: _ClassVar[int]
    batch_id: int
    reason: RefusalReason
    expected_seq: int
    message: str
    reason_code: str
    refused_seq: int
    def __init__(self, batch_id: _Optional[int] = ..., reason: _Optional[_Union[RefusalReason, str]] = ..., expected_seq: _Optional[int] = ..., message: _Optional[str] = ..., reason_code: _Optional[str] = ..., refused_seq: _Optional[int] = ...) -> None: ...

class BalanceRequest(_message.Message):
    __slots__ = ("request_id", "hash_seqs")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    HASH_SEQS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    hash_seqs: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, request_id: _Optional[str] = ..., hash_seqs: _Optional[_Iterable[int]] = ...) -> None: ...

class UpstreamReply(_message.Message):
    __slots__ = ("welcome", "ack", "refused", "balance_request")
    WELCOME_FIELD_NUMBER: _ClassVar[int]
    ACK_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    BALANCE_REQUEST_FIELD_NUMBER: _ClassVar[int]
    welcome: Welcome
    ack: BatchAck
    refused: BatchRefused
    balance_request: BalanceRequest
    def __init__(self, welcome: _Optional[_Union[Welcome, _Mapping]] = ..., ack: _Optional[_Union[BatchAck, _Mapping]] = ..., refused: _Optional[_Union[BatchRefused, _Mapping]] = ..., balance_request: _Optional[_Union[BalanceRequest, _Mapping]] = ...) -> None: ...

class DownstreamRequest(_message.Message):
    __slots__ = ("store_code", "after_cursor", "accepts_product_batches")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    ACCEPTS_PRODUCT_BATCHES_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    after_cursor: int
    accepts_product_batches: bool
    def __init__(self, store_code: _Optional[str] = ..., after_cursor: _Optional[int] = ..., accepts_product_batches: _Optional[bool] = ...) -> None: ...

class ProductBatch(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[DownstreamEvent]
    def __init__(self, changes: _Optional[_Iterable[_Union[DownstreamEvent, _Mapping]]] = ...) -> None: ...

class DownstreamEvent(_message.Message):
    __slots__ = ("cursor", "created_at_ms", "product", "transfer", "purchase_order", "write_off_order", "write_off_policy", "till_staff", "count_order", "count_policy", "key_items", "promotion", "channel_order", "products")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_ORDER_FIELD_NUMBER: _ClassVar[int]
    WRITE_OFF_ORDER_FIELD_NUMBER: _ClassVar[int]
    WRITE_OFF_POLICY_FIELD_NUMBER: _ClassVar[int]
    TILL_STAFF_FIELD_NUMBER: _ClassVar[int]
    COUNT_ORDER_FIELD_NUMBER: _ClassVar[int]
    COUNT_POLICY_FIELD_NUMBER: _ClassVar[int]
    KEY_ITEMS_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ORDER_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    cursor: int
    created_at_ms: int
    product: _catalogue_pb2.ProductChange
    transfer: _transfers_pb2.TransferOrder
    purchase_order: _purchasing_pb2.PurchaseOrderExpected
    write_off_order: _write_offs_pb2.WriteOffOrder
    write_off_policy: _write_offs_pb2.WriteOffPolicy
    till_staff: _till_staff_pb2.TillStaffMember
    count_order: _stocktake_pb2.CountOrder
    count_policy: _stocktake_pb2.CountPolicy
    key_items: _stocktake_pb2.KeyItemsOrder
    promotion: _promotions_admin_pb2.Promotion
    channel_order: _channels_pb2.ChannelOrder
    products: ProductBatch
    def __init__(self, cursor: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., product: _Optional[_Union[_catalogue_pb2.ProductChange, _Mapping]] = ..., transfer: _Optional[_Union[_transfers_pb2.TransferOrder, _Mapping]] = ..., purchase_order: _Optional[_Union[_purchasing_pb2.PurchaseOrderExpected, _Mapping]] = ..., write_off_order: _Optional[_Union[_write_offs_pb2.WriteOffOrder, _Mapping]] = ..., write_off_policy: _Optional[_Union[_write_offs_pb2.WriteOffPolicy, _Mapping]] = ..., till_staff: _Optional[_Union[_till_staff_pb2.TillStaffMember, _Mapping]] = ..., count_order: _Optional[_Union[_stocktake_pb2.CountOrder, _Mapping]] = ..., count_policy: _Optional[_Union[_stocktake_pb2.CountPolicy, _Mapping]] = ..., key_items: _Optional[_Union[_stocktake_pb2.KeyItemsOrder, _Mapping]] = ..., promotion: _Optional[_Union[_promotions_admin_pb2.Promotion, _Mapping]] = ..., channel_order: _Optional[_Union[_channels_pb2.ChannelOrder, _Mapping]] = ..., products: _Optional[_Union[ProductBatch, _Mapping]] = ...) -> None: ...
