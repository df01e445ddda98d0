from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Member(_message.Message):
    __slots__ = ("member_id", "phone", "name", "card_no", "qr_code", "birthday", "consent", "registered_store", "level", "created_at_ms", "created_by", "updated_at_ms", "erased_at_ms", "merged_into", "personal", "card_type", "principal_minor", "bonus_minor", "currency")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    QR_CODE_FIELD_NUMBER: _ClassVar[int]
    BIRTHDAY_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_STORE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FIELD_NUMBER: _ClassVar[int]
    CARD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    phone: str
    name: str
    card_no: str
    qr_code: str
    birthday: str
    consent: bool
    registered_store: str
    level: str
    created_at_ms: int
    created_by: str
    updated_at_ms: int
    erased_at_ms: int
    merged_into: str
    personal: bool
    card_type: str
    principal_minor: int
    bonus_minor: int
    currency: str
    def __init__(self, member_id: _Optional[str] = ..., phone: _Optional[str] = ..., name: _Optional[str] = ..., card_no: _Optional[str] = ..., qr_code: _Optional[str] = ..., birthday: _Optional[str] = ..., consent: _Optional[bool] = ..., registered_store: _Optional[str] = ..., level: _Optional[str] = ..., created_at_ms: _Optional[int] = ..., created_by: _Optional[str] = ..., updated_at_ms: _Optional[int] = ..., erased_at_ms: _Optional[int] = ..., merged_into: _Optional[str] = ..., personal: _Optional[bool] = ..., card_type: _Optional[str] = ..., principal_minor: _Optional[int] = ..., bonus_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class AddMemberRequest(_message.Message):
    __slots__ = ("phone", "name", "card_no", "qr_code", "birthday", "consent", "store_code")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    QR_CODE_FIELD_NUMBER: _ClassVar[int]
    BIRTHDAY_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    name: str
    card_no: str
    qr_code: str
    birthday: str
    consent: bool
    store_code: str
    def __init__(self, phone: _Optional[str] = ..., name: _Optional[str] = ..., card_no: _Optional[str] = ..., qr_code: _Optional[str] = ..., birthday: _Optional[str] = ..., consent: _Optional[bool] = ..., store_code: _Optional[str] = ...) -> None: ...

class MemberRequest(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: str
    def __init__(self, member: _Optional[str] = ...) -> None: ...

class ListMembersRequest(_message.Message):
    __slots__ = ("store_code", "level")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    level: str
    def __init__(self, store_code: _Optional[str] = ..., level: _Optional[str] = ...) -> None: ...

class ListMembersReply(_message.Message):
    __slots__ = ("members",)
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[Member]
    def __init__(self, members: _Optional[_Iterable[_Union[Member, _Mapping]]] = ...) -> None: ...

class MergeMembersRequest(_message.Message):
    __slots__ = ("survivor", "duplicate")
    SURVIVOR_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    survivor: str
    duplicate: str
    def __init__(self, survivor: _Optional[str] = ..., duplicate: _Optional[str] = ...) -> None: ...

class MergeMembersReply(_message.Message):
    __slots__ = ("survivor", "duplicate", "moved_principal_minor", "moved_bonus_minor", "moved_points", "moved_cards")
    SURVIVOR_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    MOVED_PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    MOVED_BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    MOVED_POINTS_FIELD_NUMBER: _ClassVar[int]
    MOVED_CARDS_FIELD_NUMBER: _ClassVar[int]
    survivor: Member
    duplicate: Member
    moved_principal_minor: int
    moved_bonus_minor: int
    moved_points: int
    moved_cards: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, survivor: _Optional[_Union[Member, _Mapping]] = ..., duplicate: _Optional[_Union[Member, _Mapping]] = ..., moved_principal_minor: _Optional[int] = ..., moved_bonus_minor: _Optional[int] = ..., moved_points: _Optional[int] = ..., moved_cards: _Optional[_Iterable[int]] = ...) -> None: ...

class MemberCard(_message.Message):
    __slots__ = ("entitlement_id", "kind", "covers", "uses_bought", "uses_left", "value_per_use_minor", "paid_minor", "expires_at_ms", "store_scope", "shareable", "refunded_at_ms", "sold_store", "sold_at_ms", "member_id", "replayed")
    ENTITLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COVERS_FIELD_NUMBER: _ClassVar[int]
    USES_BOUGHT_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_USE_MINOR_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STORE_SCOPE_FIELD_NUMBER: _ClassVar[int]
    SHAREABLE_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SOLD_STORE_FIELD_NUMBER: _ClassVar[int]
    SOLD_AT_MS_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    entitlement_id: int
    kind: str
    covers: _containers.RepeatedScalarFieldContainer[str]
    uses_bought: int
    uses_left: int
    value_per_use_minor: int
    paid_minor: int
    expires_at_ms: int
    store_scope: _containers.RepeatedScalarFieldContainer[str]
    shareable: bool
    refunded_at_ms: int
    sold_store: str
    sold_at_ms: int
    member_id: str
    replayed: bool
    def __init__(self, entitlement_id: _Optional[int] = ..., kind: _Optional[str] = ..., covers: _Optional[_Iterable[str]] = ..., uses_bought: _Optional[int] = ..., uses_left: _Optional[int] = ..., value_per_use_minor: _Optional[int] = ..., paid_minor: _Optional[int] = ..., expires_at_ms: _Optional[int] = ..., store_scope: _Optional[_Iterable[str]] = ..., shareable: _Optional[bool] = ..., refunded_at_ms: _Optional[int] = ..., sold_store: _Optional[str] = ..., sold_at_ms: _Optional[int] = ..., member_id: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class SellCardRequest(_message.Message):
    __slots__ = ("member", "key", "kind", "covers", "uses", "paid_minor", "valid_days", "stores", "shareable")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COVERS_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALID_DAYS_FIELD_NUMBER: _ClassVar[int]
    STORES_FIELD_NUMBER: _ClassVar[int]
    SHAREABLE_FIELD_NUMBER: _ClassVar[int]
    member: str
    key: str
    kind: str
    covers: _containers.RepeatedScalarFieldContainer[str]
    uses: int
    paid_minor: int
    valid_days: int
    stores: _containers.RepeatedScalarFieldContainer[str]
    shareable: bool
    def __init__(self, member: _Optional[str] = ..., key: _Optional[str] = ..., kind: _Optional[str] = ..., covers: _Optional[_Iterable[str]] = ..., uses: _Optional[int] = ..., paid_minor: _Optional[int] = ..., valid_days: _Optional[int] = ..., stores: _Optional[_Iterable[str]] = ..., shareable: _Optional[bool] = ...) -> None: ...

class RefundCardRequest(_message.Message):
    __slots__ = ("entitlement_id", "key")
    ENTITLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    entitlement_id: int
    key: str
    def __init__(self, entitlement_id: _Optional[int] = ..., key: _Optional[str] = ...) -> None: ...

class CardRefundReply(_message.Message):
    __slots__ = ("entitlement_id", "member_id", "paid_back_minor", "uses_left", "replayed", "currency")
    ENTITLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_BACK_MINOR_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    entitlement_id: int
    member_id: str
    paid_back_minor: int
    uses_left: int
    replayed: bool
    currency: str
    def __init__(self, entitlement_id: _Optional[int] = ..., member_id: _Optional[str] = ..., paid_back_minor: _Optional[int] = ..., uses_left: _Optional[int] = ..., replayed: _Optional[bool] = ..., currency: _Optional[str] = ...) -> None: ...

class MemberCardsReply(_message.Message):
    __slots__ = ("member_id", "cards", "currency")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CARDS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    cards: _containers.RepeatedCompositeFieldContainer[MemberCard]
    currency: str
    def __init__(self, member_id: _Optional[str] = ..., cards: _Optional[_Iterable[_Union[MemberCard, _Mapping]]] = ..., currency: _Optional[str] = ...) -> None: ...

class MemberPointsEntry(_message.Message):
    __slots__ = ("key", "kind", "points", "lot_month", "document", "at_ms")
    KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    LOT_MONTH_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    AT_MS_FIELD_NUMBER: _ClassVar[int]
    key: str
    kind: str
    points: int
    lot_month: int
    document: str
    at_ms: int
    def __init__(self, key: _Optional[str] = ..., kind: _Optional[str] = ..., points: _Optional[int] = ..., lot_month: _Optional[int] = ..., document: _Optional[str] = ..., at_ms: _Optional[int] = ...) -> None: ...

class MemberPointsReply(_message.Message):
    __slots__ = ("member_id", "balance", "entries")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    balance: int
    entries: _containers.RepeatedCompositeFieldContainer[MemberPointsEntry]
    def __init__(self, member_id: _Optional[str] = ..., balance: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[MemberPointsEntry, _Mapping]]] = ...) -> None: ...

