"""Head office's staff list arrives down the real Downstream stream (mTLS, loopback), and the
store signs people in on the last list it has once head office is gone."""

from __future__ import annotations

import asyncio

import pytest

from common.domain.till_roles import staff_card_hash
from common.errors import Unauthenticated
from common.pb.storeledger.v1 import sync_pb2, till_staff_pb2
from common.tls import channel_credentials
from edge_agent.services import queries, signing_in
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream import DownstreamClient
from tests.edge.conftest import Pki
from tests.edge.fake_headoffice import FakeHeadOffice, start_fake, until
from tests.edge.test_upstream_sync import SYNC
from tests.till_staff import OTHER_PIN, TEST_PIN, pin_hash, sign_in_store


def staff_event(
    cursor: int, code: str, role: str, disabled: bool = False
) -> sync_pb2.DownstreamEvent:
    return sync_pb2.DownstreamEvent(
        cursor=cursor,
        till_staff=till_staff_pb2.TillStaffMember(
            store_code="S001", staff_code=code, display_name=code.title(), role=role,
            disabled=disabled, pin_hash=pin_hash(OTHER_PIN if code == "sam" else TEST_PIN),
            card_hash=staff_card_hash("CARD-" + code),
        ),
    )  # fmt: skip


async def _scenario(store: StoreContext, pki: Pki) -> None:
    fake = FakeHeadOffice()
    fake.catalogue = [staff_event(4, "ann", "cashier"), staff_event(5, "sam", "store_manager")]
    server, port = await start_fake(fake, pki)
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    task = asyncio.create_task(DownstreamClient(store, f"127.0.0.1:{port}", creds, SYNC).run())
    try:
        await until(lambda: queries.status(store).downstream_cursor == 5, what="cursor 5")
        # head office disables ann while she is signed in at T1
        signing_in.sign_in(store, "T1", "ann", TEST_PIN)
        fake.catalogue.append(staff_event(6, "ann", "cashier", disabled=True))
        await server.stop(grace=None)
        server, _ = await start_fake(fake, pki, port)
        await until(lambda: queries.status(store).downstream_cursor == 6, what="cursor 6")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_staff_sync_down_and_offline_sign_in_on_the_last_list(
    store: StoreContext, pki: Pki
) -> None:
    sign_in_store(store, "T9", "sam", "cashier")  # a local sam, before head office's list
    asyncio.run(_scenario(store, pki))
    # Head office is gone: the store works on the last list it has.
    who = signing_in.sign_in(store, "T2", "sam", OTHER_PIN)  # head office's sam replaced the local
    assert (who.member.role, who.member.origin, who.member.display_name) == (
        "store_manager", "head_office", "Sam",
    )  # fmt: skip
    assert signing_in.sign_in(store, "T3", "", card="card-sam").code == "sam"
    with pytest.raises(Unauthenticated, match="nobody is signed in at till T1"):
        signing_in.authorise(store, "T1", "sell")  # ann was signed out when disabled
    with pytest.raises(Unauthenticated, match="ann is disabled at store S001"):
        signing_in.sign_in(store, "T1", "ann", TEST_PIN)
    with pytest.raises(Unauthenticated, match="this staff card does not sign anyone in"):
        signing_in.sign_in(store, "T1", "", card="CARD-ann")
