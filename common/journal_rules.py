"""What a journal entry must hold beyond its kind's reasons and signs (DESIGN invariant 8).

Protects head office's stock against a store (or anything holding a store
certificate) that sends an entry its shop could not have written: a movement
for a SKU the chain does not sell, a delivery of 2^63-1 at 2^63-1, a negative
delivery, a sale whose body sells 1 water while its movements take 1,000 cola,
a bundle expanded past what a stock level can hold (issue 12, failures 1 and 3),
or a card number in a tender's reference. Both sides run these rules on the
entry as it travels (the protobuf JournalEntry): the edge before it commits one
(edge_agent.store.journal), head office before it applies a batch
(headoffice.services.sync), so an entry refused at head office is a bug at the
edge, never a routine.

common.journal_kinds says which reasons a kind may carry and their sign (each
side checks those first; head office leaves them to the rules of
MOVEMENTS_MATCHED, which hold every movement to the document); RULES below
holds, per kind, how its body and its movements must agree. Every entry,
whatever its kind, also has each movement's SKU in the catalogue, its quantity
within MAX_EXPANDED_QTY_BASE and its unit cost within MAX_UNIT_COST_MINOR
(common.domain.limits). A kind without a body rule is checked by those alone.

`products[sku]` (a Catalogue) gives the catalogue's product for a SKU, None when
the catalogue does not hold it: head office reads the SKUs a batch moves in one
statement (services.entry_checks.BatchCatalogue), the edge its own copy of the
catalogue one SKU at a time. The rules raise EntryRefused: a sentence, and a
short code for metrics, sync status and alerts that never changes with the
language. The common case (a sale of goods) is decided by comparisons alone;
sentences are built only for a refusal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from common import count_rules
from common import journal_kinds as jk
from common.domain import limits
from common.i18n import _
from common.journal_checks import (  # noqa: F401 - the rules' vocabulary, imported from here
    AMOUNT_OUT_OF_RANGE,
    BODY_MISMATCH,
    CARD_DATA,
    COST_OUT_OF_RANGE,
    LEVEL_OUT_OF_RANGE,
    MAX_AMOUNT,
    MAX_QTY,
    MISSING_BODY,
    QTY_OUT_OF_RANGE,
    UNKNOWN_SKU,
    Catalogue,
    EntryRefused,
    MoveRow,
    Moves,
    ProductsBySku,
    ShelfProduct,
    amount_in_range,
    body_of,
    cost_out_of_range,
    costed,
    expanded,
    known,
    line_name,
    positive_qty,
    same_moves,
    signed_qty,
    tenders_clean,
    uncosted,
    unknown,
)


class _Goods:
    """Any goods product, as far as the rules read one: one sold or returned moves itself."""

    kind = "goods"

    def stock_moves(self) -> tuple[tuple[str, int], ...]:
        raise TypeError("goods move themselves: the rules use the line's SKU")


# What a lookup may answer for any SKU of goods (head office's batch lookup does).
GOODS: ShelfProduct = _Goods()


def stock_moves(sku: str, product: ShelfProduct) -> tuple[tuple[str, int], ...]:
    """What one base unit of `sku` sold takes off the shelf."""
    return ((sku, 1),) if product.kind == "goods" else product.stock_moves()


_SALE = "sale"
_RETURN = "return"
_WRITE_OFF = "write_off"
_RECEIPT = "receipt"
_SUPPLIER_RETURN = "supplier_return"


def move_rows(entry: Any) -> list[MoveRow]:
    """The entry's movements as MoveRows (an unset cost as None)."""
    names = jk.REASON_NAMES
    return [
        (m.sku, m.qty_base, names.get(m.reason, jk.reason_name(m.reason)),
         m.unit_cost_minor if m.HasField("unit_cost_minor") else None)
        for m in entry.movements
    ]  # fmt: skip


def check_entry_rules(
    entry: Any, products: ProductsBySku, moves: Sequence[MoveRow] | None = None
) -> None:
    """Refuse (EntryRefused) an entry whose movements or body break its kind's rules.

    `entry` is a JournalEntry message (or anything with its fields); its kind and the
    reasons and signs of its movements were checked before (each side's check_entry).
    A kind's body rule holds every movement to its document, whose SKUs and quantities
    it checks; a kind without one has each movement checked on its own.
    """
    rows = move_rows(entry) if moves is None else moves
    rule = RULES.get(entry.document_type)
    if rule is not None:
        rule(entry, rows, products)
    else:
        _movements_in_range(rows, products)


