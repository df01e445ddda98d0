"""Group-buy vouchers at the till, the rules without I/O: a code masked to its first and
last two characters, refused without being repeated, the slip printable whatever the
names hold, and the journal bodies surviving the journal's encoding."""

from __future__ import annotations

import pytest

from common import journal_kinds as jk
from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.journal import JournalEntry, Movement, Reason
from edge_agent.domain.vouchers import (
    VoucherCancel,
    VoucherRecord,
    VoucherRedemption,
    cancel_request_id,
    check_count,
    clean_code,
    clean_platform,
    mask_code,
    slip_text,
)
from edge_agent.store.journal_codec.entries import encode_entry
from edge_agent.store.journal_codec.vouchers import voucher_cancel_of, voucher_redemption_of


@pytest.mark.parametrize(
    ("code", "masked"),
    [("MT12345678", "MT******78"), ("ABCDE", "AB*DE"), ("ABCD", "****"), ("", "")],
)
def test_a_code_is_masked_to_its_first_and_last_two_characters(code: str, masked: str) -> None:
    assert mask_code(code) == masked


def test_a_code_is_cleaned_and_a_bad_one_refused_without_repeating_it() -> None:
    assert clean_code(" MT 1234 5678 ") == "MT12345678"
    for bad in ("MT1", "MT-12345678;DROP", "码码码码码", "A" * 65):
        with pytest.raises(InvalidInput) as info:
            clean_code(bad)
        assert bad not in str(info.value)


def test_platform_and_count_bounds() -> None:
    assert clean_platform(" Meituan ") == "meituan" and clean_platform("") == ""
    with pytest.raises(InvalidInput):
        clean_platform("mei tuan")
    assert check_count(1) == 1 and check_count(100) == 100
    for bad in (0, 101, -1, True, "2"):
        with pytest.raises(InvalidInput):
            check_count(bad)
    assert cancel_request_id("K1") == "K1:cancel"


def test_the_slip_masks_the_code_and_makes_every_name_printable() -> None:
    record = VoucherRecord(
        "K1", "redeemed", "meituan", "MT******78", 2, "T1", "ann\x1b[2J", "VR000001", "D1",
        "洗车\u202e套餐", (("SHAMPOO", -600), ("SPONGE", -2)),
    )  # fmt: skip
    names = {"SHAMPOO": "洗车液\x07", "SPONGE": "Sponge"}
    slip = slip_text(record, False, names.__getitem__, "2026-12-05 20:00")
    assert "MT******78" in slip and "VR000001" in slip and "x2" in slip
    assert "\x1b" not in slip and "\x07" not in slip and "\u202e" not in slip
    assert "Left the stock:" in slip and "600" in slip and "-600" not in slip
    undone = slip_text(record, True, names.__getitem__, "2026-12-05 20:05")
    assert "Voucher cancelled" in undone and "Back to stock:" in undone


def test_the_bodies_survive_the_journal_encoding() -> None:
    body = VoucherRedemption("VR000001", "meituan", "MT******78", "D1", 2, "K1", "T1", "ann", "SH1")
    moves = (Movement("SHAMPOO", -600, Reason.REDEMPTION),)
    entry = JournalEntry(7, 1_000, jk.VOUCHER_REDEMPTION, "VR000001", "ann", body, moves)
    decoded = ledger_pb2.JournalEntry.FromString(encode_entry(entry))
    assert decoded.WhichOneof("body") == "voucher_redemption"
    assert voucher_redemption_of(decoded.voucher_redemption) == body
    cancel = VoucherCancel("VR000001", "meituan", "MT******78", "K1:cancel", "T1", "ann")
    back = JournalEntry(8, 2_000, jk.VOUCHER_CANCEL, "VR000001-C", "ann", cancel, ())
    decoded = ledger_pb2.JournalEntry.FromString(encode_entry(back))
    assert voucher_cancel_of(decoded.voucher_cancel) == cancel
