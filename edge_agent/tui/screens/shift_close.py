"""Closing the shift: a blind count by denomination, then over/short and the Z report.

The expected cash is never shown before the count (a blind close); the agent
computes over/short from the count and shows it after.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Static

from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar


def count_result(event: ledger_pb2.ShiftEvent, currency: str) -> str:
    """counted, expected and OVER/SHORT, shown only after the blind count."""
    if event.over_short_minor == 0:
        verdict = _("the drawer is exact")
    elif event.over_short_minor > 0:
        verdict = _("OVER by {amount}").format(
            amount=display_amount(event.over_short_minor, currency)
        )
    else:
        verdict = _("SHORT by {amount}").format(
            amount=display_amount(-event.over_short_minor, currency)
        )
    return _("counted {counted}   expected {expected}   {verdict}").format(
        counted=display_amount(event.counted_minor, currency),
        expected=display_amount(event.expected_cash_minor, currency),
        verdict=verdict,
    )


class ShiftCloseScreen(TillScreen):
    HEADING = N_("Close the shift: count the drawer")

    MESSAGE_ID = "close-message"
    BINDINGS = [
        Binding("f10", "close_shift", N_("Close shift")),
        Binding("f9", "z_report", N_("Z report")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def compose(self) -> ComposeResult:
        cur = self.till.currency
        yield StatusBar()
        with Vertical(classes="panel"):
            yield Label(_(self.HEADING), classes="dialog-title")
            yield Label(_("How many of each note and coin? Enter moves on"), classes="hint")
            with Grid(classes="counts"):
                for denom in self.till.denominations:
                    yield Label(display_amount(denom, cur), classes="denomination")
                    yield Input(placeholder="0", id=f"count-{denom}", restrict=r"\d*", compact=True)
            yield from self.more_fields()
            yield Static("", id="close-result")
        yield Label("", id="close-message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        first = self.till.denominations[0] if self.till.denominations else None
        if first is not None:
            self.query_one(f"#count-{first}", Input).focus()

    def more_fields(self) -> ComposeResult:
        yield from ()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        denoms = self.till.denominations
        current = int((event.input.id or "count-0").removeprefix("count-"))
        index = denoms.index(current)
        if index + 1 < len(denoms):
            self.query_one(f"#count-{denoms[index + 1]}", Input).focus()
        else:
            self.action_close_shift()

    def counted(self) -> list[ledger_pb2.DenominationCount]:
        counts = []
        for denom in self.till.denominations:
            text = self.query_one(f"#count-{denom}", Input).value.strip() or "0"
            if int(text):
                counts.append(
                    ledger_pb2.DenominationCount(denomination_minor=denom, count=int(text))
                )
        return counts

    @work(exclusive=True)
    async def action_close_shift(self) -> None:
        till = self.till
        if self.closed:
            self.say(_("the shift is closed; F9 runs the Z report, Esc logs out"), "info")
            return
        try:
            reply = await till.client.call(
                "CloseShift",
                till_pb2.CloseShiftRequest(
                    till_id=till.till_id, cashier=till.cashier, counted=self.counted()
                ),
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.closed = True
        till.shift = None
        till.paint_status()
        self.query_one("#close-result", Static).update(count_result(reply.event, till.currency))
        for field in self.query(Input):
            field.disabled = True
        closed = _("shift closed; F9 runs the Z report, Esc logs out")
        note = reply.print.warning
        if note:
            self.say(_("{note}. {problem}").format(note=closed, problem=note), "warning")
        else:
            self.say(closed, "info")

    @work(exclusive=True)
    async def action_z_report(self) -> None:
        till = self.till
        try:
            reply = await till.client.call(
                "ZReport", till_pb2.ReportRequest(till_id=till.till_id, cashier=till.cashier)
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        report = reply.report
        if reply.print.warning:
            self.say(reply.print.warning)
        title = _("Z report {number}").format(number=report.number)
        await self.app.push_screen_wait(TextModal(title, report.text))

    def action_back(self) -> None:
        from edge_agent.tui.screens.login import LoginScreen

        if self.closed:
            self.app.switch_screen(LoginScreen())
        else:
            self.dismiss(None)
