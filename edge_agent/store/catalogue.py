"""The store's copy of the chain catalogue: products, barcodes and the downstream cursor."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from edge_agent.domain.product import CatalogueProduct, flatten_components

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


def find_product(conn: sqlite3.Connection, code: str) -> CatalogueProduct | None:
    """A product by barcode first, then by pack barcode, then by SKU; with its components."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM barcodes b JOIN products p ON p.sku = b.sku WHERE b.barcode = ?",
        (code,),
    ).fetchone()
    pack = None
    if row is None:
        pack = conn.execute(
            "SELECT sku, pack, qty_base FROM product_packs WHERE barcode = ?", (code,)
        ).fetchone()
        sku = pack[0] if pack is not None else code
        row = conn.execute(f"SELECT {_COLUMNS} FROM products p WHERE p.sku = ?", (sku,)).fetchone()
    if row is None:
        return None
    product = _product(row)
    if pack is not None:
        product = replace(product, pack_name=pack[1], pack_qty=int(pack[2]))
    if product.kind != "goods":
        product = replace(
            product, components=flatten_components(product.sku, lambda s: _direct(conn, s))
        )
    return product


def _direct(conn: sqlite3.Connection, sku: str) -> tuple[str, list[tuple[str, int]]]:
    kind = conn.execute("SELECT kind FROM products WHERE sku = ?", (sku,)).fetchone()
    parts = conn.execute(
        "SELECT component_sku, qty_base FROM product_components WHERE sku = ? ORDER BY 1", (sku,)
    ).fetchall()
    return (kind[0] if kind else "goods"), [(p, int(q)) for p, q in parts]


def stock_moves_of(conn: sqlite3.Connection, sku: str) -> tuple[tuple[str, int], ...]:
    """What one base unit of sku moves, as the catalogue says now (itself when unknown)."""
    product = find_product(conn, sku)
    return ((sku, 1),) if product is None else product.stock_moves()


def upsert_product(
    conn: sqlite3.Connection,
    product: CatalogueProduct,
    category: str,
    barcodes: list[str],
    store_price_minor: int | None = None,
    packs: list[tuple[str, int, str]] | None = None,
    components: list[tuple[str, int]] | None = None,
) -> None:
    """Replace a product, its barcodes, packs and components with what head office published."""
    conn.execute(
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
            category,
            product.currency,
            product.active,
            product.kind,
            store_price_minor,
        ),
    )
    conn.execute("DELETE FROM product_packs WHERE sku = ?", (product.sku,))
    for name, qty, code in packs or []:
        # A pack barcode moved from another product now names this one.
        if code:
            conn.execute("DELETE FROM product_packs WHERE barcode = ?", (code,))
        conn.execute(
            "INSERT INTO product_packs (sku, pack, qty_base, barcode) VALUES (?, ?, ?, ?)",
            (product.sku, name, qty, code or None),
        )
    conn.execute("DELETE FROM product_components WHERE sku = ?", (product.sku,))
    conn.executemany(
        "INSERT INTO product_components (sku, component_sku, qty_base) VALUES (?, ?, ?)",
        [(product.sku, sku, qty) for sku, qty in components or []],
    )
    conn.execute("DELETE FROM barcodes WHERE sku = ?", (product.sku,))
    # A barcode moved from another product now names this one.
    conn.executemany(
        "INSERT INTO barcodes (barcode, sku) VALUES (?, ?)"
        " ON CONFLICT (barcode) DO UPDATE SET sku = excluded.sku",
        [(code, product.sku) for code in sorted(set(barcodes))],
    )


def catalogue_cursor(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT cursor FROM catalogue_cursor WHERE id = 1").fetchone()[0])


def set_catalogue_cursor(conn: sqlite3.Connection, cursor: int) -> None:
    conn.execute("UPDATE catalogue_cursor SET cursor = ? WHERE id = 1", (cursor,))


def product_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM products").fetchone()[0])


def barcodes_of(conn: sqlite3.Connection, sku: str) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT barcode FROM barcodes WHERE sku = ? ORDER BY 1", (sku,))
    ]


def search_products(conn: sqlite3.Connection, text: str, limit: int) -> list[CatalogueProduct]:
    """Products whose SKU, name or a barcode contains text (case-insensitive).

    Three characters or more use the trigram index (product_search); shorter
    text matches SKU or barcode prefixes through their primary keys.
    """
    text = text.strip()
    if len(text) >= 3:
        phrase = '"' + text.replace('"', '""') + '"'
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM products p WHERE p.sku IN"
            " (SELECT sku FROM product_search WHERE text MATCH ? LIMIT ?) ORDER BY p.name LIMIT ?",
            (phrase, limit * 4, limit),
        ).fetchall()
    else:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM products p WHERE p.sku >= ? AND p.sku < ?"
            " UNION SELECT " + _COLUMNS + " FROM barcodes b JOIN products p ON p.sku = b.sku"
            " WHERE b.barcode >= ? AND b.barcode < ? LIMIT ?",
            (text, text + "\uffff", text, text + "\uffff", limit),
        ).fetchall()
    return [_product(r) for r in rows]
