"""Products, their barcodes and the downstream change feed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from headoffice.store.tables import barcodes, catalogue_changes, products


@dataclass(frozen=True, slots=True)
class ProductRow:
    sku: str
    name: str
    unit: str
    price_minor: int
    cost_minor: int
    category: str
    currency: str
    active: bool
    barcodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChangeRow:
    cursor: int
    created_at_ms: int
    product: ProductRow


def category_exists(conn: sa.Connection, category: str) -> bool:
    query = sa.select(products.c.sku).where(products.c.category == category).limit(1)
    return conn.execute(query).first() is not None


def products_by_sku(
    conn: sa.Connection, skus: Iterable[str] | None = None
) -> dict[str, ProductRow]:
    query = sa.select(products)
    code_query = sa.select(barcodes.c.sku, barcodes.c.barcode).order_by(barcodes.c.barcode)
    if skus is not None:
        wanted = sorted(set(skus))
        query = query.where(products.c.sku.in_(wanted))
        code_query = code_query.where(barcodes.c.sku.in_(wanted))
    codes: dict[str, list[str]] = {}
    for sku, code in conn.execute(code_query):
        codes.setdefault(sku, []).append(code)
    result = {}
    for row in conn.execute(query):
        m = row._mapping
        result[m["sku"]] = ProductRow(
            sku=m["sku"],
            name=m["name"],
            unit=m["unit"],
            price_minor=int(m["price_minor"]),
            cost_minor=int(m["cost_minor"]),
            category=m["category"],
            currency=m["currency"],
            active=bool(m["active"]),
            barcodes=tuple(codes.get(m["sku"], ())),
        )
    return result


def barcode_owners(conn: sa.Connection, codes: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    query = sa.select(barcodes.c.barcode, barcodes.c.sku).where(barcodes.c.barcode.in_(wanted))
    return {code: sku for code, sku in conn.execute(query)}


def save_products(
    conn: sa.Connection, rows: list[ProductRow], existing: set[str], now_ms: int
) -> None:
    """Insert or update products, replace their barcodes, and append one change row each."""
    if not rows:
        return
    skus = [row.sku for row in rows]
    conn.execute(barcodes.delete().where(barcodes.c.sku.in_(skus)))
    new_rows = [_product_values(row, now_ms) for row in rows if row.sku not in existing]
    if new_rows:
        conn.execute(products.insert(), new_rows)
    for row in rows:
        if row.sku in existing:
            conn.execute(
                products.update()
                .where(products.c.sku == row.sku)
                .values(**_product_values(row, now_ms))
            )
    code_rows = [{"barcode": code, "sku": row.sku} for row in rows for code in row.barcodes]
    if code_rows:
        conn.execute(barcodes.insert(), code_rows)
    conn.execute(
        catalogue_changes.insert(), [{"sku": sku, "created_at_ms": now_ms} for sku in skus]
    )


def _product_values(row: ProductRow, now_ms: int) -> dict[str, object]:
    return {
        "sku": row.sku,
        "name": row.name,
        "unit": row.unit,
        "price_minor": row.price_minor,
        "cost_minor": row.cost_minor,
        "category": row.category,
        "currency": row.currency,
        "active": row.active,
        "updated_at_ms": now_ms,
    }


def changes_after(conn: sa.Connection, cursor: int, limit: int = 500) -> list[ChangeRow]:
    """Catalogue changes after a cursor, oldest first, each with the product as it is now."""
    query = (
        sa.select(catalogue_changes)
        .where(catalogue_changes.c.cursor > cursor, catalogue_changes.c.store_code.is_(None))
        .order_by(catalogue_changes.c.cursor)
        .limit(limit)
    )
    changes = conn.execute(query).all()
    found = products_by_sku(conn, {row.sku for row in changes})
    return [
        ChangeRow(
            cursor=int(row.cursor), created_at_ms=int(row.created_at_ms), product=found[row.sku]
        )
        for row in changes
        if row.sku in found
    ]
