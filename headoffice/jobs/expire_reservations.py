"""Job expire_reservations: every minute, expire the channel reservations still held past
their time and give their stock back to available
(headoffice.services.channel_reservations.expire_due).

A held reservation was never sent to its store, so nothing goes downstream; each expiry
locks its reservation and checks it is still held, so a Confirm racing the job, or a
second head-office process running it, changes nothing twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from common.i18n import ngettext
from headoffice.domain.jobs import JobResult
from headoffice.services.channel_reservations import expire_due
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    expired = expire_due(cast(ChannelsUnitOfWorkPort, ctx.new_uow()), ctx.clock())
    return JobResult(
        ngettext(
            "{count} channel reservation expired", "{count} channel reservations expired", expired
        ).format(count=expired),
        {"count": expired},
    )
