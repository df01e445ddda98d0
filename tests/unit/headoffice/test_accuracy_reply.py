"""The accuracy report's shape over the wire and in JSON: the stores shown period by period
and the others added up (store `*`) survive CountAccuracyReply and `hoctl --format json`."""

from __future__ import annotations

from common.i18n import use_language
from headoffice.api.messages.accuracy import accuracy_message, report_of
from headoffice.cli.hoctl_reports import accuracy_document
from headoffice.domain.accuracy import OTHERS, accuracy_report
from headoffice.reports.accuracy_chart import chart_lines
from tests.unit.headoffice.test_accuracy import W49, W50, fact

FACTS = [
    fact("S1", "COLA", -100, False),
    fact("S2", "COLA", -50, True),
    fact("S2", "TEA", 0, False, at=W50),
    fact("S3", "COLA", 0, True),
    fact("S3", "TEA", 20, True, at=W50),
]


def test_the_others_row_travels_and_is_documented_json() -> None:
    sales = {("S1", "2026-W49"): 1_000, ("S2", "2026-W49"): 500, ("S3", "2026-W49"): 1_500}
    report = accuracy_report(FACTS, {"S1": 1_000}, period_sales_minor=sales, max_shown=2)
    # S1 0 %, S2 50 %, S3 100 %: S1 is shown, S2 and S3 are the others.
    assert report.shown_codes() == ("S1",) and report.others_count() == 2
    reply = accuracy_message(report, W49 - 86_400_000, 0, b"", "")
    assert report_of(reply) == report
    doc = accuracy_document(reply)
    assert [s["store"] for s in doc["store_figures"]] == ["S1", "S2", "S3"]
    rows = [(p["period"], p["store"], p["sku_count"], p["loss_minor"], p["sales_minor"])
            for p in doc["period_figures"]]  # fmt: skip
    assert rows == [
        ("2026-W49", "", 3, -150, 3_000),
        ("2026-W49", "S1", 1, -100, 1_000),
        ("2026-W49", OTHERS, 2, -50, 2_000),
        ("2026-W50", "", 2, 0, None),  # no sales figure for W50: no share
        ("2026-W50", OTHERS, 2, 0, None),
    ]
    assert doc["period_figures"][2]["shrink_sales_bp"] == 250  # 50 of 2,000
    with use_language("en"):
        lines = chart_lines(report_of(reply))
    assert [ln.label for ln in lines] == ["S1", "2 other stores", "Chain"]
    assert lines[1].others and lines[1].accuracy_bp == (10_000, 5_000)
