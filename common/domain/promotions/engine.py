"""Pricing a cart with offers: which apply, the best combination, each line's share, and why.

price_cart is the one entry point the till and head office both call; the same cart,
offers and context give the same result to the fen on both sides and in any scan order.
A returned line refunds its net_minor: what the customer paid for it after every offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from common.domain.promotions.cart import CartLine, PricingContext
from common.domain.promotions.describe import describe
from common.domain.promotions.effects import State, Targets, effect_of
from common.domain.promotions.eligibility import Note, why_not
from common.domain.promotions.offers import (
    BUY_X_GET_Y,
    COMBO,
    PRICE,
    SPEND_SAVE,
    Offer,
    application_key,
)
from common.domain.promotions.search import apply_in_order, best_combination
from common.errors import InvalidInput
from common.i18n import _, display_amount


@dataclass(frozen=True)
class LineOffer:
    """An offer that took something off a line."""

    offer_id: str
    discount_minor: int
    text: str


@dataclass(frozen=True)
class PricedLine:
    line_no: int
    sku: str
    amount_minor: int  # before offers
    discount_minor: int
    net_minor: int  # what a return of this line refunds
    applied: tuple[LineOffer, ...]
    not_applied: tuple[Note, ...]  # offers aimed at this line that did not apply, and why


@dataclass(frozen=True)
class CartPricing:
    lines: tuple[PricedLine, ...]
    subtotal_minor: int
    discount_minor: int
    total_minor: int
    applied: tuple[LineOffer, ...]  # each applied offer with its whole discount
    not_applied: tuple[Note, ...]  # every offer that did not apply, and why
    nodes: int = 0  # combinations the search visited

    def refund_minor(self, line_nos: Iterable[int]) -> int:
        """What returning these lines refunds: their net amounts."""
        wanted = set(line_nos)
        return sum(line.net_minor for line in self.lines if line.line_no in wanted)


def price_cart(
    lines: Sequence[CartLine], offers: Sequence[Offer], ctx: PricingContext
) -> CartPricing:
    """The cart priced with the best combination of the offers for this customer."""
    _check_lines(lines)
    scanned = lines
    # Priced in a canonical order, so ties (a spare fen, equal pieces) never depend on the
    # order of scanning: only lines alike in SKU, quantity and amount can swap results.
    lines = sorted(lines, key=canonical_key)
    currency = ctx.currency
    notes: dict[str, Note] = {}
    eligible: list[Offer] = []
    for offer in sorted(offers, key=application_key):
        if offer.offer_id in notes or any(o.offer_id == offer.offer_id for o in eligible):
            raise InvalidInput(_("offer {offer} is given twice").format(offer=offer.offer_id))
        note = why_not(offer, ctx)
        if note is not None:
            notes[offer.offer_id] = note
        else:
            eligible.append(offer)
    start = State.start(lines)
    searched: list[Offer] = []
    targets: list[Targets] = []
    all_targets: dict[str, Targets] = {}
    for offer in eligible:
        target = Targets(lines, offer)
        all_targets[offer.offer_id] = target
        if not target.lines:
            notes[offer.offer_id] = Note(
                offer.offer_id, "no_line", _("no line in the cart qualifies")
            )
        elif not effect_of(offer, lines, target, start).discount_minor:
            notes[offer.offer_id] = _nothing_note(offer, lines, target, currency)
        else:
            searched.append(offer)
            targets.append(target)
    choice = best_combination(lines, searched, targets)
    final, effects = apply_in_order(lines, searched, targets, choice.chosen)
    chosen_ids = {searched[i].offer_id for i in choice.chosen}
    winners = {searched[i].group: searched[i] for i in choice.chosen if searched[i].group}
    for offer in searched:
        if offer.offer_id in chosen_ids:
            continue
        winner = winners.get(offer.group) if offer.group else None
        if winner is not None:
            notes[offer.offer_id] = Note(
                offer.offer_id,
                "exclusive",
                _("does not combine with {offer} (group {group}), which saves more").format(
                    offer=winner.offer_id, group=offer.group
                ),
            )
        else:
            notes[offer.offer_id] = Note(
                offer.offer_id, "not_best", _("the customer saves more without it")
            )
    per_line: list[list[LineOffer]] = [[] for _line in lines]
    applied = []
    for i, effect in effects:
        offer = searched[i]
        text = describe(offer, currency)
        applied.append(LineOffer(offer.offer_id, effect.discount_minor, text))
        for index, discount, _qty, _net in effect.changes:
            if discount:
                per_line[index].append(LineOffer(offer.offer_id, discount, text))
    line_notes: list[list[Note]] = [[] for _line in lines]
    for offer in sorted(offers, key=application_key):
        note = notes.get(offer.offer_id)
        target = all_targets.get(offer.offer_id) or Targets(lines, offer)
        if note is not None:
            for index in target.lines:
                line_notes[index].append(note)
    priced_lines = [
        PricedLine(
            line.line_no,
            line.sku,
            line.amount_minor,
            line.amount_minor - final.net[index],
            final.net[index],
            tuple(per_line[index]),
            tuple(line_notes[index]),
        )
        for index, line in enumerate(lines)
    ]
    by_no = {line.line_no: line for line in priced_lines}
    priced = tuple(by_no[line.line_no] for line in scanned)
    subtotal = sum(line.amount_minor for line in lines)
    return CartPricing(
        priced,
        subtotal,
        choice.discount_minor,
        subtotal - choice.discount_minor,
        tuple(applied),
        tuple(
            notes[o.offer_id] for o in sorted(offers, key=application_key) if o.offer_id in notes
        ),
        choice.nodes,
    )


def canonical_key(line: CartLine) -> tuple[str, int, int, bool, int]:
    return (line.sku, line.qty_base, line.amount_minor, line.piece, line.line_no)


def _check_lines(lines: Sequence[CartLine]) -> None:
    seen = set()
    for line in lines:
        if line.line_no in seen:
            raise InvalidInput(_("line {line} is given twice").format(line=line.line_no))
        seen.add(line.line_no)
        if line.amount_minor < 0 or line.qty_base <= 0:
            raise InvalidInput(
                _("line {line} needs a positive quantity and an amount of zero or more").format(
                    line=line.line_no
                )
            )


def _nothing_note(offer: Offer, lines: Sequence[CartLine], target: Targets, currency: str) -> Note:
    oid = offer.offer_id
    if offer.kind == SPEND_SAVE:
        base = sum(lines[i].amount_minor for i in target.lines)
        return Note(
            oid,
            "below_threshold",
            _("spend {spend} to save {save}; the qualifying lines come to {total}").format(
                spend=display_amount(offer.threshold_minor, currency),
                save=display_amount(offer.amount_minor, currency),
                total=display_amount(base, currency),
            ),
        )
    if offer.kind == BUY_X_GET_Y:
        return Note(
            oid,
            "too_few",
            _("needs {count} qualifying pieces").format(count=offer.buy_qty + offer.get_qty),
        )
    if offer.kind == COMBO:
        return Note(
            oid,
            "too_few",
            _("needs every item of the combo, and saves only when they cost more than its price"),
        )
    if offer.kind == PRICE:
        return Note(
            oid,
            "no_saving",
            _("the price is already {price} or less").format(
                price=display_amount(offer.price_minor, currency)
            ),
        )
    return Note(oid, "no_saving", _("nothing to take off"))
