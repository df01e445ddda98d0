"""A report as head office hands it out: a named table of integer figures with its period.

Every report (services/sales_reports.py, services/stock_reports.py) answers one of
these; hoctl prints it as a table, JSON or CSV, and report_chart.py draws its chart
from `chart_key` and `chart_value` of its rows. Rows hold text and integers only
(docs/output.md): money in `_minor`, quantities in `_qty_base`, shares in `_bp`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from common.domain.money import DEFAULT_CURRENCY
from headoffice.domain.report_period import Period, day_text


@dataclass(frozen=True)
class Report:
    name: str
    period: Period
    by: str
    rows: list[dict[str, Any]]
    chart_key: str  # the row field the chart's bars are named by
    chart_value: str  # the row field the bars measure (an integer)
    totals: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # top sellers, trends...
    currency: str = DEFAULT_CURRENCY

    def document(self) -> dict[str, Any]:
        p = self.period
        return {
            "report": self.name,
            "by": self.by,
            "first_day": day_text(p.first_day),
            "last_day": day_text(p.end_day - 1),
            "utc_offset_minutes": p.utc_offset_minutes,
            "currency": self.currency,
            "rows": self.rows,
            "totals": self.totals,
            **self.extra,
        }
