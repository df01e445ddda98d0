"""Job expire_stored_value: book as breakage the stored value left on anonymous cards past
[stored_value] anonymous_expiry_days after their last top-up, once a day
(headoffice.services.stored_value_expiry). Named cards never expire (单用途商业预付卡管理办法
art. 22); with the setting at 0 (the default) the job books nothing.

Each expiry is one `expire` entry whose key names the member and the top-up it counts
from: a second run, or two head-office processes, book it once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from common.i18n import _
from headoffice.domain.jobs import JobResult
from headoffice.domain.stored_value import policy_from_config
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.stored_value_expiry import expire_stored_value

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    policy = policy_from_config(dict(ctx.config.get("stored_value", {})))
    uow = cast(MembersUnitOfWorkPort, ctx.new_uow())
    done = expire_stored_value(uow, policy, ctx.clock())
    return JobResult(
        _(
            "{members} anonymous cards expired: {principal} fen principal and {bonus} fen "
            "bonus forfeited"
        ).format(members=done.member_count, principal=done.principal_minor, bonus=done.bonus_minor),
        {
            "members": done.member_count,
            "principal_minor": done.principal_minor,
            "bonus_minor": done.bonus_minor,
        },
    )
