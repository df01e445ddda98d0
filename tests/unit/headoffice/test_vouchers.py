"""Group-buy vouchers at head office against fakes: masking, the state machine, verify and
cancel with retries, the reconciliation diff, bad input refused with nothing written."""

from __future__ import annotations

from functools import partial

import pytest

from common.errors import InvalidInput
from headoffice.domain.errors import StoreIdentityMismatch
from headoffice.domain.roles import Staff
from headoffice.domain.vouchers import (
    CANCELLED,
    CANCELLING,
    FAILED,
    VERIFIED,
    VERIFYING,
    PlatformTimedOut,
    PlatformVerification,
    Redemption,
    VoucherNotFound,
    VoucherRefused,
    check_transition,
    differences,
    mask_code,
    window_text,
)
from headoffice.services import voucher_admin, vouchers
from headoffice.services.vouchers import TillVoucher
from tests.unit.headoffice.fake_voucher_platform import FakePlatform, FakeVoucher
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

CODE = "123456789012"
ADMIN = Staff("admin", "admin")


@pytest.fixture
def world():
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.seed_product("WASH-SOAP")
    db.seed_product("TOWEL")
    platform = FakePlatform()
    platform.vouchers[CODE] = FakeVoucher("DEAL1", uses_left=3)
    voucher_admin.set_package(
        FakeUnitOfWork(db), ADMIN, ["meituan"], "meituan", "DEAL1", "Car wash",
        [("WASH-SOAP", 50), ("TOWEL", 1)], now_ms=1,
    )  # fmt: skip
    return db, platform, partial(FakeUnitOfWork, db), {"meituan": platform}


def ask(code: str = CODE, count: int = 1, request_id: str = "T1-1", store: str = "S001"):
    return TillVoucher(store, "meituan", code, count, request_id, "T1", "alice")


def rows(db) -> list[Redemption]:
    return list(db.tables.vouchers.redemptions.values())


def test_codes_are_masked_first_two_last_two():
    assert mask_code("123456789012") == "12********12"
    assert mask_code("abcd") == "****"


def test_the_state_machine_allows_only_its_steps():
    check_transition(1, VERIFYING, VERIFIED)
    check_transition(1, CANCELLING, VERIFIED)  # the platform refused the cancel
    for was, to in [(VERIFIED, CANCELLED), (CANCELLED, VERIFIED), (FAILED, VERIFIED)]:
        with pytest.raises(VoucherRefused):
            check_transition(1, was, to)


def test_window_is_said_in_hours_or_days():
    assert window_text(3_600_000) == "1 hour"
    assert window_text(60 * 86_400_000) == "60 days"


def test_verify_moves_count_times_the_package(world):
    db, platform, new_uow, platforms = world
    done = vouchers.verify(new_uow, platforms, ask(count=2), now_ms=5)
    r = done.redemption
    assert (r.state, r.count, done.replayed) == (VERIFIED, 2, False)
    assert r.movements() == [("TOWEL", -2), ("WASH-SOAP", -100)]
    assert platform.vouchers[CODE].uses_left == 1


def test_a_timed_out_verify_retried_with_its_request_id_redeems_once(world):
    db, platform, new_uow, platforms = world
    platform.time_out_next = True
    with pytest.raises(PlatformTimedOut):
        vouchers.verify(new_uow, platforms, ask(), now_ms=5)
    assert [r.state for r in rows(db)] == [VERIFYING]  # stored before the platform was asked
    done = vouchers.verify(new_uow, platforms, ask(), now_ms=6)
    assert done.redemption.state == VERIFIED and done.replayed
    assert platform.vouchers[CODE].uses_left == 2 and len(platform.done) == 1
    again = vouchers.verify(new_uow, platforms, ask(), now_ms=7)
    assert again.replayed and platform.verify_calls == 2  # settled: the platform not asked


def test_a_retry_with_another_count_is_refused_and_writes_nothing(world):
    db, platform, new_uow, platforms = world
    vouchers.verify(new_uow, platforms, ask(), now_ms=5)
    before = [(r.id, r.state, r.count) for r in rows(db)]
    with pytest.raises(VoucherRefused, match="retry asked for 2"):
        vouchers.verify(new_uow, platforms, ask(count=2), now_ms=6)
    assert [(r.id, r.state, r.count) for r in rows(db)] == before


@pytest.mark.parametrize(
    ("setup", "error", "sentence"),
    [
        (lambda p: None, VoucherNotFound, "knows no voucher"),
        (lambda p: setattr(p.vouchers[CODE], "uses_left", 0), VoucherRefused, "already used"),
        (lambda p: setattr(p.vouchers[CODE], "valid_until_ms", 1), VoucherRefused, "expired"),
        (lambda p: setattr(p.vouchers[CODE], "cancelled", True), VoucherRefused, "cancelled"),
    ],
)
def test_bad_vouchers_are_refused_with_nothing_written(world, setup, error, sentence):
    db, platform, new_uow, platforms = world
    setup(platform)
    code = "999999999999" if error is VoucherNotFound else CODE
    with pytest.raises(error, match=sentence):
        vouchers.verify(new_uow, platforms, ask(code=code), now_ms=5)
    assert rows(db) == []


