"""TillDevices over a real Unix socket with a real DeviceHub, next to Till printing through it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
import serial

from common.pb.storeledger.v1 import devices_pb2, devices_pb2_grpc, till_pb2, till_pb2_grpc
from edge_agent.api.devices_servicer import TillDevicesServicer
from edge_agent.api.server import till_server
from edge_agent.api.till_servicer import TillServicer
from edge_agent.devices.hub import DeviceHub
from edge_agent.devices.scale import SCALE_PROTOCOLS
from edge_agent.devices.tills_config import parse_tills
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.context import StoreContext
from edge_agent.sync.link import HeadOfficeLink
from tests.devices.conftest import PlayedScale, PtyPair, wait_for
from tests.devices.escpos_decode import decode
from tests.edge.conftest import COLA_BARCODE, seed_catalogue
from tests.till_staff import sign_in_store


async def until(condition: Callable[[], object], timeout_s: float = 10.0) -> None:
    await asyncio.to_thread(wait_for, condition, timeout_s)


async def _scenario(tmp_path: Path, scanner: PtyPair, scale: PtyPair, hub: DeviceHub) -> None:
    store = StoreContext.open(tmp_path / "ledger.db", "S001", "Corner Shop")
    seed_catalogue(store)
    sign_in_store(store, "T1", "amy", "cashier")
    sign_in_store(store, "T2", "amy", "cashier")
    metrics = EdgeMetrics(store)
    till = TillServicer(store, HeadOfficeLink(metrics=metrics), metrics, peripherals=hub)
    player = PlayedScale(
        str(scale.far), [b"S S     0.250 kg\r\n", b"S D     0.248 kg\r\n", b"S S     0.000 kg\r\n"]
    )
    try:
        async with (
            till_server(till, tmp_path / "till.sock", TillDevicesServicer(hub)) as address,
            grpc.aio.insecure_channel(address) as channel,
        ):
            devices = devices_pb2_grpc.TillDevicesStub(channel)

            # The serial scanner's codes arrive on the stream; a pulled cable is an event.
            stream = devices.WatchScans(devices_pb2.WatchScansRequest(till_id="T1"))
            feed = hub.scan_feed("T1")
            await until(lambda: feed.scanner.port_open)
            with serial.Serial(str(scanner.far)) as far:
                far.write(b"6901234567892\r\n")
                event = await asyncio.wait_for(stream.read(), 10)
            assert (event.code, event.problem) == ("6901234567892", "")
            assert event.read_at_ms > 0
            scanner.kill()
            event = await asyncio.wait_for(stream.read(), 10)
            assert event.code == ""
            assert event.problem.startswith("the serial scanner of till T1 went away (")
            stream.cancel()
            await until(lambda: not feed.running)  # the last watcher left: the reader stops

            with pytest.raises(grpc.aio.AioRpcError) as err:
                async for _ in devices.WatchScans(devices_pb2.WatchScansRequest(till_id="T2")):
                    pass
            assert err.value.code() == grpc.StatusCode.NOT_FOUND
            assert err.value.details() == (
                "till T2 has no serial scanner in tills.toml; scan with the keyboard wedge"
            )

            # The scale: a steady reading, then a moving one (the till refuses to sell by it).
            reading = await devices.ReadWeight(devices_pb2.ReadWeightRequest(till_id="T1"))
            assert (reading.weight_g, reading.stable) == (250, True)
            reading = await devices.ReadWeight(devices_pb2.ReadWeightRequest(till_id="T1"))
            assert (reading.weight_g, reading.stable) == (248, False)
            with pytest.raises(grpc.aio.AioRpcError) as err:
                await devices.ReadWeight(devices_pb2.ReadWeightRequest(till_id="T2"))
            assert err.value.code() == grpc.StatusCode.NOT_FOUND
            assert "till T2 has no scale in tills.toml" in err.value.details()
            with pytest.raises(grpc.aio.AioRpcError) as err:
                await devices.ReadWeight(devices_pb2.ReadWeightRequest(till_id="T3"))
            assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert err.value.details().startswith("the scale of till T3 (serial:")
            assert "cannot be opened" in err.value.details()

            status = await devices.GetDeviceStatus(devices_pb2.DeviceStatusRequest(till_id="T2"))
            states = {d.kind: d for d in status.devices}
            assert set(states) == {"scanner", "scale", "printer", "drawer"}
            assert (states["printer"].configured, states["printer"].ok) == ("file:/dev/full", True)
            assert states["scanner"].problem == "keyboard wedge only"
            status = await devices.GetDeviceStatus(devices_pb2.DeviceStatusRequest(till_id="T1"))
            states = {d.kind: d for d in status.devices}
            assert not states["scanner"].ok  # its cable is still out
            assert (states["scale"].ok, states["scale"].problem) == (True, "")  # it answered SI
            assert states["scanner"].configured == f"serial:{scanner.device}"
            assert states["drawer"].ok and states["drawer"].configured.startswith("kick pin of")

            # Till's Sell prints through the same hub: receipt and drawer pulse on paper.
            sales = till_pb2_grpc.TillStub(channel)
            sell = till_pb2.SellRequest(
                till_id="T1",
                cashier="amy",
                items=[till_pb2.SellItem(code=COLA_BARCODE, qty_base=2)],
                tenders=[till_pb2.TenderRequest(method="cash", amount_minor=1000)],
                idempotency_key="dev-1",
            )
            reply = await sales.Sell(sell)
            assert (reply.print.printed, reply.print.drawer_opened) == (True, True)
            paper = decode((tmp_path / "receipts.bin").read_bytes())
            assert f"Sale {reply.sale.sale_no}   Journal #{reply.seq}" in paper.lines
            assert paper.drawer_pulses and paper.cuts == 1

            # A till whose printer is out of paper still sells; the reply carries the warning.
            sell.till_id, sell.idempotency_key = "T2", "dev-2"
            reply = await sales.Sell(sell)
            assert reply.seq == 2 and not reply.print.printed
            assert reply.print.warning.startswith("the receipt printer of till T2 (file:/dev/full)")
    finally:
        player.close()
        hub.close()
        store.close()


def test_till_devices_over_the_socket(tmp_path: Path, pty_pair) -> None:
    scanner, scale = pty_pair("scanner"), pty_pair("scale")
    tills = parse_tills(
        f"""
        [T1]
        printer = "file:{tmp_path / "receipts.bin"}"
        drawer = true
        scanner = "serial:{scanner.device}"
        scale = "serial:{scale.device}"
        [T2]
        printer = "file:/dev/full"
        [T3]
        scale = "serial:{tmp_path / "ttyUSB9"}"
        """,
        frozenset(SCALE_PROTOCOLS),
    )
    asyncio.run(_scenario(tmp_path, scanner, scale, DeviceHub(tills)))
