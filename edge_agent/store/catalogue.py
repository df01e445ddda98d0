"""The store's copy of the chain catalogue: products, barcodes and the downstream cursor."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.product import CatalogueProduct

_COLUMNS = "p.sku, p.name, p.unit, p.price_minor, p.cost_minor, p.currency, p.active"


def _product(row: tuple) -> CatalogueProduct:
    sku, name, unit, price, cost, currency, active = row
    return CatalogueProduct(
        sku=sku,
        name=name,
        unit=unit,
        price_minor=price,
        cost_minor=cost,
        currency=currency,
        active=bool(active),
    )


def find_product(conn: sqlite3.Connection, code: str) -> CatalogueProduct | None:
    """A product by barcode first, then by SKU."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM barcodes b JOIN products p ON p.sku = b.sku WHERE b.barcode = ?",
        (code,),
    ).fetchone()
    if row is None:
        row = conn.execute(f"SELECT {_COLUMNS} FROM products p WHERE p.sku = ?", (code,)).fetchone()
    return None if row is None else _product(row)


def upsert_product(
    conn: sqlite3.Connection,
    product: CatalogueProduct,
    category: str,
    barcodes: list[str],
) -> None:
    """Replace a product and its barcodes with what head office published."""
    conn.execute(
        "INSERT INTO products (sku, name, unit, price_minor, cost_minor, category, currency, active)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (sku) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
        " price_minor = excluded.price_minor, cost_minor = excluded.cost_minor,"
        " category = excluded.category, currency = excluded.currency, active = excluded.active",
        (
            product.sku,
            product.name,
            product.unit,
            product.price_minor,
            product.cost_minor,
            category,
            product.currency,
            product.active,
        ),
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
