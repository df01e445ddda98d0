"""Members and MemberTill over real gRPC with mTLS on SQLite and PostgreSQL, and hoctl member
... / hoctl report liability against it: the till's debit authorised online with its key,
a staff certificate refused at the till service, JSON documents with integers."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_price_cart import _data_dir
from tests.db.test_sync_server import Chain, channel
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(180)


async def _refused(call) -> tuple[grpc.StatusCode, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details() or ""


def test_members_over_grpc_and_hoctl(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")
    data = _data_dir(tmp_path, chain)

    async def main() -> None:
        async with (
            serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running,
            channel(chain, running.port, chain.stores["S001"]) as till_ch,
            channel(chain, running.port, chain.staff) as staff_ch,
        ):
            base = ["--data-dir", str(data), "--address", running.address]

            async def run(*argv: str) -> tuple[int, str, str]:
                code = await asyncio.to_thread(hoctl, [*base, *argv])
                captured = capsys.readouterr()
                return code, captured.out, captured.err

            code, out, _err = await run(
                "member", "add", "--phone", "138 1234 5678", "--name", "张三丰", "--card",
                "CARD0001", "--birthday", "1990-05-17", "--consent", "--store", "S001",
                "--format", "json",
            )  # fmt: skip
            added = json.loads(out)
            assert code == 0 and added["member_id"] == "M000001" and added["phone"] == "13812345678"
            code, _out, err = await run("member", "add", "--phone", "12345", "--name", "x")
            assert code == 1 and "is not a mainland China mobile number" in err

            code, out, _err = await run(
                "member", "topup", "13812345678", "--paid", "50000", "--key", "HO-1", "--format", "json"
            )  # fmt: skip
            booked = json.loads(out)
            assert code == 0 and (booked["principal_minor"], booked["bonus_minor"]) == (
                50_000,
                8_000,
            )
            assert (booked["balance_principal_minor"], booked["replayed"]) == (50_000, False)

            till = members_pb2_grpc.MemberTillStub(till_ch)
            seen = await till.LookupMember(members_pb2.TillMemberRequest(member="CARD0001"))
            assert (seen.phone, seen.name, seen.principal_minor, seen.bonus_minor) == (
                "138****5678", "张**", 50_000, 8_000,
            )  # fmt: skip
            debit = members_pb2.TillDebitRequest(
                member="CARD0001", amount_minor=10_000, key="S001-T1-0001", cashier="ann"
            )
            first = await till.AuthoriseDebit(debit)
            again = await till.AuthoriseDebit(debit)
            assert (first.entry.bonus_minor, first.entry.principal_minor) == (-8_000, -2_000)
            assert (first.replayed, again.replayed, again.entry.entry_id) == (
                False, True, first.entry.entry_id,
            )  # fmt: skip
            assert first.entry.store_code == "S001" and first.entry.actor == "ann@S001"
            other = members_pb2.TillDebitRequest(
                member="CARD0001", amount_minor=10_001, key="S001-T1-0001", cashier="ann"
            )
            code_, details = await _refused(till.AuthoriseDebit(other))
            assert code_ == grpc.StatusCode.FAILED_PRECONDITION and "already used" in details
            too_much = members_pb2.TillDebitRequest(
                member="CARD0001", amount_minor=99_999, key="K2"
            )
            code_, details = await _refused(till.AuthoriseDebit(too_much))
            assert code_ == grpc.StatusCode.FAILED_PRECONDITION
            assert (
                details
                == "the balance is 48000 fen, less than the 99999 fen asked; nothing was debited"
            )
            code_, details = await _refused(
                till.AuthoriseDebit(
                    members_pb2.TillDebitRequest(member="hello!", amount_minor=1, key="K3")
                )
            )
            assert code_ == grpc.StatusCode.INVALID_ARGUMENT and "is neither" in details
            refund = await till.RefundDebit(
                members_pb2.TillRefundRequest(
                    debit_entry_id=first.entry.entry_id, amount_minor=500, key="S001-R1"
                )
            )
            assert (refund.entry.bonus_minor, refund.entry.principal_minor) == (400, 100)
            # a staff certificate does not pay at a till
            staff_till = members_pb2_grpc.MemberTillStub(staff_ch)
            code_, details = await _refused(staff_till.AuthoriseDebit(debit))
            assert (
                code_ == grpc.StatusCode.PERMISSION_DENIED
                and "need a store's certificate" in details
            )

            code, out, _err = await run("member", "ledger", "M000001", "--format", "json")
            ledger = json.loads(out)
            assert code == 0 and [e["kind"] for e in ledger["entries"]] == [
                "topup",
                "debit",
                "refund",
            ]
            assert ledger["phone"] == "138****5678"  # ledger masks
            assert ledger["principal_minor"] + ledger["bonus_minor"] == sum(
                e["principal_minor"] + e["bonus_minor"] for e in ledger["entries"]
            )
            code, out, _err = await run("member", "show", "CARD0001")
            assert code == 0 and "13812345678" in out and "张三丰" in out and "481.00" in out
            code, out, _err = await run("member", "list", "--format", "json")
            assert [(m["phone"], m["name"]) for m in json.loads(out)] == [("138****5678", "张**")]
            code, out, _err = await run("report", "liability", "--format", "json")
            report = json.loads(out)
            assert code == 0 and report["balanced"] is True
            assert (report["closing_principal_minor"], report["closing_bonus_minor"]) == (
                48_100,
                400,
            )

            await run("member", "add", "--phone", "13900000000", "--name", "李四")
            code, _out, err = await run("member", "merge", "M000001", "M000001")
            assert code == 1 and "a member cannot be merged into itself" in err
            code, out, _err = await run("member", "merge", "M000001", "13900000000")
            assert code == 0 and "merged member M000002 into M000001" in out
            code, out, _err = await run("member", "erase", "13812345678", "--format", "json")
            erased = json.loads(out)
            assert code == 0 and erased["erased"] is True and erased["name"].startswith("erased-")
            code, out, _err = await run("member", "ledger", "M000001", "--format", "json")
            assert json.loads(out)["entries"] == ledger["entries"]
            code, _out, err = await run("member", "show", "13812345678")
            assert code == 1 and "no member has phone number 138****5678" in err

    asyncio.run(main())
