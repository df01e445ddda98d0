"""The stocktake's promise end to end, from the store's real services to head office's
databases (issue 13): hypothesis drives one store.

Each example is a store of its own (a new code at head office, a new edge SQLite ledger):
a few SKUs, each on a shelf (where the till sells) and maybe a backroom. The store's
real services record sales, returns, supplier receipts, transfers out and write-offs;
true shrink takes units off a shelf with no entry. A count session covers every SKU and
is counted the documented safe way (tests/unit/common/test_stocktake_property.py): while
a SKU's round is half counted, it moves only from its places not yet counted in that
round. It is submitted, recounted by another person where the store asks, approved
(with a second approver where the value needs one) and posted. The edge ledger is
closed and reopened once midway.

The store's journal then reaches head office through apply_batch in random batches, a
new engine (head office restarted) for each batch. Then:
- the posting's movements are minus the shrink, per SKU, and the store's levels are
  what is really on its shelves;
- head office's count_results are the store's session results, no count line is
  flagged as a book mismatch, the session is posted with no anomaly;
- head office's levels are the store's (verify_report as `hoctl verify` runs it).

The real services are slow for hypothesis (a SQLite transaction per document): examples
stay small: 40 examples, about 40-50 s on each database here. The longer
variant: STOCKTAKE_PROPERTY_EXAMPLES=150 (about 3 and 4 minutes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import count as counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import transfers
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import approve_count, submit_count
from edge_agent.services.counting import add_count_line, start_count
from edge_agent.services.receiving import receive
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import sell
from edge_agent.services.write_offs import write_off_stock
from edge_agent.sync.downstream_handlers import apply_product, apply_transfer_order
from headoffice.api.messages.transfers import transfer_order
from headoffice.domain.roles import Staff
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.services.transfers import create_transfer
from headoffice.services.verify import verify_report
from headoffice.store.count_tables import count_lines, count_results, count_sessions
from headoffice.store.engine import create_engine
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import seed_catalogue
from tests.edge.conftest import journal_entries
from tests.edge.conftest import levels as edge_levels
from tests.till_staff import add_staff

EXAMPLES = int(os.environ.get("STOCKTAKE_PROPERTY_EXAMPLES", "40"))
pytestmark = pytest.mark.timeout(max(300, 3 * EXAMPLES))
SKUS = ("COLA", "TEA", "RICE")
COST = 100
SHELF, BACK = "A-01", "B-01"
RECORDED = {"sale": -1, "return": +1, "receipt": +1, "transfer_out": -1, "write_off": -1}
OPS = (*RECORDED, "shrink", "shrink", "count", "count", "count")
ADMIN = Staff("admin", "admin")
PARTNER = "P001"  # the store transfers go to (head office's side only)


@dataclass
class Shop:
    """What is really on the store's shelves, the shrink, and where each SKU's count is."""

    shelf: dict[str, dict[str, int]]
    shrink: dict[str, int] = field(default_factory=dict)
    shrink_at_last_line: dict[str, int] = field(default_factory=dict)
    queue: dict[str, list[str]] = field(default_factory=dict)  # places left this round
    counted: dict[str, set[str]] = field(default_factory=dict)  # places counted this round
    sales: list[tuple[int, str, int]] = field(default_factory=list)  # (sale no, sku, left)

    def free(self, sku: str) -> list[str]:
        """Where the SKU may move now: while its round is half counted, only where that
        round has not counted yet (the safe way); otherwise anywhere."""
        places = list(self.shelf[sku])
        if not self.counted[sku] or not self.queue[sku]:
            return places
        return [p for p in places if p not in self.counted[sku]]


@dataclass
class Journey:
    """One example: the store's context, its ledger's path, and the session."""

    ctx: StoreContext
    path: Path
    code: str
    session_id: str = ""
    reopened: bool = False


@hs.composite
def stores(draw: hs.DrawFn) -> tuple[dict[str, tuple[int, ...]], list[tuple[str, int, int, int]]]:
    """Each SKU's starting units per place (1 or 2 places) and the steps of the day."""
    n = draw(hs.integers(1, len(SKUS)))
    start = {
        sku: tuple(draw(hs.lists(hs.integers(0, 8), min_size=1, max_size=2))) for sku in SKUS[:n]
    }
    steps = draw(
        hs.lists(
            hs.tuples(
                hs.sampled_from(OPS), hs.integers(0, n - 1), hs.integers(0, 1), hs.integers(1, 3)
            ),
            max_size=30,
        )
    )
    return start, steps


def products() -> list[catalogue_pb2.Product]:
    return [
        catalogue_pb2.Product(sku=sku, name=sku.title(), unit="piece", price_minor=300,
                              cost_minor=COST, currency="CNY", active=True)
        for sku in SKUS
    ]  # fmt: skip


