"""Importing the chain catalogue: validate the whole file, then apply it all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.clock import now_ms as clock_now_ms
from common.money import DEFAULT_CURRENCY
from headoffice.domain.catalogue import parse_catalogue
from headoffice.domain.errors import CatalogueRejected
from headoffice.store import catalogue_repo
from headoffice.store.catalogue_repo import ChangeRow, ProductRow
from headoffice.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    applied: bool
    products_created: int
    products_updated: int
    products_unchanged: int
    changed_skus: list[str] = field(default_factory=list)


def import_catalogue(
    uow: UnitOfWork,
    csv_text: str,
    dry_run: bool = False,
    now_ms: int | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> ImportResult:
    """Create or update every product of the file; a dry run reports without changing anything.

    A barcode head office already gives to a SKU the file does not list is a
    bad line too: the file may move barcodes only between SKUs it lists.
    """
    lines = parse_catalogue(csv_text)
    now = clock_now_ms() if now_ms is None else now_ms
    file_skus = {line.sku for line in lines}
    with uow:
        conn = uow.connection
        existing = catalogue_repo.products_by_sku(conn, file_skus)
        owners = catalogue_repo.barcode_owners(conn, [c for line in lines for c in line.barcodes])
        errors = [
            (line.line_no, f"barcode {code} already belongs to SKU {owners[code]} at head office")
            for line in lines
            for code in line.barcodes
            if code in owners and owners[code] != line.sku and owners[code] not in file_skus
        ]
        if errors:
            raise CatalogueRejected(errors)
        changed: list[ProductRow] = []
        created = updated = unchanged = 0
        for line in lines:
            row = ProductRow(
                sku=line.sku,
                name=line.name,
                unit=line.unit,
                price_minor=line.price_minor,
                cost_minor=line.cost_minor,
                category=line.category,
                currency=currency,
                active=True,
                barcodes=tuple(sorted(line.barcodes)),
            )
            before = existing.get(line.sku)
            if before is None:
                created += 1
                changed.append(row)
            elif before != row:
                updated += 1
                changed.append(row)
            else:
                unchanged += 1
        if dry_run or not changed:
            return ImportResult(not dry_run, created, updated, unchanged)
        catalogue_repo.save_products(conn, changed, set(existing), now)
        uow.commit()
    return ImportResult(True, created, updated, unchanged, [row.sku for row in changed])


def changes_after(uow: UnitOfWork, cursor: int, limit: int = 500) -> list[ChangeRow]:
    with uow:
        return catalogue_repo.changes_after(uow.connection, cursor, limit)
