"""Checking a store's batch against the catalogue before it is applied (DESIGN invariant 8).

Each new entry of a batch goes through the shared per-kind rules
(common.journal_rules): known SKUs, movements that match their document, ranges,
no card data. What the rules read of the catalogue is loaded once per batch:
one statement for every SKU the movements name, and, only when a document names
a SKU no movement does (a bundle or service sold, a line that moves nothing),
one more for every SKU of the batch's documents; nested bundles read their
components' level in one statement each. Nothing is queried per entry.

A SKU head office's catalogue does not hold refuses the batch ("unknown_sku"):
head office never creates a stock level for a product it does not know. The
store sells only what head office sent it, so such an entry means a store's
catalogue that is not head office's (docs/runtime.md, "Unknown SKUs").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from common.domain.limits import MAX_STOCK_QTY_BASE
from common.domain.product import CatalogueProduct, flatten_components, restock_moves
from common.i18n import _
from common.journal_kinds import BODY_ONEOF, SALE
from common.journal_rules import (
    GOODS,
    LEVEL_OUT_OF_RANGE,
    Catalogue,
    EntryRefused,
    MoveRow,
    ShelfProduct,
    check_entry_rules,
    sale_in_shape,
)
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.ledger import EntryHead, EntryLike, check_entry
from headoffice.services.ports import CataloguePort


class BatchCatalogue(Catalogue):
    """The products a batch names, as the rules read them; read from the catalogue in bulk.

    Goods are journal_rules.GOODS (the rules need nothing else of them, and the catalogue
    read returns no row for them); a bundle or service is a CatalogueProduct with its
    components flattened, built on first use; a SKU the catalogue does not hold is None."""

    def __init__(
        self, catalogue: CataloguePort, entries: Sequence[EntryLike], moved: Collection[str]
    ) -> None:
        """`moved`: every SKU the entries' movements name (read at once)."""
        super().__init__(self._product, self._restock_of)
        self._catalogue = catalogue
        self._entries = entries
        self._rows: dict[str, tuple[str, int]] = {}  # bundle or service -> (kind, cost)
        self._parts: dict[str, list[tuple[str, int]]] = {}  # composite sku -> components
        self._documents_read = False
        self._read(moved)
        # Every SKU the movements name is goods of the catalogue (the common batch): a
        # sale found in shape without the catalogue (sale_in_shape) needs nothing more.
        self.moves_goods_only = not self._rows and all(self[sku] is GOODS for sku in moved)

    def costs(self, skus: Iterable[str]) -> dict[str, int]:
        """The catalogue cost of each given SKU it holds (where a new stock level starts);
        goods' costs are read here, once, for the SKUs without a level yet."""
        skus, rows = list(skus), self._rows
        found = {sku: row[1] for sku in skus if (row := rows.get(sku)) is not None}
        goods = [sku for sku in skus if sku not in found and self.get(sku) is not None]
        if goods:
            found.update(self._catalogue.costs(goods))
        return found

    def _product(self, sku: str) -> ShelfProduct | None:
        """A SKU not answered yet: a document's SKU no movement names, a bundle, or unknown."""
        if sku not in self._rows and not self._documents_read:
            self._documents_read = True
            self._read(_document_skus(self._entries) - self.keys() - self._rows.keys())
            if sku in self:
                return self[sku]
        row = self._rows.get(sku)
        if row is None:
            return None
        self._read_components(sku)
        return CatalogueProduct(
            sku=sku, name="", unit="", price_minor=0, cost_minor=row[1], currency="",
            kind=row[0], components=flatten_components(sku, self._direct),
        )  # fmt: skip

    def _restock_of(self, sku: str) -> tuple[tuple[str, int], ...]:
        """What one returned unit puts back (common.domain.product.restock_moves: a service
        inside a bundle contributes nothing), over the components read for the batch."""
        if self[sku] is not None and sku not in self._parts and sku in self._rows:
            self._read_components(sku)
        return restock_moves(sku, self._direct)

    def _read(self, skus: Collection[str]) -> None:
        if not skus:
            return
        found = self._catalogue.kinds_unless_goods(skus)
        self.update(dict.fromkeys(set(skus).difference(found), GOODS))
        for sku, row in found.items():
            if row is None:
                self[sku] = None
            else:
                self._rows[sku] = row

    def _read_components(self, sku: str) -> None:
        """Read, a level at a time, every component below a bundle or service."""
        frontier = {sku}
        while frontier:
            self._parts.update(self._catalogue.components_of(frontier))
            parts = {part for s in frontier for part, _qty in self._parts.get(s, ())}
            self._read(parts - self.keys() - self._rows.keys())
            frontier = {part for part in parts if part in self._rows and part not in self._parts}

    def _direct(self, sku: str) -> tuple[str, list[tuple[str, int]]]:
        row = self._rows.get(sku)
        return ("goods", []) if row is None else (row[0], self._parts.get(sku, []))