def test_count_and_code_ranges(world):
    _db, _p, new_uow, platforms = world
    with pytest.raises(InvalidInput, match="1 to 99 uses"):
        vouchers.verify(new_uow, platforms, ask(count=0), now_ms=5)
    with pytest.raises(InvalidInput, match="6 to 64"):
        vouchers.verify(new_uow, platforms, ask(code="12-34"), now_ms=5)
    with pytest.raises(InvalidInput, match="request id"):
        vouchers.verify(new_uow, platforms, ask(request_id=" "), now_ms=5)


def test_cancel_within_the_window_by_the_store_that_redeemed(world):
    db, platform, new_uow, platforms = world
    r = vouchers.verify(new_uow, platforms, ask(), now_ms=5).redemption
    with pytest.raises(StoreIdentityMismatch, match="only that store"):
        vouchers.cancel(new_uow, platforms, "S002", r.text_id, "C1", now_ms=6)
    done = vouchers.cancel(new_uow, platforms, "S001", r.text_id, "C1", now_ms=6)
    assert done.redemption.state == CANCELLED and platform.vouchers[CODE].uses_left == 3
    assert vouchers.cancel(new_uow, platforms, "S001", r.text_id, "C1", now_ms=7).replayed


def test_a_timed_out_cancel_is_retried_with_its_first_request_id(world):
    db, platform, new_uow, platforms = world
    r = vouchers.verify(new_uow, platforms, ask(), now_ms=5).redemption
    platform.time_out_next = True
    with pytest.raises(PlatformTimedOut):
        vouchers.cancel(new_uow, platforms, "S001", r.text_id, "C1", now_ms=6)
    assert [x.state for x in rows(db)] == [CANCELLING]
    done = vouchers.cancel(new_uow, platforms, "S001", r.text_id, "C2", now_ms=7)
    assert done.redemption.state == CANCELLED and platform.cancel_ids == ["C1", "C1"]
    assert platform.vouchers[CODE].uses_left == 3


def test_cancel_after_the_window_names_the_window_and_writes_nothing(world):
    db, platform, new_uow, platforms = world
    r = vouchers.verify(new_uow, platforms, ask(), now_ms=5).redemption
    late = r.cancel_until_ms + 1
    with pytest.raises(VoucherRefused, match="cancel window of 1 hour ended"):
        vouchers.cancel(new_uow, platforms, "S001", r.text_id, "C1", now_ms=late)
    assert [x.state for x in rows(db)] == [VERIFIED]


def test_a_verify_without_a_package_is_refused(world):
    db, platform, new_uow, platforms = world
    platform.vouchers["222222222222"] = FakeVoucher("DEAL2", uses_left=1)
    with pytest.raises(VoucherRefused, match="no package is set"):
        vouchers.verify(new_uow, platforms, ask(code="222222222222"), now_ms=5)
    assert rows(db) == []


def _ours(rid: int, code: str, count: int, state: str = VERIFIED, ref: str = "") -> Redemption:
    return Redemption(rid, "meituan", code, "S001", f"r{rid}", count, state, 0,
                      platform_ref=ref or f"V{rid}", verified_at_ms=10)  # fmt: skip


def _theirs(ref: str, code: str, count: int, state: str = VERIFIED) -> PlatformVerification:
    return PlatformVerification(ref, code, count, "DEAL1", "", 10, 20, state)


def test_the_reconciliation_diff_names_each_kind():
    ours = [
        _ours(1, "AAAAAAAAAAAA", 1),  # matches
        _ours(2, "BBBBBBBBBBBB", 1),  # ours only
        _ours(3, "CCCCCCCCCCCC", 2),  # count differs
        _ours(4, "DDDDDDDDDDDD", 1),  # cancelled on the platform
    ]
    theirs = [
        _theirs("V1", "AAAAAAAAAAAA", 1),
        _theirs("V3", "CCCCCCCCCCCC", 1),
        _theirs("V4", "DDDDDDDDDDDD", 1, CANCELLED),
        _theirs("P9", "EEEEEEEEEEEE", 1),  # platform only
    ]
    found = {(d.code[0], d.kind, d.our_count, d.platform_count) for d in differences(
        "meituan", ours, theirs)}  # fmt: skip
    assert found == {
        ("B", "ours_only", 1, 0), ("C", "count", 2, 1), ("D", "cancelled_on_platform", 1, 1),
        ("E", "platform_only", 0, 1),
    }  # fmt: skip


def test_reconcile_stores_the_run_and_its_differences(world):
    db, platform, new_uow, platforms = world
    vouchers.verify(new_uow, platforms, ask(), now_ms=5)
    platform.done["elsewhere"] = _theirs("P1", CODE, 1)
    runs = voucher_admin.reconcile(
        new_uow, platforms, "meituan", "1970-01-01", "hoctl", 0, clock=lambda: 9
    )
    assert [(d.kind, d.masked) for d in runs[0].differences] == [("platform_only", "12********12")]
    shown = voucher_admin.show_differences(FakeUnitOfWork(db), ADMIN, "meituan", 0)
    assert shown.run_id == runs[0].run_id and shown.checked == 2
