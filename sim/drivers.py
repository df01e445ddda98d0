"""Sales, returns and voids through a store's till API: the edge agent's Till gRPC service on its
unix socket, the way `pos` and a till screen reach it (tests/chain_fixtures.py SaleDriver).

A call the agent did not answer (killed, restarting) is retried with the same idempotency key
until the agent answers: the agent either returns the sale it already committed or commits it
now, so the ground truth records each sale once, with the id and sequence number it got.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import grpc

from common.pb.storeledger.v1 import ledger_pb2, till_pb2, till_pb2_grpc
from sim import members
from sim.processes import DEMO_PIN, DEMO_STAFF, EdgeAgent
from sim.scenario import Event, Product
from sim.truth import GroundTruth, SaleRecord

log = logging.getLogger(__name__)
RETRY_WINDOW_S = 180.0  # longer than any fault keeps an agent down
RETRIED = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
# The store's disk is full: the agent answered that nothing was recorded (docs/runtime.md).
REFUSED = grpc.StatusCode.RESOURCE_EXHAUSTED
T = TypeVar("T")


class TillDriver:
    """One store's tills: acts out its sale, return and void events, recording what was done."""

    def __init__(self, edge: EdgeAgent, products: tuple[Product, ...], truth: GroundTruth):
        self.edge = edge
        self.store = edge.store_code
        self.products_list = products
        self.products = {p.sku: p for p in products}
        self.truth = truth
        self.by_key: dict[str, SaleRecord] = {}  # written by keep() only
        self.newest_seq = 0  # the newest sale's journal sequence number (fault records)
        self._kept = threading.Lock()  # the till's thread and a partition's offline round
        self.done = 0  # events acted out (the fault injectors wait on it)
        self._channel: grpc.Channel | None = None
        self._stub: till_pb2_grpc.TillStub | None = None

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = self._stub = None

    def act(self, event: Event) -> None:
        handler = {"sale": self.sell, "return": self.give_back, "void": self.void,
                   members.SALE: self.sell_to_member}[event.kind]  # fmt: skip
        try:
            handler(event)
        except grpc.RpcError as exc:
            if exc.code() == REFUSED:  # not done, and nothing of it kept: not a sale, no problem
                self.truth.refuse(f"{event.kind} {event.data.get('key', '')}".strip())
                self.done += 1
                return
            self.truth.note(
                f"{self.store} {event.kind} {event.data.get('key', '')}: "
                f"{exc.code().name}: {exc.details()}"
            )
        self.done += 1

    def sell_to_member(self, event: Event) -> None:
        members.sell(self, event.data)

    def _call(self, what: str, call: Callable[[till_pb2_grpc.TillStub], T]) -> T:
        deadline = time.monotonic() + RETRY_WINDOW_S
        while True:
            if self._stub is None:
                self._channel = grpc.insecure_channel(self.edge.till_target)
                self._stub = till_pb2_grpc.TillStub(self._channel)
            try:
                return call(self._stub)
            except grpc.RpcError as exc:
                if exc.code() not in RETRIED or time.monotonic() > deadline:
                    raise
                log.debug("%s at %s: %s; retrying", what, self.store, exc.code().name)
                self.close()  # a restarted agent is a new socket
                time.sleep(0.2)

    def sell(self, event: Event) -> None:
        data = event.data
        items = [
            till_pb2.SellItem(code=self.products[sku].barcode, qty_base=qty)
            for sku, qty in data["lines"]
        ]
        cashier = till_cashier(data["till"])
        base = till_pb2.SellRequest(till_id=data["till"], cashier=cashier, items=items)
        total = sum(self.products[sku].price_minor * qty for sku, qty in data["lines"])
        tenders = self._tenders(base, data["tender"], total)
        request = till_pb2.SellRequest(
            till_id=data["till"], cashier=cashier, items=items, tenders=tenders,
            idempotency_key=data["key"],
        )  # fmt: skip
        try:
            reply = self._call("sale", lambda stub: stub.Sell(request, timeout=15))
        except grpc.RpcError as exc:
            if exc.code() in RETRIED:  # never answered: it may or may not be in the ledger
                self.truth.uncertain_sales.append(data["key"])
            raise
        lines: dict[str, int] = {}
        for line in reply.sale.lines:
            lines[line.sku] = lines.get(line.sku, 0) + line.qty_base
        record = SaleRecord(
            self.store, data["key"], reply.sale.sale_id, reply.sale.sale_no, reply.seq, lines
        )
        self.keep(record)

    def keep(self, record: SaleRecord) -> None:
        """A sale the store acknowledged: under its key here, and in the ground truth."""
        with self._kept:
            self.by_key[record.key] = record
            self.newest_seq = max(self.newest_seq, record.seq)
        self.truth.sold(record)

    def _tenders(
        self, base: till_pb2.SellRequest, kind: str, total: int
    ) -> list[till_pb2.TenderRequest]:
        if kind == "cash":  # handed over with change to give (cash rounding included)
            return [till_pb2.TenderRequest(method="cash", amount_minor=total + 1000)]
        quote = self._call("price", lambda stub: stub.PriceCart(base, timeout=15))
        if kind == "card":
            return [till_pb2.TenderRequest(method="card", amount_minor=quote.total_minor,
                                           reference="SIM-CARD")]  # fmt: skip
        card = quote.total_minor // 2
        return [
            till_pb2.TenderRequest(method="card", amount_minor=card, reference="SIM-SPLIT"),
            till_pb2.TenderRequest(method="cash", amount_minor=quote.total_minor - card + 1000),
        ]

    def give_back(self, event: Event) -> None:
        data = event.data
        sale = self.by_key.get(data["sale_key"])
        if sale is None:  # the sale was never acknowledged: nothing to bring back
            return
        request = till_pb2.ReturnRequest(
            till_id=data["till"],
            cashier=till_cashier(data["till"]),
            original_sale_no=sale.sale_no,
            items=[till_pb2.ReturnItem(code=data["sku"], qty_base=data["qty"])],
            reason="customer changed their mind",
            idempotency_key=data["key"],
        )
        reply = self._call("return", lambda stub: stub.Return(request, timeout=15))
        for line in reply.sale_return.lines:
            self.truth.move(self.store, line.sku, line.qty_base)
        self.truth.count("returns")

    def void(self, event: Event) -> None:
        data = event.data
        line = ledger_pb2.SaleLine(
            sku=data["sku"], qty_base=data["qty"], amount_minor=data["amount_minor"] * data["qty"]
        )
        ask = till_pb2.ApproveRequest(
            till_id="T1", manager=till_cashier("T2"), pin=DEMO_PIN, action="void_line",
            details=f"SKU {data['sku']} qty {data['qty']}",
        )  # fmt: skip
        approval = self._call("approval", lambda stub: stub.Approve(ask, timeout=15))
        request = till_pb2.VoidCartRequest(
            till_id="T1", cashier=DEMO_STAFF, scope="line", lines=[line],
            approval_id=approval.approval_id,
        )  # fmt: skip
        self._call("void", lambda stub: stub.VoidCart(request, timeout=15))
        self.truth.count("voids")


def till_cashier(till: str) -> str:
    """Who is signed in at a till of a simulated store: the store manager at T1, c2 at T2..."""
    return DEMO_STAFF if till == "T1" else "c" + till[1:]


def sign_in_at(edge: EdgeAgent, till: str) -> None:
    """Add the till's cashier as a store manager (the PIN of the demo) and sign them in there."""
    code = till_cashier(till)
    edge.add_manager(code)
    with grpc.insecure_channel(edge.till_target) as channel:
        till_pb2_grpc.TillStub(channel).SignIn(
            till_pb2.SignInRequest(till_id=till, staff_code=code, pin=DEMO_PIN), timeout=15
        )


def till_status(edge: EdgeAgent) -> till_pb2.TillStatusReply:
    with grpc.insecure_channel(edge.till_target) as channel:
        return till_pb2_grpc.TillStub(channel).GetStatus(till_pb2.TillStatusRequest(), timeout=15)
