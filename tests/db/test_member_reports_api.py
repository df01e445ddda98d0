"""hoctl report uplift|points|liability through a real head office (ReportsAdmin.
PromotionUplift, PointsOutstanding; Members.Liability) on SQLite and PostgreSQL: JSON as
docs/output.md says, tables for people, one sentence and exit 1 for bad input."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from common.clock import now_ms
from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.domain.report_period import DAY_MS
from headoffice.domain.roles import Staff
from headoffice.services.points import adjust_points
from headoffice.services.promotions import create_promotions
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import add_members, seed_catalogue
from tests.db.test_price_cart import _data_dir
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture
from tests.integration.test_output_contract import contract_problems, glossary

pytestmark = pytest.mark.timeout(180)


def test_member_reports_over_grpc_and_hoctl(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")
    seed_catalogue(engine, ["TEA", "COLA"])
    now = now_ms()
    today = now // DAY_MS  # the server's shops' offset is 0 here
    offer = {"promo_id": "TEA10", "kind": "percent_off", "skus": "TEA", "percent_bp": "1000"}
    create_promotions(UnitOfWork(engine), Staff("admin", "admin"), [offer], now_ms=now - DAY_MS)
    with UnitOfWork(engine) as work:  # yesterday the offer's first day; the day before it
        work.sales_report.add("S001", {(today - 2, "TEA"): [2, 400, 0, 1]}, {})
        work.sales_report.add("S002", {(today - 1, "TEA"): [3, 540, 0, 1]}, {})
        work.commit()
    (member,) = add_members(engine, 1)
    adjust_points(UnitOfWork(engine), member, "open-1", 700, 202601, "carried over", now)
    data = _data_dir(tmp_path, chain)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            base = ["--data-dir", str(data), "--address", running.address]

            async def run(*argv: str) -> tuple[int, str, str]:
                code = await asyncio.to_thread(hoctl, [*base, *argv])
                captured = capsys.readouterr()
                return code, captured.out, captured.err

            code, out, err = await run("report", "uplift", "--promo", "TEA10", "--format", "json")
            assert code == 0, err
            doc = json.loads(out)
            assert (doc["days"], doc["stores"], doc["totals"]["uplift_bp"]) == (2, [], 13_500)
            assert doc["rows"][0]["during_qty_base"] == 3
            code, out, _err = await run("report", "uplift", "--promo", "TEA10")
            assert code == 0 and "TEA" in out and "135.00%" in out
            code, out, _err = await run("report", "uplift", "--promo", "TEA10", "--format", "csv")
            assert code == 0 and out.splitlines()[0].startswith("sku,before_qty_base,during_qty")
            code, _out, err = await run("report", "uplift", "--promo", "NOPE")
            assert code == 1 and "there is no promotion NOPE" in err

            code, out, err = await run("report", "points", "--format", "json", "--top", "3")
            assert code == 0, err
            points = json.loads(out)
            assert points["rows"] == [{"lot_month": "2026-01", "expires_month": "2027-02",
                                       "points": 700, "member_count": 1}]  # fmt: skip
            assert points["holders"][0]["phone"] == "138****0001"
            assert points["totals"]["balanced"] is True
            code, out, _err = await run("report", "points")
            assert code == 0 and "2027-02" in out and "138****0001" in out
            code, _out, err = await run("report", "points", "--since", "2026-13-01")
            assert code == 1 and "is not a date" in err

            code, out, _err = await run("report", "liability", "--format", "json")
            liability = json.loads(out)
            assert code == 0 and liability["expired_principal_minor"] == 0
            assert liability["expire_count"] == 0 and liability["balanced"] is True
            kinds = glossary()  # docs/output.md: every field named there, of its kind
            for document in (doc, points, liability):
                assert contract_problems(document, kinds) == []

    asyncio.run(main())