def open_store(path: Path, code: str) -> StoreContext:
    ctx = StoreContext.open(path, code, f"Store {code}")
    for cursor, product in enumerate(products(), start=1):
        apply_product(ctx, product, cursor)
    for person, role in (("ann", "stock_clerk"), ("bob", "stock_clerk"),
                         ("max", "store_manager"), ("zoe", "store_manager")):  # fmt: skip
        add_staff(ctx.db, person, role)
    return ctx


class Day:
    """The store's day through its real services, the model kept beside it."""

    def __init__(self, journey: Journey, shop: Shop, url: str, numbers: counter) -> None:
        self.j, self.shop, self.url, self.numbers = journey, shop, url, numbers

    @property
    def ctx(self) -> StoreContext:
        return self.j.ctx

    def record(self, op: str, sku: str, place: str, n: int) -> bool:
        have = self.shop.shelf[sku][place]
        if RECORDED[op] < 0 and have < n:
            return False  # nothing to take from this place: no entry
        k = next(self.numbers)
        if op == "sale":
            sold = sell(self.ctx, "T1", "ann", [ScannedItem(sku, n)],
                        [TenderOffer("cash", 300 * n)])  # fmt: skip
            self.shop.sales.append((sold.sale.sale_no, sku, n))
        elif op == "return":
            open_sales = [s for s in self.shop.sales if s[1] == sku and s[2] > 0]
            if not open_sales:
                return False
            sale_no, _sku, left = open_sales[0]
            n = min(n, left)
            return_goods(self.ctx, "T1", "ann", sale_no, [ReturnItemIn(sku, n)], [],
                         reason="changed mind")  # fmt: skip
            i = self.shop.sales.index(open_sales[0])
            self.shop.sales[i] = (sale_no, sku, left - n)
        elif op == "receipt":
            receive(self.ctx, f"DN-{k}", [DeliveryItem(sku, n, COST)], "bo")
        elif op == "transfer_out":
            engine = create_engine(self.url)
            try:
                created = create_transfer(UnitOfWork(engine), ADMIN, self.j.code, PARTNER,
                                          [(sku, n)], negative_stock="allow")  # fmt: skip
            finally:
                engine.dispose()
            order = transfer_order(created.transfer)
            apply_transfer_order(self.ctx, order, 1_000 + k)
            transfers.ship(self.ctx, order.transfer_id, [(sku, n)], "ann")
        elif op == "write_off":
            write_off_stock(self.ctx, [(sku, n)], "damaged", actor="max")
        self.shop.shelf[sku][place] += RECORDED[op] * n
        return True

    def count_next(self, sku: str, rnd: int) -> None:
        place = self.shop.queue[sku].pop(0)
        who = ("ann", "bob")[rnd]
        add_count_line(self.ctx, who, self.j.session_id, sku=sku,
                       qty=self.shop.shelf[sku][place], location=place)  # fmt: skip
        self.shop.counted[sku].add(place)
        self.shop.shrink_at_last_line[sku] = self.shop.shrink[sku]

    def reopen_edge(self) -> None:
        """The edge agent restarts: its ledger closed and opened again."""
        self.ctx.close()
        self.j.ctx = StoreContext.open(self.j.path, self.j.code, f"Store {self.j.code}")
        self.j.reopened = True


def ho_levels(engine: Engine, code: str) -> dict[str, int]:
    with engine.connect() as conn:
        return {s: q for s, q in LevelsRepository(conn).levels(code).items() if q}


def ho_results(engine: Engine, code: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(count_results)
            .where(count_results.c.store_code == code)
            .order_by(count_results.c.sku)
        ).all()
    return [(r.sku, r.round, r.book_qty_base, r.counted_qty_base, r.variance_qty_base,
             r.value_minor, r.moved_qty_base) for r in rows]  # fmt: skip


