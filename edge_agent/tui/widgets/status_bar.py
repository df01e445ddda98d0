"""The line at the top of every screen: store, till, cashier, shift, online/offline, backlog."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

STATUS_EVERY_S = 1.5


class StatusBar(Static):
    """Renders the app's till state; the app refreshes it from GetStatus every STATUS_EVERY_S."""

    store = reactive("")
    till_id = reactive("")
    cashier = reactive("")
    shift = reactive("no shift")
    online = reactive(False)
    backlog = reactive(0)
    agent_problem = reactive("")

    def render(self) -> str:
        if self.agent_problem:
            link = "AGENT DOWN"
        elif self.online:
            link = "online"
        else:
            link = "OFFLINE"
        waiting = f"{self.backlog} to sync" if not self.agent_problem else self.agent_problem
        return (
            f" Store {self.store or '?'} │ Till {self.till_id} │ Cashier {self.cashier or '-'} │ "
            f"Shift {self.shift} │ {link} │ {waiting}"
        )

    def watch_online(self, online: bool) -> None:
        self.set_class(not online, "offline")
