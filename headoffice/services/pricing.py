"""PriceCart at head office: a store's cart priced by the till's own engine.

The engine (common.domain.pricing) gets head office's catalogue through the
same kind of lookup the till passes it: a unit barcode first, then a pack
barcode, then a SKU; the store's own price over the chain price; a bundle or
service with its components flattened to goods. The label layout is the
[labels] section of headoffice.toml, with the till's defaults; the cash
rounding is the till's, named by the caller (the till's defaults otherwise).
One read transaction prices the whole cart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from common.domain.cash_rounding import ROUNDING_MODES, CashRounding
from common.domain.labels import LabelLayout, decode_label
from common.domain.money import DEFAULT_CURRENCY, MAX_AMOUNT_MINOR
from common.domain.pricing import Quote, ScannedItem, quote
from common.domain.product import CatalogueProduct, flatten_components
from common.errors import InvalidBarcode, InvalidInput
from common.i18n import _
from headoffice.domain.catalogue import Product
from headoffice.domain.catalogue_rules import Pack
from headoffice.domain.errors import UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.ports import UnitOfWorkPort


def cash_rounding(unit_minor: int, mode: str) -> CashRounding:
    """The till's cash rounding as a caller names it; 0 and "" are the till's defaults."""
    if isinstance(unit_minor, bool) or unit_minor < 0 or unit_minor > MAX_AMOUNT_MINOR:
        raise InvalidInput(
            _(
                "the cash rounding must be a whole number of minor units, 1 or more "
                "(10 rounds to 0.10), got {unit}"
            ).format(unit=unit_minor)
        )
    if mode and mode not in ROUNDING_MODES:
        raise InvalidInput(
            _("the cash rounding mode must be half_up or down, got {mode}").format(mode=repr(mode))
        )
    return CashRounding(unit_minor or 1, mode or "half_up")


def price_cart(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    items: list[ScannedItem],
    layout: LabelLayout,
    rounding: CashRounding,
    currency: str = DEFAULT_CURRENCY,
) -> Quote:
    """The cart's lines and totals as store_code's till would price them now."""
    if not store_code:
        raise InvalidInput(_("a cart is priced for a store: name it (--store S001)"))
    staff.check_store(store_code)
    with uow:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        catalogue = StoreCatalogue(uow, store_code)
        catalogue.load(codes_to_find(items, layout))
        return quote(store_code, currency, items, catalogue.find, layout, rounding)


def codes_to_find(items: list[ScannedItem], layout: LabelLayout) -> set[str]:
    """Every code the engine will look up for these items: as typed, and labels' label codes.

    A label with a wrong check digit is left out: the engine refuses it with
    the barcode's own sentence.
    """
    codes: set[str] = set()
    for item in items:
        code = item.code.strip()
        codes.add(code)
        try:
            label = decode_label(code, layout)
        except InvalidBarcode:
            continue
        if label is not None:
            codes.add(label.label_code)
    return codes


@dataclass
class StoreCatalogue:
    """Head office's catalogue as one store sells it, read in a few queries per cart."""

    uow: UnitOfWorkPort
    store_code: str
    _rows: dict[str, Product | None] = field(default_factory=dict, init=False)  # None: no SKU
    _unit_codes: dict[str, str] = field(default_factory=dict, init=False)  # barcode -> SKU
    _pack_codes: dict[str, tuple[str, Pack]] = field(default_factory=dict, init=False)
    _store_prices: dict[str, int] = field(default_factory=dict, init=False)
    _loaded: set[str] = field(default_factory=set, init=False)  # codes already looked up

    def load(self, codes: set[str]) -> None:
        """Read the products these codes may name (as barcodes, pack barcodes or SKUs)."""
        codes = codes - self._loaded
        if not codes:
            return
        owners = self.uow.catalogue.barcode_owners(codes)
        self._fetch(codes | set(owners.values()))
        self._loaded |= codes

    def _fetch(self, skus: set[str]) -> None:
        skus = skus - self._rows.keys()
        if not skus:
            return
        found = self.uow.catalogue.products_by_sku(skus)
        for sku in skus:
            self._rows[sku] = found.get(sku)
        for row in found.values():
            self._unit_codes.update({code: row.sku for code in row.barcodes})
            self._pack_codes.update({p.barcode: (row.sku, p) for p in row.packs if p.barcode})
        if found:
            self._store_prices.update(
                self.uow.store_prices.prices_at_store(self.store_code, set(found))
            )

    def find(self, code: str) -> CatalogueProduct | None:
        """The product a code names, as the till's lookup finds it (the engine's ProductLookup)."""
        self.load({code})
        pack: Pack | None = None
        if code in self._unit_codes:
            sku = self._unit_codes[code]
        elif code in self._pack_codes:
            sku, pack = self._pack_codes[code]
        else:
            sku = code
        row = self._rows.get(sku)
        if row is None:
            return None
        components = () if row.kind == "goods" else flatten_components(row.sku, self._direct)
        return CatalogueProduct(
            sku=row.sku,
            name=row.name,
            unit=row.unit,
            price_minor=self._store_prices.get(row.sku, row.price_minor),
            cost_minor=row.cost_minor,
            currency=row.currency,
            active=row.active,
            kind=row.kind,
            pack_name=pack.name if pack else "",
            pack_qty=pack.qty_base if pack else 1,
            components=components,
        )

    def _direct(self, sku: str) -> tuple[str, list[tuple[str, int]]]:
        """A SKU's kind and direct components (goods with none when head office has no such SKU)."""
        self._fetch({sku})
        row = self._rows.get(sku)
        if row is None:
            return "goods", []
        return row.kind, list(row.components)
