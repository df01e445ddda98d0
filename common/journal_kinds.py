"""Every kind of store journal entry, in one table (DESIGN "Where each thing lives").

A journal entry is one thing that happened in a store: a sale, a delivery, a
shift event... Its kind names the `JournalEntry.body` field that holds the
document, the movement reasons its movements may carry (with the sign each
reason must have in that kind) and whether head office does anything beyond
moving stock when it applies one (an *effect*: a delivery against an order
updates the order). Both sides read this table: the edge appends entries
through it, head office validates and applies them through it, and a unit
test walks the proto's `oneof body` so no body field goes without a kind.

Adding a kind is a proto field, a line in KINDS below and, when
`headoffice_effect` is True, its effect at head office; docs/runtime.md
("Adding a journal kind") gives the steps.

Movement reasons are read once from the proto enum `MovementReason`: the
name is the enum value's name without its prefix, lower case ("sale",
"transfer_out"), and the number is the wire value.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2

_REASON_PREFIX = "MOVEMENT_REASON_"

# Reason number (wire) -> reason name, and back; UNSPECIFIED is not a reason.
REASON_NAMES: Mapping[int, str] = MappingProxyType(
    {
        number: name.removeprefix(_REASON_PREFIX).lower()
        for name, number in ledger_pb2.MovementReason.items()
        if number != 0
    }
)
REASON_NUMBERS: Mapping[str, int] = MappingProxyType(
    {name: number for number, name in REASON_NAMES.items()}
)

# The oneof that holds an entry's document, and its fields.
BODY_ONEOF = "body"
BODY_FIELDS: frozenset[str] = frozenset(
    f.name for f in ledger_pb2.JournalEntry.DESCRIPTOR.oneofs_by_name[BODY_ONEOF].fields
)


class UnknownJournalKind(InvalidInput):
    """A journal entry names a kind this table does not hold."""


class Sign(enum.Enum):
    """Which way a reason's movements may go in a kind."""

    OUT = -1  # takes stock out: quantity below zero
    IN = 1  # brings stock in: quantity above zero
    EITHER = 0  # a correction: either way, never zero

    def allows(self, qty_base: int) -> bool:
        if qty_base == 0:
            return False
        if self is Sign.EITHER:
            return True
        return (qty_base > 0) == (self is Sign.IN)

    @property
    def wording(self) -> str:
        return {Sign.OUT: "take stock out (below zero)", Sign.IN: "bring stock in (above zero)",
                Sign.EITHER: "move stock (not zero)"}[self]  # fmt: skip


@dataclass(frozen=True)
class JournalKind:
    """One kind of journal entry.

    name              the entry's document_type, on the wire and in both databases
    body_field        the JournalEntry `body` oneof field that holds its document
    moves             movement reason -> the sign its quantity must have; empty: moves no stock
    headoffice_effect head office runs an effect for it when applying (registered at head
                      office against this kind); False says, explicitly, that it has none
    """

    name: str
    body_field: str
    moves: Mapping[str, Sign] = field(default_factory=dict)
    headoffice_effect: bool = False

    def __post_init__(self) -> None:
        unknown = [reason for reason in self.moves if reason not in REASON_NUMBERS]
        if unknown:
            raise ValueError(f"journal kind {self.name} names unknown movement reasons {unknown}")
        object.__setattr__(self, "moves", MappingProxyType(dict(self.moves)))

    @property
    def reason_numbers(self) -> frozenset[int]:
        return frozenset(REASON_NUMBERS[reason] for reason in self.moves)

    def sign_of(self, reason: str) -> Sign | None:
        """The sign a movement of this reason must have in this kind; None if it may not occur."""
        return self.moves.get(reason)

    def __str__(self) -> str:
        return self.name


OUT, IN, EITHER = Sign.OUT, Sign.IN, Sign.EITHER

