"""Count lines: what a line is, and the checks a new line passes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.domain.limits import MAX_QTY_BASE
from common.domain.stocktake.scope import Scope
from common.domain.stocktake.vocabulary import COUNTING_STATES, S_RECOUNT, state_words
from common.errors import InvalidInput, InvalidQuantity, PermissionDenied, Refused
from common.i18n import _


@dataclass(frozen=True)
class CountedLine:
    """One count line as journalled: its position `seq` and the book there."""

    seq: int
    sku: str  # empty: an unknown barcode, recorded for follow-up
    qty_base: int
    round: int
    book_qty_base: int
    counter: str
    location: str = ""
    reason: str = ""
    scanned_code: str = ""
    line_id: str = ""


def check_line_qty(qty: object, reason: str) -> int:
    """A counted quantity: a whole number, zero or more; below zero only as a correction with a reason."""
    if isinstance(qty, bool) or not isinstance(qty, int):
        raise InvalidQuantity(
            _("a counted quantity must be a whole number of base units, got {value}").format(
                value=repr(qty)
            )
        )
    if abs(qty) > MAX_QTY_BASE:
        raise InvalidQuantity(
            _("a counted quantity of {qty} is beyond the limit of {limit}").format(
                qty=qty, limit=MAX_QTY_BASE
            )
        )
    if qty < 0 and not reason.strip():
        raise InvalidQuantity(
            _("a negative count line corrects an earlier one and needs a reason (--reason)")
        )
    return qty


@dataclass(frozen=True)
class SessionView:
    """What the line rules need to know of a session."""

    session_id: str
    store_code: str
    state: str
    scope: Scope
    round: int = 0  # the current round: 0, or the recount's number
    recount_skus: frozenset[str] = frozenset()


def check_line(
    session: SessionView,
    store_code: str,
    sku: str,
    qty: int,
    reason: str,
    counter: str,
    earlier: Sequence[CountedLine],
) -> int:
    """Refuse a line the session cannot take; return the round it belongs to.

    `earlier` are the session's lines of this SKU so far (any round)."""
    if session.store_code and store_code and session.store_code != store_code:
        raise PermissionDenied(
            _("count session {session} belongs to store {owner}, not {store}").format(
                session=session.session_id, owner=session.store_code, store=store_code
            )
        )
    if session.state not in COUNTING_STATES:
        raise Refused(
            _("count session {session} is {state}: it takes no more count lines").format(
                session=session.session_id, state=state_words(session.state)
            )
        )
    check_line_qty(qty, reason)
    if sku and not session.scope.covers(sku):
        raise InvalidInput(
            _(
                "SKU {sku} is outside count session {session}'s scope: it is not counted here"
            ).format(sku=sku, session=session.session_id)
        )
    rnd = session.round if session.state == S_RECOUNT else 0
    if session.state == S_RECOUNT:
        if sku not in session.recount_skus:
            raise Refused(
                _(
                    "count session {session} is waiting for a recount of other SKUs, not {sku}"
                ).format(session=session.session_id, sku=sku or _("an unknown barcode"))
            )
        before = {ln.counter for ln in earlier if ln.round < rnd}
        if counter in before:
            raise PermissionDenied(
                _("{counter} counted {sku} before: a recount is by someone else").format(
                    counter=counter, sku=sku
                )
            )
    if sku:
        total = sum(ln.qty_base for ln in earlier if ln.round == rnd) + qty
        if total < 0:
            raise InvalidQuantity(
                _("this correction would make the count of {sku} negative ({total})").format(
                    sku=sku, total=total
                )
            )
    return rnd
