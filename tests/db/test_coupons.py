"""Single-use coupons on SQLite and PostgreSQL (issue 15, item 5 and "a coupon used twice"):
issued unguessable and never audited in full, redeemed once by two tills racing (threads
and two processes), a retry with the key answered again, given back by its own key only,
each refusal a sentence; and head office applying a till's sale that names a coupon only
when that store redeemed it under the sale's key, a replayed batch changing nothing."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from common.domain.coupons import make_code, mask, parse_code
from common.domain.pricing import ScannedItem
from common.errors import InvalidInput, NotFound
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.member_ports import CouponRedeemed, NoHeadOffice
from edge_agent.services.selling import sell
from headoffice.domain.coupons import CouponRefused
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.roles import Staff
from headoffice.services import coupons
from headoffice.services.promotions import create_promotions, end_promotion
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_promotions_downstream import sync_down
from tests.edge.conftest import journal_entries

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
NOW = 1_800_000_000_000  # 2027-01-15T08:00:00Z
WELCOME = {"promo_id": "W", "kind": "amount_off", "skus": "COLA", "amount_minor": "50",
           "coupon_code": "WELCOME"}  # fmt: skip


@pytest.fixture
def chain(uow: UoW, ca: KeyPair, store: str) -> str:
    """S001 (the `store` fixture's catalogue), S002, and promotion W for coupon WELCOME."""
    add_store(uow(), ca, "S002", "High Street", "127.0.0.1:1", now_ms=1_000)
    create_promotions(uow(), ADMIN, [WELCOME])
    return store


def _till(store: str, code: str, key: str) -> coupons.TillCoupon:
    return coupons.TillCoupon(store, code, key, f"ann@{store}")


def _issue(uow: UoW, count: int, promo: str = "W", until: str = "") -> list[str]:
    return [c.code for c in coupons.issue_coupons(uow(), ADMIN, promo, count, until, 480, NOW)]


def test_issued_codes_are_distinct_checked_and_audited_without_them(uow: UoW, chain: str) -> None:
    codes = _issue(uow, 200)
    assert len(set(codes)) == 200
    assert all(parse_code(c).text == c and c.startswith("WELCOME-") for c in codes)
    with uow() as work:
        rows = work.connection.execute(sa.text("SELECT after_json FROM audit_log")).scalars().all()
        listed = work.coupons.list("W", "issued", 1000)
    assert len(listed) == 200
    audited = " ".join(str(r) for r in rows)
    assert '"count":200' in audited and not any(code[8:] in audited for code in codes)


def test_issuing_is_refused_for_a_promotion_without_coupons_or_ended(uow: UoW, chain: str) -> None:
    create_promotions(uow(), ADMIN, [{"promo_id": "P", "kind": "percent_off",
                                      "percent_bp": "1000"}])  # fmt: skip
    with pytest.raises(InvalidInput, match="needs no coupon"):
        _issue(uow, 1, "P")
    with pytest.raises(NotFound, match="no promotion X"):
        _issue(uow, 1, "X")
    with pytest.raises(InvalidInput, match="--count must be 1 to 10000"):
        _issue(uow, 10_001)
    with pytest.raises(InvalidInput, match="has passed"):
        _issue(uow, 1, until="2020-01-01")
    end_promotion(uow(), ADMIN, "W", now_ms=NOW)
    with pytest.raises(CouponRefused, match="has ended"):
        _issue(uow, 1)
    with uow() as work:
        assert work.coupons.list("", "", 100) == []


def test_redeem_replays_its_key_refuses_another_and_releases_by_its_own_key(
    uow: UoW, chain: str
) -> None:
    [code] = _issue(uow, 1)
    first = coupons.redeem_coupon(uow(), _till("S001", code.lower(), "K1:coupon"), 480, NOW)
    assert (first.replayed, first.coupon.redeemed_store, first.promotion.promo_id) == (
        False, "S001", "W",
    )  # fmt: skip
    again = coupons.redeem_coupon(uow(), _till("S001", code, "K1:coupon"), 480, NOW + 5)
    assert again.replayed and again.coupon.redeemed_at_ms == NOW
    for store, key in (("S001", "K2:coupon"), ("S002", "K1:coupon")):
        with pytest.raises(CouponRefused, match="already used at S001 on 2027-01-15 16:00"):
            coupons.redeem_coupon(uow(), _till(store, code, key), 480, NOW + 10)
    with pytest.raises(CouponRefused, match="redeemed by another sale"):
        coupons.release_coupon(uow(), _till("S002", code, "K1:coupon"), 480)
    assert coupons.release_coupon(uow(), _till("S001", code, "K1:coupon"), 480)[1] is True
    assert coupons.release_coupon(uow(), _till("S001", code, "K1:coupon"), 480)[1] is False
    # Free again: another store's sale may have it now.
    taken = coupons.redeem_coupon(uow(), _till("S002", code, "K9:coupon"), 480, NOW + 20)
    assert (taken.replayed, taken.coupon.redeemed_store) == (False, "S002")


def test_bad_coupons_are_refused_with_a_sentence_and_nothing_changes(
    uow: UoW, chain: str, ca: KeyPair
) -> None:
    [code] = _issue(uow, 1)
    [soon] = _issue(uow, 1, until="2027-01-15 16:30")  # shops at UTC+8: 08:30Z
    create_promotions(uow(), ADMIN, [{**WELCOME, "promo_id": "S1", "coupon_code": "ONLY1",
                                      "stores": "S001"}])  # fmt: skip
    [scoped] = _issue(uow, 1, "S1")
    unknown = make_code("WELCOME", "22222222222").text  # well formed, never issued
    cases = [
        (code[:-1] + ("2" if code[-1] != "2" else "3"), InvalidInput, "mistyped"),
        (unknown, NotFound, "never issued"),
        (soon, CouponRefused, "expired on 2027-01-15 16:30"),
        (scoped, CouponRefused, "store S002 does not run"),
    ]
    for typed, error, sentence in cases:
        with pytest.raises(error, match=sentence) as refused:
            coupons.redeem_coupon(uow(), _till("S002", typed, "K1:coupon"), 480, NOW + 3_600_000)
        assert typed[8:14] not in str(refused.value)  # masked
    end_promotion(uow(), ADMIN, "W", now_ms=NOW + 1)
    with pytest.raises(CouponRefused, match="which has ended"):
        coupons.redeem_coupon(uow(), _till("S001", code, "K1:coupon"), 480, NOW + 2)
    with uow() as work:
        assert work.coupons.list("", "redeemed", 100) == []


def test_threads_racing_on_one_code_leave_exactly_one_winner(uow: UoW, chain: str) -> None:
    codes = _issue(uow, 5)
    wins: dict[str, list[str]] = {c: [] for c in codes}
    lock = threading.Lock()
    start = threading.Barrier(6)

    def till(n: int) -> None:
        start.wait()
        for code in codes:
            store = "S001" if n % 2 else "S002"
            try:
                coupons.redeem_coupon(uow(), _till(store, code, f"T{n}:coupon"), 480, NOW)
            except CouponRefused as exc:
                assert "already used at" in str(exc)
                continue
            with lock:
                wins[code].append(f"T{n}")

    threads = [threading.Thread(target=till, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(len(winners) == 1 for winners in wins.values()), wins
    with uow() as work:
        held = {c.code: c.redeemed_key for c in work.coupons.list("W", "redeemed", 100)}
    assert held == {code: f"{winners[0]}:coupon" for code, winners in wins.items()}


def _race_in_a_process(url: str, codes: list[str], name: str, start, results) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        start.wait(60)
        for code in codes:
            try:
                coupons.redeem_coupon(
                    UnitOfWork(engine), _till("S001", code, f"{name}:coupon"), 480, NOW
                )
                results.put((code, name))
            except CouponRefused:
                pass
    finally:
        engine.dispose()


def test_two_processes_racing_on_the_same_codes_leave_exactly_one_winner_each(
    uow: UoW, chain: str, migrated_db_url: str
) -> None:
    codes = _issue(uow, 20)
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    tills = [
        spawn.Process(target=_race_in_a_process, args=(migrated_db_url, codes, n, start, results))
        for n in ("P1", "P2")
    ]
    for p in tills:
        p.start()
    for p in tills:
        p.join(120)
        assert p.exitcode == 0
    won = [results.get(timeout=10) for _n in codes]
    assert sorted(code for code, _who in won) == sorted(codes)  # each exactly once


@dataclass
class HeadOfficeHere(NoHeadOffice):
    """The till's MemberTill port answered by head office's services in this process."""

    uow: UoW
    store: str

    def redeem_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        done = coupons.redeem_coupon(self.uow(), _till(self.store, code, key), 480)
        return CouponRedeemed(done.coupon.code, done.coupon.promo_id, done.replayed)

    def release_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        coupon, released = coupons.release_coupon(self.uow(), _till(self.store, code, key), 480)
        return CouponRedeemed(coupon.code, coupon.promo_id, not released)


def _shop(uow: UoW, store: str, path: Path) -> StoreContext:
    ctx = StoreContext.open(path / f"{store}.db", store, store)
    ctx.members = HeadOfficeHere(uow, store)
    sync_down(uow, ctx)
    return ctx


def test_head_office_applies_a_sale_with_a_coupon_its_store_redeemed_for_it_only(
    uow: UoW, chain: str, tmp_path: Path
) -> None:
    [code, other] = _issue(uow, 2)
    s1 = _shop(uow, "S001", tmp_path)
    try:
        paid = [TenderOffer("cash", 1_000)]
        done = sell(s1, "T1", "ann", [ScannedItem("COLA", 2)], paid, "K1", coupons=[code])
        assert (done.sale.total_minor, done.sale.coupon_key) == (300, "K1:coupon")
        entries = journal_entries(s1)
        # A sale naming a coupon the store did not redeem for it: refused, nothing applied.
        for tamper in (
            lambda s: s.coupons.__setitem__(0, other),  # never redeemed
            lambda s: setattr(s, "coupon_key", "K2:coupon"),  # another sale's key
            lambda s: s.coupons.__setitem__(0, make_code("WELCOME", "22222222222").text),
        ):
            bad = [type(e).FromString(e.SerializeToString()) for e in entries]
            tamper(bad[-1].sale)
            with pytest.raises(InvalidEntry) as refused:
                apply_batch(uow(), "S001", bad)
            assert refused.value.code == "coupon_not_redeemed"
            assert code[8:17] not in str(refused.value)
        with uow() as work:
            assert work.stores.all_sync_rows("S001")[0][1].committed_seq == 0
            assert work.coupons.get(code).used_seq == 0  # type: ignore[union-attr]
        assert apply_batch(uow(), "S001", entries).applied == len(entries)
        seq = entries[-1].seq
        with uow() as work:
            assert work.coupons.get(code).used_seq == seq  # type: ignore[union-attr]
        # The same batch again: acknowledged, nothing changes.
        again = apply_batch(uow(), "S001", entries)
        assert (again.applied, again.duplicates) == (0, len(entries))
        with uow() as work:
            used = work.coupons.list("W", "used", 10)
        assert [(c.code, c.used_seq) for c in used] == [(code, seq)]
        # Applied: the sale cannot give it back, and another till cannot use it.
        with pytest.raises(CouponRefused, match="cannot be given back"):
            coupons.release_coupon(uow(), _till("S001", code, "K1:coupon"), 480)
    finally:
        s1.close()
    s2 = _shop(uow, "S002", tmp_path)
    try:
        with pytest.raises(CouponRefused, match="already used at S001"):
            sell(s2, "T1", "bob", [ScannedItem("COLA", 2)], [TenderOffer("cash", 1_000)], "K1",
                 coupons=[code])  # fmt: skip
        assert journal_entries(s2) == []
    finally:
        s2.close()
    assert mask(code) != code
