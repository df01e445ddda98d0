"""A simulated trading period from start to end: the chain is set up under the work directory,
each simulated hour's till events run in one thread per store while that hour's faults are
injected beside them, the back office works after them, and the checker runs at the end."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from sim import channel_orders, members
from sim.backoffice import BackOffice
from sim.checker import Violation, check, observe
from sim.counts import StoreCounts
from sim.drivers import TillDriver, sign_in_at, till_status
from sim.faultproxy import FaultProxy
from sim.injectors import Chain, FaultInjector, Link
from sim.lag import LagSampler
from sim.lag import figures as lag_figures
from sim.private_pg import PrivatePostgres
from sim.processes import DEMO_STAFF, ChainError, EdgeAgent, HeadOffice, wait_caught_up, wait_for
from sim.proxy_group import ProxyGroup
from sim.report import RunFigures
from sim.scenario import COUNT, TILLS_PER_STORE, Event, Plan
from sim.truth import GroundTruth

RUN_FILE = "sim.json"
TILL_EVENTS = ("sale", "return", "void", members.SALE)
BACK_OFFICE = ("delivery", "transfer", "write_off", "shrink", "replenish", members.TOPUP,
               channel_orders.ORDER)  # fmt: skip
CATCH_UP_S = 300.0


@dataclass
class Settings:
    workdir: Path
    db_url: str | None
    speed: float  # simulated seconds per real second; 0: as fast as the chain goes
    fault_kinds: list[str]
    headoffices: int = 1  # `headoffice serve` processes on the one database (PostgreSQL)
    private_pg: bool = False  # a PostgreSQL cluster of the run's own (sim.private_pg)


def proxy_class() -> Any:
    """The fault proxy each store's agent reaches head office through (sim.faultproxy)."""
    return FaultProxy


def catalogue_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category"])
    for n, p in enumerate(plan.products):
        writer.writerow([p.sku, f"Sim product {n}", p.barcode, "piece", p.price_minor,
                         p.cost_minor, f"cat{n % 4}"])  # fmt: skip
    return out.getvalue()


def start_headoffices(workdir: Path, db_url: str | None, count: int) -> list[HeadOffice]:
    """The first process initialises the database; each other one serves from a copy of its
    data directory (docs/headoffice-processes.md), on its own ports."""
    if count > 1 and not db_url:
        raise ValueError("several head-office processes need PostgreSQL (--db or --private-pg)")
    first = HeadOffice(workdir / "ho", db_url=db_url)
    first.init()
    processes = [first]
    for n in range(2, count + 1):
        copy = workdir / f"ho-{n}"
        shutil.copytree(first.data_dir, copy, ignore=shutil.ignore_patterns("*.log", "run"))
        processes.append(HeadOffice(copy, db_url=db_url))
    try:
        for ho in processes:
            ho.start()
    except BaseException:
        for ho in processes:
            ho.stop()
        raise
    return processes


def set_up(plan: Plan, settings: Settings, truth: GroundTruth, progress: TextIO,
           pg: PrivatePostgres | None = None) -> Chain:  # fmt: skip
    workdir = settings.workdir
    processes = start_headoffices(workdir, settings.db_url, settings.headoffices)
    ho = processes[0]
    chain = Chain(workdir, ho, {}, headoffices=processes, pg=pg)
    try:
        _set_up_chain(plan, settings, truth, chain, progress)
    except BaseException:
        tear_down(chain)
        raise
    where = ", ".join(p.grpc_address for p in processes)
    progress.write(f"chain up: head office at {where}, {len(plan.stores)} stores\n")
    return chain


