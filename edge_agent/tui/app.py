"""The till app: who is at the till, the status bar's refresh, the serial scanner feed.

Started by `pos` with no subcommand:
  pos --data-dir E          (till id from STORELEDGER_TILL_ID, cashier from STORELEDGER_CASHIER;
                             both can be changed on the login screen)

The screen speaks the store's language ([store] language in E/edge.toml, or
STORELEDGER_EDGE_STORE_LANGUAGE, else the locale's) and asks the agent to answer in it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc
from textual.app import App

from common.i18n import _, choose_language, set_default_language, use_language
from common.pb.storeledger.v1 import till_pb2
from edge_agent.config import load_edge_config, store_language
from edge_agent.tui.client import Refusal, TillClient
from edge_agent.tui.widgets.status_bar import STATUS_EVERY_S, StatusBar

TILL_ENV = "STORELEDGER_TILL_ID"
CASHIER_ENV = "STORELEDGER_CASHIER"
SCANNER_RETRY_S = 3.0
QUICK_CASH_KEYS = 3  # F5, F6, F7 on the payment screen

CSS = """
Label { max-width: 100%; }
StatusBar { dock: top; height: auto; background: $primary; color: $text; }
StatusBar.offline { background: $warning; color: $text; }
ModalScreen { align: center middle; }
.dialog {
    width: 64; max-width: 100%; height: auto; max-height: 100%;
    border: thick $accent; padding: 1 2; background: $surface;
}
.dialog.wide { width: 96; }
.dialog-title { text-style: bold; margin-bottom: 1; }
.error { color: $error; text-style: bold; }
.warning { color: $warning; text-style: bold; }
.info { color: $success; }
.hint { color: $text-muted; }
.report { height: auto; max-height: 70vh; }
#search-results { height: auto; max-height: 12; }
#lines, #return-lines { height: 1fr; }
#message, #return-message, #pay-message, #close-message, #login-message {
    height: auto; min-height: 2; margin: 0 1;
}
#entry { height: 3; }
#code { width: 1fr; }
#total, #return-total { margin-left: 2; }
.panel { padding: 0 1; height: auto; }
.panel.fill { height: 1fr; }
.form { grid-size: 2; grid-columns: auto 1fr; grid-rows: 1; grid-gutter: 1 2; height: auto; }
.counts { grid-size: 4; grid-columns: auto 10 auto 10; grid-rows: 1; grid-gutter: 1 3; height: auto; }
.form-label, .denomination { width: auto; }
.denomination { width: 100%; content-align: right middle; }
Input.-textual-compact { background: $boost; }
Input.-textual-compact:focus { background: $primary 40%; }
#amounts { height: 3; margin-bottom: 1; }
#pay-due { margin-left: 4; }
#tenders { height: auto; max-height: 6; }
#close-result { margin-top: 1; text-style: bold; height: auto; }
.next-cashier { margin-top: 1; }
"""


def _amounts(listed: object) -> list[int]:
    """'10000,5000, 2000' (minor units) -> [10000, 5000, 2000]."""
    return [int(part) for part in str(listed).split(",") if part.strip()]


class TillApp(App[None]):
    """One till (till id + cashier) against the store's edge agent, in the store's language."""

    CSS = CSS
    # A cashier has no use for Textual's command palette (and its key took footer space).
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self, data_dir: Path, till_id: str = "T1", cashier: str = "", language: str = ""
    ) -> None:
        """language: zh_CN or en; '' takes the store's ([store] language, else the locale's)."""
        super().__init__()
        self.data_dir = data_dir
        self.client = TillClient(data_dir)
        self.till_id = till_id
        self.cashier = cashier
        config = load_edge_config(data_dir)
        self.language = choose_language(language) if language else store_language(config)
        with use_language(self.language):
            self.title = _("StoreLedger till")
        self.approvals: dict[str, Any] = config["approvals"]
        self.denominations = _amounts(config["till"]["denominations_minor"])
        self.quick_cash = _amounts(config["till"]["quick_cash_minor"])[:QUICK_CASH_KEYS]
        self.currency = config["store"]["currency"] or "CNY"
        self.shift: till_pb2.ShiftState | None = None
        self.status: till_pb2.TillStatusReply | None = None
        self.status_problem = ""
        self.last_sale_no = 0
        self._scanner_task: asyncio.Task[None] | None = None
        self._scanner_till = ""
        self.scanner_problem = ""  # the last one said; '' while the scanner works

    @contextmanager
    def _context(self) -> Iterator[None]:
        """Textual enters App._context() around everything the app runs (its message loop,
        workers, the test pilot), and the tasks it starts inherit it: the till's language
        rides along, so every _() on a screen answers in it, even with two apps in one
        process (the layout tests run both languages)."""
        with use_language(self.language), super()._context():
            yield

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
        bar.shift = shift.shift_id[:8] if shift is not None and shift.open else ""
        if self.status is not None:
            bar.store = self.status.store_code
            bar.online = self.status.connected
            bar.refused = self.status.refused_since_ms > 0
            bar.disk_full = self.status.ledger_unwritable_since_ms > 0
            bar.backlog = self.status.backlog_count
        bar.agent_problem = _("agent not answering") if self.status_problem else ""

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
                    self._scanner_state(_("serial scanner: {problem}").format(problem=refusal))
            await asyncio.sleep(SCANNER_RETRY_S)  # reconnect after the agent restarts

    def _scanner_state(self, problem: str) -> None:
        """Say a scanner problem once when it starts (or changes), not on every retry."""
        if problem == self.scanner_problem:
            return
        self.scanner_problem = problem
        self._deliver(lambda screen: screen.scanner_problem(problem))

    def _deliver(self, to_screen: Callable[[Any], None]) -> None:
        """To the count screen while one is open (a scan counts, never sells), else to the
        sale screen."""
        from edge_agent.tui.screens.count import CountScreen
        from edge_agent.tui.screens.sale import SaleScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CountScreen | SaleScreen) and screen.is_mounted:
                to_screen(screen)
                return


def run_till(data_dir: Path, till_id: str | None = None, cashier: str | None = None) -> int:
    """Run the till screen until the cashier quits (F12 → q, or Ctrl+Q)."""
    app = TillApp(
        data_dir,
        till_id or os.environ.get(TILL_ENV, "T1"),
        cashier or os.environ.get(CASHIER_ENV, ""),
    )
    set_default_language(app.language)  # anything outside the app's context speaks it too
    app.run()
    return 0
