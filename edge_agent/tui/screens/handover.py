"""Handing the till over to the next cashier: the same blind count as a close, then the next
cashier's name. The agent closes this shift and opens theirs with the counted cash as its
float; the sale screen carries on with the new cashier and shift."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label

from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.amounts import money
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.shift_close import ShiftCloseScreen, count_result


class HandoverScreen(ShiftCloseScreen):
    HEADING = "Hand over the till: count the drawer, then the next cashier's name"
    BINDINGS = [
        Binding("f10", "close_shift", "Hand over"),
        Binding("escape", "back", "Back"),
    ]

    def more_fields(self) -> ComposeResult:
        yield Label("Next cashier (Enter hands over)")
        yield Input(placeholder="name", id="next-cashier")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """The name after the last count; other counts go on as in a close (the base handler,
        which Textual calls after this one unless the default is prevented)."""
        if event.input.id == "next-cashier":
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
            self.say("type the next cashier's name")
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
        previous, cur = till.cashier, till.currency
        till.cashier, till.shift = next_cashier, reply.next_shift
        till.paint_status()
        note = (
            f"{previous} handed over: {count_result(reply.event, cur)}. {next_cashier}'s shift "
            f"is open with {money(reply.next_shift.float_minor, cur)} in the drawer"
        )
        if reply.print.warning:
            note += f". {reply.print.warning}"
        self.dismiss(None)
        for screen in self.app.screen_stack:
            if isinstance(screen, SaleScreen):
                screen.say(note, "warning" if reply.print.warning else "info")

    def action_z_report(self) -> None:
        self.say("the Z report is for the end of the day: close the shift (F12 → c) first")
