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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from common.domain.limits import MAX_STOCK_QTY_BASE
from common.domain.product import CatalogueProduct, flatten_components
from common.i18n import _
from common.journal_kinds import BODY_ONEOF
from common.journal_rules import (
    GOODS,
    LEVEL_OUT_OF_RANGE,
    EntryRefused,
    ShelfProduct,
    check_entry_rules,
)
from headoffice.domain.catalogue import ShelfRow
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.ledger import EntryHead, EntryLike
from headoffice.services.ports import CataloguePort


class BatchCatalogue:
    """The products a batch names, as the rules read them; read from the catalogue in bulk.

    Goods are journal_rules.GOODS (the rules need nothing else of them); a bundle or
    service is a CatalogueProduct with its components flattened, built on first use."""

    def __init__(
        self, catalogue: CataloguePort, entries: Sequence[EntryLike], moved: Iterable[str]
    ) -> None:
        """`moved`: every SKU the entries' movements name (read at once)."""
        self._catalogue = catalogue
        self._entries = entries
        self._rows: dict[str, ShelfRow | None] = {}
        self._found: dict[str, ShelfProduct] = {}
        self._documents_read = False
        self._read(set(moved))

    def costs(self, skus: Iterable[str]) -> dict[str, int]:
        """The catalogue cost of each SKU read (where a new stock level starts)."""
        rows = self._rows
        return {sku: row.cost_minor for sku in skus if (row := rows.get(sku)) is not None}

    def __call__(self, sku: str) -> ShelfProduct | None:
        found = self._found.get(sku)
        return found if found is not None else self._lookup(sku)

    def _lookup(self, sku: str) -> ShelfProduct | None:
        if sku not in self._rows and not self._documents_read:
            self._documents_read = True
            self._read(_document_skus(self._entries) | {sku})
        row = self._rows.get(sku)
        if row is None:
            self._rows[sku] = None
            return None
        self._read_components(row)
        product = self._found[sku] = CatalogueProduct(
            sku=sku, name="", unit="", price_minor=0, cost_minor=row.cost_minor, currency="",
            kind=row.kind, components=flatten_components(sku, self._direct),
        )  # fmt: skip
        return product

    def _read(self, skus: set[str]) -> None:
        wanted = skus - self._rows.keys()
        if wanted:
            found = self._catalogue.shelf_rows(wanted)
            for sku in wanted:
                row = self._rows[sku] = found.get(sku)
                if row is not None and row.kind == "goods":
                    self._found[sku] = GOODS

    def _read_components(self, row: ShelfRow) -> None:
        """Read, a level at a time, every component below a bundle or service."""
        frontier = {part for part, _qty in row.components}
        while frontier:
            self._read(frontier)
            frontier = {
                part
                for sku in frontier
                if (r := self._rows.get(sku)) is not None and r.kind != "goods"
                for part, _qty in r.components
            } - self._rows.keys()

    def _direct(self, sku: str) -> tuple[str, list[tuple[str, int]]]:
        row = self._rows.get(sku)
        return ("goods", []) if row is None else (row.kind, row.components)


def _document_skus(entries: Iterable[EntryLike]) -> set[str]:
    skus: set[str] = set()
    for entry in entries:
        which = entry.WhichOneof(BODY_ONEOF)  # type: ignore[attr-defined]
        body: Any = getattr(entry, which) if which else None
        for line in getattr(body, "lines", ()):
            skus.add(line.sku)
    return skus


def check_batch(store_code: str, entries: Sequence[EntryLike], products: BatchCatalogue) -> None:
    """Refuse the batch (InvalidEntry naming the entry, with the rule's code) at its first
    entry that breaks a rule of its kind; the entries passed plan_batch's checks."""
    for entry in entries:
        try:
            check_entry_rules(entry, products)
        except EntryRefused as exc:
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
