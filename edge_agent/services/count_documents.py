"""A count session's paper side at the store (docs/stocktake-reports.md): the sheet people
count from, the filled count file a handheld brings back, and the variance report.

The documents themselves are common.reports' pure functions; this module gives them
the store's data: the SKUs a session covers with their shelf locations, barcodes and
names; a count file's lines checked against the session and journalled as count lines
in one transaction (all or nothing); the results a manager signs.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.domain.count_sheets import Known, Lookup, SheetItem
from common.domain.stocktake import CountedLine
from common.errors import PermissionDenied
from common.i18n import _
from common.logs import log_event
from common.reports.count_sheet import parse_count_file
from common.reports.variance_pdf import VarianceHeader, variance_pdf
from edge_agent.domain.counts import CountSession
from edge_agent.services.context import StoreContext
from edge_agent.services.counting import append_line, build_report, find_session, in_scope
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CountSheet:
    session: CountSession
    store_code: str
    items: list[SheetItem]


def count_sheet(ctx: StoreContext, session_id: str) -> CountSheet:
    """The SKUs a session covers, each at its shelf location (learned from count lines)."""
    with ctx.db.read() as uow:
        session = find_session(uow, ctx.store_code, session_id)
        shelves = uow.counts.locations()
        items = []
        for sku in in_scope(uow, session):
            product = uow.catalogue.product_by_sku(sku)
            barcodes = uow.catalogue.barcodes_of(sku)
            items.append(
                SheetItem(
                    location=shelves.get(sku, ""),
                    sku=sku,
                    barcode=barcodes[0] if barcodes else "",
                    name=product.name if product is not None else "",
                    unit=product.unit if product is not None else "piece",
                )
            )
    return CountSheet(session, ctx.store_code, items)


@dataclass(frozen=True)
class ImportedCount:
    session: CountSession
    lines: list[CountedLine]
    replayed: bool


def import_count_file(
    ctx: StoreContext, counter: str, session_id: str, data: bytes
) -> ImportedCount:
    """Take a filled count file (a handheld's export or the sheet's CSV) as count lines of
    the person signed in, all or none: every bad line is named in one refusal. The same
    file imported again into the same session gives the same lines and writes nothing."""
    digest = hashlib.sha256(data).hexdigest()[:24]
    with ctx.db.write() as uow:
        session = find_session(uow, ctx.store_code, session_id)
        # Each line's id names the file and the session (ids are unique in the ledger) in
        # 30 characters and then its line number: the session's id in full made a file of
        # more than 8 rows exceed the 64 characters of a line id, and it was refused.
        key = hashlib.sha256(f"{session.session_id}:{digest}".encode()).hexdigest()[:24]
        prefix = f"file:{key}:"
        earlier = f"file:{digest}:{session.session_id}:"  # how files were imported before
        before = [
            ln
            for ln in uow.counts.lines(session.session_id)
            if ln.line_id.startswith((prefix, earlier))
        ]
        if before:
            return ImportedCount(session, before, True)
        found = parse_count_file(data, _lookup(uow))
        lines = [
            append_line(
                uow,
                ctx.store_code,
                session,
                ln.sku,
                ln.qty_base,
                counter,
                location=ln.location,
                line_id=f"{prefix}{ln.line_no}",
            )  # fmt: skip
            for ln in found
        ]
    log_event(log, logging.INFO, "count file imported", session_id=session.session_id,
              lines=len(lines), counter=counter)  # fmt: skip
    return ImportedCount(session, lines, False)


def _lookup(uow: UnitOfWork) -> Lookup:
    """lookup(column, code) for parse_count_file: goods of the store's catalogue only."""

    def lookup(column: str, code: str) -> Known | None:
        product = (
            uow.catalogue.product_by_sku(code)
            if column == "sku"
            else uow.catalogue.find_product(code)
        )
        if product is None or product.kind != "goods":
            return None
        return Known(product.sku, product.unit)

    return lookup


def variance_report(ctx: StoreContext, session_id: str, viewer: str) -> bytes:
    """The variance report a manager signs, as PDF; only for a person who may see the book."""
    with ctx.db.read() as uow:
        session = find_session(uow, ctx.store_code, session_id)
        report = build_report(uow, session, viewer)
        if not report.reveal:
            raise PermissionDenied(
                _(
                    "{person} may not see book quantities, so not the variance report of count"
                    " session {session}"
                ).format(person=viewer, session=session.session_id)
            )
        names = {}
        for r in report.results:
            product = uow.catalogue.product_by_sku(r.sku)
            names[r.sku] = product.name if product is not None else ""
    counted_by = sorted({c for r in report.results for c in r.counters})
    approvers = [a for a in (session.approved_by, session.second_approved_by) if a]
    header = VarianceHeader(
        session_id=session.session_id,
        store_code=ctx.store_code,
        title=session.title,
        scope=session.scope,
        state=session.state,
        counted_by=tuple(counted_by),
        approved_by=tuple(approvers),
        currency=ctx.currency,
        printed_at_ms=now_ms(),
    )
    return variance_pdf(header, report.results, names)
