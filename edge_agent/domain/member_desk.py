"""The till's member desk: money taken for a stored-value top-up or a punch card / package
sold, each booked online at head office first (never offline), then journalled here as a
member_desk entry so the shift's X/Z reports and expected cash include it.

A top-up or card is paid by cash, card or QR in one payment of exactly the amount (cash may
be handed over with change). Phone numbers and names reach this module only masked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from common.domain.limits import check_amount
from common.i18n import _, display_amount
from edge_agent.domain.errors import InvalidInput, InvalidTender
from edge_agent.domain.receipt_layout import method_word
from edge_agent.domain.tender import Tender, TenderOffer, check_methods, stored_reference
from edge_agent.domain.text_columns import pair

TOPUP, CARD_SALE = "topup", "card_sale"
KINDS = (TOPUP, CARD_SALE)
DESK_METHODS = ("cash", "card", "qr")
WIDTH = 40
MAX_CARD_USES = 1_000
MAX_VALID_DAYS = 3_660
MAX_COVERS = 50


@dataclass(frozen=True)
class MemberDeskEntry:
    """One member-desk document as journalled (ledger.proto MemberDesk)."""

    desk_id: str
    kind: str  # topup, card_sale
    till_id: str
    cashier: str
    shift_id: str
    member_id: str
    paid_minor: int
    tender: Tender
    booking_key: str  # the key head office booked it under
    currency: str
    bonus_minor: int = 0  # topup: the bonus the chain's rules granted
    principal_after_minor: int = 0  # topup: the member's balance after it, by bucket
    bonus_after_minor: int = 0
    entitlement_id: int = 0  # card_sale: the card's number at head office


def check_paid(what: str, paid_minor: int) -> int:
    """A positive whole amount in minor units within the till's limits."""
    if isinstance(paid_minor, bool) or not isinstance(paid_minor, int) or paid_minor <= 0:
        raise InvalidInput(
            _("{what} must be a positive amount in minor units, got {value}").format(
                what=what, value=paid_minor
            )
        )
    return check_amount(what, paid_minor)


def parse_payment(text: str) -> TenderOffer:
    """`cash`, `card[:REF]` or `qr[:REF]` (a reference, never a card number) as typed."""
    method, _colon, reference = (text or "").strip().partition(":")
    method = method.strip().lower()
    if method not in DESK_METHODS:
        raise InvalidTender(
            _("a member-desk payment is one of {methods}, got {value}").format(
                methods=", ".join(DESK_METHODS), value=repr(text)
            )
        )
    if method == "cash" and reference:
        raise InvalidTender(
            _("a cash payment takes no reference, got {value}").format(value=repr(text))
        )
    return TenderOffer(method, 0, reference.strip())


def take_payment(offer: TenderOffer, paid_minor: int, tendered_minor: int) -> Tender:
    """One payment of exactly `paid_minor`; cash may be handed over with change (tendered 0:
    exactly the amount)."""
    offer = TenderOffer(offer.method, paid_minor, offer.reference)
    check_methods([offer])
    reference = stored_reference(offer)
    if offer.method != "cash" or tendered_minor == 0:
        if tendered_minor not in (0, paid_minor):
            raise InvalidTender(
                _("only cash is handed over with change; a {method} payment is the amount").format(
                    method=offer.method
                )
            )
        return Tender(offer.method, paid_minor, paid_minor, 0, reference)
    if isinstance(tendered_minor, bool) or tendered_minor < paid_minor:
        raise InvalidTender(
            _("cash handed over {tendered} is less than the {paid} to pay").format(
                tendered=tendered_minor, paid=paid_minor
            )
        )
    check_amount(_("the cash handed over"), tendered_minor)
    return Tender("cash", paid_minor, tendered_minor, tendered_minor - paid_minor, "")


def check_card_terms(kind: str, covers: tuple[str, ...], uses: int, valid_days: int) -> None:
    """The terms a till sells a card with, before head office is asked."""
    if kind not in ("punch_card", "package"):
        raise InvalidInput(
            _("a card is a punch_card or a package, got {kind}").format(kind=repr(kind))
        )
    if not covers or len(covers) > MAX_COVERS or any(not c.strip() for c in covers):
        raise InvalidInput(
            _("a card covers 1 to {limit} SKUs (--covers SKU[,SKU])").format(limit=MAX_COVERS)
        )
    if isinstance(uses, bool) or not 1 <= uses <= MAX_CARD_USES:
        raise InvalidInput(
            _("a card has 1 to {limit} uses, got {uses}").format(limit=MAX_CARD_USES, uses=uses)
        )
    if isinstance(valid_days, bool) or not 0 <= valid_days <= MAX_VALID_DAYS:
        raise InvalidInput(
            _("a card is valid for 0 (no end) to {limit} days, got {days}").format(
                limit=MAX_VALID_DAYS, days=valid_days
            )
        )


def _row(left: str, right: str) -> str:
    return pair(left, right, WIDTH)


def _day(at_ms: int) -> str:
    return dt.datetime.fromtimestamp(at_ms / 1000, dt.UTC).date().isoformat()


@dataclass(frozen=True)
class ReceiptFacts:
    """What a member-desk receipt prints beside the entry: masked phone, the card's terms."""

    phone_masked: str
    member_id: str
    uses_bought: int = 0
    expires_at_ms: int = 0
    covers: tuple[str, ...] = ()


def receipt_text(entry: MemberDeskEntry, facts: ReceiptFacts, seq: int) -> str:
    """The member-desk receipt, lined up like a sale's (amounts as ¥12.34)."""

    def m(v: int) -> str:
        return display_amount(v, entry.currency)

    out = [
        _("Member {member}  {phone}").format(member=facts.member_id, phone=facts.phone_masked),
        _("Till {till}  Cashier {cashier}  #{seq}").format(
            till=entry.till_id, cashier=entry.cashier, seq=seq
        ),
        "-" * WIDTH,
    ]
    if entry.kind == TOPUP:
        out.append(_row(_("Top-up paid"), m(entry.paid_minor)))
        out.append(_row(_("Bonus"), m(entry.bonus_minor)))
        out.append(_row(_("Principal balance"), m(entry.principal_after_minor)))
        out.append(_row(_("Bonus balance"), m(entry.bonus_after_minor)))
        out.append(_row(_("Balance"), m(entry.principal_after_minor + entry.bonus_after_minor)))
    else:
        out.append(
            _row(_("Card No. {card}").format(card=entry.entitlement_id), m(entry.paid_minor))
        )
        out.append(_row(_("Uses"), str(facts.uses_bought)))
        out.append(_row(_("Covers"), ",".join(facts.covers)))
        expiry = _day(facts.expires_at_ms) if facts.expires_at_ms else _("never")
        out.append(_row(_("Valid until"), expiry))
    t = entry.tender
    out.append(
        _row(_("Paid by {method}").format(method=method_word(t.method)), m(t.tendered_minor))
    )
    if t.change_minor:
        out.append(_row(_("Change"), m(t.change_minor)))
    return "\n".join(out) + "\n"
