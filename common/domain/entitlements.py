"""Punch cards (次卡) and packages (套餐): prepaid uses of goods or services, and their rules.

An entitlement is a pool of uses bought at once: the SKUs it covers (a service
such as a car wash, or goods such as a coffee), how many uses were bought and
taken, the value of one use in minor units, the price paid, an expiry, the
stores where it may be used (none named: every store) and whether someone other
than its member may use it. A package of different services (5 washes + 2
waxes) is sold as one entitlement per pool, all on the same sale.

Plain Python: the till checks a card with `check_use` before it asks head office,
and head office checks it again with the same function when it authorises the
use (shared/DESIGN.md invariant 5), so both refuse with the same sentence.

Value of a use, and refunds (integer minor units, written down here once):
- `value_per_use_minor` defaults to paid // uses_bought, rounded DOWN; the
  remainder (paid mod uses_bought, fewer fen than there are uses) is recognised
  with the LAST use, so the uses of an exhausted card add up to exactly the price.
- A card may name its own value per use (the list price of the service when
  the card is sold at a discount); then uses x value may exceed the price.
- Refund of a card not used up = paid - uses_taken x value_per_use, never below
  0 (a discounted card whose uses taken are worth more than was paid refunds 0)
  and 0 once every use is taken (the last use took the remainder). A refunded
  card takes no further use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from common.domain.limits import check_amount, check_product
from common.domain.loyalty_errors import EntitlementRefused, InvalidLoyaltyInput
from common.i18n import _

PUNCH_CARD = "punch_card"
PACKAGE = "package"
KINDS = (PUNCH_CARD, PACKAGE)

MAX_USES = 10_000  # uses on one card; uses x value per use stays within MAX_AMOUNT_MINOR
MAX_COVERED_SKUS = 100


@dataclass(frozen=True)
class Entitlement:
    """One punch card or package as sold to `member_id` (a member's id as text)."""

    card_id: str
    member_id: str
    kind: str
    covers: frozenset[str]
    uses_bought: int
    uses_taken: int
    value_per_use_minor: int
    paid_minor: int
    expires_ms: int | None  # None: never; otherwise no use at or after this instant
    store_scope: frozenset[str]  # store codes; empty: every store of the chain
    shareable: bool
    refunded: bool = False

    @property
    def uses_left(self) -> int:
        return self.uses_bought - self.uses_taken


@dataclass(frozen=True)
class Use:
    """What one authorised redemption takes: `uses` of `card_id` for `sku`, worth `value_minor`."""

    card_id: str
    sku: str
    uses: int
    value_minor: int
    uses_left: int


def new_entitlement(
    card_id: str,
    member_id: str,
    kind: str,
    covers: frozenset[str],
    uses_bought: int,
    paid_minor: int,
    *,
    value_per_use_minor: int | None = None,
    expires_ms: int | None = None,
    store_scope: frozenset[str] = frozenset(),
    shareable: bool = False,
) -> Entitlement:
    """A card as sold, checked; InvalidLoyaltyInput with a sentence if a value cannot be used."""
    if kind not in KINDS:
        raise InvalidLoyaltyInput(
            _("a card is a punch_card or a package, got {kind}").format(kind=repr(kind))
        )
    if not card_id or not member_id:
        raise InvalidLoyaltyInput(_("a card needs a card id and a member id"))
    if not covers or len(covers) > MAX_COVERED_SKUS:
        raise InvalidLoyaltyInput(
            _("card {card} must cover from 1 to {limit} SKUs, got {count}").format(
                card=card_id, limit=MAX_COVERED_SKUS, count=len(covers)
            )
        )
    check_uses(_("uses bought on card {card}").format(card=card_id), uses_bought)
    check_amount(_("price paid for card {card}").format(card=card_id), paid_minor)
    if value_per_use_minor is None:
        value_per_use_minor = paid_minor // uses_bought
    check_amount(_("value per use of card {card}").format(card=card_id), value_per_use_minor)
    check_product(
        _("value of every use of card {card}").format(card=card_id),
        value_per_use_minor,
        uses_bought,
    )
    if expires_ms is not None and expires_ms <= 0:
        raise InvalidLoyaltyInput(
            _("card {card} expires at {at}, which is not a time").format(
                card=card_id, at=expires_ms
            )
        )
    return Entitlement(
        card_id,
        member_id,
        kind,
        frozenset(covers),
        uses_bought,
        0,
        value_per_use_minor,
        paid_minor,
        expires_ms,
        frozenset(store_scope),
        shareable,
    )


def check_uses(field: str, uses: object) -> int:
    """A whole number of uses from 1 to MAX_USES; InvalidLoyaltyInput with a sentence if not."""
    if isinstance(uses, bool) or not isinstance(uses, int) or not 1 <= uses <= MAX_USES:
        raise InvalidLoyaltyInput(
            _("{field} must be a whole number from 1 to {limit}, got {value}").format(
                field=field, limit=MAX_USES, value=repr(uses)
            )
        )
    return uses


def check_use(
    card: Entitlement, sku: str, store: str, member_id: str, now_ms: int, uses: int = 1
) -> Use:
    """The use `uses` of `card` for `sku` at `store` by `member_id` would be; EntitlementRefused if not.

    Checks in the order a cashier can act on: refunded, expired, another store,
    another member, an item the card does not cover, too few uses left.
    """
    check_uses(_("uses to redeem"), uses)
    if card.refunded:
        raise EntitlementRefused(
            _("card {card} was refunded and cannot be used").format(card=card.card_id)
        )
    if card.expires_ms is not None and now_ms >= card.expires_ms:
        raise EntitlementRefused(_("card {card} has expired").format(card=card.card_id))
    if card.store_scope and store not in card.store_scope:
        raise EntitlementRefused(
            _("card {card} cannot be used at store {store}; it is for {stores}").format(
                card=card.card_id, store=store, stores=", ".join(sorted(card.store_scope))
            )
        )
    if not card.shareable and member_id != card.member_id:
        raise EntitlementRefused(
            _("card {card} belongs to another member and is not shareable").format(
                card=card.card_id
            )
        )
    if sku not in card.covers:
        raise EntitlementRefused(
            _("card {card} does not cover {sku}; it covers {skus}").format(
                card=card.card_id, sku=sku, skus=", ".join(sorted(card.covers))
            )
        )
    if card.uses_left < uses:
        if card.uses_left == 0:
            raise EntitlementRefused(_("card {card} has no uses left").format(card=card.card_id))
        raise EntitlementRefused(
            _("card {card} has {left} uses left, fewer than the {uses} asked for").format(
                card=card.card_id, left=card.uses_left, uses=uses
            )
        )
    return Use(card.card_id, sku, uses, use_value(card, uses), card.uses_left - uses)


def use_value(card: Entitlement, uses: int) -> int:
    """Minor units the next `uses` uses recognise: value per use each, the last one the remainder.

    Over a whole card this adds up to the price paid, or to uses x value per
    use when the card names a value per use above the price's share.
    """
    before = _recognised(card, card.uses_taken)
    return _recognised(card, card.uses_taken + uses) - before


def _recognised(card: Entitlement, taken: int) -> int:
    if taken >= card.uses_bought:
        return max(card.paid_minor, card.uses_bought * card.value_per_use_minor)
    return taken * card.value_per_use_minor


def redeem(card: Entitlement, use: Use) -> Entitlement:
    """The card after `use` (from check_use on this same card) is taken."""
    if use.card_id != card.card_id or use.uses > card.uses_left:
        # A Use checked against another card or an older state: a bug, not a person's input.
        raise ValueError(f"use of {use.card_id} does not fit card {card.card_id}")
    return replace(card, uses_taken=card.uses_taken + use.uses)


def refund_minor(card: Entitlement) -> int:
    """What refunding the card pays back: paid - uses_taken x value_per_use, never below 0.

    0 once every use is taken (the last use took the rounding remainder) and 0 for
    a card already refunded.
    """
    if card.refunded or card.uses_taken >= card.uses_bought:
        return 0
    return max(0, card.paid_minor - card.uses_taken * card.value_per_use_minor)


def refund(card: Entitlement) -> tuple[Entitlement, int]:
    """The card marked refunded, and the minor units paid back; EntitlementRefused if refunded."""
    if card.refunded:
        raise EntitlementRefused(_("card {card} was refunded already").format(card=card.card_id))
    return replace(card, refunded=True), refund_minor(card)
