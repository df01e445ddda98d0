"""Stocktake at the store: open a count session, take count lines, read a session back.

Every step is an entry in the store's journal (kinds count_session, count_line),
written with the store's working rows (store.counts) in one transaction. A count
line records the SKU's book quantity read inside that same write transaction, so
it is exactly the book at the line's journal position: sales before it are in it,
sales after it are not, with no clock involved. The rules are
common.domain.stocktake's; submitting, approving and head office's orders are in
services.count_approval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain import stocktake as st
from common.domain.pricing import scan
from common.domain.till_roles import REVEAL_BOOK, may
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput, NotFound
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from common.text_safety import check_text
from edge_agent.domain.counts import CountLineEntry, CountSession, SessionEvent, scanned_qty
from edge_agent.domain.errors import UnknownBarcode
from edge_agent.domain.idempotency import keyed
from edge_agent.services.context import StoreContext
from edge_agent.services.keys import remember, replayed
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

DAY_MS = 24 * 3600 * 1000
# Above this many SKUs a report values them in one pass over the movements (unit_costs).
BULK_VALUATION_SKUS = 50


# -- reading a session ---------------------------------------------------------------------
@dataclass(frozen=True)
class CountReport:
    """A session with its figures now: what `pos count show` prints."""

    session: CountSession
    results: list[st.SkuResult]
    totals: st.Totals
    not_counted: list[str]
    unknown: list[st.CountedLine]  # lines of barcodes the catalogue does not know
    line_count: int
    reveal: bool  # whether the viewer may see book quantities and variances

    @property
    def moved(self) -> list[st.SkuResult]:
        """SKUs whose book changed between their first and last line (sold while counting)."""
        return [r for r in self.results if r.moved_qty_base]

    @property
    def needs_second_approval(self) -> bool:
        return st.needs_second_approval(self.results, self.session.tolerance)


def find_session(uow: UnitOfWork, store_code: str, session_id: str) -> CountSession:
    found = uow.counts.get(session_id.strip()) if session_id.strip() else None
    if found is None:
        raise NotFound(
            _("store {store} has no count session {session}").format(
                store=store_code, session=repr(session_id)
            )
        )
    return found


def unit_costs(uow: UnitOfWork, skus: Collection[str] = ()) -> Callable[[str], int]:
    """The moving-average cost of a SKU now (its catalogue cost before it ever moved).

    `skus`, when many, are valued up front in one pass over the movements (a full count's
    report values every SKU of the store); others as they are asked for, one query each."""
    cache: dict[str, int] = {}
    if len(skus) > BULK_VALUATION_SKUS:
        catalogue = uow.catalogue.cost_by_sku()
        starts = {sku: catalogue.get(sku, 0) for sku in skus}
        cache.update((sku, p.avg_cost_minor) for sku, p in uow.stock.positions(starts).items())

    def cost(sku: str) -> int:
        if sku not in cache:
            product = uow.catalogue.product_by_sku(sku)
            start = product.cost_minor if product is not None else 0
            cache[sku] = uow.stock.position(sku, start).avg_cost_minor
        return cache[sku]

    return cost


def in_scope(uow: UnitOfWork, session: CountSession) -> list[str]:
    """The SKUs a session covers: its resolved scope, or for a full count every stock-keeping
    product of the catalogue and every SKU the store holds some of."""
    if session.scope.kind != st.FULL:
        return list(session.scope.skus)
    held = {sku for sku, qty in uow.stock.levels() if qty}
    return sorted({sku for sku, _cat in uow.catalogue.goods()} | held)


def may_reveal(uow: UnitOfWork, session: CountSession, viewer: str) -> bool:
    """A blind session shows the book only to a person whose role may see it."""
    if not session.blind:
        return True
    member = uow.staff.find(viewer) if viewer else None
    return member is not None and may(member.role, REVEAL_BOOK)


def build_report(uow: UnitOfWork, session: CountSession, viewer: str = "") -> CountReport:
    lines = uow.counts.lines(session.session_id)
    costs = unit_costs(uow, {ln.sku for ln in lines if ln.sku})
    found = st.session_results(
        lines, session.classes, session.tolerance, costs, session.selling_locations
    )
    return CountReport(
        session=session,
        results=found,
        totals=st.totals(found),
        not_counted=st.not_counted(in_scope(uow, session), found),
        unknown=[ln for ln in lines if not ln.sku],
        line_count=len(lines),
        reveal=may_reveal(uow, session, viewer),
    )


def show_count(ctx: StoreContext, session_id: str, viewer: str = "") -> CountReport:
    with ctx.db.read() as uow:
        return build_report(uow, find_session(uow, ctx.store_code, session_id), viewer)


def list_counts(ctx: StoreContext, state: str = "") -> list[CountSession]:
    """The store's count sessions, newest first."""
    if state and state not in st.STATES:
        raise InvalidInput(
            _("count session state {state} is not one of {valid}").format(
                state=repr(state), valid=", ".join(st.STATES)
            )
        )
    with ctx.db.read() as uow:
        return uow.counts.select(state)


