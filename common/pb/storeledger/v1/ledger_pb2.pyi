from common.pb.storeledger.v1 import transfers_pb2 as _transfers_pb2
from common.pb.storeledger.v1 import purchasing_pb2 as _purchasing_pb2
from common.pb.storeledger.v1 import write_offs_pb2 as _write_offs_pb2
from common.pb.storeledger.v1 import stocktake_pb2 as _stocktake_pb2
from common.pb.storeledger.v1 import channels_pb2 as _channels_pb2
from common.pb.storeledger.v1 import voucher_entries_pb2 as _voucher_entries_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MovementReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MOVEMENT_REASON_UNSPECIFIED: _ClassVar[MovementReason]
    MOVEMENT_REASON_SALE: _ClassVar[MovementReason]
    MOVEMENT_REASON_RETURN: _ClassVar[MovementReason]
    MOVEMENT_REASON_RECEIPT: _ClassVar[MovementReason]
    MOVEMENT_REASON_TRANSFER_OUT: _ClassVar[MovementReason]
    MOVEMENT_REASON_TRANSFER_IN: _ClassVar[MovementReason]
    MOVEMENT_REASON_ADJUSTMENT: _ClassVar[MovementReason]
    MOVEMENT_REASON_WRITE_OFF: _ClassVar[MovementReason]
    MOVEMENT_REASON_REDEMPTION: _ClassVar[MovementReason]
    MOVEMENT_REASON_CHANNEL_FULFILMENT: _ClassVar[MovementReason]
    MOVEMENT_REASON_SUPPLIER_RETURN: _ClassVar[MovementReason]
MOVEMENT_REASON_UNSPECIFIED: MovementReason
MOVEMENT_REASON_SALE: MovementReason
MOVEMENT_REASON_RETURN: MovementReason
MOVEMENT_REASON_RECEIPT: MovementReason
MOVEMENT_REASON_TRANSFER_OUT: MovementReason
MOVEMENT_REASON_TRANSFER_IN: MovementReason
MOVEMENT_REASON_ADJUSTMENT: MovementReason
MOVEMENT_REASON_WRITE_OFF: MovementReason
MOVEMENT_REASON_REDEMPTION: MovementReason
MOVEMENT_REASON_CHANNEL_FULFILMENT: MovementReason
MOVEMENT_REASON_SUPPLIER_RETURN: MovementReason

class Movement(_message.Message):
    __slots__ = ("sku", "qty_base", "reason", "unit_cost_minor")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    reason: MovementReason
    unit_cost_minor: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., reason: _Optional[_Union[MovementReason, str]] = ..., unit_cost_minor: _Optional[int] = ...) -> None: ...

class SaleLine(_message.Message):
    __slots__ = ("line_no", "sku", "scanned_code", "name", "qty_base", "unit_price_minor", "amount_minor", "list_price_minor", "discount_minor", "approval_id", "label_code", "offer_discount_minor", "offers")
    LINE_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    SCANNED_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    LIST_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_CODE_FIELD_NUMBER: _ClassVar[int]
    OFFER_DISCOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    OFFERS_FIELD_NUMBER: _ClassVar[int]
    line_no: int
    sku: str
    scanned_code: str
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int
    list_price_minor: int
    discount_minor: int
    approval_id: str
    label_code: str
    offer_discount_minor: int
    offers: _containers.RepeatedCompositeFieldContainer[LineOfferApplied]
    def __init__(self, line_no: _Optional[int] = ..., sku: _Optional[str] = ..., scanned_code: _Optional[str] = ..., name: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_price_minor: _Optional[int] = ..., amount_minor: _Optional[int] = ..., list_price_minor: _Optional[int] = ..., discount_minor: _Optional[int] = ..., approval_id: _Optional[str] = ..., label_code: _Optional[str] = ..., offer_discount_minor: _Optional[int] = ..., offers: _Optional[_Iterable[_Union[LineOfferApplied, _Mapping]]] = ...) -> None: ...

