"""Reorder suggestions: the order-up-to level, the position it is compared with, pack rounding.

For each store and SKU (periodic review, order-up-to policy):

    order-up-to  S = d̄·(L+R) + z·σ·√(L+R)        rounded up to a whole base unit
    reorder pt   s = d̄·L + z·σ·√L                  rounded up (for the low-stock alert)
    position       = on hand + inbound transfers + on order − reserved
    raw            = max(0, S − position)

d̄ and σ are the store's demand per day (headoffice.domain.demand, in thousandths),
L the supplier's lead time and R the review period in whole days, z the
service level's normal quantile (statistics.NormalDist), kept in thousandths.
The figures enter the formula as those integers, so a person can redo the sum
from what `hoctl replenish show` prints; floats live only inside `order_up_to`
and `reorder_point`, whose results are rounded up (never down: rounding down
would plan below the service level).

A min/max set by hand for a store and SKU overrides the computed figures:
S = max, s = min, and the store asks for max − position only when its
position is at or below min (otherwise 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from statistics import NormalDist

from common.i18n import _
from headoffice.domain.demand import MILLI, WINDOWS, Demand
from headoffice.domain.replenishment_errors import InvalidReplenishment

COMPUTED = "computed"
MIN_MAX = "min_max"
BP = 10_000  # basis points in one
MAX_DAYS = 365
MAX_QTY = 10**12
# A float's last-bit noise must not round 12.000000000001 up to 13.
EPSILON = 1e-9
_EPSILON = EPSILON


@dataclass(frozen=True, slots=True)
class Policy:
    """The [replenishment] settings a run uses (headoffice.toml)."""

    default_lead_time_days: int = 7
    review_period_days: int = 7
    service_level_bp: int = 9_500
    transfer_lead_time_days: int = 1
    demand_window_days: int = 30
    default_transfer_cost_minor: int = 100
    lead_time_orders: int = 10
    slow_mover_days: int = 30

    @property
    def z_milli(self) -> int:
        return z_milli(self.service_level_bp)


def check_days(what: str, days: int, least: int = 0) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not least <= days <= MAX_DAYS:
        raise InvalidReplenishment(
            _("{what} must be a whole number of days from {least} to {most}, got {days}").format(
                what=what, least=least, most=MAX_DAYS, days=days
            )
        )
    return days


def check_service_level_bp(bp: int) -> int:
    if isinstance(bp, bool) or not isinstance(bp, int) or not 0 < bp < BP:
        raise InvalidReplenishment(
            _(
                "the service level must lie strictly between 0 and 1 (1-9999 basis points), got {bp}"
            ).format(bp=bp)
        )
    return bp


def service_level_bp_of(value: object) -> int:
    """A configured service level, 0.95 (a number or its text), as basis points; refused
    outside (0, 1). Read as a decimal, so 0.95 is exactly 9500."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        value = repr(value)
    try:
        level = Decimal(str(value).strip())
    except InvalidOperation:
        level = Decimal("NaN")
    if not level.is_finite() or not Decimal(0) < level < Decimal(1):
        raise InvalidReplenishment(
            _("the service level must lie strictly between 0 and 1, got {value}").format(
                value=value
            )
        )
    return check_service_level_bp(int((level * BP).to_integral_value()))


def check_policy(policy: Policy) -> Policy:
    """Every setting in range, or one sentence naming the first that is not."""
    check_days(_("the default lead time"), policy.default_lead_time_days, 1)
    check_days(_("the review period"), policy.review_period_days, 1)
    check_days(_("the transfer lead time"), policy.transfer_lead_time_days, 0)
    check_days(_("the slow-mover days"), policy.slow_mover_days, 1)
    check_service_level_bp(policy.service_level_bp)
    if policy.demand_window_days not in WINDOWS:
        raise InvalidReplenishment(
            _("the demand window must be 7, 30 or 90 days, got {days}").format(
                days=policy.demand_window_days
            )
        )
    check_quantity(_("the default transfer cost"), policy.default_transfer_cost_minor, 0)
    check_quantity(_("the lead-time order count"), policy.lead_time_orders, 1)
    return policy


def check_quantity(what: str, qty: int, least: int) -> int:
    if isinstance(qty, bool) or not isinstance(qty, int) or not least <= qty <= MAX_QTY:
        raise InvalidReplenishment(
            _("{what} must be a whole number from {least} to {most}, got {qty}").format(
                what=what, least=least, most=MAX_QTY, qty=qty
            )
        )
    return qty


def check_min_max(store_code: str, sku: str, min_qty: int, max_qty: int) -> None:
    check_quantity(_("the minimum of {sku} at {store}").format(sku=sku, store=store_code),
                   min_qty, 0)  # fmt: skip
    check_quantity(_("the maximum of {sku} at {store}").format(sku=sku, store=store_code),
                   max_qty, 1)  # fmt: skip
    if min_qty > max_qty:
        raise InvalidReplenishment(
            _("the minimum of {sku} at {store} ({min}) is above its maximum ({max})").format(
                sku=sku, store=store_code, min=min_qty, max=max_qty
            )
        )


