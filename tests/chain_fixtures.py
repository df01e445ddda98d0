"""Fixtures for tests that run a whole chain as real processes (integration and faults)."""

from __future__ import annotations

import csv
import io
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from common.domain.barcodes import gtin_check_digit
from common.pb.storeledger.v1 import till_pb2, till_pb2_grpc
from scripts.chain import EdgeAgent, HeadOffice


def make_catalogue(n: int, seed: int = 7) -> tuple[str, list[dict[str, str]]]:
    """A CSV catalogue of n piece products with valid EAN-13 barcodes."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        body = f"690{i:09d}"
        barcode = body + str(gtin_check_digit(body))
        rows.append(
            {
                "sku": f"SKU{i:04d}",
                "name": f"Product {i}",
                "barcodes": barcode,
                "unit": "piece",
                "price_minor": str(rng.randrange(100, 5000)),
                "cost_minor": str(rng.randrange(50, 3000)),
                "category": f"cat{i % 4}",
            }
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), rows


@dataclass
class Chain:
    workdir: Path
    headoffice: HeadOffice
    edges: dict[str, EdgeAgent]
    products: list[dict[str, str]]

    def stop(self) -> None:
        for edge in self.edges.values():
            edge.stop()
        self.headoffice.stop()


def start_chain(
    workdir: Path,
    db_url: str | None,
    store_codes: list[str],
    products: int = 20,
    edge_env: dict[str, str] | None = None,
) -> Chain:
    """Head office with a catalogue and an edge agent per store, all serving; `edge_env`
    is added to each agent's environment (configuration overrides)."""
    ho = HeadOffice(workdir / "ho", db_url=db_url)
    ho.init()
    ho.start()
    text, rows = make_catalogue(products)
    csv_path = workdir / "products.csv"
    csv_path.write_text(text)
    ho.hoctl("catalogue", "import", str(csv_path))
    edges = {}
    for code in store_codes:
        bundle = ho.add_store(code, f"Store {code}", workdir)
        edge = EdgeAgent(workdir / f"edge-{code}", code)
        edge.env.update(edge_env or {})
        edge.init(bundle)
        edge.start()
        edge.sign_in()  # a store manager at T1: the tests act at the till as them
        edges[code] = edge
    from scripts.chain import wait_for

    for edge in edges.values():
        wait_for(
            f"catalogue at {edge.store_code}",
            lambda e=edge: e.status()["product_count"] >= len(rows),
            30,
        )
    return Chain(workdir, ho, edges, rows)


@dataclass
class SaleDriver:
    """Sells through an edge agent's Till service as a till would, recording what was acknowledged."""

    edge: EdgeAgent
    products: list[dict[str, str]]
    seed: int = 1
    acknowledged: dict[str, int] = field(default_factory=dict)  # idempotency key -> seq
    requests: dict[str, till_pb2.SellRequest] = field(default_factory=dict)  # key -> request
    lines_sold: dict[str, int] = field(default_factory=dict)  # sku -> qty acknowledged
    errors: list[str] = field(default_factory=list)

    def sell(
        self,
        count: int,
        stop: threading.Event | None = None,
        rate_per_s: float | None = None,
        retry_window_s: float = 30.0,
    ) -> None:
        rng = random.Random(self.seed)
        started = time.monotonic()
        channel = grpc.insecure_channel(self.edge.till_target)
        stub = till_pb2_grpc.TillStub(channel)
        try:
            for i in range(count):
                if stop is not None and stop.is_set():
                    return
                if rate_per_s:
                    # One reading of the clock: checking and then sleeping on a second
                    # reading went negative under load (ValueError killed the thread).
                    wait_s = started + i / rate_per_s - time.monotonic()
                    if wait_s > 0:
                        time.sleep(wait_s)
                picks = rng.sample(self.products, 3)
                items = [
                    till_pb2.SellItem(code=p["barcodes"], qty_base=rng.randint(1, 3)) for p in picks
                ]
                total = sum(
                    int(p["price_minor"]) * it.qty_base for p, it in zip(picks, items, strict=True)
                )
                key = f"{self.edge.store_code}-{self.seed}-{i}-{uuid.uuid4().hex[:6]}"
                request = till_pb2.SellRequest(
                    till_id="T1",
                    items=items,
                    idempotency_key=key,
                    tenders=[till_pb2.TenderRequest(method="cash", amount_minor=total + 1000)],
                )
                reply = self._sell_with_retry(stub, request, retry_window_s)
                if reply is None:
                    return
                self.acknowledged[key] = reply.seq
                self.requests[key] = request
                for p, it in zip(picks, items, strict=True):
                    self.lines_sold[p["sku"]] = self.lines_sold.get(p["sku"], 0) + it.qty_base
        finally:
            channel.close()

    def _sell_with_retry(self, stub, request, window_s: float):
        deadline = time.monotonic() + window_s
        while True:
            try:
                return stub.Sell(request, timeout=10)
            except grpc.RpcError as exc:
                if exc.code() != grpc.StatusCode.UNAVAILABLE or time.monotonic() > deadline:
                    self.errors.append(f"{exc.code().name}: {exc.details()}")
                    return None
                time.sleep(0.05)


def till_stub(edge: EdgeAgent) -> tuple[grpc.Channel, till_pb2_grpc.TillStub]:
    channel = grpc.insecure_channel(edge.till_target)
    return channel, till_pb2_grpc.TillStub(channel)
