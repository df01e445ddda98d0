"""Chain-wide alerts: evaluate them for the scheduler, list them for hoctl, count them for
/metrics (the rules are headoffice.domain.alerts).

`evaluate_alerts_job` is the scheduled job (the jobs part runs it on its cron): it
works out every alert and replaces the per-store counts in alert_counts, which
/metrics reads at scrape time. `list_alerts` works the alerts out when asked, with
their SKUs and sessions, for `hoctl alerts` (a shop without Prometheus).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain import alerts as rules
from headoffice.domain.alerts import Alert, AlertPolicy, ReorderFacts
from headoffice.domain.errors import UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.ports import UnitOfWorkFactory, UnitOfWorkPort
from headoffice.services.status import DEFAULT_HEARTBEAT_TIMEOUT_MS, sync_status

# (unit of work, store code or "", now) -> each store's reorder points and what is coming:
# replenishment's `reorder_points` with its policy bound (the lead wires it at start).
LowStockSource = Callable[[UnitOfWorkPort, str, int], Iterable[ReorderFacts]]


@dataclass(frozen=True)
class Evaluation:
    """What one evaluation found: a short summary and integer counts (the job's result)."""

    summary: str
    stores: int
    alerts: int
    by_kind: dict[str, int]

    def counts(self) -> dict[str, int]:
        """The integer counts a job run records: stores, alerts, and alerts per kind."""
        return {"stores": self.stores, "alerts": self.alerts, **self.by_kind}


def evaluate(
    uow: UnitOfWorkPort,
    policy: AlertPolicy,
    now_ms: int,
    store_code: str = "",
    heartbeat_timeout_ms: int = DEFAULT_HEARTBEAT_TIMEOUT_MS,
    low_stock_source: LowStockSource | None = None,
) -> tuple[list[str], list[Alert]]:
    """Every store evaluated (or the one named) and its alerts, sorted (critical first);
    low stock too when a source of reorder points is given."""
    views = sync_status(uow, now_ms, store_code, heartbeat_timeout_ms)  # UnknownStore
    with uow:
        levels = uow.alerts.negative_levels(store_code)
        sessions = uow.alerts.posted_sessions(
            now_ms - policy.variance_days * rules.DAY_MS, store_code
        )
        write_offs = uow.alerts.write_off_values(
            now_ms - policy.write_off_days * rules.DAY_MS,
            now_ms - (policy.write_off_days + policy.write_off_baseline_days) * rules.DAY_MS,
            now_ms + 1,
            store_code,
        )
    low = rules.low_stock(low_stock_source(uow, store_code, now_ms)) if low_stock_source else []
    stores = [v.store_code for v in views]
    # A disabled store is silent on purpose: no sync alerts for it.
    live = [
        rules.SyncFacts(v.store_code, v.lag_ms, v.last_contact_ms) for v in views if not v.disabled
    ]
    found = [
        *rules.negative_stock(levels),
        *low,
        *rules.stocktake_variance(sessions, policy),
        *rules.write_offs_above_normal(write_offs, policy),
        *rules.sync_alerts(live, policy, now_ms),
    ]
    return stores, sorted(found, key=rules.sort_key)


def evaluate_alerts_job(
    new_uow: UnitOfWorkFactory,
    policy: AlertPolicy,
    now_ms: int,
    heartbeat_timeout_ms: int = DEFAULT_HEARTBEAT_TIMEOUT_MS,
    low_stock_source: LowStockSource | None = None,
) -> Evaluation:
    """Evaluate every store and replace the per-store counts /metrics exports, in one
    transaction (a failed evaluation leaves the previous counts)."""
    stores, found = evaluate(new_uow(), policy, now_ms, "", heartbeat_timeout_ms, low_stock_source)
    kinds = (*rules.KINDS, rules.LOW_STOCK) if low_stock_source else rules.KINDS
    counts = rules.counts_by_store(found, stores, kinds)
    uow = new_uow()
    with uow:
        uow.alerts.replace_counts(counts, now_ms)
        uow.commit()
    by_kind = {kind: sum(1 for a in found if a.kind == kind) for kind in kinds}
    kinds_text = ", ".join(f"{kind}={n}" for kind, n in by_kind.items() if n) or _("none")
    return Evaluation(
        summary=_("{alerts} alerts in {stores} stores ({kinds})").format(
            alerts=len(found), stores=len(stores), kinds=kinds_text
        ),
        stores=len(stores),
        alerts=len(found),
        by_kind=by_kind,
    )


def check_kind(kind: str) -> str:
    """'' (every kind) or one of rules.KINDS, else one sentence naming them."""
    if kind and kind not in rules.ORDER:
        raise InvalidInput(
            _("alert kind {kind} is not one of {kinds}").format(
                kind=repr(kind), kinds=", ".join(rules.ORDER)
            )
        )
    return kind


def list_alerts(
    uow: UnitOfWorkPort,
    staff: Staff,
    policy: AlertPolicy,
    now_ms: int,
    store_code: str = "",
    kind: str = "",
    heartbeat_timeout_ms: int = DEFAULT_HEARTBEAT_TIMEOUT_MS,
    low_stock_source: LowStockSource | None = None,
) -> list[Alert]:
    """The alerts now, of the stores `staff` sees (a store manager: their own), optionally of
    one store and one kind; an unknown store or kind is refused with a sentence."""
    check_kind(kind)
    if store_code:
        staff.check_store(store_code)
        with uow:
            known = uow.stores.get_store(store_code) is not None
        if not known:
            raise UnknownStore(store_code)
    _stores, found = evaluate(
        uow, policy, now_ms, store_code, heartbeat_timeout_ms, low_stock_source
    )
    return [a for a in found if staff.sees_store(a.store_code) and (not kind or a.kind == kind)]


def alert_counts(uow: UnitOfWorkPort) -> list[tuple[str, str, int, int]]:
    """(store, kind, active, evaluated_at_ms) the last evaluation left (for /metrics)."""
    with uow:
        return uow.alerts.counts()
