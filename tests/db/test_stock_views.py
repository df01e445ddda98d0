"""Stock views on both databases: levels by store, category, search; totals; paging; stock cards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.certs import KeyPair
from common.errors import InvalidInput
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.stock_views import LevelFilter, Selection
from headoffice.services.catalogue import import_catalogue
from headoffice.services.stock_views import chain_totals, list_stock, stock_card
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.tables import stock_levels
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, sale

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
AUDITOR = Staff("aud", "auditor")
MANAGER = Staff("sam", "store_manager", frozenset({"S002"}))
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    "COLA,Cola can 330 ml,6920000000012,piece,350,200,drinks/soft\n"
    "TEA,Iced tea,,piece,300,120,drinks\n"
    "MUG,Drinks mug,,piece,900,400,drinksware\n"
    "RICE,Rice,,g,2,1,food\n"
)


@pytest.fixture
def chain(uow: UoW, ca: KeyPair) -> UoW:
    """S001: COLA 4 @200, RICE 1000 @1, TEA -1 @120, MUG 0; S002: COLA -2, TEA 6 @130."""
    for code in ("S001", "S002", "S003"):
        add_store(uow(), ca, code, f"Store {code}", "x:1")
    import_catalogue(uow(), CATALOGUE)
    apply_batch(
        uow(),
        "S001",
        [
            delivery(1, [("COLA", 4, 200), ("RICE", 1000, 1), ("MUG", 1, 400)]),
            sale(2, "TEA"),
            sale(3, "MUG"),
        ],
    )
    apply_batch(uow(), "S002", [sale(1, "COLA", 2), delivery(2, [("TEA", 6, 130)])])
    return uow


def _lines(page) -> list[tuple[str, str, int, int, int]]:
    return [
        (r.store_code, r.sku, r.qty_base, r.avg_cost_minor, r.qty_base * r.avg_cost_minor)
        for r in page.lines
    ]


def _levels(uow: UoW) -> list[tuple]:
    with uow() as work:
        query = sa.select(stock_levels).order_by(stock_levels.c.store_code, stock_levels.c.sku)
        return [tuple(r) for r in work.connection.execute(query)]


def test_list_one_store_with_value_and_totals(chain: UoW) -> None:
    page = list_stock(chain(), ADMIN, Selection(store_code="S001"))
    assert _lines(page) == [
        ("S001", "COLA", 4, 200, 800),
        ("S001", "MUG", 0, 400, 0),
        ("S001", "RICE", 1000, 1, 1000),
        ("S001", "TEA", -1, 120, -120),
    ]
    assert page.lines[0].name == "Cola can 330 ml" and page.lines[0].category == "drinks/soft"
    assert page.totals is not None
    assert (page.totals.lines, page.totals.qty_base, page.totals.value_minor) == (4, 1003, 1680)
    assert (page.totals.negative_lines, page.totals.zero_lines) == (1, 1)
    assert page.next_page_token == ""


def test_category_is_a_path_prefix_not_a_string_prefix(chain: UoW) -> None:
    page = list_stock(chain(), ADMIN, Selection(category="drinks"))
    assert [(r.store_code, r.sku) for r in page.lines] == [
        ("S001", "COLA"),
        ("S001", "TEA"),
        ("S002", "COLA"),
        ("S002", "TEA"),
    ]  # MUG is in drinksware, not below drinks
    soft = list_stock(chain(), ADMIN, Selection(category="drinks/soft"))
    assert {r.sku for r in soft.lines} == {"COLA"}
    with pytest.raises(UnknownProduct, match="category 'drink' is not in"):
        list_stock(chain(), ADMIN, Selection(category="drink"))


def test_search_by_name_sku_or_barcode(chain: UoW) -> None:
    def skus(text: str) -> set[str]:
        return {r.sku for r in list_stock(chain(), ADMIN, Selection(search=text)).lines}

    assert skus("cola") == {"COLA"}  # any case, name or SKU
    assert skus("ICED") == {"TEA"}
    assert skus("6920000000012") == {"COLA"}  # a whole barcode
    assert skus("100%") == set()  # % and _ are text, not wildcards
    assert skus("ric") == {"RICE"}


def test_negative_and_zero_lists_chain_wide_and_per_store(chain: UoW) -> None:
    negative = list_stock(chain(), ADMIN, Selection(level_filter=LevelFilter.NEGATIVE))
    assert [(r.store_code, r.sku, r.qty_base) for r in negative.lines] == [
        ("S001", "TEA", -1),
        ("S002", "COLA", -2),
    ]
    zero = list_stock(chain(), ADMIN, Selection(store_code="S001", level_filter=LevelFilter.ZERO))
    assert [(r.store_code, r.sku) for r in zero.lines] == [("S001", "MUG")]
    assert list_stock(chain(), ADMIN, Selection("S002", level_filter=LevelFilter.ZERO)).lines == []
    # A store that never held a catalogue SKU: no line, not an error.
    assert list_stock(chain(), ADMIN, Selection("S003", sku="COLA")).lines == []


def test_pages_continue_without_repeating_and_totals_come_first(chain: UoW) -> None:
    seen = []
    token = ""
    pages = 0
    while True:
        page = list_stock(chain(), AUDITOR, Selection(), token, size=2)
        assert (page.totals is not None) == (token == "")
        if page.totals is not None:  # summed by the database over every page
            assert (page.totals.lines, page.totals.qty_base, page.totals.value_minor) == (
                6,
                1007,
                2060,
            )
            assert (page.totals.negative_lines, page.totals.zero_lines) == (2, 1)
        seen += [(r.store_code, r.sku) for r in page.lines]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert pages == 3 and len(seen) == 6 and seen == sorted(seen)
    with pytest.raises(InvalidInput, match="page size must be between 1 and 10000, got 10001"):
        list_stock(chain(), ADMIN, Selection(), size=10_001)
    with pytest.raises(InvalidInput, match="was not given by this server"):
        list_stock(chain(), ADMIN, Selection(), token="garbage")


def test_chain_totals_per_sku_for_a_category(chain: UoW) -> None:
    result = chain_totals(chain(), ADMIN, Selection(category="drinks"))
    assert [(r.sku, r.stores, r.qty_base, r.value_minor) for r in result.lines] == [
        ("COLA", 2, 2, 4 * 200 - 2 * 200),
        ("TEA", 2, 5, -120 + 6 * 130),
    ]
    assert (result.totals.lines, result.totals.qty_base, result.totals.value_minor) == (4, 7, 1060)
    assert result.totals.negative_lines == 2
    every = chain_totals(chain(), ADMIN, Selection())
    assert [r.sku for r in every.lines] == ["COLA", "MUG", "RICE", "TEA"]
    one_store = chain_totals(chain(), ADMIN, Selection(store_code="S002", category="drinks"))
    assert [(r.sku, r.stores, r.qty_base) for r in one_store.lines] == [
        ("COLA", 1, -2),
        ("TEA", 1, 6),
    ]


def test_store_manager_sees_only_their_stores(chain: UoW) -> None:
    page = list_stock(chain(), MANAGER, Selection())
    assert {r.store_code for r in page.lines} == {"S002"}
    assert page.totals is not None and page.totals.lines == 2
    totals = chain_totals(chain(), MANAGER, Selection(category="drinks"))
    assert [(r.sku, r.stores) for r in totals.lines] == [("COLA", 1), ("TEA", 1)]
    with pytest.raises(PermissionRefused, match="manages store\\(s\\) S002, not S001"):
        list_stock(chain(), MANAGER, Selection(store_code="S001"))
    with pytest.raises(PermissionRefused):
        stock_card(chain(), MANAGER, "S001", "COLA")


def test_bad_selection_is_one_sentence_and_changes_nothing(chain: UoW) -> None:
    before = _levels(chain)
    with pytest.raises(UnknownStore, match="store S404 is not enrolled"):
        list_stock(chain(), ADMIN, Selection(store_code="S404"))
    with pytest.raises(InvalidInput, match="must not start or end with '/'"):
        chain_totals(chain(), ADMIN, Selection(category="drinks/"))
    with pytest.raises(InvalidInput, match="search text is empty"):
        list_stock(chain(), ADMIN, Selection(search="   "))
    with pytest.raises(UnknownProduct, match="SKU NOPE is not in"):
        stock_card(chain(), ADMIN, "S001", "NOPE")
    with pytest.raises(UnknownProduct, match="SKU NOPE is not in"):
        list_stock(chain(), ADMIN, Selection(sku="NOPE"))
    with pytest.raises(UnknownProduct, match="SKU NOPE is not in"):
        chain_totals(chain(), ADMIN, Selection(sku="NOPE"))
    with pytest.raises(InvalidInput, match="--since must be before its --until"):
        stock_card(chain(), ADMIN, "S001", "COLA", since_ms=5, until_ms=5)
    assert _levels(chain) == before


def test_stock_card_running_balance_matches_the_level(uow: UoW, store: str) -> None:
    import_catalogue(uow(), CATALOGUE)
    apply_batch(
        uow(),
        store,
        [
            delivery(1, [("COLA", 10, 200)]),  # at 1001
            sale(2, "COLA", 3),  # at 1002
            sale(3, "TEA"),
            delivery(4, [("COLA", 5, 230)]),  # at 1004
            sale(5, "COLA", 1),  # at 1005
        ],
    )
    card = stock_card(uow(), ADMIN, store, "COLA")
    assert card.opening_qty_base == 0 and (card.name, card.unit) == ("Cola can 330 ml", "piece")
    assert [
        (
            c.movement.seq,
            c.movement.document_type,
            c.movement.document_id,
            c.movement.actor,
            c.movement.reason,
            c.movement.qty_base,
            c.balance_qty_base,
        )
        for c in card.lines
    ] == [
        (1, "receipt", "receipt-1", "bo", "receipt", 10, 10),
        (2, "sale", "sale-2", "anna", "sale", -3, 7),
        (4, "receipt", "receipt-4", "bo", "receipt", 5, 12),
        (5, "sale", "sale-5", "anna", "sale", -1, 11),
    ]
    assert card.lines[0].movement.occurred_at_ms == 1001
    assert card.lines[-1].balance_qty_base == card.level_qty_base == 11
    # (7 x 200 + 5 x 230) / 12 = 212.5, rounded half up (domain.costing): the level's cost.
    assert card.unit_cost_minor == 213
    window = stock_card(uow(), ADMIN, store, "COLA", since_ms=1002, until_ms=1005)
    assert window.opening_qty_base == 10
    assert [(c.movement.seq, c.balance_qty_base) for c in window.lines] == [(2, 7), (4, 12)]
    # Paged one movement at a time, the balances run on across pages.
    balances, after = [], 0
    while True:
        page = stock_card(uow(), ADMIN, store, "COLA", after_seq=after, limit=1)
        balances += [c.balance_qty_base for c in page.lines]
        after = page.next_after_seq
        if not after:
            break
    assert balances == [10, 7, 12, 11]
