"""Stocktake services on the edge's real SQLite ledger (issue 13): scopes resolved at the
store, what a scan counts, unknown barcodes kept, the book at each line's journal
position, not counted and confirmed zero, cancellation and idempotency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from common.domain.pricing import ScannedItem
from common.domain.stocktake import results
from common.errors import InvalidInput, InvalidQuantity, NotFound, PermissionDenied, Refused
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import (
    approve_count,
    cancel_count,
    confirm_zero,
    submit_count,
)
from edge_agent.services.counting import add_count_line, counter_lines, show_count, start_count
from edge_agent.services.receiving import receive
from edge_agent.services.selling import sell
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import COLA_BARCODE, entry_at, levels, newest_seq, seed_catalogue
from tests.till_staff import add_staff

CASE_BARCODE = "6920000000029"
CHEESE_LABEL = "2800123012342"  # weight label: item 00123, 1234 g


def _product(sku: str, category: str, unit: str = "piece", **more: object) -> catalogue_pb2.Product:
    return catalogue_pb2.Product(
        sku=sku, name=sku.title(), unit=unit, price_minor=300, cost_minor=100, currency="CNY",
        active=True, category=category, **more,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = StoreContext.open(tmp_path / "ledger.db", "S001", "Corner Shop")
    seed_catalogue(ctx)  # COLA, CHIPS (pieces), RICE (g), no categories
    extra = [
        _product("TEA", "drinks/hot"),
        _product("JUICE", "drinks/cold", packs=[catalogue_pb2.Pack(
            name="case", qty_base=12, barcode=CASE_BARCODE)]),
        _product("MUG", "drinksware"),
        _product("CHEESE", "deli", "g", barcodes=["2800123000004"]),
        _product("WASH", "services", kind="service"),
    ]  # fmt: skip
    for cursor, product in enumerate(extra, start=10):
        apply_product(ctx, product, cursor)
    for code, role in (("ann", "stock_clerk"), ("bob", "stock_clerk"), ("max", "store_manager")):
        add_staff(ctx.db, code, role)
    yield ctx
    ctx.close()


def test_a_category_covers_its_subtree_only(store: StoreContext) -> None:
    session = start_count(store, "max", "category", categories=["drinks"])
    assert session.scope.skus == ("JUICE", "TEA")  # not MUG (drinksware)
    assert entry_at(store, session.opened_seq).count_session.scope.skus == ["JUICE", "TEA"]


def test_a_pack_counts_its_units_a_label_its_weight_and_an_unknown_code_is_kept(
    store: StoreContext,
) -> None:
    session = start_count(store, "max", "full").session_id
    assert add_count_line(store, "ann", session, code=CASE_BARCODE).line.qty_base == 12
    cheese = add_count_line(store, "ann", session, code=CHEESE_LABEL, location="deli-1").line
    assert (cheese.sku, cheese.qty_base) == ("CHEESE", 1234)
    with pytest.raises(InvalidQuantity, match="RICE is counted in g: weigh it"):
        add_count_line(store, "ann", session, code="RICE")
    with pytest.raises(InvalidInput, match="WASH is a service"):
        add_count_line(store, "ann", session, code="WASH")
    unknown = add_count_line(store, "ann", session, code="6920000000043", location="A-9").line
    assert (unknown.sku, unknown.scanned_code, unknown.qty_base) == ("", "6920000000043", 1)
    entry = entry_at(store, unknown.seq)
    assert (entry.document_type, entry.count_line.scanned_code) == ("count_line", "6920000000043")
    assert [u.scanned_code for u in show_count(store, session).unknown] == ["6920000000043"]


def test_the_book_of_a_line_is_the_book_at_its_journal_position(store: StoreContext) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 24, 180)], "bo")
    session = start_count(store, "max", "skus", skus=["COLA"]).session_id
    first = add_count_line(store, "ann", session, sku="COLA", qty=10, location="A-1").line
    sell(store, "T1", "cas", [ScannedItem(COLA_BARCODE, 3)], [TenderOffer("cash", 2000)])
    second = add_count_line(store, "bob", session, sku="COLA", qty=11, location="B-1").line
    assert (first.book_qty_base, second.book_qty_base) == (24, 21)
    assert entry_at(store, second.seq).count_line.book_qty_base == 21
    [cola] = show_count(store, session, "max").results
    assert (cola.counted_qty_base, cola.variance_qty_base, cola.moved_qty_base) == (21, 0, -3)


def test_a_location_scope_uses_the_shelves_learned_from_count_lines(store: StoreContext) -> None:
    first = start_count(store, "max", "skus", skus=["TEA", "COLA"]).session_id
    add_count_line(store, "ann", first, sku="TEA", qty=0, location="A-01")
    add_count_line(store, "ann", first, sku="COLA", qty=0, location="B-07")
    cancel_count(store, "max", first, "done with the shelves")
    session = start_count(store, "max", "location", locations=["A-"])
    assert session.scope.skus == ("TEA",)
    with pytest.raises(InvalidInput, match="covers no SKU"):
        start_count(store, "max", "location", locations=["Z-"])


def test_abc_classes_come_from_the_stores_sales(store: StoreContext) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 50, 180)], "bo")
    sell(store, "T1", "cas", [ScannedItem("COLA", 40)], [TenderOffer("cash", 20_000)])
    session = start_count(store, "max", "abc", abc_classes=["A"])
    assert (session.scope.skus, dict(session.classes)) == (("COLA",), {"COLA": "A"})


def test_not_counted_in_a_full_count_and_a_managers_zero(store: StoreContext) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 5, 180)], "bo")
    session = start_count(store, "max", "full").session_id
    report = show_count(store, session)
    # Goods of the catalogue (not the service), whether or not the store holds some.
    assert report.not_counted == ["CHEESE", "CHIPS", "COLA", "JUICE", "MUG", "RICE", "TEA"]
    add_count_line(store, "ann", session, sku="COLA", qty=5)
    for sku in ("CHEESE", "CHIPS", "JUICE", "MUG"):
        add_count_line(store, "ann", session, sku=sku, qty=0)
    submitted = submit_count(store, "ann", session)
    assert submitted.session.state == "submitted"
    with pytest.raises(Refused, match="2 SKU\\(s\\) in scope that nobody counted"):
        approve_count(store, "max", session)
    with pytest.raises(InvalidInput, match="COLA counted already"):
        confirm_zero(store, "max", session, ["COLA"])
    zeroed = confirm_zero(store, "max", session, all_not_counted=True)
    assert zeroed.not_counted == [] and zeroed.session.state == "submitted"
    rice = next(r for r in zeroed.results if r.sku == "RICE")
    assert rice.counters == ("max",)
    posted = approve_count(store, "max", session)
    assert posted.session.state == "posted"
    # Nothing varied: the posting's lines say so, and no stock moved.
    assert not entry_at(store, posted.session.closed_seq).movements
    assert levels(store)["COLA"] == 5


def test_a_line_twice_is_one_entry_and_a_closed_or_unknown_session_takes_none(
    store: StoreContext,
) -> None:
    session = start_count(store, "max", "skus", skus=["COLA"]).session_id
    first = add_count_line(store, "ann", session, sku="COLA", qty=3, line_id="k-1")
    again = add_count_line(store, "ann", session, sku="COLA", qty=3, line_id="k-1")
    assert (again.line, again.replayed, first.replayed) == (first.line, True, False)
    assert [ln.seq for ln in counter_lines(store, session, "ann").lines] == [first.line.seq]
    assert counter_lines(store, session, "ann").reveal is False
    assert counter_lines(store, session, "max").reveal is True
    cancel_count(store, "max", session)
    seq = newest_seq(store)
    with pytest.raises(Refused, match="is cancelled: it takes no more count lines"):
        add_count_line(store, "ann", session, sku="COLA", qty=1)
    with pytest.raises(NotFound, match="store S001 has no count session 'NOPE'"):
        add_count_line(store, "ann", "NOPE", sku="COLA", qty=1)
    with pytest.raises(NotFound, match="store S001 has no product with SKU GHOST to count"):
        add_count_line(store, "ann", start_count(store, "max", "skus", skus=["TEA"]).session_id,
                       sku="GHOST", qty=1)  # fmt: skip
    seq = newest_seq(store)
    with pytest.raises(InvalidInput, match="the scanned code"):
        add_count_line(store, "ann", session, code="SHELF\x1b[2J")
    with pytest.raises(InvalidInput, match="a scanned code or a SKU"):
        add_count_line(store, "ann", session, code="COLA", sku="COLA", qty=1)
    assert newest_seq(store) == seq


def test_a_session_with_selling_locations_takes_the_book_at_the_shelf(store: StoreContext) -> None:
    """Shelf (where the till sells) counted first, backroom after, 2 sold in between: the
    units sold were on the shelf when it was counted, so no variance."""
    receive(store, "DN-1", [DeliveryItem("COLA", 50, 180)], "bo")
    session = start_count(store, "max", "skus", skus=["COLA"], selling_locations=["A-"])
    assert session.selling_locations == ("A-",)
    assert entry_at(store, session.opened_seq).count_session.selling_locations == ["A-"]
    add_count_line(store, "ann", session.session_id, sku="COLA", qty=30, location="A-01")
    sell(store, "T1", "cas", [ScannedItem("COLA", 2)], [TenderOffer("cash", 2000)])
    add_count_line(store, "ann", session.session_id, sku="COLA", qty=20, location="backroom")
    [cola] = show_count(store, session.session_id, "max").results
    assert (cola.counted_qty_base, cola.book_qty_base, cola.variance_qty_base) == (50, 50, 0)
    assert cola.moved_qty_base == -2
    # Without selling locations the same lines would show the 2 sold as a gain.
    lines = [ln for ln in counter_lines(store, session.session_id, "ann").lines]
    [plain] = results(lines, {}, session.tolerance, lambda sku: 180)
    assert plain.variance_qty_base == 2


def test_a_zero_confirmed_after_submit_against_a_book_goes_to_a_recount(
    store: StoreContext,
) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 5, 180)], "bo")
    session = start_count(store, "max", "skus", skus=["COLA", "TEA"]).session_id
    add_count_line(store, "ann", session, sku="TEA", qty=0)
    assert submit_count(store, "ann", session).not_counted == ["COLA"]
    zeroed = confirm_zero(store, "max", session, ["COLA"])
    # 5 on the book and none found: outside tolerance, so someone other than max looks again.
    assert (zeroed.session.state, zeroed.session.recount_skus) == ("recount", ("COLA",))
    with pytest.raises(PermissionDenied, match="max counted COLA before"):
        add_count_line(store, "max", session, sku="COLA", qty=5)
    add_count_line(store, "bob", session, sku="COLA", qty=5)
    assert submit_count(store, "bob", session).session.state == "submitted"
    assert approve_count(store, "max", session).session.state == "posted"
    assert levels(store)["COLA"] == 5
