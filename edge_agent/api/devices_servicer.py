"""The TillDevices gRPC service: a till's serial scanner feed, scale reading and device status.

A device error (no such device, a silent scale) ends the call through the
server's ErrorMapping interceptor with its status code and sentence.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools

from common.pb.storeledger.v1 import devices_pb2, devices_pb2_grpc
from edge_agent.devices.hub import DeviceHub
from edge_agent.devices.scanner import ScanRead


def _deliver(loop: asyncio.AbstractEventLoop, reads: asyncio.Queue, read: ScanRead) -> None:
    """Called on the scanner's reader thread; hands the read to the watcher's event loop."""
    with contextlib.suppress(RuntimeError):  # that loop has closed: its watcher is gone
        loop.call_soon_threadsafe(reads.put_nowait, read)


class TillDevicesServicer(devices_pb2_grpc.TillDevicesServicer):
    def __init__(self, hub: DeviceHub) -> None:
        self._hub = hub

    async def WatchScans(self, request, context):
        feed = self._hub.scan_feed(request.till_id)
        reads: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()
        stop_watching = feed.subscribe(functools.partial(_deliver, loop, reads))
        try:
            while True:
                read = await reads.get()
                yield devices_pb2.ScanEvent(  # a problem said in this till's language
                    code=read.code, read_at_ms=read.read_at_ms, problem=str(read.problem)
                )
        finally:
            stop_watching()

    async def ReadWeight(self, request, context) -> devices_pb2.WeightReading:
        reading = await asyncio.to_thread(self._hub.read_weight, request.till_id)
        return devices_pb2.WeightReading(weight_g=reading.weight_g, stable=reading.stable)

    async def GetDeviceStatus(self, request, context) -> devices_pb2.DeviceStatus:
        states = await asyncio.to_thread(self._hub.status, request.till_id)
        return devices_pb2.DeviceStatus(
            devices=[
                devices_pb2.DeviceState(
                    kind=s.kind, configured=s.configured, ok=s.ok, problem=s.problem
                )
                for s in states
            ]
        )
