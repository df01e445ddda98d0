"""Issue 12 failures 5 and 12 through the real grpc.aio server on loopback with mTLS: a
downstream cursor of 2^64-1 is a sentence, and Ctrl-C after head office committed a
catalogue import says it committed."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import sync_pb2, sync_pb2_grpc
from headoffice.api.server import RunningServer
from tests.db.test_sync_server import WAIT_S, Chain, channel, make_chain, run

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def test_failure_5_downstream_after_cursor_2_64_minus_1_is_a_sentence(
    engine: Engine, chain: Chain
) -> None:
    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            down = sync_pb2_grpc.StoreSyncStub(ch).Downstream(
                sync_pb2.DownstreamRequest(store_code="S001", after_cursor=2**64 - 1)
            )
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await asyncio.wait_for(down.read(), WAIT_S)
            assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert info.value.details() == (
                "the downstream cursor (after_cursor) is 18446744073709551615, "
                "more than the limit of 1000000000000000000"
            )
            assert "Traceback" not in (info.value.debug_error_string() or "")

    run(engine, chain, scenario)
