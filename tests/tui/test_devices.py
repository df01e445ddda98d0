"""The till screen with real serial devices behind the agent: a played MT-SICS scale and a
serial scanner over socat ptys (E/tills.toml names the device ends)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import serial

from edge_agent.tui import app as till_app_module
from edge_agent.tui.app import TillApp
from edge_agent.tui.screens.sale import SaleScreen
from tests.devices.conftest import PlayedScale, PtyPair
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import Agent, serve, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import busy, log_in, message, rows, scan, text, type_text

SIZE = (120, 36)
STEADY = b"S S     0.250 kg\r\n"
MOVING = b"S D     0.248 kg\r\n"


@dataclass
class Rig:
    agent: Agent
    scale: PlayedScale
    scanner: PtyPair
    missing_port: Path


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    """T1 has a scale, T2 a serial scanner, T3 a scanner whose port does not exist."""
    ports = tmp_path_factory.mktemp("ports")
    scale_cable = PtyPair(ports / "scale-device", ports / "scale-far")
    scanner_cable = PtyPair(ports / "scanner-device", ports / "scanner-far")
    scale_cable.start()
    scanner_cable.start()
    scale = PlayedScale(str(scale_cable.far), [])
    missing = ports / "ttyACM9"
    tills = (
        f'[T1]\nscale = "serial:{scale_cable.device}"\nscale_protocol = "mt-sics"\n'
        f'[T2]\nscanner = "serial:{scanner_cable.device}"\n'
        f'[T3]\nscanner = "serial:{missing}"\n'
    )
    agent = start_agent(tmp_path_factory.mktemp("devices"), tills_toml=tills)
    try:
        yield Rig(agent, scale, scanner_cable, missing)
    finally:
        stop_agent(agent)
        scale.close()
        scale_cable.kill()
        scanner_cable.kill()


def holds_open(pid: int, device: Path) -> bool:
    """Has process pid opened the pty that `device` links to? (pyserial flushes on open.)"""
    target = str(device.resolve())
    fds = Path(f"/proc/{pid}/fd")
    return any(os.path.realpath(fd) == target for fd in fds.iterdir())


def test_f4_weighs_a_gram_product_on_the_serial_scale(rig: Rig) -> None:
    async def scenario() -> None:
        app = till_app(rig.agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            screen = await log_in(pilot, app)
            await scan(pilot, app, "RICE")  # sold by the gram: a plain scan adds nothing
            assert "sold by the gram" in message(app) and rows(app) == []

            rig.scale._answers.append(MOVING)
            await type_text(pilot, "RICE")
            await pilot.press("f4")
            await until(pilot, lambda: "not steady" in message(app), "the moving reading")
            assert message(app) == (
                "the scale is not steady yet (0.248 kg, moving); wait for it to settle"
            )
            assert rows(app) == [] and not screen.cart.lines

            rig.scale._answers.append(STEADY)
            await type_text(pilot, "RICE")
            await pilot.press("f4")
            await until(pilot, lambda: rows(app) and not busy(app), "the weighed line")
            assert rows(app) == [["1", "RICE", "Loose rice", "0.250 kg", "0.02", "5.00"]]
            await until(pilot, lambda: "5.00" in text(app, "#total"), "the total 5.00")
            assert rig.scale.requests[-1] == b"SI\r\n"

            # F4 with nothing typed weighs the selected line again; a moving scale keeps it.
            rig.scale._answers.append(MOVING)
            await pilot.press("f4")
            await until(pilot, lambda: "not steady" in message(app), "the second moving reading")
            assert rows(app)[0][3] == "0.250 kg"

    asyncio.run(scenario())


def test_serial_scanner_codes_become_lines_and_a_pulled_cable_is_said_once(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(SaleScreen, "say", recorded(SaleScreen.say, said))

    async def scenario() -> None:
        app = till_app(rig.agent, "T2")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            pid = rig.agent.process.pid  # type: ignore[union-attr]
            await until(pilot, lambda: holds_open(pid, rig.scanner.device), "the agent's reader")
            with serial.Serial(str(rig.scanner.far)) as far:
                far.write(f"{COLA_BARCODE}\r\n".encode())
                await until(pilot, lambda: rows(app) and not busy(app), "the scanned cola")
            assert rows(app) == [["1", "COLA", "Cola 330ml", "1", "3.50", "3.50"]]

            rig.scanner.kill()  # the scanner's cable is pulled mid-shift
            await until(pilot, lambda: "went away" in message(app), "the scanner's problem")
            assert message(app).startswith("the serial scanner of till T2 went away (")
            assert message(app).endswith("scanning by keyboard still works")
            await scan(pilot, app, CHIPS_BARCODE)  # the keyboard carries on
            assert [r[1] for r in rows(app)] == ["COLA", "CHIPS"]
            assert sum("went away" in s for s in said) == 1

    asyncio.run(scenario())


def test_a_missing_scanner_is_said_once_per_change_not_on_every_retry(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(till_app_module, "SCANNER_RETRY_S", 0.05)
    said: list[str] = []
    heard: list[str] = []
    monkeypatch.setattr(SaleScreen, "say", recorded(SaleScreen.say, said))
    monkeypatch.setattr(TillApp, "_scanner_state", recorded(TillApp._scanner_state, heard))

    async def scenario() -> None:
        app = till_app(rig.agent, "T3")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await until(pilot, lambda: "cannot be opened" in message(app), "the missing scanner")
            # The agent restarts: the screen's feed reconnects and hears the same problem again.
            stop_agent(rig.agent)
            serve(rig.agent)
            await until(pilot, lambda: len(heard) >= 2, "the problem heard again", 20)
            await scan(pilot, app, COLA_BARCODE)
            assert heard[0] == heard[1] and "cannot be opened" in heard[0]
            assert sum("cannot be opened" in s for s in said) == 1, said

    asyncio.run(scenario())


def recorded(method: Callable[..., None], into: list[str]) -> Callable[..., None]:
    """The method, noting its first argument (a sentence) in `into` on every call."""

    def wrapper(self: object, text: str, *args: object) -> None:
        into.append(text)
        method(self, text, *args)

    return wrapper
