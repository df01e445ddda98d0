from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReservationLine(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class ReserveRequest(_message.Message):
    __slots__ = ("store_code", "lines", "expires_in_ms", "idempotency_key", "order_ref")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_MS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ORDER_REF_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    lines: _containers.RepeatedCompositeFieldContainer[ReservationLine]
    expires_in_ms: int
    idempotency_key: str
    order_ref: str
    def __init__(self, store_code: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReservationLine, _Mapping]]] = ..., expires_in_ms: _Optional[int] = ..., idempotency_key: _Optional[str] = ..., order_ref: _Optional[str] = ...) -> None: ...

class ReservationRequest(_message.Message):
    __slots__ = ("reservation_id", "idempotency_key")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    idempotency_key: str
    def __init__(self, reservation_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReleaseRequest(_message.Message):
    __slots__ = ("reservation_id", "reason")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    reason: str
    def __init__(self, reservation_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class Reservation(_message.Message):
    __slots__ = ("reservation_id", "channel", "store_code", "state", "lines", "idempotency_key", "order_ref", "created_at_ms", "expires_at_ms", "confirmed_at_ms", "picked_at_ms", "fulfilled_at_ms", "closed_at_ms", "close_reason", "replayed")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ORDER_REF_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PICKED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    FULFILLED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_REASON_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    channel: str
    store_code: str
    state: str
    lines: _containers.RepeatedCompositeFieldContainer[ReservationLine]
    idempotency_key: str
    order_ref: str
    created_at_ms: int
    expires_at_ms: int
    confirmed_at_ms: int
    picked_at_ms: int
    fulfilled_at_ms: int
    closed_at_ms: int
    close_reason: str
    replayed: bool
    def __init__(self, reservation_id: _Optional[str] = ..., channel: _Optional[str] = ..., store_code: _Optional[str] = ..., state: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReservationLine, _Mapping]]] = ..., idempotency_key: _Optional[str] = ..., order_ref: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., expires_at_ms: _Optional[int] = ..., confirmed_at_ms: _Optional[int] = ..., picked_at_ms: _Optional[int] = ..., fulfilled_at_ms: _Optional[int] = ..., closed_at_ms: _Optional[int] = ..., close_reason: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class AvailabilityRequest(_message.Message):
    __slots__ = ("store_code", "skus")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    skus: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, store_code: _Optional[str] = ..., skus: _Optional[_Iterable[str]] = ...) -> None: ...

class AvailabilityReply(_message.Message):
    __slots__ = ("store_code", "channel", "skus")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SKUS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    channel: str
    skus: _containers.RepeatedCompositeFieldContainer[ChannelAvailability]
    def __init__(self, store_code: _Optional[str] = ..., channel: _Optional[str] = ..., skus: _Optional[_Iterable[_Union[ChannelAvailability, _Mapping]]] = ...) -> None: ...

class ChannelAvailability(_message.Message):
    __slots__ = ("sku", "available_qty_base", "promisable_qty_base", "quota_percent", "channel")
    SKU_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    PROMISABLE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    QUOTA_PERCENT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    sku: str
    available_qty_base: int
    promisable_qty_base: int
    quota_percent: int
    channel: str
    def __init__(self, sku: _Optional[str] = ..., available_qty_base: _Optional[int] = ..., promisable_qty_base: _Optional[int] = ..., quota_percent: _Optional[int] = ..., channel: _Optional[str] = ...) -> None: ...

class Channel(_message.Message):
    __slots__ = ("code", "name", "kind", "stores", "created_at_ms", "disabled", "credential")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    kind: str
    stores: _containers.RepeatedScalarFieldContainer[str]
    created_at_ms: int
    disabled: bool
    credential: bytes
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., stores: _Optional[_Iterable[str]] = ..., created_at_ms: _Optional[int] = ..., disabled: _Optional[bool] = ..., credential: _Optional[bytes] = ...) -> None: ...

class AddChannelRequest(_message.Message):
    __slots__ = ("code", "name", "kind", "stores")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    kind: str
    stores: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., stores: _Optional[_Iterable[str]] = ...) -> None: ...

class ListChannelsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListChannelsReply(_message.Message):
    __slots__ = ("channels",)
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedCompositeFieldContainer[Channel]
    def __init__(self, channels: _Optional[_Iterable[_Union[Channel, _Mapping]]] = ...) -> None: ...

class AllowStoresRequest(_message.Message):
    __slots__ = ("channel", "add", "remove")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ADD_FIELD_NUMBER: _ClassVar[int]
    REMOVE_FIELD_NUMBER: _ClassVar[int]
    channel: str
    add: _containers.RepeatedScalarFieldContainer[str]
    remove: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, channel: _Optional[str] = ..., add: _Optional[_Iterable[str]] = ..., remove: _Optional[_Iterable[str]] = ...) -> None: ...

class ChannelQuota(_message.Message):
    __slots__ = ("channel", "scope", "key", "percent", "set_at_ms", "set_by")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    SET_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SET_BY_FIELD_NUMBER: _ClassVar[int]
    channel: str
    scope: str
    key: str
    percent: int
    set_at_ms: int
    set_by: str
    def __init__(self, channel: _Optional[str] = ..., scope: _Optional[str] = ..., key: _Optional[str] = ..., percent: _Optional[int] = ..., set_at_ms: _Optional[int] = ..., set_by: _Optional[str] = ...) -> None: ...

class SetQuotaRequest(_message.Message):
    __slots__ = ("channel", "scope", "key", "percent")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    channel: str
    scope: str
    key: str
    percent: int
    def __init__(self, channel: _Optional[str] = ..., scope: _Optional[str] = ..., key: _Optional[str] = ..., percent: _Optional[int] = ...) -> None: ...

class ListQuotasRequest(_message.Message):
    __slots__ = ("channel",)
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    channel: str
    def __init__(self, channel: _Optional[str] = ...) -> None: ...

class ListQuotasReply(_message.Message):
    __slots__ = ("quotas",)
    QUOTAS_FIELD_NUMBER: _ClassVar[int]
    quotas: _containers.RepeatedCompositeFieldContainer[ChannelQuota]
    def __init__(self, quotas: _Optional[_Iterable[_Union[ChannelQuota, _Mapping]]] = ...) -> None: ...

class ListReservationsRequest(_message.Message):
    __slots__ = ("channel", "store_code", "state", "limit")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    channel: str
    store_code: str
    state: str
    limit: int
    def __init__(self, channel: _Optional[str] = ..., store_code: _Optional[str] = ..., state: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListReservationsReply(_message.Message):
    __slots__ = ("reservations",)
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[Reservation]
    def __init__(self, reservations: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ...) -> None: ...

class CancelReservationRequest(_message.Message):
    __slots__ = ("reservation_id", "reason")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    reason: str
    def __init__(self, reservation_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class StockState(_message.Message):
    __slots__ = ("store_code", "sku", "on_hand_qty_base", "available_qty_base", "reserved_qty_base", "committed_qty_base", "damaged_qty_base", "safety_qty_base", "channels")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    ON_HAND_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    RESERVED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    DAMAGED_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    SAFETY_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    on_hand_qty_base: int
    available_qty_base: int
    reserved_qty_base: int
    committed_qty_base: int
    damaged_qty_base: int
    safety_qty_base: int
    channels: _containers.RepeatedCompositeFieldContainer[ChannelAvailability]
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., on_hand_qty_base: _Optional[int] = ..., available_qty_base: _Optional[int] = ..., reserved_qty_base: _Optional[int] = ..., committed_qty_base: _Optional[int] = ..., damaged_qty_base: _Optional[int] = ..., safety_qty_base: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[ChannelAvailability, _Mapping]]] = ...) -> None: ...

class StockStatesRequest(_message.Message):
    __slots__ = ("store_code", "sku", "channel", "limit")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    channel: str
    limit: int
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., channel: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class StockStatesReply(_message.Message):
    __slots__ = ("states",)
    STATES_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedCompositeFieldContainer[StockState]
    def __init__(self, states: _Optional[_Iterable[_Union[StockState, _Mapping]]] = ...) -> None: ...

