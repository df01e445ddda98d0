"""The store's staff list from head office: each change replaces the store's row for that code.

Head office sends every change to a member of this store's till staff down the
downstream stream (hoctl staff ...); the store applies each once, with the cursor,
and signs people in on the last list it has, offline included. A row head office
sends replaces a local one of the same code (`edge-agent manager add`, the way a
store starts before head office's list arrives); a disabling signs the person out
of every till at once.
"""

from __future__ import annotations

import logging

from common.clock import now_ms
from common.logs import log_event
from edge_agent.domain.approvals import StaffMember
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def apply_staff_member(ctx: StoreContext, member: StaffMember, cursor: int) -> bool:
    def work(uow: UnitOfWork) -> None:
        uow.staff.put_from_head_office(member, now_ms())
        if member.disabled:
            uow.staff.sign_out_everywhere(member.name)

    applied = apply_once(ctx, cursor, work)
    if applied:
        log_event(log, logging.INFO, "staff list changed", staff=member.name, role=member.role,
                  disabled=member.disabled)  # fmt: skip
    return applied