class LineOfferApplied(_message.Message):
    __slots__ = ("offer_id", "discount_minor", "text")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    discount_minor: int
    text: str
    def __init__(self, offer_id: _Optional[str] = ..., discount_minor: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class Tender(_message.Message):
    __slots__ = ("method", "amount_minor", "tendered_minor", "change_minor", "reference", "authorisation_key", "offline", "points")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    TENDERED_MINOR_FIELD_NUMBER: _ClassVar[int]
    CHANGE_MINOR_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AUTHORISATION_KEY_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    method: str
    amount_minor: int
    tendered_minor: int
    change_minor: int
    reference: str
    authorisation_key: str
    offline: bool
    points: int
    def __init__(self, method: _Optional[str] = ..., amount_minor: _Optional[int] = ..., tendered_minor: _Optional[int] = ..., change_minor: _Optional[int] = ..., reference: _Optional[str] = ..., authorisation_key: _Optional[str] = ..., offline: _Optional[bool] = ..., points: _Optional[int] = ...) -> None: ...

class Sale(_message.Message):
    __slots__ = ("sale_id", "sale_no", "till_id", "cashier", "lines", "tenders", "total_minor", "currency", "rounding_minor", "shift_id", "priced_local", "coupons", "promo_ids", "member_id", "member_level", "member_birthday", "coupon_key")
    SALE_ID_FIELD_NUMBER: _ClassVar[int]
    SALE_NO_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TENDERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_MINOR_FIELD_NUMBER: _ClassVar[int]
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    PRICED_LOCAL_FIELD_NUMBER: _ClassVar[int]
    COUPONS_FIELD_NUMBER: _ClassVar[int]
    PROMO_IDS_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_LEVEL_FIELD_NUMBER: _ClassVar[int]
    MEMBER_BIRTHDAY_FIELD_NUMBER: _ClassVar[int]
    COUPON_KEY_FIELD_NUMBER: _ClassVar[int]
    sale_id: str
    sale_no: int
    till_id: str
    cashier: str
    lines: _containers.RepeatedCompositeFieldContainer[SaleLine]
    tenders: _containers.RepeatedCompositeFieldContainer[Tender]
    total_minor: int
    currency: str
    rounding_minor: int
    shift_id: str
    priced_local: str
    coupons: _containers.RepeatedScalarFieldContainer[str]
    promo_ids: _containers.RepeatedScalarFieldContainer[str]
    member_id: str
    member_level: str
    member_birthday: str
    coupon_key: str
    def __init__(self, sale_id: _Optional[str] = ..., sale_no: _Optional[int] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[SaleLine, _Mapping]]] = ..., tenders: _Optional[_Iterable[_Union[Tender, _Mapping]]] = ..., total_minor: _Optional[int] = ..., currency: _Optional[str] = ..., rounding_minor: _Optional[int] = ..., shift_id: _Optional[str] = ..., priced_local: _Optional[str] = ..., coupons: _Optional[_Iterable[str]] = ..., promo_ids: _Optional[_Iterable[str]] = ..., member_id: _Optional[str] = ..., member_level: _Optional[str] = ..., member_birthday: _Optional[str] = ..., coupon_key: _Optional[str] = ...) -> None: ...

class SupplierDeliveryLine(_message.Message):
    __slots__ = ("sku", "qty_base", "unit_cost_minor", "expiry_date")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPIRY_DATE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_cost_minor: _Optional[int] = ..., expiry_date: _Optional[str] = ...) -> None: ...

class SupplierDelivery(_message.Message):
    __slots__ = ("delivery_id", "supplier_ref", "lines", "po_id")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_REF_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    PO_ID_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    supplier_ref: str
    lines: _containers.RepeatedCompositeFieldContainer[SupplierDeliveryLine]
    po_id: str
    def __init__(self, delivery_id: _Optional[str] = ..., supplier_ref: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[SupplierDeliveryLine, _Mapping]]] = ..., po_id: _Optional[str] = ...) -> None: ...

