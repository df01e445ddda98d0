"""The manager's PIN: Approve one action with its exact details; wrong PINs stay in the modal.

The details are the agent's binding text (e.g. "SKU CHIPS price 600") and are shown as
they are, so the manager approves exactly what the agent will check; the action's name
is translated.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from common.i18n import N_, _
from edge_agent.tui.client import Refusal, TillClient
from edge_agent.tui.plain import plain

# What the manager is asked to approve, by the agent's action name.
ACTIONS = {
    "void_line": N_("void line"),
    "void_sale": N_("void sale"),
    "price_override": N_("price override"),
    "line_discount": N_("line discount"),
    "return": N_("return"),
    "return_without_receipt": N_("return without receipt"),
    "no_sale": N_("no sale"),
    "cash_out": N_("cash out"),
}


def action_name(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action.replace("_", " ")


class ApprovalModal(ModalScreen[str | None]):
    """Returns the approval id, or None if the cashier gave up (Escape)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self, client: TillClient, till_id: str, cashier: str, action: str, details: str
    ) -> None:
        super().__init__()
        self._client, self._till_id, self._cashier = client, till_id, cashier
        self.action, self.details = action, details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Manager approval"), classes="dialog-title")
            what = _("{action}: {details}").format(
                action=action_name(self.action), details=self.details
            )
            yield Label(plain(what), id="approval-what")
            with Grid(classes="form"):
                yield Label(_("Manager"), classes="form-label")
                yield Input(id="manager", placeholder=_("manager name"), compact=True)
                yield Label(_("PIN"), classes="form-label")
                yield Input(id="pin", password=True, placeholder=_("PIN"), compact=True)
            yield Label(_("Enter approves, Esc cancels"), classes="hint")
            yield Label("", id="approval-message", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "manager":
            self.query_one("#pin", Input).focus()
            return
        self._approve()

    @work(exclusive=True)
    async def _approve(self) -> None:
        manager = self.query_one("#manager", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        pin, pin_input.value = pin_input.value, ""  # the PIN never stays on screen
        message = self.query_one("#approval-message", Label)
        if not manager:
            message.update(_("type the manager's name first"))
            self.query_one("#manager", Input).focus()
            return
        try:
            reply = await self._client.approve(
                self._till_id, self._cashier, manager, pin, self.action, self.details
            )
        except Refusal as refusal:
            message.update(plain(str(refusal)))
            pin_input.focus()
            return
        self.dismiss(reply.approval_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
