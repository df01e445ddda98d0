"""Group-buy vouchers on SQLite and PostgreSQL through the real HTTP adapter and the
simulator (in a thread): a timed-out verify retried with its request id redeems once, bad
input refused with nothing written, cancel within and after the window, another store's
redemption, and reconciliation finding both kinds of missing redemption."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from common.errors import InvalidInput
from headoffice.domain.errors import StoreIdentityMismatch, UnknownProduct
from headoffice.domain.roles import Staff
from headoffice.domain.vouchers import (
    CANCELLED,
    VERIFIED,
    VERIFYING,
    PlatformTimedOut,
    Redemption,
    VoucherNotFound,
    VoucherRefused,
)
from headoffice.platforms.http_platform import HttpVoucherPlatform
from headoffice.platforms.settings import PlatformSettings
from headoffice.services import voucher_admin, vouchers
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from headoffice.store.voucher_tables import voucher_redemptions
from voucher_sim.codes import new_code
from voucher_sim.server import running

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")


def sim_call(url: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method="POST" if data else "GET")
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())["data"]


@pytest.fixture
def sim() -> Iterator[str]:
    with running() as (_server, url):
        yield url


@pytest.fixture
def chain(uow: UoW, ca: KeyPair, store: str) -> str:
    add_store(uow(), ca, "S002", "High Street", "127.0.0.1:1", now_ms=1_000)
    voucher_admin.set_package(
        uow(), ADMIN, ["meituan"], "meituan", "WASH1", "Car wash", [("SKU1", 50), ("SKU2", 1)]
    )
    return store


def platforms(url: str, timeout_ms: int = 2_000) -> dict[str, HttpVoucherPlatform]:
    return {"meituan": HttpVoucherPlatform(PlatformSettings("meituan", url, timeout_ms))}


def load(url: str, uses: int = 2, product: str = "WASH1", **extra: object) -> str:
    row = {"product_id": product, "title": "Car wash", "uses": uses, "price_minor": 3900, **extra}
    added = sim_call(url, "/admin/vouchers", {"platform": "meituan", "vouchers": [row]})
    return str(added["vouchers"][0]["code"])


def ask(code: str, count: int = 1, request_id: str = "T1-0001", store: str = "S001"):
    return vouchers.TillVoucher(store, "meituan", code, count, request_id, "T1", "ann")


def redemption_rows(uow: UoW) -> list[tuple[str, str, int]]:
    with uow() as u:
        return [
            (r.state, r.request_id, r.count)
            for r in u.connection.execute(sa.select(voucher_redemptions))
        ]


def merchant_uses(url: str, code: str) -> int:
    return int(sim_call(url, f"/admin/state?platform=meituan&code={code}")["merchant_uses"])


def test_a_timed_out_verify_retried_with_its_request_id_redeems_once(uow: UoW, chain, sim):
    code = load(sim)
    ps = platforms(sim, timeout_ms=300)
    sim_call(sim, "/admin/faults", {"platform": "meituan", "op": "verify", "kind": "timeout",
                                    "delay_ms": 1_500})  # fmt: skip
    with pytest.raises(PlatformTimedOut, match="same request"):
        vouchers.verify(uow, ps, ask(code, 2))
    assert redemption_rows(uow) == [(VERIFYING, "T1-0001", 2)]
    done = vouchers.verify(uow, ps, ask(code, 2))
    assert (done.redemption.state, done.replayed) == (VERIFIED, True)
    assert done.redemption.movements() == [("SKU1", -100), ("SKU2", -2)]
    assert merchant_uses(sim, code) == 2
    assert ps["meituan"].take_reconnected() and not ps["meituan"].take_reconnected()
    again = vouchers.verify(uow, ps, ask(code, 2))
    assert again.replayed and merchant_uses(sim, code) == 2
    assert redemption_rows(uow) == [(VERIFIED, "T1-0001", 2)]


def test_a_till_that_lost_the_answer_asks_again_with_its_request_id_alone(uow: UoW, chain, sim):
    code = load(sim)
    ps = platforms(sim, timeout_ms=300)
    sim_call(sim, "/admin/faults", {"platform": "meituan", "op": "verify", "kind": "timeout",
                                    "delay_ms": 1_500})  # fmt: skip
    with pytest.raises(PlatformTimedOut):
        vouchers.verify(uow, ps, ask(code, 2))
    # the till keeps only the masked code: it sends the request id and the count
    done = vouchers.verify(uow, ps, ask("", 2))
    assert (done.redemption.state, done.replayed) == (VERIFIED, True)
    assert merchant_uses(sim, code) == 2
    with pytest.raises(InvalidInput, match="no voucher redemption under request id"):
        vouchers.verify(uow, ps, ask("", 2, request_id="T1-0404"))
    assert redemption_rows(uow) == [(VERIFIED, "T1-0001", 2)]


def test_a_duplicate_response_is_one_redemption(uow: UoW, chain, sim):
    code = load(sim)
    sim_call(sim, "/admin/faults", {"platform": "meituan", "op": "verify", "kind": "duplicate"})
    done = vouchers.verify(uow, platforms(sim), ask(code))
    assert done.redemption.state == VERIFIED and merchant_uses(sim, code) == 1


@pytest.mark.parametrize(
    ("arrange", "error", "sentence"),
    [
        ("unknown", VoucherNotFound, "knows no voucher"),
        ("used", VoucherRefused, "already used"),
        ("expired", VoucherRefused, "expired"),
        ("cancelled", VoucherRefused, r"cancelled \(refunded\)"),
        ("count", VoucherRefused, "has 2 uses left"),
    ],
)
def test_bad_vouchers_get_a_sentence_and_nothing_is_written(
    uow: UoW, chain, sim, arrange, error, sentence
):
    code = load(sim, valid_until_ms=1) if arrange == "expired" else load(sim)
    count = 3 if arrange == "count" else 1
    if arrange == "unknown":
        code = new_code(12)  # well formed, never issued
    if arrange == "used":
        sim_call(sim, "/admin/redeem", {"platform": "meituan", "code": code, "count": 2})
    if arrange == "cancelled":
        sim_call(sim, "/admin/cancel", {"platform": "meituan", "code": code})
    with pytest.raises(error, match=sentence):
        vouchers.verify(uow, platforms(sim), ask(code, count))
    assert redemption_rows(uow) == []


def test_a_retry_with_another_count_is_refused_and_changes_nothing(uow: UoW, chain, sim):
    code = load(sim)
    vouchers.verify(uow, platforms(sim), ask(code, 1))
    with pytest.raises(VoucherRefused, match="retry asked for 2"):
        vouchers.verify(uow, platforms(sim), ask(code, 2))
    assert redemption_rows(uow) == [(VERIFIED, "T1-0001", 1)]
    assert merchant_uses(sim, code) == 1


def test_cancel_within_the_window_only_by_the_store_that_redeemed(uow: UoW, chain, sim):
    code = load(sim)
    ps = platforms(sim)
    r = vouchers.verify(uow, ps, ask(code)).redemption
    with pytest.raises(StoreIdentityMismatch, match="only that store"):
        vouchers.cancel(uow, ps, "S002", r.text_id, "C-1")
    done = vouchers.cancel(uow, ps, "S001", r.text_id, "C-1")
    assert done.redemption.state == CANCELLED and merchant_uses(sim, code) == 0
    assert vouchers.cancel(uow, ps, "S001", r.text_id, "C-1").replayed


def test_cancel_after_the_window_names_it_and_writes_nothing(uow: UoW, chain, sim):
    code = load(sim)
    ps = platforms(sim)
    r = vouchers.verify(uow, ps, ask(code)).redemption
    with pytest.raises(VoucherRefused, match="cancel window of 1 hour ended"):
        vouchers.cancel(uow, ps, "S001", r.text_id, "C-1", now_ms=r.cancel_until_ms + 1)
    assert redemption_rows(uow) == [(VERIFIED, "T1-0001", 1)]
    assert merchant_uses(sim, code) == 1


def test_reconciliation_finds_platform_only_and_ours_only(uow: UoW, chain, sim):
    ps = platforms(sim)
    ours = load(sim)
    theirs = load(sim)
    vouchers.verify(uow, ps, ask(ours))
    sim_call(sim, "/admin/redeem", {"platform": "meituan", "code": theirs, "count": 1})
    lost = "123456789012"
    with uow() as u:  # a redemption the platform has no record of
        now = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
        u.vouchers.insert(Redemption(0, "meituan", lost, "S002", "T9-1", 1, VERIFIED, now,
                                     platform_ref="MT99999999", verified_at_ms=now))  # fmt: skip
        u.commit()
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    runs = voucher_admin.reconcile(uow, ps, "meituan", today, "hoctl")
    found = sorted((d.kind, d.code, d.store_code) for d in runs[0].differences)
    assert found == [("ours_only", lost, "S002"), ("platform_only", theirs, "")]
    shown = voucher_admin.show_differences(uow(), ADMIN, "", 0)
    assert shown.run_id == runs[0].run_id and len(shown.differences) == 2
    with uow() as u:
        assert u.vouchers.latest_difference_counts() == {"meituan": 2}


def test_packages_are_set_whole_and_name_known_skus(uow: UoW, chain):
    voucher_admin.set_package(uow(), ADMIN, ["meituan"], "meituan", "WASH1", "Wash+", [("SKU3", 2)])
    (p,) = voucher_admin.list_packages(uow(), ADMIN, "meituan")
    assert (p.title, [(x.sku, x.qty_base) for x in p.lines]) == ("Wash+", [("SKU3", 2)])
    with pytest.raises(UnknownProduct):
        voucher_admin.set_package(uow(), ADMIN, ["meituan"], "meituan", "X", "X", [("NOPE", 1)])
    with pytest.raises(InvalidInput, match="platform 'eleme'"):
        voucher_admin.set_package(uow(), ADMIN, ["meituan"], "eleme", "X", "X", [("SKU1", 1)])
