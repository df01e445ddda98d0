"""The manager's PIN: Approve one action with its exact details; wrong PINs stay in the modal."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from edge_agent.tui.client import Refusal, TillClient


class ApprovalModal(ModalScreen[str | None]):
    """Returns the approval id, or None if the cashier gave up (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, client: TillClient, till_id: str, cashier: str, action: str, details: str
    ) -> None:
        super().__init__()
        self._client, self._till_id, self._cashier = client, till_id, cashier
        self.action, self.details = action, details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Manager approval", classes="dialog-title")
            yield Label(f"{self.action.replace('_', ' ')}: {self.details}", id="approval-what")
            yield Label("Manager")
            yield Input(id="manager", placeholder="manager name")
            yield Label("PIN")
            yield Input(id="pin", password=True, placeholder="PIN")
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
            message.update("type the manager's name first")
            self.query_one("#manager", Input).focus()
            return
        try:
            reply = await self._client.approve(
                self._till_id, self._cashier, manager, pin, self.action, self.details
            )
        except Refusal as refusal:
            message.update(str(refusal))
            pin_input.focus()
            return
        self.dismiss(reply.approval_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