def _movements_in_range(moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each movement names a SKU of the catalogue and moves a quantity, at a cost, in range."""
    most_qty, most_cost = limits.MAX_EXPANDED_QTY_BASE, limits.MAX_UNIT_COST_MINOR
    for sku, qty, _reason, cost in moves:
        if products[sku] is None:
            unknown(sku)
        if not -most_qty <= qty <= most_qty:
            signed_qty(_("a movement of {sku}").format(sku=sku), qty, most_qty)
        if cost and not 0 <= cost <= most_cost:
            cost_out_of_range(_("the unit cost of a movement of {sku}").format(sku=sku), cost)


# -- the rules of each kind -------------------------------------------------------------


def sale_in_shape(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku | None) -> bool:
    """True when a sale is the common case, which holds every rule of a sale: goods only,
    one movement per line in line order, everything in range, no card data. Decided with
    comparisons alone (head office runs it on every sale of every batch), but for a tender
    with a reference, which is searched for card data (EntryRefused). False sends the sale
    through _sale's checks, which say what is wrong (if anything is).

    The movements' reason and sign were checked before (each side's check_entry) or are
    compared here (the reason, and each quantity against its line's). Without `products`
    the lines' products are not looked up: the caller holds each movement's SKU (each
    line's, when this answers True) to be goods of the catalogue itself (head office's
    pass over a batch runs this before it reads the catalogue: services.entry_checks).
    """
    if entry.WhichOneof(jk.BODY_ONEOF) != _SALE:
        return False
    sale = entry.sale
    lines = sale.lines
    if len(lines) != len(moves):
        return False
    most_qty, most_price, most_amount = MAX_QTY, limits.MAX_UNIT_PRICE_MINOR, MAX_AMOUNT
    goods = GOODS
    for line, (moved_sku, moved_qty, reason, _cost) in zip(lines, moves, strict=True):
        sku = line.sku
        qty = line.qty_base
        if not (
            moved_sku == sku
            and moved_qty == -qty
            and reason == _SALE
            and 0 < qty <= most_qty
            and (products is None
                 or (product := products[sku]) is goods
                 or (product is not None and product.kind == "goods"))
            and 0 <= line.amount_minor <= most_amount
            and 0 <= line.unit_price_minor <= most_price
            and 0 <= line.discount_minor <= most_amount
        ):  # fmt: skip
            return False
    if not 0 <= sale.total_minor <= most_amount:
        return False
    tenders = sale.tenders
    for tender in tenders:
        if tender.reference or not (
            0 <= tender.amount_minor <= most_amount
            and 0 <= tender.tendered_minor <= most_amount
            and 0 <= tender.change_minor <= most_amount
        ):
            tenders_clean(tenders)  # refuses the sale, or finds its references clean
            break
    return True


def _sale(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A sale's lines, expanded through each product's stock moves, are its movements."""
    if sale_in_shape(entry, moves, products):
        return
    sale = body_of(entry, "sale")
    lines = sale.lines
    most_price = limits.MAX_UNIT_PRICE_MINOR
    # Anything else: each line checked with its sentence, and both sides added up per SKU.
    expected: Moves = Counter()
    for line in lines:
        product = known(products, line.sku)
        what = line_name(line)
        positive_qty(what, line.qty_base)
        amount_in_range(_("the unit price of {what}").format(what=what), line.unit_price_minor,
                most_price)  # fmt: skip
        amount_in_range(_("the amount of {what}").format(what=what), line.amount_minor)
        amount_in_range(_("the discount of {what}").format(what=what), line.discount_minor)
        for part, per in stock_moves(line.sku, product):
            expected[(part, _SALE, None)] -= expanded(what, part, line.qty_base, per)
    amount_in_range(_("the sale's total"), sale.total_minor)
    tenders_clean(sale.tenders)
    same_moves(moves, expected, uncosted, products)


def _sale_return(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Returned goods come back on the shelf (a bundle its components, a service nothing);
    a line written off goes straight out again."""
    body = body_of(entry, "sale_return")
    expected: Moves = Counter()
    for line in body.lines:
        known(products, line.sku)
        what = _("returned {sku}").format(sku=line.sku)
        positive_qty(what, line.qty_base)
        amount_in_range(_("the amount of {what}").format(what=what), line.amount_minor)
        for sku, per in products.restock_moves_of(line.sku):
            qty = expanded(what, sku, line.qty_base, per)
            expected[(sku, _RETURN, None)] += qty
            if line.disposition == "write_off":
                expected[(sku, _WRITE_OFF, None)] -= qty
    amount_in_range(_("the return's total"), body.total_minor)
    tenders_clean(body.refunds)
    same_moves(moves, expected, uncosted, products)


def _supplier_delivery(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each delivered line comes onto the shelf, at its unit cost: both in range."""
    body = body_of(entry, "supplier_delivery")
    expected: Moves = Counter()
    for line in body.lines:
        known(products, line.sku)
        what = _("delivered {sku}").format(sku=line.sku)
        positive_qty(what, line.qty_base)
        cost = line.unit_cost_minor
        if not 0 <= cost <= limits.MAX_UNIT_COST_MINOR:
            cost_out_of_range(_("the unit cost of {what}").format(what=what), cost)
        expected[(line.sku, _RECEIPT, cost)] += line.qty_base
    same_moves(moves, expected, costed, products)


def _supplier_return(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each line returned to the supplier leaves the shelf."""
    body = body_of(entry, "supplier_return")
    expected: Moves = Counter()
    for line in body.lines:
        known(products, line.sku)
        positive_qty(_("{sku} returned to the supplier").format(sku=line.sku), line.qty_base)
        expected[(line.sku, _SUPPLIER_RETURN, None)] -= line.qty_base
    same_moves(moves, expected, uncosted, products)


def _write_off(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each written-off line leaves the shelf; its cost and value are in range."""
    body = body_of(entry, "write_off")
    _write_off_lines(body, products)
    expected: Moves = Counter()
    for line in body.lines:
        expected[(line.sku, _WRITE_OFF, None)] -= line.qty_base
    same_moves(moves, expected, uncosted, products)


def _write_off_request(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A request moves nothing (its kind has no reasons); its lines are in range."""
    _write_off_lines(body_of(entry, "write_off_request"), products)


def _redemption(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A card's use carries its Redemption; its movements are each checked on their own
    here, and against the use head office authorised when it applies the entry
    (headoffice.services.redemption_checks)."""
    body_of(entry, jk.REDEMPTION.body_field)
    _movements_in_range(moves, products)


def _reward(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A reward item carries its Reward; its movements are each checked on their own here,
    and against what head office computed when it applies the entry
    (headoffice.services.reward_checks)."""
    body_of(entry, jk.REWARD.body_field)
    _movements_in_range(moves, products)


def _channel_pick(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """An online order picked carries its ChannelPick, whose lines name SKUs of the
    catalogue with quantities in range (nothing moves); head office holds them to the
    reservation when it applies the entry (headoffice.services.channel_checks)."""
    body = body_of(entry, jk.CHANNEL_PICK.body_field)
    for line in body.lines:
        known(products, line.sku)
        positive_qty(_("picked {sku}").format(sku=line.sku), line.qty_base)


def _channel_fulfilment(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """An online order handed over carries its ChannelFulfilment; its movements are each
    checked on their own here, and against the reservation's lines when head office applies
    the entry (headoffice.services.channel_checks)."""
    body_of(entry, jk.CHANNEL_FULFILMENT.body_field)
    _movements_in_range(moves, products)


def _write_off_lines(body: Any, products: ProductsBySku) -> None:
    for line in body.lines:
        known(products, line.sku)
        what = _("written-off {sku}").format(sku=line.sku)
        positive_qty(what, line.qty_base)
        if not 0 <= line.unit_cost_minor <= limits.MAX_UNIT_COST_MINOR:
            cost_out_of_range(_("the unit cost of {what}").format(what=what), line.unit_cost_minor)
        amount_in_range(_("the value of {what}").format(what=what), line.value_minor)
    amount_in_range(_("the write-off's value"), body.value_minor)


def _transfer(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A transfer's lines name SKUs of the catalogue with quantities in range; head office's
    transfer effect holds them against the order it issued."""
    _movements_in_range(moves, products)
    body = getattr(entry, entry.WhichOneof(jk.BODY_ONEOF) or "transfer_shipment")
    for line in body.lines:
        known(products, line.sku)
        what = _("transferred {sku}").format(sku=line.sku)
        for qty in (line.qty_base, line.shipped_qty_base, line.received_qty_base):
            if not 0 <= qty <= MAX_QTY:
                positive_qty(what, qty)
        signed_qty(what, line.resolved_qty_base, MAX_QTY)
        if not 0 <= line.unit_cost_minor <= limits.MAX_UNIT_COST_MINOR:
            cost_out_of_range(_("the unit cost of {what}").format(what=what), line.unit_cost_minor)


# Kind name -> its body rule; a kind not named here is held by the movement rules alone.
# The rules of MOVEMENTS_MATCHED hold every movement to the document, reason and sign
# included (a movement that is not exactly what the document says is refused), so a
# side may leave those to them; the others check movements only for SKU and range.
RULES: Mapping[str, Callable[[Any, Sequence[MoveRow], ProductsBySku], None]] = {
    jk.SALE.name: _sale,
    jk.SALE_RETURN.name: _sale_return,
    jk.SUPPLIER_DELIVERY.name: _supplier_delivery,
    jk.SUPPLIER_RETURN.name: _supplier_return,
    jk.WRITE_OFF.name: _write_off,
    jk.WRITE_OFF_REQUEST.name: _write_off_request,
    jk.TRANSFER_SHIPMENT.name: _transfer,
    jk.TRANSFER_RECEIPT.name: _transfer,
    jk.TRANSFER_CORRECTION.name: _transfer,
    jk.COUNT_SESSION.name: count_rules.count_session,
    jk.COUNT_LINE.name: count_rules.count_line,
    jk.COUNT_POSTING.name: count_rules.count_posting,
    jk.KEY_ITEMS.name: count_rules.key_items,
    jk.REDEMPTION.name: _redemption,
    jk.REWARD.name: _reward,
    jk.CHANNEL_PICK.name: _channel_pick,
    jk.CHANNEL_FULFILMENT.name: _channel_fulfilment,
}
MOVEMENTS_MATCHED: frozenset[str] = frozenset(
    {jk.SALE.name, jk.SALE_RETURN.name, jk.SUPPLIER_DELIVERY.name, jk.SUPPLIER_RETURN.name,
     jk.WRITE_OFF.name, jk.COUNT_POSTING.name}
)  # fmt: skip
