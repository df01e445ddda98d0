"""The screen's one door to the agent: the Till, TillDevices and StoreCounts stubs on the agent's
Unix socket.

Every gRPC failure becomes a Refusal carrying the agent's sentence, so a screen
can show it on the message line; nothing here ever raises a grpc error. Every
call carries the till's language (accept-language), for the agent to answer in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc

from common.i18n import _
from common.pb.storeledger.v1 import (
    devices_pb2,
    devices_pb2_grpc,
    store_counts_pb2_grpc,
    till_pb2,
    till_pb2_grpc,
)
from common.rpc.language import send_language
from edge_agent.datadir import DataDir

RPC_TIMEOUT_S = 15.0
# A request with no till id of its own (StoreCounts) names the till in this metadata, so the
# agent acts as the person signed in there (edge_agent.api.till_sign_in reads it; pos sends
# the same from --till).
TILL_METADATA = "storeledger-till"


class Refusal(Exception):
    """The agent said no (or could not be reached): str() is the sentence to show."""

    def __init__(self, sentence: str, code: grpc.StatusCode | None = None) -> None:
        super().__init__(sentence)
        self.code = code


def _sentence(exc: grpc.aio.AioRpcError, socket: Path) -> Refusal:
    code = exc.code()
    details = exc.details() or ""
    # gRPC's own words name the socket; the agent's sentence that head office did not
    # answer (HeadOfficeUnreachable, also UNAVAILABLE) is shown as it is.
    if (
        code == grpc.StatusCode.UNAVAILABLE
        and "connect" in details.lower()
        and (str(socket) in details)
    ):
        return Refusal(
            _("the edge agent is not answering on {socket}; is it running?").format(socket=socket),
            code,
        )
    if code == grpc.StatusCode.UNIMPLEMENTED:
        return Refusal(_("this edge agent does not offer that yet (update the agent)"), code)
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return Refusal(_("the edge agent did not answer in time; try again"), code)
    return Refusal(details or code.name.replace("_", " ").lower(), code)


class TillClient:
    """Async calls on one channel; open() inside the app's event loop."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.socket = DataDir(data_dir).till_socket
        self._channel: grpc.aio.Channel | None = None
        self.till: till_pb2_grpc.TillStub
        self.devices: devices_pb2_grpc.TillDevicesStub
        self.counts: store_counts_pb2_grpc.StoreCountsStub

    def open(self) -> None:
        self._channel = grpc.aio.insecure_channel(
            f"unix:{self.socket}", interceptors=send_language()
        )
        self.till = till_pb2_grpc.TillStub(self._channel)
        self.devices = devices_pb2_grpc.TillDevicesStub(self._channel)
        self.counts = store_counts_pb2_grpc.StoreCountsStub(self._channel)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    async def call(self, method_name: str, request: Any, service: str = "till") -> Any:
        stub = {"till": self.till, "counts": self.counts}.get(service, self.devices)
        try:
            return await getattr(stub, method_name)(request, timeout=RPC_TIMEOUT_S)
        except grpc.aio.AioRpcError as exc:
            raise _sentence(exc, self.socket) from exc

    async def count_call(self, method_name: str, request: Any, till_id: str) -> Any:
        """A StoreCounts call as the person signed in at till_id."""
        try:
            return await getattr(self.counts, method_name)(
                request, timeout=RPC_TIMEOUT_S, metadata=((TILL_METADATA, till_id),)
            )
        except grpc.aio.AioRpcError as exc:
            raise _sentence(exc, self.socket) from exc

    async def watch_scans(self, till_id: str) -> AsyncIterator[devices_pb2.ScanEvent]:
        """The serial scanner's reads as they come; ends with a Refusal if the stream breaks."""
        stream = self.devices.WatchScans(devices_pb2.WatchScansRequest(till_id=till_id))
        try:
            async for event in stream:
                yield event
        except grpc.aio.AioRpcError as exc:
            raise _sentence(exc, self.socket) from exc
        finally:
            stream.cancel()

    # Small helpers the screens use most.
    async def status(self) -> till_pb2.TillStatusReply:
        return await self.call("GetStatus", till_pb2.TillStatusRequest())

    async def scan(self, code: str) -> till_pb2.ScanResult:
        return await self.call("Scan", till_pb2.ScanRequest(code=code))

    async def approve(
        self, till_id: str, cashier: str, manager: str, pin: str, action: str, details: str
    ) -> till_pb2.ApproveReply:
        return await self.call(
            "Approve",
            till_pb2.ApproveRequest(
                till_id=till_id,
                cashier=cashier,
                manager=manager,
                pin=pin,
                action=action,
                details=details,
            ),
        )
