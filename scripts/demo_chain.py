"""A demo chain left running for you to try things by hand: `make chain`, then `make chain-down`.

`up` creates demo-chain/ (or --dir): head office on embedded SQLite, stores
S001 Central Street and S002 Riverside with the sample catalogue, an opening
delivery in each, and three staff users besides the administrator (buyer
`bea`, store manager `sam` of S001, auditor `aud`). Every process keeps
running after `up` returns; demo-chain/env.sh sets the variables the
commands in docs/operations.md use. `down` stops them; `status` lists them.

A voucher platform simulator (voucher_sim) runs beside them, head office's
[vouchers.platforms.meituan] points at it, and two demo car-wash vouchers
are loaded (VOUCHER1, VOUCHER2 in env.sh). `offline S001` restarts a store's
agent with head office unreachable (its tills keep selling); `online S001`
restarts it connected again (env.sh defines `demo_chain` for both).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.chain import ChainError, EdgeAgent, HeadOffice, Process, wait_for  # noqa: E402

CATALOGUE = ROOT / "deploy" / "sample" / "products.csv"
STORES = [("S001", "Central Street"), ("S002", "Riverside")]
USERS = [("bea", "buyer", ()), ("sam", "store_manager", ("S001",)), ("aud", "auditor", ())]
OPENING_QTY = 48
UNREACHABLE = "127.0.0.1:1"  # where an offline store looks for head office
VOUCHERS = [("WASH1", "Car wash", 2, 3900), ("WASH1", "Car wash", 1, 3900)]


def _sim_call(url: str, path: str, body: dict) -> dict:
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return dict(json.loads(resp.read())["data"])


def _start_simulator(root: Path) -> tuple[Process, str]:
    ready = root / "voucher-sim.url"
    ready.unlink(missing_ok=True)
    args = [sys.executable, "-m", "voucher_sim", "--listen", "127.0.0.1:0"]
    sim = Process("voucher-sim", [*args, "--ready-file", str(ready)], root / "voucher-sim.log")
    sim.start()
    url = wait_for("the voucher simulator", lambda: ready.exists() and ready.read_text(), 20)
    return sim, str(url)


def _load_vouchers(url: str) -> list[str]:
    rows = [
        {"product_id": product, "title": title, "uses": uses, "price_minor": price}
        for product, title, uses, price in VOUCHERS
    ]
    added = _sim_call(url, "/admin/vouchers", {"platform": "meituan", "vouchers": rows})
    return [str(v["code"]) for v in added["vouchers"]]


def _say(text: str) -> None:
    print(text, flush=True)


def up(root: Path) -> int:
    if (root / "pids.json").exists():
        _say(f"a demo chain already lives in {root}; `make chain-down` (or remove {root}) first")
        return 1
    root.mkdir(parents=True, exist_ok=True)
    ho = HeadOffice(root / "ho")
    edges: list[EdgeAgent] = []
    sim: Process | None = None
    try:
        _say(f"[1/5] head office: init and serve from {ho.data_dir}, a voucher simulator")
        sim, sim_url = _start_simulator(root)
        ho.init()
        with open(ho.data_dir / "headoffice.toml", "a") as config:
            config.write(f'\n[vouchers.platforms.meituan]\nurl = "{sim_url}"\ntimeout_ms = 2000\n')
        ho.start()
        _say(f"[2/5] stores {', '.join(c for c, _ in STORES)}, users and the sample catalogue")
        bundles = {code: ho.add_store(code, name, root) for code, name in STORES}
        identities = {name: ho.add_user(name, role, root, stores) for name, role, stores in USERS}
        ho.hoctl("catalogue", "import", str(CATALOGUE))
        with CATALOGUE.open(newline="") as fh:
            products = list(csv.DictReader(fh))
        _say("[3/5] edge agents: init and serve")
        for code, _ in STORES:
            edge = EdgeAgent(root / f"store-{code}", code)
            edge.init(bundles[code])
            edge.start()
            edge.sign_in()  # the store's first manager, signed in at T1 (docs/till.md)
            edges.append(edge)
        for edge in edges:
            wait_for(
                f"the catalogue at {edge.store_code}",
                lambda e=edge: e.status()["product_count"] >= len(products),
                60,
            )
        _say(f"[4/5] an opening delivery of {OPENING_QTY} of each piece item in each store")
        pieces = [
            p for p in products if p["unit"] == "piece" and p.get("kind", "goods") in ("", "goods")
        ]
        items = [f"{p['sku']}={OPENING_QTY}@{p['cost_minor']}" for p in pieces]
        for edge in edges:
            edge.pos("receive", "--supplier-ref", f"OPENING-{edge.store_code}", *items)
        vouchers = _load_vouchers(sim_url)
        _say("[5/5] writing env.sh")
    except (ChainError, OSError, ValueError, KeyError) as exc:
        _say(f"the demo chain did not start: {exc}")
        for edge in edges:
            edge.stop()
        ho.stop()
        if sim is not None:
            sim.stop()
        return 1
    processes = [ho.process, sim, *(e.process for e in edges)]
    for process in processes:
        assert process is not None
        process.detach()
    (root / "pids.json").write_text(
        json.dumps({p.name: p.pid for p in processes if p is not None}, indent=2)
    )
    env = root / "env.sh"
    env.write_text(
        "\n".join(
            [
                f"export PATH={Path(sys.executable).parent}:$PATH",
                f"export STORELEDGER_HO_DATA_DIR={ho.data_dir}",
                f"export STORELEDGER_EDGE_DATA_DIR={edges[0].data_dir}  # store S001",
                f"export S001={edges[0].data_dir} S002={edges[1].data_dir}",
                *(f"export {name.upper()}={path}" for name, path in identities.items()),
                f"export VOUCHER_SIM_URL={sim_url}",
                *(f"export VOUCHER{i}={code}" for i, code in enumerate(vouchers, 1)),
                f"export DEMO_CHAIN={root}",
                f'demo_chain() {{ "{sys.executable}" "{Path(__file__).resolve()}" '
                '"$@" --dir "$DEMO_CHAIN"; }',
                "",
            ]
        )
    )
    _say(
        f"\nthe demo chain is running (head office at {ho.grpc_address}).\n"
        f"  . {env}          # then try: hoctl stock --store S001; pos status\n"
        f"  make chain-down  # stops it"
    )
    return 0


def _pids(root: Path) -> dict[str, int]:
    try:
        return json.loads((root / "pids.json").read_text())
    except FileNotFoundError:
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def down(root: Path) -> int:
    pids = _pids(root)
    if not pids:
        _say(f"no demo chain is running from {root}")
        return 0
    # Stores first, so they do not spend the shutdown reconnecting to head office.
    for name, pid in sorted(pids.items(), key=lambda item: item[0] == "headoffice"):
        if _alive(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        _say(f"stopped {name} (pid {pid})")
    (root / "pids.json").unlink()
    return 0


def link(root: Path, store: str, online: bool) -> int:
    """Restart one store's agent with head office unreachable (offline) or reachable."""
    pids = _pids(root)
    name = f"edge-{store}"
    if name not in pids:
        _say(f"no store {store} runs in the demo chain in {root}")
        return 1
    pid = pids[name]
    if _alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    edge = EdgeAgent(root / f"store-{store}", store)
    try:
        edge.start(headoffice=None if online else UNREACHABLE)
        edge.sign_in()
    except ChainError as exc:
        _say(f"store {store} did not start again: {exc}")
        return 1
    assert edge.process is not None
    edge.process.detach()
    pids[name] = edge.process.pid
    (root / "pids.json").write_text(json.dumps(pids, indent=2))
    _say(f"store {store} is {'online' if online else 'offline'} (pid {edge.process.pid})")
    return 0


def status(root: Path) -> int:
    pids = _pids(root)
    for name, pid in pids.items():
        _say(f"{name:<12} pid {pid:<8} {'running' if _alive(pid) else 'gone'}")
    if not pids:
        _say(f"no demo chain is running from {root}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down", "status", "offline", "online"])
    parser.add_argument("store", nargs="?", default="S001", help="offline/online: the store")
    parser.add_argument("--dir", default=str(ROOT / "demo-chain"), help="where the chain lives")
    args = parser.parse_args()
    root = Path(args.dir).resolve()
    if args.action in ("offline", "online"):
        return link(root, args.store, args.action == "online")
    return {"up": up, "down": down, "status": status}[args.action](root)


if __name__ == "__main__":
    sys.exit(main())
