"""The Till gRPC service pos talks to: unpack, call one service in a thread, pack the reply.

Documents are committed first; printing and the drawer follow through the
peripherals (api.till_printing), bounded in time, their outcome in the reply.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import grpc

from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import catalogue_pb2, till_pb2, till_pb2_grpc
from edge_agent.api.errors import abort_with
from edge_agent.api.till_printing import bounded_print
from edge_agent.devices.peripherals import NoPeripherals, Peripherals, StoreHeader
from edge_agent.domain.errors import UnknownBarcode
from edge_agent.domain.product import CatalogueProduct
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.sale import ScannedItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.metrics import EdgeMetrics
from edge_agent.services import approving, queries, returning, selling, shifts, till_actions
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.sync.link import HeadOfficeLink


def _product(p: CatalogueProduct, codes: list[str]) -> catalogue_pb2.Product:
    return catalogue_pb2.Product(
        sku=p.sku,
        name=p.name,
        barcodes=codes,
        unit=p.unit,
        price_minor=p.price_minor,
        cost_minor=p.cost_minor,
        currency=p.currency,
        active=p.active,
    )


def _items(request: till_pb2.SellRequest) -> list[ScannedItem]:
    return [
        ScannedItem(
            i.code,
            i.qty_base,
            i.price_override_minor if i.HasField("price_override_minor") else None,
            i.discount_minor,
            i.approval_id,
        )
        for i in request.items
    ]


def _offers(tenders: Any) -> list[TenderOffer]:
    return [TenderOffer(t.method, t.amount_minor, t.reference) for t in tenders]


def _counts(counted: Any) -> list[tuple[int, int]]:
    return [(c.denomination_minor, c.count) for c in counted]


def _shift_state(view: shifts.ShiftView) -> till_pb2.ShiftState:
    return till_pb2.ShiftState(
        shift_id=view.shift_id,
        till_id=view.till_id,
        cashier=view.cashier,
        open=view.open,
        opened_at_ms=view.opened_at_ms,
        float_minor=view.float_minor,
        sales_count=view.sales_count,
    )


class TillServicer(till_pb2_grpc.TillServicer):
    def __init__(
        self,
        ctx: StoreContext,
        link: HeadOfficeLink,
        metrics: EdgeMetrics,
        peripherals: Peripherals | None = None,
    ) -> None:
        self._ctx = ctx
        self._link = link
        self._metrics = metrics
        self._peripherals: Peripherals = peripherals or NoPeripherals()
        self._header = StoreHeader(ctx.store_code, ctx.store_name, ctx.currency)

    async def _run(self, context: grpc.aio.ServicerContext, fn: Callable[..., Any], *args: Any):
        try:
            return await asyncio.to_thread(fn, *args)
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise

    async def _wrote(self, context, fn, *args):
        result = await self._run(context, fn, *args)
        self._link.journal_grew.set()
        return result

    async def Sell(self, request, context) -> till_pb2.SellReply:
        started = time.perf_counter()
        result = await self._run(
            context,
            selling.sell,
            self._ctx,
            request.till_id,
            request.cashier,
            _items(request),
            _offers(request.tenders),
            request.idempotency_key,
        )
        if not result.replayed:
            self._metrics.sale_commit_seconds.observe(time.perf_counter() - started)
            self._metrics.sales.inc()
            self._link.journal_grew.set()
        cash = any(t.method == "cash" for t in result.sale.tenders)
        printed = await bounded_print(
            f"the receipt of sale {result.sale.sale_no}",
            lambda: self._peripherals.print_sale(
                request.till_id,
                self._header,
                result.sale,
                result.seq,
                result.occurred_at_ms,
                cash and not result.replayed,
                result.replayed,
            ),
        )
        return till_pb2.SellReply(
            seq=result.seq,
            sale=result.sale,
            receipt_text=result.receipt_text,
            change_minor=result.change_minor,
            print=printed,
        )

    async def Receive(self, request, context) -> till_pb2.ReceiveReply:
        result = await self._wrote(
            context,
            receive,
            self._ctx,
            request.supplier_ref,
            [DeliveryItem(i.code, i.qty_base, i.unit_cost_minor) for i in request.items],
            request.actor,
            request.idempotency_key,
        )
        return till_pb2.ReceiveReply(seq=result.seq, receipt=result.receipt)

    async def GetStock(self, request, context) -> till_pb2.TillStockReply:
        rows = await self._run(context, queries.stock, self._ctx, request.sku)
        if request.sku and not rows:
            await abort_with(
                context,
                UnknownBarcode(
                    f"store {self._ctx.store_code} has no product or stock for SKU {request.sku}"
                ),
            )
        return till_pb2.TillStockReply(
            rows=[
                till_pb2.TillStockRow(sku=r.sku, name=r.name, unit=r.unit, qty_base=r.qty_base)
                for r in rows
            ]
        )

    async def GetStatus(self, request, context) -> till_pb2.TillStatusReply:
        st = await self._run(context, queries.status, self._ctx)
        return till_pb2.TillStatusReply(
            store_code=st.store_code,
            connected=self._link.connected,
            newest_seq=st.newest_seq,
            acked_seq=st.acked_seq,
            backlog_entries=st.backlog_entries,
            lag_ms=st.lag_ms,
            last_contact_ms=st.last_contact_ms,
            catalogue_cursor=st.catalogue_cursor,
            products=st.products,
        )

    async def LookupProduct(self, request, context) -> catalogue_pb2.Product:
        p, codes = await self._run(context, queries.lookup_product, self._ctx, request.code)
        return _product(p, codes)

    async def Scan(self, request, context) -> till_pb2.ScanResult:
        scanned, codes = await self._run(context, selling.scan_code, self._ctx, request.code)
        kind = "barcode" if scanned.kind == "barcode_or_sku" else scanned.kind
        if kind == "barcode" and request.code.strip() == scanned.product.sku:
            kind = "sku"
        return till_pb2.ScanResult(
            product=_product(scanned.product, codes),
            kind=kind,
            qty_base=scanned.qty_base,
            amount_minor=scanned.amount_minor,
        )

    async def SearchProducts(self, request, context) -> till_pb2.SearchProductsReply:
        found = await self._run(context, selling.search, self._ctx, request.text, request.limit)
        return till_pb2.SearchProductsReply(products=[_product(p, c) for p, c in found])

    async def PriceCart(self, request, context) -> till_pb2.CartQuote:
        q = await self._run(context, selling.price_cart, self._ctx, _items(request))
        sale = selling.sale_message(
            selling.Sale(self._ctx.store_code, "", "", self._ctx.currency, q.lines, [], 0), "", 0
        )
        return till_pb2.CartQuote(
            lines=sale.lines,
            total_minor=q.total_minor,
            cash_total_minor=q.cash_total_minor,
            rounding_minor=q.rounding_minor,
            currency=self._ctx.currency,
        )

    async def Approve(self, request, context) -> till_pb2.ApproveReply:
        granted = await self._wrote(
            context,
            approving.approve,
            self._ctx,
            request.till_id,
            request.cashier,
            request.manager,
            request.pin,
            request.action,
            request.details,
        )
        return till_pb2.ApproveReply(
            approval_id=granted.approval_id, expires_at_ms=granted.expires_at_ms
        )

    async def VoidCart(self, request, context) -> till_pb2.VoidCartReply:
        seq = await self._wrote(
            context,
            till_actions.void_cart,
            self._ctx,
            request.till_id,
            request.cashier,
            request.scope,
            list(request.lines),
            request.approval_id,
        )
        return till_pb2.VoidCartReply(seq=seq)

    async def GetSale(self, request, context) -> till_pb2.SaleRecord:
        rec = await self._run(
            context, selling.get_sale, self._ctx, request.sale_no, request.sale_id
        )
        return till_pb2.SaleRecord(
            seq=rec.seq, sale=rec.sale, returned_qty=rec.returned_qty, receipt_text=rec.receipt_text
        )

    async def Return(self, request, context) -> till_pb2.ReturnReply:
        result = await self._wrote(
            context,
            returning.return_goods,
            self._ctx,
            request.till_id,
            request.cashier,
            request.original_sale_no,
            [returning.ReturnItemIn(i.code, i.qty_base, i.disposition) for i in request.items],
            _offers(request.refunds),
            request.approval_id,
            request.reason,
            request.idempotency_key,
        )
        ret = result.sale_return
        cash = any(t.method == "cash" for t in ret.refunds)
        printed = await bounded_print(
            f"the receipt of return {ret.return_no}",
            lambda: self._peripherals.print_return(
                request.till_id,
                self._header,
                ret,
                result.seq,
                result.occurred_at_ms,
                cash and not result.replayed,
                result.replayed,
            ),
        )
        return till_pb2.ReturnReply(
            seq=result.seq, sale_return=ret, receipt_text=result.receipt_text, print=printed
        )

    async def Reprint(self, request, context) -> till_pb2.PrintOutcome:
        till_id = request.till_id or "T1"
        if request.return_no:
            r = await self._run(context, returning.get_return, self._ctx, request.return_no)
            return await bounded_print(
                f"the receipt of return {request.return_no}",
                lambda: self._peripherals.print_return(
                    till_id, self._header, r.sale_return, r.seq, r.occurred_at_ms, False, True
                ),
            )
        s = await self._run(context, selling.get_sale, self._ctx, request.sale_no)
        return await bounded_print(
            f"the receipt of sale {request.sale_no}",
            lambda: self._peripherals.print_sale(
                till_id, self._header, s.sale, s.seq, s.occurred_at_ms, False, True
            ),
        )

    async def NoSale(self, request, context) -> till_pb2.PrintOutcome:
        await self._wrote(
            context,
            till_actions.no_sale,
            self._ctx,
            request.till_id,
            request.cashier,
            request.approval_id,
            request.reason,
        )
        return await bounded_print(
            "the no-sale", lambda: self._peripherals.open_drawer(request.till_id)
        )

    async def OpenShift(self, request, context) -> till_pb2.ShiftState:
        view = await self._wrote(
            context,
            shifts.open_shift,
            self._ctx,
            request.till_id,
            request.cashier,
            request.float_minor,
        )
        return _shift_state(view)

    async def CashInOut(self, request, context) -> till_pb2.ShiftState:
        view = await self._wrote(
            context,
            shifts.cash_in_out,
            self._ctx,
            request.till_id,
            request.cashier,
            request.direction,
            request.amount_minor,
            request.reason,
            request.approval_id,
        )
        return _shift_state(view)

    async def GetShift(self, request, context) -> till_pb2.ShiftState:
        return _shift_state(await self._run(context, shifts.get_shift, self._ctx, request.till_id))

    async def _closed(self, request, closed: shifts.ShiftClosed) -> till_pb2.ShiftCloseReply:
        title = "Shift handover" if closed.next_shift else "Shift close"
        printed = await bounded_print(
            f"the {title.lower()} report",
            lambda: self._peripherals.print_text(
                request.till_id, self._header, title, closed.report_text
            ),
        )
        return till_pb2.ShiftCloseReply(
            seq=closed.seq,
            event=closed.event,
            report_text=closed.report_text,
            next_shift=_shift_state(closed.next_shift) if closed.next_shift else None,
            print=printed,
        )

    async def CloseShift(self, request, context) -> till_pb2.ShiftCloseReply:
        closed = await self._wrote(
            context,
            shifts.close_shift,
            self._ctx,
            request.till_id,
            request.cashier,
            _counts(request.counted),
        )
        return await self._closed(request, closed)

    async def Handover(self, request, context) -> till_pb2.ShiftCloseReply:
        closed = await self._wrote(
            context,
            shifts.handover,
            self._ctx,
            request.till_id,
            request.cashier,
            request.next_cashier,
            _counts(request.counted),
        )
        return await self._closed(request, closed)

    async def _print_report(self, till_id: str, report) -> till_pb2.ReportReply:
        title = f"Z report {report.number}" if report.kind == "z" else "X report"
        outcome = await bounded_print(
            f"the {title}",
            lambda: self._peripherals.print_text(till_id, self._header, title, report.text),
        )
        return till_pb2.ReportReply(report=report, print=outcome)

    async def XReport(self, request, context):
        report = await self._run(
            context, shifts.x_report, self._ctx, request.till_id, request.cashier
        )
        return await self._print_report(request.till_id, report)

    async def ZReport(self, request, context):
        _, report = await self._wrote(
            context,
            shifts.z_report,
            self._ctx,
            request.till_id,
            request.cashier,
            request.business_date,
        )
        return await self._print_report(request.till_id, report)
