"""The edge agent's MemberTill client redeeming and releasing coupons at a real head office
over mTLS, on SQLite and PostgreSQL: the store from its certificate, a retry with the key
answered again, head office's refusals keeping their category and sentence."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.engine import Engine

from common.domain.coupons import make_code
from common.errors import InvalidInput, NotFound, Refused
from common.tls import channel_credentials
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.member_client import MemberTillClient
from headoffice.api.server import serve_headoffice
from headoffice.domain.roles import Staff
from headoffice.services.coupons import issue_coupons
from headoffice.services.promotions import create_promotions
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(120)


def _client(chain: Chain, store: str, address: str) -> MemberTillClient:  # noqa: F811
    cert = chain.stores[store]
    creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
    return MemberTillClient(address, FixedCredentials(creds))


def test_coupons_through_member_till(engine: Engine, chain: Chain) -> None:  # noqa: F811
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")
    admin = Staff("admin", "admin")
    create_promotions(UnitOfWork(engine), admin, [
        {"promo_id": "W", "kind": "amount_off", "amount_minor": "50", "coupon_code": "WELCOME"},
    ])  # fmt: skip
    [code] = [c.code for c in issue_coupons(UnitOfWork(engine), admin, "W", 1)]

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            s1 = _client(chain, "S001", running.address)
            s2 = _client(chain, "S002", running.address)
            try:
                await asyncio.to_thread(_scenario, s1, s2, code)
            finally:
                s1.close()
                s2.close()

    asyncio.run(main())


def _scenario(s1: MemberTillClient, s2: MemberTillClient, code: str) -> None:
    first = s1.redeem_coupon(code.lower(), "K1:coupon", "ann")
    assert (first.code, first.promo_id, first.replayed) == (code, "W", False)
    assert s1.redeem_coupon(code, "K1:coupon", "ann").replayed
    with pytest.raises(Refused, match="already used at S001 on"):
        s2.redeem_coupon(code, "K1:coupon", "bob")  # the same key at another store
    with pytest.raises(Refused, match="redeemed by another sale"):
        s2.release_coupon(code, "K1:coupon", "bob")
    with pytest.raises(InvalidInput, match="mistyped"):
        s2.redeem_coupon(code[:-1] + ("2" if code[-1] != "2" else "3"), "K2:coupon", "bob")
    with pytest.raises(NotFound, match="never issued"):
        s2.redeem_coupon(make_code("WELCOME", "22222222222").text, "K2:coupon", "bob")
    assert s1.release_coupon(code, "K1:coupon", "ann").replayed is False
    assert s1.release_coupon(code, "K1:coupon", "ann").replayed is True  # free already
    assert s2.redeem_coupon(code, "K2:coupon", "bob").replayed is False
