"""Stored value on SQLite and PostgreSQL (issue 15 item 2): top-up rules, caps, spend orders,
refunds, cash-out by the refund rule, idempotency keys, threads racing on one card, the
liability report, and balance = sum of entries after random operations."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from functools import partial

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from common.errors import InvalidInput, NotFound
from headoffice.domain.errors import StoreDisabled, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.stored_value import (
    POLICY_DEFAULTS,
    Balance,
    StoredValueRefused,
    policy_from_config,
)
from headoffice.services import stored_value as sv
from headoffice.services.liability import liability
from headoffice.services.members import NewMember, add_member
from headoffice.services.stores import add_store, disable_store
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
DEFAULT = policy_from_config(POLICY_DEFAULTS)
NOW = 1_800_000_000_000  # 2027-01-15T08:00:00Z


def _member(uow: UoW, phone: str = "13812345678", card: str = "") -> str:
    new = NewMember(phone=phone, name="张三" if phone else "", card_no=card)
    return add_member(uow(), "admin", new, now_ms=NOW).member_id


def _policy(**changes: object):
    return policy_from_config({**POLICY_DEFAULTS, **changes})


@pytest.fixture
def store(uow: UoW, ca: KeyPair, engine: sa.Engine) -> str:
    """S001 and S002."""
    add_store(uow(), ca, "S001", "Main Street", "127.0.0.1:1", now_ms=1_000)
    add_store(uow(), ca, "S002", "High Street", "127.0.0.1:1", now_ms=1_000)
    return "S001"


def _req(key: str, store: str = "S001") -> sv.Request:
    return sv.Request(store, key, "ann@" + store if store else "admin")


def test_topup_bonus_tiers_and_card_caps(uow: UoW, store: str) -> None:
    policy = _policy(topup_rules="50000:8000,100000:20000")
    m = _member(uow)
    assert sv.topup(uow(), _req("T1"), m, 49_999, policy).balance == Balance(49_999, 0)
    assert sv.topup(uow(), _req("T2"), m, 50_000, policy).balance == Balance(99_999, 8_000)
    assert sv.topup(uow(), _req("T3"), m, 100_000, policy).balance == Balance(199_999, 28_000)
    # a named card holds at most 5,000.00 yuan, bonus included
    with pytest.raises(StoredValueRefused, match="a named card may hold at most 500000 fen"):
        sv.topup(uow(), _req("T4"), m, 300_000, policy)
    anon = _member(uow, "", "ANON0001")
    with pytest.raises(StoredValueRefused, match="a anonymous card may hold at most 100000 fen"):
        sv.topup(uow(), _req("T5"), "ANON0001", 95_000, policy)
    assert sv.topup(uow(), _req("T6"), anon, 92_000, policy).balance == Balance(92_000, 8_000)
    for bad in (0, -5, 10**12):
        with pytest.raises(InvalidInput, match="whole number of fen"):
            sv.topup(uow(), _req("T7"), m, bad, policy)
    with uow() as work:
        assert len(work.stored_value.entries_of(m)) == 3


@pytest.mark.parametrize(
    ("order", "split"),
    [("bonus_first", (2_000, 8_000)), ("principal_first", (10_000, 0)),
     ("pro_rata", (10_000 - 10_000 * 8_000 // 58_000, 10_000 * 8_000 // 58_000))],
)  # fmt: skip
def test_spend_orders_and_refunds_back_to_their_buckets(
    uow: UoW, store: str, order: str, split: tuple[int, int]
) -> None:
    policy = _policy(spend_order=order)
    m = _member(uow)
    sv.topup(uow(), _req("T1"), m, 50_000, policy)
    d = sv.debit(uow(), _req("D1"), m, 10_000, policy)
    assert (-d.entry.principal_minor, -d.entry.bonus_minor) == split
    # refunded in three parts, the debit gives back exactly what it took from each bucket
    for n, part in enumerate((3_333, 3_333, 3_334)):
        sv.refund(uow(), _req(f"R{n}"), d.entry.entry_id, part)
    assert sv.ledger(uow(), ADMIN, m)[1] == Balance(50_000, 8_000)
    with pytest.raises(StoredValueRefused, match="at most 0 fen more"):
        sv.refund(uow(), _req("R9"), d.entry.entry_id, 1)
    with pytest.raises(StoredValueRefused, match="only it or head office refunds it"):
        sv.refund(uow(), _req("R8", "S002"), d.entry.entry_id, 1)
    with pytest.raises(NotFound, match="no stored-value debit #999999"):
        sv.refund(uow(), _req("R7"), 999_999, 1)


def test_idempotency_keys(uow: UoW, store: str, engine: sa.Engine) -> None:
    m = _member(uow)
    sv.topup(uow(), _req("T1"), m, 10_000, DEFAULT)
    first = sv.debit(uow(), _req("K1"), m, 2_500, DEFAULT)
    again = sv.debit(uow(), _req("K1"), m, 2_500, DEFAULT)
    assert (again.entry, again.replayed, first.replayed) == (first.entry, True, False)
    assert again.balance == Balance(7_500, 0)
    with pytest.raises(StoredValueRefused, match="idempotency key 'K1' was already used for a "
                       "debit of 2500 fen on member M000001 .* other content; nothing was booked"):  # fmt: skip
        sv.debit(uow(), _req("K1"), m, 2_600, DEFAULT)
    with pytest.raises(StoredValueRefused, match="already used"):
        sv.topup(uow(), _req("K1"), m, 2_500, DEFAULT)
    # another store's key of the same text is its own
    assert not sv.debit(uow(), _req("K1", "S002"), m, 100, DEFAULT).replayed
    with pytest.raises(InvalidInput, match="needs an idempotency key"):
        sv.debit(uow(), _req(""), m, 100, DEFAULT)
    with pytest.raises(StoredValueRefused, match="the balance is 7400 fen, less than the 7401"):
        sv.debit(uow(), _req("K2"), m, 7_401, DEFAULT)
    with pytest.raises(UnknownStore):
        sv.debit(uow(), _req("K3", "S404"), m, 1, DEFAULT)
    disable_store(uow(), ADMIN, "S002")
    with pytest.raises(StoreDisabled):
        sv.debit(uow(), _req("K4", "S002"), m, 1, DEFAULT)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM stored_value_entries")).scalar_one() == 3


def test_threads_racing_on_one_card_never_go_below_zero(uow: UoW, store: str) -> None:
    m = _member(uow)
    sv.topup(uow(), _req("T1"), m, 10_000, DEFAULT)  # 100.00 + no bonus
    outcomes: list[str] = []
    lock = threading.Lock()

    def till(name: str) -> None:
        for n in range(30):
            key = f"{name}-{n}"
            for _attempt in range(2):  # every debit is retried once with its key
                try:
                    booked = sv.once_more_on_key_race(
                        lambda k=key: sv.debit(uow(), _req(k), m, 700, DEFAULT)
                    )
                    result = "replayed" if booked.replayed else "debited"
                except StoredValueRefused:
                    result = "refused"
                with lock:
                    outcomes.append(result)

    threads = [threading.Thread(target=till, args=(f"T{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert outcomes.count("debited") == 10_000 // 700  # 14 debits fit, the 15th never does
    assert outcomes.count("replayed") == 14
    with uow() as work:
        account = work.stored_value.account(m)
        assert account.balance == work.stored_value.sums_of(m) == Balance(10_000 - 14 * 700, 0)


def test_same_key_for_two_members_at_once_books_one(uow: UoW, store: str) -> None:
    a, b = _member(uow), _member(uow, "13900000000")
    for m, k in ((a, "TA"), (b, "TB")):
        sv.topup(uow(), _req(k), m, 10_000, DEFAULT)
    results: list[str] = []

    def pay(member: str) -> None:
        try:
            sv.once_more_on_key_race(lambda: sv.debit(uow(), _req("SAME"), member, 100, DEFAULT))
            results.append("debited")
        except StoredValueRefused as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=pay, args=(m,)) for m in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results.count("debited") == 1 and "already used" in "".join(results)


def test_cash_out_by_the_refund_rule(uow: UoW, store: str) -> None:
    for rule, payout in (("principal_only", 40_000), ("pro_rata", 48_000 * 50_000 // 58_000)):
        policy = _policy(refund_rule=rule, spend_order="pro_rata")
        m = _member(uow, "13800000000" if rule == "pro_rata" else "13812345678")
        sv.topup(uow(), _req("T" + rule), m, 50_000, policy)
        d = sv.debit(uow(), _req("D" + rule), m, 10_000, policy)
        left = Balance(50_000 + d.entry.principal_minor, 8_000 + d.entry.bonus_minor)
        out = sv.cash_out_member(uow(), ADMIN, _req("C" + rule, ""), m, policy)
        expected = left.principal_minor if rule == "principal_only" else payout
        assert (out.entry.payout_minor, out.balance) == (expected, Balance(0, 0))
        again = sv.cash_out_member(uow(), ADMIN, _req("C" + rule, ""), m, policy)
        assert again.replayed and again.entry == out.entry
        with pytest.raises(StoredValueRefused, match="no stored value to cash out"):
            sv.cash_out_member(uow(), ADMIN, _req("X" + rule, ""), m, policy)


def test_liability_report_adds_up(uow: UoW, store: str) -> None:
    a, b = _member(uow), _member(uow, "13900000000")
    day0 = NOW - 86_400_000
    sv.topup(uow(), _req("T1"), a, 50_000, DEFAULT, now_ms=day0)
    sv.topup(uow(), _req("T2"), b, 20_000, DEFAULT, now_ms=NOW)
    d = sv.debit(uow(), _req("D1"), a, 10_000, DEFAULT, now_ms=NOW)  # bonus first: 8,000 bonus
    sv.refund(uow(), _req("R1"), d.entry.entry_id, 1_000, now_ms=NOW)
    sv.cash_out_member(uow(), ADMIN, _req("C1", ""), b, DEFAULT, now_ms=NOW)
    report = liability(uow(), ADMIN, "2027-01-15", 480, now_ms=NOW)
    assert report.opening == Balance(50_000, 8_000)
    assert (report.topup_principal_minor, report.topup_bonus_minor, report.topup_count) == (
        20_000,
        0,
        1,
    )
    assert (report.redeemed_principal_minor, report.redeemed_bonus_minor) == (1_800, 7_200)
    assert (report.cash_out_minor, report.forfeited_minor) == (20_000, 0)
    assert report.closing == Balance(48_200, 800) and report.balanced
    assert liability(uow(), ADMIN, "", 480, now_ms=NOW).day == "2027-01-15"


def _book(use_case: Callable[..., sv.Booked], uow: UoW, key: str, *args: object) -> sv.Booked:
    return use_case(uow(), _req(key), *args)


def test_balance_is_the_sum_of_entries_after_random_operations(uow: UoW, store: str) -> None:
    rng = random.Random(15)
    members = [_member(uow, f"1380000000{n}") for n in range(3)]
    debits: list[tuple[int, int]] = []

    def balances() -> list[Balance]:
        with uow() as work:
            return [work.stored_value.account(x).balance for x in members]

    for n in range(150):
        policy = _policy(spend_order=rng.choice(("bonus_first", "principal_first", "pro_rata")))
        m = rng.choice(members)
        op = rng.random()
        if op < 0.3:
            paid = rng.choice((100, 50_000, 77_777))
            call = partial(_book, sv.topup, uow, f"k{n}", m, paid, policy)
        elif op < 0.8 or not debits:
            amount = rng.randrange(1, 30_000)
            call = partial(_book, sv.debit, uow, f"k{n}", m, amount, policy)
        else:
            entry_id, most = rng.choice(debits)
            part = rng.randrange(1, most + 1)
            call = partial(_book, sv.refund, uow, f"k{n}", entry_id, part)
        try:
            booked = call()
        except StoredValueRefused:
            continue
        if booked.entry.kind == "debit":
            debits.append((booked.entry.entry_id, booked.entry.amount_minor))
        before = balances()
        assert call().replayed and balances() == before  # a retry changes nothing
    with uow() as work:
        for m in members:
            account = work.stored_value.account(m)
            assert account.balance == work.stored_value.sums_of(m)
            assert account.balance.principal_minor >= 0 and account.balance.bonus_minor >= 0
            total = sum(e.principal_minor + e.bonus_minor for e in work.stored_value.entries_of(m))
            assert total == account.balance.total_minor
    assert len(debits) > 20
