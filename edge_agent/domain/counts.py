"""Count sessions as the store keeps them, and the three journal documents of a stocktake.

The rules (scope, line checks, variance, tolerance, recount, approval) are
common.domain.stocktake's; this module holds only the store's records: a session
row (its state, scope, tolerance and classes fixed when it opened) and the bodies
of the count_session, count_line and count_posting entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from common.domain.labels import PRICE
from common.domain.money import div_round_half_up
from common.domain.pricing import Scanned
from common.domain.stocktake import (
    CLOSED_STATES,
    CountedLine,
    Scope,
    SessionView,
    SkuResult,
    Tolerance,
)
from common.errors import InvalidQuantity
from common.i18n import _
from edge_agent.domain.journal import Movement, Reason


@dataclass(frozen=True)
class CountSession:
    """One count session at this store."""

    session_id: str
    origin: str  # store | head_office | handover
    state: str
    scope: Scope
    tolerance: Tolerance
    classes: Mapping[str, str]  # SKU -> A/B/C when it opened (absent: C)
    # Where the tills sell from: a SKU's book is taken at its last line there
    # (common.domain.stocktake.session_results); empty: at its last line.
    selling_locations: tuple[str, ...] = ()
    title: str = ""
    blind: bool = True
    note: str = ""
    round: int = 0
    recount_skus: tuple[str, ...] = ()
    first_approver: str = ""
    approved_by: str = ""
    second_approved_by: str = ""
    created_by: str = ""
    created_at_ms: int = 0
    opened_seq: int = 0
    closed_seq: int = 0  # the posting's (last part's) or the cancellation's entry

    def with_(self, **changes: Any) -> CountSession:
        return replace(self, **changes)

    @property
    def closed(self) -> bool:
        return self.state in CLOSED_STATES

    def view(self, store_code: str) -> SessionView:
        return SessionView(
            self.session_id,
            store_code,
            self.state,
            self.scope,
            self.round,
            frozenset(self.recount_skus),
        )


@dataclass(frozen=True)
class SessionEvent:
    """Journal body count_session: something that happened to a session (moves nothing)."""

    session_id: str
    event: str
    origin: str = ""
    scope: Scope | None = None
    tolerance: Tolerance | None = None
    classes: tuple[tuple[str, str], ...] = ()
    title: str = ""
    blind: bool = False
    note: str = ""
    recount_skus: tuple[str, ...] = ()
    round: int = 0
    by: str = ""
    selling_locations: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountLineEntry:
    """Journal body count_line: one line of a session, with the book at its position."""

    session_id: str
    line: CountedLine


@dataclass(frozen=True)
class CountPostingEntry:
    """Journal body count_posting: a part of an approved session's results."""

    session_id: str
    lines: tuple[SkuResult, ...]
    approved_by: str
    second_approved_by: str = ""
    part: int = 1
    parts: int = 1


def adjustments(lines: tuple[SkuResult, ...]) -> tuple[Movement, ...]:
    """One ADJUSTMENT movement per SKU with a variance, at the cost it was valued at."""
    return tuple(
        Movement(r.sku, r.variance_qty_base, Reason.ADJUSTMENT, r.unit_cost_minor)
        for r in lines
        if r.variance_qty_base != 0
    )


@dataclass(frozen=True)
class CountOrderIn:
    """Head office's CountOrder, translated (edge_agent.api.messages.counts)."""

    session_id: str
    action: str  # open | cancel | approve
    scope: Scope | None = None
    tolerance: Tolerance | None = None
    classes: tuple[tuple[str, str], ...] = ()
    title: str = ""
    blind: bool = True
    note: str = ""
    by: str = ""
    second_by: str = ""
    selling_locations: tuple[str, ...] = ()


def scanned_qty(scanned: Scanned) -> int:
    """What one scan counts, in base units: a pack barcode its pack's units, a weighed or
    measured label its weight, a price label on loose goods its price / unit price (half
    up, at least 1), a piece's barcode one. Loose goods scanned by barcode or SKU carry no
    quantity: they are weighed (a label) or typed (pos count add)."""
    product = scanned.product
    if scanned.kind == PRICE:
        if product.unit == "piece" or not product.price_minor:
            return 1
        return max(1, div_round_half_up(scanned.amount_minor, product.price_minor))
    if scanned.qty_base:
        return scanned.qty_base
    if product.pack_qty > 1:
        return product.pack_qty
    if product.unit == "piece":
        return 1
    raise InvalidQuantity(
        _(
            "{sku} is counted in {unit}: weigh it for a label, or type its quantity with"
            " 'pos count add SESSION {sku} QTY'"
        ).format(sku=product.sku, unit=product.unit)
    )


KEY_ITEMS_FROM_STORE, KEY_ITEMS_FROM_HEADOFFICE = "store", "headoffice"


@dataclass(frozen=True)
class KeyItemsEntry:
    """Journal body key_items: the store's key items replaced, by its staff (origin
    "store") or by head office's order as applied here ("headoffice"); order_cursor: the
    downstream cursor of the last order applied (0: none)."""

    skus: tuple[str, ...]
    by: str
    origin: str
    order_cursor: int
