"""A store's key items: the short list an incoming cashier counts at each shift handover.

Set at the store (`pos count key-items set`) or at head office for a store (`hoctl count
key-items set --store S`, sent down the store's stream); both sides take a list by the
same rules here. Whether each SKU is goods is checked against each side's catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.domain.stocktake import MAX_LOCATION_CHARS
from common.errors import InvalidInput
from common.i18n import _
from common.text_safety import check_text

MAX_KEY_ITEMS = 30  # a spot count is short: a cashier counts it at the drawer


def check_key_items(skus: Sequence[str]) -> tuple[str, ...]:
    """The list as given, in its order (blank entries dropped), each once, at most 30;
    or a sentence saying what is wrong with it. An empty list means none."""
    items = tuple(check_text(_("a SKU"), s.strip(), MAX_LOCATION_CHARS) for s in skus if s.strip())
    twice = sorted({s for s in items if items.count(s) > 1})
    if twice:
        raise InvalidInput(
            _("key item {sku} is listed more than once").format(sku=", ".join(twice))
        )
    if len(items) > MAX_KEY_ITEMS:
        raise InvalidInput(
            _("a store has at most {limit} key items to count at a handover, got {n}").format(
                limit=MAX_KEY_ITEMS, n=len(items)
            )
        )
    return items
