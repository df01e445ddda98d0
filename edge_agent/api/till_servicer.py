"""The Till gRPC service pos talks to: unpack, call one service in a thread, pack the reply."""

from __future__ import annotations

import asyncio
import time

import grpc

from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import catalogue_pb2, till_pb2, till_pb2_grpc
from edge_agent.api.errors import abort_with
from edge_agent.devices.peripherals import NoPeripherals, Peripherals
from edge_agent.domain.errors import UnknownBarcode
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.sale import ScannedItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.metrics import EdgeMetrics
from edge_agent.services import queries
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.selling import sell
from edge_agent.sync.link import HeadOfficeLink


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

    async def Sell(
        self, request: till_pb2.SellRequest, context: grpc.aio.ServicerContext
    ) -> till_pb2.SellReply:
        started = time.perf_counter()
        try:
            result = await asyncio.to_thread(
                sell,
                self._ctx,
                request.till_id,
                request.cashier,
                [ScannedItem(i.code, i.qty_base) for i in request.items],
                [TenderOffer(t.method, t.amount_minor, t.reference) for t in request.tenders],
                request.idempotency_key,
            )
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise
        if not result.replayed:
            self._metrics.sale_commit_seconds.observe(time.perf_counter() - started)
            self._metrics.sales.inc()
            self._link.journal_grew.set()
        return till_pb2.SellReply(
            seq=result.seq,
            sale=result.sale,
            receipt_text=result.receipt_text,
            change_minor=result.change_minor,
        )

    async def Receive(
        self, request: till_pb2.ReceiveRequest, context: grpc.aio.ServicerContext
    ) -> till_pb2.ReceiveReply:
        try:
            result = await asyncio.to_thread(
                receive,
                self._ctx,
                request.supplier_ref,
                [DeliveryItem(i.code, i.qty_base, i.unit_cost_minor) for i in request.items],
                request.actor,
                request.idempotency_key,
            )
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise
        self._link.journal_grew.set()
        return till_pb2.ReceiveReply(seq=result.seq, receipt=result.receipt)

    async def GetStock(
        self, request: till_pb2.TillStockRequest, context: grpc.aio.ServicerContext
    ) -> till_pb2.TillStockReply:
        try:
            rows = await asyncio.to_thread(queries.stock, self._ctx, request.sku)
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise
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

    async def GetStatus(
        self, request: till_pb2.TillStatusRequest, context: grpc.aio.ServicerContext
    ) -> till_pb2.TillStatusReply:
        try:
            st = await asyncio.to_thread(queries.status, self._ctx)
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise
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

    async def LookupProduct(
        self, request: till_pb2.LookupProductRequest, context: grpc.aio.ServicerContext
    ) -> catalogue_pb2.Product:
        try:
            p, codes = await asyncio.to_thread(queries.lookup_product, self._ctx, request.code)
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise
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
