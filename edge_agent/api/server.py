"""The agent's local gRPC server: Till (and TillDevices) on a Unix socket, with health and reflection.

Every call passes three interceptors: AcceptLanguage (common.rpc.language),
outermost, runs the call in the language the till asks for (else the store's),
so every sentence it says, refusals included, is in the cashier's language;
Timing (common.rpc.interceptors) observes each call's method, status code and
duration into storeledger_edge_rpc_seconds; ErrorMapping turns our errors into
their status code and sentence, and anything else into INTERNAL with a request
id that is in the agent's log.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from common.files import make_private_dir
from common.i18n import N_
from common.pb.storeledger.v1 import devices_pb2, devices_pb2_grpc, till_pb2, till_pb2_grpc
from common.rpc.interceptors import ErrorMapping, Timing
from common.rpc.language import AcceptLanguage
from edge_agent.api.counts_servicer import store_counts_service
from edge_agent.api.devices_servicer import TillDevicesServicer
from edge_agent.api.purchasing_servicer import purchasing_service
from edge_agent.api.till_servicer import TillServicer
from edge_agent.api.till_sign_in import TillSignIn
from edge_agent.api.transfers_servicer import transfers_service
from edge_agent.api.write_offs_servicer import store_write_offs_service
from edge_agent.services.context import StoreContext

log = logging.getLogger(__name__)

# The store's other local services beside Till (transfers, receiving against orders,
# write-offs): each factory takes the store context and returns
# (add_XServicer_to_server, servicer, the service's full name). One line each.
ServiceFactory = Callable[[StoreContext], tuple[Callable[[Any, grpc.aio.Server], None], Any, str]]
STORE_SERVICES: list[ServiceFactory] = [
    transfers_service,
    purchasing_service,  # purchasing: expected orders, receive against an order, supplier returns
    store_write_offs_service,
    store_counts_service,  # stocktake: count sessions, count lines, approval
]


@asynccontextmanager
async def till_server(
    servicer: TillServicer,
    socket_path: Path,
    devices: TillDevicesServicer | None = None,
    ctx: StoreContext | None = None,
) -> AsyncIterator[str]:
    """Serve Till (and TillDevices when given) on unix:socket_path; yields the address bound."""
    if not socket_path.parent.exists():
        make_private_dir(socket_path.parent)  # 0700: only the agent's user reaches the socket
    if socket_path.exists():
        socket_path.unlink()  # a stale socket from an agent that did not exit cleanly
    server = grpc.aio.server(
        interceptors=[
            AcceptLanguage(),  # first: the error mapping's sentences in the caller's language too
            Timing(servicer.metrics.observe_rpc, log),
            ErrorMapping(log, N_("edge agent")),
            TillSignIn(servicer.ctx),  # inside ErrorMapping: its refusals are our errors
        ]
    )
    till_pb2_grpc.add_TillServicer_to_server(servicer, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    service_name = till_pb2.DESCRIPTOR.services_by_name["Till"].full_name
    services = [service_name]
    if devices is not None:
        devices_pb2_grpc.add_TillDevicesServicer_to_server(devices, server)
        services.append(devices_pb2.DESCRIPTOR.services_by_name["TillDevices"].full_name)
    if ctx is not None:
        for factory in STORE_SERVICES:
            add_to_server, store_servicer, name = factory(ctx)
            add_to_server(store_servicer, server)
            services.append(name)
    reflection.enable_server_reflection(
        [*services, health.SERVICE_NAME, reflection.SERVICE_NAME], server
    )
    address = f"unix:{socket_path}"
    server.add_insecure_port(address)
    await server.start()
    for name in services:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    try:
        yield address
    finally:
        await server.stop(grace=5)
        if socket_path.exists():
            socket_path.unlink()
