"""What a stock view asks for, checked: the selection, paging, the stock card's window and balances.

Plain rules, no SQL: a category matches itself and every category below it
(`drinks` matches `drinks/soft`, never `drinksware`); pages continue after the
last (store, SKU) they showed, so a page never repeats or skips a line while
levels change; a stock card's running balance starts from the sum of every
movement before its window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from common.errors import InvalidInput
from common.i18n import _

DEFAULT_PAGE = 1000
MAX_PAGE = 10_000
DEFAULT_CARD_PAGE = 5000
MAX_CARD_PAGE = 50_000
MAX_SEARCH = 100
CATEGORY_SEPARATOR = "/"


class LevelFilter(StrEnum):
    ALL = "all"
    NEGATIVE = "negative"
    ZERO = "zero"


@dataclass(frozen=True)
class Selection:
    """The levels a view covers; empty strings do not narrow."""

    store_code: str = ""
    category: str = ""
    search: str = ""
    sku: str = ""
    level_filter: LevelFilter = LevelFilter.ALL


def check_selection(selection: Selection) -> Selection:
    """The selection with its category and search tidied, or InvalidInput with the reason."""
    category = selection.category.strip()
    if category.strip(CATEGORY_SEPARATOR) != category:
        raise InvalidInput(
            _(
                "category {category} must not start or end with '/'; write the path like "
                "drinks/soft"
            ).format(category=repr(category))
        )
    search = selection.search.strip()
    if selection.search and not search:
        raise InvalidInput(_("search text is empty; give part of a name, a SKU or a barcode"))
    if len(search) > MAX_SEARCH:
        raise InvalidInput(
            _("search text has {length} characters; at most {most} are allowed").format(
                length=len(search), most=MAX_SEARCH
            )
        )
    return Selection(
        selection.store_code, category, search, selection.sku.strip(), selection.level_filter
    )


def page_size(requested: int, default: int = DEFAULT_PAGE, most: int = MAX_PAGE) -> int:
    if requested == 0:
        return default
    if requested < 0 or requested > most:
        raise InvalidInput(
            _("page size must be between 1 and {most}, got {size}").format(
                most=most, size=requested
            )
        )
    return requested


# A store code never contains a space (common.ids), so one separates it from the SKU.
_TOKEN_SEPARATOR = " "


def page_token(store_code: str, sku: str) -> str:
    return f"{store_code}{_TOKEN_SEPARATOR}{sku}"


def parse_page_token(token: str) -> tuple[str, str] | None:
    """The (store, SKU) a page continues after; None for the first page."""
    if not token:
        return None
    store_code, sep, sku = token.partition(_TOKEN_SEPARATOR)
    if not sep or not store_code or not sku:
        raise InvalidInput(
            _("page token {token} was not given by this server; start again").format(
                token=repr(token)
            )
        )
    return store_code, sku


@dataclass(frozen=True)
class CardWindow:
    """A stock card's time window by the store's clock: since <= occurred_at < until."""

    since_ms: int = 0
    until_ms: int = 0  # 0: open-ended


def check_card_window(since_ms: int, until_ms: int) -> CardWindow:
    if since_ms < 0 or until_ms < 0:
        raise InvalidInput(_("--since and --until must be times after 1970"))
    if until_ms and since_ms >= until_ms:
        raise InvalidInput(_("the stock card's --since must be before its --until"))
    return CardWindow(since_ms, until_ms)


def running_balances(opening_qty: int, qtys: Iterable[int]) -> list[int]:
    """The balance after each movement, starting from the opening balance."""
    balances = []
    balance = opening_qty
    for qty in qtys:
        balance += qty
        balances.append(balance)
    return balances


def stock_value(qty_base: int, unit_cost_minor: int) -> int:
    """Value at moving-average cost, in minor units: exact, an integer product."""
    return qty_base * unit_cost_minor


class StockLevel(NamedTuple):
    """One store's level of one SKU with its product and moving-average cost.

    A named tuple, not a frozen dataclass like its neighbours: a store's page makes 10,000
    of them, and a frozen dataclass's __init__ (a setattr per field) cost 15x a tuple's.
    """

    store_code: str
    sku: str
    name: str
    category: str
    unit: str
    qty_base: int
    avg_cost_minor: int


@dataclass(frozen=True, slots=True)
class StockTotals:
    """Totals over a selection of levels."""

    lines: int = 0
    qty_base: int = 0
    value_minor: int = 0
    negative_lines: int = 0
    zero_lines: int = 0


@dataclass(frozen=True, slots=True)
class SkuTotal:
    """One SKU summed over the selected stores."""

    sku: str
    name: str
    category: str
    unit: str
    stores: int
    qty_base: int
    value_minor: int
    negative_lines: int
    zero_lines: int


@dataclass(frozen=True, slots=True)
class CardMovement:
    """One movement on a stock card."""

    seq: int
    occurred_at_ms: int
    document_type: str
    document_id: str
    actor: str
    reason: str
    qty_base: int
    unit_cost_minor: int
