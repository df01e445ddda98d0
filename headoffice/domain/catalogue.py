"""The chain catalogue file: parse and validate every line before anything is imported.

Format: a header line naming the columns sku,name,barcodes,unit,price_minor,
cost_minor,category (in any order; unknown columns are refused), optionally
kind, packs and components (catalogue_rules), then one product a line.
Barcodes are GTINs separated by '|' (may be empty, e.g. weighed goods); the
category is a path such as drinks/soft.
Prices and costs are whole non-negative minor units. The file is all or
nothing: every bad line is collected as (line_no, reason) and the whole file
is refused with CatalogueRejected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from common.domain.barcodes import validate_gtin
from common.domain.limits import MAX_NAME_CHARS, MAX_SKU_CHARS, check_unit_cost, check_unit_price
from common.domain.units import BASE_UNITS
from common.errors import InvalidInput
from common.i18n import _
from common.spreadsheets import csv_rows
from common.text_safety import check_length, check_plain_text
from headoffice.domain.catalogue_rules import (
    Pack,
    kind_problems,
    parse_components,
    parse_packs,
)
from headoffice.domain.errors import CatalogueRejected

COLUMNS = ("sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category")
OPTIONAL_COLUMNS = ("kind", "packs", "components")
ALL_COLUMNS = COLUMNS + OPTIONAL_COLUMNS
MAX_SKU_LENGTH = MAX_SKU_CHARS


@dataclass(frozen=True, slots=True)
class CatalogueLine:
    line_no: int
    sku: str
    name: str
    barcodes: tuple[str, ...]
    unit: str
    price_minor: int
    cost_minor: int
    category: str
    kind: str = "goods"
    packs: tuple[Pack, ...] = field(default=())
    components: tuple[tuple[str, int], ...] = field(default=())


def parse_catalogue(csv_text: str) -> list[CatalogueLine]:
    """Every product of a CSV file, or CatalogueRejected listing every bad line.

    The file is read as common.spreadsheets writes it: a cell's formula-guarding apostrophe
    is removed."""
    return parse_rows(csv_rows(csv_text))


def parse_rows(numbered_rows: Iterable[tuple[int, list[str]]]) -> list[CatalogueLine]:
    """Every product of (line_no, cells) rows, the first the header; or CatalogueRejected."""
    lines, errors = parse_rows_partly(numbered_rows)
    if errors:
        raise CatalogueRejected(errors)
    return lines


def parse_rows_partly(
    numbered_rows: Iterable[tuple[int, list[str]]],
) -> tuple[list[CatalogueLine], list[tuple[int, str]]]:
    """The good lines and every bad line's (line_no, reason); CatalogueRejected for the header.

    Head office checks the good lines against its own catalogue too, so one
    run reports every bad line of the file.
    """
    rows = iter(numbered_rows)
    errors: list[tuple[int, str]] = []
    first = next(rows, None)
    if first is None or not any(str(cell).strip() for cell in first[1]):
        raise CatalogueRejected(
            [
                (
                    1,
                    _("the file has no header line; expected {columns}").format(
                        columns=",".join(COLUMNS)
                    ),
                )
            ]
        )
    header = [str(cell).strip().lower() for cell in first[1]]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in ALL_COLUMNS]
    if missing:
        errors.append(
            (1, _("the header lacks column(s) {columns}").format(columns=", ".join(missing)))
        )
    if unknown:
        errors.append(
            (1, _("the header has unknown column(s) {columns}").format(columns=", ".join(unknown)))
        )
    if len(set(header)) != len(header):
        errors.append((1, _("the header names a column twice")))
    if errors:
        raise CatalogueRejected(errors)
    position = {name: header.index(name) for name in ALL_COLUMNS if name in header}

    lines: list[CatalogueLine] = []
    sku_first_line: dict[str, int] = {}
    barcode_owner: dict[str, tuple[str, int]] = {}
    for line_no, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            errors.append(
                (
                    line_no,
                    _("has {fields} field(s) but the header names {columns} columns").format(
                        fields=len(row), columns=len(header)
                    ),
                )
            )
            continue
        problems = _text_problems({name: row[index] for name, index in position.items()})
        cells = {name: row[index].strip() for name, index in position.items()}
        cells["kind"] = cells.get("kind", "").lower() or "goods"
        problems += _line_problems(cells)
        packs, pack_problems = parse_packs(cells.get("packs", ""))
        components, component_problems = parse_components(cells.get("components", ""))
        problems += pack_problems + component_problems
        if not component_problems:
            problems += kind_problems(cells["sku"], cells["kind"], components)
        sku = cells["sku"]
        if sku and sku in sku_first_line:
            problems.append(
                _("SKU {sku} is already listed on line {line_no}").format(
                    sku=sku, line_no=sku_first_line[sku]
                )
            )
        barcodes: list[str] = []
        for raw in cells["barcodes"].split("|") if cells["barcodes"] else []:
            try:
                code = validate_gtin(raw)
            except InvalidInput as exc:
                problems.append(str(exc))
                continue
            owner = barcode_owner.get(code)
            if owner is not None and owner[0] != sku:
                problems.append(
                    _("barcode {barcode} is already used by SKU {sku} on line {line_no}").format(
                        barcode=code, sku=owner[0], line_no=owner[1]
                    )
                )
            elif code not in barcodes:
                barcodes.append(code)
        checked_packs: list[Pack] = []
        for pack in packs:
            if not pack.barcode:
                checked_packs.append(pack)
                continue
            try:
                code = validate_gtin(pack.barcode)
            except InvalidInput as exc:
                problems.append(_("pack {pack}: {problem}").format(pack=pack.name, problem=exc))
                continue
            checked_packs.append(Pack(pack.name, pack.qty_base, code))
            owner = barcode_owner.get(code)
            if owner is None and code in barcodes:
                problems.append(
                    _("pack {pack} barcode {barcode} is already used by SKU {sku}").format(
                        pack=pack.name, barcode=code, sku=sku
                    )
                )
            elif owner is not None:
                problems.append(
                    _(
                        "pack {pack} barcode {barcode} is already used by SKU {sku} on line "
                        "{line_no}"
                    ).format(pack=pack.name, barcode=code, sku=owner[0], line_no=owner[1])
                )
        if problems:
            errors.extend((line_no, problem) for problem in problems)
            continue
        sku_first_line[sku] = line_no
        packs = checked_packs
        for code in barcodes + [p.barcode for p in packs if p.barcode]:
            barcode_owner[code] = (sku, line_no)
        lines.append(
            CatalogueLine(
                line_no=line_no,
                sku=sku,
                name=cells["name"],
                barcodes=tuple(barcodes),
                unit=cells["unit"],
                price_minor=int(cells["price_minor"]),
                cost_minor=int(cells["cost_minor"]),
                category=cells["category"],
                kind=cells["kind"],
                packs=tuple(sorted(packs, key=lambda p: p.name)),
                components=tuple(sorted(components)),
            )
        )
    if not lines and not errors:
        raise CatalogueRejected([(2, _("the file lists no products"))])
    return lines, errors


MAX_CATEGORY_CHARS = 100  # the products.category column
# The longest text each column may hold (the others are checked by their own rules).
_TEXT_LIMITS = {"name": MAX_NAME_CHARS, "category": MAX_CATEGORY_CHARS}


def _text_problems(raw: dict[str, str]) -> list[str]:
    """A sentence for each cell holding a control or invisible character (it would reach
    terminals, receipts and exports), and for a name or category too long to keep whole."""
    problems = []
    for column, text in raw.items():
        try:
            check_plain_text(column, text)
            if column in _TEXT_LIMITS:
                check_length(column, text.strip(), _TEXT_LIMITS[column])
        except InvalidInput as exc:
            problems.append(str(exc))
    return problems


def _line_problems(cells: dict[str, str]) -> list[str]:
    problems = []
    sku = cells["sku"]
    if not sku:
        problems.append(_("the SKU is empty"))
    elif len(sku) > MAX_SKU_LENGTH or any(ch.isspace() for ch in sku):
        problems.append(
            _("SKU {sku} must be at most {most} characters with no spaces").format(
                sku=repr(sku), most=MAX_SKU_LENGTH
            )
        )
    if not cells["name"]:
        problems.append(_("SKU {sku} has an empty name").format(sku=sku or "?"))
    if cells["unit"] not in BASE_UNITS:
        known = ", ".join(sorted(BASE_UNITS))
        problems.append(
            _("unit {unit} is not a base unit; use one of {units}").format(
                unit=repr(cells["unit"]), units=known
            )
        )
    for column, check in (("price_minor", check_unit_price), ("cost_minor", check_unit_cost)):
        value = cells[column]
        if not (value.isascii() and value.isdigit()):
            problems.append(
                _(
                    "{column} must be a whole non-negative number of minor units, got {value}"
                ).format(column=column, value=repr(value))
            )
            continue
        try:
            check(_("{column} of {sku}").format(column=column, sku=sku or "?"), int(value))
        except InvalidInput as exc:
            problems.append(str(exc))
    return problems


@dataclass(frozen=True, slots=True)
class Product:
    """A product of the chain catalogue as head office holds it."""

    sku: str
    name: str
    unit: str
    price_minor: int
    cost_minor: int
    category: str
    currency: str
    active: bool
    barcodes: tuple[str, ...]
    kind: str = "goods"
    packs: tuple[Pack, ...] = field(default=())
    components: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CatalogueChange:
    """A product changed at a cursor of the downstream feed."""

    cursor: int
    created_at_ms: int
    product: Product


@dataclass(frozen=True, slots=True)
class StorePrice:
    """A store's own price for a SKU, next to the chain price."""

    store_code: str
    sku: str
    name: str
    chain_price_minor: int
    price_minor: int
    updated_at_ms: int
