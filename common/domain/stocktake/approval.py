"""Approval: a second approver, who may approve, a posting cut into parts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from common.domain.stocktake.tolerance import Tolerance
from common.domain.stocktake.variance import SkuResult, recount_skus, totals
from common.domain.stocktake.vocabulary import S_APPROVING, S_SUBMITTED, state_words
from common.errors import InvalidInput, PermissionDenied, Refused
from common.i18n import _


def needs_second_approval(found: Iterable[SkuResult], tolerance: Tolerance) -> bool:
    return totals(found).gross_minor > tolerance.second_approval_minor


def check_approval(
    session_id: str,
    state: str,
    found: Sequence[SkuResult],
    uncounted: Sequence[str],
    approver: str,
    first_approver: str = "",
) -> None:
    """Refuse an approval the rules forbid, with the sentence that says which and why."""
    if state not in (S_SUBMITTED, S_APPROVING):
        raise Refused(
            _("count session {session} is {state}: only a submitted count can be approved").format(
                session=session_id, state=state_words(state)
            )
        )
    waiting = recount_skus(found)
    if waiting:
        raise Refused(
            _(
                "count session {session} has {n} SKU(s) outside tolerance waiting for a recount by"
                " someone else: {skus}"
            ).format(session=session_id, n=len(waiting), skus=_shown(waiting))  # fmt: skip
        )
    if uncounted:
        raise Refused(
            _(
                "count session {session} has {n} SKU(s) in scope that nobody counted: count them or"
                " confirm they are zero first: {skus}"
            ).format(session=session_id, n=len(uncounted), skus=_shown(uncounted))  # fmt: skip
        )
    own = [r.sku for r in found if r.variance_qty_base != 0 and approver in r.counters]
    if own:
        raise PermissionDenied(
            _(
                "{approver} counted {skus}, which have a variance: someone else approves them"
            ).format(approver=approver, skus=_shown(own))
        )
    if first_approver and first_approver == approver:
        raise PermissionDenied(
            _(
                "{approver} approved count session {session} already: the second approval is"
                " someone else's"
            ).format(approver=approver, session=session_id)  # fmt: skip
        )


def _shown(skus: Sequence[str], limit: int = 10) -> str:
    more = f" (+{len(skus) - limit})" if len(skus) > limit else ""
    return ", ".join(skus[:limit]) + more


def posting_parts(found: Sequence[SkuResult], per_part: int = 2_000) -> list[list[SkuResult]]:
    """A session's results split into posting entries of at most `per_part` SKUs (one at least)."""
    if isinstance(per_part, bool) or not isinstance(per_part, int) or per_part <= 0:
        raise InvalidInput(
            _("a posting part must hold at least one SKU, got {value}").format(value=repr(per_part))
        )
    if not found:
        return [[]]
    return [list(found[i : i + per_part]) for i in range(0, len(found), per_part)]
