"""Group-buy vouchers at the till (services.vouchers) on a real SQLite ledger, asking a fake
VoucherTill server on loopback through the edge's real client: a redemption journals
exactly head office's movements once per key, a lost answer is asked again under the same
request id (by the same command, or at start) and journaled once, refusals keep their
category and sentence and write nothing, a cancel brings the goods back, and the full code
never reaches the ledger or the log."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from common.errors import InvalidInput, NotFound, PermissionDenied, Refused
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.api.messages.rebuild import rebuilt_entries
from edge_agent.config import DEFAULTS
from edge_agent.domain.errors import HeadOfficeUnreachable, ShiftState
from edge_agent.domain.vouchers import VoucherRecord
from edge_agent.services import vouchers
from edge_agent.services.context import StoreContext
from edge_agent.services.policy import TillPolicy
from edge_agent.services.rebuild import install_journal
from edge_agent.services.shifts import open_shift
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.voucher_client import VoucherTillClient
from tests.edge.conftest import journal_entries, levels, newest_seq, seed_catalogue
from tests.edge.fake_voucher_till import (
    COFFEE,
    ELSEWHERE,
    EXPIRED,
    PLATFORM_CANCELLED,
    USED,
    WASH,
    FakeVoucherTill,
    voucher_head_office,
)

REDEMPTION = ledger_pb2.MovementReason.MOVEMENT_REASON_REDEMPTION


@pytest.fixture
def till(store: StoreContext) -> Iterator[tuple[StoreContext, FakeVoucherTill]]:
    with voucher_head_office() as (fake, client, _address):
        store.vouchers = client
        open_shift(store, "T1", "ann", 0)
        yield store, fake


def moves(entry: ledger_pb2.JournalEntry) -> list[tuple[str, int, int]]:
    return [(m.sku, m.qty_base, m.reason) for m in entry.movements]


def records(ctx: StoreContext) -> list[tuple[str, str, str, int]]:
    with ctx.db.read() as uow:
        return [
            (r.request_id, r.state, r.code_masked, r.journal_seq)
            for state in ("verifying", "redeemed", "cancelling", "cancelled")
            for r in uow.vouchers.in_state(state)
        ]


def test_scan_shows_the_deal_and_writes_nothing(till: tuple[StoreContext, FakeVoucherTill]) -> None:
    ctx, _fake = till
    before = newest_seq(ctx)
    seen = vouchers.scan(ctx, f" {WASH} ")
    assert (seen.platform, seen.title, seen.uses_left) == ("meituan", "洗车套餐 Car wash", 3)
    assert seen.package == (("COLA", 1), ("RICE", 300)) and seen.code_masked == "MT******78"
    assert newest_seq(ctx) == before and records(ctx) == []


def test_a_redemption_journals_head_offices_movements_once_per_key(
    till: tuple[StoreContext, FakeVoucherTill], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    ctx, fake = till
    caplog.set_level(logging.DEBUG)
    done = vouchers.redeem(ctx, "T1", "ann", WASH, 2, "meituan", "K1")
    entry = journal_entries(ctx, done.seq - 1)[0]
    assert (entry.document_type, entry.document_id, entry.actor) == (
        "voucher_redemption", "VR000001", "ann",
    )  # fmt: skip
    assert moves(entry) == [("COLA", -2, REDEMPTION), ("RICE", -600, REDEMPTION)]
    body = entry.voucher_redemption
    assert (body.redemption_id, body.platform, body.code_masked, body.count, body.request_id) == (
        "VR000001", "meituan", "MT******78", 2, "K1",
    )  # fmt: skip
    assert body.shift_id and (body.till_id, body.cashier) == ("T1", "ann")
    assert levels(ctx) == {"COLA": -2, "RICE": -600}
    assert records(ctx) == [("K1", "redeemed", "MT******78", done.seq)]
    assert (
        "MT******78" in done.slip and "洗车套餐 Car wash" in done.slip and "Cola 330ml" in done.slip
    )
    # The same command again: the recorded redemption, head office not asked.
    again = vouchers.redeem(ctx, "T1", "ann", WASH, 2, "meituan", "K1")
    assert again.replayed and (again.seq, again.movements) == (done.seq, done.movements)
    assert fake.calls == ["verify"] and newest_seq(ctx) == done.seq
    # The full code is nowhere in the ledger's files nor in the log.
    ctx.db.close()
    for path in tmp_path.glob("ledger.db*"):
        assert WASH.encode() not in path.read_bytes()
    logged = " ".join(f"{r.getMessage()} {getattr(r, 'fields', '')}" for r in caplog.records)
    assert WASH not in logged and "MT******78" in logged


def test_a_key_reused_for_another_count_is_refused(
    till: tuple[StoreContext, FakeVoucherTill],
) -> None:
    ctx, _fake = till
    vouchers.redeem(ctx, "T1", "ann", WASH, 1, "", "K1")
    seq = newest_seq(ctx)
    with pytest.raises(InvalidInput, match="already used for another voucher or count"):
        vouchers.redeem(ctx, "T1", "ann", WASH, 2, "", "K1")
    with pytest.raises(InvalidInput, match="already used for another voucher or count"):
        vouchers.redeem(ctx, "T1", "ann", COFFEE, 1, "", "K1")
    assert newest_seq(ctx) == seq


def test_an_answer_lost_after_verify_is_asked_again_and_journaled_once(
    till: tuple[StoreContext, FakeVoucherTill],
) -> None:
    ctx, fake = till
    before = newest_seq(ctx)
    fake.lose_next_answer = True
    with pytest.raises(HeadOfficeUnreachable, match="cannot be redeemed offline"):
        vouchers.redeem(ctx, "T1", "ann", WASH, 1, "", "K1")
    assert newest_seq(ctx) == before and levels(ctx) == {}
    assert records(ctx) == [("K1", "verifying", "MT******78", 0)]
    done = vouchers.redeem(ctx, "T1", "ann", WASH, 1, "", "K1")
    assert fake.calls == ["verify", "verify"] and len(fake.redemptions) == 1
    assert newest_seq(ctx) == before + 1 and levels(ctx) == {"COLA": -1, "RICE": -300}
    assert done.record.redemption_id == "VR000001" and fake.codes[WASH].uses_left == 2


def test_a_crash_before_the_commit_is_settled_at_start(
    till: tuple[StoreContext, FakeVoucherTill],
) -> None:
    ctx, fake = till
    before = newest_seq(ctx)
    fake.lose_next_answer = True
    with pytest.raises(HeadOfficeUnreachable):
        vouchers.redeem(ctx, "T1", "ann", COFFEE, 1, "douyin", "K1")
    # A request head office never saw (it was away): it refuses, the record waits for the
    # same command again.
    with ctx.db.write() as uow:
        uow.vouchers.start(VoucherRecord("K2", "verifying", "", "DY****21", 1, "T1", "ann"), 1)
    assert vouchers.recover_pending(ctx) == 1
    assert fake.seen_codes == [COFFEE, "", ""]  # the retries carry the request id, no code
    assert newest_seq(ctx) == before + 1 and levels(ctx) == {"CHIPS": -1}
    assert [(r[0], r[1]) for r in records(ctx)] == [("K2", "verifying"), ("K1", "redeemed")]
    assert vouchers.recover_pending(ctx) == 0


def test_a_cancel_left_open_by_a_crash_is_settled_at_start(
    till: tuple[StoreContext, FakeVoucherTill],
) -> None:
    ctx, fake = till
    done = vouchers.redeem(ctx, "T1", "ann", WASH, 1, "", "K1")
    with ctx.db.write() as uow:  # recorded as cancelling, then the agent died
        uow.vouchers.set_state("K1", "cancelling", 1)
    assert vouchers.recover_pending(ctx) == 1
    assert fake.calls.count("cancel") == 1 and newest_seq(ctx) == done.seq + 1
    assert levels(ctx) == {"COLA": 0, "RICE": 0} and records(ctx)[0][1] == "cancelled"


@pytest.mark.parametrize(
    ("code", "error", "sentence"),
    [
        ("MT99999999", NotFound, "no such voucher code"),
        (USED, Refused, "already used"),
        (EXPIRED, Refused, "expired"),
        (ELSEWHERE, PermissionDenied, "for another store"),
        (PLATFORM_CANCELLED, Refused, "cancelled on the platform"),
    ],
)
def test_a_refused_voucher_writes_nothing(
    till: tuple[StoreContext, FakeVoucherTill], code: str, error: type, sentence: str
) -> None:
    ctx, _fake = till
    before = newest_seq(ctx)
    with pytest.raises(error, match=sentence):
        vouchers.redeem(ctx, "T1", "ann", code, 1, "", "K1")
    assert newest_seq(ctx) == before and records(ctx) == [] and levels(ctx) == {}


def test_more_uses_than_left_is_refused(till: tuple[StoreContext, FakeVoucherTill]) -> None:
    ctx, _fake = till
    with pytest.raises(Refused, match="only 3 uses left"):
        vouchers.redeem(ctx, "T1", "ann", WASH, 4, "", "K1")
    assert records(ctx) == []


@pytest.mark.parametrize("code", ["", "ab", "MT 1234!", "x" * 65])
def test_a_malformed_code_is_refused_without_repeating_it(
    till: tuple[StoreContext, FakeVoucherTill], code: str
) -> None:
    ctx, fake = till
    with pytest.raises(InvalidInput) as info:
        vouchers.redeem(ctx, "T1", "ann", code, 1)
    assert (code not in str(info.value) or not code) and fake.calls == []


@pytest.mark.parametrize("count", [0, -1, 101, True])
def test_a_count_out_of_range_is_refused(
    till: tuple[StoreContext, FakeVoucherTill], count: int
) -> None:
    ctx, fake = till
    with pytest.raises(InvalidInput, match="from 1 to 100"):
        vouchers.redeem(ctx, "T1", "ann", WASH, count)
    assert fake.calls == []


def test_without_an_open_shift_head_office_is_not_asked(store: StoreContext) -> None:
    with voucher_head_office() as (fake, client, _address):
        store.vouchers = client
        store.policy = TillPolicy.from_config(
            {**DEFAULTS, "till": {**DEFAULTS["till"], "require_open_shift": True}}
        )
        with pytest.raises(ShiftState, match="no open shift"):
            vouchers.redeem(store, "T1", "ann", WASH, 1)
        assert fake.calls == [] and records(store) == []


def test_head_office_away_says_vouchers_cannot_be_redeemed_offline(store: StoreContext) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    local = grpc.LocalConnectionType.LOCAL_TCP
    store.vouchers = VoucherTillClient(
        f"127.0.0.1:{port}", FixedCredentials(grpc.local_channel_credentials(local)), 1.0
    )
    open_shift(store, "T1", "ann", 0)
    before = newest_seq(store)
    with pytest.raises(HeadOfficeUnreachable, match="vouchers cannot be redeemed offline"):
        vouchers.redeem(store, "T1", "ann", WASH, 1)
    with pytest.raises(HeadOfficeUnreachable):
        vouchers.scan(store, WASH)
    assert newest_seq(store) == before and levels(store) == {}


def test_a_cancel_brings_the_goods_back_once(till: tuple[StoreContext, FakeVoucherTill]) -> None:
    ctx, fake = till
    done = vouchers.redeem(ctx, "T1", "ann", WASH, 2, "", "K1")
    undone = vouchers.cancel(ctx, "T1", "ann", " vr000001 ")
    entry = journal_entries(ctx, undone.seq - 1)[0]
    assert (entry.document_type, entry.document_id) == ("voucher_cancel", "VR000001-C")
    assert moves(entry) == [("COLA", 2, REDEMPTION), ("RICE", 600, REDEMPTION)]
    assert entry.voucher_cancel.request_id == "K1:cancel"
    assert entry.voucher_cancel.code_masked == "MT******78"
    assert levels(ctx) == {"COLA": 0, "RICE": 0} and undone.seq == done.seq + 1
    assert "Voucher cancelled" in undone.slip
    again = vouchers.cancel(ctx, "T1", "ann", "VR000001")
    assert again.replayed and again.seq == undone.seq and fake.calls.count("cancel") == 1
    with pytest.raises(NotFound, match="VR000009"):
        vouchers.cancel(ctx, "T1", "ann", "VR000009")


def test_a_cancel_after_the_window_is_refused_and_the_redemption_stands(
    till: tuple[StoreContext, FakeVoucherTill],
) -> None:
    ctx, fake = till
    done = vouchers.redeem(ctx, "T1", "ann", WASH, 1, "", "K1")
    fake.window_closed = True
    with pytest.raises(Refused, match="cancel window"):
        vouchers.cancel(ctx, "T1", "ann", "VR000001")
    assert newest_seq(ctx) == done.seq and records(ctx)[0][1] == "redeemed"


def test_a_rebuilt_ledger_has_its_voucher_records_back(
    till: tuple[StoreContext, FakeVoucherTill], tmp_path: Path
) -> None:
    ctx, fake = till
    vouchers.redeem(ctx, "T1", "ann", WASH, 2, "", "K1")
    vouchers.cancel(ctx, "T1", "ann", "VR000001")
    kept = vouchers.redeem(ctx, "T1", "ann", COFFEE, 1, "", "K2")
    with ctx.db.read() as uow:
        stored = uow.journal.stored_after(0, 10_000)
    rebuilt = StoreContext.open(tmp_path / "rebuilt.db", "S001")
    seed_catalogue(rebuilt)
    try:
        rebuilt.vouchers = ctx.vouchers
        entries = rebuilt_entries([ledger_pb2.JournalEntry.FromString(e.payload) for e in stored])
        install_journal(rebuilt, entries, [e.entry_hash for e in stored], len(stored))
        assert records(rebuilt) == [
            ("K2", "redeemed", "DY******21", kept.seq), ("K1", "cancelled", "MT******78", 2),
        ]  # fmt: skip
        calls = len(fake.calls)
        again = vouchers.redeem(rebuilt, "T1", "ann", COFFEE, 1, "", "K2")
        assert again.replayed and again.seq == kept.seq and len(fake.calls) == calls
        assert vouchers.cancel(rebuilt, "T1", "ann", "VR000001").replayed
        undone = vouchers.cancel(rebuilt, "T1", "ann", "VR000002")
        assert not undone.replayed and levels(rebuilt)["CHIPS"] == 0
    finally:
        rebuilt.close()
