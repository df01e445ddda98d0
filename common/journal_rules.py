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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from common import journal_kinds as jk
from common.domain import limits
from common.domain.card_data import card_security_problem, contains_card_number
from common.errors import InvalidInput
from common.i18n import _

# Reason codes (sync status, storeledger_batches_refused_total{reason}, the alert).
UNKNOWN_SKU = "unknown_sku"
QTY_OUT_OF_RANGE = "qty_out_of_range"
COST_OUT_OF_RANGE = "cost_out_of_range"
AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
LEVEL_OUT_OF_RANGE = "level_out_of_range"
BODY_MISMATCH = "body_mismatch"
MISSING_BODY = "missing_body"
CARD_DATA = "card_data"


class ShelfProduct(Protocol):
    """What the rules read of a product (common.domain.product.CatalogueProduct is one)."""

    @property
    def kind(self) -> str: ...
    def stock_moves(self) -> tuple[tuple[str, int], ...]: ...
    def restock_moves(self) -> tuple[tuple[str, int], ...]: ...


class Catalogue(dict[str, "ShelfProduct | None"]):
    """SKU -> the catalogue's product, or None when the catalogue does not hold the SKU.

    The rules read it as `products[sku]`; a SKU not in the dict yet is looked up once
    through `lookup` (__missing__), so a caller may fill it in bulk beforehand (head office
    reads a batch's SKUs in one statement) or let it ask one SKU at a time (the edge)."""

    def __init__(self, lookup: Callable[[str], ShelfProduct | None]) -> None:
        super().__init__()
        self._lookup = lookup

    def __missing__(self, sku: str) -> ShelfProduct | None:
        product = self[sku] = self._lookup(sku)
        return product


ProductsBySku = Catalogue


class _Goods:
    """Any goods product, as far as the rules read one: one sold or returned moves itself."""

    kind = "goods"

    def stock_moves(self) -> tuple[tuple[str, int], ...]:
        raise TypeError("goods move themselves: the rules use the line's SKU")

    restock_moves = stock_moves


# What a lookup may answer for any SKU of goods (head office's batch lookup does).
GOODS: ShelfProduct = _Goods()


def stock_moves(sku: str, product: ShelfProduct) -> tuple[tuple[str, int], ...]:
    """What one base unit of `sku` sold takes off the shelf."""
    return ((sku, 1),) if product.kind == "goods" else product.stock_moves()


def restock_moves(sku: str, product: ShelfProduct) -> tuple[tuple[str, int], ...]:
    """What one base unit of `sku` returned puts back (a service: nothing)."""
    return ((sku, 1),) if product.kind == "goods" else product.restock_moves()


