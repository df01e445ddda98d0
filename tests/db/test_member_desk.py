"""The member desk against a real head office, on SQLite and PostgreSQL: MemberTill
RegisterMember/TopUp/SellCard/MemberCards over the store's certificate through the edge
agent's client, and head office refusing a member_desk entry whose booking it never made."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.errors import AlreadyExists, InvalidInput, NotFound, Refused
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.services.member_ports import CardOrderAtTill, NewMemberAtTill
from edge_agent.sync.member_client import MemberTillClient
from headoffice.api.server import serve_headoffice
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.stored_value import policy_from_config
from headoffice.services import stored_value
from headoffice.services.entitlements import sell_new_card
from headoffice.services.member_desk import TillCardOrder, holdings_at_till, sell_card_at_till
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.tables import journal_entries
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import seed_catalogue
from tests.db.test_member_client import _client
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(120)
UoW = Callable[[], UnitOfWork]


def test_the_member_desk_rpcs_against_head_office(engine: Engine, chain: Chain) -> None:  # noqa: F811
    add_store(UnitOfWork(engine), chain.tls.ca, "S001", "Store S001", "unused:1")
    seed_catalogue(engine, ("WASH",))

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            client = _client(chain, running.address)
            try:
                await asyncio.to_thread(_scenario, client, engine)
            finally:
                client.close()

    asyncio.run(main())


def _scenario(client: MemberTillClient, engine: Engine) -> None:
    new = NewMemberAtTill("13812345678", "张三丰", "CARD0001", "1990-05-17", True)
    member = client.register(new, "ann")
    assert (member.member_id, member.phone_masked, member.name_masked) == (
        "M000001", "138****5678", "张**",
    )  # fmt: skip
    with UnitOfWork(engine) as uow:  # the store of registration is the certificate's
        stored = uow.members.get("M000001")
        assert stored is not None and stored.registered_store == "S001"
        assert stored.phone == "13812345678"  # head office keeps it in the clear
    with pytest.raises(AlreadyExists, match="already belongs to member M000001"):
        client.register(NewMemberAtTill("13812345678", "李四"), "ann")
    with pytest.raises(InvalidInput, match="is neither"):
        client.lookup("hello!")
    with pytest.raises(NotFound):
        client.lookup("13900000000")
    # A top-up with the chain's rules (pay 500 get 80), once under its key.
    booked = client.topup("M000001", 50_000, "K1:topup", "ann")
    assert (booked.entry_principal_minor, booked.entry_bonus_minor) == (50_000, 8_000)
    assert (booked.principal_minor, booked.bonus_minor, booked.replayed) == (50_000, 8_000, False)
    again = client.topup("M000001", 50_000, "K1:topup", "ann")
    assert again.replayed and again.entry_id == booked.entry_id
    assert client.lookup("CARD0001").balance_minor == 58_000
    with pytest.raises(Refused, match="limit|cap|at most"):  # the named card's legal cap
        client.topup("M000001", 450_000, "K2:topup", "ann")
    with pytest.raises(InvalidInput):
        client.topup("M000001", 0, "K3:topup", "ann")
    with pytest.raises(NotFound):
        client.topup("M000404", 100, "K4:topup", "ann")
    assert client.lookup("M000001").balance_minor == 58_000
    # A card sold at the till, keyed for this store; a retry sells nothing more.
    order = CardOrderAtTill("M000001", "punch_card", ("WASH",), 10, 30_000, 365)
    card = client.sell_card(order, "C1:card", "ann")
    assert (card.uses_left, card.paid_minor, card.replayed) == (10, 30_000, False)
    assert card.expires_at_ms > 0
    assert client.sell_card(order, "C1:card", "ann").entitlement_id == card.entitlement_id
    held = client.holdings("13812345678")
    assert [c.entitlement_id for c in held.cards] == [card.entitlement_id] and held.points == 0


def _desk(seq: int, kind: str, key: str, paid: int, **more: int) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=1_000 + seq, actor="ann", document_type="member_desk",
        document_id=f"D{seq}",
        member_desk=ledger_pb2.MemberDesk(
            desk_id=f"D{seq}", kind=kind, till_id="T1", cashier="ann", member_id="M000001",
            paid_minor=paid, booking_key=key, currency="CNY",
            tenders=[ledger_pb2.Tender(method="cash", amount_minor=paid, tendered_minor=paid)],
            **more,
        ),
    )  # fmt: skip


def _journal_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).scalar())


def test_head_office_applies_a_member_desk_entry_only_with_its_booking(
    uow: UoW,
    engine: Engine,
    store: str,
    members: list[str],
) -> None:
    policy = policy_from_config({})
    request = stored_value.Request(store, "K1:topup", "ann@S001")
    stored_value.topup(uow(), request, "M000001", 50_000, policy)
    card, _new = sell_card_at_till(
        uow(), store, "ann@S001", TillCardOrder("M000001", "C1:card", "punch_card",
                                                frozenset({"COLA"}), 5, 10_000)
    )  # fmt: skip
    refused = [
        _desk(1, "topup", "NOPE:topup", 50_000, bonus_minor=8_000),  # never booked
        _desk(1, "topup", "K1:topup", 60_000, bonus_minor=8_000),  # another amount
        _desk(1, "topup", "K1:topup", 50_000, bonus_minor=9_000),  # another bonus
        _desk(1, "card_sale", "C1:card", 10_000, entitlement_id=card.card_no + 1),
        _desk(1, "card_sale", "C2:card", 10_000, entitlement_id=card.card_no),
    ]
    for entry in refused:
        with pytest.raises(InvalidEntry, match="never booked") as info:
            apply_batch(uow(), store, [entry])
        assert (info.value.code, info.value.seq, info.value.expected_seq) == (
            "member_desk_unbooked", 1, 1,
        )  # fmt: skip
        assert _journal_count(engine) == 0
    other = "M000002"
    wrong_member = _desk(1, "topup", "K1:topup", 50_000, bonus_minor=8_000)
    wrong_member.member_desk.member_id = other
    with pytest.raises(InvalidEntry, match="never booked"):
        apply_batch(uow(), store, [wrong_member])
    done = apply_batch(
        uow(), store,
        [_desk(1, "topup", "K1:topup", 50_000, bonus_minor=8_000),
         _desk(2, "card_sale", "C1:card", 10_000, entitlement_id=card.card_no)],
    )  # fmt: skip
    assert (done.applied, done.committed_seq) == (2, 2) and _journal_count(engine) == 2


def test_another_stores_booking_does_not_cover_an_entry(
    uow: UoW, engine: Engine, store: str, members: list[str], ca
) -> None:  # type: ignore[no-untyped-def]
    add_store(uow(), ca, "S002", "Second", "127.0.0.1:1", now_ms=1_000)
    request = stored_value.Request("S002", "K1:topup", "bo@S002")
    stored_value.topup(uow(), request, "M000001", 50_000, policy_from_config({}))
    with pytest.raises(InvalidEntry, match="never booked"):
        apply_batch(uow(), store, [_desk(1, "topup", "K1:topup", 50_000, bonus_minor=8_000)])


def test_a_till_is_shown_only_the_cards_it_may_use(
    uow: UoW, store: str, members: list[str]
) -> None:
    def sell(key: str, **terms: object) -> int:
        card, _new = sell_new_card(
            uow(), key, "M000001", "punch_card", frozenset({"COLA"}), 5, 10_000, "", "admin",
            1_000, **terms,  # type: ignore[arg-type]
        )  # fmt: skip
        return card.card_no

    usable = sell("A")
    sell("B", store_scope=frozenset({"S002"}))  # another store's
    sell("C", expires_ms=2_000)  # expired by now
    here = sell("D", store_scope=frozenset({"S001"}))
    held = holdings_at_till(uow(), "M000001", "S001", now_ms=5_000)
    assert [c.card_no for c in held.cards] == [usable, here] and held.member_id == "M000001"