def _set_up_chain(plan: Plan, settings: Settings, truth: GroundTruth, chain: Chain,
                  progress: TextIO) -> None:  # fmt: skip
    workdir, ho = settings.workdir, chain.headoffice
    (workdir / "products.csv").write_text(catalogue_csv(plan))
    ho.hoctl("catalogue", "import", str(workdir / "products.csv"))
    proxy = proxy_class() if any(k.startswith("net_") for k in settings.fault_kinds) else None
    for n, code in enumerate(plan.stores):
        chain.edges[code] = EdgeAgent(workdir / f"edge-{code}", code)
        if proxy is not None:
            links = []
            for process in chain.headoffices:
                host, _sep, port = process.grpc_address.rpartition(":")
                links.append(proxy(upstream=(host, int(port)), listen=("127.0.0.1", 0),
                                   seed=plan.seed + n, name=code))  # fmt: skip
            faulty: Link = links[0] if len(links) == 1 else ProxyGroup(links)
            faulty.start()
            chain.proxies[code] = faulty
    # The stores open side by side, a few at a time: each is a handful of processes started
    # one after another, and fifty at once would starve each other past their timeouts.
    failures: list[BaseException] = []
    opened = 0
    with ThreadPoolExecutor(max_workers=opening_at_once(), thread_name_prefix="open") as pool:
        for done in as_completed(
            pool.submit(_open_store, chain, code, len(plan.products), failures)
            for code in plan.stores
        ):
            done.result()
            opened += 1
            if opened % 10 == 0 or opened == len(plan.stores):
                progress.write(f"stores open: {opened}/{len(plan.stores)}\n")
                progress.flush()
    if failures:
        raise failures[0]
    (workdir / RUN_FILE).write_text(json.dumps({
        "stores": list(plan.stores), "db_url": settings.db_url, "seed": plan.seed,
        "days": len({e.day for e in plan.events}),
        "manager": DEMO_STAFF, "private_pg": settings.private_pg}))  # fmt: skip
    chain.drivers = {c: TillDriver(e, plan.products, truth) for c, e in chain.edges.items()}
    BackOffice(ho, chain.edges, plan.products, truth).open_stores()
    members.set_up(ho, chain.drivers, truth)
    channel_orders.ChannelDesk(ho, chain.edges, truth, workdir).set_up()


def opening_at_once() -> int:
    """How many stores open side by side: two per CPU."""
    return 2 * (os.cpu_count() or 1)


def _open_store(chain: Chain, code: str, products: int, failures: list[BaseException]) -> None:
    if failures:
        return  # another store could not open: the run stops, no use opening more
    try:
        edge = chain.edges[code]
        edge.init(chain.headoffice.add_store(code, f"Sim store {code}", chain.workdir))
        chain.start_edge(code)
        edge.sign_in()  # the store manager at T1: approves voids, signs pos commands
        for till in range(2, TILLS_PER_STORE + 1):
            sign_in_at(edge, f"T{till}")
        wait_for(f"the catalogue at {code}",
                 lambda: till_status(edge).product_count >= products, 60, 0.2)  # fmt: skip
    except BaseException as exc:  # noqa: BLE001 - raised again by set_up
        failures.append(exc)


def run_period(plan: Plan, settings: Settings, truth: GroundTruth, chain: Chain,
               progress: TextIO) -> None:  # fmt: skip
    injector = FaultInjector(chain, truth)
    injector.while_partitioned.append(partial(members.offline_round, chain, truth))
    office = BackOffice(chain.headoffice, chain.edges, plan.products, truth)
    channel = channel_orders.ChannelDesk(chain.headoffice, chain.edges, truth, chain.workdir)
    counts = StoreCounts(chain.headoffice, chain.edges, truth)
    for hour in plan.hours():
        events = plan.of_hour(hour)
        started = time.monotonic()
        workers = []
        for code in plan.stores:
            mine = [e for e in events if e.store == code and e.kind in TILL_EVENTS]
            worker = threading.Thread(
                target=_trade, args=(chain.drivers[code], mine, settings.speed, started),
                name=f"till-{code}", daemon=True,  # Ctrl-C: the run ends without them
            )  # fmt: skip
            worker.start()
            workers.append(worker)
            chain.trading[code] = worker
        faults = [e for e in events if e.kind not in TILL_EVENTS + BACK_OFFICE + (COUNT,)]
        for event in faults:
            injector.inject(event)
        for worker in workers:
            worker.join()
        for event in events:
            if event.kind == members.TOPUP:
                members.act_back_office(chain.headoffice, truth, event)
            elif event.kind == channel_orders.ORDER:
                channel.act(event)
            elif event.kind in BACK_OFFICE:
                office.act(event)
        counts.count_all(events)  # the day's stocktakes, after its last tills and back office
        if settings.speed:
            time.sleep(max(0.0, started + 3600 / settings.speed - time.monotonic()))
        day, h = hour
        sales = sum(1 for e in events if e.kind == "sale")
        said = ", ".join(f"{e.kind} {e.store}" for e in faults) or "no faults"
        elapsed = time.monotonic() - chain.started
        progress.write(f"[{elapsed:6.1f}s] day {day + 1} {h:02d}:00  {sales} sales  {said}  "
                       f"(acknowledged so far {len(truth.sales)})\n")  # fmt: skip
        progress.flush()


def _trade(driver: TillDriver, events: list[Event], speed: float, started: float) -> None:
    for event in events:
        if speed:
            due = started + (event.minute % 60) * 60 / speed
            time.sleep(max(0.0, due - time.monotonic()))
        driver.act(event)


