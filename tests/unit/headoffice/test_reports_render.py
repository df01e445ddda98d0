"""Accuracy chart (PNG), its page (HTML) and gauges (headoffice.reports)."""

from __future__ import annotations

import datetime as dt
import io
import re

from PIL import Image
from prometheus_client import CollectorRegistry

from common.i18n import use_language
from headoffice.domain.accuracy import CountFact, accuracy_report, period_of
from headoffice.reports.accuracy_chart import (
    SIZE_IN,
    accuracy_html,
    accuracy_png,
    chart_lines,
)
from headoffice.reports.accuracy_metrics import CHAIN_LABEL, AccuracyMetrics, set_accuracy_gauges
from headoffice.reports.chart_kit import DPI

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
START = int(dt.datetime(2026, 9, 1, tzinfo=dt.UTC).timestamp()) * 1000
WEEK_MS = 7 * 24 * 3600 * 1000


def facts_for(stores: list[str], weeks: int = 4) -> list[CountFact]:
    out = []
    for n, store in enumerate(stores):
        for week in range(weeks):
            for k in range(4):
                out.append(
                    CountFact(
                        store_code=store,
                        session_id=f"CS-{store}-{week}",
                        sku=f"SKU{k}",
                        category_code=f"CAT{k % 2}",
                        abc_class="ABC"[k % 3],
                        book_qty_base=10,
                        counted_qty_base=9,
                        variance_qty_base=-1,
                        value_minor=-100 * (k + 1),
                        # store n gets n of its 4 SKUs wrong in week 0, fewer later
                        within_tolerance=k >= max(0, n - week) % 5,
                        posted_at_ms=START + week * WEEK_MS + k,
                    )
                )
    return out


def report_for(stores: list[str], weeks: int = 4):
    sales = {(s, period_of(START + w * WEEK_MS)): 100_000 for s in stores for w in range(weeks)}
    return accuracy_report(
        facts_for(stores, weeks), {s: 400_000 for s in stores}, period_sales_minor=sales
    )


def test_png_decodes_at_its_size() -> None:
    data = accuracy_png(report_for(["S1", "S2"]))
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.size == (int(SIZE_IN[0] * DPI), int(SIZE_IN[1] * DPI))


def test_png_in_chinese_with_the_font_and_english_without() -> None:
    with use_language("zh_CN"):
        chinese = accuracy_png(report_for(["S1", "S2"]))
        fallback = accuracy_png(report_for(["S1", "S2"]), font=lambda: None)
    assert chinese.startswith(PNG_SIGNATURE) and fallback.startswith(PNG_SIGNATURE)
    with use_language("en"):
        english = accuracy_png(report_for(["S1", "S2"]))
    assert fallback == english  # no boxes for missing glyphs: the English chart instead
    assert chinese != english


def test_empty_report_still_draws() -> None:
    data = accuracy_png(accuracy_report([], {}))
    assert data.startswith(PNG_SIGNATURE)


def test_at_most_ten_lines_the_rest_summarised() -> None:
    stores = [f"S{i:02d}" for i in range(14)]
    report = report_for(stores)
    with use_language("en"):
        lines = chart_lines(report)
    stores_drawn = [ln for ln in lines if not ln.chain and not ln.others]
    assert len(stores_drawn) == 9
    others = [ln for ln in lines if ln.others]
    assert [ln.label for ln in others] == ["5 other stores"]
    assert lines[-1].chain and lines[-1].label == "Chain"
    # The worst over the period are drawn: S00 (always right) is among the others.
    assert "S00" not in {ln.label for ln in stores_drawn}
    # The others' line adds up their counts: week 3, S00..S04 summarised, all within.
    assert others[0].accuracy_bp[3] == 10_000
    one = chart_lines(report_for(["S1"]))
    assert [ln.label for ln in one] == ["S1"]  # one store: no chain line, no legend


def test_html_is_self_contained_and_escaped() -> None:
    facts = facts_for(["S1"], weeks=1)
    facts.append(
        CountFact(
            "S1", "CS", "<script>alert(1)</script>", "<b>cat", "A", 1, 0, -1, -5_000, False, START
        )  # fmt: skip
    )
    report = accuracy_report(facts, {"S1": 100_000})
    with use_language("en"):
        page = accuracy_html(report, currency="CNY")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;cat" in page
    inlined = r'src="data:image/png;base64,[A-Za-z0-9+/=]+"'
    assert len(re.findall(inlined, page)) == 1
    without_image = re.sub(inlined, "", page)
    assert not re.search(r"(https?:)?//|\bsrc=|\bhref=|@import|url\(", without_image)
    # Losses: 100 + 200 + 300 + 400 + 5,000 minor, of sales 100,000: 6.00 %.
    assert '<td class="n">-60.00</td>' in page
    assert '<td class="n">6.00%</td>' in page
    assert "Largest losses by SKU" in page


def test_gauges_per_store_and_chain() -> None:
    registry = CollectorRegistry()
    report = report_for(["S1", "S2"])
    metrics = set_accuracy_gauges(registry, report)
    s1 = report.stores[0]
    value = registry.get_sample_value
    assert value("storeledger_inventory_accuracy_bp", {"store": "S1"}) == s1.accuracy_bp
    assert value("storeledger_shrink_value_minor", {"store": "S1"}) == s1.shrink_minor == 4_000
    assert value("storeledger_shrink_sales_bp", {"store": "S1"}) == 100  # 4,000 of 400,000
    assert value("storeledger_shrink_value_minor", {"store": CHAIN_LABEL}) == 8_000
    # The next report replaces this one: S2 gone, and no sales means no share at all.
    metrics.update(accuracy_report(facts_for(["S1"]), {}))
    assert value("storeledger_shrink_value_minor", {"store": "S2"}) is None
    assert value("storeledger_shrink_sales_bp", {"store": "S1"}) is None
    assert isinstance(metrics, AccuracyMetrics)
