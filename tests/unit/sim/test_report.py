"""The simulator's report as JSON keeps docs/output.md's contract (integers, glossary names,
lists of objects), with the lag between faults, the checker's time and the shrink the counts
found in it."""

from __future__ import annotations

import io
import json

from sim.checker import Violation
from sim.lag import LagFigures
from sim.report import RunFigures, document, write
from sim.truth import CountRecord, FaultRecord, GroundTruth, SaleRecord
from tests.integration.test_output_contract import contract_problems, glossary


def a_run() -> tuple[GroundTruth, list[Violation], RunFigures]:
    truth = GroundTruth(["S001", "S002"])
    truth.sold(SaleRecord("S001", "S001-d0-s0", "SAL1", 1, 7, {"SKU1": 2}))
    truth.lose("S002", "SKU1", 1)
    truth.move("S001", "SKU1", 10)
    truth.lose("S001", "SKU1", 2)  # found by the day's count; S002's piece was lost after its
    truth.counted(CountRecord("S001", 0, "CNT1", "posted", 9, counted={"SKU1": 6},
                              injected={"SKU1": 2}, found={"SKU1": 2}))  # fmt: skip
    fault = FaultRecord("net_partition", "S001", 1_000, "seconds=5", {"S001": 7, "S002": 3},
                        "partitioned 5s", 6_200)  # fmt: skip
    truth.faults.append(fault)
    violations = [Violation("sale_lost", "S001", "sale SAL1 is not at head office", [7], [fault])]
    figures = RunFigures(seed=4, stores=2, days=1, database="SQLite", wall_ms=90_000,
                         fault_kinds=["net_partition"], checker_ms=1_234,
                         lag=LagFigures(120, 8, 95, 140, 12))  # fmt: skip
    return truth, violations, figures


def test_the_json_report_keeps_the_output_contract() -> None:
    doc = document(*a_run())
    assert contract_problems(doc, glossary()) == []
    assert (doc["lag_p50_ms"], doc["lag_p99_ms"], doc["checker_ms"]) == (8, 95, 1_234)
    assert doc["faults"][0]["newest_entries"] == [
        {"store": "S001", "newest_seq": 7}, {"store": "S002", "newest_seq": 3}
    ]  # fmt: skip
    assert doc["violations"][0]["entries"] == [{"store": "S001", "seq": 7}]
    assert doc["faults"][0]["ended_ms"] == 6_200 and doc["clean"] is False
    assert (doc["shrink_qty_base"], doc["shrink_found_qty_base"], doc["stocktake_count"]) == (
        3, 2, 1
    )  # fmt: skip


def test_a_check_again_samples_no_lag_and_leaves_its_figures_out() -> None:
    truth, _violations, _figures = a_run()
    doc = document(truth, [], RunFigures(seed=4, stores=2, days=1, database="SQLite",
                                         checker_ms=50))  # fmt: skip
    assert "lag_p99_ms" not in doc and doc["checker_ms"] == 50 and doc["clean"] is True
    assert contract_problems(doc, glossary()) == []


def test_the_text_report_gives_the_lag_and_the_checkers_time() -> None:
    out = io.StringIO()
    write(out, "table", *a_run())
    text = out.getvalue()
    assert "p50 8 ms, p99 95 ms, max 140 ms over 120 samples" in text
    assert "the checker took 1234 ms" in text
    assert "1 stocktake(s) posted: they found 2 of the 3 pieces of unrecorded shrink" in text
    json_out = io.StringIO()
    write(json_out, "json", *a_run())
    assert json.loads(json_out.getvalue())["lag_sample_count"] == 120
