"""The back office of the simulated chain: deliveries against purchase orders, transfers between
stores (shipped short, sometimes lost on the way), write-offs, unrecorded shrink and a buyer's
replenishment run (sim/replenishment.py), done the way staff do them: hoctl at head office, pos
at the store."""

from __future__ import annotations

import json
from typing import Any

import grpc

from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from sim.processes import ChainError, EdgeAgent, HeadOffice, wait_for
from sim.replenishment import replenish, supply_terms
from sim.scenario import OPENING_STOCK, Event, Product
from sim.truth import GroundTruth

SUPPLIER = "SIMSUP"
WAIT_S = 90.0  # a store hears of a document from head office's downstream stream


class BackOffice:
    def __init__(
        self,
        headoffice: HeadOffice,
        edges: dict[str, EdgeAgent],
        products: tuple[Product, ...],
        truth: GroundTruth,
    ):
        self.ho = headoffice
        self.edges = edges
        self.products = products
        self.truth = truth

    def open_stores(self) -> None:
        """Each store takes its opening stock in (a delivery without an order), and head office
        knows the supplier the period's orders go to."""
        self.ho.hoctl("supplier", "add", SUPPLIER, "--name", "Simulated Supplies")
        supply_terms(self, SUPPLIER)
        for code, edge in self.edges.items():
            lines = [f"{p.sku}={OPENING_STOCK}@{p.cost_minor}" for p in self.products]
            edge.pos("receive", "--supplier-ref", f"OPEN-{code}", *lines)
            for p in self.products:
                self.truth.move(code, p.sku, OPENING_STOCK)

    def act(self, event: Event) -> None:
        handler = {
            "delivery": self.deliver,
            "transfer": self.transfer,
            "write_off": self.write_off,
            "shrink": self.shrink,
            "replenish": lambda e: replenish(self, e),
        }[event.kind]
        try:
            handler(event)
        except ChainError as exc:
            self.truth.note(f"{event.store} {event.kind}: {exc}")

    def deliver(self, event: Event) -> None:
        store, data = event.store, event.data
        lines = [f"{sku}={qty}@{cost}" for sku, qty, cost in data["lines"]]
        po = self.ho.hoctl_json("po", "create", "--store", store, "--supplier", SUPPLIER, *lines)
        received = []
        for n, (sku, qty, _cost) in enumerate(data["lines"]):
            got = qty - data["short_by"] if n == data["short_line"] else qty
            received.append((sku, got))
        self.send_and_receive(store, po["po_id"], received, WAIT_S)

    def send_and_receive(
        self, store: str, po_id: str, received: list[tuple[str, int]], wait_s: float
    ) -> None:
        """Head office sends the order; once the store expects it, it receives `received`."""
        self.ho.hoctl("po", "send", po_id)
        edge = self.edges[store]
        wait_for(
            f"{store} to expect purchase order {po_id}",
            lambda: any(o["po_id"] == po_id for o in edge.pos_json("po")),
            wait_s,
            interval_s=0.5,
        )
        edge.pos_json("receive", "--po", po_id, *[f"{sku}={qty}" for sku, qty in received])
        for sku, qty in received:
            self.truth.move(store, sku, qty)
        self.truth.count("deliveries")

    def transfer(self, event: Event) -> None:
        sender, data = event.store, event.data
        receiver = data["to"]
        lines = [f"{sku}={qty}" for sku, qty in data["lines"]]
        created = self.ho.hoctl_json("transfer", "create", "--from", sender, "--to", receiver,
                                     *lines)  # fmt: skip
        tid = created["transfer_id"]
        record: dict[str, Any] = {"from": sender, "to": receiver, "ordered": dict(data["lines"])}
        self.truth.transfers[tid] = record
        self.wait_at_edge(self.edges[sender], tid, "open")
        shipped = dict(data["lines"])
        first = data["lines"][0][0]
        shipped[first] = max(0, shipped[first] - data["ship_short_by"])
        self.edges[sender].pos_json("transfer", "ship", tid, f"{first}={shipped[first]}")
        for sku, qty in shipped.items():
            self.truth.move(sender, sku, -qty)
        record["shipped"] = shipped
        self.wait_at_edge(self.edges[receiver], tid, "shipped")
        received = dict(shipped)
        lost = min(data["lost_in_transit"], received[first])
        received[first] -= lost
        self.edges[receiver].pos_json("transfer", "receive", tid, f"{first}={received[first]}")
        for sku, qty in received.items():
            self.truth.move(receiver, sku, qty)
        record["received"] = received
        if lost:
            wait_for(
                f"transfer {tid} to show its discrepancy at head office",
                lambda: self.ho.hoctl_json("transfer", "show", tid)["state"] == "discrepancy",
                WAIT_S,
                interval_s=0.5,
            )
            self.ho.hoctl("transfer", "resolve", tid, "--as", "transit-loss")
            record["resolved_loss"] = {first: lost}

    def wait_at_edge(self, edge: EdgeAgent, tid: str, state: str) -> None:
        request = transfers_pb2.ListStoreTransfersRequest(all=True)

        def seen() -> bool:
            try:
                with grpc.insecure_channel(edge.till_target) as channel:
                    stub = transfers_pb2_grpc.StoreTransfersStub(channel)
                    reply = stub.ListStoreTransfers(request, timeout=10)
            except grpc.RpcError:
                return False
            return any(
                t.order.transfer_id == tid and t.order.state == state for t in reply.transfers
            )

        wait_for(f"{edge.store_code} to hear transfer {tid} is {state}", seen, WAIT_S, 0.3)

    def write_off(self, event: Event) -> None:
        data = event.data
        done = self.edges[event.store].pos_json(
            "writeoff", f"{data['sku']}={data['qty']}", "--reason", "damaged"
        )
        if done["state"] == "done":
            self.truth.move(event.store, data["sku"], -data["qty"])
            self.truth.count("write_offs")
        else:
            self.truth.note(f"{event.store} write-off {json.dumps(done)} is not done")

    def shrink(self, event: Event) -> None:
        self.truth.lose(event.store, event.data["sku"], event.data["qty"])