class EntryRefused(InvalidInput):
    """An entry breaks a rule of its kind; `code` names the rule (see the codes above)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


# (sku, reason number, unit cost or None) -> quantity: what an entry's movements add up to.
Moves = Counter[tuple[str, str, int | None]]

# An entry's movements as the rules read them: (sku, qty_base, reason name, unit cost or
# None). Head office hands over the tuples its single pass over a batch collected anyway.
MoveRow = tuple[str, int, str, "int | None"]

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
            _unknown(sku)
        if not -most_qty <= qty <= most_qty:
            _signed_qty(_("a movement of {sku}").format(sku=sku), qty, most_qty)
        if cost and not 0 <= cost <= most_cost:
            _cost_out_of_range(_("the unit cost of a movement of {sku}").format(sku=sku), cost)


# -- the rules of each kind -------------------------------------------------------------


def _sale(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A sale's lines, expanded through each product's stock moves, are its movements."""
    sale = entry.sale if entry.WhichOneof(jk.BODY_ONEOF) == "sale" else _body(entry, "sale")
    lines = sale.lines
    most_qty, most_price, most_amount = _MAX_QTY, limits.MAX_UNIT_PRICE_MINOR, _MAX_AMOUNT
    # The common case first, with nothing but comparisons (head office runs it on every
    # sale of every batch): goods only, one movement per line in line order, in range.
    # The movements' reason and sign were checked before (each side's check_entry).
    if len(lines) == len(moves):
        for line, (moved_sku, moved_qty, _reason, _cost) in zip(lines, moves, strict=True):
            sku = line.sku
            qty = line.qty_base
            product = products[sku]
            if not (
                product is not None
                and product.kind == "goods"
                and moved_sku == sku
                and moved_qty == -qty
                and _reason == _SALE
                and 0 < qty <= most_qty
                and 0 <= line.amount_minor <= most_amount
                and 0 <= line.unit_price_minor <= most_price
                and 0 <= line.discount_minor <= most_amount
            ):
                break
        else:
            if 0 <= sale.total_minor <= most_amount:
                for tender in sale.tenders:
                    if tender.reference or not (
                        0 <= tender.amount_minor <= most_amount
                        and 0 <= tender.tendered_minor <= most_amount
                        and 0 <= tender.change_minor <= most_amount
                    ):
                        _tenders(sale.tenders)
                        break
                return
    # Anything else: each line checked with its sentence, and both sides added up per SKU.
    expected: Moves = Counter()
    for line in lines:
        product = _known(products, line.sku)
        what = _line(line)
        _positive_qty(what, line.qty_base)
        _amount(_("the unit price of {what}").format(what=what), line.unit_price_minor,
                most_price)  # fmt: skip
        _amount(_("the amount of {what}").format(what=what), line.amount_minor)
        _amount(_("the discount of {what}").format(what=what), line.discount_minor)
        for part, per in stock_moves(line.sku, product):
            expected[(part, _SALE, None)] -= _expanded(what, part, line.qty_base, per)
    _amount(_("the sale's total"), sale.total_minor)
    _tenders(sale.tenders)
    _same_moves(moves, expected, _uncosted, products)