def check_pack(sku: str, pack_qty: int, min_order_qty: int) -> None:
    if isinstance(pack_qty, bool) or not isinstance(pack_qty, int) or pack_qty <= 0:
        raise InvalidReplenishment(
            _("the pack size of {sku} must be a positive whole number of base units, got {pack}")
            .format(sku=sku, pack=pack_qty)
        )  # fmt: skip
    check_quantity(_("the pack size of {sku}").format(sku=sku), pack_qty, 1)
    check_quantity(_("the minimum order of {sku}").format(sku=sku), min_order_qty, 0)


def z_milli(service_level_bp: int) -> int:
    """The service level's standard normal quantile in thousandths (0.95 → 1645)."""
    return _z_milli(check_service_level_bp(service_level_bp))


@cache  # a run asks once per store and SKU, for one or two levels
def _z_milli(service_level_bp: int) -> int:
    return round(NormalDist().inv_cdf(service_level_bp / BP) * MILLI)


def _ceil(value: float) -> int:
    return max(math.ceil(value - _EPSILON), 0)


def order_up_to(
    velocity_milli: int, sigma_milli: int, lead_days: int, review_days: int, z: int
) -> int:
    """S = d̄·(L+R) + z·σ·√(L+R), rounded up to a whole base unit."""
    span = lead_days + review_days
    d, sigma, zz = velocity_milli / MILLI, sigma_milli / MILLI, z / MILLI
    return _ceil(d * span + zz * sigma * math.sqrt(span))


def reorder_point(velocity_milli: int, sigma_milli: int, lead_days: int, z: int) -> int:
    """s = d̄·L + z·σ·√L, rounded up: below it, stock runs out before an order can arrive."""
    d, sigma, zz = velocity_milli / MILLI, sigma_milli / MILLI, z / MILLI
    return _ceil(d * lead_days + zz * sigma * math.sqrt(lead_days))


def round_to_pack(qty: int, pack_qty: int, min_order_qty: int) -> int:
    """Up to the minimum order, then up to whole packs; 0 stays 0."""
    if qty <= 0:
        return 0
    qty = max(qty, min_order_qty)
    return -(-qty // pack_qty) * pack_qty


@dataclass(frozen=True, slots=True)
class MinMax:
    store_code: str
    sku: str
    min_qty_base: int
    max_qty_base: int


@dataclass(frozen=True, slots=True)
class Stock:
    """A store's stock of a SKU where replenishment looks: on hand, coming, promised away."""

    on_hand_qty_base: int = 0
    inbound_qty_base: int = 0  # transfers to the store not yet booked in
    on_order_qty_base: int = 0  # purchase orders not yet received (draft, sent, partly)
    reserved_qty_base: int = 0  # open transfers from the store not yet shipped

    @property
    def position(self) -> int:
        return (
            self.on_hand_qty_base
            + self.inbound_qty_base
            + self.on_order_qty_base
            - self.reserved_qty_base
        )


@dataclass(frozen=True, slots=True)
class Need:
    """One store's figures for one SKU: every input of its suggestion, and the suggestion."""

    store_code: str
    sku: str
    velocity_milli: int
    sigma_milli: int
    lead_time_days: int
    review_period_days: int
    z_milli: int
    stock: Stock
    order_up_to_qty_base: int
    reorder_point_qty_base: int
    raw_qty_base: int
    source: str  # computed | min_max
    transfer_need_qty_base: int  # what it sells while a transfer is on its way

    @property
    def surplus_qty_base(self) -> int:
        """What the store can give another: on hand above its own order-up-to plus what it
        sells while a transfer travels, less what it already promised away."""
        keep = self.order_up_to_qty_base + self.transfer_need_qty_base
        free = self.stock.on_hand_qty_base - self.stock.reserved_qty_base - keep
        return max(free, 0)


def need_of(
    demand: Demand,
    stock: Stock,
    lead_days: int,
    policy: Policy,
    min_max: MinMax | None = None,
) -> Need:
    """The store's suggestion for the SKU: computed, or from its min/max when one is set."""
    z = policy.z_milli
    velocity = demand.velocity_milli
    transfer_need = _ceil(velocity / MILLI * policy.transfer_lead_time_days)
    position = stock.position
    if min_max is not None:
        target, point = min_max.max_qty_base, min_max.min_qty_base
        raw = target - position if position <= point else 0
        source = MIN_MAX
    else:
        target = order_up_to(velocity, demand.sigma_milli, lead_days, policy.review_period_days, z)
        point = reorder_point(velocity, demand.sigma_milli, lead_days, z)
        raw = target - position
        source = COMPUTED
    return Need(
        store_code=demand.store_code,
        sku=demand.sku,
        velocity_milli=velocity,
        sigma_milli=demand.sigma_milli,
        lead_time_days=lead_days,
        review_period_days=policy.review_period_days,
        z_milli=z,
        stock=stock,
        order_up_to_qty_base=target,
        reorder_point_qty_base=point,
        raw_qty_base=max(raw, 0),
        source=source,
        transfer_need_qty_base=transfer_need,
    )
