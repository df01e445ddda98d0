"""Products, their barcodes, packs and components, and the downstream change feed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from headoffice.domain.catalogue import CatalogueChange, Product
from headoffice.domain.catalogue_rules import Pack
from headoffice.store import pg_bulk
from headoffice.store.feed_order import before_feed_insert, feed_horizon
from headoffice.store.tables import (
    barcodes,
    downstream_events,
    product_components,
    product_packs,
    products,
)

# PostgreSQL takes at most 65,535 bind parameters a statement: IN lists go in chunks.
IN_CHUNK = 5_000
# SQLite allows 32766 bound parameters per statement.
SQLITE_IN_CHUNK = 2_000
# Past this many keys one read of the whole table beats IN lists (a big import).
WHOLE_TABLE_AT = 2_000


def one_of(
    conn: sa.Connection, column: sa.Column[str], wanted: list[str]
) -> sa.ColumnElement[bool]:
    """column IN wanted; on PostgreSQL as = ANY(one array parameter): a store's feed page
    names 500 SKUs, and 500 bound parameters a statement, several statements a page, cost
    more to build and convert than to run (a 30,000-SKU price change: 13 s against 3 s)."""
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.literal(wanted, type_=postgresql.ARRAY(sa.String)))
    return column.in_(wanted)


def chunks(values: list[str], size: int = IN_CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _product_values(row: Product, now_ms: int) -> dict[str, object]:
    return {
        "sku": row.sku,
        "name": row.name,
        "unit": row.unit,
        "price_minor": row.price_minor,
        "cost_minor": row.cost_minor,
        "category": row.category,
        "currency": row.currency,
        "active": row.active,
        "kind": row.kind,
        "updated_at_ms": now_ms,
    }


class CatalogueRepository:
    """Products and the catalogue change feed on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def category_exists(self, category: str) -> bool:
        query = sa.select(products.c.sku).where(products.c.category == category).limit(1)
        return self._conn.execute(query).first() is not None

    def products_by_sku(self, skus: Iterable[str] | None = None) -> dict[str, Product]:
        """Products with their barcodes, packs and components; every product when skus is None."""
        if skus is None:
            return self._products_where(None)
        wanted = set(skus)
        if len(wanted) > WHOLE_TABLE_AT:
            every = self._products_where(None)
            return {sku: row for sku, row in every.items() if sku in wanted}
        result: dict[str, Product] = {}
        for part in chunks(sorted(set(skus))):
            result.update(self._products_where(part))
        return result

    def _products_where(self, wanted: list[str] | None) -> dict[str, Product]:
        query = sa.select(products)
        code_query = sa.select(barcodes.c.sku, barcodes.c.barcode).order_by(barcodes.c.barcode)
        pack_query = sa.select(product_packs).order_by(product_packs.c.pack)
        part_query = sa.select(product_components).order_by(product_components.c.component_sku)
        if wanted is not None:
            query = query.where(one_of(self._conn, products.c.sku, wanted))
            code_query = code_query.where(one_of(self._conn, barcodes.c.sku, wanted))
            pack_query = pack_query.where(one_of(self._conn, product_packs.c.sku, wanted))
            part_query = part_query.where(one_of(self._conn, product_components.c.sku, wanted))
        codes: dict[str, list[str]] = {}
        for sku, code in self._conn.execute(code_query):
            codes.setdefault(sku, []).append(code)
        packs: dict[str, list[Pack]] = {}
        for row in self._conn.execute(pack_query):
            packs.setdefault(row.sku, []).append(
                Pack(row.pack, int(row.qty_base), row.barcode or "")
            )
        parts: dict[str, list[tuple[str, int]]] = {}
        for row in self._conn.execute(part_query):
            parts.setdefault(row.sku, []).append((row.component_sku, int(row.qty_base)))
        result = {}
        for row in self._conn.execute(query):
            m = row._mapping
            result[m["sku"]] = Product(
                sku=m["sku"],
                name=m["name"],
                unit=m["unit"],
                price_minor=int(m["price_minor"]),
                cost_minor=int(m["cost_minor"]),
                category=m["category"],
                currency=m["currency"],
                active=bool(m["active"]),
                barcodes=tuple(codes.get(m["sku"], ())),
                kind=m["kind"],
                packs=tuple(packs.get(m["sku"], ())),
                components=tuple(parts.get(m["sku"], ())),
            )
        return result

    def costs(self, skus: Iterable[str]) -> dict[str, int]:
        """Catalogue cost of each given SKU that is in the catalogue: where a new level starts.

        Only the cost column: products_by_sku also reads every barcode, which
        was most of a new store's first batches.
        """
        wanted = sorted(set(skus))
        if self._conn.dialect.name == "postgresql":
            with pg_bulk.driver(self._conn).cursor() as cursor:
                cursor.execute(
                    "SELECT p.sku, p.cost_minor FROM products AS p"
                    " JOIN unnest(%s::varchar[]) AS t(sku) ON p.sku = t.sku",
                    (pg_bulk.text_array(wanted),),
                )
                return {sku: int(cost) for sku, cost in cursor.fetchall()}
        found: dict[str, int] = {}
        for start in range(0, len(wanted), SQLITE_IN_CHUNK):
            query = sa.select(products.c.sku, products.c.cost_minor).where(
                products.c.sku.in_(wanted[start : start + SQLITE_IN_CHUNK])
            )
            found.update((sku, int(cost)) for sku, cost in self._conn.execute(query))
        return found

    def kinds_unless_goods(self, skus: Iterable[str]) -> dict[str, tuple[str, int] | None]:
        """Of the given SKUs, those that are not goods of the catalogue, in one statement:
        (kind, catalogue cost) of a bundle or service, None for a SKU it does not hold.

        What checking a store batch reads first (services.entry_checks): a batch names
        hundreds of SKUs, nearly all of them goods, which the rules need nothing else of
        (their costs are read only where a new stock level starts: costs()).
        """
        wanted = list(set(skus))
        if self._conn.dialect.name == "postgresql":
            with pg_bulk.driver(self._conn).cursor() as cursor:
                cursor.execute(
                    "SELECT t.sku, p.kind, p.cost_minor FROM unnest(%s::varchar[]) AS t(sku)"
                    " LEFT JOIN products AS p ON p.sku = t.sku"
                    " WHERE p.kind IS DISTINCT FROM 'goods'",
                    (pg_bulk.text_array(wanted),),
                )
                rows = cursor.fetchall()
        else:
            # The SKUs as one JSON array parameter: one statement, compiled once, whatever
            # the batch's size (an IN list is a new statement for every length).
            rows = self._conn.exec_driver_sql(
                "SELECT t.value, p.kind, p.cost_minor FROM json_each(?) AS t"
                " LEFT JOIN products AS p ON p.sku = t.value"
                " WHERE p.kind IS NOT 'goods'",
                (json.dumps(wanted),),
            ).all()
        return {sku: None if kind is None else (kind, cost) for sku, kind, cost in rows}

    def components_of(self, skus: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """The direct components (component SKU, base units per unit) of each given SKU."""
        parts: dict[str, list[tuple[str, int]]] = {}
        for part in chunks(sorted(set(skus))):
            query = sa.select(
                product_components.c.sku,
                product_components.c.component_sku,
                product_components.c.qty_base,
            ).where(product_components.c.sku.in_(part))
            for sku, component, qty in self._conn.execute(query):
                parts.setdefault(sku, []).append((component, int(qty)))
        return parts

    def existing_skus(self, skus: Iterable[str]) -> set[str]:
        found: set[str] = set()
        wanted = set(skus)
        if len(wanted) > WHOLE_TABLE_AT:
            return wanted & set(self._conn.scalars(sa.select(products.c.sku)))
        for part in chunks(sorted(wanted)):
            found.update(
                self._conn.scalars(sa.select(products.c.sku).where(products.c.sku.in_(part)))
            )
        return found

    def component_graph(self) -> dict[str, list[str]]:
        """Every bundle/service SKU -> the SKUs it contains, as head office holds them."""
        graph: dict[str, list[str]] = {}
        for sku, part in self._conn.execute(
            sa.select(product_components.c.sku, product_components.c.component_sku)
        ):
            graph.setdefault(sku, []).append(part)
        return graph

    def category_counts(self) -> dict[str, int]:
        query = sa.select(products.c.category, sa.func.count()).group_by(products.c.category)
        return {category: int(count) for category, count in self._conn.execute(query)}

    def barcode_owners(self, codes: Iterable[str]) -> dict[str, str]:
        """Barcode -> SKU for unit and pack barcodes head office already gives out."""
        owners: dict[str, str] = {}
        wanted = set(codes)
        if len(wanted) > WHOLE_TABLE_AT:
            for table in (barcodes, product_packs):
                query = sa.select(table.c.barcode, table.c.sku).where(table.c.barcode.is_not(None))
                owners.update(
                    {code: sku for code, sku in self._conn.execute(query) if code in wanted}
                )
            return owners
        for part in chunks(sorted(wanted)):
            for table in (barcodes, product_packs):
                query = sa.select(table.c.barcode, table.c.sku).where(table.c.barcode.in_(part))
                owners.update({code: sku for code, sku in self._conn.execute(query)})
        return owners

    def save_products(self, rows: list[Product], existing: set[str], now_ms: int) -> None:
        """Insert or update products, replace their barcodes, packs and components.

        One change row is appended per product, so every store receives it.
        """
        if not rows:
            return
        skus = [row.sku for row in rows]
        updated = [sku for sku in skus if sku in existing]  # new products have nothing to replace
        for table in (barcodes, product_packs, product_components):
            if len(updated) > WHOLE_TABLE_AT:
                statement = table.delete().where(table.c.sku == sa.bindparam("b_sku"))
                self._conn.execute(statement, [{"b_sku": sku} for sku in updated])
            else:
                for part in chunks(updated):
                    self._conn.execute(table.delete().where(table.c.sku.in_(part)))
        new_rows = [_product_values(row, now_ms) for row in rows if row.sku not in existing]
        self._bulk_insert(products, new_rows)
        updates = [
            {"b_" + k: v for k, v in _product_values(row, now_ms).items()}
            for row in rows
            if row.sku in existing
        ]
        if updates:
            values: dict[str, object] = {
                k: sa.bindparam("b_" + k) for k in _product_values(rows[0], now_ms) if k != "sku"
            }
            self._conn.execute(
                products.update().where(products.c.sku == sa.bindparam("b_sku")).values(values),
                updates,
            )
        code_rows = [{"barcode": code, "sku": row.sku} for row in rows for code in row.barcodes]
        self._bulk_insert(barcodes, code_rows)
        pack_rows = [
            {"sku": row.sku, "pack": p.name, "qty_base": p.qty_base, "barcode": p.barcode or None}
            for row in rows
            for p in row.packs
        ]
        self._bulk_insert(product_packs, pack_rows)
        part_rows = [
            {"sku": row.sku, "component_sku": sku, "qty_base": qty}
            for row in rows
            for sku, qty in row.components
        ]
        self._bulk_insert(product_components, part_rows)
        before_feed_insert(self._conn)
        self._bulk_insert(
            downstream_events, [{"sku": sku, "created_at_ms": now_ms} for sku in skus]
        )

    def _bulk_insert(self, table: sa.Table, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert many rows in the caller's transaction: COPY on PostgreSQL, executemany elsewhere.

        COPY because a 100,000-line catalogue import must finish in seconds and
        multi-row INSERTs spend most of that building and splitting statements.
        """
        if not rows:
            return
        if self._conn.dialect.name != "postgresql" or len(rows) < 100:
            self._conn.execute(table.insert(), list(rows))
            return
        columns = list(rows[0])
        driver = self._conn.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([row[c] for c in columns])

    def changes_after(self, cursor: int, limit: int = 500) -> list[CatalogueChange]:
        """Catalogue changes after a cursor, oldest first, each with the product as it is now."""
        query = sa.select(downstream_events).where(
            downstream_events.c.cursor > cursor, downstream_events.c.store_code.is_(None)
        )
        horizon = feed_horizon(self._conn)
        if horizon is not None:
            query = query.where(downstream_events.c.cursor <= horizon)
        query = query.order_by(downstream_events.c.cursor).limit(limit)
        changes = self._conn.execute(query).all()
        found = self.products_by_sku({row.sku for row in changes})
        return [
            CatalogueChange(
                cursor=int(row.cursor), created_at_ms=int(row.created_at_ms), product=found[row.sku]
            )
            for row in changes
            if row.sku in found
        ]