def _document_skus(entries: Iterable[EntryLike]) -> set[str]:
    skus: set[str] = set()
    for entry in entries:
        which = entry.WhichOneof(BODY_ONEOF)  # type: ignore[attr-defined]
        body: Any = getattr(entry, which) if which else None
        for line in getattr(body, "lines", ()):
            skus.add(line.sku)
        # A count line names its SKU itself; a recount names the SKUs it counts again, a
        # change of key items its list.
        sku = getattr(body, "sku", "")
        if sku and isinstance(sku, str):
            skus.add(sku)
        skus.update(getattr(body, "recount_skus", ()))
        skus.update(getattr(body, "skus", ()))  # a store's key items
    return skus


def check_batch(
    store_code: str,
    entries: Sequence[EntryLike],
    products: BatchCatalogue,
    moves: Sequence[Sequence[MoveRow]],
    shaped: Sequence[bool] = (),
) -> None:
    """Refuse the batch (InvalidEntry naming the entry, with the rule's code) at its first
    entry that breaks a rule of its kind; the entries passed plan_batch's checks. `moves`
    holds each entry's movements as the pass over the batch collected them, `shaped` which
    of them that pass found to be sales in shape but for their products (sale_in_shape
    without the catalogue): such a sale of goods only needs nothing more."""
    in_shape, sale, goods = sale_in_shape, SALE.name, GOODS
    goods_only = products.moves_goods_only
    for entry, entry_moves, done in zip(
        entries, moves, shaped or [False] * len(entries), strict=True
    ):
        if done and (goods_only or all(products[m[0]] is goods for m in entry_moves)):
            continue
        try:
            # The common sale is decided by comparisons alone, without the rules' dispatch
            # (most of a batch); any other entry goes through the rules of its kind.
            if not (entry.document_type == sale and in_shape(entry, entry_moves, products)):
                check_entry_rules(entry, products, entry_moves)
        except EntryRefused as exc:
            # A movement that breaks its kind's reasons or signs is said as plan_batch
            # says it (wrong_sign, ...): it left those to this check (MOVEMENTS_MATCHED).
            try:
                check_entry(store_code, entry, expected_seq=entries[0].seq)
            except InvalidEntry as precise:
                precise.seq = precise.seq or entry.seq
                raise
            raise InvalidEntry(
                _("store {store} entry {seq} was refused: {reason}").format(
                    store=store_code, seq=entry.seq, reason=exc
                ),
                expected_seq=entries[0].seq,
                code=exc.code,
                seq=entry.seq,
            ) from exc


def level_out_of_range(
    store_code: str,
    after: Mapping[str, int],
    net: Mapping[str, int],
    pending: Iterable[tuple[EntryHead, Sequence[tuple[Any, ...]]]],
) -> InvalidEntry:
    """The refusal of a batch that leaves the levels `after` (each past the limit) behind:
    it names the first entry after which one of them is past MAX_STOCK_QTY_BASE."""
    most = MAX_STOCK_QTY_BASE
    running = {sku: level - net[sku] for sku, level in after.items()}
    first_seq = 0
    for head, moves in pending:
        first_seq = first_seq or head[0]
        for move in moves:
            sku, qty = move[0], move[1]
            if sku in running:
                running[sku] += qty
                if not -most <= running[sku] <= most:
                    return _level_refusal(store_code, head[0], sku, running[sku], first_seq)
    sku, level = next(iter(after.items()))  # a level past the limit before the batch
    return _level_refusal(store_code, first_seq, sku, level, first_seq)


def _level_refusal(store_code: str, seq: int, sku: str, level: int, first_seq: int) -> InvalidEntry:
    return InvalidEntry(
        _(
            "store {store} entry {seq} was refused: it brings the stock level of {sku} to "
            "{level} base units, beyond the limit of {limit} either way"
        ).format(store=store_code, seq=seq, sku=sku, level=level, limit=MAX_STOCK_QTY_BASE),
        expected_seq=first_seq,
        code=LEVEL_OUT_OF_RANGE,
        seq=seq,
    )
