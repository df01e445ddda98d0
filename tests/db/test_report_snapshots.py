"""snapshot_reports_job on SQLite and PostgreSQL: the chain sales report's JSON, PNG and
HTML for the day, written whole, the same figures as the report itself."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from common.errors import InvalidInput
from headoffice.domain.report_period import Period
from headoffice.services.report_snapshots import snapshot_reports_job
from headoffice.services.sales_reports import sales_report
from tests.db.test_sales_reports import ADMIN, DAY_MS, FIRST_DAY, UoW, Written
from tests.db.test_sales_reports import chain as chain  # noqa: F401  (the fixture)


def test_the_days_snapshot(uow: UoW, chain: Written, tmp_path: Path) -> None:  # noqa: F811
    now = (FIRST_DAY + 10) * DAY_MS + 3_600_000  # the morning after the chain's ten days
    result = snapshot_reports_job(uow, tmp_path / "snap", now, days=10)
    assert result.counts() == {"files": 3, "rows": 10}
    stem = tmp_path / "snap" / "sales-2026-11-29"
    document = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    expected = sales_report(uow(), ADMIN, Period(FIRST_DAY, FIRST_DAY + 10), by="day")
    assert document["rows"] == expected.rows and document["first_day"] == "2026-11-20"
    with Image.open(io.BytesIO(stem.with_suffix(".png").read_bytes())) as image:
        assert image.size[0] > 0 and image.getbbox() is not None
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    inline = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert inline and base64.b64decode(inline.group(1)).startswith(b"\x89PNG")
    again = snapshot_reports_job(uow, tmp_path / "snap", now, days=10)  # a retry: replaced
    assert again.files == 3 and sorted(p.name for p in (tmp_path / "snap").iterdir()) == [
        "sales-2026-11-29.html", "sales-2026-11-29.json", "sales-2026-11-29.png",
    ]  # fmt: skip
    with pytest.raises(InvalidInput):
        snapshot_reports_job(uow, tmp_path / "snap", now, days=0)


def test_the_job_runs_the_snapshot_where_the_config_says(
    uow: UoW,
    chain: Written,  # noqa: F811
    tmp_path: Path,
) -> None:
    from headoffice.config import DEFAULTS
    from headoffice.jobs import report_snapshots
    from headoffice.jobs.registry import JobContext

    now = (FIRST_DAY + 10) * DAY_MS + 3_600_000
    config = {**DEFAULTS, "reports": {"snapshot_dir": str(tmp_path / "s"), "snapshot_days": 10}}
    result = report_snapshots.run(JobContext(uow, uow, config, lambda: now))  # type: ignore[arg-type]
    assert result.counts == {"files": 3, "rows": 10}
    assert (tmp_path / "s" / "sales-2026-11-29.png").stat().st_size > 0
