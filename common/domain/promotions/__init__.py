"""Promotions: offers, their conditions and stacking, and the best combination for a cart.

Plain Python without I/O, shared by the till and head office (docs/promotions.md):

- offers       what an offer is (kinds, stages, groups, priorities, conditions)
- validation   an offer checked before it is stored, in sentences
- cart         the cart lines, the member and the moment the engine prices for
- eligibility  whether an offer's conditions hold now, else why not
- effects      what one offer takes off a cart state, to the fen
- allocation   sharing a cart discount among lines (largest remainder)
- search       the exact best combination (branch and bound)
- engine       price_cart: the priced lines, each with what applied and why others did not
"""

from common.domain.promotions.allocation import largest_remainder
from common.domain.promotions.cart import CartLine, Member, PricingContext, cart_lines
from common.domain.promotions.eligibility import Note
from common.domain.promotions.engine import CartPricing, LineOffer, PricedLine, price_cart
from common.domain.promotions.offers import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    CART,
    COMBO,
    ITEM,
    KINDS,
    MEMBER,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    STAGES,
    Offer,
)
from common.domain.promotions.validation import validate_offer

__all__ = [
    "AMOUNT_OFF",
    "BUY_X_GET_Y",
    "CART",
    "COMBO",
    "ITEM",
    "KINDS",
    "MEMBER",
    "PERCENT_OFF",
    "PRICE",
    "SPEND_SAVE",
    "STAGES",
    "CartLine",
    "CartPricing",
    "LineOffer",
    "Member",
    "Note",
    "Offer",
    "PricedLine",
    "PricingContext",
    "cart_lines",
    "largest_remainder",
    "price_cart",
    "validate_offer",
]
