"""Importing the chain catalogue: validate the whole file, then apply it all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from common.clock import now_ms as clock_now_ms
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import _
from common.spreadsheets import csv_rows
from common.spreadsheets import csv_text as spreadsheet_csv
from headoffice.domain.catalogue import CatalogueChange, CatalogueLine, Product, parse_rows_partly
from headoffice.domain.catalogue_rules import (
    CategoryNode,
    category_tree,
    containment_sentence,
    cycle_through,
    format_components,
    format_packs,
)
from headoffice.domain.errors import CatalogueRejected, UnknownProduct
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


@dataclass(frozen=True)
class ImportResult:
    applied: bool
    products_created: int
    products_updated: int
    products_unchanged: int
    changed_skus: list[str] = field(default_factory=list)
    # The file's bad lines (line_no, reason) when it was refused; nothing was imported.
    refused_lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def stage(self) -> str:
        """refused (bad lines), checked (a dry run) or applied."""
        if self.refused_lines:
            return "refused"
        return "applied" if self.applied else "checked"


def import_catalogue(
    uow: UnitOfWorkPort,
    csv_text: str,
    dry_run: bool = False,
    now_ms: int | None = None,
    currency: str = DEFAULT_CURRENCY,
    actor: str = "",
    source: str = "",
) -> ImportResult:
    """Import a CSV text (see import_rows), read as common.spreadsheets writes one."""
    return import_rows(uow, csv_rows(csv_text), dry_run, now_ms, currency, actor, source)


def import_rows(
    uow: UnitOfWorkPort,
    numbered_rows: Iterable[tuple[int, list[str]]],
    dry_run: bool = False,
    now_ms: int | None = None,
    currency: str = DEFAULT_CURRENCY,
    actor: str = "",
    source: str = "",
) -> ImportResult:
    """Import (line_no, cells) rows, the first the header: from CSV or a spreadsheet."""
    lines, errors = parse_rows_partly(numbered_rows)
    return import_lines(uow, lines, dry_run, now_ms, currency, actor, source, errors)


def import_file(
    uow: UnitOfWorkPort,
    numbered_rows: Iterable[tuple[int, list[str]]],
    dry_run: bool = False,
    actor: str = "",
    source: str = "",
) -> ImportResult:
    """import_rows for a file a person sent: its bad lines come back in the result
    (refused_lines) for them to fix, rather than as an error."""
    try:
        return import_rows(uow, numbered_rows, dry_run, actor=actor, source=source)
    except CatalogueRejected as exc:
        return ImportResult(False, 0, 0, 0, refused_lines=exc.errors)


def _database_problems(uow: UnitOfWorkPort, lines: list[CatalogueLine]) -> list[tuple[int, str]]:
    """Bad lines only head office can see: barcodes of unlisted SKUs, unknown components, cycles.

    A barcode head office already gives to a SKU the file does not list is a
    bad line too: the file may move barcodes only between SKUs it lists.
    """
    file_skus = {line.sku for line in lines}
    codes = [c for line in lines for c in line.barcodes] + [
        p.barcode for line in lines for p in line.packs if p.barcode
    ]
    owners = uow.catalogue.barcode_owners(codes)
    errors = [
        (
            line.line_no,
            _("barcode {barcode} already belongs to SKU {sku} at head office").format(
                barcode=code, sku=owners[code]
            ),
        )
        for line in lines
        for code in (*line.barcodes, *(p.barcode for p in line.packs if p.barcode))
        if code in owners and owners[code] != line.sku and owners[code] not in file_skus
    ]
    wanted = {sku for line in lines for sku, _qty in line.components} - file_skus
    known = uow.catalogue.existing_skus(wanted) if wanted else set()
    for line in lines:
        for sku, _qty in line.components:
            if sku not in file_skus and sku not in known:
                errors.append(
                    (
                        line.line_no,
                        _("component {component} of {sku} is not a product").format(
                            component=sku, sku=line.sku
                        ),
                    )
                )
    if any(line.components for line in lines):
        graph = uow.catalogue.component_graph()
        for line in lines:
            graph[line.sku] = [sku for sku, _qty in line.components]
        for line in lines:
            path = cycle_through(line.sku, graph) if line.components else None
            if path is not None:
                errors.append((line.line_no, containment_sentence(line.kind, path)))
    return sorted(errors)


def import_lines(
    uow: UnitOfWorkPort,
    lines: list[CatalogueLine],
    dry_run: bool = False,
    now_ms: int | None = None,
    currency: str = DEFAULT_CURRENCY,
    actor: str = "",
    source: str = "",
    line_errors: list[tuple[int, str]] | None = None,
) -> ImportResult:
    """Create or update every product of the file; a dry run reports without changing anything.

    All or nothing: one transaction, and every bad line is reported before
    anything is written. One audit record per import gives the counts.
    """
    now = clock_now_ms() if now_ms is None else now_ms
    file_skus = {line.sku for line in lines}
    with uow:
        errors = sorted([*(line_errors or []), *_database_problems(uow, lines)])
        if errors:
            raise CatalogueRejected(errors)
        existing = uow.catalogue.products_by_sku(file_skus)
        changed: list[Product] = []
        created = updated = unchanged = 0
        for line in lines:
            row = Product(
                sku=line.sku,
                name=line.name,
                unit=line.unit,
                price_minor=line.price_minor,
                cost_minor=line.cost_minor,
                category=line.category,
                currency=currency,
                active=True,
                barcodes=tuple(sorted(line.barcodes)),
                kind=line.kind,
                packs=line.packs,
                components=line.components,
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
        uow.catalogue.save_products(changed, set(existing), now)
        audit.record(
            uow,
            actor or "system",
            "catalogue.import",
            "catalogue",
            source or "import",
            None,
            {"created": created, "updated": updated, "unchanged": unchanged},
            now_ms=now,
        )
        uow.commit()
    return ImportResult(True, created, updated, unchanged, [row.sku for row in changed])


def changes_after(uow: UnitOfWorkPort, cursor: int, limit: int = 500) -> list[CatalogueChange]:
    with uow:
        return uow.catalogue.changes_after(cursor, limit)


EXPORT_COLUMNS = (
    "sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category",
    "kind", "packs", "components",
)  # fmt: skip


def export_rows(uow: UnitOfWorkPort) -> list[list[str]]:
    """The whole catalogue as rows (header first) that import back unchanged."""
    with uow:
        found = uow.catalogue.products_by_sku()
    rows = [list(EXPORT_COLUMNS)]
    for sku in sorted(found):
        p = found[sku]
        rows.append(
            [
                p.sku, p.name, "|".join(p.barcodes), p.unit, str(p.price_minor),
                str(p.cost_minor), p.category, p.kind, format_packs(p.packs),
                format_components(p.components),
            ]
        )  # fmt: skip
    return rows


def rows_to_csv(rows: list[list[str]]) -> str:
    """Rows as a CSV file through the one spreadsheet writer (no formulas, no controls)."""
    return spreadsheet_csv(rows)


def categories(uow: UnitOfWorkPort) -> list[CategoryNode]:
    """The category tree with the number of products at or under each node."""
    with uow:
        return category_tree(uow.catalogue.category_counts())


def show_product(uow: UnitOfWorkPort, staff: Staff, sku: str) -> tuple[Product, dict[str, int]]:
    """One product as head office holds it, with the store prices (store -> price) of the
    stores the staff user sees."""
    with uow:
        found = uow.catalogue.products_by_sku([sku])
        if sku not in found:
            raise UnknownProduct(sku)
        prices = uow.store_prices.prices_of(sku)
    return found[sku], {code: p for code, p in sorted(prices.items()) if staff.sees_store(code)}
