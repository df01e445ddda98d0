"""hoctl report members and hoctl report offline-debits against a real head office over mTLS,
on both databases: the figures apply_batch added up for member sales, phone numbers masked,
JSON with integers, filters by member, store and days."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.domain.stored_value import POLICY_DEFAULTS, policy_from_config
from headoffice.services import stored_value as sv
from headoffice.services.member_sales import MemberSettings
from headoffice.services.members import NewMember, add_member
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import TEST_SKUS, seed_catalogue
from tests.db.test_price_cart import _data_dir
from tests.db.test_sync_server import Chain
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture
from tests.member_entries import member_return, member_sale, tender

pytestmark = pytest.mark.timeout(180)
DAYS = ["--from", "2026-05-01", "--to", "2026-05-31"]


def _chain_with_member_sales(engine: Engine, chain: Chain) -> list[str]:  # noqa: F811
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")
    seed_catalogue(engine, TEST_SKUS)
    ids = [
        add_member(UnitOfWork(engine), "admin", NewMember(phone=f"1381234567{n}", name="张三"))
        .member_id
        for n in (1, 2)
    ]  # fmt: skip
    policy = policy_from_config(POLICY_DEFAULTS)
    sv.topup(UnitOfWork(engine), sv.Request("", "top-1", "admin"), ids[0], 500, policy)
    first = member_sale(1, ids[0], [("COLA", 2)])
    offline = member_sale(
        2, ids[0], [("COLA", 3)], [tender("stored_value", 900, "T1:off:2", offline=True)]
    )
    settings = MemberSettings(offline_allowance_minor=20_000)
    apply_batch(UnitOfWork(engine), "S001", [first, offline, member_sale(3, ids[1])], 5,
                members=settings)  # fmt: skip
    apply_batch(UnitOfWork(engine), "S001", [member_return(4, first, [(1, 1)])], 6,
                members=settings)  # fmt: skip
    apply_batch(UnitOfWork(engine), "S002", [member_sale(1, ids[0], at_ms=1_780_090_000_000)], 7,
                members=settings)  # fmt: skip
    return ids


def test_member_reports_over_grpc_and_hoctl(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    m1, m2 = _chain_with_member_sales(engine, chain)
    data = _data_dir(tmp_path, chain)

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            base = ["--data-dir", str(data), "--address", running.address]

            async def run(*argv: str) -> tuple[int, str, str]:
                code = await asyncio.to_thread(hoctl, [*base, *argv])
                captured = capsys.readouterr()
                return code, captured.out, captured.err

            code, out, _err = await run("report", "members", *DAYS, "--format", "json")
            report = json.loads(out)
            assert code == 0 and report["report"] == "members" and report["currency"] == "CNY"
            assert (report["first_day"], report["last_day"]) == ("2026-05-01", "2026-05-31")
            rows = {(r["member_id"], r["store"]): r for r in report["rows"]}
            mine = rows[(m1, "S001")]
            assert (mine["sales_count"], mine["returns_count"], mine["visits"]) == (2, 1, 1)
            assert (mine["net_minor"], mine["points_earned"]) == (600 + 900 - 300, 6 - 3)
            assert mine["phone"] == "138****5671"
            assert rows[(m1, "S002")]["first_day"] == "2026-05-29"
            assert rows[(m2, "S001")]["sales_count"] == 1

            code, out, _err = await run(
                "report", "members", "--member", "13812345671", "--store", "S002", *DAYS,
                "--format", "json",
            )  # fmt: skip
            assert [(r["member_id"], r["store"]) for r in json.loads(out)["rows"]] == [(m1, "S002")]
            code, out, _err = await run("report", "members", *DAYS)
            assert code == 0 and "138****5671" in out and "13812345671" not in out
            code, out, _err = await run("report", "members", "--from", "2026-06-01", "--to",
                                        "2026-06-02", "--format", "json")  # fmt: skip
            assert json.loads(out)["rows"] == []
            code, _out, err = await run("report", "members", "--from", "2026-13-01")
            assert code == 1 and "YYYY-MM-DD" in err

            code, out, _err = await run(
                "report", "offline-debits", "--exceeded", *DAYS, "--format", "json"
            )
            [debit] = json.loads(out)["rows"]
            assert (debit["key"], debit["amount_minor"], debit["taken_minor"]) == (
                "T1:off:2",
                900,
                500,
            )
            assert (debit["shortfall_minor"], debit["over_allowance"]) == (400, False)
            code, out, _err = await run("report", "offline-debits", "--store", "S002", *DAYS,
                                        "--format", "json")  # fmt: skip
            assert json.loads(out)["rows"] == []
            code, out, _err = await run("report", "offline-debits", *DAYS, "--format", "csv")
            assert code == 0 and "T1:off:2" in out

    asyncio.run(main())
