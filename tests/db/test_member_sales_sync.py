"""Member sales through the real upstream stream (mTLS, loopback), on both databases: head
office applies them with its configured settings, counts the offline debits it booked past the
allowance or a balance in its metrics, and refuses a sale naming an unknown member with its
reason code and sentence."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import sync_pb2_grpc
from headoffice.api.server import RunningServer
from headoffice.domain.stored_value import POLICY_DEFAULTS, policy_from_config
from headoffice.services import stored_value as sv
from headoffice.services.members import NewMember, add_member
from headoffice.services.points import balance_of
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import Chain, batch, channel, hello, read, run
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture
from tests.member_entries import member_sale, tender


def test_member_sales_over_the_stream_book_offline_debits_and_count_the_exceeded(
    engine: Engine,
    chain: Chain,  # noqa: F811
) -> None:
    registry = CollectorRegistry()
    member = add_member(UnitOfWork(engine), "admin", NewMember(phone="13900000001", name="A"))
    m = member.member_id
    policy = policy_from_config(POLICY_DEFAULTS)
    sv.topup(UnitOfWork(engine), sv.Request("", "top-1", "admin"), m, 500, policy)

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=3))
            await read(call)
            over = member_sale(
                1, m, [("COLA", 4)], [tender("stored_value", 1_200, "T1:off:1", offline=True)]
            )
            await call.write(batch(1, over, member_sale(2, m)))
            ack = (await read(call)).ack
            assert (ack.committed_seq, ack.applied) == (2, 2)

            await call.write(batch(2, member_sale(3, "M000404")))
            refused = (await read(call)).refused
            assert (refused.reason_code, refused.refused_seq) == ("member_mismatch", 3)
            assert "M000404" in refused.message
            await call.done_writing()

    run(engine, chain, scenario, registry)
    text = generate_latest(registry).decode()
    assert 'storeledger_offline_debits_total{store="S001"} 1.0' in text
    assert 'storeledger_offline_debits_exceeded_total{store="S001"} 1.0' in text
    assert 'storeledger_offline_debit_shortfall_minor_total{store="S001"} 700.0' in text
    assert 'storeledger_batches_refused_total{reason="member_mismatch",store="S001"} 1.0' in text
    assert balance_of(UnitOfWork(engine), m) == 3  # 300 paid otherwise than stored value