@dataclass(frozen=True)
class CounterLines:
    session: CountSession
    lines: list[st.CountedLine]
    reveal: bool


def counter_lines(ctx: StoreContext, session_id: str, counter: str) -> CounterLines:
    """The lines one person counted in a session (the book only if they may see it)."""
    with ctx.db.read() as uow:
        session = find_session(uow, ctx.store_code, session_id)
        lines = uow.counts.lines(session.session_id, counter=counter)
        return CounterLines(session, lines, may_reveal(uow, session, counter))


# -- opening a session ---------------------------------------------------------------------
def _check_codes(what: str, codes: Sequence[str], limit: int) -> tuple[str, ...]:
    return tuple(check_text(what, c.strip(), limit) for c in codes if c.strip())


def start_count(
    ctx: StoreContext,
    actor: str,
    kind: str,
    categories: Sequence[str] = (),
    locations: Sequence[str] = (),
    abc_classes: Sequence[str] = (),
    skus: Sequence[str] = (),
    title: str = "",
    blind: bool = True,
    tolerance: st.Tolerance | None = None,
    selling_locations: Sequence[str] = (),
) -> CountSession:
    """Open a count session at the store: its scope resolved into SKUs now, its SKUs' ABC
    classes from the store's sales value over the last 90 days; a session sharing a SKU
    with one still open is refused. With `selling_locations` (where the tills sell from),
    each SKU is compared with the book at its last line there."""
    categories = _check_codes(_("a category"), categories, st.MAX_LOCATION_CHARS)
    locations = tuple(st.check_location(loc) for loc in locations if loc.strip())
    selling = tuple(st.check_location(loc) for loc in selling_locations if loc.strip())
    abc_classes = tuple(c.strip().upper() for c in abc_classes if c.strip())
    skus = _check_codes(_("a SKU"), skus, st.MAX_LOCATION_CHARS)
    st.check_scope_request(kind, categories, locations, abc_classes, skus)
    title = check_text(_("the count's title"), title.strip(), st.MAX_TITLE_CHARS)
    at = now_ms()
    with ctx.db.write() as uow:
        # The chain's tolerance, as head office last sent it (the defaults until then).
        tolerance = tolerance or uow.counts.tolerance()
        goods = uow.catalogue.goods()
        sold = uow.sales.value_by_sku_since(at - st.ABC_DAYS * DAY_MS)
        ranked = st.classify_abc(sold)
        classes = {sku: ranked.get(sku, st.DEFAULT_CLASS) for sku, _cat in goods}
        if kind == st.CATEGORY:
            candidates = [sku for sku, cat in goods if st.category_covers(cat, categories)]
        elif kind == st.LOCATION:
            shelves = uow.counts.locations()
            candidates = [s for s, loc in shelves.items() if st.location_covers(loc, locations)]
        elif kind == st.ABC:
            candidates = [sku for sku, _cat in goods if classes[sku] in abc_classes]
        else:
            candidates = list(skus)
            _check_goods(uow, ctx.store_code, candidates)
        scope = st.resolved_scope(
            kind, candidates, categories=categories, locations=locations, abc_classes=abc_classes
        )
        session = open_session(
            uow, new_document_id(), "store", scope, tolerance, classes, title, blind, actor, at,
            selling_locations=selling,
        )  # fmt: skip
    log_event(log, logging.INFO, "count session opened", session_id=session.session_id,
              scope=scope.kind, skus=len(scope.skus))  # fmt: skip
    return session


def _check_goods(uow: UnitOfWork, store_code: str, skus: Sequence[str]) -> None:
    for sku in skus:
        product = uow.catalogue.product_by_sku(sku)
        if product is None:
            raise NotFound(
                _("store {store} has no product with SKU {sku} to count").format(
                    store=store_code, sku=sku
                )
            )
        if product.kind != "goods":
            raise InvalidInput(
                _("{sku} is a {kind}, not goods on a shelf: count its goods instead").format(
                    sku=sku, kind=product.kind
                )
            )


