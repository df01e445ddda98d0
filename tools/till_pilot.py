"""Driving the till screen with Textual's pilot: log in, type codes, read what is on screen.

Shared by the pilot tests (tests/tui) and the docs screenshots (tools/till_screenshots.py).
screen_lines() reads the screen as a cashier sees it (the compositor's cells), which the
layout tests measure in display columns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import WorkerState

from edge_agent.tui.app import TillApp
from edge_agent.tui.screens.sale import SaleScreen
from edge_agent.tui.widgets.big_amount import BigAmount
from tools.till_rig import CASHIER_PIN, MANAGER


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout_s: float = 10.0
) -> Any:
    """Let the app run until condition() holds; fail naming `what` after a bounded deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await pilot.pause(0.02)


def busy(app: TillApp, node: object = None) -> bool:
    """Is any worker (of `node`, if given) still pending or running?"""
    return any(
        w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for w in app.workers
        if node is None or w.node is node
    )


def text(app: TillApp, selector: str) -> str:
    """What a label says; a big amount as one line ('TOTAL ¥27.50')."""
    widget = app.screen.query_one(selector)
    if isinstance(widget, BigAmount):
        return widget.plain
    assert isinstance(widget, Static)
    return str(widget.content)


def message(app: TillApp) -> str:
    return str(app.screen.query_one("#message", Label).content)


def rows(app: TillApp, selector: str = "#lines") -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def screen_lines(app: TillApp) -> list[str]:
    """The screen as text, one string per row (modals drawn over what is behind them)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def log_in(
    pilot: Pilot[Any], app: TillApp, float_text: str = "200", pin: str = CASHIER_PIN
) -> SaleScreen:
    """From the login screen (signing in with the PIN) to the sale screen, opening a shift
    with a float if needed."""
    await until(pilot, lambda: app.screen.query("#cashier"), "the login screen")
    app.screen.query_one("#cashier").focus()
    await pilot.press("enter")
    await type_text(pilot, pin)
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
    # Type nothing before the entry has focus: a key before it would be lost (the sign-in's
    # PIN check delays the switch to the sale screen).
    await until(
        pilot,
        lambda: getattr(app.screen.focused, "id", "") == "code",
        "the sale screen's entry to have focus",
    )
    return app.screen


async def type_text(pilot: Pilot[Any], value: str) -> None:
    await pilot.press(*value)


async def scan(pilot: Pilot[Any], app: TillApp, code: str) -> None:
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


async def approve(pilot: Pilot[Any], app: TillApp, pin: str, manager: str = MANAGER) -> None:
    await until(pilot, lambda: app.screen.query("#pin"), "the manager PIN modal")
    manager_input = app.screen.query_one("#manager", Input)
    manager_input.focus()
    if not manager_input.value:
        await type_text(pilot, manager)
    await pilot.press("enter")
    await type_text(pilot, pin)
    modal = app.screen
    await pilot.press("enter")
    await until(pilot, lambda: not busy(app, modal), "the approval")


async def pay_exact(pilot: Pilot[Any], app: TillApp) -> int:
    """F10, then Enter on the empty amount (exact cash); the sale number once it is paid."""
    before = app.last_sale_no
    await pilot.press("f10")
    await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
    await pilot.press("enter")
    await until(
        pilot,
        lambda: app.last_sale_no != before and isinstance(app.screen, SaleScreen),
        "the sale to be paid",
    )
    return app.last_sale_no
