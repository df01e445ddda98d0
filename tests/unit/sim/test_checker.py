"""The simulator's checker over doctored histories: a doubled sale, a lost sale, a stock
mismatch, a journal gap, an unbalanced transfer and a count that missed shrink are each reported
with the store, the sequence numbers and the faults around them; an honest history is clean."""

from __future__ import annotations

import copy

from sim.checker import Observed, check
from sim.count_checker import counted_after_last_shrink, shrink_figures
from sim.truth import CountRecord, FaultRecord, GroundTruth, SaleRecord


def honest() -> tuple[GroundTruth, Observed]:
    truth = GroundTruth(["S001", "S002"])
    for store in truth.stores:
        truth.move(store, "A", 10)
        truth.move(store, "B", 5)
    truth.sold(SaleRecord("S001", "S001-d0-s0", "sale-1", 1, 1, {"A": 2}))
    truth.sold(SaleRecord("S001", "S001-d0-s1", "sale-2", 2, 2, {"B": 1}))
    truth.sold(SaleRecord("S002", "S002-d0-s0", "sale-3", 1, 2, {"A": 1}))
    truth.lose("S002", "B", 1)  # shrink: on the books, not on the shelf
    truth.transfers["TR000001"] = {
        "from": "S001", "to": "S002", "shipped": {"A": 3}, "received": {"A": 2},
    }  # fmt: skip
    truth.move("S001", "A", -3)
    truth.move("S002", "A", 2)
    truth.faults.append(FaultRecord("kill_edge", "S001", 1500, "", {"S001": 2, "S002": 1}))
    truth.faults.append(FaultRecord("clock_skew", "S002", 2500, "offset_h=3", {"S002": 2}))
    seen = Observed(
        ho_stock={"S001": {"A": 5, "B": 4}, "S002": {"A": 11, "B": 5}},
        edge_stock={"S001": {"A": 5, "B": 4}, "S002": {"A": 11, "B": 5}},
        ho_journal={
            "S001": [(1, "sale", "sale-1"), (2, "sale", "sale-2"), (3, "transfer", "TR000001")],
            "S002": [(1, "receipt", "r-1"), (2, "sale", "sale-3"), (3, "transfer", "TR000001")],
        },
        edge_newest={"S001": 3, "S002": 3},
        transfers={
            "TR000001": {
                "state": "resolved",
                "lines": [
                    {
                        "sku": "A",
                        "shipped_qty_base": 3,
                        "received_qty_base": 2,
                        "resolved_qty_base": 1,
                    },
                ],
            }
        },  # fmt: skip
        verify={"hoctl verify --store S001": "", "hoctl audit verify": ""},
    )
    return truth, seen


def test_an_honest_history_is_clean() -> None:
    assert check(*honest()) == []


def test_a_doubled_sale_is_reported_with_its_entries_and_the_fault_near_them() -> None:
    truth, seen = honest()
    seen.ho_journal["S001"].append((4, "sale", "sale-2"))
    seen.edge_newest["S001"] = 4
    [v] = check(truth, seen)
    assert (v.kind, v.store, v.seqs) == ("sale_doubled", "S001", [2, 4])
    assert "sale-2 is 2 times" in v.message
    assert [f.kind for f in v.faults] == ["kill_edge"]  # not S002's clock


def test_a_lost_sale_and_the_gap_it_leaves_are_reported() -> None:
    truth, seen = honest()
    seen.ho_journal["S001"] = [e for e in seen.ho_journal["S001"] if e[0] != 2]
    kinds = {(v.kind, v.store, tuple(v.seqs)) for v in check(truth, seen)}
    assert kinds == {("sale_lost", "S001", (2,)), ("journal_gap", "S001", (2,))}


def test_a_sale_nobody_was_told_of_is_reported_unless_a_call_went_unanswered() -> None:
    truth, seen = honest()
    seen.ho_journal["S002"].append((4, "sale", "sale-ghost"))
    seen.edge_newest["S002"] = 4
    [v] = check(truth, seen)
    assert (v.kind, v.store, v.seqs) == ("sale_unknown", "S002", [4])
    truth.uncertain_sales.append("S002-d0-s9")  # the till never heard back: allowed once
    assert check(truth, seen) == []


def test_a_stock_mismatch_names_both_sides_and_the_truth() -> None:
    truth, seen = honest()
    doctored = copy.deepcopy(seen)
    doctored.ho_stock["S002"]["B"] = 3
    [v] = check(truth, doctored)
    assert v.kind == "stock" and v.store == "S002"
    assert v.message == (
        "S002 B: head office 3, store ledger 5, ground truth 4 on the shelf + 1 unrecorded "
        "shrink = 5 in the books"
    )
    assert [f.kind for f in v.faults] == ["clock_skew"]


def test_an_unbalanced_transfer_and_an_unclean_verify_are_reported() -> None:
    truth, seen = honest()
    seen.transfers["TR000001"]["lines"][0]["resolved_qty_base"] = 0
    seen.verify["hoctl audit verify"] = "audit chain broken at 7"
    kinds = sorted(v.kind for v in check(truth, seen))
    assert kinds == ["transfer", "verify"]


