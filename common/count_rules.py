"""The journal rules of stocktake's kinds (count_session, count_line, count_posting, and
key_items: the store's key items for handover spot counts).

Registered in common.journal_rules.RULES, so both sides hold every count entry
to them: the edge before it commits one, head office before it applies a batch
(which says which store and entry). Each refusal names the field it read. The
vocabulary (events, origins, scope kinds, classes) is common.domain.stocktake's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from common.domain import limits
from common.domain import stocktake as st
from common.domain.key_items import check_key_items
from common.errors import InvalidInput
from common.i18n import _
from common.journal_checks import (
    AMOUNT_OUT_OF_RANGE,
    BODY_MISMATCH,
    LEVEL_OUT_OF_RANGE,
    QTY_OUT_OF_RANGE,
    EntryRefused,
    MoveRow,
    Moves,
    ProductsBySku,
    body_of,
    cost_out_of_range,
    known,
    same_moves,
    uncosted,
)

_ADJUSTMENT = "adjustment"
_MAX_ID_CHARS = 64
_MAX_COUNTER_CHARS = 64
_MAX_ROUND = 1_000


def _refuse(message: str, code: str = BODY_MISMATCH) -> None:
    raise EntryRefused(message, code)


def _present(what: str, value: str, most: int) -> None:
    if not value.strip():
        _refuse(_("the {field} is empty; it must be given").format(field=what))
    if len(value) > most:
        _refuse(
            _("the {field} has {n} characters, more than {most}").format(
                field=what, n=len(value), most=most
            )
        )


def _at_most(what: str, value: str, most: int) -> None:
    if len(value) > most:
        _refuse(
            _("the {field} has {n} characters, more than {most}").format(
                field=what, n=len(value), most=most
            )
        )


def _one_of(what: str, value: str, valid: Sequence[str]) -> None:
    if value not in valid:
        _refuse(
            _("the {field} {value} is not one of {valid}").format(
                field=what, value=repr(value[:40]), valid=", ".join(valid)
            )
        )


def _qty(what: str, qty: int, low: int, high: int, code: str = QTY_OUT_OF_RANGE) -> None:
    if not low <= qty <= high:
        _refuse(
            _("the {field} is {qty} base units; it must be from {low} to {high}").format(
                field=what, qty=qty, low=low, high=high
            ),
            code,
        )


def _round(what: str, rnd: int) -> None:
    if not 0 <= rnd <= _MAX_ROUND:
        _refuse(
            _("the {field} is {value}; it must be from 0 to {most}").format(
                field=what, value=rnd, most=_MAX_ROUND
            )
        )


def count_session(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A session event moves nothing; its event, origin, scope, tolerance and classes are
    the stocktake vocabulary's, in range."""
    body = body_of(entry, "count_session")
    _present(_("count session's session_id"), body.session_id, _MAX_ID_CHARS)
    _one_of(_("count session's event"), body.event, st.EVENTS)
    if body.origin or body.event == st.OPENED:
        _one_of(_("count session's origin"), body.origin, st.ORIGINS)
    _round(_("count session's round"), body.round)
    _at_most(_("count session's title"), body.title, st.MAX_TITLE_CHARS)
    _at_most(_("count session's note"), body.note, limits.MAX_NOTE_CHARS)
    _at_most(_("count session's by"), body.by, _MAX_COUNTER_CHARS)
    if body.event == st.OPENED:
        scope = body.scope
        _one_of(_("count session's scope kind"), scope.kind, st.SCOPE_KINDS)
        if scope.kind != st.FULL and not scope.skus:
            _refuse(
                _("the count session's {kind} scope lists no SKU; it must list the SKUs it covers")
                .format(kind=scope.kind)
            )  # fmt: skip
        for cls in scope.abc_classes:
            _one_of(_("count session's scope ABC class"), cls, st.CLASSES)
        for loc in scope.locations:
            _at_most(_("count session's scope location"), loc, st.MAX_LOCATION_CHARS)
        for loc in body.selling_locations:
            _at_most(_("count session's selling location"), loc, st.MAX_LOCATION_CHARS)
        tol = body.tolerance
        try:
            st.Tolerance(tol.a_bp, tol.b_bp, tol.c_bp, tol.value_minor, tol.second_approval_minor)
        except InvalidInput as exc:
            _refuse(_("the count session's tolerance: {reason}").format(reason=exc))
        for c in body.classes:
            _one_of(_("count session's class of {sku}").format(sku=c.sku[:64]), c.abc_class,
                    st.CLASSES)  # fmt: skip
    if body.event == st.RECOUNT:
        if not body.recount_skus:
            _refuse(_("the count session's recount names no SKU to count again"))
        if body.round < 1:
            _refuse(_("the count session's recount round is {value}; it must be 1 or more")
                    .format(value=body.round))  # fmt: skip
    for sku in body.recount_skus:
        known(products, sku)
    if moves:
        _refuse(_("a count session event moves no stock, but this one has movements"))


