"""A member's sale at a real edge ledger against a real head office over mTLS, on SQLite and
PostgreSQL: priced with the member's birthday, stored value debited once under the sale's key
(a retry books nothing), points paid online under the store's namespace, head office's
refusals passing through with nothing written, and a return refunding stored value."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from common.clock import now_ms
from common.domain.pricing import ScannedItem
from common.domain.promotions.records import from_record
from common.errors import InvalidInput, NotFound, Refused
from common.tls import channel_credentials
from edge_agent.domain.promotions import StorePromotion
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.ledger_check import check_ledger
from edge_agent.services.promotions import apply_promotion
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import sell
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.member_client import MemberTillClient
from headoffice.api.server import serve_headoffice
from headoffice.domain.roles import Staff
from headoffice.domain.stored_value import policy_from_config
from headoffice.services import stored_value
from headoffice.services.member_loyalty import member_points
from headoffice.services.members import NewMember, add_member
from headoffice.services.points import adjust_points
from headoffice.services.stores import add_store
from headoffice.services.till_points import till_points_key
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture
from tests.edge.conftest import seed_catalogue

pytestmark = pytest.mark.timeout(120)
ADMIN = Staff("admin", "admin")
PHONE = "13812345678"
BIRTHDAY_OFF = {"promo_id": "BDAY", "kind": "amount_off", "amount_minor": "100",
                "birthday": "day"}  # fmt: skip


def _seed_head_office(engine: Engine, chain: Chain) -> str:  # noqa: F811
    """Store S001, a member born today (in the shops' zone) with 100.00 and 1,000 points."""
    add_store(UnitOfWork(engine), chain.tls.ca, "S001", "Store S001", "unused:1")
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    add_member(
        UnitOfWork(engine), "admin",
        NewMember(phone=PHONE, name="张三丰", card_no="CARD0001",
                  birthday=f"1990-{today:%m-%d}", consent=True, store_code="S001"),
    )  # fmt: skip
    policy = policy_from_config({})
    stored_value.topup(UnitOfWork(engine), stored_value.Request("", "seed", "admin"), "CARD0001",
                       10_000, policy)  # fmt: skip
    adjust_points(
        UnitOfWork(engine), "M000001", "seed-points", 1_000, int(f"{today:%Y%m}"), "seed", now_ms()
    )
    return f"{today:%m-%d}"


def _till(tmp_path: Path, chain: Chain, address: str) -> StoreContext:  # noqa: F811
    ctx = StoreContext.open(tmp_path / "ledger.db", "S001")
    seed_catalogue(ctx)
    with ctx.db.read() as uow:
        cursor = uow.catalogue.downstream_cursor()
    assert apply_promotion(ctx, StorePromotion(from_record(BIRTHDAY_OFF)), cursor + 1)
    cert = chain.stores["S001"]
    creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
    ctx.members = MemberTillClient(address, FixedCredentials(creds))
    return ctx


def _debits(engine: Engine) -> list[tuple[str, str, str, int]]:
    _member, _balance, entries = stored_value.ledger(UnitOfWork(engine), ADMIN, "M000001")
    return [(e.kind, e.store_code, e.idem_key, e.amount_minor) for e in entries[1:]]


def test_a_member_sale_against_head_office(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
) -> None:
    birthday = _seed_head_office(engine, chain)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            ctx = _till(tmp_path, chain, running.address)
            try:
                await asyncio.to_thread(_scenario, ctx, engine, birthday)
            finally:
                ctx.close()

    asyncio.run(main())


def _entries(ctx: StoreContext) -> int:
    with ctx.db.read() as uow:
        return uow.journal.next_seq() - 1


def _scenario(ctx: StoreContext, engine: Engine, birthday: str) -> None:
    cola = [ScannedItem("COLA", 2)]  # 7.00, 1.00 off on the birthday
    pay = [TenderOffer("stored_value", 500), TenderOffer("cash", 100)]
    first = sell(ctx, "T1", "ann", cola, pay, "k1", member_text=PHONE)
    sale = first.sale
    assert (sale.member_id, sale.member_birthday, sale.total_minor) == ("M000001", birthday, 600)
    assert [o.offer_id for line in sale.lines for o in line.offers] == ["BDAY"]
    assert sale.tenders[0].authorisation_key == "k1:sv" and not sale.tenders[0].offline
    assert first.member is not None and first.member.balance_minor == 9_500
    assert "138****5678" in first.receipt_text and PHONE not in first.receipt_text
    assert _debits(engine) == [("debit", "S001", "k1:sv", 500)]

    again = sell(ctx, "T1", "ann", cola, pay, "k1", member_text=PHONE)
    assert again.replayed and _debits(engine) == [("debit", "S001", "k1:sv", 500)]

    # Head office's refusals pass through; the till writes nothing.
    written = _entries(ctx)
    many = [ScannedItem("COLA", 40)]
    with pytest.raises(Refused):
        sell(ctx, "T1", "ann", many, [TenderOffer("stored_value", 13_900)], "k2",
             member_text="CARD0001")  # fmt: skip
    with pytest.raises(NotFound):
        sell(ctx, "T1", "ann", cola, [TenderOffer("cash", 600)], "k2", member_text="13900000000")
    with pytest.raises(InvalidInput, match="is neither"):
        sell(ctx, "T1", "ann", cola, [TenderOffer("cash", 600)], "k2", member_text="hello!")
    with pytest.raises(Refused, match="more than the 100"):
        sell(ctx, "T1", "ann", cola, [TenderOffer("points", 300, points=100),
             TenderOffer("cash", 300)], "k2", member_text=PHONE)  # fmt: skip
    assert _entries(ctx) == written and len(_debits(engine)) == 1

    # Points online, under the store's own namespace at head office.
    paid = sell(ctx, "T1", "ann", cola, [TenderOffer("points", 300), TenderOffer("cash", 300)],
                "k3", member_text="M000001")  # fmt: skip
    points = paid.sale.tender_of("points")
    assert points is not None and (points.points, points.authorisation_key) == (300, "k3:pts")
    ledger = member_points(UnitOfWork(engine), ADMIN, "M000001")
    assert ledger.balance == 700
    assert [e.key for e in ledger.entries][-1] == till_points_key("S001", "k3:pts")

    # A return of the stored-value sale gives 3.00 back to the member, once.
    back = return_goods(ctx, "T1", "ann", sale.sale_no, [ReturnItemIn("COLA", 1)], [],
                        idempotency_key="r1")  # fmt: skip
    refunds = [(t.method, t.amount_minor, t.authorisation_key) for t in back.sale_return.refunds]
    assert refunds == [("stored_value", 300, "r1:svrefund")]
    assert _debits(engine)[-1] == ("refund", "S001", "r1:svrefund", 300)
    _member, balance, _entries_ = stored_value.ledger(UnitOfWork(engine), ADMIN, "M000001")
    assert balance.principal_minor + balance.bonus_minor == 9_800
    # `edge-agent check`: the member tenders' keys live in the journal entry only.
    checked = check_ledger(ctx)
    assert checked.agrees and checked.sales_checked == 2, checked.mismatches
