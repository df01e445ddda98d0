"""A full stocktake while two tills keep selling, real processes (issue 13).

Head office and one edge agent run as processes. 500 SKUs are in stock, a third of them
on the shelf (A-01, where the tills sell) and in the backroom (B-01). Two tills sell
about 5 sales a second in all through the Till service while two counters count every
SKU through the StoreCounts service; units are taken off the shelves unrecorded (true
shrink), which the test remembers. Head office is down for part of the count and comes
back. The session is submitted, the SKUs the store asks to recount are recounted by the
other counter, approved (a second approver if its value needs one) and posted.

A unit is either on the shelf or sold: the test's lock keeps a sale and a count line
from crossing (what the counter sees is what the journal says was sold before the line),
as on a real shelf. Then: the posted variance of each SKU is exactly minus the units the
test took, none from the sales during the count; `hoctl verify` matches; head office's
`hoctl count show` has the figures of the store's `pos count show`.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from pathlib import Path

import grpc
import pytest

from common.pb.storeledger.v1 import (
    store_counts_pb2,
    store_counts_pb2_grpc,
    till_pb2,
    till_pb2_grpc,
)
from scripts.chain import EdgeAgent, wait_caught_up
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)
SKUS = 500
SHELF, BACK = "A-01", "B-01"
SALES_PER_S = 5.0
LINES_PER_S = 12.0  # each counter's pace: the count lasts half a minute, sales go on
TILL = "storeledger-till"


class Store:
    """What is really on the shelves: the tills and the shrink take from it under one lock."""

    def __init__(self, products: list[dict[str, str]], rng: random.Random) -> None:
        self.lock = threading.Lock()
        self.products = products
        self.places: dict[str, dict[str, int]] = {}
        for i, p in enumerate(products):
            self.places[p["sku"]] = {SHELF: 40} | ({BACK: 12} if i % 3 == 0 else {})
        self.removed = dict.fromkeys(self.places, 0)
        self.sold = 0
        self.errors: list[str] = []
        self.rng = rng

    def take(self, sku: str, place: str, n: int) -> None:
        """True shrink: units leave the place and nothing is recorded."""
        with self.lock:
            n = min(n, self.places[sku][place])
            self.places[sku][place] -= n
            self.removed[sku] += n


def sell_until(edge: EdgeAgent, store: Store, till: str, seed: int, stop: threading.Event) -> None:
    rng = random.Random(seed)
    started = time.monotonic()
    with grpc.insecure_channel(edge.till_target) as channel:
        stub = till_pb2_grpc.TillStub(channel)
        i = 0
        while not stop.is_set():
            wait_s = started + i / (SALES_PER_S / 2) - time.monotonic()
            if wait_s > 0:
                time.sleep(wait_s)
            i += 1
            picks = rng.sample(store.products, rng.randint(1, 3))
            items = [(p, rng.randint(1, 2)) for p in picks]
            request = till_pb2.SellRequest(
                till_id=till,
                items=[till_pb2.SellItem(code=p["barcodes"], qty_base=n) for p, n in items],
                idempotency_key=f"{till}-{i}-{uuid.uuid4().hex[:6]}",
                tenders=[till_pb2.TenderRequest(method="cash", amount_minor=sum(
                    int(p["price_minor"]) * n for p, n in items) + 1000)],
            )  # fmt: skip
            with store.lock:  # the units leave the shelf as the sale commits
                try:
                    stub.Sell(request, timeout=10, metadata=[(TILL, till)])
                except grpc.RpcError as exc:
                    store.errors.append(f"{till}: {exc.code().name}: {exc.details()}")
                    return
                for p, n in items:
                    store.places[p["sku"]][SHELF] -= n
                store.sold += 1


class Counter:
    """A person counting through the StoreCounts service at their own till."""

    def __init__(self, edge: EdgeAgent, till: str) -> None:
        self.channel = grpc.insecure_channel(edge.till_target)
        self.stub = store_counts_pb2_grpc.StoreCountsStub(self.channel)
        self.meta = [(TILL, till)]
        self.started, self.lines = time.monotonic(), 0

    def count(self, store: Store, session_id: str, sku: str, places: list[str]) -> None:
        for place in places:
            self.lines += 1
            wait_s = self.started + self.lines / LINES_PER_S - time.monotonic()
            if wait_s > 0:
                time.sleep(wait_s)
            with store.lock:  # what is on the shelf at the moment of the line
                self.stub.AddCountLine(
                    store_counts_pb2.AddCountLineRequest(
                        session_id=session_id, sku=sku, qty_base=store.places[sku][place],
                        location=place, line_id=uuid.uuid4().hex,
                    ),
                    timeout=10, metadata=self.meta,
                )  # fmt: skip

    def action(self, rpc: str, session_id: str) -> store_counts_pb2.StoreCountSession:
        request = store_counts_pb2.CountActionRequest(session_id=session_id)
        return getattr(self.stub, rpc)(request, timeout=30, metadata=self.meta).session


def figures(results: list[dict[str, object]]) -> list[tuple[object, ...]]:
    keys = ("sku", "round", "book_qty_base", "counted_qty_base", "variance_qty_base",
            "value_minor", "moved_qty_base")  # fmt: skip
    return sorted(tuple(r[k] for k in keys) for r in results)


def test_a_full_count_while_two_tills_sell_posts_exactly_the_shrink(tmp_path: Path) -> None:
    begun = time.monotonic()
    chain = start_chain(tmp_path, None, ["S001"], products=SKUS)
    ho, edge = chain.headoffice, chain.edges["S001"]
    stop = threading.Event()
    sellers: list[threading.Thread] = []
    try:
        rng = random.Random(13)
        store = Store(chain.products, rng)
        stock = [f"{sku}={sum(places.values())}@100" for sku, places in store.places.items()]
        edge.pos("receive", "--supplier-ref", "DN-1", *stock)
        edge.sign_in("kim", till="T2")  # the second till's cashier, and a second approver
        for person, till in (("ann", "T3"), ("bob", "T4")):
            edge.sign_in(person, till=till)
        sid = edge.pos_json("count", "start", "--scope", "full", "--selling-location", "A-")[
            "session_id"
        ]
        for till, seed in (("T1", 1), ("T2", 2)):
            seller = threading.Thread(target=sell_until, args=(edge, store, till, seed, stop))
            seller.start()
            sellers.append(seller)
        ann, bob = Counter(edge, "T3"), Counter(edge, "T4")
        skus = sorted(store.places)
        halves = {"ann": skus[: SKUS // 2], "bob": skus[SKUS // 2 :]}
        first_by = {sku: who for who, part in halves.items() for sku in part}

        def count_half(who: str, counter: Counter) -> None:
            """The shelves of this counter's SKUs first, then their backroom: sales go on
            between a SKU's shelf line and its backroom line."""
            visits = [(sku, SHELF) for sku in halves[who]]
            visits += [(sku, BACK) for sku in halves[who] if BACK in store.places[sku]]
            for n, (sku, place) in enumerate(visits):
                if n == len(visits) // 3 and who == "ann":
                    ho.kill()  # head office goes away while the count goes on
                if n == 2 * len(visits) // 3 and who == "ann":
                    ho.start()  # and comes back on its address
                chance = random.Random(f"{sku}/{place}")
                if chance.random() < 0.1:  # some units leave unrecorded before the count
                    store.take(sku, place, chance.randint(1, 3))
                counter.count(store, sid, sku, [place])

        workers = [
            threading.Thread(target=count_half, args=("ann", ann)),
            threading.Thread(target=count_half, args=("bob", bob)),
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert not any(w.is_alive() for w in workers)

        sold_while_counting = store.sold
        session = ann.action("SubmitCount", sid)
        assert session.state == "recount", session  # the shrink is outside tolerance
        if session.state == "recount":
            recount = list(session.recount_skus)
            assert set(recount) <= {s for s, n in store.removed.items() if n}
            for sku in recount:  # by the other counter, the shelf and the backroom again
                other = bob if first_by[sku] == "ann" else ann
                other.count(store, sid, sku, list(store.places[sku]))
            session = bob.action("SubmitCount", sid)
        assert session.state == "submitted", session
        manager = Counter(edge, "T1")
        session = manager.action("ApproveCount", sid)
        second = session.state == "approving"
        if second:
            session = Counter(edge, "T2").action("ApproveCount", sid)
        assert session.state == "posted", session
        stop.set()
        for seller in sellers:
            seller.join(30)
        assert not store.errors, store.errors
        assert sold_while_counting > 100, sold_while_counting

        shown = edge.pos_json("count", "show", sid)
        posted = {r["sku"]: r["variance_qty_base"] for r in shown["results"]}
        assert {s: v for s, v in posted.items() if v} == {
            s: -n for s, n in store.removed.items() if n
        }
        assert len(shown["results"]) == SKUS
        wait_caught_up(ho, [edge], timeout_s=90)
        ho.hoctl("verify", "--store", "S001")  # exits 1 when head office's stock differs
        at_ho = ho.hoctl_json("count", "show", sid)
        assert at_ho["session"]["state"] == "posted"
        assert at_ho["book_mismatches"] == 0
        assert figures(at_ho["results"]) == figures(shown["results"])
        levels = {r["sku"]: r["qty_base"] for r in edge.pos_json("stock")}
        on_shelves = {s: sum(p.values()) for s, p in store.places.items()}
        assert {s: q for s, q in levels.items() if q} == {s: q for s, q in on_shelves.items() if q}
        print(f"sold {sold_while_counting} sales while counting, took {sum(store.removed.values())} units, second approval {second}, "
              f"{time.monotonic() - begun:.0f} s")  # fmt: skip
    finally:
        stop.set()
        for seller in sellers:
            seller.join(30)
        chain.stop()
