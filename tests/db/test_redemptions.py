"""Punch-card uses at the till on both databases: MemberTill.RedeemUse over mTLS (a use
once per key, head office's refusals with their sentence), and head office's check of the
redemption entries a store sends (the use it authorised, exactly its movements; a
tampered entry refused, a replayed batch changing nothing)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.entitlements import PUNCH_CARD
from common.errors import NotFound, Refused
from common.pb.storeledger.v1 import ledger_pb2
from common.tls import channel_credentials
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.member_client import MemberTillClient
from headoffice.api.server import serve_headoffice
from headoffice.domain.catalogue import Product
from headoffice.domain.errors import InvalidEntry
from headoffice.services.entitlements import redeem_use, refund_card, sell_new_card
from headoffice.services.redemption_checks import (
    REDEMPTION_MISMATCH,
    REDEMPTION_TWICE,
    REDEMPTION_UNAUTHORISED,
)
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.loyalty_tables import entitlement_uses
from headoffice.store.tables import journal_entries
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import add_members
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(120)
NOW = 1_700_000_000_000
FAR = 4_000_000_000_000  # a card's expiry far in the future
Uow = Callable[[], UnitOfWork]
REDEMPTION = ledger_pb2.MovementReason.MOVEMENT_REASON_REDEMPTION


def put_catalogue(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        rows = [
            Product("SHAMPOO", "Shampoo", "ml", 1, 1, "care", "CNY", True, ()),
            Product("SPONGE", "Sponge", "piece", 300, 100, "care", "CNY", True, ()),
            Product("COFFEE", "Coffee", "piece", 1_500, 300, "cafe", "CNY", True, ()),
            Product("WASH", "Car wash", "piece", 3_000, 0, "service", "CNY", True, (),
                    kind="service", components=(("SHAMPOO", 300), ("SPONGE", 1))),
        ]  # fmt: skip
        uow.catalogue.save_products(rows, set(), NOW)
        uow.commit()


def sell(uow: Uow, key: str, uses: int = 10, **options: object) -> int:
    stored, _ = sell_new_card(
        uow(), key, "M000001", PUNCH_CARD, frozenset({"WASH"}), uses, 30_000, "S001", "ann", NOW,
        **options,  # type: ignore[arg-type]
    )  # fmt: skip
    return stored.card_no


def use_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(entitlement_uses)).scalar_one()
        )


# -- MemberTill.RedeemUse over mTLS --------------------------------------------------


def test_redeem_use_through_member_till(engine: Engine, chain: Chain) -> None:  # noqa: F811
    uow: Uow = lambda: UnitOfWork(engine)  # noqa: E731
    add_store(uow(), chain.tls.ca, "S001", "Store S001", "unused:1")
    add_members(engine)  # M000001 1380000 0001, M000002
    put_catalogue(engine)
    cards = {
        "wash": sell(uow, "c1", expires_ms=FAR),
        "last": sell(uow, "c2", uses=1),
        "refunded": sell(uow, "c3"),
        "elsewhere": sell(uow, "c4", store_scope=frozenset({"S002"})),
        "expiring": sell(uow, "c5", expires_ms=NOW + 1),
    }
    refund_card(uow(), "c3:refund", cards["refunded"], "S001", "admin", NOW)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            cert = chain.stores["S001"]
            creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
            client = MemberTillClient(running.address, FixedCredentials(creds))
            try:
                await asyncio.to_thread(_scenario, client, cards, engine)
            finally:
                client.close()

    asyncio.run(main())


def _scenario(client: MemberTillClient, cards: dict[str, int], engine: Engine) -> None:
    wash = cards["wash"]
    done = client.redeem_use("13800000001", wash, "WASH", 2, "T1-K1:use", "ann")
    assert (done.member_id, done.phone_masked, done.card_no, done.card_kind) == (
        "M000001", "138****0001", wash, PUNCH_CARD,
    )  # fmt: skip
    assert (done.sku, done.uses, done.uses_left, done.replayed) == ("WASH", 2, 8, False)
    assert done.moves == (("SHAMPOO", -600), ("SPONGE", -2))
    again = client.redeem_use("13800000001", wash, "WASH", 2, "T1-K1:use", "ann")
    assert again.replayed and (again.moves, again.uses_left) == (done.moves, 8)
    assert use_count(engine) == 2  # the refund, and this one use
    refusals = [
        ("13800000001", wash, "COFFEE", "does not cover COFFEE"),
        ("13800000002", wash, "WASH", "belongs to another member and is not shareable"),
        ("13800000001", cards["refunded"], "WASH", "was refunded"),
        ("13800000001", cards["elsewhere"], "WASH", "cannot be used at store S001"),
        ("13800000001", cards["expiring"], "WASH", "has expired"),
    ]
    for n, (member, card, sku, sentence) in enumerate(refusals):
        with pytest.raises(Refused, match=sentence):
            client.redeem_use(member, card, sku, 1, f"T1-R{n}:use", "ann")
    client.redeem_use("13800000001", cards["last"], "WASH", 1, "T1-L1:use", "ann")
    with pytest.raises(Refused, match="has no uses left"):
        client.redeem_use("13800000001", cards["last"], "WASH", 1, "T1-L2:use", "ann")
    with pytest.raises(NotFound):
        client.redeem_use("13999999999", wash, "WASH", 1, "T1-N1:use", "ann")
    assert use_count(engine) == 3  # nothing more for any refusal


# -- head office applying redemption entries ----------------------------------------


def entry(
    seq: int,
    key: str,
    card_no: int,
    moves: tuple[tuple[str, int], ...] = (("SHAMPOO", -300), ("SPONGE", -1)),
    member: str = "M000001",
    uses: int = 1,
) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=NOW + seq, actor="ann", document_type="redemption",
        document_id=f"R{seq}",
        movements=[ledger_pb2.Movement(sku=s, qty_base=q, reason=REDEMPTION) for s, q in moves],
        redemption=ledger_pb2.Redemption(
            redemption_id=f"R{seq}", member_id=member, card_no=card_no, sku="WASH", uses=uses,
            authorisation_key=key, till_id="T1", cashier="ann", uses_left=9,
        ),
    )  # fmt: skip


def stock(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return LevelsRepository(conn).levels("S001")


def entry_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).scalar_one()
        )


@pytest.fixture
def authorised(uow: Uow, engine: Engine, store: str, members: list[str]) -> int:
    """Card of M000001 with one use authorised at S001 under key K1:use; its number."""
    put_catalogue(engine)
    card_no = sell(uow, "c1")
    redeem_use(uow(), "K1:use", card_no, "WASH", "S001", "M000001", "ann", NOW)
    return card_no


def test_a_redemption_moves_head_offices_stock_once(
    uow: Uow, engine: Engine, authorised: int
) -> None:
    batch = [entry(1, "K1:use", authorised)]
    result = apply_batch(uow(), "S001", batch, now_ms=NOW)
    assert (result.applied, result.committed_seq) == (1, 1)
    assert stock(engine) == {"SHAMPOO": -300, "SPONGE": -1}
    with engine.connect() as conn:
        seq = conn.execute(sa.select(entitlement_uses.c.journal_seq)).scalar_one()
    assert seq == 1
    # The batch again (a lost acknowledgement): acknowledged, nothing changes.
    again = apply_batch(uow(), "S001", batch, now_ms=NOW + 1)
    assert (again.applied, again.duplicates) == (0, 1)
    assert stock(engine) == {"SHAMPOO": -300, "SPONGE": -1} and entry_count(engine) == 1


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ({"moves": (("SHAMPOO", -30), ("SPONGE", -1))}, REDEMPTION_MISMATCH),
        ({"moves": (("SHAMPOO", -300),)}, REDEMPTION_MISMATCH),
        ({"moves": (("SHAMPOO", -300), ("SPONGE", -1), ("COFFEE", -1))}, REDEMPTION_MISMATCH),
        ({"key": "K404:use"}, REDEMPTION_UNAUTHORISED),
        ({"key": ""}, REDEMPTION_UNAUTHORISED),
        ({"member": "M000002"}, REDEMPTION_UNAUTHORISED),
        ({"uses": 2, "moves": (("SHAMPOO", -600), ("SPONGE", -2))}, REDEMPTION_UNAUTHORISED),
        ({"card": 999}, REDEMPTION_UNAUTHORISED),
    ],
)
def test_a_tampered_redemption_refuses_its_batch(
    uow: Uow, engine: Engine, authorised: int, tamper: dict[str, object], code: str
) -> None:
    fields: dict[str, object] = {"key": "K1:use", "card_no": authorised}
    changes = dict(tamper)  # the parameter is shared by both databases' runs
    if "card" in changes:
        fields["card_no"] = changes.pop("card")
    fields.update(changes)
    bad = entry(1, **fields)  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [bad], now_ms=NOW)
    assert (info.value.code, info.value.seq) == (code, 1)
    assert stock(engine) == {} and entry_count(engine) == 0


def test_one_use_recorded_twice_is_refused(uow: Uow, engine: Engine, authorised: int) -> None:
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [entry(1, "K1:use", authorised), entry(2, "K1:use", authorised)])
    assert info.value.code == REDEMPTION_TWICE and stock(engine) == {}
    apply_batch(uow(), "S001", [entry(1, "K1:use", authorised)], now_ms=NOW)
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [entry(2, "K1:use", authorised)], now_ms=NOW)
    assert (info.value.code, info.value.seq) == (REDEMPTION_TWICE, 2)
    assert stock(engine) == {"SHAMPOO": -300, "SPONGE": -1}


def test_another_stores_use_is_refused(
    uow: Uow, engine: Engine, authorised: int, ca: object
) -> None:
    add_store(uow(), ca, "S002", "Other", "127.0.0.1:2", now_ms=1_000)  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S002", [entry(1, "K1:use", authorised)], now_ms=NOW)
    assert info.value.code == REDEMPTION_UNAUTHORISED


def test_a_redemption_without_its_document_is_refused(
    uow: Uow, engine: Engine, authorised: int
) -> None:
    bare = entry(1, "K1:use", authorised)
    bare.ClearField("redemption")
    with pytest.raises(InvalidEntry, match="must carry its redemption document"):
        apply_batch(uow(), "S001", [bare], now_ms=NOW)
    assert stock(engine) == {} and entry_count(engine) == 0