class SetStockStateRequest(_message.Message):
    __slots__ = ("store_code", "sku", "state", "qty_base", "reason")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    sku: str
    state: str
    qty_base: int
    reason: str
    def __init__(self, store_code: _Optional[str] = ..., sku: _Optional[str] = ..., state: _Optional[str] = ..., qty_base: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ChannelConflict(_message.Message):
    __slots__ = ("conflict_id", "store_code", "sku", "short_qty_base", "reservation_ids", "detected_at_ms", "detected_seq", "state", "proposal", "proposed_from_store", "proposed_reservation_id", "resolution", "transfer_id", "resolved_at_ms", "resolved_by", "note")
    CONFLICT_ID_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SHORT_QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_IDS_FIELD_NUMBER: _ClassVar[int]
    DETECTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DETECTED_SEQ_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    conflict_id: str
    store_code: str
    sku: str
    short_qty_base: int
    reservation_ids: _containers.RepeatedScalarFieldContainer[str]
    detected_at_ms: int
    detected_seq: int
    state: str
    proposal: str
    proposed_from_store: str
    proposed_reservation_id: str
    resolution: str
    transfer_id: str
    resolved_at_ms: int
    resolved_by: str
    note: str
    def __init__(self, conflict_id: _Optional[str] = ..., store_code: _Optional[str] = ..., sku: _Optional[str] = ..., short_qty_base: _Optional[int] = ..., reservation_ids: _Optional[_Iterable[str]] = ..., detected_at_ms: _Optional[int] = ..., detected_seq: _Optional[int] = ..., state: _Optional[str] = ..., proposal: _Optional[str] = ..., proposed_from_store: _Optional[str] = ..., proposed_reservation_id: _Optional[str] = ..., resolution: _Optional[str] = ..., transfer_id: _Optional[str] = ..., resolved_at_ms: _Optional[int] = ..., resolved_by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ListConflictsRequest(_message.Message):
    __slots__ = ("store_code", "state")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    state: str
    def __init__(self, store_code: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListConflictsReply(_message.Message):
    __slots__ = ("conflicts",)
    CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    conflicts: _containers.RepeatedCompositeFieldContainer[ChannelConflict]
    def __init__(self, conflicts: _Optional[_Iterable[_Union[ChannelConflict, _Mapping]]] = ...) -> None: ...

class ResolveConflictRequest(_message.Message):
    __slots__ = ("conflict_id", "resolution", "from_store", "reservation_id", "reason")
    CONFLICT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    FROM_STORE_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    conflict_id: str
    resolution: str
    from_store: str
    reservation_id: str
    reason: str
    def __init__(self, conflict_id: _Optional[str] = ..., resolution: _Optional[str] = ..., from_store: _Optional[str] = ..., reservation_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ChannelOrder(_message.Message):
    __slots__ = ("reservation_id", "channel", "order_ref", "state", "lines", "confirmed_at_ms", "close_reason")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ORDER_REF_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_REASON_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    channel: str
    order_ref: str
    state: str
    lines: _containers.RepeatedCompositeFieldContainer[ReservationLine]
    confirmed_at_ms: int
    close_reason: str
    def __init__(self, reservation_id: _Optional[str] = ..., channel: _Optional[str] = ..., order_ref: _Optional[str] = ..., state: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReservationLine, _Mapping]]] = ..., confirmed_at_ms: _Optional[int] = ..., close_reason: _Optional[str] = ...) -> None: ...

class ChannelPick(_message.Message):
    __slots__ = ("reservation_id", "till_id", "cashier", "lines")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    till_id: str
    cashier: str
    lines: _containers.RepeatedCompositeFieldContainer[ReservationLine]
    def __init__(self, reservation_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReservationLine, _Mapping]]] = ...) -> None: ...

class ChannelFulfilment(_message.Message):
    __slots__ = ("reservation_id", "till_id", "cashier", "channel", "order_ref")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ORDER_REF_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    till_id: str
    cashier: str
    channel: str
    order_ref: str
    def __init__(self, reservation_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., channel: _Optional[str] = ..., order_ref: _Optional[str] = ...) -> None: ...
