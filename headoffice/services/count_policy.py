"""The chain's count tolerance ([counts] in headoffice.toml), sent down to each store.

Head office's own sessions carry their tolerance in their count order; a store's own
sessions (pos count start, a handover's spot count) open with the tolerance the store
was last sent, a CountPolicy queued when the store connects and was not sent the
current one (as the write-off threshold is: services.write_off_policy).
"""

from __future__ import annotations

from common.clock import now_ms as clock_now_ms
from common.domain import stocktake as st
from headoffice.domain.store_events import CountPolicyChanged
from headoffice.services.ports import UnitOfWorkPort


def ensure_tolerance_sent(
    uow: UnitOfWorkPort, store_code: str, tolerance: st.Tolerance, now_ms: int | None = None
) -> bool:
    """Queue `tolerance` for a connecting store that was not sent it; True if queued."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        # Locking the store's row makes two connects of one store queue it once.
        if uow.count_policy.sent_tolerance(store_code, lock=True) == tolerance:
            return False
        uow.downstream.enqueue_store_event(store_code, CountPolicyChanged(tolerance), now)
        uow.count_policy.set_sent_tolerance(store_code, tolerance)
        uow.commit()
    return True
