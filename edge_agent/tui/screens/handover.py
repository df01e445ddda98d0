"""Handing the till over to the next cashier: the same blind count as a close, then the next
cashier's name and PIN. The agent closes this shift and opens theirs with the counted cash as
its float, then signs the next cashier in at the till (their PIN checked there); the sale
screen carries on with the new cashier and shift. A wrong PIN leaves their shift open and
the login screen asking for it."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Input, Label

from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.shift_close import ShiftCloseScreen, count_result


class HandoverScreen(ShiftCloseScreen):
    HEADING = N_("Hand over the till: count the drawer, then the next cashier's name")
    BINDINGS = [
        Binding("f10", "close_shift", N_("Hand over")),
        Binding("escape", "back", N_("Back")),
    ]

    def more_fields(self) -> ComposeResult:
        with Grid(classes="form next-cashier"):
            yield Label(_("Next cashier"), classes="form-label")
            yield Input(placeholder=_("name; Enter hands over"), id="next-cashier", compact=True)
            yield Label(_("PIN"), classes="form-label")
            yield Input(password=True, id="next-pin", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """The name after the last count; other counts go on as in a close (the base handler,
        which Textual calls after this one unless the default is prevented)."""
        if event.input.id == "next-cashier":
            event.stop()
            event.prevent_default()
            if event.value.strip():
                self.query_one("#next-pin", Input).focus()
            else:
                self.action_close_shift()  # says the name is missing
        elif event.input.id == "next-pin":
            event.stop()
            event.prevent_default()
            self.action_close_shift()
        elif event.input.id == f"count-{self.till.denominations[-1]}":
            event.stop()
            event.prevent_default()
            self.query_one("#next-cashier", Input).focus()

    @work(exclusive=True)
    async def action_close_shift(self) -> None:
        from edge_agent.tui.screens.sale import SaleScreen

        till = self.till
        next_cashier = self.query_one("#next-cashier", Input).value.strip()
        if not next_cashier:
            self.say(_("type the next cashier's name"))
            self.query_one("#next-cashier", Input).focus()
            return
        try:
            reply = await till.client.call(
                "Handover",
                till_pb2.HandoverRequest(
                    till_id=till.till_id,
                    cashier=till.cashier,
                    next_cashier=next_cashier,
                    counted=self.counted(),
                ),
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        pin_input = self.query_one("#next-pin", Input)
        pin, pin_input.value = pin_input.value, ""
        try:
            await till.client.call(
                "SignIn",
                till_pb2.SignInRequest(till_id=till.till_id, staff_code=next_cashier, pin=pin),
            )
        except Refusal as refusal:
            from edge_agent.tui.screens.login import LoginScreen

            till.cashier = next_cashier
            self.app.switch_screen(LoginScreen())
            self.app.notify(str(refusal), severity="error")
            return
        previous, cur = till.cashier, till.currency
        till.cashier, till.shift = next_cashier, reply.next_shift
        till.paint_status()
        note = _(
            "{previous} handed over: {count}. {next}'s shift is open with {amount} in the drawer"
        ).format(
            previous=previous,
            count=count_result(reply.event, cur),
            next=next_cashier,
            amount=display_amount(reply.next_shift.float_minor, cur),
        )
        if reply.print.warning:
            note = _("{note}. {problem}").format(note=note, problem=reply.print.warning)
        self.dismiss(None)
        for screen in self.app.screen_stack:
            if isinstance(screen, SaleScreen):
                screen.say(note, "warning" if reply.print.warning else "info")

    def action_z_report(self) -> None:
        self.say(_("the Z report is for the end of the day: close the shift (F12 → c) first"))
