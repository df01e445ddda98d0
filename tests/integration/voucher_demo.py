"""Vouchers on a running chain for the tests that need some (the output contract): the
simulator as its own process, head office restarted with it configured, a package, one
voucher redeemed at S001's till through VoucherTill, one in the platform's app only, and a
reconciliation that finds it."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import grpc

from common.bundle import EnrolmentBundle
from common.pb.storeledger.v1 import vouchers_pb2, vouchers_pb2_grpc
from common.tls import channel_credentials, channel_options
from scripts.chain import HeadOffice, Process, wait_for


def sim_call(url: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method="POST" if data else "GET")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())["data"]


def start_simulator(workdir: Path) -> tuple[Process, str]:
    ready = workdir / "voucher-sim.url"
    sim = Process(
        "voucher-sim",
        [sys.executable, "-m", "voucher_sim", "--listen", "127.0.0.1:0", "--ready-file",
         str(ready)],
        workdir / "voucher-sim.log",
    )  # fmt: skip
    sim.start()
    return sim, str(wait_for("the voucher simulator", lambda: ready.exists() and ready.read_text(), 20))  # fmt: skip


def configure(ho: HeadOffice, url: str, timeout_ms: int = 2_000) -> None:
    with open(ho.data_dir / "headoffice.toml", "a") as config:
        config.write(f'\n[vouchers.platforms.meituan]\nurl = "{url}"\ntimeout_ms = {timeout_ms}\n')


def load(url: str, product: str = "WASH1", uses: int = 2) -> str:
    row = {"product_id": product, "title": "Car wash", "uses": uses, "price_minor": 3900}
    added = sim_call(url, "/admin/vouchers", {"platform": "meituan", "vouchers": [row]})
    return str(added["vouchers"][0]["code"])


def till_stub(bundle_path: Path, address: str) -> tuple[grpc.Channel, vouchers_pb2_grpc.VoucherTillStub]:  # fmt: skip
    bundle = EnrolmentBundle.from_bytes(bundle_path.read_bytes(), str(bundle_path))
    creds = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    channel = grpc.secure_channel(address, creds, options=channel_options())
    return channel, vouchers_pb2_grpc.VoucherTillStub(channel)


def voucher_chain(ho: HeadOffice, bundle: Path, workdir: Path, sku: str) -> Process:
    """Restart head office with the simulator configured and leave one redemption, one
    package and one reconciliation (with a platform_only difference) behind."""
    sim, url = start_simulator(workdir)
    ho.stop()
    configure(ho, url)
    ho.start()
    ho.hoctl("voucher", "package", "set", "meituan", "WASH1", "--title", "Car wash",
             "--line", f"{sku}:1")  # fmt: skip
    channel, stub = till_stub(bundle, ho.grpc_address)
    with channel:
        stub.VerifyVoucher(
            vouchers_pb2.VerifyVoucherRequest(
                platform="meituan", code=load(url), count=1, request_id="demo-1", till_id="T1"
            ),
            timeout=30,
        )
    sim_call(url, "/admin/redeem", {"platform": "meituan", "code": load(url), "count": 1})
    ho.hoctl("voucher", "reconcile", "--platform", "meituan")
    return sim