class JournalEntry(_message.Message):
    __slots__ = ("seq", "occurred_at_ms", "actor", "document_type", "document_id", "movements", "sale", "supplier_delivery", "sale_return", "shift_event", "till_report", "approval", "no_sale", "cart_void", "transfer_shipment", "transfer_receipt", "write_off", "write_off_request", "supplier_return", "count_session", "count_line", "count_posting", "key_items", "redemption", "member_desk", "reward", "channel_pick", "channel_fulfilment", "voucher_redemption", "voucher_cancel")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MOVEMENTS_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_DELIVERY_FIELD_NUMBER: _ClassVar[int]
    SALE_RETURN_FIELD_NUMBER: _ClassVar[int]
    SHIFT_EVENT_FIELD_NUMBER: _ClassVar[int]
    TILL_REPORT_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    NO_SALE_FIELD_NUMBER: _ClassVar[int]
    CART_VOID_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_RECEIPT_FIELD_NUMBER: _ClassVar[int]
    WRITE_OFF_FIELD_NUMBER: _ClassVar[int]
    WRITE_OFF_REQUEST_FIELD_NUMBER: _ClassVar[int]
    SUPPLIER_RETURN_FIELD_NUMBER: _ClassVar[int]
    COUNT_SESSION_FIELD_NUMBER: _ClassVar[int]
    COUNT_LINE_FIELD_NUMBER: _ClassVar[int]
    COUNT_POSTING_FIELD_NUMBER: _ClassVar[int]
    KEY_ITEMS_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    MEMBER_DESK_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_PICK_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FULFILMENT_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_REDEMPTION_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_CANCEL_FIELD_NUMBER: _ClassVar[int]
    seq: int
    occurred_at_ms: int
    actor: str
    document_type: str
    document_id: str
    movements: _containers.RepeatedCompositeFieldContainer[Movement]
    sale: Sale
    supplier_delivery: SupplierDelivery
    sale_return: SaleReturn
    shift_event: ShiftEvent
    till_report: TillReport
    approval: Approval
    no_sale: NoSale
    cart_void: CartVoid
    transfer_shipment: _transfers_pb2.TransferShipment
    transfer_receipt: _transfers_pb2.TransferReceipt
    write_off: _write_offs_pb2.WriteOff
    write_off_request: _write_offs_pb2.WriteOffRequest
    supplier_return: _purchasing_pb2.SupplierReturn
    count_session: _stocktake_pb2.CountSessionEvent
    count_line: _stocktake_pb2.CountLine
    count_posting: _stocktake_pb2.CountPosting
    key_items: _stocktake_pb2.KeyItemsSet
    redemption: Redemption
    member_desk: MemberDesk
    reward: Reward
    channel_pick: _channels_pb2.ChannelPick
    channel_fulfilment: _channels_pb2.ChannelFulfilment
    voucher_redemption: _voucher_entries_pb2.VoucherRedemptionEntry
    voucher_cancel: _voucher_entries_pb2.VoucherCancelEntry
    def __init__(self, seq: _Optional[int] = ..., occurred_at_ms: _Optional[int] = ..., actor: _Optional[str] = ..., document_type: _Optional[str] = ..., document_id: _Optional[str] = ..., movements: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ..., sale: _Optional[_Union[Sale, _Mapping]] = ..., supplier_delivery: _Optional[_Union[SupplierDelivery, _Mapping]] = ..., sale_return: _Optional[_Union[SaleReturn, _Mapping]] = ..., shift_event: _Optional[_Union[ShiftEvent, _Mapping]] = ..., till_report: _Optional[_Union[TillReport, _Mapping]] = ..., approval: _Optional[_Union[Approval, _Mapping]] = ..., no_sale: _Optional[_Union[NoSale, _Mapping]] = ..., cart_void: _Optional[_Union[CartVoid, _Mapping]] = ..., transfer_shipment: _Optional[_Union[_transfers_pb2.TransferShipment, _Mapping]] = ..., transfer_receipt: _Optional[_Union[_transfers_pb2.TransferReceipt, _Mapping]] = ..., write_off: _Optional[_Union[_write_offs_pb2.WriteOff, _Mapping]] = ..., write_off_request: _Optional[_Union[_write_offs_pb2.WriteOffRequest, _Mapping]] = ..., supplier_return: _Optional[_Union[_purchasing_pb2.SupplierReturn, _Mapping]] = ..., count_session: _Optional[_Union[_stocktake_pb2.CountSessionEvent, _Mapping]] = ..., count_line: _Optional[_Union[_stocktake_pb2.CountLine, _Mapping]] = ..., count_posting: _Optional[_Union[_stocktake_pb2.CountPosting, _Mapping]] = ..., key_items: _Optional[_Union[_stocktake_pb2.KeyItemsSet, _Mapping]] = ..., redemption: _Optional[_Union[Redemption, _Mapping]] = ..., member_desk: _Optional[_Union[MemberDesk, _Mapping]] = ..., reward: _Optional[_Union[Reward, _Mapping]] = ..., channel_pick: _Optional[_Union[_channels_pb2.ChannelPick, _Mapping]] = ..., channel_fulfilment: _Optional[_Union[_channels_pb2.ChannelFulfilment, _Mapping]] = ..., voucher_redemption: _Optional[_Union[_voucher_entries_pb2.VoucherRedemptionEntry, _Mapping]] = ..., voucher_cancel: _Optional[_Union[_voucher_entries_pb2.VoucherCancelEntry, _Mapping]] = ...) -> None: ...

