"""The write-off approval threshold: set from [write_offs] at serve, sent down to every store.

Head office keeps the threshold in its database so every replica and every
use case reads one value; each store is sent a WriteOffPolicy when the value
changes and, on connecting, when it was never sent the current one.
"""

from __future__ import annotations

from common.clock import now_ms as clock_now_ms
from headoffice.domain.store_events import WriteOffPolicyChanged
from headoffice.domain.write_offs import check_threshold
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort

CONFIG_ACTOR = "headoffice.toml"


def apply_threshold(
    uow: UnitOfWorkPort, threshold_minor: int, actor: str = CONFIG_ACTOR, now_ms: int | None = None
) -> bool:
    """Make threshold_minor the chain's threshold; True (and every store told) if it changed."""
    check_threshold(threshold_minor)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.write_offs.threshold(lock=True)
        if before == threshold_minor:
            return False
        uow.write_offs.set_threshold(threshold_minor, now)
        for store in uow.stores.list_stores():
            _send(uow, store.code, threshold_minor, now)
        audit.record(
            uow, actor, "write_off.threshold", "write_off_policy", "approval_threshold_minor",
            {"approval_threshold_minor": before}, {"approval_threshold_minor": threshold_minor},
            now,
        )  # fmt: skip
        uow.commit()
    return True


def ensure_policy_sent(uow: UnitOfWorkPort, store_code: str, now_ms: int | None = None) -> bool:
    """Queue the current threshold for a connecting store that was not sent it; True if queued."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        # Locking the policy row makes two connects of one store queue it once.
        current = uow.write_offs.threshold(lock=True)
        if uow.write_offs.sent_threshold(store_code) == current:
            return False
        _send(uow, store_code, current, now)
        uow.commit()
    return True


def current_threshold(uow: UnitOfWorkPort) -> int:
    with uow:
        return uow.write_offs.threshold()


def _send(uow: UnitOfWorkPort, store_code: str, threshold_minor: int, now_ms: int) -> None:
    uow.downstream.enqueue_store_event(store_code, WriteOffPolicyChanged(threshold_minor), now_ms)
    uow.write_offs.set_sent_threshold(store_code, threshold_minor)
