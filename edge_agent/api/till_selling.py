"""The Till RPCs around a sale: scan, look up, search, price, sell, find, return, reprint.

A sale or return is committed first; its receipt and the drawer follow
through the peripherals (api.till_printing), bounded in time, their outcome
in the reply.
"""

from __future__ import annotations

import time
from functools import partial

from common.pb.storeledger.v1 import catalogue_pb2, till_pb2
from edge_agent.api.messages import catalogue as cm
from edge_agent.api.messages import till as m
from edge_agent.api.till_base import TillBase
from edge_agent.devices.peripherals import PrintResult
from edge_agent.services import coupons, queries, returning, selling


class SellingRpcs(TillBase):
    async def Sell(self, request, context) -> till_pb2.SellReply:
        started = time.perf_counter()
        result = await self._call(
            partial(selling.sell, member_text=request.member),
            request.till_id,
            request.cashier,
            m.scanned_items(request.items),
            m.tender_offers(request.tenders),
            request.idempotency_key,
            coupons=coupons.presented(request.coupons),
        )
        if not result.replayed:
            self.metrics.sale_commit_seconds.observe(time.perf_counter() - started)
            self.metrics.sales.inc()
            self._link.journal_grew.set()
        drawer = result.sale.paid_in_cash and not result.replayed
        printed = await self._print_receipt(
            request.till_id, result.receipt, drawer, result.replayed
        )
        return m.sell_reply(result, printed, self._ctx.policy.time_zone)

    async def LookupProduct(self, request, context) -> catalogue_pb2.Product:
        product, barcodes = await self._call(queries.lookup_product, request.code)
        return cm.product_pb(product, barcodes)

    async def Scan(self, request, context) -> till_pb2.ScanResult:
        return m.scan_result(await self._call(selling.scan_code, request.code))

    async def SearchProducts(self, request, context) -> till_pb2.SearchProductsReply:
        found = await self._call(selling.search, request.text, request.limit)
        return till_pb2.SearchProductsReply(products=[cm.product_pb(p, c) for p, c in found])

    async def PriceCart(self, request, context) -> till_pb2.CartQuote:
        price = await self._call(
            partial(selling.price_cart, member_text=request.member), m.scanned_items(request.items)
        )
        return m.cart_quote(price, self._ctx.policy.time_zone)

    async def GetSale(self, request, context) -> till_pb2.SaleRecord:
        return m.sale_record(await self._call(selling.get_sale, request.sale_no, request.sale_id))

    async def Return(self, request, context) -> till_pb2.ReturnReply:
        result = await self._wrote(
            returning.return_goods,
            request.till_id,
            request.cashier,
            request.original_sale_no,
            m.return_items(request.items),
            m.tender_offers(request.refunds),
            request.approval_id,
            request.reason,
            request.idempotency_key,
        )
        drawer = result.sale_return.refunded_in_cash and not result.replayed
        printed = await self._print_receipt(
            request.till_id, result.receipt, drawer, result.replayed
        )
        return m.return_reply(result, printed)

    async def Reprint(self, request, context) -> till_pb2.PrintOutcome:
        till_id = request.till_id or "T1"
        printed: PrintResult
        if request.return_no:
            found = await self._call(returning.get_return, request.return_no)
            printed = await self._print_receipt(till_id, found.receipt, False, True)
        else:
            sale = await self._call(selling.get_sale, request.sale_no)
            printed = await self._print_receipt(till_id, sale.receipt, False, True)
        return m.print_outcome(printed)