def test_a_sale_refused_on_a_full_disk_excuses_nothing_at_head_office() -> None:
    """The store said the sale was not recorded (disk_full): if head office has it anyway, the
    refusal lied, so it is a sale no till was told of; the truth keeps refusals when saved."""
    truth, seen = honest()
    truth.refuse("sale S002-d0-s9")
    assert check(truth, seen) == []
    seen.ho_journal["S002"].append((4, "sale", "sale-ghost"))
    seen.edge_newest["S002"] = 4
    [v] = check(truth, seen)
    assert (v.kind, v.store) == ("sale_unknown", "S002")
    assert GroundTruth.from_json(truth.to_json()).refused == ["sale S002-d0-s9"]


def counted() -> tuple[GroundTruth, Observed]:
    """The honest history, then S002's stocktake of B: the count finds the piece lost."""
    truth, seen = honest()
    truth.counted(CountRecord("S002", 0, "CNT1", "posted", 4, counted={"B": 4},
                              injected={"B": 1}, found={"B": 1}))  # fmt: skip
    seen.ho_stock["S002"]["B"] = seen.edge_stock["S002"]["B"] = 4
    seen.ho_journal["S002"].append((4, "count_posting", "CNT1"))
    seen.edge_newest["S002"] = 4
    seen.ho_counts = {"CNT1": {"state": "posted", "variance": {"B": -1}}}
    return truth, seen


def test_a_count_that_found_the_shrink_is_clean_and_moves_the_books_to_the_shelf() -> None:
    truth, seen = counted()
    assert check(truth, seen) == []
    assert truth.book["S002"]["B"] == 4 and not truth.shrink["S002"].get("B")
    assert shrink_figures(truth) == (1, 1)
    again = GroundTruth.from_json(truth.to_json())
    assert again.counts == truth.counts and check(again, seen) == []


def test_a_count_that_missed_shrink_is_a_violation() -> None:
    """The store's book had already lost the piece (a drift the count hid): the count found
    nothing, though the truth injected one piece of shrink."""
    truth, seen = counted()
    truth.counts[0].found = {"B": 0}
    seen.ho_counts["CNT1"]["variance"] = {"B": 0}
    [v] = check(truth, seen)
    assert (v.kind, v.store, v.seqs) == ("count", "S002", [4])
    assert v.message == (
        "S002 count CNT1 (day 1) B: the count found 0 missing, the truth injected 1 piece(s) of "
        "shrink since it was last counted"
    )
    assert [f.kind for f in v.faults] == ["clock_skew"]


def test_a_count_not_posted_or_not_at_head_office_or_not_on_the_shelf_is_a_violation() -> None:
    truth, seen = counted()
    seen.ho_counts["CNT1"] = {"state": "approving", "variance": {}}
    [v] = check(truth, seen)
    assert "is posted at the store, approving at head office" in v.message
    truth, seen = counted()
    seen.ho_counts["CNT1"]["variance"] = {"B": -2}
    [v] = check(truth, seen)
    assert "head office's count found 2 missing, the store's 1" in v.message
    truth, seen = counted()
    seen.ho_stock["S002"]["B"] = seen.edge_stock["S002"]["B"] = 5  # the adjustment lost
    kinds = sorted((v.kind, v.message) for v in check(truth, seen))
    assert kinds[0] == ("count", "S002 B, counted after its last shrink: head office 5, "
                                 "store ledger 5, on the shelf 4")  # fmt: skip
    assert kinds[1][0] == "stock"
    truth, _seen = honest()
    truth.counted(CountRecord("S002", 0, "CNT1", "submitted", 0, counted={"B": 4},
                              injected={"B": 1}, found={}))  # fmt: skip
    [v] = check(truth, _seen)
    assert (
        v.message
        == "S002 count CNT1 (day 1) is submitted, not posted: 1 piece(s) of shrink not found"
    )
    assert truth.shrink["S002"]["B"] == 1 and shrink_figures(truth) == (1, 0)


def test_shrink_after_the_count_is_left_to_the_next_count() -> None:
    truth, seen = counted()
    truth.lose("S002", "B", 2)  # gone after the count: on the books, not on the shelf
    assert counted_after_last_shrink(truth) == set()
    assert check(truth, seen) == []
    assert shrink_figures(truth) == (3, 1)


def test_a_replenishment_line_without_its_document_or_approved_twice_is_a_violation() -> None:
    truth, seen = honest()
    good = {"run_id": "R-1", "store": "S001", "approved_lines": [1, 2],
            "documents": {"1": "TR000002", "2": "PO-3"}, "second_approval_refused": True}  # fmt: skip
    truth.replenishments.append(good)
    assert check(truth, seen) == []
    truth.replenishments.append({**good, "run_id": "R-2", "store": "S002",
                                 "documents": {"1": "TR000004", "2": ""}})  # fmt: skip
    truth.replenishments.append({**good, "run_id": "R-3", "second_approval_refused": False})
    found = [(v.kind, v.store, v.message) for v in check(truth, seen)]
    assert found == [
        ("replenishment", "S002", "run R-2: approved line(s) [2] have no document"),
        ("replenishment", "S001", "run R-3: approving the same lines again was not refused"),
    ]
    nothing = {"run_id": "R-4", "store": "S001", "approved_lines": [], "documents": {},
               "second_approval_refused": None}  # fmt: skip
    truth.replenishments[1:] = [nothing]
    assert check(truth, seen) == []  # a run with nothing to approve is no problem
    assert GroundTruth.from_json(truth.to_json()).replenishments == truth.replenishments
