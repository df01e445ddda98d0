"""Chain-wide alerts (issue 14): the rules that turn head office's figures into alerts.

Each rule takes plain facts (levels, posted count sums, write-off values, sync
views) and returns `Alert`s, one per thing to look at: a SKU below zero in a
store, a count session with too much variance, a store writing off more than
it usually does, a store lagging or silent. The thresholds are the [alerts]
section of headoffice.toml (`alert_policy` checks their ranges at start).
Prometheus gets per-store counts of these (`counts_by_store`), never a SKU;
`hoctl alerts` lists each one.

Everything is an integer: money in minor units, shares in basis points,
comparisons cross-multiplied so nothing is rounded before it is compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from common.errors import ConfigError
from common.i18n import _

NEGATIVE_STOCK = "negative_stock"
LOW_STOCK = "low_stock"  # below the reorder point with nothing inbound (replenishment's figures)
STOCKTAKE_VARIANCE = "stocktake_variance"
WRITE_OFFS_ABOVE_NORMAL = "write_offs_above_normal"
SYNC_LAGGING = "sync_lagging"
STORE_SILENT = "store_silent"
# Every kind head office evaluates from its own tables, in the order hoctl lists them. Low
# stock is evaluated only when a source of reorder points is given (replenishment's
# `reorder_points`, wired where head office starts): without one it has no series at all,
# rather than a 0 that would read as "nothing low".
KINDS = (NEGATIVE_STOCK, STOCKTAKE_VARIANCE, WRITE_OFFS_ABOVE_NORMAL, SYNC_LAGGING, STORE_SILENT)
ORDER = (NEGATIVE_STOCK, LOW_STOCK, *KINDS[1:])

WARNING = "warning"
CRITICAL = "critical"
SEVERITY = {
    NEGATIVE_STOCK: WARNING,
    LOW_STOCK: WARNING,
    STOCKTAKE_VARIANCE: WARNING,
    WRITE_OFFS_ABOVE_NORMAL: WARNING,
    SYNC_LAGGING: WARNING,
    STORE_SILENT: CRITICAL,
}

DAY_MS = 86_400_000

# setting -> (default, smallest, largest): the [alerts] section of headoffice.toml.
LIMITS: dict[str, tuple[int, int, int]] = {
    "variance_days": (7, 1, 366),  # posted count sessions of the last N days
    "variance_outside_bp": (1_000, 1, 10_000),  # share of counted SKUs outside tolerance
    "variance_loss_minor": (100_000, 1, 10**12),  # a session's net loss value
    "write_off_days": (7, 1, 90),  # the recent window
    "write_off_baseline_days": (56, 2, 730),  # the trailing window before it: the store's normal
    "write_off_factor_pct": (200, 101, 10_000),  # k: recent above k x normal (percent)
    "write_off_min_minor": (10_000, 0, 10**12),  # below this, never an alert
    "lag_s": (300, 1, 7 * 86_400),  # a store whose oldest uncommitted entry waits longer
    "silent_s": (600, 60, 30 * 86_400),  # a store that has not spoken for longer
}
POLICY_DEFAULTS: dict[str, int] = {key: limit[0] for key, limit in LIMITS.items()}


@dataclass(frozen=True)
class AlertPolicy:
    """The thresholds of the [alerts] section (docs/runbook.md explains each alert)."""

    variance_days: int = LIMITS["variance_days"][0]
    variance_outside_bp: int = LIMITS["variance_outside_bp"][0]
    variance_loss_minor: int = LIMITS["variance_loss_minor"][0]
    write_off_days: int = LIMITS["write_off_days"][0]
    write_off_baseline_days: int = LIMITS["write_off_baseline_days"][0]
    write_off_factor_pct: int = LIMITS["write_off_factor_pct"][0]
    write_off_min_minor: int = LIMITS["write_off_min_minor"][0]
    lag_s: int = LIMITS["lag_s"][0]
    silent_s: int = LIMITS["silent_s"][0]


def alert_policy(section: dict[str, Any]) -> AlertPolicy:
    """The policy an [alerts] section sets (a setting left out: its default), or ConfigError
    with one sentence naming the setting, its range and the value given."""
    unknown = sorted(set(section) - set(LIMITS))
    if unknown:
        raise ConfigError(
            _("[alerts] in headoffice.toml has no setting {key}; the settings are {keys}").format(
                key=unknown[0], keys=", ".join(LIMITS)
            )
        )
    values: dict[str, int] = {}
    for key, (default, low, high) in LIMITS.items():
        value = section.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(
                _("alerts.{key} must be a whole number from {low} to {high}, got {value}").format(
                    key=key, low=low, high=high, value=repr(value)
                )
            )
        values[key] = value
    if values["write_off_baseline_days"] < 2 * values["write_off_days"]:
        raise ConfigError(
            _(
                "alerts.write_off_baseline_days ({baseline}) must be at least twice "
                "alerts.write_off_days ({days}), so a store's normal covers more than one period"
            ).format(baseline=values["write_off_baseline_days"], days=values["write_off_days"])
        )
    return AlertPolicy(**values)


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing to look at. Fields a kind does not use stay "" or 0."""

    kind: str
    store_code: str
    sku: str = ""
    session_id: str = ""
    qty_base: int = 0  # negative or low stock: the level
    reorder_point_qty_base: int = 0  # low stock: the level it is below
    value_minor: int = 0  # the level at its average cost, the session's loss, the write-offs
    normal_minor: int = 0  # write-offs: the store's usual value for as many days
    outside_bp: int = 0  # stocktake: share of counted SKUs outside tolerance
    lag_ms: int = 0
    last_contact_ms: int = 0

    @property
    def severity(self) -> str:
        return SEVERITY[self.kind]


