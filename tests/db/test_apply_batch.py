from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import (
    ConflictingEntry,
    InvalidEntry,
    SequenceGap,
    StoreDisabled,
    UnknownStore,
)
from headoffice.domain.roles import Staff
from headoffice.domain.stock_views import Selection
from headoffice.services.stock_views import list_stock
from headoffice.services.stores import disable_store
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import record_heartbeat
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.tables import journal_entries, movements
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, sale, seed_catalogue
from tests.journal_entries import customer_return

UoW = Callable[[], UnitOfWork]


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        entries = conn.execute(sa.select(sa.func.count()).select_from(journal_entries)).scalar()
        moves = conn.execute(sa.select(sa.func.count()).select_from(movements)).scalar()
    return int(entries or 0), int(moves or 0)


def levels(engine: Engine, store: str) -> dict[str, int]:
    with engine.connect() as conn:
        return LevelsRepository(conn).levels(store)


def sums(engine: Engine, store: str) -> dict[str, int]:
    with engine.connect() as conn:
        return LevelsRepository(conn).movement_sums(store)


def test_applies_a_batch_and_levels_equal_sum_of_movements(
    uow: UoW, engine: Engine, store: str
) -> None:
    batch = [delivery(1, [("COLA", 10, 200), ("TEA", 5, 100)]), sale(2), sale(3, "TEA", 2)]
    result = apply_batch(uow(), store, batch, now_ms=5_000)
    assert (result.applied, result.duplicates, result.committed_seq) == (3, 0, 3)
    assert levels(engine, store) == {"COLA": 9, "TEA": 3}
    assert levels(engine, store) == sums(engine, store)
    assert counts(engine) == (3, 4)
    with engine.connect() as conn:
        payload = conn.execute(
            sa.select(journal_entries.c.payload).where(journal_entries.c.seq == 2)
        ).scalar_one()
    assert ledger_pb2.JournalEntry.FromString(payload) == batch[1]


def stock_of(uow: UoW, store: str) -> dict[str, tuple[int, int]]:
    """Each SKU's level and moving-average cost, as hoctl stock lists them."""
    page = list_stock(uow(), Staff("admin", "admin"), Selection(store_code=store))
    return {line.sku: (line.qty_base, line.avg_cost_minor) for line in page.lines}


def snapshot(engine: Engine, store: str) -> tuple[object, ...]:
    with engine.connect() as conn:
        journal = conn.execute(
            sa.select(journal_entries.c.seq, journal_entries.c.payload).order_by(
                journal_entries.c.seq
            )
        ).all()
        sync = conn.execute(sa.text("SELECT * FROM store_sync ORDER BY store_code")).all()
    return levels(engine, store), counts(engine), [tuple(r) for r in journal], sync


def test_an_identical_replay_is_acknowledged_as_a_duplicate(
    uow: UoW, engine: Engine, store: str
) -> None:
    batch = [delivery(1, [("COLA", 10, 200), ("TEA", 5, 100)]), sale(2), sale(3, "TEA", 2)]
    apply_batch(uow(), store, batch)
    before = snapshot(engine, store)
    # The ack was lost: the store resends what it re-read from its journal.
    resent = [ledger_pb2.JournalEntry.FromString(e.SerializeToString()) for e in batch]
    again = apply_batch(uow(), store, resent)
    assert (again.applied, again.duplicates, again.committed_seq) == (0, 3, 3)
    assert snapshot(engine, store) == before
    overlap = apply_batch(uow(), store, [*resent[1:], sale(4)])
    assert (overlap.applied, overlap.duplicates, overlap.committed_seq) == (1, 2, 4)
    assert levels(engine, store) == sums(engine, store) == {"COLA": 8, "TEA": 3}


