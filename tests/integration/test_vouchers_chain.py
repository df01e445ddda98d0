"""Group-buy vouchers through real processes: head office (its adapter configured in
headoffice.toml) and the platform simulator (python -m voucher_sim), a store calling
VoucherTill with its certificate, hoctl for staff.

A verify the simulator answers only after the adapter's timeout is retried with the same
request id and redeems exactly once on the platform; the first call that succeeds after the
timeout starts a reconciliation (trigger reconnect); a retried verify with another count is
refused with a sentence; reconciliation finds a code redeemed on the platform and not here,
and (after the platform loses its records) codes redeemed here and not there.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import grpc
import pytest

from common.pb.storeledger.v1 import vouchers_pb2
from scripts.chain import HeadOffice, wait_for
from tests.integration.voucher_demo import configure, load, sim_call, start_simulator, till_stub

pytestmark = pytest.mark.timeout(240)
SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "sample"
TIMEOUT_MS = 400


def test_a_timed_out_verify_redeems_once_and_reconciliation_finds_both_sides(
    tmp_path: Path, ho_db: str | None
) -> None:
    sim, url = start_simulator(tmp_path)
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    configure(ho, url, TIMEOUT_MS)
    ho.start()
    channel = None
    try:
        ho.hoctl("catalogue", "import", str(SAMPLE / "products.csv"))
        bundle = ho.add_store("S001", "S001", tmp_path)
        ho.hoctl("voucher", "package", "set", "meituan", "WASH1", "--title", "Car wash",
                 "--line", "WATER-550:1", "--line", "COLA-330:2")  # fmt: skip
        channel, stub = till_stub(bundle, ho.grpc_address)
        code = load(url)

        info = stub.ScanVoucher(vouchers_pb2.ScanVoucherRequest(code=code), timeout=10)
        assert (info.platform, info.uses_left, info.code_masked) == (
            "meituan", 2, code[:2] + "*" * 8 + code[-2:],
        )  # fmt: skip
        assert [(m.sku, m.qty_base) for m in info.package] == [("COLA-330", -2), ("WATER-550", -1)]

        sim_call(url, "/admin/faults", {"platform": "meituan", "op": "verify", "kind": "timeout",
                                        "delay_ms": 3 * TIMEOUT_MS})  # fmt: skip
        request = vouchers_pb2.VerifyVoucherRequest(
            platform="meituan", code=code, count=1, request_id="T1-0001", till_id="T1"
        )
        with pytest.raises(grpc.RpcError) as timed_out:
            stub.VerifyVoucher(request, timeout=10)
        assert timed_out.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert "same request" in (timed_out.value.details() or "")
        reply = stub.VerifyVoucher(request, timeout=10)
        assert (reply.state, reply.replayed, reply.count) == ("verified", True, 1)
        assert [(m.sku, m.qty_base) for m in reply.movements] == [
            ("COLA-330", -2), ("WATER-550", -1),
        ]  # fmt: skip
        uses = sim_call(url, f"/admin/state?platform=meituan&code={code}")["merchant_uses"]
        assert uses == 1  # the platform redeemed once for two calls
        # The platform answered again after a timeout: today was reconciled on its own.
        wait_for(
            "the reconnect reconciliation",
            lambda: (
                ho.hoctl("voucher", "differences", "--platform", "meituan").stdout.find("compared")
                >= 0
            ),
            20,
        )

        other = vouchers_pb2.VerifyVoucherRequest(
            platform="meituan", code=code, count=2, request_id="T1-0001", till_id="T1"
        )
        with pytest.raises(grpc.RpcError) as refused:
            stub.VerifyVoucher(other, timeout=10)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "retry asked for 2" in (refused.value.details() or "")
        rows = json.loads(ho.hoctl("voucher", "redemptions", "--format", "json").stdout)
        assert [(r["redemption_id"], r["state"], r["count"]) for r in rows] == [
            ("VR000001", "verified", 1),
        ]  # fmt: skip
        assert code not in json.dumps(rows)

        # The platform loses its records (ours only); a code is redeemed in its app (theirs).
        sim_call(url, "/admin/reset", {})
        theirs = load(url)
        sim_call(url, "/admin/redeem", {"platform": "meituan", "code": theirs, "count": 1})
        found = json.loads(
            ho.hoctl("voucher", "reconcile", "--platform", "meituan", "--format", "json").stdout
        )
        assert sorted((d["kind"], d["code_masked"]) for d in found) == [
            ("ours_only", code[:2] + "*" * 8 + code[-2:]),
            ("platform_only", theirs[:2] + "*" * 8 + theirs[-2:]),
        ]
        shown = json.loads(ho.hoctl("voucher", "differences", "--format", "json").stdout)
        assert len(shown) >= 1
        metrics = urllib.request.urlopen(f"http://{ho.metrics_address}/metrics", timeout=5)
        text = metrics.read().decode()
        assert 'storeledger_voucher_differences{platform="meituan"}' in text
    finally:
        if channel is not None:
            channel.close()
        ho.stop()
        sim.stop()
