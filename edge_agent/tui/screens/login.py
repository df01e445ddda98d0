"""Who is at the till: till id, staff code and PIN (a sign-in at the agent: every action the
screen takes runs as this person); opens a shift with a float when none is open."""

from __future__ import annotations

import grpc
from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label

from common.errors import InvalidInput
from common.i18n import _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.amounts import parse_amount
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar


class LoginScreen(TillScreen):
    MESSAGE_ID = "login-message"

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(classes="panel"):
            yield Label(_("Log in to the till"), classes="dialog-title")
            with Grid(classes="form"):
                yield Label(_("Till"), classes="form-label")
                yield Input(value=self.till.till_id, id="till", compact=True)
                yield Label(_("Cashier"), classes="form-label")
                yield Input(value=self.till.cashier, id="cashier", compact=True)
                yield Label(_("PIN"), classes="form-label")
                yield Input(password=True, id="pin", compact=True)
                yield Label(_("Opening float"), id="float-label", classes="form-label")
                yield Input(placeholder=_("e.g. 200.00"), id="float", compact=True)
            yield Label(
                _("Enter moves to the next field and logs in"), id="login-hint", classes="hint"
            )
        yield Label("", id="login-message", classes="error")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#float-label").display = False
        self.query_one("#float").display = False
        self.query_one("#cashier" if self.till.till_id else "#till", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "till":
            self.query_one("#cashier", Input).focus()
        elif event.input.id == "cashier":
            self.query_one("#pin", Input).focus()
        elif event.input.id == "pin":
            self._log_in()
        else:
            self._open_shift(event.value)

    @work(exclusive=True)
    async def _log_in(self) -> None:
        app = self.till
        till_id = self.query_one("#till", Input).value.strip()
        cashier = self.query_one("#cashier", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        pin, pin_input.value = pin_input.value, ""  # never kept on the screen
        if not till_id or not cashier:
            self.say(_("type the till id and your name"))
            return
        try:
            await app.client.call(
                "SignIn", till_pb2.SignInRequest(till_id=till_id, staff_code=cashier, pin=pin)
            )
        except Refusal as refusal:
            self.say(str(refusal))
            pin_input.focus()
            return
        app.till_id, app.cashier = till_id, cashier
        try:
            shift = await app.client.call("GetShift", till_pb2.GetShiftRequest(till_id=till_id))
        except Refusal as refusal:
            if refusal.code != grpc.StatusCode.NOT_FOUND:
                self.say(str(refusal))
                return
            shift = till_pb2.ShiftState(open=False)
        app.paint_status()
        if shift.open:
            app.shift = shift
            self._to_sale(
                ""
                if shift.cashier == cashier
                else _("shift {shift} was opened by {cashier}").format(
                    shift=shift.shift_id[:8], cashier=shift.cashier
                )
            )
            return
        self.query_one("#float-label").display = True
        float_input = self.query_one("#float", Input)
        float_input.display = True
        float_input.focus()
        self.query_one("#login-hint", Label).update(
            _("No shift is open on this till: type the opening float and Enter")
        )
        self.say("")

    @work(exclusive=True)
    async def _open_shift(self, text: str) -> None:
        app = self.till
        try:
            float_minor = parse_amount(text, app.currency)
            shift = await app.client.call(
                "OpenShift",
                till_pb2.OpenShiftRequest(
                    till_id=app.till_id,
                    cashier=app.cashier,
                    float_minor=float_minor,
                ),
            )
        except (Refusal, InvalidInput) as refusal:
            self.say(str(refusal))
            return
        app.shift = shift
        self._to_sale(
            _("shift opened with a float of {amount}").format(
                amount=display_amount(shift.float_minor, app.currency)
            )
        )

    def _to_sale(self, note: str) -> None:
        from edge_agent.tui.screens.sale import SaleScreen

        self.till.start_scanner_feed()
        self.app.switch_screen(SaleScreen(note))
