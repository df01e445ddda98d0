"""Head office applying the store's voucher entries, on both databases: a voucher_redemption
entry must be a redemption head office verified for this store with exactly its lines
(out), a voucher_cancel one it cancelled (the lines back in); each recorded once, its seq
kept on the redemption; anything else refuses the batch with its code, nothing moved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import ledger_pb2, voucher_entries_pb2
from headoffice.domain.errors import InvalidEntry
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.services.voucher_checks import (
    VOUCHER_MISMATCH,
    VOUCHER_TWICE,
    VOUCHER_UNVERIFIED,
)
from headoffice.store.unit_of_work import UnitOfWork
from headoffice.store.voucher_tables import voucher_redemption_lines, voucher_redemptions
from tests.db.test_redemptions import entry_count, put_catalogue, stock

NOW = 1_700_000_000_000
Uow = Callable[[], UnitOfWork]
REDEMPTION = ledger_pb2.MovementReason.MOVEMENT_REASON_REDEMPTION
LINES = (("SHAMPOO", 600), ("SPONGE", 2))  # two uses of a car-wash deal
OUT = tuple((sku, -qty) for sku, qty in LINES)
BACK = LINES


def put_redemption(engine: Engine, store: str, state: str, request_id: str = "R1") -> int:
    with engine.begin() as conn:
        rid = conn.execute(
            sa.insert(voucher_redemptions)
            .values(
                platform="meituan", code="1234567890", store_code=store, request_id=request_id,
                product_id="D1", title="Car wash", count=2, state=state, created_at_ms=NOW,
                verified_at_ms=NOW, cancel_until_ms=NOW + 3_600_000,
            )
            .returning(voucher_redemptions.c.id)
        ).scalar_one()  # fmt: skip
        conn.execute(
            sa.insert(voucher_redemption_lines),
            [{"redemption_id": rid, "sku": s, "qty_base": q} for s, q in LINES],
        )
    return int(rid)


def redemption_entry(
    seq: int, rid: str = "VR000001", moves: tuple[tuple[str, int], ...] = OUT
) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=NOW + seq, actor="ann", document_type="voucher_redemption",
        document_id=rid,
        movements=[ledger_pb2.Movement(sku=s, qty_base=q, reason=REDEMPTION) for s, q in moves],
        voucher_redemption=voucher_entries_pb2.VoucherRedemptionEntry(
            redemption_id=rid, platform="meituan", code_masked="12******90", product_id="D1",
            count=2, request_id="R1", till_id="T1", cashier="ann",
        ),
    )  # fmt: skip


def cancel_entry(
    seq: int, rid: str = "VR000001", moves: tuple[tuple[str, int], ...] = BACK
) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq, occurred_at_ms=NOW + seq, actor="ann", document_type="voucher_cancel",
        document_id=f"{rid}-C",
        movements=[ledger_pb2.Movement(sku=s, qty_base=q, reason=REDEMPTION) for s, q in moves],
        voucher_cancel=voucher_entries_pb2.VoucherCancelEntry(
            redemption_id=rid, platform="meituan", code_masked="12******90",
            request_id="R1:cancel", till_id="T1", cashier="ann",
        ),
    )  # fmt: skip


def seqs(engine: Engine) -> list[tuple[int, int]]:
    with engine.connect() as conn:
        r = voucher_redemptions.c
        rows = conn.execute(sa.select(r.journal_seq, r.cancel_journal_seq).order_by(r.id))
        return [(int(a), int(b)) for a, b in rows]


@pytest.fixture
def verified(uow: Uow, engine: Engine, store: str) -> int:
    put_catalogue(engine)
    return put_redemption(engine, "S001", "verified")


def test_a_redemption_and_its_cancel_move_stock_once(
    uow: Uow, engine: Engine, verified: int
) -> None:
    rid = f"VR{verified:06d}"
    batch = [redemption_entry(1, rid)]
    assert apply_batch(uow(), "S001", batch, now_ms=NOW).applied == 1
    assert stock(engine) == {"SHAMPOO": -600, "SPONGE": -2}
    assert seqs(engine) == [(1, 0)]
    again = apply_batch(uow(), "S001", batch, now_ms=NOW + 1)  # a lost acknowledgement
    assert (again.applied, again.duplicates) == (0, 1) and entry_count(engine) == 1
    # A cancel before head office cancelled it is refused; after, it brings the goods back.
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [cancel_entry(2, rid)], now_ms=NOW)
    assert info.value.code == VOUCHER_UNVERIFIED
    with engine.begin() as conn:
        conn.execute(sa.update(voucher_redemptions).values(state="cancelled"))
    apply_batch(uow(), "S001", [cancel_entry(2, rid)], now_ms=NOW)
    assert stock(engine) == {"SHAMPOO": 0, "SPONGE": 0} and seqs(engine) == [(1, 2)]
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [cancel_entry(3, rid)], now_ms=NOW)
    assert (info.value.code, info.value.seq) == (VOUCHER_TWICE, 3)


def test_a_redemption_arriving_after_its_cancel_is_applied(
    uow: Uow, engine: Engine, store: str
) -> None:
    put_catalogue(engine)
    rid = f"VR{put_redemption(engine, 'S001', 'cancelled'):06d}"
    apply_batch(uow(), "S001", [redemption_entry(1, rid), cancel_entry(2, rid)], now_ms=NOW)
    assert stock(engine) == {"SHAMPOO": 0, "SPONGE": 0} and seqs(engine) == [(1, 2)]


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ({"moves": (("SHAMPOO", -60), ("SPONGE", -2))}, VOUCHER_MISMATCH),
        ({"moves": (("SHAMPOO", -600),)}, VOUCHER_MISMATCH),
        ({"moves": (*OUT, ("COFFEE", -1))}, VOUCHER_MISMATCH),
        ({"rid": "VR999999"}, VOUCHER_UNVERIFIED),
        ({"rid": ""}, VOUCHER_UNVERIFIED),
        ({"rid": "R1"}, VOUCHER_UNVERIFIED),
    ],
)
def test_a_tampered_redemption_refuses_its_batch(
    uow: Uow, engine: Engine, verified: int, tamper: dict[str, object], code: str
) -> None:
    options: dict[str, object] = {"rid": f"VR{verified:06d}", **tamper}
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [redemption_entry(1, **options)], now_ms=NOW)  # type: ignore[arg-type]
    assert (info.value.code, info.value.seq) == (code, 1)
    assert stock(engine) == {} and entry_count(engine) == 0 and seqs(engine) == [(0, 0)]


def test_a_redemption_recorded_twice_is_refused(uow: Uow, engine: Engine, verified: int) -> None:
    rid = f"VR{verified:06d}"
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [redemption_entry(1, rid), redemption_entry(2, rid)])
    assert (info.value.code, info.value.seq) == (VOUCHER_TWICE, 2) and stock(engine) == {}
    apply_batch(uow(), "S001", [redemption_entry(1, rid)], now_ms=NOW)
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S001", [redemption_entry(2, rid)], now_ms=NOW)
    assert info.value.code == VOUCHER_TWICE


@pytest.mark.parametrize("state", ["verifying", "failed"])
def test_a_redemption_not_verified_is_refused(
    uow: Uow, engine: Engine, store: str, state: str
) -> None:
    put_catalogue(engine)
    rid = f"VR{put_redemption(engine, 'S001', state):06d}"
    with pytest.raises(InvalidEntry, match="not verified") as info:
        apply_batch(uow(), "S001", [redemption_entry(1, rid)], now_ms=NOW)
    assert info.value.code == VOUCHER_UNVERIFIED and stock(engine) == {}


def test_another_stores_redemption_is_refused(
    uow: Uow, engine: Engine, verified: int, ca: object
) -> None:
    add_store(uow(), ca, "S002", "Other", "127.0.0.1:2", now_ms=1_000)  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), "S002", [redemption_entry(1, f"VR{verified:06d}")], now_ms=NOW)
    assert info.value.code == VOUCHER_UNVERIFIED