def _sale_return(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Returned goods come back on the shelf (a bundle its components, a service nothing);
    a line written off goes straight out again."""
    body = _body(entry, "sale_return")
    expected: Moves = Counter()
    for line in body.lines:
        product = _known(products, line.sku)
        what = _("returned {sku}").format(sku=line.sku)
        _positive_qty(what, line.qty_base)
        _amount(_("the amount of {what}").format(what=what), line.amount_minor)
        for sku, per in restock_moves(line.sku, product):
            qty = _expanded(what, sku, line.qty_base, per)
            expected[(sku, _RETURN, None)] += qty
            if line.disposition == "write_off":
                expected[(sku, _WRITE_OFF, None)] -= qty
    _amount(_("the return's total"), body.total_minor)
    _tenders(body.refunds)
    _same_moves(moves, expected, _uncosted, products)


def _supplier_delivery(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each delivered line comes onto the shelf, at its unit cost: both in range."""
    body = _body(entry, "supplier_delivery")
    expected: Moves = Counter()
    for line in body.lines:
        _known(products, line.sku)
        what = _("delivered {sku}").format(sku=line.sku)
        _positive_qty(what, line.qty_base)
        cost = line.unit_cost_minor
        if not 0 <= cost <= limits.MAX_UNIT_COST_MINOR:
            _cost_out_of_range(_("the unit cost of {what}").format(what=what), cost)
        expected[(line.sku, _RECEIPT, cost)] += line.qty_base
    _same_moves(moves, expected, _costed, products)


def _supplier_return(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each line returned to the supplier leaves the shelf."""
    body = _body(entry, "supplier_return")
    expected: Moves = Counter()
    for line in body.lines:
        _known(products, line.sku)
        _positive_qty(_("{sku} returned to the supplier").format(sku=line.sku), line.qty_base)
        expected[(line.sku, _SUPPLIER_RETURN, None)] -= line.qty_base
    _same_moves(moves, expected, _uncosted, products)


def _write_off(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each written-off line leaves the shelf; its cost and value are in range."""
    body = _body(entry, "write_off")
    _write_off_lines(body, products)
    expected: Moves = Counter()
    for line in body.lines:
        expected[(line.sku, _WRITE_OFF, None)] -= line.qty_base
    _same_moves(moves, expected, _uncosted, products)


def _write_off_request(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A request moves nothing (its kind has no reasons); its lines are in range."""
    _write_off_lines(_body(entry, "write_off_request"), products)


def _write_off_lines(body: Any, products: ProductsBySku) -> None:
    for line in body.lines:
        _known(products, line.sku)
        what = _("written-off {sku}").format(sku=line.sku)
        _positive_qty(what, line.qty_base)
        if not 0 <= line.unit_cost_minor <= limits.MAX_UNIT_COST_MINOR:
            _cost_out_of_range(_("the unit cost of {what}").format(what=what), line.unit_cost_minor)
        _amount(_("the value of {what}").format(what=what), line.value_minor)
    _amount(_("the write-off's value"), body.value_minor)


def _transfer(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A transfer's lines name SKUs of the catalogue with quantities in range; head office's
    transfer effect holds them against the order it issued."""
    _movements_in_range(moves, products)
    body = getattr(entry, entry.WhichOneof(jk.BODY_ONEOF) or "transfer_shipment")
    for line in body.lines:
        _known(products, line.sku)
        what = _("transferred {sku}").format(sku=line.sku)
        for qty in (line.qty_base, line.shipped_qty_base, line.received_qty_base):
            if not 0 <= qty <= _MAX_QTY:
                _positive_qty(what, qty)
        _signed_qty(what, line.resolved_qty_base, _MAX_QTY)
        if not 0 <= line.unit_cost_minor <= limits.MAX_UNIT_COST_MINOR:
            _cost_out_of_range(_("the unit cost of {what}").format(what=what), line.unit_cost_minor)


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
}
MOVEMENTS_MATCHED: frozenset[str] = frozenset(
    {jk.SALE.name, jk.SALE_RETURN.name, jk.SUPPLIER_DELIVERY.name, jk.SUPPLIER_RETURN.name,
     jk.WRITE_OFF.name}
)  # fmt: skip


# -- pieces ------------------------------------------------------------------------------

_MAX_QTY = limits.MAX_QTY_BASE
_MAX_AMOUNT = limits.MAX_AMOUNT_MINOR


def _uncosted(m: MoveRow) -> tuple[str, str, int | None]:
    return m[0], m[2], None


def _costed(m: MoveRow) -> tuple[str, str, int | None]:
    # A movement without a cost is compared as a line's cost of 0.
    return m[0], m[2], m[3] or 0


def _line(line: Any) -> str:
    return _("line {line} ({sku})").format(line=line.line_no, sku=line.sku)


def _body(entry: Any, field: str) -> Any:
    found = entry.WhichOneof(jk.BODY_ONEOF)
    if found != field:
        raise EntryRefused(
            _("a {kind} entry must carry its {field} document; this one carries {found}").format(
                kind=entry.document_type, field=field, found=found or _("none")
            ),
            MISSING_BODY,
        )
    return getattr(entry, field)


def _known(products: ProductsBySku, sku: str) -> ShelfProduct:
    product = products[sku]
    if product is None:
        _unknown(sku)
    return product  # type: ignore[return-value]


def _unknown(sku: str) -> None:
    raise EntryRefused(
        _("SKU {sku} is not in the chain's catalogue").format(
            sku=repr(sku[: limits.MAX_SKU_CHARS])
        ),
        UNKNOWN_SKU,
    )


def _positive_qty(what: str, qty: int) -> None:
    if not 0 < qty <= _MAX_QTY:
        raise EntryRefused(
            _("the quantity of {what} is {qty} base units; it must be from 1 to {limit}").format(
                what=what, qty=qty, limit=_MAX_QTY
            ),
            QTY_OUT_OF_RANGE,
        )


def _signed_qty(what: str, qty: int, limit: int) -> None:
    if not -limit <= qty <= limit:
        raise EntryRefused(
            _(
                "the quantity of {what} is {qty} base units, beyond the limit of {limit} either way"
            ).format(what=what, qty=qty, limit=limit),  # fmt: skip
            QTY_OUT_OF_RANGE,
        )


def _expanded(what: str, sku: str, qty: int, per: int) -> int:
    total = qty * per
    if not 0 < total <= limits.MAX_EXPANDED_QTY_BASE:
        raise EntryRefused(
            _(
                "{what} moves {qty} x {per} = {total} base units of {sku}, more than the limit of "
                "{limit} base units"
            ).format(
                what=what,
                qty=qty,
                per=per,
                total=total,
                sku=sku,
                limit=limits.MAX_EXPANDED_QTY_BASE,
            ),  # fmt: skip
            QTY_OUT_OF_RANGE,
        )
    return total


def _cost_out_of_range(what: str, cost: int) -> None:
    raise EntryRefused(
        _("{what} is {cost} minor units; it must be from 0 to {limit}").format(
            what=what, cost=cost, limit=limits.MAX_UNIT_COST_MINOR
        ),
        COST_OUT_OF_RANGE,
    )


def _amount(what: str, amount: int, limit: int = _MAX_AMOUNT) -> None:
    if not 0 <= amount <= limit:
        raise EntryRefused(
            _("{what} is {amount} minor units; it must be from 0 to {limit}").format(
                what=what, amount=amount, limit=limit
            ),
            AMOUNT_OUT_OF_RANGE,
        )


def _tenders(tenders: Iterable[Any]) -> None:
    """Amounts in range, and no card number, security code or expiry in a reference."""
    most = _MAX_AMOUNT
    for tender in tenders:
        if not (
            0 <= tender.amount_minor <= most
            and 0 <= tender.tendered_minor <= most
            and 0 <= tender.change_minor <= most
        ):
            what = _("the {method} tender").format(method=tender.method[:32])
            for amount in (tender.amount_minor, tender.tendered_minor, tender.change_minor):
                _amount(_("an amount of {what}").format(what=what), amount)
        reference = tender.reference
        if not reference:
            continue
        field = _("the reference of the {method} tender").format(method=tender.method[:32])
        problem = card_security_problem(field, reference)
        if problem is not None:
            raise EntryRefused(problem, CARD_DATA)
        if contains_card_number(reference):
            raise EntryRefused(
                _(
                    "{field} holds a full card number; a store keeps only its first 6 and last "
                    "4 digits"
                ).format(field=field),  # fmt: skip
                CARD_DATA,
            )


def _same_moves(
    moves: Sequence[MoveRow],
    expected: Moves,
    key: Callable[[MoveRow], tuple[str, str, int | None]],
    products: ProductsBySku,
) -> None:
    """Refuse the entry unless its movements add up, per SKU and reason, to `expected`."""
    moved: Moves = Counter()
    most = limits.MAX_EXPANDED_QTY_BASE
    most_cost = limits.MAX_UNIT_COST_MINOR
    for m in moves:
        if not -most <= m[1] <= most:
            _signed_qty(_("a movement of {sku}").format(sku=m[0]), m[1], most)
        if m[3] is not None and not 0 <= m[3] <= most_cost:
            _cost_out_of_range(_("the unit cost of a movement of {sku}").format(sku=m[0]), m[3])
        moved[key(m)] += m[1]
    if moved == expected:  # a missing key counts as zero (Python 3.10+)
        return
    for k in sorted(set(moved) | set(expected), key=lambda k: (k[0], k[1], k[2] or 0)):
        if moved[k] != expected[k]:
            sku, reason, cost = k
            if products[sku] is None:
                _unknown(sku)
            at = "" if cost is None else _(" at {cost} minor units").format(cost=cost)
            raise EntryRefused(
                _(
                    "its movements move {moved} base units of {sku} ({reason}{at}) where its "
                    "document says {expected}"
                ).format(
                    moved=moved[k],
                    sku=sku,
                    reason=reason,
                    at=at,
                    expected=expected[k],
                ),  # fmt: skip
                BODY_MISMATCH,
            )