@pytest.mark.postgres
def test_the_posted_variance_is_minus_the_shrink_at_the_store_and_at_head_office(
    migrated_db_url: str, ca: KeyPair, tmp_path: Path
) -> None:
    setup = create_engine(migrated_db_url)
    seed_catalogue(setup, SKUS, cost_minor=COST)
    add_store(UnitOfWork(setup), ca, PARTNER, "Partner", "unused:1")
    setup.dispose()
    stores_made = counter(1)
    numbers = counter(1)
    seen = dict.fromkeys(("shrink", "recount", "second", "batches>2", *RECORDED), 0)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(stores(), hs.data())
    def one_store(
        drawn: tuple[dict[str, tuple[int, ...]], list[tuple[str, int, int, int]]],
        data: hs.DataObject,
    ) -> None:
        start, steps = drawn
        code = f"S{next(stores_made):03d}"
        engine = create_engine(migrated_db_url)
        add_store(UnitOfWork(engine), ca, code, f"Store {code}", "unused:1")
        engine.dispose()
        path = tmp_path / f"{code}.db"
        journey = Journey(open_store(path, code), path, code)
        skus = sorted(start)
        shop = Shop({sku: dict(zip((SHELF, BACK), units, strict=False))
                     for sku, units in start.items()})  # fmt: skip
        shop.shrink = dict.fromkeys(skus, 0)
        shop.counted = {sku: set() for sku in skus}
        day = Day(journey, shop, migrated_db_url, numbers)
        try:
            opening = [DeliveryItem(sku, sum(shop.shelf[sku].values()), COST) for sku in skus]
            if any(item.qty_base for item in opening):
                receive(journey.ctx, "DN-0", [i for i in opening if i.qty_base], "bo")
            session = start_count(journey.ctx, "max", "skus", skus=skus)
            journey.session_id = session.session_id
            for sku in skus:
                shop.queue[sku] = list(data.draw(hs.permutations(list(shop.shelf[sku]))))
            reopen_at = data.draw(hs.integers(0, len(steps)))
            for i, (op, k, j, n) in enumerate(steps):
                if i == reopen_at:
                    day.reopen_edge()
                sku = skus[k]
                if op == "count":
                    if shop.queue[sku]:
                        day.count_next(sku, 0)
                    continue
                free = shop.free(sku)
                place = free[j % len(free)]
                if op == "shrink":
                    lost = min(n, shop.shelf[sku][place])
                    shop.shelf[sku][place] -= lost
                    shop.shrink[sku] += lost
                    seen["shrink"] += lost > 0
                else:
                    seen[op] += day.record(op, sku, place, n)
            for sku in skus:
                while shop.queue[sku]:
                    day.count_next(sku, 0)
            if not journey.reopened:
                day.reopen_edge()
            ctx = journey.ctx
            report = submit_count(ctx, "ann", journey.session_id)
            if report.session.state == "recount":
                seen["recount"] += 1
                for sku in report.session.recount_skus:
                    shop.queue[sku] = list(shop.shelf[sku])
                    shop.counted[sku] = set()
                    while shop.queue[sku]:
                        day.count_next(sku, 1)
                report = submit_count(ctx, "bob", journey.session_id)
            assert report.session.state == "submitted", report.session
            second = "zoe" if report.needs_second_approval else ""
            seen["second"] += bool(second)
            posted = approve_count(ctx, "max", journey.session_id, second_by=second)
            assert posted.session.state == "posted", posted.session
            edge = [(r.sku, r.round, r.book_qty_base, r.counted_qty_base, r.variance_qty_base,
                     r.value_minor, r.moved_qty_base) for r in posted.results]  # fmt: skip

            # At the store: the posting is minus the shrink; the books are the shelves.
            journal = journal_entries(ctx)
            adjusted = dict.fromkeys(skus, 0)
            for entry in journal:
                if entry.document_type == "count_posting":
                    for m in entry.movements:
                        adjusted[m.sku] += m.qty_base
            assert adjusted == {sku: -shop.shrink_at_last_line[sku] for sku in skus}
            # Shrink after a SKU's last line is not seen by the count: still on the book.
            unseen = {sku: shop.shrink[sku] - shop.shrink_at_last_line[sku] for sku in skus}
            on_shelves = {sku: sum(shop.shelf[sku].values()) + unseen[sku] for sku in skus}
            store_levels = {s: q for s, q in edge_levels(ctx).items() if q}
            assert store_levels == {s: q for s, q in on_shelves.items() if q}
            newest = journal[-1].seq

            # To head office in random batches, restarted before each.
            cuts = sorted(data.draw(hs.sets(hs.integers(1, len(journal) - 1), max_size=4)))
            parts = [journal[a:b] for a, b in zip([0, *cuts], [*cuts, len(journal)], strict=True)]
            seen["batches>2"] += len(parts) > 2
            for part in parts:
                engine = create_engine(migrated_db_url)
                try:
                    apply_batch(UnitOfWork(engine), code, part)
                finally:
                    engine.dispose()
            engine = create_engine(migrated_db_url)
            try:
                assert ho_results(engine, code) == edge
                with engine.connect() as conn:
                    flagged = conn.execute(
                        sa.select(count_lines.c.seq, count_lines.c.sku).where(
                            count_lines.c.session_id == journey.session_id,
                            count_lines.c.book_mismatch.is_(True),
                        )
                    ).all()
                    row = conn.execute(
                        sa.select(count_sessions.c.state, count_sessions.c.anomaly).where(
                            count_sessions.c.session_id == journey.session_id
                        )
                    ).one()
                assert flagged == []
                assert (row.state, row.anomaly) == ("posted", "")
                assert ho_levels(engine, code) == store_levels
                verified = verify_report(UnitOfWork(engine), code, newest, store_levels)
                assert verified.match, verified.message
            finally:
                engine.dispose()
        finally:
            journey.ctx.close()

    one_store()
    # The examples did what they are for: shrink found, recounts and batches exercised.
    assert all(seen[k] for k in ("shrink", "recount", "batches>2", *RECORDED)), seen
