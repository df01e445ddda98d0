"""The StoreLedger demo: head office and two stores on one machine, embedded SQLite.

Starts head office, enrols two stores, imports the sample catalogue, books a
delivery and sells in both stores, stops head office, keeps selling offline,
restarts it, shows the catch-up, prints stock per store and a zero-drift
verify, then stops every process it started. Run it with `make demo`.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


import grpc  # noqa: E402

from common.pb.storeledger.v1 import till_pb2, till_pb2_grpc  # noqa: E402
from scripts.chain import ChainError, EdgeAgent, HeadOffice, wait_caught_up, wait_for  # noqa: E402

CATALOGUE = ROOT / "deploy" / "sample" / "products.csv"
STORES = [("S001", "Central Street"), ("S002", "Riverside")]


def step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def show(output: str) -> None:
    for line in output.rstrip().splitlines():
        print(f"    {line}")
    sys.stdout.flush()


def piece_products() -> list[dict[str, str]]:
    with CATALOGUE.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r for r in rows if r["unit"] == "piece" and r["barcodes"]]


def sell_round(
    edges: list[EdgeAgent], products: list[dict[str, str]], rounds: int, offset: int, echo: bool
) -> int:
    sold = 0
    for i in range(rounds):
        for n, edge in enumerate(edges):
            first = products[(offset + i + n) % len(products)]
            second = products[(offset + i + n + 3) % len(products)]
            code = first["barcodes"].split("|")[0]
            qty = 1 + (i % 3)
            total = int(first["price_minor"]) * qty + int(second["price_minor"])
            pay = ((total // 1000) + 1) * 1000  # hand over a round note amount
            out = edge.pos(
                "sell", f"{code}={qty}", second["sku"], "--pay", f"cash:{pay}", "--cashier", "demo"
            )
            sold += 1
            if echo and i == 0:
                print(
                    f"    [{edge.store_code}] pos sell {code}={qty} {second['sku']} "
                    f"--pay cash:{pay}"
                )
                show(out.stdout)
    return sold


def run_demo(workdir: Path) -> None:
    started = time.monotonic()
    ho = HeadOffice(workdir / "headoffice")
    edges: list[EdgeAgent] = []
    try:
        step("head office: init on embedded SQLite and serve (mTLS gRPC + /metrics)")
        ho.init()
        ho.start()
        print(
            f"    head office at {ho.grpc_address}, metrics at http://{ho.metrics_address}/metrics"
        )

        step("enrol two stores and import the sample catalogue")
        bundles = {code: ho.add_store(code, name, workdir) for code, name in STORES}
        show(ho.hoctl("store", "list").stdout)
        show(ho.hoctl("catalogue", "import", str(CATALOGUE)).stdout)

        step("start an edge agent in each store; the catalogue arrives downstream")
        products = piece_products()
        for code, _ in STORES:
            edge = EdgeAgent(workdir / f"edge-{code}", code)
            edge.init(bundles[code])
            edge.start()
            edge.sign_in()  # the store's first manager, signed in at T1 (docs/till.md)
            edges.append(edge)
        for edge in edges:
            wait_for(
                f"catalogue at {edge.store_code}",
                lambda e=edge: e.status()["product_count"] >= len(products),
                30,
            )
        print(f"    both stores have {len(products)}+ products")

        step("book a delivery in each store (pos receive)")
        items = [f"{p['sku']}=48@{p['cost_minor']}" for p in products]
        for edge in edges:
            out = edge.pos("receive", "--supplier-ref", f"DN-{edge.store_code}-001", *items)
            print(f"    [{edge.store_code}] {out.stdout.strip().splitlines()[0]}")

        step("sell in both stores")
        sold = sell_round(edges, products, 3, 0, echo=True)
        wait_caught_up(ho, edges, 30)
        print(f"    {sold} sales, head office has them all:")
        show(ho.hoctl("sync", "status").stdout)

        step("stop head office; the stores keep selling offline")
        ho.stop()
        sold_offline = sell_round(edges, products, 5, 3, echo=False)
        for edge in edges:
            st = edge.status()
            print(
                f"    [{edge.store_code}] offline: {st['backlog_count']} entries waiting, "
                f"newest seq {st['newest_seq']}, committed {st['committed_seq']}"
            )
        print(f"    {sold_offline} sales made while head office was down")

        step("restart head office; the stores catch up")
        t0 = time.monotonic()
        ho.start()
        reconnected, caught_up = [], []
        for edge in edges:
            with grpc.insecure_channel(edge.till_target) as channel:
                stub = till_pb2_grpc.TillStub(channel)

                def status(stub=stub) -> till_pb2.TillStatusReply:
                    return stub.GetStatus(till_pb2.TillStatusRequest(), timeout=5)

                wait_for(f"{edge.store_code} to reconnect", lambda: status().connected, 30, 0.005)
                reconnected.append(time.monotonic() - t0)
                wait_for(
                    f"{edge.store_code} to catch up",
                    lambda: status().committed_seq == status().newest_seq,
                    30,
                    0.005,
                )
                caught_up.append(time.monotonic() - t0)
        wait_caught_up(ho, edges, 60)
        for edge, back, done in zip(edges, reconnected, caught_up, strict=True):
            print(
                f"    [{edge.store_code}] reconnected {back:.2f}s after the restart (backoff "
                f"with jitter); its offline sales were committed at head office "
                f"{max(0.0, done - back) * 1000:.0f} ms after reconnecting"
            )
        show(ho.hoctl("sync", "status").stdout)

        for edge in edges:
            step(f"stock at {edge.store_code} as head office sees it")
            show(ho.hoctl("stock", "--store", edge.store_code).stdout)

        step("prove it: head office's balances against each store's own ledger")
        for edge in edges:
            show(ho.hoctl("verify", "--store", edge.store_code).stdout)
        print(f"\nDemo finished in {time.monotonic() - started:.1f}s; stopping every process.")
    finally:
        for edge in edges:
            edge.stop()
        ho.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (data, logs) for inspection",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="storeledger-demo-"))
    print(f"StoreLedger demo in {workdir}")
    try:
        run_demo(workdir)
    except ChainError as exc:
        print(f"\ndemo failed: {exc}", file=sys.stderr)
        for log in sorted(workdir.rglob("*.log")):
            print(f"--- {log} (last lines)", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-15:]), file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
