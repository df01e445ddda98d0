"""Handover spot counts: the store's key items, counted by the incoming cashier at a handover.

A store may name a short list of key items (cigarettes, spirits, high-value goods). While
it has one, a shift handover passes the drawer only with the incoming cashier's count of
every key item: a count session of its own (scope kind and origin "handover", blind),
one count line a key item by the incoming cashier, submitted in the handover's own
transaction. SKUs outside tolerance go to a recount by someone else, as in any count,
and the handover's shift event names the session and those SKUs. Approving and posting
the session follow the normal rules (services.count_approval).

The spot count is exempt from the rule that two open sessions share no SKU: a handover
cannot wait for a full count to finish. Instead its approval waits
(count_approval.check_not_superseded), so no SKU's variance posts twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain import stocktake as st
from common.domain.key_items import check_key_items
from common.domain.till_roles import STAFF_CODE_MAX
from common.errors import InvalidInput
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from common.text_safety import check_text
from edge_agent.domain.counts import KEY_ITEMS_FROM_HEADOFFICE, KEY_ITEMS_FROM_STORE, KeyItemsEntry
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import submit_session
from edge_agent.services.counting import DAY_MS, _check_goods, append_line
from edge_agent.services.counting import open_session as open_count_session
from edge_agent.services.downstream import apply_once
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpotCount:
    """The handover's spot count as the shift event records it."""

    session_id: str
    outside: tuple[str, ...]  # SKUs outside tolerance, sent to a recount


def key_items(ctx: StoreContext) -> list[str]:
    with ctx.db.read() as uow:
        return uow.counts.key_items()


def set_key_items(ctx: StoreContext, actor: str, skus: Sequence[str]) -> list[str]:
    """Replace the store's key items (none: handovers count nothing). Each is goods the
    catalogue knows, once; the list is short (common.domain.key_items)."""
    items = check_key_items(skus)
    with ctx.db.write() as uow:
        _check_goods(uow, ctx.store_code, items)
        _replace_key_items(uow, items, actor, KEY_ITEMS_FROM_STORE)
        return uow.counts.key_items()


def _replace_key_items(uow: UnitOfWork, items: tuple[str, ...], by: str, origin: str) -> None:
    """Replace the list and journal it (kind key_items), in the same transaction: head
    office keeps the store's list from the entry, and a rebuilt ledger gets it back."""
    at = now_ms()
    uow.counts.set_key_items(items, by, at)
    body = KeyItemsEntry(items, by, origin, uow.counts.key_items_order_cursor())
    uow.journal.append(jk.KEY_ITEMS, new_document_id(), by, body, occurred_at_ms=at)


def apply_key_items(ctx: StoreContext, skus: Sequence[str], by: str, cursor: int) -> bool:
    """Head office set the store's key items (hoctl count key-items set): they replace the
    store's, once. A SKU the store's catalogue does not hold as goods is left out and
    logged: a downstream event never wedges the stream."""

    def work(uow: UnitOfWork) -> None:
        if cursor and cursor <= uow.counts.key_items_order_cursor():
            return  # applied before this ledger was rebuilt: its list since came back too
        kept = []
        for sku in skus:
            product = uow.catalogue.product_by_sku(sku)
            if product is None or product.kind != "goods":
                log_event(log, logging.WARNING, "key item left out: not goods at the store",
                          sku=sku)  # fmt: skip
            else:
                kept.append(sku)
        if cursor:
            uow.counts.set_key_items_order_cursor(cursor)
        # journalled as said by head office's person (an order naming none: "headoffice")
        who = by.strip()[:STAFF_CODE_MAX] or KEY_ITEMS_FROM_HEADOFFICE
        _replace_key_items(uow, tuple(kept), who, KEY_ITEMS_FROM_HEADOFFICE)

    applied = apply_once(ctx, cursor, work)
    if applied:
        log_event(log, logging.INFO, "key items set by head office", by=by, skus=len(skus))
    return applied


def check_spot_counts(
    till_id: str, incoming: str, items: Sequence[str], counts: Sequence[tuple[str, object]]
) -> list[tuple[str, int]]:
    """The spot count as given, refused unless it is one whole count, zero or more, of each
    key item and nothing else; returned in the key list's order."""
    if not items:
        if counts:
            raise InvalidInput(
                _(
                    "this store has no key items to count at a handover; set them first with"
                    " pos count key-items set"
                )
            )
        return []
    check_text(_("the next cashier's name"), incoming, STAFF_CODE_MAX)  # the counter
    if not counts:
        raise InvalidInput(
            _(
                "the handover at till {till} needs {cashier}'s spot count of the key items"
                " first: count each of {skus} (--spot SKU=QTY)"
            ).format(till=till_id, cashier=incoming, skus=", ".join(items))  # fmt: skip
        )
    given: dict[str, int] = {}
    for sku, qty in counts:
        if sku not in items:
            raise InvalidInput(
                _("{sku} is not one of the store's key items: {skus}").format(
                    sku=sku, skus=", ".join(items)
                )
            )
        if sku in given:
            raise InvalidInput(_("key item {sku} is counted twice").format(sku=sku))
        if isinstance(qty, int) and not isinstance(qty, bool) and qty < 0:
            raise InvalidInput(
                _("the spot count of {sku} cannot be negative, got {qty}").format(sku=sku, qty=qty)
            )
        given[sku] = st.check_line_qty(qty, "")
    missing = [sku for sku in items if sku not in given]
    if missing:
        raise InvalidInput(
            _("the spot count has no count of key item(s) {skus}: count each one").format(
                skus=", ".join(missing)
            )
        )
    return [(sku, given[sku]) for sku in items]


def spot_count(
    uow: UnitOfWork,
    ctx: StoreContext,
    till_id: str,
    outgoing: str,
    incoming: str,
    counts: Sequence[tuple[str, int]],
) -> SpotCount | None:
    """Open, count and submit the handover's spot count inside the handover's write."""
    if not counts:
        return None
    at = now_ms()
    skus = [sku for sku, _qty in counts]
    _check_goods(uow, ctx.store_code, skus)
    ranked = st.classify_abc(uow.sales.value_by_sku_since(at - st.ABC_DAYS * DAY_MS))
    classes = {sku: ranked.get(sku, st.DEFAULT_CLASS) for sku in skus}
    st.check_scope_request(st.HANDOVER, skus=skus)
    scope = st.resolved_scope(st.HANDOVER, skus)
    title = _("handover at till {till}: {outgoing} to {incoming}").format(
        till=till_id, outgoing=outgoing, incoming=incoming
    )[: st.MAX_TITLE_CHARS]
    session = open_count_session(
        uow, new_document_id(), st.HANDOVER, scope, uow.counts.tolerance(), classes, title, True,
        incoming, at, check_overlap=False,
    )  # fmt: skip
    for sku, qty in counts:
        append_line(uow, ctx.store_code, session, sku, qty, incoming)
    session = submit_session(uow, session, incoming)
    return SpotCount(session.session_id, tuple(session.recount_skus))


def spot_count_text(spotted: SpotCount | None) -> str:
    """The handover report's line on its spot count (nothing without one)."""
    if spotted is None:
        return ""
    if not spotted.outside:
        return "\n" + _("spot count {session}: every key item within tolerance").format(
            session=spotted.session_id
        )
    return "\n" + _("spot count {session}: {n} item(s) outside tolerance: {skus}").format(
        session=spotted.session_id, n=len(spotted.outside), skus=", ".join(spotted.outside)
    )