def open_session(
    uow: UnitOfWork,
    session_id: str,
    origin: str,
    scope: st.Scope,
    tolerance: st.Tolerance,
    classes: dict[str, str],
    title: str,
    blind: bool,
    actor: str,
    at: int,
    check_overlap: bool = True,
    selling_locations: tuple[str, ...] = (),
) -> CountSession:
    """Journal the opened event and keep the session (refused when it overlaps an open one)."""
    if check_overlap:
        held = [s for s in uow.counts.open_sessions() if st.holds_its_skus(s.origin)]
        st.check_no_overlap(scope, [(s.session_id, s.scope) for s in held])
    kept = {
        sku: c
        for sku, c in classes.items()
        if c != st.DEFAULT_CLASS and (scope.kind == st.FULL or scope.covers(sku))
    }
    event = st.OPENED
    body = SessionEvent(
        session_id, event, origin, scope, tolerance, tuple(sorted(kept.items())), title, blind,
        by=actor, selling_locations=selling_locations,
    )  # fmt: skip
    entry = uow.journal.append(jk.COUNT_SESSION, session_id, actor, body, occurred_at_ms=at)
    session = CountSession(
        session_id=session_id, origin=origin, state=st.S_OPEN, scope=scope,
        tolerance=tolerance, classes=kept, selling_locations=selling_locations, title=title,
        blind=blind, created_by=actor, created_at_ms=at, opened_seq=entry.seq,
    )  # fmt: skip
    uow.counts.save(session)
    uow.counts.set_skus(session_id, scope.skus, kept)
    return session


# -- count lines -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AddedLine:
    session: CountSession
    line: st.CountedLine
    replayed: bool
    reveal: bool


def add_count_line(
    ctx: StoreContext,
    counter: str,
    session_id: str,
    code: str = "",
    sku: str = "",
    qty: object = None,
    location: str = "",
    reason: str = "",
    line_id: str = "",
) -> AddedLine:
    """One count line: a scanned `code` (a pack barcode counts its units, a weighed label
    its weight, an unknown barcode is kept as a line with no SKU), or a `sku` with a typed
    quantity. A retry with the same line id and content returns the first line; nothing is
    written when the line is refused."""
    # A code is kept as scanned when the catalogue does not know it: printable, bounded.
    code = clean_reference(_("the scanned code"), code)
    sku = sku.strip()
    if bool(code) == bool(sku):
        raise InvalidInput(_("a count line is a scanned code or a SKU with its quantity"))
    location = st.check_location(location) if location.strip() else ""
    reason = check_text(_("the reason"), reason.strip(), st.MAX_REASON_CHARS)
    if sku:
        st.check_line_qty(qty, reason)
    content = (session_id, code, sku, qty if isinstance(qty, int) else None, location, reason,
               counter)  # fmt: skip
    request = keyed("count_line", line_id, list(content))
    with ctx.db.write() as uow:
        seq = replayed(uow, request)
        if seq is not None:
            at = uow.counts.line_at(seq)
            assert at is not None
            session = find_session(uow, ctx.store_code, at[0])
            return AddedLine(session, at[1], True, may_reveal(uow, session, counter))
        session = find_session(uow, ctx.store_code, session_id)
        scanned_code = ""
        if code:
            scanned_code = code
            try:
                scanned = scan(code, uow.catalogue.find_product, ctx.store_code, ctx.policy.labels)
            except UnknownBarcode:
                sku, counted = "", qty if isinstance(qty, int) and qty > 0 else 1
            else:
                _check_goods(uow, ctx.store_code, [scanned.product.sku])
                sku, counted = scanned.product.sku, scanned_qty(scanned)
        else:
            _check_goods(uow, ctx.store_code, [sku])
            counted = qty  # type: ignore[assignment]  # checked by check_line_qty above
        line = append_line(
            uow, ctx.store_code, session, sku, counted, counter, location=location,
            reason=reason, scanned_code=scanned_code,
            line_id=request.key if request is not None else new_document_id(),
        )  # fmt: skip
        remember(uow, request, line.seq)
        reveal = may_reveal(uow, session, counter)
    return AddedLine(session, line, False, reveal)


def append_line(
    uow: UnitOfWork,
    store_code: str,
    session: CountSession,
    sku: str,
    qty: int,
    counter: str,
    *,
    location: str = "",
    reason: str = "",
    scanned_code: str = "",
    line_id: str = "",
) -> st.CountedLine:
    """Check one line against the session's rules and journal it, with the SKU's book read
    now, inside the caller's write transaction: exactly the book at the line's position."""
    earlier = uow.counts.lines(session.session_id, sku) if sku else []
    rnd = st.check_line(session.view(store_code), store_code, sku, qty, reason, counter, earlier)
    seq = uow.journal.next_seq()
    line = st.CountedLine(
        seq=seq, sku=sku, qty_base=qty, round=rnd,
        book_qty_base=uow.stock.level(sku) if sku else 0, counter=counter, location=location,
        reason=reason, scanned_code=scanned_code, line_id=line_id or new_document_id(),
    )  # fmt: skip
    entry = CountLineEntry(session.session_id, line)
    uow.journal.append(jk.COUNT_LINE, session.session_id, counter, entry, seq=seq)
    uow.counts.add_line(session.session_id, line)
    return line
