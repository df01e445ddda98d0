"""Concurrent deliveries against an order and sales of the same SKU, through a real edge agent
and applied by a real head office: quantity and moving-average cost stay exact.

The expected values are computed here, independently of headoffice.domain.costing,
from what the edge acknowledged, in the order of the store's journal (the order head
office applies in): quantities are sums; the average follows the documented rule
(a receipt into stock Q > 0 at average A of q at cost c gives (Q*A + q*c)/(Q + q)
rounded half up to a whole minor unit; into Q <= 0 it is c; sales keep it).
"""

from __future__ import annotations

import random
import threading
from fractions import Fraction
from pathlib import Path

import grpc
import pytest

from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc, till_pb2, till_pb2_grpc
from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import Chain, start_chain
from tests.till_staff import sign_in_ledger

pytestmark = pytest.mark.timeout(400)
SKU = "SKU0000"
WORKERS, ROUNDS = 3, 15


@pytest.fixture
def chain(tmp_path: Path, ho_db: str | None):
    chain = start_chain(tmp_path, ho_db, ["S001"], products=2)
    try:
        yield chain
    finally:
        chain.stop()


def half_up(value: Fraction) -> int:
    whole = value.numerator // value.denominator
    return whole + 1 if value - whole >= Fraction(1, 2) else whole


def expected_position(events: list[tuple[int, int, int | None]]) -> tuple[int, int]:
    """(qty, average) after (seq, signed qty, receipt cost or None) events in seq order."""
    qty, avg = 0, 0
    for _seq, moved, cost in sorted(events):
        if cost is not None:
            avg = cost if qty <= 0 else half_up(Fraction(qty * avg + moved * cost, qty + moved))
        qty += moved
    return qty, avg


def test_concurrent_receipts_and_sales_keep_quantity_and_average_cost_exact(chain: Chain) -> None:
    ho, edge = chain.headoffice, chain.edges["S001"]
    price = int(next(p for p in chain.products if p["sku"] == SKU)["price_minor"])
    ho.hoctl("supplier", "add", "BEV", "--name", "Beverage Co")
    ho.hoctl(
        "po", "create", "--store", "S001", "--supplier", "BEV", f"{SKU}=100000@200",
        "--over-tolerance", "0",
    )  # fmt: skip
    po = ho.hoctl_json("po", "list")[0]["po_id"]
    ho.hoctl("po", "send", po)
    wait_for("the order at the store", lambda: edge.pos_json("po"), 30)

    for worker in range(WORKERS):  # demo (a store manager) signed in at each worker's till
        sign_in_ledger(edge.data_dir / "ledger.db", f"T{worker}", "demo")
    events: list[tuple[int, int, int | None]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def receiver(worker: int) -> None:
        rng = random.Random(100 + worker)
        with grpc.insecure_channel(edge.till_target) as channel:
            stub = purchasing_pb2_grpc.StorePurchasingStub(channel)
            for i in range(ROUNDS):
                qty, cost = rng.randint(1, 20), rng.randint(150, 260)
                try:
                    reply = stub.ReceiveOrder(
                        purchasing_pb2.ReceiveOrderRequest(
                            po_id=po,
                            items=[purchasing_pb2.ReceiveOrderItem(sku=SKU, qty_base=qty, unit_cost_minor=cost)],
                            idempotency_key=f"r-{worker}-{i}",
                        ),
                        timeout=30,
                        metadata=(("storeledger-till", f"T{worker}"),),
                    )  # fmt: skip
                except grpc.RpcError as exc:
                    errors.append(f"receipt: {exc.code().name} {exc.details()}")
                    continue
                with lock:
                    events.append((reply.seq, qty, cost))

    def seller(worker: int) -> None:
        rng = random.Random(200 + worker)
        with grpc.insecure_channel(edge.till_target) as channel:
            stub = till_pb2_grpc.TillStub(channel)
            for i in range(ROUNDS):
                qty = rng.randint(1, 3)
                try:
                    reply = stub.Sell(
                        till_pb2.SellRequest(
                            till_id=f"T{worker}", idempotency_key=f"s-{worker}-{i}",
                            items=[till_pb2.SellItem(code=SKU, qty_base=qty)],
                            tenders=[till_pb2.TenderRequest(method="cash", amount_minor=qty * price + 1000)],
                        ),
                        timeout=30,
                    )  # fmt: skip
                except grpc.RpcError as exc:
                    errors.append(f"sale: {exc.code().name} {exc.details()}")
                    continue
                with lock:
                    events.append((reply.seq, -qty, None))

    threads = [threading.Thread(target=receiver, args=(w,)) for w in range(WORKERS)]
    threads += [threading.Thread(target=seller, args=(w,)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(events) == 2 * WORKERS * ROUNDS
    assert len({seq for seq, _, _ in events}) == len(events)  # one journal entry each
    wait_caught_up(ho, [edge])

    qty, avg = expected_position(events)
    received = sum(moved for _, moved, cost in events if cost is not None)
    # The store: its level is exactly what was received minus what was sold.
    assert edge.pos_json("stock", SKU)[0]["qty_base"] == qty
    [order] = edge.pos_json("po")
    assert order["lines"][0]["received_qty_base"] == received
    # Head office: the same quantity, the average by the rule, the order's received quantity.
    [row] = ho.hoctl_json("stock", "--store", "S001", "--sku", SKU)
    assert (row["qty_base"], row["unit_cost_minor"]) == (qty, avg)
    assert row["value_minor"] == qty * avg
    assert ho.hoctl_json("po", "show", po)["lines"][0]["received_qty_base"] == received
    assert ho.hoctl("verify", "--store", "S001").returncode == 0
