"""An edge agent killed with SIGKILL in the middle of sales loses nothing it acknowledged.

A sale is acknowledged to the till only after its transaction has committed
durably (invariant 2); after a restart every acknowledged sale is still in the
ledger, a till retrying with the same idempotency key gets the same sale back,
and head office ends up with exactly the store's ledger.
"""

from __future__ import annotations

import threading

import grpc
import pytest

from common.pb.storeledger.v1 import till_pb2
from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import SaleDriver, start_chain, till_stub


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigkill_edge_mid_sales_loses_nothing_acknowledged(tmp_path):
    chain = start_chain(tmp_path, None, ["S001"])
    edge = chain.edges["S001"]
    try:
        total_acknowledged: dict[str, int] = {}
        for round_no in range(3):
            driver = SaleDriver(edge, chain.products, seed=10 + round_no)
            worker = threading.Thread(
                target=driver.sell, args=(100_000,), kwargs={"retry_window_s": 0.0}
            )
            worker.start()
            wait_for("some sales", lambda d=driver: len(d.acknowledged) >= 150, 60, 0.01)
            edge.kill()
            worker.join(60)
            assert not worker.is_alive()
            total_acknowledged.update(driver.acknowledged)
            edge.start()

            channel, stub = till_stub(edge)
            with channel:
                # Every acknowledged sale is still there: retrying its key returns it.
                for key, seq in driver.acknowledged.items():
                    reply = stub.Sell(driver.requests[key], timeout=10)
                    assert reply.seq == seq
        status = edge.status()
        # Gap-free journal: every entry is a sale we know of, or one that committed
        # just before the kill but whose reply was lost (allowed: the till retries).
        assert status["newest_seq"] >= len(total_acknowledged)
        assert len(set(total_acknowledged.values())) == len(total_acknowledged)
        assert max(total_acknowledged.values()) <= status["newest_seq"]
        wait_caught_up(chain.headoffice, [edge], timeout_s=60)
        assert chain.headoffice.hoctl("verify", "--store", "S001").returncode == 0
    finally:
        chain.stop()


def test_kill_reply_is_an_error_not_a_sale(tmp_path):
    """A till whose agent is gone gets UNAVAILABLE, never a false acknowledgement."""
    chain = start_chain(tmp_path, None, ["S001"], products=5)
    edge = chain.edges["S001"]
    try:
        edge.kill()
        channel, stub = till_stub(edge)
        with channel, pytest.raises(grpc.RpcError) as err:
            stub.Sell(
                till_pb2.SellRequest(
                    till_id="T1",
                    cashier="c",
                    idempotency_key="k1",
                    items=[till_pb2.SellItem(code=chain.products[0]["barcodes"], qty_base=1)],
                    tenders=[till_pb2.TenderRequest(method="cash", amount_minor=10**6)],
                ),
                timeout=5,
            )
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        chain.stop()
