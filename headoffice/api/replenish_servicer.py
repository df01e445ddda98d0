"""ReplenishAdmin: hoctl replenish ...; each method unpacks, calls one service, packs.

The [replenishment] section of headoffice.toml is read once at start (a bad value
stops the start with its sentence); approval wakes the downstream streams after
commit, as creating a transfer or sending an order does.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import grpc

from common.logs import log_event
from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from common.pb.storeledger.v1 import replenish_admin_pb2_grpc as pb_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.replenish import (
    min_max_message,
    min_max_rows,
    run_message,
    supply_message,
    supply_terms,
)
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.replenishment import Policy
from headoffice.domain.roles import Permission, Staff
from headoffice.services import replenish, replenish_settings
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.replenish_approve import approve_run

log = logging.getLogger(__name__)
SERVICE = pb.DESCRIPTOR.services_by_name["ReplenishAdmin"]


def add_to_server(
    server: grpc.aio.Server,
    new_uow: UnitOfWorkFactory,
    auth: Authorizer,
    signal: DownstreamSignal,
    config: dict[str, dict[str, Any]],
) -> None:
    policy = replenish.policy_from_config(config)
    negative_stock = str(config.get("transfers", {}).get("negative_stock", "refuse"))
    servicer = ReplenishServicer(new_uow, auth, signal, policy, negative_stock)
    pb_grpc.add_ReplenishAdminServicer_to_server(servicer, server)


class ReplenishServicer(pb_grpc.ReplenishAdminServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        signal: DownstreamSignal,
        policy: Policy,
        negative_stock: str = "refuse",
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal
        self._policy = policy
        self._negative_stock = negative_stock

    @authorised(Permission.PURCHASING_WRITE)
    async def RunReplenishment(self, request, context, staff: Staff):  # noqa: N802
        run = await asyncio.to_thread(
            replenish.run_replenishment, self._new_uow(), staff, self._policy,
            request.store_code, request.category, request.dry_run,
        )  # fmt: skip
        log_event(log, logging.INFO, "replenishment run", run=run.run_id if run.run_no else "dry",
                  lines=len(run.lines), by=staff.username)  # fmt: skip
        return run_message(run)

    @authorised(Permission.PURCHASING_WRITE)
    async def RunReplenishmentWatched(self, request, context, staff: Staff):  # noqa: N802
        # The run computes in a thread; its progress calls come back to this loop through a
        # queue that its end closes with None; the last message carries the run (a failed
        # run's error is raised by `await task`, as the unary method raises it).
        loop = asyncio.get_running_loop()
        heard: asyncio.Queue[tuple[int, int] | None] = asyncio.Queue()

        def progress(done: int, total: int) -> None:
            loop.call_soon_threadsafe(heard.put_nowait, (done, total))

        def finished(_task: object) -> None:
            heard.put_nowait(None)

        task = asyncio.ensure_future(asyncio.to_thread(
            replenish.run_replenishment, self._new_uow(), staff, self._policy,
            request.store_code, request.category, request.dry_run, None, progress,
        ))  # fmt: skip
        task.add_done_callback(finished)
        while (item := await heard.get()) is not None:
            yield pb.ReplenishmentProgress(skus_done=item[0], sku_count=item[1])
        run = await task
        log_event(log, logging.INFO, "replenishment run", run=run.run_id if run.run_no else "dry",
                  lines=len(run.lines), by=staff.username)  # fmt: skip
        yield pb.ReplenishmentProgress(run=run_message(run))

    @authorised(Permission.PURCHASING_READ)
    async def GetReplenishRun(self, request, context, staff: Staff):  # noqa: N802
        run, count, value = await asyncio.to_thread(
            replenish.get_run_page, self._new_uow(), staff, request.run_id, request.after_line,
            request.limit,
        )  # fmt: skip
        return run_message(run, count, value)

    @authorised(Permission.PURCHASING_READ)
    async def ListReplenishRuns(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            replenish.list_runs, self._new_uow(), staff, request.limit or 50
        )
        return pb.ListReplenishRunsReply(
            runs=[run_message(run, count, value) for run, count, value in rows]
        )

    @authorised(Permission.PURCHASING_WRITE)
    async def ApproveReplenishRun(self, request, context, staff: Staff):  # noqa: N802
        run = await asyncio.to_thread(
            approve_run, self._new_uow(), staff, request.run_id, list(request.line_nos),
            self._negative_stock,
        )  # fmt: skip
        self._signal.notify()
        log_event(log, logging.INFO, "replenishment run approved", run=run.run_id,
                  state=run.state, by=staff.username)  # fmt: skip
        return run_message(run)

    @authorised(Permission.PURCHASING_WRITE)
    async def SetMinMax(self, request, context, staff: Staff):  # noqa: N802
        count = await asyncio.to_thread(
            replenish_settings.set_min_max, self._new_uow(), staff, min_max_rows(request),
            request.source,
        )  # fmt: skip
        return pb.SetMinMaxReply(count=count)

    @authorised(Permission.PURCHASING_READ)
    async def ShowMinMax(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            replenish_settings.show_min_max, self._new_uow(), staff, request.store_code,
            request.sku,
        )  # fmt: skip
        return pb.ShowMinMaxReply(rows=[min_max_message(row) for row in rows])

    @authorised(Permission.PURCHASING_WRITE)
    async def ClearMinMax(self, request, context, staff: Staff):  # noqa: N802
        await asyncio.to_thread(
            replenish_settings.clear_min_max, self._new_uow(), staff, request.store_code,
            request.sku,
        )  # fmt: skip
        return pb.ClearMinMaxReply()

    @authorised(Permission.PURCHASING_WRITE)
    async def SetTransferCost(self, request, context, staff: Staff):  # noqa: N802
        await asyncio.to_thread(
            replenish_settings.set_cost, self._new_uow(), staff, request.from_store,
            request.to_store, request.cost_minor,
        )  # fmt: skip
        return request

    @authorised(Permission.PURCHASING_READ)
    async def ListTransferCosts(self, request, context, staff: Staff):  # noqa: N802
        costs = await asyncio.to_thread(replenish_settings.list_costs, self._new_uow())
        return pb.ListTransferCostsReply(
            costs=[pb.TransferCost(from_store=a, to_store=b, cost_minor=c)
                   for (a, b), c in sorted(costs.items())],
            default_cost_minor=self._policy.default_transfer_cost_minor,
        )  # fmt: skip

    @authorised(Permission.PURCHASING_WRITE)
    async def SetSupplyTerms(self, request, context, staff: Staff):  # noqa: N802
        terms = await asyncio.to_thread(
            replenish_settings.set_supply, self._new_uow(), staff, supply_terms(request)
        )
        return supply_message(terms)

    @authorised(Permission.PURCHASING_READ)
    async def ListSupplyTerms(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(replenish_settings.list_supply, self._new_uow())
        return pb.ListSupplyTermsReply(terms=[supply_message(t) for t in rows])
