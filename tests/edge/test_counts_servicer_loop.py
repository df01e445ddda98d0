"""ShowCount of a 20,000-SKU session leaves the agent's event loop free: the report is read
and packed in a worker thread, so no step of the loop runs long enough for asyncio's own
slow-callback check (debug mode) to name it; before, packing 20,000 results on the loop
took about a quarter of a second and stalled every other call to the agent."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest

from common.pb.storeledger.v1 import catalogue_pb2, store_counts_pb2
from edge_agent.api.counts_servicer import StoreCountsServicer
from edge_agent.api.messages.catalogue import catalogue_change
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.counting import append_line, start_count
from edge_agent.services.receiving import receive
from tests.till_staff import add_staff

SKUS = [f"SKU{n:05d}" for n in range(20_000)]
# A step of the loop longer than this is logged by asyncio (debug mode). The reply's packing
# alone took 0.27 s on the loop (2 shared cores); the steps left there take well under 1 ms.
SLOW_STEP_S = 0.1


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StoreContext, str]]:
    """A store with 20,000 goods, each received and counted once in a full count."""
    ctx = StoreContext.open(tmp_path_factory.mktemp("big") / "ledger.db", "S001")
    with ctx.db.write() as uow:  # the catalogue in one transaction (the service takes one each)
        for sku in SKUS:
            change = catalogue_change(catalogue_pb2.Product(
                sku=sku, name=sku, unit="piece", price_minor=100, cost_minor=50,
                currency="CNY", active=True, category="dry",
            ))  # fmt: skip
            uow.catalogue.upsert(replace(change, product=replace(change.product, kind="goods")))
    receive(ctx, "DN-1", [DeliveryItem(sku, 100, 50) for sku in SKUS], "max")
    add_staff(ctx.db, "max", "store_manager")
    add_staff(ctx.db, "ann", "stock_clerk")
    session = start_count(ctx, "max", "full")
    with ctx.db.write() as uow:
        for n, sku in enumerate(SKUS):
            append_line(uow, "S001", session, sku, 99, "ann", location="A-01", line_id=f"L{n}")
    yield ctx, session.session_id
    ctx.close()


class _SlowSteps(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "Executing" in record.getMessage():
            self.found.append(record.getMessage())


def test_show_count_of_20000_skus_never_holds_the_event_loop(
    counted: tuple[StoreContext, str],
) -> None:
    ctx, session_id = counted
    servicer = StoreCountsServicer(ctx)
    slow = _SlowSteps()
    asyncio_log = logging.getLogger("asyncio")
    asyncio_log.addHandler(slow)

    async def show() -> store_counts_pb2.CountSessionReply:
        asyncio.get_running_loop().slow_callback_duration = SLOW_STEP_S
        request = store_counts_pb2.CountActionRequest(session_id=session_id, actor="max")
        return await servicer.ShowCount(request, None)

    try:
        reply = asyncio.run(show(), debug=True)
    finally:
        asyncio_log.removeHandler(slow)
    assert len(reply.results) == 20_000 and reply.book_shown
    assert reply.totals.loss_qty_base == -20_000
    assert slow.found == []
