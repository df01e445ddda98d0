"""How a sale is paid: cash with change, card and QR by reference only, a member's stored
value or points (authorised by head office: services.member_payments), split across several.

Only the cash part is rounded (common.domain.cash_rounding, shared with head
office): card, QR, stored-value and points amounts come off the total first, the cash due
is rounded, and cash gives the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.card_data import reduce_card_numbers
from common.domain.cash_rounding import CashRounding, amount_due
from common.domain.limits import check_amount
from common.domain.typed_text import clean_payment_text
from common.i18n import N_, _, display_amount
from edge_agent.domain.errors import InvalidTender, PaymentShort

STORED_VALUE = "stored_value"
POINTS = "points"
METHODS = ("cash", "card", "qr", STORED_VALUE, POINTS)
MEMBER_METHODS = (STORED_VALUE, POINTS)  # need a member, authorised online

# The one card-number rule, shared with head office (common.domain.card_data): first 6 and
# last 4 digits of any 13+ digit run across separators, stripe tracks cut to the number.
# The old name stays for the till screen.
mask_card_numbers = reduce_card_numbers


@dataclass(frozen=True)
class TenderOffer:
    """What the cashier entered: a method, an amount and (card/QR) a reference."""

    method: str
    amount_minor: int
    reference: str = ""
    points: int = 0  # points: what the cashier expects to spend (0: head office's figure)


@dataclass(frozen=True)
class Tender:
    method: str
    amount_minor: int  # what it pays towards the sale
    tendered_minor: int  # what the customer handed over
    change_minor: int
    reference: str  # masked: never a full card number
    # stored_value / points: the key head office booked it under (the till's own key when
    # offline), whether the till took it offline, and the points spent.
    authorisation_key: str = ""
    offline: bool = False
    points: int = 0


MEMBER_REFUSAL = N_(
    "payment method 'member' is now stored_value: pay from the member's balance with "
    "stored_value:AMOUNT and name the member"
)


def stored_reference(offer: TenderOffer) -> str:
    """A payment's reference as it is stored, journalled and printed: refused when it holds
    a card's security code or expiry, every card number reduced to first 6 + last 4, no
    control characters, at most MAX_REFERENCE_CHARS (common.domain.typed_text)."""
    field = _("the reference of the {method} payment").format(method=offer.method)
    return clean_payment_text(field, offer.reference)


def check_methods(offers: list[TenderOffer]) -> None:
    """Known methods, positive amounts and references that may be kept; refused otherwise."""
    for offer in offers:
        stored_reference(offer)
        if offer.method == "member":
            raise InvalidTender(_(MEMBER_REFUSAL))
        if offer.method not in METHODS:
            raise InvalidTender(
                _("payment method {method} is not accepted; use one of {methods}").format(
                    method=repr(offer.method), methods=", ".join(METHODS)
                )
            )
        if isinstance(offer.amount_minor, bool) or offer.amount_minor <= 0:
            raise InvalidTender(
                _("a {method} payment must be a positive amount, got {value}").format(
                    method=offer.method, value=offer.amount_minor
                )
            )
        check_amount(_("the {method} payment").format(method=offer.method), offer.amount_minor)
    for method in MEMBER_METHODS:
        if sum(1 for offer in offers if offer.method == method) > 1:
            raise InvalidTender(
                _("a sale takes at most one {method} payment; add the amounts up").format(
                    method=method
                )
            )


def settle(
    total_minor: int,
    offers: list[TenderOffer],
    currency: str,
    rounding: CashRounding | None = None,
) -> list[Tender]:
    """Apply the tenders to a total: card/QR pay exactly what they say, cash gives the change.

    The tenders' amounts add up to the total plus the cash rounding (if any cash is due).
    """
    if not offers:
        raise PaymentShort(
            _("payment {paid} is short of the total {total} by {short}").format(
                paid=display_amount(0, currency),
                total=display_amount(total_minor, currency),
                short=display_amount(total_minor, currency),
            )
        )
    check_methods(offers)
    non_cash = sum(o.amount_minor for o in offers if o.method != "cash")
    has_cash = any(o.method == "cash" for o in offers)
    amounts = amount_due(total_minor, non_cash, has_cash, rounding or CashRounding())
    due, cash_due = amounts.total_minor, amounts.cash_minor
    paid = sum(o.amount_minor for o in offers)
    if paid < due:
        raise PaymentShort(
            _("payment {paid} is short of the total {total} by {short}").format(
                paid=display_amount(paid, currency),
                total=display_amount(due, currency),
                short=display_amount(due - paid, currency),
            )
        )
    if non_cash > total_minor:
        raise InvalidTender(
            _(
                "card, QR and member payments {paid} exceed the total {total}; change is given "
                "from cash only"
            ).format(
                paid=display_amount(non_cash, currency), total=display_amount(total_minor, currency)
            )
        )
    tenders: list[Tender] = []
    for offer in offers:
        if offer.method != "cash":
            tenders.append(
                Tender(
                    method=offer.method,
                    amount_minor=offer.amount_minor,
                    tendered_minor=offer.amount_minor,
                    change_minor=0,
                    reference=stored_reference(offer),
                    points=offer.points if offer.method == POINTS else 0,
                )
            )
            continue
        applied = min(offer.amount_minor, cash_due)
        cash_due -= applied
        tenders.append(
            Tender(
                method="cash",
                amount_minor=applied,
                tendered_minor=offer.amount_minor,
                change_minor=offer.amount_minor - applied,
                reference="",
            )
        )
    return tenders
