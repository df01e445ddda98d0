"""The line at the top of every screen: store, till, cashier, shift, online/offline (or head
office refusing the journal), backlog.

In the till's language; when the parts do not fit the width (a long cashier name,
Chinese at 80 columns) they wrap onto a second line at a separator instead of being cut.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from common.i18n import _
from common.text_safety import printable
from edge_agent.tui.widgets.packing import pack

STATUS_EVERY_S = 1.5
SEPARATOR = " │ "


class StatusBar(Widget):
    """Renders the app's till state; the app refreshes it from GetStatus every STATUS_EVERY_S."""

    DEFAULT_CSS = "StatusBar { width: 100%; padding: 0 1; }"

    store = reactive("", layout=True)
    till_id = reactive("", layout=True)
    cashier = reactive("", layout=True)
    shift = reactive("", layout=True)  # '' while no shift is open
    online = reactive(False, layout=True)
    refused = reactive(False, layout=True)  # head office refuses the journal (pos status: why)
    backlog = reactive(0, layout=True)
    agent_problem = reactive("", layout=True)
    disk_full = reactive(False, layout=True)  # the ledger's disk refuses writes: sales refused

    def parts(self) -> list[str]:
        if self.agent_problem:
            link = _("AGENT DOWN")
        elif self.refused:
            link = _("SYNC REFUSED")
        elif self.online:
            link = _("online")
        else:
            link = _("OFFLINE")
        waiting = (
            _("{count} to sync").format(count=self.backlog)
            if not self.agent_problem
            else self.agent_problem
        )
        parts = [
            _("Store {store}").format(store=self.store or "?"),
            _("Till {till}").format(till=self.till_id),
            _("Cashier {cashier}").format(cashier=self.cashier or "-"),
            _("Shift {shift}").format(shift=self.shift or _("none")),
            link,
            waiting,
        ]
        if self.disk_full and not self.agent_problem:
            parts.append(_("DISK FULL: nothing can be recorded"))
        return parts

    def lines(self, width: int) -> list[str]:
        parts = [printable(part) for part in self.parts()]  # a store or cashier name is data
        return [SEPARATOR.join(line) for line in pack(parts, max(width, 1), len(SEPARATOR))]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))

    def render(self) -> Text:
        # Text, not a markup string: a cashier's name is shown as typed.
        return Text("\n".join(self.lines(self.content_size.width)), no_wrap=True)

    def watch_online(self, online: bool) -> None:
        self.set_class(not online, "offline")