class Redemption(_message.Message):
    __slots__ = ("redemption_id", "member_id", "card_no", "sku", "uses", "authorisation_key", "till_id", "cashier", "shift_id", "uses_left")
    REDEMPTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CARD_NO_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    USES_FIELD_NUMBER: _ClassVar[int]
    AUTHORISATION_KEY_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    USES_LEFT_FIELD_NUMBER: _ClassVar[int]
    redemption_id: str
    member_id: str
    card_no: int
    sku: str
    uses: int
    authorisation_key: str
    till_id: str
    cashier: str
    shift_id: str
    uses_left: int
    def __init__(self, redemption_id: _Optional[str] = ..., member_id: _Optional[str] = ..., card_no: _Optional[int] = ..., sku: _Optional[str] = ..., uses: _Optional[int] = ..., authorisation_key: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., shift_id: _Optional[str] = ..., uses_left: _Optional[int] = ...) -> None: ...

class Reward(_message.Message):
    __slots__ = ("reward_id", "member_id", "sku", "qty", "points", "authorisation_key", "till_id", "cashier", "shift_id")
    REWARD_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    AUTHORISATION_KEY_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    reward_id: str
    member_id: str
    sku: str
    qty: int
    points: int
    authorisation_key: str
    till_id: str
    cashier: str
    shift_id: str
    def __init__(self, reward_id: _Optional[str] = ..., member_id: _Optional[str] = ..., sku: _Optional[str] = ..., qty: _Optional[int] = ..., points: _Optional[int] = ..., authorisation_key: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., shift_id: _Optional[str] = ...) -> None: ...

class SkuBalance(_message.Message):
    __slots__ = ("sku", "qty_base")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    sku: str
    qty_base: int
    def __init__(self, sku: _Optional[str] = ..., qty_base: _Optional[int] = ...) -> None: ...

class BalanceChecksum(_message.Message):
    __slots__ = ("as_of_seq", "sha256_hex", "sku_count")
    AS_OF_SEQ_FIELD_NUMBER: _ClassVar[int]
    SHA256_HEX_FIELD_NUMBER: _ClassVar[int]
    SKU_COUNT_FIELD_NUMBER: _ClassVar[int]
    as_of_seq: int
    sha256_hex: str
    sku_count: int
    def __init__(self, as_of_seq: _Optional[int] = ..., sha256_hex: _Optional[str] = ..., sku_count: _Optional[int] = ...) -> None: ...

class ReturnLine(_message.Message):
    __slots__ = ("sku", "name", "qty_base", "unit_price_minor", "amount_minor", "disposition", "original_line_no")
    SKU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QTY_BASE_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_LINE_NO_FIELD_NUMBER: _ClassVar[int]
    sku: str
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int
    disposition: str
    original_line_no: int
    def __init__(self, sku: _Optional[str] = ..., name: _Optional[str] = ..., qty_base: _Optional[int] = ..., unit_price_minor: _Optional[int] = ..., amount_minor: _Optional[int] = ..., disposition: _Optional[str] = ..., original_line_no: _Optional[int] = ...) -> None: ...

