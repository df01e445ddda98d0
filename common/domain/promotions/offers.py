"""What an offer is: its kind, stage, amounts, exclusivity group, priority and conditions.

An offer is data; common.domain.promotions.validation checks one before it is stored,
effects computes what it takes off a cart, eligibility says whether it may apply now.
Money is in minor units (fen), percentages in basis points (1500 = 15 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Kinds of offer.
PERCENT_OFF = "percent_off"  # a share off each target line (item) or off the scope's total
AMOUNT_OFF = "amount_off"  # per base unit (item stage) or once off the scope's total
PRICE = "price"  # a fixed unit price (a member/level price when it names levels)
SPEND_SAVE = "spend_save"  # spend threshold_minor, save amount_minor (every time when repeat)
BUY_X_GET_Y = "buy_x_get_y"  # buy buy_qty, get get_qty free: the cheapest, or gift_sku
COMBO = "combo"  # components together for price_minor
KINDS = (PERCENT_OFF, AMOUNT_OFF, PRICE, SPEND_SAVE, BUY_X_GET_Y, COMBO)

# Stages, in the order they apply.
ITEM, CART, MEMBER = "item", "cart", "member"
STAGES = (ITEM, CART, MEMBER)
STAGE_KINDS = {
    ITEM: (PERCENT_OFF, AMOUNT_OFF, PRICE, BUY_X_GET_Y, COMBO),
    CART: (PERCENT_OFF, AMOUNT_OFF, SPEND_SAVE),
    MEMBER: (PERCENT_OFF, AMOUNT_OFF, SPEND_SAVE),
}
UNIT_KINDS = (BUY_X_GET_Y, COMBO)  # count whole pieces and claim them

BIRTHDAY_DAY, BIRTHDAY_MONTH = "day", "month"
MAX_PERCENT_BP = 10_000  # 100 %
MAX_PRIORITY = 1000
MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class Offer:
    offer_id: str
    kind: str
    stage: str = ""  # "" = the kind's usual stage (see stage_of)
    name: str = ""
    skus: tuple[str, ...] = ()  # the lines it applies to; () = every line
    percent_bp: int = 0
    amount_minor: int = 0  # off per base unit (item), off the total (cart/member), or saved
    price_minor: int = 0  # unit price (PRICE) or the price of one combo
    threshold_minor: int = 0  # spend this (SPEND_SAVE)
    repeat: bool = False  # SPEND_SAVE: save for every threshold reached
    buy_qty: int = 0
    get_qty: int = 0
    gift_sku: str = ""  # BUY_X_GET_Y: this item free; "" = the cheapest of skus
    components: tuple[tuple[str, int], ...] = ()  # COMBO: (sku, pieces)
    group: str = ""  # exclusivity group: at most one offer of a group applies
    priority: int = 0  # within a stage, higher applies first
    # Conditions.
    starts: datetime | None = None
    ends: datetime | None = None  # exclusive
    days: frozenset[int] = field(default_factory=frozenset)  # ISO weekdays 1 (Mon) .. 7
    from_minute: int = 0  # time of day window [from_minute, until_minute)
    until_minute: int = MINUTES_A_DAY
    stores: frozenset[str] = field(default_factory=frozenset)  # empty: every store
    levels: frozenset[str] = field(default_factory=frozenset)  # member levels; empty: any
    members_only: bool = False
    birthday: str = ""  # "", "day" (on the birthday) or "month" (in the birthday month)
    coupon_code: str = ""  # needs this coupon presented

    @property
    def stage_name(self) -> str:
        return stage_of(self)

    @property
    def needs_member(self) -> bool:
        return self.members_only or bool(self.levels) or bool(self.birthday)

    def target_skus(self) -> frozenset[str]:
        """Every SKU whose lines this offer looks at; empty: every line."""
        if self.kind == COMBO:
            return frozenset(sku for sku, _qty in self.components)
        if self.kind == BUY_X_GET_Y and self.gift_sku and self.skus:
            return frozenset((*self.skus, self.gift_sku))
        return frozenset(self.skus)


def stage_of(offer: Offer) -> str:
    """The stage given, else: spend X save Y and a whole-cart percent/amount at cart stage
    (member stage when it needs a member), everything else at item stage."""
    if offer.stage:
        return offer.stage
    if offer.kind == SPEND_SAVE or (offer.kind in (PERCENT_OFF, AMOUNT_OFF) and not offer.skus):
        return MEMBER if offer.needs_member else CART
    return ITEM


def application_key(offer: Offer) -> tuple[int, int, str]:
    """The order offers apply in: stage, then higher priority, then offer id."""
    stage = stage_of(offer)
    rank = STAGES.index(stage) if stage in STAGES else len(STAGES)
    return (rank, -offer.priority, offer.offer_id)