def count_line(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """A count line moves nothing; it names a SKU of the catalogue (or an unknown barcode's
    code), a quantity and a book quantity in range, and a correction says why."""
    body = body_of(entry, "count_line")
    _present(_("count line's session_id"), body.session_id, _MAX_ID_CHARS)
    _at_most(_("count line's line_id"), body.line_id, _MAX_ID_CHARS)
    _present(_("count line's counter"), body.counter, _MAX_COUNTER_CHARS)
    _at_most(_("count line's location"), body.location, st.MAX_LOCATION_CHARS)
    _at_most(_("count line's reason"), body.reason, st.MAX_REASON_CHARS)
    _at_most(_("count line's scanned_code"), body.scanned_code, _MAX_ID_CHARS)
    _round(_("count line's round"), body.round)
    if body.sku:
        known(products, body.sku)
    elif not body.scanned_code:
        _refuse(_("the count line has neither a sku nor the scanned_code of an unknown barcode"))
    most = limits.MAX_QTY_BASE
    _qty(_("count line's qty_base"), body.qty_base, -most, most)
    if body.qty_base < 0 and not body.reason.strip():
        _refuse(_("the count line's qty_base is {qty}: a negative line corrects an earlier one"
                  " and needs a reason").format(qty=body.qty_base), QTY_OUT_OF_RANGE)  # fmt: skip
    level = limits.MAX_STOCK_QTY_BASE
    _qty(_("count line's book_qty_base"), body.book_qty_base, -level, level, LEVEL_OUT_OF_RANGE)
    if moves:
        _refuse(_("a count line moves no stock, but this one has movements"))


def count_posting(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """Each posted line holds together (variance = counted - book, value = variance x unit
    cost) and the movements are exactly one ADJUSTMENT of each non-zero variance at its cost."""
    body = body_of(entry, "count_posting")
    _present(_("count posting's session_id"), body.session_id, _MAX_ID_CHARS)
    _present(_("count posting's approved_by"), body.approved_by, _MAX_COUNTER_CHARS)
    _at_most(_("count posting's second_approved_by"), body.second_approved_by, _MAX_COUNTER_CHARS)
    if not (0 <= body.part <= body.parts and (body.part >= 1 or body.parts == 0)):
        _refuse(
            _("the count posting is part {part} of {parts}; it must be part 1 to {parts}").format(
                part=body.part, parts=body.parts
            )
        )
    expected: Moves = Counter()
    seen: set[str] = set()
    most, level = limits.MAX_QTY_BASE, limits.MAX_STOCK_QTY_BASE
    for ln in body.lines:
        known(products, ln.sku)
        if ln.sku in seen:
            _refuse(_("the count posting lists {sku} twice").format(sku=ln.sku))
        seen.add(ln.sku)
        what = _("count posting's {field} of {sku}")
        _qty(what.format(field="book_qty_base", sku=ln.sku), ln.book_qty_base, -level, level,
             LEVEL_OUT_OF_RANGE)  # fmt: skip
        _qty(what.format(field="counted_qty_base", sku=ln.sku), ln.counted_qty_base, 0, most)
        _round(what.format(field="round", sku=ln.sku), ln.round)
        _one_of(what.format(field="abc_class", sku=ln.sku), ln.abc_class, st.CLASSES)
        if ln.variance_qty_base != ln.counted_qty_base - ln.book_qty_base:
            _refuse(
                _(
                    "the count posting's variance_qty_base of {sku} is {variance}, but counted"
                    " {counted} - book {book} = {expected}"
                ).format(
                    sku=ln.sku, variance=ln.variance_qty_base, counted=ln.counted_qty_base,
                    book=ln.book_qty_base, expected=ln.counted_qty_base - ln.book_qty_base,
                )
            )  # fmt: skip
        if not 0 <= ln.unit_cost_minor <= limits.MAX_UNIT_COST_MINOR:
            cost_out_of_range(what.format(field="unit_cost_minor", sku=ln.sku), ln.unit_cost_minor)
        if ln.value_minor != ln.variance_qty_base * ln.unit_cost_minor:
            _refuse(
                _(
                    "the count posting's value_minor of {sku} is {value}, but variance {variance}"
                    " x unit cost {cost} = {expected}"
                ).format(
                    sku=ln.sku, value=ln.value_minor, variance=ln.variance_qty_base,
                    cost=ln.unit_cost_minor, expected=ln.variance_qty_base * ln.unit_cost_minor,
                )
            )  # fmt: skip
        if abs(ln.value_minor) > limits.MAX_AMOUNT_MINOR:
            _refuse(
                _("the count posting's value_minor of {sku} is {value}, beyond {most} either way")
                .format(sku=ln.sku, value=ln.value_minor, most=limits.MAX_AMOUNT_MINOR),
                AMOUNT_OUT_OF_RANGE,
            )  # fmt: skip
        if ln.variance_qty_base:
            expected[(ln.sku, _ADJUSTMENT, None)] += ln.variance_qty_base
    same_moves(moves, expected, uncosted, products)
    # Head office reads an inflow's cost only (an outflow leaves at the average): each cost
    # a movement carries is its line's.
    costs = {ln.sku: ln.unit_cost_minor for ln in body.lines}
    for sku, _moved, _reason, cost in moves:
        if cost is not None and cost != costs.get(sku):
            _refuse(
                _(
                    "the count posting's adjustment of {sku} is at {cost} minor units where its"
                    " line says {line}"
                ).format(sku=sku, cost=cost, line=costs.get(sku))  # fmt: skip
            )


KEY_ITEMS_ORIGINS = ("store", "headoffice")


def key_items(entry: Any, moves: Sequence[MoveRow], products: ProductsBySku) -> None:
    """The store's key items replaced: a list common.domain.key_items takes (each SKU once,
    at most 30), each SKU of the catalogue, said by whom and from where; it moves nothing."""
    body = body_of(entry, "key_items")
    _present(_("key items' by"), body.by, _MAX_COUNTER_CHARS)
    if body.origin not in KEY_ITEMS_ORIGINS:
        _refuse(
            _("the key items' origin is {origin}; it must be one of {valid}").format(
                origin=repr(body.origin[:_MAX_ID_CHARS]), valid=", ".join(KEY_ITEMS_ORIGINS)
            )
        )
    try:
        skus = check_key_items(list(body.skus))
    except InvalidInput as exc:
        _refuse(str(exc))
    if len(skus) != len(body.skus):
        _refuse(_("the key items hold an empty SKU"))
    for sku in skus:
        known(products, sku)
    if moves:
        _refuse(_("a change of key items moves no stock, but this one has movements"))