class SaleReturn(_message.Message):
    __slots__ = ("return_id", "return_no", "original_sale_id", "original_sale_no", "till_id", "cashier", "lines", "refunds", "total_minor", "currency", "approval_id", "shift_id", "reason")
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    RETURN_NO_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_SALE_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_SALE_NO_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    REFUNDS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    return_no: int
    original_sale_id: str
    original_sale_no: int
    till_id: str
    cashier: str
    lines: _containers.RepeatedCompositeFieldContainer[ReturnLine]
    refunds: _containers.RepeatedCompositeFieldContainer[Tender]
    total_minor: int
    currency: str
    approval_id: str
    shift_id: str
    reason: str
    def __init__(self, return_id: _Optional[str] = ..., return_no: _Optional[int] = ..., original_sale_id: _Optional[str] = ..., original_sale_no: _Optional[int] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReturnLine, _Mapping]]] = ..., refunds: _Optional[_Iterable[_Union[Tender, _Mapping]]] = ..., total_minor: _Optional[int] = ..., currency: _Optional[str] = ..., approval_id: _Optional[str] = ..., shift_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DenominationCount(_message.Message):
    __slots__ = ("denomination_minor", "count")
    DENOMINATION_MINOR_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    denomination_minor: int
    count: int
    def __init__(self, denomination_minor: _Optional[int] = ..., count: _Optional[int] = ...) -> None: ...

class ShiftEvent(_message.Message):
    __slots__ = ("shift_id", "till_id", "cashier", "kind", "amount_minor", "counted", "counted_minor", "expected_cash_minor", "over_short_minor", "reason", "next_cashier", "next_shift_id", "approval_id", "spot_count_session_id", "spot_count_outside")
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    COUNTED_FIELD_NUMBER: _ClassVar[int]
    COUNTED_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_CASH_MINOR_FIELD_NUMBER: _ClassVar[int]
    OVER_SHORT_MINOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NEXT_CASHIER_FIELD_NUMBER: _ClassVar[int]
    NEXT_SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_COUNT_SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_COUNT_OUTSIDE_FIELD_NUMBER: _ClassVar[int]
    shift_id: str
    till_id: str
    cashier: str
    kind: str
    amount_minor: int
    counted: _containers.RepeatedCompositeFieldContainer[DenominationCount]
    counted_minor: int
    expected_cash_minor: int
    over_short_minor: int
    reason: str
    next_cashier: str
    next_shift_id: str
    approval_id: str
    spot_count_session_id: str
    spot_count_outside: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, shift_id: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., kind: _Optional[str] = ..., amount_minor: _Optional[int] = ..., counted: _Optional[_Iterable[_Union[DenominationCount, _Mapping]]] = ..., counted_minor: _Optional[int] = ..., expected_cash_minor: _Optional[int] = ..., over_short_minor: _Optional[int] = ..., reason: _Optional[str] = ..., next_cashier: _Optional[str] = ..., next_shift_id: _Optional[str] = ..., approval_id: _Optional[str] = ..., spot_count_session_id: _Optional[str] = ..., spot_count_outside: _Optional[_Iterable[str]] = ...) -> None: ...

class TenderTotal(_message.Message):
    __slots__ = ("method", "count", "amount_minor")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    method: str
    count: int
    amount_minor: int
    def __init__(self, method: _Optional[str] = ..., count: _Optional[int] = ..., amount_minor: _Optional[int] = ...) -> None: ...

class TillReport(_message.Message):
    __slots__ = ("kind", "number", "business_date", "till_id", "cashier", "sales_count", "sales_minor", "returns_count", "returns_minor", "discounts_minor", "rounding_minor", "tenders", "cash_in_minor", "cash_out_minor", "float_minor", "expected_cash_minor", "no_sale_count", "void_count", "text", "member_desk_tenders", "member_desk_count")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_DATE_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SALES_COUNT_FIELD_NUMBER: _ClassVar[int]
    SALES_MINOR_FIELD_NUMBER: _ClassVar[int]
    RETURNS_COUNT_FIELD_NUMBER: _ClassVar[int]
    RETURNS_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISCOUNTS_MINOR_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_MINOR_FIELD_NUMBER: _ClassVar[int]
    TENDERS_FIELD_NUMBER: _ClassVar[int]
    CASH_IN_MINOR_FIELD_NUMBER: _ClassVar[int]
    CASH_OUT_MINOR_FIELD_NUMBER: _ClassVar[int]
    FLOAT_MINOR_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_CASH_MINOR_FIELD_NUMBER: _ClassVar[int]
    NO_SALE_COUNT_FIELD_NUMBER: _ClassVar[int]
    VOID_COUNT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    MEMBER_DESK_TENDERS_FIELD_NUMBER: _ClassVar[int]
    MEMBER_DESK_COUNT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    number: int
    business_date: str
    till_id: str
    cashier: str
    sales_count: int
    sales_minor: int
    returns_count: int
    returns_minor: int
    discounts_minor: int
    rounding_minor: int
    tenders: _containers.RepeatedCompositeFieldContainer[TenderTotal]
    cash_in_minor: int
    cash_out_minor: int
    float_minor: int
    expected_cash_minor: int
    no_sale_count: int
    void_count: int
    text: str
    member_desk_tenders: _containers.RepeatedCompositeFieldContainer[TenderTotal]
    member_desk_count: int
    def __init__(self, kind: _Optional[str] = ..., number: _Optional[int] = ..., business_date: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., sales_count: _Optional[int] = ..., sales_minor: _Optional[int] = ..., returns_count: _Optional[int] = ..., returns_minor: _Optional[int] = ..., discounts_minor: _Optional[int] = ..., rounding_minor: _Optional[int] = ..., tenders: _Optional[_Iterable[_Union[TenderTotal, _Mapping]]] = ..., cash_in_minor: _Optional[int] = ..., cash_out_minor: _Optional[int] = ..., float_minor: _Optional[int] = ..., expected_cash_minor: _Optional[int] = ..., no_sale_count: _Optional[int] = ..., void_count: _Optional[int] = ..., text: _Optional[str] = ..., member_desk_tenders: _Optional[_Iterable[_Union[TenderTotal, _Mapping]]] = ..., member_desk_count: _Optional[int] = ...) -> None: ...

