"""Member, level and birthday offers priced at the till are re-priced identically at head
office, on both databases: the sale's member context (level, birthday) is used once head
office found it bounded by the member's record; a context the member does not hold, or a
discount the context does not give, refuses the batch and leaves no row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.domain.promotions import CartLine, Member, PricingContext, price_cart
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.member_levels import level_rules
from headoffice.domain.roles import Staff
from headoffice.services.member_sales import MemberSettings
from headoffice.services.members import NewMember, add_member
from headoffice.services.points import balance_of
from headoffice.services.promotions import create_promotions, show_promotion
from headoffice.services.sync import apply_batch
from headoffice.store.member_tables import members as members_table
from headoffice.store.tables import journal_entries
from headoffice.store.unit_of_work import UnitOfWork
from tests.member_entries import AT_MS, member_sale

pytestmark = pytest.mark.usefixtures("store")
Uow = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
SETTINGS = MemberSettings(rules=level_rules({"levels": "silver:100000:0:365,gold:500000:0:365"}))
OFFERS = [
    {"promo_id": "GOLD10", "kind": "percent_off", "skus": "COLA", "percent_bp": "1000",
     "levels": "gold", "stores": "S001"},
    {"promo_id": "BDAY", "kind": "amount_off", "skus": "TEA", "amount_minor": "50",
     "members_only": "yes", "birthday": "day", "stores": "S001"},
]  # fmt: skip


def priced_sale(
    uow: Uow, seq: int, member_id: str, level: str, birthday: str, priced_as: Member | None
) -> ledger_pb2.JournalEntry:
    """A member's sale of a cola and a tea priced as a till does: the engine, with the member
    context `priced_as` (None: without one), the promotions head office sent."""
    entry = member_sale(seq, member_id, [("COLA", 2), ("TEA", 1)], level=level, birthday=birthday)
    sale = entry.sale
    at = datetime.fromtimestamp(entry.occurred_at_ms / 1000, UTC).replace(tzinfo=None)
    offers = [show_promotion(uow(), ADMIN, row["promo_id"]).offer for row in OFFERS]
    cart = [CartLine(n.line_no, n.sku, n.qty_base, n.amount_minor, True) for n in sale.lines]
    priced = price_cart(cart, offers, PricingContext("S001", at, member=priced_as))
    by_no = {line.line_no: line for line in priced.lines}
    for line in sale.lines:
        mine = by_no[line.line_no]
        line.offer_discount_minor = mine.discount_minor
        line.offers.extend(
            ledger_pb2.LineOfferApplied(offer_id=o.offer_id, discount_minor=o.discount_minor)
            for o in mine.applied
        )
    sale.total_minor = priced.total_minor
    del sale.tenders[:]
    sale.tenders.append(ledger_pb2.Tender(method="cash", amount_minor=priced.total_minor))
    sale.priced_local = at.strftime("%Y-%m-%d %H:%M")
    sale.promo_ids.extend(row["promo_id"] for row in OFFERS)
    return entry


@pytest.fixture
def gold(uow: Uow) -> str:
    """A gold member whose birthday is the sales' day (05-28)."""
    create_promotions(uow(), ADMIN, OFFERS)
    new = NewMember(phone="13900000001", name="Gold", birthday="1990-05-28")
    member_id = add_member(uow(), "admin", new).member_id
    with uow() as u:
        u.connection.execute(
            members_table.update()
            .where(members_table.c.member_id == member_id)
            .values(level="gold")
        )  # fmt: skip
        u.commit()
    return member_id


def test_level_and_birthday_offers_are_re_priced_alike(uow: Uow, gold: str) -> None:
    assert datetime.fromtimestamp(AT_MS / 1000, UTC).strftime("%m-%d") == "05-28"
    entry = priced_sale(uow, 1, gold, "gold", "05-28", Member(gold, "gold", 5, 28))
    # 2 colas 600 less 10 percent, a tea 300 less 50: the till's discounts
    assert [line.offer_discount_minor for line in entry.sale.lines] == [60, 50]
    assert apply_batch(uow(), "S001", [entry], members=SETTINGS).applied == 1
    assert balance_of(uow(), gold) == 7  # 790 paid earns 7 points


def test_a_discount_the_sale_context_does_not_give_is_refused(
    uow: Uow, gold: str, engine: Engine
) -> None:
    # priced as gold with a birthday, but the sale says neither: head office gives no discount
    entry = priced_sale(uow, 1, gold, "", "", Member(gold, "gold", 5, 28))
    with pytest.raises(InvalidEntry) as refused:
        apply_batch(uow(), "S001", [entry], members=SETTINGS)
    assert refused.value.code == "offer_mismatch"
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).scalar() == 0


@pytest.mark.parametrize(
    "level, birthday", [("gold", "05-29"), ("platinum", "05-28")]
)  # fmt: skip
def test_a_context_the_member_does_not_hold_is_refused_before_pricing(
    uow: Uow, gold: str, level: str, birthday: str
) -> None:
    entry = priced_sale(uow, 1, gold, level, birthday, Member(gold, "gold", 5, 28))
    with pytest.raises(InvalidEntry) as refused:
        apply_batch(uow(), "S001", [entry], members=SETTINGS)
    assert refused.value.code == "member_mismatch"
