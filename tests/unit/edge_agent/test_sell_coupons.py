"""A sale with single-use coupons on the in-memory ledger and a fake head office: checked at
the till, priced with, redeemed under the sale's key before the commit, given back when the
commit fails, nothing written when head office cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from common.domain.coupons import make_code
from common.domain.pricing import ScannedItem
from common.domain.promotions import AMOUNT_OFF, Offer
from common.errors import InvalidInput, Refused
from edge_agent.domain.errors import HeadOfficeUnreachable, LedgerUnavailable
from edge_agent.domain.promotions import StorePromotion
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import coupons as till_coupons
from edge_agent.services.member_ports import CouponRedeemed, NoHeadOffice
from edge_agent.services.selling import sell
from tests.unit.edge_agent.fakes import FakeLedger, FakeUnitOfWork
from tests.unit.edge_agent.test_selling_service import COLA_BARCODE, ledger, store


class CommitFails:
    """The ledger whose COMMIT fails after the sale's block ran (a full disk, say)."""

    def __init__(self, inner: FakeLedger) -> None:
        self.inner = inner

    @contextmanager
    def write(self) -> Iterator[FakeUnitOfWork]:
        with self.inner.write() as uow:
            yield uow
            raise LedgerUnavailable("the store ledger could not commit: disk full")


def ledger_of(ctx) -> FakeUnitOfWork:  # type: ignore[no-untyped-def]
    return ctx.db.inner.committed  # type: ignore[no-any-return]


CODE = make_code("WELCOME", "7K3MQ9XD2HP").text
SPRING = make_code("SPRING", "7K3MQ9XD2HP").text


@dataclass
class FakeHeadOffice(NoHeadOffice):
    """Redeems each code for the first key; `down` makes it unreachable."""

    held: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    down: bool = False

    def redeem_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        self.calls.append(("redeem", code, key))
        if self.down:
            raise HeadOfficeUnreachable("no answer")
        if self.held.get(code, key) != key:
            raise Refused(f"coupon {code} was already used at S002 on 2026-12-05 10:00")
        replayed = code in self.held
        self.held[code] = key
        return CouponRedeemed(code, "W", replayed)

    def release_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        self.calls.append(("release", code, key))
        if self.held.get(code) == key:
            del self.held[code]
        return CouponRedeemed(code, "W", False)


def _store(head_office: FakeHeadOffice):  # type: ignore[no-untyped-def]
    ctx = store()
    ctx.members = head_office
    offer = Offer("W", AMOUNT_OFF, skus=("COLA",), amount_minor=50, coupon_code="WELCOME")
    ledger(ctx).promotions.put(StorePromotion(offer), 1)
    return ctx


def test_a_coupon_is_priced_with_redeemed_under_the_sale_key_and_kept_on_the_sale() -> None:
    head_office = FakeHeadOffice()
    ctx = _store(head_office)
    typed = till_coupons.presented([CODE.lower().replace("-", "")[:7] + "-" + CODE[8:]])
    result = sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 700)],
                  "K1", coupons=typed)  # fmt: skip
    assert result.sale.total_minor == 600  # 2 x 3.50 less the coupon's 0.50 a piece
    assert (result.sale.coupons, result.sale.coupon_key) == ((CODE,), "K1:coupon")
    assert head_office.calls == [("redeem", CODE, "K1:coupon")]
    assert f"Coupon WELCOME-****-****-{CODE[-4:]}" in result.receipt_text
    assert CODE not in result.receipt_text
    # The same sale retried with its key is the recorded one: head office is not asked again.
    again = sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 700)],
                 "K1", coupons=typed)  # fmt: skip
    assert again.replayed and len(head_office.calls) == 1


def test_a_coupon_is_checked_at_the_till_before_head_office_is_asked() -> None:
    head_office = FakeHeadOffice()
    ctx = _store(head_office)
    with pytest.raises(InvalidInput, match="mistyped"):
        till_coupons.presented([CODE[:-1] + ("A" if CODE[-1] != "A" else "B")])
    items, paid = [ScannedItem("CHIPS", 1)], [TenderOffer("cash", 800)]
    with pytest.raises(InvalidInput, match="takes nothing off this sale"):
        sell(ctx, "T1", "ann", items, paid, "K2", coupons=[CODE])
    with pytest.raises(InvalidInput, match="for no promotion this store runs"):
        sell(ctx, "T1", "ann", items, paid, "K3", coupons=[SPRING])
    assert head_office.calls == [] and ledger(ctx).journal.entries == []


def test_another_tills_redemption_refuses_the_sale_and_writes_nothing() -> None:
    head_office = FakeHeadOffice(held={CODE: "OTHER:coupon"})
    ctx = _store(head_office)
    with pytest.raises(Refused, match="already used at S002"):
        sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 700)],
             "K4", coupons=[CODE])  # fmt: skip
    assert ledger(ctx).journal.entries == []


def test_head_office_unreachable_says_so_and_writes_nothing() -> None:
    head_office = FakeHeadOffice(down=True)
    ctx = _store(head_office)
    with pytest.raises(HeadOfficeUnreachable, match="sell without the coupon"):
        sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 700)],
             "K5", coupons=[CODE])  # fmt: skip
    assert ledger(ctx).journal.entries == [] and head_office.held == {}


def test_a_sale_that_fails_after_the_redemption_gives_the_coupon_back() -> None:
    head_office = FakeHeadOffice()
    ctx = _store(head_office)
    with pytest.raises(Exception, match="short"):
        # Paid too little: refused by the till before anything is asked.
        sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 100)],
             "K6", coupons=[CODE])  # fmt: skip
    assert head_office.calls == []

    ctx.db = CommitFails(ctx.db)  # type: ignore[arg-type]
    with pytest.raises(LedgerUnavailable, match="could not commit"):
        sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 700)],
             "K7", coupons=[CODE])  # fmt: skip
    assert head_office.calls == [("redeem", CODE, "K7:coupon"), ("release", CODE, "K7:coupon")]
    assert head_office.held == {}
    assert ledger_of(ctx).journal.entries == []
