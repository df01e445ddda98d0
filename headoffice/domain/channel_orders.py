"""An online order as the store's pick and hand-over entries need it at head office.

A channel's reservation (headoffice/store/channel_tables.py) is shown as CR000001. The store
picks a confirmed order (channel_pick) and hands it over (channel_fulfilment); head office
checks each entry against the reservation (services.channel_checks) and moves the stock
between its states (services.channel_effects): reserved -> committed when picked, committed
(or reserved, if the pick never came) released when handed over, as the movement takes the
goods off on hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

HELD, CONFIRMED, PICKED, FULFILLED = "held", "confirmed", "picked", "fulfilled"
RELEASED, EXPIRED, CANCELLED = "released", "expired", "cancelled"
RESERVED, COMMITTED = "reserved", "committed"  # the stock states an order holds
DOCUMENT_TYPE = "reservation"  # stock_state_changes.document_type

_ID = re.compile(r"^CR(\d{6,18})$")


def reservation_code(reservation_id: int) -> str:
    return f"CR{reservation_id:06d}"


def reservation_number(code: str) -> int | None:
    """CR000001 -> 1; None for anything else."""
    found = _ID.match(code)
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class OrderAtHeadOffice:
    """What the checks and effects read of a reservation."""

    reservation_id: int
    channel: str
    store_code: str
    state: str
    order_ref: str
    lines: tuple[tuple[str, int], ...]  # (sku, qty_base) in line order
    confirmed_at_ms: int
    picked_seq: int
    fulfilled_seq: int

    @property
    def code(self) -> str:
        return reservation_code(self.reservation_id)


def per_sku(lines: Iterable[tuple[str, int]]) -> Counter[str]:
    """Quantities added up per SKU (an order's lines compared whatever their order)."""
    total: Counter[str] = Counter()
    for sku, qty in lines:
        total[sku] += qty
    return total
