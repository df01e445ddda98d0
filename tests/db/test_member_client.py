"""The edge agent's MemberTill client against a real head office over mTLS, on SQLite and
PostgreSQL: a member looked up masked, a debit authorised once under its key, head office's
refusals keeping their category and sentence, and no answer at all saying so in time."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from sqlalchemy.engine import Engine

from common.errors import InvalidInput, NotFound, Refused
from common.tls import channel_credentials
from edge_agent.domain.errors import HeadOfficeUnreachable
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.member_client import MemberTillClient
from headoffice.api.server import serve_headoffice
from headoffice.services.members import NewMember, add_member
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(120)


def _client(chain: Chain, address: str, deadline_s: float = 5.0) -> MemberTillClient:  # noqa: F811
    cert = chain.stores["S001"]
    creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
    return MemberTillClient(address, FixedCredentials(creds), deadline_s=deadline_s)


def test_member_client_against_head_office(engine: Engine, chain: Chain) -> None:  # noqa: F811
    add_store(UnitOfWork(engine), chain.tls.ca, "S001", "Store S001", "unused:1")
    add_member(
        UnitOfWork(engine), "admin",
        NewMember(phone="13812345678", name="张三丰", card_no="CARD0001", birthday="1990-05-17",
                  consent=True, store_code="S001"),
    )  # fmt: skip

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            client = _client(chain, running.address)
            try:
                await asyncio.to_thread(_scenario, client)
            finally:
                client.close()

    asyncio.run(main())


def _scenario(client: MemberTillClient) -> None:
    seen = client.lookup("CARD0001")
    assert (seen.member_id, seen.phone_masked, seen.name_masked, seen.balance_minor) == (
        "M000001", "138****5678", "张**", 0,
    )  # fmt: skip
    with pytest.raises(NotFound):
        client.lookup("13900000000")
    with pytest.raises(InvalidInput, match="is neither"):
        client.lookup("hello!")
    with pytest.raises(Refused, match="less than the 100 fen asked"):
        client.authorise_debit("CARD0001", 100, "S001-T1-K1", "ann")


def test_no_answer_is_head_office_unreachable_within_the_deadline(chain: Chain) -> None:  # noqa: F811
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = _client(chain, f"127.0.0.1:{port}", deadline_s=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(HeadOfficeUnreachable, match="trying again is safe"):
            client.authorise_debit("CARD0001", 100, "S001-T1-K1", "ann")
    finally:
        client.close()
    assert time.monotonic() - started < 3.0
