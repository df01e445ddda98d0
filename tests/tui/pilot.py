"""Driving the till screen with Textual's pilot: log in, type codes, read what is on screen."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import WorkerState

from edge_agent.tui.app import TillApp
from edge_agent.tui.screens.sale import SaleScreen
from tests.tui.agent import MANAGER
from tests.tui.conftest import until


def busy(app: TillApp, node: object = None) -> bool:
    """Is any worker (of `node`, if given) still pending or running?"""
    return any(
        w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for w in app.workers
        if node is None or w.node is node
    )


def text(app: TillApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def message(app: TillApp) -> str:
    return str(app.screen.query_one("#message", Label).content)


def rows(app: TillApp, selector: str = "#lines") -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def log_in(pilot: Pilot, app: TillApp, float_text: str = "200") -> SaleScreen:
    """From the login screen to the sale screen, opening a shift with a float if needed."""
    await until(pilot, lambda: app.screen.query("#cashier"), "the login screen")
    app.screen.query_one("#cashier").focus()
    await pilot.press("enter")
    await until(
        pilot,
        lambda: isinstance(app.screen, SaleScreen) or app.screen.query_one("#float").display,
        "the shift check",
    )
    if not isinstance(app.screen, SaleScreen):
        await type_text(pilot, float_text)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SaleScreen), "the sale screen")
    assert isinstance(app.screen, SaleScreen)
    return app.screen


async def type_text(pilot: Pilot, value: str) -> None:
    await pilot.press(*value)


async def scan(pilot: Pilot, app: TillApp, code: str) -> None:
    """Type a code and Enter, as a keyboard-wedge scanner does; wait until the agent answered."""
    screen = app.screen
    assert isinstance(screen, SaleScreen)
    before = (len(screen.cart.lines), [line.qty_base for line in screen.cart.lines], message(app))
    await type_text(pilot, code)
    await pilot.press("enter")
    await until(
        pilot,
        lambda: (
            (
                len(screen.cart.lines),
                [line.qty_base for line in screen.cart.lines],
                message(app),
            )
            != before
            and not busy(app)
        ),
        f"the scan of {code}",
    )


async def approve(pilot, app, pin: str) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: app.screen.query("#pin"), "the manager PIN modal")
    manager = app.screen.query_one("#manager", Input)
    manager.focus()
    if not manager.value:
        await type_text(pilot, MANAGER)
    await pilot.press("enter")
    await type_text(pilot, pin)
    modal = app.screen
    await pilot.press("enter")
    await until(pilot, lambda: not busy(app, modal), "the approval")


async def pay_exact(pilot, app) -> int:  # type: ignore[no-untyped-def]
    await pilot.press("f10")
    await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
    await pilot.press("enter")
    await until(pilot, lambda: "paid" in message(app), "the sale to be paid")
    return app.last_sale_no
