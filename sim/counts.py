"""Stocktakes at the end of each trading day: every store counts the SKUs it lost to shrink that
day and a few others, through its own count workflow, and the truth learns what each count found.

Planned in the plan (`sim.scenario.plan_counts`, one `count` event per store and day at 21:59, after the day's
last tills and back office): the SKUs the day's shrink events take at that store plus
`OTHERS_PER_COUNT` drawn at random, from a generator of its own seeded by the plan's seed, so a
seed reproduces the counts and the sales, faults and shrink of a seed are what they were before
counts existed (the regression seeds in tests/integration/sim_seeds.txt still replay).

Done the way a store manager does it with `pos count start|add|submit|approve` (docs/stocktake.md),
over the StoreCounts gRPC service on the agent's unix socket, the path `pos count` takes, each call
as the person signed in at its till: c2 at T2 counts (the physical quantity, the truth's book less
its unfound shrink), c3 at T3 recounts what falls outside tolerance, the store manager at T1
approves; a second approval (a variance above the chain's limit) is c3's when c3 counted nothing,
else head office's (`hoctl count approve`), as an area manager would. A count is cheap this way:
a few calls per store, whatever the catalogue's size.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import grpc

from common.pb.storeledger.v1 import store_counts_pb2 as pb
from common.pb.storeledger.v1 import store_counts_pb2_grpc
from sim.processes import ChainError, EdgeAgent, HeadOffice, wait_for
from sim.scenario import COUNT, Event
from sim.truth import CountRecord, GroundTruth

COUNTERS = 4  # stores counting at once
TILL_METADATA = "storeledger-till"  # edge_agent.cli.pos_shared: the till a call comes from
COUNTER_TILL, RECOUNT_TILL, MANAGER_TILL = "T2", "T3", "T1"
WAIT_S = 90.0
RETRY_WINDOW_S = 180.0
RETRIED = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
T = TypeVar("T")


class StoreCounts:
    """The chain's stores counting: `count_all` runs an hour's count events, a few stores at once."""

    def __init__(self, headoffice: HeadOffice, edges: dict[str, EdgeAgent], truth: GroundTruth):
        self.ho = headoffice
        self.edges = edges
        self.truth = truth

    def count_all(self, events: list[Event]) -> None:
        mine = [e for e in events if e.kind == COUNT]
        if not mine:
            return
        with ThreadPoolExecutor(max_workers=COUNTERS, thread_name_prefix="count") as pool:
            for done in [pool.submit(self.count, e) for e in mine]:
                done.result()

    def count(self, event: Event) -> None:
        """A count the chain refused or that never ended is kept as `failed` (the checker
        reports it: its shrink was not found) and its SKUs are counted again the next day."""
        take = Stocktake(self.ho, self.edges[event.store], self.truth, event)
        try:
            take.run()
        except (ChainError, grpc.RpcError) as exc:
            said = f"{exc.code().name}: {exc.details()}" if isinstance(exc, grpc.RpcError) else exc
            self.truth.note(f"{event.store} count {event.data['key']}: {said}")
            take.failed()


class Stocktake:
    """One store's count of one day, from opening the session to its posting."""

    def __init__(self, headoffice: HeadOffice, edge: EdgeAgent, truth: GroundTruth, event: Event):
        self.ho = headoffice
        self.edge = edge
        self.store = edge.store_code
        self.truth = truth
        self.event = event
        self.key = event.data["key"]
        self.sid = ""
        self.counted: dict[str, int] = {}
        self.pending: dict[str, int] = {}

    def _call(self, till: str, rpc: str, request: Any) -> Any:
        """A StoreCounts call as the person at `till`, retried while the agent does not answer."""
        meta = ((TILL_METADATA, till),)
        return _retrying(f"{rpc} at {self.store}", lambda: self._once(rpc, request, meta))

    def _once(self, rpc: str, request: Any, meta: tuple[tuple[str, str], ...]) -> Any:
        with grpc.insecure_channel(self.edge.till_target) as channel:
            stub = store_counts_pb2_grpc.StoreCountsStub(channel)
            return getattr(stub, rpc)(request, timeout=30, metadata=meta)

    def run(self) -> None:
        physical = self.truth.physical(self.store)
        self.pending = pending = dict(self.truth.shrink.get(self.store, {}))
        # What a count that did not post left unfound is counted again.
        wanted = set(self.event.data["skus"]) | {s for s, q in pending.items() if q}
        counted = {s: physical.get(s, 0) for s in sorted(wanted)}
        below = sorted(s for s, q in counted.items() if q < 0)
        if below:  # sold beyond the shelf: nobody can count less than nothing
            self.truth.note(f"{self.store} count {self.key}: not counted, the shelf holds less "
                            f"than nothing of {', '.join(below)}")  # fmt: skip
            counted = {s: q for s, q in counted.items() if q >= 0}
        if not counted:
            return
        self.counted = counted
        self.sid = sid = self._open(sorted(counted))
        for sku, qty in counted.items():
            self._add(COUNTER_TILL, sid, sku, qty, 0)
        reply = self._call(COUNTER_TILL, "SubmitCount", pb.CountActionRequest(session_id=sid))
        recounted = reply.session.state == "recount"
        if recounted:  # outside tolerance: someone else counts those again
            for sku in reply.session.recount_skus:
                self._add(RECOUNT_TILL, sid, sku, counted[sku], reply.session.round)
            reply = self._call(RECOUNT_TILL, "SubmitCount", pb.CountActionRequest(session_id=sid))
        reply = self._approve(sid, reply, recounted)
        self._record(sid, reply, counted, pending)

    def _open(self, skus: list[str]) -> str:
        """The session of this count: the one a retried start opened, else a new one."""
        title = f"sim {self.key}"
        listed = self._call(MANAGER_TILL, "ListCounts", pb.ListStoreCountsRequest())
        for session in listed.sessions:
            if session.title == title and session.state != "cancelled":
                return str(session.session_id)
        request = pb.StartCountRequest(kind="skus", skus=skus, title=title,
                                       selling_locations=["floor"])  # fmt: skip
        return str(self._call(MANAGER_TILL, "StartCount", request).session.session_id)

    def _add(self, till: str, sid: str, sku: str, qty: int, rnd: int) -> None:
        request = pb.AddCountLineRequest(session_id=sid, sku=sku, qty_base=qty, location="floor",
                                         line_id=f"{self.key}-{sku}-r{rnd}")  # fmt: skip
        self._call(till, "AddCountLine", request)

    def _approve(self, sid: str, reply: pb.CountSessionReply, recounted: bool) -> Any:
        action = pb.CountActionRequest(session_id=sid)
        if reply.session.state == "submitted":
            reply = self._call(MANAGER_TILL, "ApproveCount", action)
        if reply.session.state != "approving":
            return reply
        if not recounted:  # the other manager on shift counted nothing: theirs is the second
            return self._call(RECOUNT_TILL, "ApproveCount", action)
        # Both others counted a SKU with a variance: head office gives the second approval,
        # once the first has reached it, and the store posts when the approval reaches it.
        wait_for(f"head office to see count {sid} approved once",
                 lambda: self._ho_state(sid) == "approving", WAIT_S, 0.5)  # fmt: skip
        self.ho.hoctl("count", "approve", sid)
        wait_for(f"{self.store} to post count {sid}",
                 lambda: self._show(sid).session.state == "posted", WAIT_S, 0.5)  # fmt: skip
        return self._show(sid)

    def _ho_state(self, sid: str) -> str:
        return str(self.ho.hoctl_json("count", "show", sid)["session"]["state"])

    def _show(self, sid: str) -> Any:
        return self._call(MANAGER_TILL, "ShowCount", pb.CountActionRequest(session_id=sid))

    def _record(self, sid: str, reply: Any, counted: dict[str, int],
                pending: dict[str, int]) -> None:  # fmt: skip
        """What the count found (the store's book less the count, per SKU), and the truth's book
        of the counted SKUs becomes what was on the shelf: their shrink is found."""
        found = {r.sku: -int(r.variance_qty_base) for r in reply.results}
        record = CountRecord(
            store=self.store, day=self.event.day, session_id=sid, state=reply.session.state,
            seq=int(reply.session.closed_seq), counted=counted,
            injected={s: pending.get(s, 0) for s in counted}, found=found,
        )  # fmt: skip
        self.truth.counted(record)

    def failed(self) -> None:
        if self.counted:
            self.truth.counted(CountRecord(
                store=self.store, day=self.event.day, session_id=self.sid or self.key,
                state="failed", seq=0, counted=self.counted,
                injected={s: self.pending.get(s, 0) for s in self.counted}, found={},
            ))  # fmt: skip


def _retrying(what: str, call: Callable[[], T]) -> T:
    deadline = time.monotonic() + RETRY_WINDOW_S
    while True:
        try:
            return call()
        except grpc.RpcError as exc:
            if exc.code() not in RETRIED or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
