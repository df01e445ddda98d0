"""The till app: who is at the till, the status bar's refresh, the serial scanner feed.

Started by `pos` with no subcommand:
  pos --data-dir E          (till id from STORELEDGER_TILL_ID, cashier from STORELEDGER_CASHIER;
                             both can be changed on the login screen)
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
from textual.app import App

from common.pb.storeledger.v1 import till_pb2
from edge_agent.config import load_edge_config
from edge_agent.tui.client import Refusal, TillClient
from edge_agent.tui.widgets.status_bar import STATUS_EVERY_S, StatusBar

TILL_ENV = "STORELEDGER_TILL_ID"
CASHIER_ENV = "STORELEDGER_CASHIER"
SCANNER_RETRY_S = 3.0

CSS = """
StatusBar { dock: top; height: 1; background: $primary; color: $text; }
StatusBar.offline { background: $warning; color: $text; }
.dialog { width: 60; height: auto; border: thick $accent; padding: 1 2; background: $surface; }
.dialog.wide { width: 90; }
ModalScreen { align: center middle; }
.dialog-title { text-style: bold; margin-bottom: 1; }
.error { color: $error; text-style: bold; }
.warning { color: $warning; text-style: bold; }
.info { color: $success; }
.hint { color: $text-muted; }
.report { height: auto; max-height: 30; overflow-y: auto; }
#search-results { height: 12; }
#lines, #return-lines { height: 1fr; }
#total { width: 32; content-align: right middle; text-style: bold; }
#message, #return-message, #pay-message, #close-message, #login-message { height: 2; }
#entry { height: 3; }
#code { width: 1fr; }
.panel { padding: 1 2; }
.counts { grid-size: 4; grid-columns: 12 14 12 14; grid-rows: 3; height: auto; }
.denomination { padding: 1 1; width: 100%; content-align: right middle; }
#close-result { margin-top: 1; text-style: bold; }
"""


class TillApp(App[None]):
    """One till (till id + cashier) against the store's edge agent."""

    CSS = CSS
    TITLE = "StoreLedger till"

    def __init__(self, data_dir: Path, till_id: str = "T1", cashier: str = "") -> None:
        super().__init__()
        self.data_dir = data_dir
        self.client = TillClient(data_dir)
        self.till_id = till_id
        self.cashier = cashier
        config = load_edge_config(data_dir)
        self.approvals: dict[str, Any] = config["approvals"]
        self.denominations = [
            int(d) for d in str(config["till"]["denominations_minor"]).split(",") if d.strip()
        ]
        self.currency = config["store"]["currency"] or "CNY"
        self.shift: till_pb2.ShiftState | None = None
        self.status: till_pb2.TillStatusReply | None = None
        self.status_problem = ""
        self.last_sale_no = 0
        self._scanner_task: asyncio.Task[None] | None = None
        self._scanner_till = ""
        self.scanner_problem = ""  # the last one said; '' while the scanner works

    def needs_approval(self, action: str) -> bool:
        return bool(self.approvals.get(action, False))

    async def on_mount(self) -> None:
        from edge_agent.tui.screens.login import LoginScreen

        self.client.open()
        await self.refresh_status()
        self.set_interval(STATUS_EVERY_S, self.refresh_status)
        self.push_screen(LoginScreen())

    async def on_unmount(self) -> None:
        if self._scanner_task is not None:
            self._scanner_task.cancel()
        await self.client.close()

    async def refresh_status(self) -> None:
        try:
            self.status = await self.client.status()
            self.status_problem = ""
        except Refusal as refusal:
            self.status_problem = str(refusal)
        self.paint_status()

    def paint_status(self) -> None:
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                self.paint(bar)

    def paint(self, bar: StatusBar) -> None:
        bar.till_id = self.till_id
        bar.cashier = self.cashier
        shift = self.shift
        bar.shift = f"{shift.shift_id[:8]} open" if shift is not None and shift.open else "none"
        if self.status is not None:
            bar.store = self.status.store_code
            bar.online = self.status.connected
            bar.backlog = self.status.backlog_entries
        bar.agent_problem = "agent not answering" if self.status_problem else ""

    def start_scanner_feed(self) -> None:
        """Follow the till's serial scanner (if the agent has one configured) for this till."""
        if self._scanner_task is not None and self._scanner_till == self.till_id:
            return
        if self._scanner_task is not None:
            self._scanner_task.cancel()  # logged in at another till: follow that one's scanner
        self._scanner_till, self.scanner_problem = self.till_id, ""
        self._scanner_task = asyncio.create_task(self._follow_scanner(self.till_id))

    async def _follow_scanner(self, till_id: str) -> None:
        while True:
            try:
                async for event in self.client.watch_scans(till_id):
                    if event.problem:
                        self._scanner_state(event.problem)
                    elif event.code:
                        self._scanner_state("")
                        self._deliver(lambda screen, code=event.code: screen.scan_from_device(code))
            except Refusal as refusal:
                if refusal.code in (grpc.StatusCode.UNIMPLEMENTED, grpc.StatusCode.NOT_FOUND):
                    return  # no serial scanner here: the keyboard wedge still works
                if refusal.code != grpc.StatusCode.UNAVAILABLE:
                    self._scanner_state(f"serial scanner: {refusal}")
            await asyncio.sleep(SCANNER_RETRY_S)  # reconnect after the agent restarts

    def _scanner_state(self, problem: str) -> None:
        """Say a scanner problem once when it starts (or changes), not on every retry."""
        if problem == self.scanner_problem:
            return
        self.scanner_problem = problem
        self._deliver(lambda screen: screen.scanner_problem(problem))

    def _deliver(self, to_sale_screen: Callable[[Any], None]) -> None:
        from edge_agent.tui.screens.sale import SaleScreen

        for screen in self.screen_stack:
            if isinstance(screen, SaleScreen) and screen.is_mounted:
                to_sale_screen(screen)


def run_till(data_dir: Path, till_id: str | None = None, cashier: str | None = None) -> int:
    """Run the till screen until the cashier quits (F12 → q, or Ctrl+Q)."""
    app = TillApp(
        data_dir,
        till_id or os.environ.get(TILL_ENV, "T1"),
        cashier or os.environ.get(CASHIER_ENV, ""),
    )
    app.run()
    return 0
