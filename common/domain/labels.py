"""Price- and weight-embedded EAN-13 labels, as printed by a shop's scale.

Layout (configured per chain in [labels]): 2 prefix digits (which kind), then
`item_digits` of the chain's item code, then `value_digits` of the value (the
price in minor units, or the weight in grams), then the check digit. The item
code finds its product through the "label code": the barcode a chain registers
for the product, made of the prefix and item code with the value zeroed and
its own check digit (e.g. 2800123000004 for item 00123 under prefix 28).

The till and head office read the same [labels] section with the same
defaults (LABEL_DEFAULTS), so a label means the same product and amount on both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.domain.barcodes import gtin_check_digit, validate_gtin
from common.errors import ConfigError
from common.i18n import _

PRICE = "price_label"
WEIGHT = "weight_label"

# The [labels] defaults of edge.toml and headoffice.toml: GS1's in-store prefixes
# 20-29, the first five for prices and the last five for weights.
LABEL_DEFAULTS: dict[str, str | int] = {
    "price_prefixes": "20,21,22,23,24",
    "weight_prefixes": "25,26,27,28,29",
    "item_digits": 5,
    "value_digits": 5,
}


@dataclass(frozen=True)
class LabelLayout:
    price_prefixes: frozenset[str]
    weight_prefixes: frozenset[str]
    item_digits: int
    value_digits: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> LabelLayout:
        def prefixes(key: str) -> frozenset[str]:
            found = frozenset(p.strip() for p in str(section[key]).split(",") if p.strip())
            for p in found:
                if len(p) != 2 or not p.isdigit():
                    raise ConfigError(
                        _("[labels] {key} must list two-digit prefixes, got {value}").format(
                            key=key, value=repr(p)
                        )
                    )
            return found

        item, value = int(section["item_digits"]), int(section["value_digits"])
        if item < 1 or value < 1 or 2 + item + value != 12:
            raise ConfigError(
                _(
                    "[labels] item_digits + value_digits must be 10 (2 prefix digits + 1 check "
                    "digit make 13), got {item} + {value}"
                ).format(item=item, value=value)
            )
        price, weight = prefixes("price_prefixes"), prefixes("weight_prefixes")
        if price & weight:
            raise ConfigError(
                _("[labels] prefixes {prefixes} are both price and weight").format(
                    prefixes=", ".join(sorted(price & weight))
                )
            )
        return cls(price, weight, item, value)


@dataclass(frozen=True)
class Label:
    code: str  # as scanned
    kind: str  # price_label or weight_label
    item_code: str
    value: int  # minor units (price) or grams (weight)
    label_code: str  # the product's registered barcode: value zeroed


def decode_label(code: str, layout: LabelLayout) -> Label | None:
    """The label a code is, or None when it is not an in-store label (an ordinary barcode).

    A code with a label prefix but a wrong check digit is refused with the
    barcode's own sentence (InvalidBarcode), never guessed at.
    """
    code = code.strip()
    if len(code) != 13 or not code.isdigit():
        return None
    prefix = code[:2]
    if prefix in layout.price_prefixes:
        kind = PRICE
    elif prefix in layout.weight_prefixes:
        kind = WEIGHT
    else:
        return None
    validate_gtin(code)
    item = code[2 : 2 + layout.item_digits]
    value = int(code[2 + layout.item_digits : 12])
    body = prefix + item + "0" * layout.value_digits
    return Label(code, kind, item, value, body + str(gtin_check_digit(body)))