def test_a_replayed_sequence_with_other_content_refuses_the_batch(
    uow: UoW, engine: Engine, store: str
) -> None:
    """Two agents from copies of one data directory both wrote entry 2: the second is no duplicate."""
    apply_batch(uow(), store, [delivery(1, [("COLA", 10, 200)]), sale(2, "COLA")])
    before = snapshot(engine, store)
    other = sale(2, "TEA", qty=3)
    other.document_id = "sale-2-other-till"
    for attempt in ([other], [delivery(1, [("COLA", 10, 200)]), other], [other, sale(3)]):
        with pytest.raises(ConflictingEntry) as info:
            apply_batch(uow(), store, attempt)
        error = info.value
        assert (error.seq, error.expected_seq) == (2, 3)
        assert (error.committed_document_id, error.replayed_document_id) == (
            "sale-2",
            "sale-2-other-till",
        )
        assert snapshot(engine, store) == before
    # Same document id, different lines: the content decides, not the id.
    same_id = sale(2, "COLA", qty=2)
    with pytest.raises(ConflictingEntry):
        apply_batch(uow(), store, [same_id, sale(3)])
    assert snapshot(engine, store) == before
    assert apply_batch(uow(), store, [sale(2), sale(3)]).committed_seq == 3


def test_a_repeat_inside_a_batch_must_match_its_first_occurrence(
    uow: UoW, engine: Engine, store: str
) -> None:
    with pytest.raises(ConflictingEntry) as info:
        apply_batch(uow(), store, [sale(1), sale(2), sale(2, "TEA")])
    assert (info.value.seq, info.value.expected_seq) == (2, 1)
    assert counts(engine) == (0, 0)
    result = apply_batch(uow(), store, [sale(1), sale(2), sale(2)])
    assert (result.applied, result.duplicates) == (2, 1)


def test_a_gap_is_refused_and_changes_nothing(uow: UoW, engine: Engine, store: str) -> None:
    apply_batch(uow(), store, [sale(1)])
    before = (levels(engine, store), counts(engine))
    with pytest.raises(SequenceGap) as info:
        apply_batch(uow(), store, [sale(2), sale(4)])
    assert info.value.expected_seq == 2
    with pytest.raises(SequenceGap):
        apply_batch(uow(), store, [sale(3)])
    assert (levels(engine, store), counts(engine)) == before
    assert apply_batch(uow(), store, [sale(2)]).committed_seq == 2


def test_an_invalid_entry_refuses_the_batch(uow: UoW, engine: Engine, store: str) -> None:
    with pytest.raises(InvalidEntry) as info:
        apply_batch(uow(), store, [sale(1), sale(2, qty=0)])
    assert info.value.expected_seq == 1
    assert counts(engine) == (0, 0)


def test_moving_average_cost_is_exact(uow: UoW, engine: Engine, store: str) -> None:
    apply_batch(
        uow(),
        store,
        [
            delivery(1, [("COLA", 3, 10)]),
            delivery(2, [("COLA", 1, 11)]),  # (30 + 11) / 4 = 10.25 -> 10
            sale(3, qty=2),  # valued at 10
            delivery(4, [("COLA", 2, 13)]),  # (2*10 + 2*13) / 4 = 11.5 -> 12
        ],
    )
    with engine.connect() as conn:
        costs = conn.execute(
            sa.select(movements.c.seq, movements.c.unit_cost_minor).order_by(movements.c.seq)
        ).all()
    assert [tuple(r) for r in costs] == [(1, 10), (2, 11), (3, 10), (4, 13)]
    assert stock_of(uow, store) == {"COLA": (4, 12)}


def test_sales_may_go_negative_and_a_receipt_resets_the_cost(
    uow: UoW, engine: Engine, store: str
) -> None:
    apply_batch(uow(), store, [sale(1, qty=3), delivery(2, [("COLA", 5, 70)])])
    assert stock_of(uow, store) == {"COLA": (2, 70)}


def test_large_batches_use_the_bulk_path(uow: UoW, engine: Engine, store: str) -> None:
    batch = [sale(seq, f"SKU{seq % 37}") for seq in range(1, 1201)]
    apply_batch(uow(), store, batch[:600])
    apply_batch(uow(), store, batch[550:])
    assert levels(engine, store) == sums(engine, store)
    assert sum(levels(engine, store).values()) == -1200
    assert counts(engine) == (1200, 1200)