class MemberDesk(_message.Message):
    __slots__ = ("desk_id", "kind", "till_id", "cashier", "shift_id", "member_id", "paid_minor", "tenders", "booking_key", "bonus_minor", "principal_after_minor", "bonus_after_minor", "entitlement_id", "currency")
    DESK_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SHIFT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_MINOR_FIELD_NUMBER: _ClassVar[int]
    TENDERS_FIELD_NUMBER: _ClassVar[int]
    BOOKING_KEY_FIELD_NUMBER: _ClassVar[int]
    BONUS_MINOR_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_AFTER_MINOR_FIELD_NUMBER: _ClassVar[int]
    BONUS_AFTER_MINOR_FIELD_NUMBER: _ClassVar[int]
    ENTITLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    desk_id: str
    kind: str
    till_id: str
    cashier: str
    shift_id: str
    member_id: str
    paid_minor: int
    tenders: _containers.RepeatedCompositeFieldContainer[Tender]
    booking_key: str
    bonus_minor: int
    principal_after_minor: int
    bonus_after_minor: int
    entitlement_id: int
    currency: str
    def __init__(self, desk_id: _Optional[str] = ..., kind: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., shift_id: _Optional[str] = ..., member_id: _Optional[str] = ..., paid_minor: _Optional[int] = ..., tenders: _Optional[_Iterable[_Union[Tender, _Mapping]]] = ..., booking_key: _Optional[str] = ..., bonus_minor: _Optional[int] = ..., principal_after_minor: _Optional[int] = ..., bonus_after_minor: _Optional[int] = ..., entitlement_id: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class Approval(_message.Message):
    __slots__ = ("approval_id", "action", "manager", "till_id", "cashier", "details", "granted", "refusal")
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    MANAGER_FIELD_NUMBER: _ClassVar[int]
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_FIELD_NUMBER: _ClassVar[int]
    approval_id: str
    action: str
    manager: str
    till_id: str
    cashier: str
    details: str
    granted: bool
    refusal: str
    def __init__(self, approval_id: _Optional[str] = ..., action: _Optional[str] = ..., manager: _Optional[str] = ..., till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., details: _Optional[str] = ..., granted: _Optional[bool] = ..., refusal: _Optional[str] = ...) -> None: ...

class NoSale(_message.Message):
    __slots__ = ("till_id", "cashier", "approval_id", "reason")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    approval_id: str
    reason: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., approval_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CartVoid(_message.Message):
    __slots__ = ("till_id", "cashier", "scope", "lines", "approval_id")
    TILL_ID_FIELD_NUMBER: _ClassVar[int]
    CASHIER_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    till_id: str
    cashier: str
    scope: str
    lines: _containers.RepeatedCompositeFieldContainer[SaleLine]
    approval_id: str
    def __init__(self, till_id: _Optional[str] = ..., cashier: _Optional[str] = ..., scope: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[SaleLine, _Mapping]]] = ..., approval_id: _Optional[str] = ...) -> None: ...
