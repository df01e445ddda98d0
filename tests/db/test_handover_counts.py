"""A store's handover spot count at head office, on SQLite and PostgreSQL (issue 13 item 7):
it arrives like any count session, with origin and scope kind handover, shows in the
variance report, and takes no SKU from head office's counts: a full count head office
orders while it waits for approval is not refused."""

from __future__ import annotations

from collections.abc import Callable

from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.counts import S_ORDERED
from headoffice.domain.roles import Staff
from headoffice.services.counts import create_session
from headoffice.services.counts_reports import show_session, variance_rows
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import count_line, count_session_event, delivery

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")

# After the delivery (seq 1): bob's spot count at a handover, COLA 90 of 100 (outside
# tolerance: sent to a recount), TEA 50 of 50.
SPOT: list[ledger_pb2.JournalEntry] = [
    count_session_event(2, "hs-1", "opened", skus=["COLA", "TEA"], kind="handover",
                        origin="handover", actor="bob"),
    count_line(3, "hs-1", "COLA", 90, book=100, counter="bob", location=""),
    count_line(4, "hs-1", "TEA", 50, book=50, counter="bob", location=""),
    count_session_event(5, "hs-1", "submitted", origin="handover", by="bob", actor="bob"),
    count_session_event(6, "hs-1", "recount", origin="handover", recount_skus=["COLA"],
                        round_no=1, by="bob", actor="bob"),
]  # fmt: skip


def test_a_handover_count_reaches_head_office_like_any_count_and_blocks_no_order(
    uow: UoW, store: str
) -> None:
    apply_batch(uow(), store, [delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)])], 2_000)
    apply_batch(uow(), store, SPOT, now_ms=3_000)
    report = show_session(uow(), ADMIN, "hs-1")
    s = report.session
    assert (s.origin, s.scope.kind, s.state, s.recount_skus) == (
        "handover", "handover", "recount", ("COLA",),
    )  # fmt: skip
    rows = {r.key: r for r in variance_rows(report, "sku")}
    assert (rows["COLA"].loss_qty_base, rows["TEA"].loss_qty_base) == (-10, 0)
    assert [r.within_tolerance for r in report.results] == [False, True]
    ordered = create_session(uow(), ADMIN, store, "full")
    assert ordered.state == S_ORDERED