def test_unknown_and_disabled_stores_are_refused(uow: UoW, engine: Engine, store: str) -> None:
    with pytest.raises(UnknownStore):
        apply_batch(uow(), "S999", [sale(1)])
    disable_store(uow(), Staff("admin", "admin"), store)
    # Issue 12, failure 11: what the store wrote before it was disabled is still taken,
    # anything written after is refused (headoffice.domain.disabled_stores).
    later = 4_000_000_000_000  # written after head office disabled the store
    with pytest.raises(StoreDisabled):
        apply_batch(uow(), store, [sale(1), sale(2, at_ms=later)])
    assert counts(engine) == (0, 0)
    assert apply_batch(uow(), store, [sale(1)]).committed_seq == 1


def test_backlog_is_cleared_by_applying(uow: UoW, store: str) -> None:
    from headoffice.services.status import sync_status

    record_heartbeat(uow(), store, newest_seq=3, oldest_uncommitted_at_ms=10_000, now_ms=11_000)
    (view,) = sync_status(uow(), now_ms=12_500)
    assert (view.backlog_count, view.lag_ms, view.connected) == (3, 2_500, True)
    apply_batch(uow(), store, [sale(1), sale(2), sale(3)], now_ms=12_600)
    (view,) = sync_status(uow(), now_ms=13_000)
    assert (view.committed_seq, view.backlog_count, view.lag_ms) == (3, 0, 0)
    (view,) = sync_status(uow(), now_ms=13_000 + 60_000)
    assert view.connected is False


def test_text_with_copy_and_array_specials_round_trips(
    uow: UoW, engine: Engine, store: str
) -> None:
    # Tabs, newlines and backslashes would split or corrupt COPY text rows;
    # quotes and backslashes would break an array literal of SKUs.
    odd_skus = ["TAB\tSKU", 'QUOTE"SKU', "BACK\\SLASH", "NEW\nLINE", "CR\rSKU", "{BRACE,}"]
    seed_catalogue(engine, odd_skus)
    entries = []
    for seq, sku in enumerate(odd_skus, start=1):
        entry = delivery(seq, [(sku, 5, 100 + seq)])
        entry.document_id = f"doc\t{seq}\\x\n"
        entry.actor = "bo\\\t\r"
        entries.append(entry)
    # Enough movements for several COPY chunks, ending on the odd SKUs again.
    entries += [sale(seq, odd_skus[seq % len(odd_skus)]) for seq in range(7, 1007)]
    apply_batch(uow(), store, entries, now_ms=9_000)
    assert levels(engine, store) == sums(engine, store)
    assert set(levels(engine, store)) == set(odd_skus)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(movements.c.seq, movements.c.sku, movements.c.document_id, movements.c.actor)
            .where(movements.c.seq <= 6)
            .order_by(movements.c.seq)
        ).all()
        payload = conn.execute(
            sa.select(journal_entries.c.payload).where(journal_entries.c.seq == 3)
        ).scalar_one()
    assert [tuple(r) for r in rows] == [
        (seq, sku, f"doc\t{seq}\\x\n", "bo\\\t\r") for seq, sku in enumerate(odd_skus, start=1)
    ]
    assert ledger_pb2.JournalEntry.FromString(payload) == entries[2]
    # A second batch updates the now existing, locked rows of the same SKUs.
    apply_batch(uow(), store, [sale(1007, 'QUOTE"SKU')])
    assert levels(engine, store) == sums(engine, store)