@dataclass(frozen=True, slots=True)
class NegativeLevel:
    store_code: str
    sku: str
    qty_base: int
    avg_cost_minor: int


@dataclass(frozen=True, slots=True)
class PostedSession:
    """A posted count session added up: SKUs counted, within tolerance, losses and gains."""

    store_code: str
    session_id: str
    posted_at_ms: int
    counted: int
    within: int
    loss_minor: int  # zero or below
    gain_minor: int  # zero or above


@dataclass(frozen=True, slots=True)
class WriteOffValues:
    """A store's write-offs at cost: the recent window, and the baseline window before it."""

    store_code: str
    recent_minor: int
    baseline_minor: int


@dataclass(frozen=True, slots=True)
class SyncFacts:
    store_code: str
    lag_ms: int
    last_contact_ms: int  # 0: never


class ReorderFacts(Protocol):
    """A store's reorder point for a SKU and what is coming (replenishment's ReorderPoint)."""

    @property
    def store_code(self) -> str: ...

    @property
    def sku(self) -> str: ...

    @property
    def on_hand_qty_base(self) -> int: ...

    @property
    def reorder_point_qty_base(self) -> int: ...

    @property
    def inbound_qty_base(self) -> int: ...  # transfers coming plus orders not received


def low_stock(points: Iterable[ReorderFacts]) -> list[Alert]:
    """Every SKU below its reorder point with nothing inbound or on order."""
    return [
        Alert(
            LOW_STOCK,
            p.store_code,
            sku=p.sku,
            qty_base=p.on_hand_qty_base,
            reorder_point_qty_base=p.reorder_point_qty_base,
        )  # fmt: skip
        for p in points
        if p.on_hand_qty_base < p.reorder_point_qty_base and p.inbound_qty_base == 0
    ]


def negative_stock(levels: Iterable[NegativeLevel]) -> list[Alert]:
    """Every SKU below zero in a store (a sale is never refused for lack of book stock)."""
    return [
        Alert(
            NEGATIVE_STOCK,
            lv.store_code,
            sku=lv.sku,
            qty_base=lv.qty_base,
            value_minor=lv.qty_base * lv.avg_cost_minor,
        )  # fmt: skip
        for lv in levels
        if lv.qty_base < 0
    ]


def outside_bp(session: PostedSession) -> int:
    """Share of the session's counted SKUs outside tolerance, basis points rounded down."""
    if session.counted <= 0:
        return 0
    return (session.counted - session.within) * 10_000 // session.counted


def stocktake_variance(sessions: Iterable[PostedSession], policy: AlertPolicy) -> list[Alert]:
    """Posted sessions with more than variance_outside_bp of their SKUs outside tolerance,
    or a net loss (losses + gains) beyond variance_loss_minor."""
    found = []
    for s in sessions:
        share = outside_bp(s)
        net = s.loss_minor + s.gain_minor
        if share > policy.variance_outside_bp or -net > policy.variance_loss_minor:
            found.append(
                Alert(
                    STOCKTAKE_VARIANCE,
                    s.store_code,
                    session_id=s.session_id,
                    value_minor=net,
                    outside_bp=share,
                )  # fmt: skip
            )
    return found