def wind_down(chain: Chain, truth: GroundTruth, progress: TextIO) -> tuple[list[Violation], int]:
    """Heal the network, let every store catch up, then check: the violations, and the
    checker's own time in ms (reading every ledger and comparing it with the truth)."""
    for proxy in chain.proxies.values():
        proxy.heal()
    for driver in chain.drivers.values():
        driver.close()
    progress.write("waiting for head office to catch up with every store\n")
    try:
        wait_caught_up(chain.headoffice, list(chain.edges.values()), CATCH_UP_S)
    except Exception as exc:  # noqa: BLE001 - the checker shows what is behind
        truth.note(f"not caught up after {CATCH_UP_S:.0f}s: {exc}")
    channel_orders.ChannelDesk(chain.headoffice, chain.edges, truth, chain.workdir).wait_expired()
    truth.save(chain.workdir)
    progress.write("checking\n")
    began = time.monotonic()
    violations = check(truth, observe(chain.workdir, chain.headoffice, chain.edges, truth))
    return violations, int((time.monotonic() - began) * 1000)


def tear_down(chain: Chain) -> None:
    for edge in chain.edges.values():
        edge.stop()
    for ho in chain.headoffices:
        ho.stop()
    for proxy in chain.proxies.values():
        proxy.close()


def simulate(plan: Plan, settings: Settings, progress: TextIO = sys.stderr) -> tuple[
        GroundTruth, list[Violation], RunFigures]:  # fmt: skip
    """Run the plan on a chain set up for it; with settings.private_pg, on a PostgreSQL
    cluster made for the run and removed after it, however it ends (Ctrl-C included)."""
    began = time.monotonic()
    truth = GroundTruth(list(plan.stores))
    pg = PrivatePostgres(settings.workdir) if settings.private_pg else None
    try:
        if pg is not None:
            pg.start()
            settings = replace(settings, db_url=pg.url)
            progress.write(f"private PostgreSQL cluster on 127.0.0.1:{pg.port}\n")
        chain = set_up(plan, settings, truth, progress, pg)
        sampler = LagSampler(lambda: [p.metrics_address for p in chain.headoffices], chain.started)
        try:
            sampler.start()
            try:
                run_period(plan, settings, truth, chain, progress)
            finally:
                sampler.stop()
            violations, checker_ms = wind_down(chain, truth, progress)
        finally:
            try:
                truth.save(settings.workdir)
            finally:
                tear_down(chain)
    finally:
        if pg is not None:
            pg.remove()
    figures = RunFigures(
        seed=plan.seed, stores=len(plan.stores), days=len({e.day for e in plan.events}),
        database="PostgreSQL" if settings.db_url else "SQLite",
        wall_ms=int((time.monotonic() - began) * 1000), fault_kinds=settings.fault_kinds,
        checker_ms=checker_ms, lag=lag_figures(sampler.samples, truth.faults),
    )  # fmt: skip
    return truth, violations, figures


def check_workdir(
    workdir: Path, progress: TextIO = sys.stderr
) -> tuple[GroundTruth, list[Violation], RunFigures]:
    """`storeledger-sim check`: start the chain of a finished run again (no proxies), let it
    catch up, and check it against the truth that run kept."""
    saved = json.loads((workdir / RUN_FILE).read_text())
    if saved.get("private_pg"):
        raise ChainError(
            "this run's head office was on its private PostgreSQL cluster, removed at the run's "
            "end: there is no database left to check"
        )
    truth = GroundTruth.load(workdir)
    ho = HeadOffice(workdir / "ho", db_url=saved["db_url"])
    ho.start()
    chain = Chain(workdir, ho, {code: EdgeAgent(workdir / f"edge-{code}", code)
                                for code in saved["stores"]})  # fmt: skip
    try:
        for edge in chain.edges.values():
            edge.start(headoffice=ho.grpc_address)
        wait_caught_up(ho, list(chain.edges.values()), CATCH_UP_S)
        progress.write("checking\n")
        began = time.monotonic()
        violations = check(truth, observe(workdir, ho, chain.edges, truth))
        figures = RunFigures(
            seed=saved["seed"], stores=len(saved["stores"]), days=int(saved.get("days", 0)),
            database="PostgreSQL" if saved["db_url"] else "SQLite",
            checker_ms=int((time.monotonic() - began) * 1000),
        )  # fmt: skip
        return truth, violations, figures
    finally:
        tear_down(chain)