# -- the kinds ---------------------------------------------------------------------------
# Selling at the till.
SALE = JournalKind("sale", "sale", {"sale": OUT})
SALE_RETURN = JournalKind("sale_return", "sale_return", {"return": IN, "write_off": OUT})
CART_VOID = JournalKind("cart_void", "cart_void")
NO_SALE = JournalKind("no_sale", "no_sale")
APPROVAL = JournalKind("approval", "approval")
SHIFT_EVENT = JournalKind("shift_event", "shift_event")
TILL_REPORT = JournalKind("till_report", "till_report")
# Goods from and back to suppliers.
# A supplier delivery: its kind and movement reason keep their stored name, "receipt".
SUPPLIER_DELIVERY = JournalKind(
    "receipt", "supplier_delivery", {"receipt": IN}, headoffice_effect=True
)
SUPPLIER_RETURN = JournalKind(
    "supplier_return", "supplier_return", {"supplier_return": OUT}, headoffice_effect=True
)
# Transfers between stores; a correction comes back from head office's resolution.
TRANSFER_SHIPMENT = JournalKind(
    "transfer_shipment", "transfer_shipment", {"transfer_out": OUT}, headoffice_effect=True
)
TRANSFER_RECEIPT = JournalKind(
    "transfer_receipt", "transfer_receipt", {"transfer_in": IN}, headoffice_effect=True
)
TRANSFER_CORRECTION = JournalKind(
    "transfer_correction", "transfer_shipment", {"transfer_out": EITHER}, headoffice_effect=True
)
# Write-offs: a request waits for approval; the write-off moves the stock.
WRITE_OFF_REQUEST = JournalKind("write_off_request", "write_off_request", headoffice_effect=True)
WRITE_OFF = JournalKind("write_off", "write_off", {"write_off": OUT}, headoffice_effect=True)
# Stocktake (common.domain.stocktake): session events and count lines move nothing; the
# posting of an approved session moves each SKU's variance, either way.
COUNT_SESSION = JournalKind("count_session", "count_session", headoffice_effect=True)
COUNT_LINE = JournalKind("count_line", "count_line", headoffice_effect=True)
COUNT_POSTING = JournalKind(
    "count_posting", "count_posting", {"adjustment": EITHER}, headoffice_effect=True
)
# A store's settings that a rebuilt ledger must get back: its key items for handover spot
# counts (head office keeps the latest as the store's list).
KEY_ITEMS = JournalKind("key_items", "key_items", headoffice_effect=True)
# Members: a punch card's or package's use, authorised online by head office, takes the
# service's consumables or the goods out; head office checks the use and marks it journaled.
REDEMPTION = JournalKind("redemption", "redemption", {"redemption": OUT}, headoffice_effect=True)
# The till's member desk: money taken for a top-up or a card head office booked online.
# No effect: head office checks it against that booking before applying the batch
# (headoffice.services.member_desk_checks) and refuses it when there is none.
MEMBER_DESK = JournalKind("member_desk", "member_desk")
# A reward item taken for points, the points taken online by head office first: the goods
# (or a bundle's components) leave the store; head office checks the points and the
# movements (headoffice.services.reward_checks) and records the key as journaled.
REWARD = JournalKind("reward", "reward", {"redemption": OUT}, headoffice_effect=True)
# Channels (issue 16): an online order picked at the store (nothing moves; head office moves
# its lines from reserved to committed) and handed over (the goods leave).
# Head office checks both against the reservation (headoffice.services.channel_checks) and
# moves its inventory states (channel_effects).
CHANNEL_PICK = JournalKind("channel_pick", "channel_pick", headoffice_effect=True)
CHANNEL_FULFILMENT = JournalKind(
    "channel_fulfilment", "channel_fulfilment", {"channel_fulfilment": OUT}, headoffice_effect=True
)
# A group-buy voucher redeemed at the till, verified online through head office first: the
# package's goods or consumables leave; a cancel within the platform's window brings them back.
VOUCHER_REDEMPTION = JournalKind(
    "voucher_redemption", "voucher_redemption", {"redemption": OUT}, headoffice_effect=True
)
VOUCHER_CANCEL = JournalKind(
    "voucher_cancel", "voucher_cancel", {"redemption": IN}, headoffice_effect=True
)

_KINDS: dict[str, JournalKind] = {}
# Every kind by name; a live read-only view of the table `register` fills.
KINDS: Mapping[str, JournalKind] = MappingProxyType(_KINDS)

# The longest kind name a database column must hold (head office refuses, never cuts).
MAX_KIND_NAME = 32
_NAME = re.compile(r"[a-z][a-z0-9_]*")


def register(kind: JournalKind) -> JournalKind:
    """Add a kind to the table (each name once, its body a field of the `body` oneof)."""
    if kind.name in _KINDS:
        raise ValueError(f"journal kind {kind.name} is registered twice")
    if len(kind.name) > MAX_KIND_NAME or not _NAME.fullmatch(kind.name):
        raise ValueError(
            f"journal kind name {kind.name!r} must be lower-case letters, digits and _ "
            f"and at most {MAX_KIND_NAME} characters"
        )
    if kind.body_field not in BODY_FIELDS:
        raise ValueError(
            f"journal kind {kind.name} names body field {kind.body_field!r}, which the "
            f"JournalEntry `{BODY_ONEOF}` oneof does not have"
        )
    _KINDS[kind.name] = kind
    return kind


def unregister(kind: JournalKind) -> None:
    """Take a kind out of the table again (tests that add a toy kind)."""
    if _KINDS.get(kind.name) is kind:
        del _KINDS[kind.name]


for _kind in (
    SALE,
    SALE_RETURN,
    CART_VOID,
    NO_SALE,
    APPROVAL,
    SHIFT_EVENT,
    TILL_REPORT,
    SUPPLIER_DELIVERY,
    SUPPLIER_RETURN,
    TRANSFER_SHIPMENT,
    TRANSFER_RECEIPT,
    TRANSFER_CORRECTION,
    WRITE_OFF_REQUEST,
    WRITE_OFF,
    COUNT_SESSION,
    COUNT_LINE,
    COUNT_POSTING,
    KEY_ITEMS,
    REDEMPTION,
    MEMBER_DESK,
    REWARD,
    CHANNEL_PICK,
    CHANNEL_FULFILMENT,
    VOUCHER_REDEMPTION,
    VOUCHER_CANCEL,
):
    register(_kind)
del _kind


def kind_named(name: str) -> JournalKind:
    """The kind called `name`, or UnknownJournalKind naming it."""
    kind = KINDS.get(name)
    if kind is None:
        shown = name if len(name) <= MAX_KIND_NAME else name[:MAX_KIND_NAME] + "..."
        raise UnknownJournalKind(
            f"journal entry kind {shown!r} is not one StoreLedger knows "
            f"(known: {', '.join(sorted(KINDS))})"
        )
    return kind


def reason_name(number: int) -> str:
    """The reason's name for its wire number ('reason-N' for a number the proto lacks)."""
    return REASON_NAMES.get(number, f"reason-{number}")
