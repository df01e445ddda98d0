"""The store's copy of the chain catalogue: products, barcodes and the downstream cursor."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from common.domain.product import CatalogueProduct, flatten_components, restock_moves
from edge_agent.domain.product import CatalogueChange

# The store's own price, when head office sent one, overrides the chain price.
_COLUMNS = (
    "p.sku, p.name, p.unit, COALESCE(p.store_price_minor, p.price_minor), p.cost_minor,"
    " p.currency, p.active, p.kind"
)


def _product(row: tuple) -> CatalogueProduct:
    sku, name, unit, price, cost, currency, active, kind = row
    return CatalogueProduct(
        sku=sku,
        name=name,
        unit=unit,
        price_minor=price,
        cost_minor=cost,
        currency=currency,
        active=bool(active),
        kind=kind or "goods",
    )


class CatalogueRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def find_product(self, code: str) -> CatalogueProduct | None:
        """A product by barcode first, then by pack barcode, then by SKU; with its components."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM barcodes b JOIN products p ON p.sku = b.sku WHERE b.barcode = ?",
            (code,),
        ).fetchone()
        pack = None
        if row is None:
            pack = self._conn.execute(
                "SELECT sku, pack, qty_base FROM product_packs WHERE barcode = ?", (code,)
            ).fetchone()
            sku = pack[0] if pack is not None else code
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM products p WHERE p.sku = ?", (sku,)
            ).fetchone()
        if row is None:
            return None
        product = _product(row)
        if pack is not None:
            product = replace(product, pack_name=pack[1], pack_qty=int(pack[2]))
        if product.kind != "goods":
            product = replace(product, components=flatten_components(product.sku, self._direct))
        return product

    def _direct(self, sku: str) -> tuple[str, list[tuple[str, int]]]:
        kind = self._conn.execute("SELECT kind FROM products WHERE sku = ?", (sku,)).fetchone()
        parts = self._conn.execute(
            "SELECT component_sku, qty_base FROM product_components WHERE sku = ? ORDER BY 1",
            (sku,),
        ).fetchall()
        return (kind[0] if kind else "goods"), [(p, int(q)) for p, q in parts]

    def restock_moves_of(self, sku: str) -> tuple[tuple[str, int], ...]:
        """What one returned base unit of sku puts back, as the catalogue says now (itself when
        unknown; common.domain.product.restock_moves)."""
        return restock_moves(sku, self._direct)

    def product_by_sku(self, sku: str) -> CatalogueProduct | None:
        """The product with this SKU (never by barcode), its components flattened: what the
        journal's entry rules read (common.journal_rules)."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM products p WHERE p.sku = ?", (sku,)
        ).fetchone()
        if row is None:
            return None
        product = _product(row)
        if product.kind != "goods":
            product = replace(product, components=flatten_components(product.sku, self._direct))
        return product

    def upsert(self, change: CatalogueChange) -> None:
        """Replace a product, its barcodes, packs and components with what head office published."""
        product = change.product
        self._conn.execute(
            "INSERT INTO products (sku, name, unit, price_minor, cost_minor, category, currency,"
            " active, kind, store_price_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (sku) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
            " price_minor = excluded.price_minor, cost_minor = excluded.cost_minor,"
            " category = excluded.category, currency = excluded.currency, active = excluded.active,"
            " kind = excluded.kind, store_price_minor = excluded.store_price_minor",
            (
                product.sku,
                product.name,
                product.unit,
                product.price_minor,
                product.cost_minor,
                change.category,
                product.currency,
                product.active,
                product.kind,
                change.store_price_minor,
            ),
        )
        self._conn.execute("DELETE FROM product_packs WHERE sku = ?", (product.sku,))
        for pack in change.packs:
            # A pack barcode moved from another product now names this one.
            if pack.barcode:
                self._conn.execute("DELETE FROM product_packs WHERE barcode = ?", (pack.barcode,))
            self._conn.execute(
                "INSERT INTO product_packs (sku, pack, qty_base, barcode) VALUES (?, ?, ?, ?)",
                (product.sku, pack.name, pack.qty_base, pack.barcode or None),
            )
        self._conn.execute("DELETE FROM product_components WHERE sku = ?", (product.sku,))
        self._conn.executemany(
            "INSERT INTO product_components (sku, component_sku, qty_base) VALUES (?, ?, ?)",
            [(product.sku, sku, qty) for sku, qty in change.components],
        )
        barcodes = sorted(set(change.barcodes))
        held = self._conn.execute(
            "SELECT barcode FROM barcodes WHERE sku = ? ORDER BY barcode", (product.sku,)
        ).fetchall()
        if [code for (code,) in held] == barcodes:
            return  # a price change: the barcodes and their search entries stay as they are
        self._conn.execute("DELETE FROM barcodes WHERE sku = ?", (product.sku,))
        # A barcode moved from another product now names this one.
        self._conn.executemany(
            "INSERT INTO barcodes (barcode, sku) VALUES (?, ?)"
            " ON CONFLICT (barcode) DO UPDATE SET sku = excluded.sku",
            [(code, product.sku) for code in barcodes],
        )

    def downstream_cursor(self) -> int:
        """How far this store has applied head office's downstream events (every kind of
        event, not only catalogue changes: it is kept here because it moves with them)."""
        return int(
            self._conn.execute("SELECT cursor FROM downstream_cursor WHERE id = 1").fetchone()[0]
        )

    def set_downstream_cursor(self, cursor: int) -> None:
        self._conn.execute("UPDATE downstream_cursor SET cursor = ? WHERE id = 1", (cursor,))

    def goods(self) -> list[tuple[str, str]]:
        """(sku, category) of every stock-keeping product (not services or bundles), by SKU."""
        return [
            (sku, category or "")
            for sku, category in self._conn.execute(
                "SELECT sku, category FROM products WHERE kind = 'goods' ORDER BY sku"
            )
        ]

    def cost_by_sku(self) -> dict[str, int]:
        """Every product's catalogue cost (minor units a base unit), by SKU."""
        return {
            sku: int(cost)
            for sku, cost in self._conn.execute("SELECT sku, cost_minor FROM products")
        }

    def product_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM products").fetchone()[0])

    def barcodes_of(self, sku: str) -> list[str]:
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT barcode FROM barcodes WHERE sku = ? ORDER BY 1", (sku,)
            )
        ]

    def search(self, text: str, limit: int) -> list[CatalogueProduct]:
        """Products whose SKU, name or a barcode contains text (case-insensitive).

        Three characters or more use the trigram index (product_search); shorter
        text matches SKU or barcode prefixes through their primary keys.
        """
        text = text.strip()
        if len(text) >= 3:
            phrase = '"' + text.replace('"', '""') + '"'
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM products p WHERE p.sku IN"
                " (SELECT sku FROM product_search WHERE text MATCH ? LIMIT ?) ORDER BY p.name LIMIT ?",
                (phrase, limit * 4, limit),
            ).fetchall()
        else:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM products p WHERE p.sku >= ? AND p.sku < ?"
                " UNION SELECT " + _COLUMNS + " FROM barcodes b JOIN products p ON p.sku = b.sku"
                " WHERE b.barcode >= ? AND b.barcode < ? LIMIT ?",
                (text, text + "\uffff", text, text + "\uffff", limit),
            ).fetchall()
        return [_product(r) for r in rows]
