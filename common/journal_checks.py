"""The checks the per-kind journal rules are made of (common.journal_rules).

Each raises EntryRefused with a sentence naming the field, the value and the limit,
and a reason code; the sentences are built only when a check refuses. Also here:
what the rules read of the catalogue (ShelfProduct, Catalogue) and of an entry's
movements (MoveRow).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from common import journal_kinds as jk
from common.domain import limits
from common.domain.card_data import card_security_problem, contains_card_number
from common.domain.product import restock_moves
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


class Catalogue(dict[str, "ShelfProduct | None"]):
    """SKU -> the catalogue's product, or None when the catalogue does not hold the SKU.

    The rules read it as `products[sku]`; a SKU not in the dict yet is looked up once
    through `lookup` (__missing__), so a caller may fill it in bulk beforehand (head office
    reads a batch's SKUs in one statement) or let it ask one SKU at a time (the edge).
    `restock(sku)` says what one returned unit puts back (common.domain.product's
    restock_moves over the catalogue's own levels of components); without it, the
    products' flattened components are read as those levels."""

    def __init__(
        self,
        lookup: Callable[[str], ShelfProduct | None],
        restock: Callable[[str], tuple[tuple[str, int], ...]] | None = None,
    ) -> None:
        super().__init__()
        self._lookup = lookup
        self._restock = restock

    def restock_moves_of(self, sku: str) -> tuple[tuple[str, int], ...]:
        """What one returned unit of `sku` (a SKU of the catalogue) puts back on the shelf."""
        if self._restock is not None:
            return self._restock(sku)
        return restock_moves(sku, self._direct)

    def _direct(self, sku: str) -> tuple[str, list[tuple[str, int]]]:
        product = self[sku]
        if product is None or product.kind == "goods":
            return "goods", []
        return product.kind, list(product.stock_moves())

    def __missing__(self, sku: str) -> ShelfProduct | None:
        product = self[sku] = self._lookup(sku)
        return product


ProductsBySku = Catalogue


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

MAX_QTY = limits.MAX_QTY_BASE
MAX_AMOUNT = limits.MAX_AMOUNT_MINOR


def uncosted(m: MoveRow) -> tuple[str, str, int | None]:
    return m[0], m[2], None


def costed(m: MoveRow) -> tuple[str, str, int | None]:
    # A movement without a cost is compared as a line's cost of 0.
    return m[0], m[2], m[3] or 0


def line_name(line: Any) -> str:
    return _("line {line} ({sku})").format(line=line.line_no, sku=line.sku)


def body_of(entry: Any, field: str) -> Any:
    found = entry.WhichOneof(jk.BODY_ONEOF)
    if found != field:
        raise EntryRefused(
            _("a {kind} entry must carry its {field} document; this one carries {found}").format(
                kind=entry.document_type, field=field, found=found or _("none")
            ),
            MISSING_BODY,
        )
    return getattr(entry, field)


def known(products: ProductsBySku, sku: str) -> ShelfProduct:
    product = products[sku]
    if product is None:
        unknown(sku)
    return product  # type: ignore[return-value]


def unknown(sku: str) -> None:
    raise EntryRefused(
        _("SKU {sku} is not in the chain's catalogue").format(
            sku=repr(sku[: limits.MAX_SKU_CHARS])
        ),
        UNKNOWN_SKU,
    )


def positive_qty(what: str, qty: int) -> None:
    if not 0 < qty <= MAX_QTY:
        raise EntryRefused(
            _("the quantity of {what} is {qty} base units; it must be from 1 to {limit}").format(
                what=what, qty=qty, limit=MAX_QTY
            ),
            QTY_OUT_OF_RANGE,
        )


def signed_qty(what: str, qty: int, limit: int) -> None:
    if not -limit <= qty <= limit:
        raise EntryRefused(
            _(
                "the quantity of {what} is {qty} base units, beyond the limit of {limit} either way"
            ).format(what=what, qty=qty, limit=limit),  # fmt: skip
            QTY_OUT_OF_RANGE,
        )


def expanded(what: str, sku: str, qty: int, per: int) -> int:
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


def cost_out_of_range(what: str, cost: int) -> None:
    raise EntryRefused(
        _("{what} is {cost} minor units; it must be from 0 to {limit}").format(
            what=what, cost=cost, limit=limits.MAX_UNIT_COST_MINOR
        ),
        COST_OUT_OF_RANGE,
    )


def amount_in_range(what: str, amount: int, limit: int = MAX_AMOUNT) -> None:
    if not 0 <= amount <= limit:
        raise EntryRefused(
            _("{what} is {amount} minor units; it must be from 0 to {limit}").format(
                what=what, amount=amount, limit=limit
            ),
            AMOUNT_OUT_OF_RANGE,
        )


def tenders_clean(tenders: Iterable[Any]) -> None:
    """Amounts in range, and no card number, security code or expiry in a reference."""
    most = MAX_AMOUNT
    for tender in tenders:
        if not (
            0 <= tender.amount_minor <= most
            and 0 <= tender.tendered_minor <= most
            and 0 <= tender.change_minor <= most
        ):
            what = _("the {method} tender").format(method=tender.method[:32])
            for amount in (tender.amount_minor, tender.tendered_minor, tender.change_minor):
                amount_in_range(_("an amount of {what}").format(what=what), amount)
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


def same_moves(
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
            signed_qty(_("a movement of {sku}").format(sku=m[0]), m[1], most)
        if m[3] is not None and not 0 <= m[3] <= most_cost:
            cost_out_of_range(_("the unit cost of a movement of {sku}").format(sku=m[0]), m[3])
        moved[key(m)] += m[1]
    if moved == expected:  # a missing key counts as zero (Python 3.10+)
        return
    for k in sorted(set(moved) | set(expected), key=lambda k: (k[0], k[1], k[2] or 0)):
        if moved[k] != expected[k]:
            sku, reason, cost = k
            if products[sku] is None:
                unknown(sku)
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