class StoredValueEntry(_message.Message):
    __slots__ = ("entry_id", "member_id", "kind", "store_code", "key", "amount_minor", "principal_minor", "bonus_minor", "payout_minor", "ref_entry_id", "created_at_ms", "actor")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    PAYOUT_MINOR_FIELD_NUMBER: _ClassVar[int]
    REF_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    entry_id: int
    member_id: str
    kind: str
    store_code: str
    key: str
    amount_minor: int
    principal_minor: int
    bonus_minor: int
    payout_minor: int
    ref_entry_id: int
    created_at_ms: int
    actor: str
    def __init__(self, entry_id: _Optional[int] = ..., member_id: _Optional[str] = ..., kind: _Optional[str] = ..., store_code: _Optional[str] = ..., key: _Optional[str] = ..., amount_minor: _Optional[int] = ..., principal_minor: _Optional[int] = ..., bonus_minor: _Optional[int] = ..., payout_minor: _Optional[int] = ..., ref_entry_id: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., actor: _Optional[str] = ...) -> None: ...

class MemberExport(_message.Message):
    __slots__ = ("member", "entries")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    member: Member
    entries: _containers.RepeatedCompositeFieldContainer[StoredValueEntry]
    def __init__(self, member: _Optional[_Union[Member, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[StoredValueEntry, _Mapping]]] = ...) -> None: ...

class EvaluateLevelsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LevelChange(_message.Message):
    __slots__ = ("member_id", "before", "after")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    before: str
    after: str
    def __init__(self, member_id: _Optional[str] = ..., before: _Optional[str] = ..., after: _Optional[str] = ...) -> None: ...

class EvaluateLevelsReply(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[LevelChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[LevelChange, _Mapping]]] = ...) -> None: ...

class TopUpRequest(_message.Message):
    __slots__ = ("member", "paid_minor", "key")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    member: str
    paid_minor: int
    key: str
    def __init__(self, member: _Optional[str] = ..., paid_minor: _Optional[int] = ..., key: _Optional[str] = ...) -> None: ...

class CashOutRequest(_message.Message):
    __slots__ = ("member", "key")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    member: str
    key: str
    def __init__(self, member: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class StoredValueBooking(_message.Message):
    __slots__ = ("entry", "principal_minor", "bonus_minor", "replayed", "currency")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    entry: StoredValueEntry
    principal_minor: int
    bonus_minor: int
    replayed: bool
    currency: str
    def __init__(self, entry: _Optional[_Union[StoredValueEntry, _Mapping]] = ..., principal_minor: _Optional[int] = ..., bonus_minor: _Optional[int] = ..., replayed: _Optional[bool] = ..., currency: _Optional[str] = ...) -> None: ...

class LiabilityRequest(_message.Message):
    __slots__ = ("day",)
    DAY_FIELD_NUMBER: _ClassVar[int]
    day: str
    def __init__(self, day: _Optional[str] = ...) -> None: ...

class LiabilityReply(_message.Message):
    __slots__ = ("day", "utc_offset_minutes", "currency", "opening_principal_minor", "opening_bonus_minor", "topup_principal_minor", "topup_bonus_minor", "topup_count", "redeemed_principal_minor", "redeemed_bonus_minor", "debit_count", "refund_count", "cash_out_minor", "forfeited_minor", "closing_principal_minor", "closing_bonus_minor", "balanced", "expired_principal_minor", "expired_bonus_minor", "expire_count")
    DAY_FIELD_NUMBER: _ClassVar[int]
    UTC_OFFSET_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    OPENING_PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    OPENING_BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    TOPUP_PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    TOPUP_BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    TOPUP_COUNT_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    REDEEMED_BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    DEBIT_COUNT_FIELD_NUMBER: _ClassVar[int]
    REFUND_COUNT_FIELD_NUMBER: _ClassVar[int]
    CASH_OUT_MINOR_FIELD_NUMBER: _ClassVar[int]
    FORFEITED_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLOSING_PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLOSING_BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    BALANCED_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_PRINCIPAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_COUNT_FIELD_NUMBER: _ClassVar[int]
    day: str
    utc_offset_minutes: int
    currency: str
    opening_principal_minor: int
    opening_bonus_minor: int
    topup_principal_minor: int
    topup_bonus_minor: int
    topup_count: int
    redeemed_principal_minor: int
    redeemed_bonus_minor: int
    debit_count: int
    refund_count: int
    cash_out_minor: int
    forfeited_minor: int
    closing_principal_minor: int
    closing_bonus_minor: int
    balanced: bool
    expired_principal_minor: int
    expired_bonus_minor: int
    expire_count: int
    def __init__(self, day: _Optional[str] = ..., utc_offset_minutes: _Optional[int] = ..., currency: _Optional[str] = ..., opening_principal_minor: _Optional[int] = ..., opening_bonus_minor: _Optional[int] = ..., topup_principal_minor: _Optional[int] = ..., topup_bonus_minor: _Optional[int] = ..., topup_count: _Optional[int] = ..., redeemed_principal_minor: _Optional[int] = ..., redeemed_bonus_minor: _Optional[int] = ..., debit_count: _Optional[int] = ..., refund_count: _Optional[int] = ..., cash_out_minor: _Optional[int] = ..., forfeited_minor: _Optional[int] = ..., closing_principal_minor: _Optional[int] = ..., closing_bonus_minor: _Optional[int] = ..., balanced: _Optional[bool] = ..., expired_principal_minor: _Optional[int] = ..., expired_bonus_minor: _Optional[int] = ..., expire_count: _Optional[int] = ...) -> None: ...

class TillMemberRequest(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: str
    def __init__(self, member: _Optional[str] = ...) -> None: ...

class TillDebitRequest(_message.Message):
    __slots__ = ("member", "amount_minor", "key", "cashier")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    member: str
    amount_minor: int
    key: str
    cashier: str
    def __init__(self, member: _Optional[str] = ..., amount_minor: _Optional[int] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillRefundRequest(_message.Message):
    __slots__ = ("debit_entry_id", "amount_minor", "key", "cashier")
    DEBIT_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    debit_entry_id: int
    amount_minor: int
    key: str
    cashier: str
    def __init__(self, debit_entry_id: _Optional[int] = ..., amount_minor: _Optional[int] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillRedeemRequest(_message.Message):
    __slots__ = ("member", "card_no", "sku", "uses", "key", "cashier")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    member: str
    card_no: int
    sku: str
    uses: int
    key: str
    cashier: str
    def __init__(self, member: _Optional[str] = ..., card_no: _Optional[int] = ..., sku: _Optional[str] = ..., uses: _Optional[int] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class RedemptionMovement(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class TillRedemption(_message.Message):
    __slots__ = ("member_id", "phone", "card_no", "kind", "sku", "uses", "uses_left", "key", "movements", "replayed", "at_ms")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    AT_MS_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    phone: str
    card_no: int
    kind: str
    sku: str
    uses: int
    uses_left: int
    key: str
    movements: _containers.RepeatedCompositeFieldContainer[RedemptionMovement]
    replayed: bool
    at_ms: int
    def __init__(self, member_id: _Optional[str] = ..., phone: _Optional[str] = ..., card_no: _Optional[int] = ..., kind: _Optional[str] = ..., sku: _Optional[str] = ..., uses: _Optional[int] = ..., uses_left: _Optional[int] = ..., key: _Optional[str] = ..., movements: _Optional[_Iterable[_Union[RedemptionMovement, _Mapping]]] = ..., replayed: _Optional[bool] = ..., at_ms: _Optional[int] = ...) -> None: ...

class TillRegisterRequest(_message.Message):
    __slots__ = ("phone", "name", "card_no", "qr_code", "birthday", "consent", "cashier")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    QR_CODE_FIELD_NUMBER: _ClassVar[int]
    BIRTHDAY_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    phone: str
    name: str
    card_no: str
    qr_code: str
    birthday: str
    consent: bool
    cashier: str
    def __init__(self, phone: _Optional[str] = ..., name: _Optional[str] = ..., card_no: _Optional[str] = ..., qr_code: _Optional[str] = ..., birthday: _Optional[str] = ..., consent: _Optional[bool] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillTopUpRequest(_message.Message):
    __slots__ = ("member", "paid_minor", "key", "cashier")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    member: str
    paid_minor: int
    key: str
    cashier: str
    def __init__(self, member: _Optional[str] = ..., paid_minor: _Optional[int] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillSellCardRequest(_message.Message):
    __slots__ = ("member", "key", "kind", "covers", "uses", "paid_minor", "valid_days", "shareable", "cashier")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COVERS_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    VALID_DAYS_FIELD_NUMBER: _ClassVar[int]
    SHAREABLE_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    member: str
    key: str
    kind: str
    covers: _containers.RepeatedScalarFieldContainer[str]
    uses: int
    paid_minor: int
    valid_days: int
    shareable: bool
    cashier: str
    def __init__(self, member: _Optional[str] = ..., key: _Optional[str] = ..., kind: _Optional[str] = ..., covers: _Optional[_Iterable[str]] = ..., uses: _Optional[int] = ..., paid_minor: _Optional[int] = ..., valid_days: _Optional[int] = ..., shareable: _Optional[bool] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillMemberCards(_message.Message):
    __slots__ = ("member_id", "cards", "points", "currency")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CARDS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    cards: _containers.RepeatedCompositeFieldContainer[MemberCard]
    points: int
    currency: str
    def __init__(self, member_id: _Optional[str] = ..., cards: _Optional[_Iterable[_Union[MemberCard, _Mapping]]] = ..., points: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class TillPointsRequest(_message.Message):
    __slots__ = ("member", "amount_minor", "key", "cashier", "document", "max_points")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    MAX_POINTS_FIELD_NUMBER: _ClassVar[int]
    member: str
    amount_minor: int
    key: str
    cashier: str
    document: str
    max_points: int
    def __init__(self, member: _Optional[str] = ..., amount_minor: _Optional[int] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ..., document: _Optional[str] = ..., max_points: _Optional[int] = ...) -> None: ...

class TillPointsReply(_message.Message):
    __slots__ = ("member_id", "points", "balance", "replayed")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    points: int
    balance: int
    replayed: bool
    def __init__(self, member_id: _Optional[str] = ..., points: _Optional[int] = ..., balance: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class TillCouponRequest(_message.Message):
    __slots__ = ("code", "key", "cashier")
    CODE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    code: str
    key: str
    cashier: str
    def __init__(self, code: _Optional[str] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillCouponReply(_message.Message):
    __slots__ = ("code", "promo_id", "replayed", "valid_until_ms")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PROMO_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_MS_FIELD_NUMBER: _ClassVar[int]
    code: str
    promo_id: str
    replayed: bool
    valid_until_ms: int
    def __init__(self, code: _Optional[str] = ..., promo_id: _Optional[str] = ..., replayed: _Optional[bool] = ..., valid_until_ms: _Optional[int] = ...) -> None: ...

class MemberSalesRequest(_message.Message):
    __slots__ = ("member", "store_code", "since", "until")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    member: str
    store_code: str
    since: str
    until: str
    def __init__(self, member: _Optional[str] = ..., store_code: _Optional[str] = ..., since: _Optional[str] = ..., until: _Optional[str] = ...) -> None: ...

class MemberSalesRow(_message.Message):
    __slots__ = ("member_id", "phone", "store_code", "sales_count", "visits", "returns_count", "net_minor", "points_earned", "first_day", "last_day")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SALES_COUNT_FIELD_NUMBER: _ClassVar[int]
    VISITS_FIELD_NUMBER: _ClassVar[int]
    RETURNS_COUNT_FIELD_NUMBER: _ClassVar[int]
    NET_MINOR_FIELD_NUMBER: _ClassVar[int]
    POINTS_EARNED_FIELD_NUMBER: _ClassVar[int]
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    phone: str
    store_code: str
    sales_count: int
    visits: int
    returns_count: int
    net_minor: int
    points_earned: int
    first_day: str
    last_day: str
    def __init__(self, member_id: _Optional[str] = ..., phone: _Optional[str] = ..., store_code: _Optional[str] = ..., sales_count: _Optional[int] = ..., visits: _Optional[int] = ..., returns_count: _Optional[int] = ..., net_minor: _Optional[int] = ..., points_earned: _Optional[int] = ..., first_day: _Optional[str] = ..., last_day: _Optional[str] = ...) -> None: ...

class MemberSalesReply(_message.Message):
    __slots__ = ("rows", "first_day", "last_day", "utc_offset_minutes", "currency")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    UTC_OFFSET_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[MemberSalesRow]
    first_day: str
    last_day: str
    utc_offset_minutes: int
    currency: str
    def __init__(self, rows: _Optional[_Iterable[_Union[MemberSalesRow, _Mapping]]] = ..., first_day: _Optional[str] = ..., last_day: _Optional[str] = ..., utc_offset_minutes: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class OfflineDebitsRequest(_message.Message):
    __slots__ = ("store_code", "since", "until", "exceeded_only")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    EXCEEDED_ONLY_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    since: str
    until: str
    exceeded_only: bool
    def __init__(self, store_code: _Optional[str] = ..., since: _Optional[str] = ..., until: _Optional[str] = ..., exceeded_only: _Optional[bool] = ...) -> None: ...

class OfflineDebit(_message.Message):
    __slots__ = ("store_code", "key", "member_id", "sale_id", "day", "amount_minor", "taken_minor", "shortfall_minor", "allowance_minor", "over_allowance")
    STORE_CODE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    SALE_ID_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    TAKEN_MINOR_FIELD_NUMBER: _ClassVar[int]
    SHORTFALL_MINOR_FIELD_NUMBER: _ClassVar[int]
    ALLOWANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    OVER_ALLOWANCE_FIELD_NUMBER: _ClassVar[int]
    store_code: str
    key: str
    member_id: str
    sale_id: str
    day: str
    amount_minor: int
    taken_minor: int
    shortfall_minor: int
    allowance_minor: int
    over_allowance: bool
    def __init__(self, store_code: _Optional[str] = ..., key: _Optional[str] = ..., member_id: _Optional[str] = ..., sale_id: _Optional[str] = ..., day: _Optional[str] = ..., amount_minor: _Optional[int] = ..., taken_minor: _Optional[int] = ..., shortfall_minor: _Optional[int] = ..., allowance_minor: _Optional[int] = ..., over_allowance: _Optional[bool] = ...) -> None: ...

class OfflineDebitsReply(_message.Message):
    __slots__ = ("debits", "first_day", "last_day", "currency")
    DEBITS_FIELD_NUMBER: _ClassVar[int]
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    debits: _containers.RepeatedCompositeFieldContainer[OfflineDebit]
    first_day: str
    last_day: str
    currency: str
    def __init__(self, debits: _Optional[_Iterable[_Union[OfflineDebit, _Mapping]]] = ..., first_day: _Optional[str] = ..., last_day: _Optional[str] = ..., currency: _Optional[str] = ...) -> None: ...

class SetRewardRequest(_message.Message):
    __slots__ = ("sku", "points_cost")
    SKU_FIELD_NUMBER: _ClassVar[int]
    POINTS_COST_FIELD_NUMBER: _ClassVar[int]
    sku: str
    points_cost: int
    def __init__(self, sku: _Optional[str] = ..., points_cost: _Optional[int] = ...) -> None: ...

class RewardItemRequest(_message.Message):
    __slots__ = ("sku",)
    SKU_FIELD_NUMBER: _ClassVar[int]
    sku: str
    def __init__(self, sku: _Optional[str] = ...) -> None: ...

class ListRewardsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RewardItem(_message.Message):
    __slots__ = ("sku", "points_cost", "active", "changed_at_ms", "changed_by")
    SKU_FIELD_NUMBER: _ClassVar[int]
    POINTS_COST_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    sku: str
    points_cost: int
    active: bool
    changed_at_ms: int
    changed_by: str
    def __init__(self, sku: _Optional[str] = ..., points_cost: _Optional[int] = ..., active: _Optional[bool] = ..., changed_at_ms: _Optional[int] = ..., changed_by: _Optional[str] = ...) -> None: ...

class ListRewardsReply(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[RewardItem]
    def __init__(self, items: _Optional[_Iterable[_Union[RewardItem, _Mapping]]] = ...) -> None: ...

class TillRewardRequest(_message.Message):
    __slots__ = ("member", "sku", "qty", "key", "cashier")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    member: str
    sku: str
    qty: int
    key: str
    cashier: str
    def __init__(self, member: _Optional[str] = ..., sku: _Optional[str] = ..., qty: _Optional[int] = ..., key: _Optional[str] = ..., cashier: _Optional[str] = ...) -> None: ...

class TillRewardReply(_message.Message):
    __slots__ = ("member_id", "phone", "sku", "qty", "points", "balance", "key", "replayed", "movements")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    phone: str
    sku: str
    qty: int
    points: int
    balance: int
    key: str
    replayed: bool
    movements: _containers.RepeatedCompositeFieldContainer[RedemptionMovement]
    def __init__(self, member_id: _Optional[str] = ..., phone: _Optional[str] = ..., sku: _Optional[str] = ..., qty: _Optional[int] = ..., points: _Optional[int] = ..., balance: _Optional[int] = ..., key: _Optional[str] = ..., replayed: _Optional[bool] = ..., movements: _Optional[_Iterable[_Union[RedemptionMovement, _Mapping]]] = ...) -> None: ...
