"""Members at head office on SQLite and PostgreSQL (issue 15 item 1): add, look up by phone,
card or QR, masking, export, erasure that keeps the ledgers, merge and its refusals,
levels raised by the configured rules."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.domain.points_ledger import PointsEntry
from common.errors import AlreadyExists, InvalidInput, NotFound
from headoffice.domain.errors import PermissionRefused, UnknownStore
from headoffice.domain.member_levels import LEVEL_DEFAULTS, level_rules
from headoffice.domain.roles import Staff
from headoffice.domain.stored_value import POLICY_DEFAULTS, policy_from_config
from headoffice.services import stored_value as sv
from headoffice.services.member_merge import MergeRefused, evaluate_levels, merge_members
from headoffice.services.members import (
    NewMember,
    add_member,
    erase_member,
    export_member,
    list_members,
    show_member,
)
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
AUDITOR = Staff("audrey", "auditor")
MANAGER = Staff("sam", "store_manager", frozenset({"S001"}))
POLICY = policy_from_config(POLICY_DEFAULTS)
CAPS = {"named": POLICY.named_cap_minor, "anonymous": POLICY.anonymous_cap_minor}
DAY_MS = 86_400_000
NOW = 1_800_000_000_000


def _add(uow: UoW, phone: str = "13812345678", name: str = "张三丰", **kw: object):
    return add_member(uow(), "admin", NewMember(phone=phone, name=name, **kw), now_ms=NOW)  # type: ignore[arg-type]


def _topup(uow: UoW, member: str, paid: int, key: str, store: str = ""):
    return sv.topup(uow(), sv.Request(store, key, "admin"), member, paid, POLICY, now_ms=NOW)


def test_add_and_find_by_phone_card_qr_and_id(uow: UoW, store: str) -> None:
    m = _add(uow, "+86 138-1234-5678", card_no="ab12345678", qr_code="SLM:abcdEFGH1234",
             birthday="1990-05-17", consent=True, store_code=store)  # fmt: skip
    assert (m.member_id, m.phone, m.card_no, m.registered_store, m.level) == (
        "M000001", "13812345678", "AB12345678", "S001", "member",
    )  # fmt: skip
    for text in ("13812345678", "+8613812345678", "ab12345678", "SLM:abcdEFGH1234", "M000001"):
        view = show_member(uow(), ADMIN, text)
        assert view.member.member_id == "M000001" and view.personal
        assert (view.member.phone, view.member.name) == ("13812345678", "张三丰")
    masked = show_member(uow(), AUDITOR, "13812345678")
    assert (masked.member.phone, masked.member.name, masked.personal) == (
        "138****5678",
        "张**",
        False,
    )
    assert [(x.phone, x.name) for x in list_members(uow(), ADMIN)] == [("138****5678", "张**")]
    with pytest.raises(InvalidInput, match="is neither a mainland China mobile number"):
        show_member(uow(), ADMIN, "12345")
    with pytest.raises(InvalidInput, match="is neither"):
        show_member(uow(), ADMIN, "12012345678")  # 11 digits, 12x: no mobile number
    with pytest.raises(NotFound, match=r"no member has phone number 139\*\*\*\*0000"):
        show_member(uow(), ADMIN, "13900000000")


def test_add_refusals_change_nothing(uow: UoW, store: str, engine: sa.Engine) -> None:
    _add(uow, card_no="AB12345678")
    cases = [
        (dict(phone="13812345678"), AlreadyExists, r"phone number 138\*\*\*\*5678 already belongs to member M000001"),
        (dict(phone="13900000000", card_no="ab12345678"), AlreadyExists, "card AB12345678 already belongs"),
        (dict(phone="1381234567"), InvalidInput, "is not a mainland China mobile number"),
        (dict(phone="13900000000", name=""), InvalidInput, "needs a name"),
        (dict(phone="", name=""), InvalidInput, "needs a phone number, a card number or a QR code"),
        (dict(phone="13900000000", card_no="13900000001"), InvalidInput, "not a mobile number"),
        (dict(phone="13900000000", birthday="2999-01-01"), InvalidInput, "must be a past date"),
        (dict(phone="13900000000", qr_code="XYZ"), InvalidInput, "must be SLM:"),
        (dict(phone="13900000000", name="a\x1b[2Jb"), InvalidInput, "name"),
    ]  # fmt: skip
    for fields, error, sentence in cases:
        with pytest.raises(error, match=sentence):
            _add(uow, **{"name": "李四", **fields})  # type: ignore[arg-type]
    with pytest.raises(UnknownStore):
        _add(uow, "13900000000", "李四", store_code="S404")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM members")).scalar_one() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM stored_value_accounts")).scalar_one() == 1


def test_personal_data_is_masked_in_the_audit_log_and_needs_member_personal(
    uow: UoW, store: str, engine: sa.Engine
) -> None:
    _add(uow)
    with engine.connect() as conn:
        audited = " ".join(
            str(r[0]) + str(r[1])
            for r in conn.execute(sa.text("SELECT before_json, after_json FROM audit_log"))
        )
    assert "13812345678" not in audited and "张三丰" not in audited and "138****5678" in audited
    for refused in (export_member, erase_member):
        with pytest.raises(PermissionRefused, match="member.personal"):
            refused(uow(), MANAGER, "13812345678")
    member, balance, entries = export_member(uow(), ADMIN, "13812345678")
    assert (member.phone, member.name, balance.total_minor, entries) == (
        "13812345678",
        "张三丰",
        0,
        [],
    )


def test_erase_keeps_every_ledger_row_and_the_balance(
    uow: UoW, store: str, engine: sa.Engine
) -> None:
    m = _add(uow, card_no="AB12345678")
    _topup(uow, m.member_id, 50_000, "T1")
    sv.debit(uow(), sv.Request(store, "D1", "ann@S001"), "AB12345678", 1_000, POLICY, now_ms=NOW)
    before = sv.ledger(uow(), ADMIN, m.member_id)
    gone = erase_member(uow(), ADMIN, "13812345678")
    assert gone.phone == "" and gone.card_no == "" and gone.name.startswith("erased-")
    assert gone.birthday == "" and gone.erased_at_ms
    after = sv.ledger(uow(), ADMIN, m.member_id)
    assert after[2] == before[2] and after[1] == before[1] == sv.Balance(50_000, 7_000)
    with pytest.raises(NotFound):
        show_member(uow(), ADMIN, "13812345678")
    with pytest.raises(AlreadyExists, match="erased already"):
        erase_member(uow(), ADMIN, m.member_id)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT phone, card_no, birthday FROM members")).one()
    assert tuple(row) == (None, None, "")
    # the phone number is free again: the person may sign up anew
    assert _add(uow).member_id == "M000002"


def test_merge_moves_the_balance_and_refuses_what_would_break(uow: UoW, store: str) -> None:
    keep = _add(uow, "13812345678", "张三")
    dup = _add(uow, "13900000000", "张三", card_no="CARD0001")
    _topup(uow, keep.member_id, 10_000, "K1")
    _topup(uow, dup.member_id, 50_000, "K2")
    merged = merge_members(uow(), ADMIN, keep.member_id, "13900000000", CAPS)
    assert (merged.moved_principal_minor, merged.moved_bonus_minor) == (50_000, 8_000)
    assert sv.ledger(uow(), ADMIN, keep.member_id)[1] == sv.Balance(60_000, 8_000)
    assert sv.ledger(uow(), ADMIN, dup.member_id)[1] == sv.Balance(0, 0)
    # the duplicate's card now pays from the survivor's balance
    booked = sv.debit(uow(), sv.Request(store, "D1", "ann@S001"), "CARD0001", 100, POLICY)
    assert booked.entry.member_id == keep.member_id
    with uow() as work:
        for m in (keep, dup):
            assert (
                work.stored_value.sums_of(m.member_id)
                == work.stored_value.account(m.member_id).balance
            )
    with pytest.raises(MergeRefused, match="merged into M000001 already"):
        merge_members(uow(), ADMIN, keep.member_id, dup.member_id, CAPS)
    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        merge_members(uow(), ADMIN, keep.member_id, "13812345678", CAPS)
    anon = add_member(uow(), "admin", NewMember(card_no="ANON0001"), now_ms=NOW)
    third = _add(uow, "13700000000", "王五")
    _topup(uow, third.member_id, 95_000, "K3")
    with pytest.raises(
        MergeRefused, match="cannot take member M000004's balance: a anonymous card"
    ):
        merge_members(uow(), ADMIN, anon.member_id, third.member_id, CAPS)
    erased = _add(uow, "13600000000", "赵六")
    erase_member(uow(), ADMIN, erased.member_id)
    with pytest.raises(MergeRefused, match="is erased"):
        merge_members(uow(), ADMIN, keep.member_id, erased.member_id, CAPS)
    assert sv.ledger(uow(), ADMIN, third.member_id)[1] == sv.Balance(95_000, 8_000)


def test_levels_rise_by_spend_in_the_period_and_never_fall(uow: UoW, store: str) -> None:
    rules = level_rules(LEVEL_DEFAULTS)  # silver at 1,000.00, gold at 5,000.00 in 365 days
    m = _add(uow)
    other = _add(uow, "13900000000", "李四")
    for n in range(4):
        _topup(uow, m.member_id, 50_000, f"T{n}")
    old = NOW - 400 * DAY_MS  # outside the period: does not count
    sv.debit(uow(), sv.Request(store, "OLD", "ann@S001"), m.member_id, 90_000, POLICY, now_ms=old)
    assert evaluate_levels(uow(), ADMIN, rules, now_ms=NOW) == []
    d1 = sv.debit(
        uow(), sv.Request(store, "D1", "ann@S001"), m.member_id, 60_000, POLICY, now_ms=NOW
    )
    r = sv.refund(uow(), sv.Request(store, "R1", "ann@S001"), d1.entry.entry_id, 100, now_ms=NOW)
    assert r.entry.kind == "refund"
    assert evaluate_levels(uow(), ADMIN, rules, now_ms=NOW) == []  # 599.00 net: not yet
    sv.debit(uow(), sv.Request(store, "D2", "ann@S001"), m.member_id, 40_100, POLICY, now_ms=NOW)
    changes = evaluate_levels(uow(), ADMIN, rules, now_ms=NOW)
    assert [(c.member_id, c.before, c.after) for c in changes] == [
        (m.member_id, "member", "silver")
    ]
    assert show_member(uow(), ADMIN, m.member_id).member.level == "silver"
    assert show_member(uow(), ADMIN, other.member_id).member.level == "member"
    assert evaluate_levels(uow(), ADMIN, rules, now_ms=NOW + 800 * DAY_MS) == []  # never down
    with pytest.raises(PermissionRefused):
        evaluate_levels(uow(), AUDITOR, rules)
    json.dumps([c.__dict__ for c in changes])


def test_levels_rise_by_points_earned_in_the_period(uow: UoW, store: str) -> None:
    rules = level_rules({"levels": "silver:0:1000:30,gold:0:5000:30"})
    m = _add(uow)

    def post(key: str, kind: str, points: int, at_ms: int, balance: int) -> None:
        with uow() as work:
            work.points.lock_member(m.member_id, at_ms)
            work.points.append(PointsEntry(key, m.member_id, kind, points, at_ms=at_ms), balance)
            work.commit()

    post("old", "earn", 4_000, NOW - 40 * DAY_MS, 4_000)  # before the period: does not count
    post("e1", "earn", 1_200, NOW - DAY_MS, 5_200)
    post("r1", "reverse", -300, NOW - DAY_MS, 4_900)  # a return took 300 back: 900 in the period
    assert evaluate_levels(uow(), ADMIN, rules, now_ms=NOW) == []
    post("e2", "earn", 100, NOW, 5_000)
    post("x1", "redeem", -5_000, NOW, 0)  # spending points does not lower the figure
    changes = evaluate_levels(uow(), ADMIN, rules, now_ms=NOW)
    assert [(c.before, c.after) for c in changes] == [("member", "silver")]