def test_movement_rows_carry_every_column(uow: UoW, engine: Engine, store: str) -> None:
    batch = [delivery(1, [("COLA", 10, 200)])] + [sale(seq, "COLA") for seq in range(2, 300)]
    apply_batch(uow(), store, batch, now_ms=7_000)
    with engine.connect() as conn:
        first, last = (
            conn.execute(
                sa.select(movements).where(movements.c.seq.in_([1, 299])).order_by(movements.c.seq)
            )
            .mappings()
            .all()
        )
        received = conn.execute(
            sa.select(sa.func.min(journal_entries.c.received_at_ms))
        ).scalar_one()
    assert {k: v for k, v in first.items() if k != "id"} == {
        "store_code": store,
        "seq": 1,
        "sku": "COLA",
        "qty_base": 10,
        "reason": "receipt",
        "document_type": "receipt",
        "document_id": "receipt-1",
        "unit_cost_minor": 200,
        "actor": "bo",
        "occurred_at_ms": 1_001,
    }
    assert (last["reason"], last["qty_base"], last["unit_cost_minor"], last["actor"]) == (
        "sale",
        -1,
        200,
        "anna",
    )
    assert received == 7_000


def test_a_sale_before_any_receipt_is_valued_at_catalogue_cost(
    uow: UoW, engine: Engine, store: str
) -> None:
    from headoffice.services.catalogue import import_catalogue
    from tests.chain_fixtures import make_catalogue

    csv_text, products = make_catalogue(3)
    import_catalogue(uow(), csv_text)
    known = products[1]
    apply_batch(uow(), store, [sale(1, known["sku"])])
    with engine.connect() as conn:
        costs = conn.execute(
            sa.select(movements.c.sku, movements.c.unit_cost_minor).order_by(movements.c.seq)
        ).all()
    assert [tuple(r) for r in costs] == [(known["sku"], int(known["cost_minor"]))]
    # A SKU head office does not sell gets no level at cost 0: the batch is refused
    # (issue 12 failure 3; tests/db/test_entry_checks.py).
    with pytest.raises(InvalidEntry, match="'NOT-IN-CATALOGUE' is not in the chain's catalogue"):
        apply_batch(uow(), store, [sale(2, "NOT-IN-CATALOGUE")])


def test_a_batch_without_costed_inflows_values_at_the_current_average(
    uow: UoW, engine: Engine, store: str
) -> None:
    """Sales, returns and adjustments without a cost never move the average (one-statement path)."""
    from headoffice.services.catalogue import import_catalogue
    from tests.chain_fixtures import make_catalogue

    csv_text, products = make_catalogue(2)
    import_catalogue(uow(), csv_text)
    known = products[0]["sku"]
    apply_batch(uow(), store, [delivery(1, [("COLA", 3, 10)]), delivery(2, [("COLA", 1, 11)])])
    back = customer_return(4, "COLA", 2)  # a return: an inflow without a cost
    seed_catalogue(engine, ["NEW-SKU"])  # at cost 0
    # An outflow's cost is ignored, as in the costed path.
    priced_sale = sale(6, "COLA")
    priced_sale.movements[0].unit_cost_minor = 999
    batch = [sale(3, "COLA", qty=5), back, sale(5, known), priced_sale, sale(7, "NEW-SKU")]
    apply_batch(uow(), store, batch)
    with engine.connect() as conn:
        costs = conn.execute(
            sa.select(movements.c.seq, movements.c.unit_cost_minor).order_by(movements.c.seq)
        ).all()
    catalogue_cost = int(products[0]["cost_minor"])
    assert [tuple(r) for r in costs] == [
        (1, 10), (2, 11), (3, 10), (4, 10), (5, catalogue_cost), (6, 10), (7, 0),
    ]  # fmt: skip
    assert levels(engine, store) == sums(engine, store) == {"COLA": 0, known: -1, "NEW-SKU": -1}
    costs = {sku: cost for sku, (_, cost) in stock_of(uow, store).items()}
    assert (costs["COLA"], costs[known]) == (10, catalogue_cost)
    # A later delivery still averages from the level the one-statement path left.
    apply_batch(uow(), store, [delivery(8, [("COLA", 4, 20)]), sale(9, "COLA")])
    assert stock_of(uow, store)["COLA"] == (3, 20)  # on no stock: the delivery's cost
