"""Catalogue model at head office: kinds, packs, components, store prices, categories, export.

Each test runs on SQLite and PostgreSQL (db_url); a refused file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.errors import InvalidInput
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.errors import CatalogueRejected, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.audit import list_records, verify
from headoffice.services.catalogue import (
    categories,
    export_rows,
    import_catalogue,
    import_rows,
    rows_to_csv,
    show_product,
)
from headoffice.services.downstream import feed_after
from headoffice.services.store_prices import list_store_prices, set_store_price
from headoffice.services.stores import add_store
from headoffice.store.tables import downstream_events, product_components, product_packs, products
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
BEA = Staff("bea", "buyer")
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category,kind,packs,components\n"
EXTRAS = (
    HEADER
    + "WATER,Water 550ml,6901234567892,piece,200,95,drinks/water,goods,case=24:4006381333931,\n"
    + "SHAMPOO,Car shampoo,,ml,1,1,car/supplies,goods,,\n"
    + "TOWEL,Towel,,piece,100,40,car/supplies,goods,,\n"
    + "WASH,Car wash,,piece,3000,0,car/services,service,,SHAMPOO=50|TOWEL=1\n"
    + "GIFT,Gift box,,piece,5000,0,gifts,bundle,,WATER=6|WASH=1\n"
)


def _count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


def _snapshot(engine: Engine) -> tuple[int, ...]:
    return tuple(
        _count(engine, t) for t in (products, product_packs, product_components, downstream_events)
    )


def test_kinds_packs_and_components_are_stored_and_shown(uow: UoW, engine: Engine) -> None:
    result = import_catalogue(uow(), EXTRAS, actor="bea", source="extras.csv")
    assert (result.products_created, result.products_updated) == (5, 0)
    water, _ = show_product(uow(), BEA, "WATER")
    assert water.kind == "goods" and [(p.name, p.qty_base, p.barcode) for p in water.packs] == [
        ("case", 24, "4006381333931")
    ]
    wash, _ = show_product(uow(), BEA, "WASH")
    assert wash.kind == "service" and wash.components == (("SHAMPOO", 50), ("TOWEL", 1))
    gift, _ = show_product(uow(), BEA, "GIFT")
    assert gift.kind == "bundle" and gift.components == (("WASH", 1), ("WATER", 6))
    with pytest.raises(UnknownProduct, match="SKU NOPE is not in head office's catalogue"):
        show_product(uow(), BEA, "NOPE")
    # One audit record for the import, with its counts.
    records = list_records(uow(), AuditFilter(action="catalogue.import"))
    assert [(r.actor, r.entity_id) for r in records] == [("bea", "extras.csv")]
    assert '"created":5' in records[0].after_json.replace(" ", "")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("BAD,Bad,,piece,1,1,x,goods,case=2.5,", "pack case must be a positive whole number"),
        ("BAD,Bad,,piece,1,1,x,goods,case=0,", "pack case must be a positive whole number"),
        ("BAD,Bad,,piece,1,1,x,goods,case=-24,", "pack case must be a positive whole number"),
        ("BAD,Bad,,piece,1,1,x,bundle,,BAD=1", "bundle BAD contains itself"),
        ("BAD,Bad,,piece,1,1,x,bundle,,", "bundle BAD lists no components"),
        ("BAD,Bad,,piece,1,1,x,goods,,WATER=1", "only a bundle or a service has components"),
        ("BAD,Bad,,piece,1,1,x,bundle,,GHOST=1", "component GHOST of BAD is not a product"),
        ("BAD,Bad,,piece,1,1,x,kit,,WATER=1", "kind 'kit' of SKU BAD is not one of"),
        ("BAD,Bad,,piece,1,1,x,bundle,,WATER=1.5", "component WATER must be a positive whole"),
        ("BAD,Bad,,piece,1,1,x,goods,case=6:6901234567892,", "barcode 6901234567892"),
    ],
)
def test_bad_lines_are_refused_with_a_sentence_and_change_nothing(
    uow: UoW, engine: Engine, line: str, reason: str
) -> None:
    import_catalogue(uow(), EXTRAS)
    before = _snapshot(engine)
    with pytest.raises(CatalogueRejected) as info:
        import_catalogue(uow(), HEADER + line + "\n")
    assert [n for n, _ in info.value.errors] == [2]
    assert reason in info.value.errors[0][1]
    assert _snapshot(engine) == before


def test_a_bundle_containing_itself_through_another_is_refused(uow: UoW, engine: Engine) -> None:
    import_catalogue(uow(), EXTRAS)
    before = _snapshot(engine)
    # WASH held at head office would contain GIFT, which contains WASH.
    with pytest.raises(CatalogueRejected) as info:
        import_catalogue(uow(), HEADER + "WASH,Car wash,,piece,3000,0,car,service,,GIFT=1\n")
    assert info.value.errors == [(2, "service WASH contains itself through WASH -> GIFT -> WASH")]
    # Within one file too, every line of the loop is named.
    with pytest.raises(CatalogueRejected) as info:
        import_catalogue(
            uow(),
            HEADER
            + "A,A,,piece,1,0,x,bundle,,B=1\n"
            + "B,B,,piece,1,0,x,bundle,,A=1\n"
            + "C,C,,piece,1,0,x,goods,,\n",
        )
    assert [n for n, _ in info.value.errors] == [2, 3]
    assert _snapshot(engine) == before


def test_every_bad_line_of_a_big_file_is_reported(uow: UoW, engine: Engine) -> None:
    rows = [(1, HEADER.strip().split(","))]
    rows += [
        (n, [f"S{n}", f"Item {n}", "", "piece", "100", "50", "bulk", "goods", "", ""])
        for n in range(2, 12_002)
    ]
    rows[500] = (501, ["S501", "Item", "", "piece", "1.5", "50", "bulk", "goods", "", ""])
    rows[9_000] = (9_001, ["S9001", "Item", "", "box", "1", "50", "bulk", "goods", "", ""])
    with pytest.raises(CatalogueRejected) as info:
        import_rows(uow(), rows)
    assert [n for n, _ in info.value.errors] == [501, 9_001]
    assert _count(engine, products) == 0
    rows[500] = (501, ["S501", "Item", "", "piece", "1", "50", "bulk", "goods", "", ""])
    rows[9_000] = (9_001, ["S9001", "Item", "", "piece", "1", "50", "bulk", "goods", "", ""])
    assert import_rows(uow(), rows).products_created == 12_000
    # More SKUs than one IN list holds: the second run finds every product unchanged.
    assert import_rows(uow(), rows).products_unchanged == 12_000


def test_export_round_trips_to_no_changes(uow: UoW) -> None:
    import_catalogue(uow(), EXTRAS)
    exported = rows_to_csv(export_rows(uow()))
    assert exported.splitlines()[0] == HEADER.strip()
    again = import_catalogue(uow(), exported)
    assert (again.products_created, again.products_updated, again.products_unchanged) == (0, 0, 5)


def test_category_tree_counts_products_under_each_node(uow: UoW) -> None:
    import_catalogue(uow(), EXTRAS)
    tree = [(n.path, n.depth, n.product_count) for n in categories(uow())]
    assert tree == [
        ("car", 0, 3),
        ("car/services", 1, 1),
        ("car/supplies", 1, 2),
        ("drinks", 0, 1),
        ("drinks/water", 1, 1),
        ("gifts", 0, 1),
    ]


def test_store_price_reaches_only_its_store_and_is_audited(
    uow: UoW, engine: Engine, ca: KeyPair
) -> None:
    for code in ("S001", "S002"):
        add_store(uow(), ca, code, f"Store {code}", "127.0.0.1:1")
    import_catalogue(uow(), EXTRAS)
    start = feed_after(uow(), "S001", 0, 100).last_cursor
    row = set_store_price(uow(), BEA, "S001", "WATER", 180)
    assert row is not None and (row.price_minor, row.chain_price_minor) == (180, 200)
    s1 = feed_after(uow(), "S001", start, 100).items
    assert [(i.product.sku, i.store_price_minor) for i in s1 if i.product] == [("WATER", 180)]
    assert feed_after(uow(), "S002", start, 100).items == []
    # A chain-wide change of WATER carries S001's own price to S001 only.
    import_catalogue(uow(), EXTRAS.replace("Water 550ml", "Water 550 ml"))
    s1 = feed_after(uow(), "S001", start, 100).items
    s2 = feed_after(uow(), "S002", start, 100).items
    assert [i.store_price_minor for i in s1 if i.product and i.product.sku == "WATER"] == [180, 180]
    assert [i.store_price_minor for i in s2 if i.product and i.product.sku == "WATER"] == [None]
    assert [(p.store_code, p.sku, p.price_minor) for p in list_store_prices(uow(), BEA)] == [
        ("S001", "WATER", 180)
    ]
    assert set_store_price(uow(), BEA, "S001", "WATER", None) is None
    assert list_store_prices(uow(), BEA, "S001") == []
    actions = [
        (r.action, r.before_json, r.after_json)
        for r in list_records(uow(), AuditFilter(entity="store_price"))
    ]
    assert [a for a, _, _ in actions] == ["store_price.set", "store_price.remove"]
    assert "180" in actions[1][1]
    assert verify(uow()).intact


def test_bad_store_prices_change_nothing(uow: UoW, engine: Engine, ca: KeyPair) -> None:
    add_store(uow(), ca, "S001", "Store", "127.0.0.1:1")
    import_catalogue(uow(), EXTRAS)
    before = _snapshot(engine)
    with pytest.raises(InvalidInput, match="whole non-negative number"):
        set_store_price(uow(), BEA, "S001", "WATER", -5)
    with pytest.raises(UnknownStore, match="store S404 is not enrolled"):
        set_store_price(uow(), BEA, "S404", "WATER", 100)
    with pytest.raises(UnknownProduct, match="GHOST"):
        set_store_price(uow(), BEA, "S001", "GHOST", 100)
    with pytest.raises(InvalidInput, match="has no price of its own for WATER"):
        set_store_price(uow(), BEA, "S001", "WATER", None)
    assert _snapshot(engine) == before
    assert list_store_prices(uow(), BEA) == []
