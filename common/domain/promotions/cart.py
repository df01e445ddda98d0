"""What the engine prices: a cart's lines, and who buys where and when.

A CartLine is a priced scanned line (common.domain.pricing.SaleLine) before offers;
the member is an input value (its id, level and birthday), the engine looks up nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from common.domain.coupons import campaign_of

if TYPE_CHECKING:  # pricing.quote prices with offers: no import cycle at run time
    from common.domain.pricing import SaleLine


@dataclass(frozen=True)
class CartLine:
    line_no: int
    sku: str
    qty_base: int
    amount_minor: int  # the line before offers (after any manual discount)
    piece: bool = True  # counted in whole pieces (buy X get Y and combos count these only)


@dataclass(frozen=True)
class Member:
    member_id: str
    level: str = ""
    birth_month: int = 0  # 0: not known
    birth_day: int = 0


@dataclass(frozen=True)
class PricingContext:
    store_code: str
    when: datetime  # the store's local time
    member: Member | None = None
    coupons: frozenset[str] = field(default_factory=frozenset)  # the codes presented
    currency: str = "CNY"

    @property
    def coupon_campaigns(self) -> frozenset[str]:
        """The offers' coupon codes the presented coupons unlock (common.domain.coupons)."""
        return frozenset(campaign_of(code) for code in self.coupons)


def cart_lines(lines: Iterable[SaleLine]) -> list[CartLine]:
    """Scanned lines (pricing.price_lines) as the engine's cart lines."""
    return [
        CartLine(line.line_no, line.sku, line.qty_base, line.amount_minor, line.unit == "piece")
        for line in lines
    ]
