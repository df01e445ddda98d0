"""What every full till screen shares: the status bar painted from the app, and a message line."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import Label

from edge_agent.tui.plain import plain

if TYPE_CHECKING:
    from edge_agent.tui.app import TillApp


class TillScreen(Screen[None]):
    MESSAGE_ID = "message"

    @property
    def till(self) -> TillApp:
        return cast("TillApp", self.app)

    def on_mount(self) -> None:
        self.till.paint_status()

    def say(self, text: str, kind: str = "error") -> None:
        """Show one sentence on this screen's message line (kind: error, warning, info)."""
        line = self.query_one(f"#{self.MESSAGE_ID}", Label)
        line.set_classes(kind)
        line.update(plain(text))