def normal_write_offs(values: WriteOffValues, policy: AlertPolicy) -> int:
    """The store's usual write-offs for write_off_days: its baseline scaled to that many days
    (rounded half up; shown only, the comparison does not round)."""
    scaled = values.baseline_minor * policy.write_off_days
    return (2 * scaled + policy.write_off_baseline_days) // (2 * policy.write_off_baseline_days)


def write_offs_above_normal(values: Iterable[WriteOffValues], policy: AlertPolicy) -> list[Alert]:
    """Stores whose write-offs of the last write_off_days exceed write_off_factor_pct % of
    their own average over the write_off_baseline_days before, and at least
    write_off_min_minor (a store with no baseline alerts once it reaches that floor)."""
    found = []
    for v in values:
        if v.recent_minor < policy.write_off_min_minor or v.recent_minor <= 0:
            continue
        # recent > k/100 x baseline x days/baseline_days, multiplied out in integers
        left = v.recent_minor * 100 * policy.write_off_baseline_days
        right = policy.write_off_factor_pct * v.baseline_minor * policy.write_off_days
        if left > right:
            found.append(
                Alert(
                    WRITE_OFFS_ABOVE_NORMAL,
                    v.store_code,
                    value_minor=v.recent_minor,
                    normal_minor=normal_write_offs(v, policy),
                )  # fmt: skip
            )
    return found


def sync_alerts(stores: Iterable[SyncFacts], policy: AlertPolicy, now_ms: int) -> list[Alert]:
    """A store whose oldest uncommitted entry has waited over lag_s is lagging; one that has
    spoken before but not for silent_s is silent (a store never seen is not: it is new)."""
    found = []
    for s in stores:
        if s.last_contact_ms > 0 and now_ms - s.last_contact_ms > policy.silent_s * 1000:
            found.append(
                Alert(
                    STORE_SILENT, s.store_code, lag_ms=s.lag_ms, last_contact_ms=s.last_contact_ms
                )
            )
        if s.lag_ms > policy.lag_s * 1000:
            found.append(
                Alert(
                    SYNC_LAGGING, s.store_code, lag_ms=s.lag_ms, last_contact_ms=s.last_contact_ms
                )
            )
    return found


def counts_by_store(
    alerts: Iterable[Alert], stores: Iterable[str], kinds: Sequence[str] = KINDS
) -> dict[tuple[str, str], int]:
    """(store, kind) -> how many alerts, with a 0 for every store and kind evaluated, so a
    gauge reads 0 (the alert resolved) rather than vanishing."""
    counts = {(store, kind): 0 for store in stores for kind in kinds}
    for alert in alerts:
        key = (alert.store_code, alert.kind)
        counts[key] = counts.get(key, 0) + 1
    return counts


def sort_key(alert: Alert) -> tuple[int, str, int, str, str]:
    """Critical first, then by store, kind (in KINDS order), SKU and session."""
    rank = ORDER.index(alert.kind) if alert.kind in ORDER else len(ORDER)
    return (0 if alert.severity == CRITICAL else 1, alert.store_code, rank, alert.sku,
            alert.session_id)  # fmt: skip


def describe(alert: Alert, money: str, normal: str, contact: str) -> str:
    """One sentence for a person (money, normal and the last contact's time already
    formatted by the caller)."""
    if alert.kind == NEGATIVE_STOCK:
        return _("{sku} is below zero in store {store}: {qty}").format(
            sku=alert.sku, store=alert.store_code, qty=alert.qty_base
        )
    if alert.kind == LOW_STOCK:
        return _(
            "{sku} is below its reorder point in store {store} ({qty} of {point}) and nothing "
            "is on its way"
        ).format(
            sku=alert.sku, store=alert.store_code, qty=alert.qty_base,
            point=alert.reorder_point_qty_base,
        )  # fmt: skip
    if alert.kind == STOCKTAKE_VARIANCE:
        return _(
            "count session {session} of store {store}: {share} of SKUs outside tolerance, "
            "net {value}"
        ).format(
            session=alert.session_id, store=alert.store_code,
            share=f"{alert.outside_bp // 100}.{alert.outside_bp % 100:02d} %", value=money,
        )  # fmt: skip
    if alert.kind == WRITE_OFFS_ABOVE_NORMAL:
        return _("store {store} wrote off {value}, its normal for as many days is {normal}").format(
            store=alert.store_code, value=money, normal=normal
        )
    if alert.kind == SYNC_LAGGING:
        return _(
            "store {store}'s oldest entry not committed at head office has waited {s} s"
        ).format(store=alert.store_code, s=alert.lag_ms // 1000)
    return _("store {store} has not spoken to head office since {time}").format(
        store=alert.store_code, time=contact
    )
