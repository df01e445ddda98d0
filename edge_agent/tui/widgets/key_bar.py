"""The bottom bar: the keys this screen answers to, in the till's language, on as many
lines as they need, so no key label is ever cut at the right edge (Textual's Footer cuts
the last ones at 120 columns and does not translate).

A binding's description is an N_()-marked English label translated when drawn; a screen
may name a key itself (key_label(action), e.g. a quick-cash key showing ¥50).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from common.i18n import N_, _
from edge_agent.tui.widgets.packing import pack

# Keys named on the keycap: F-keys are written as printed (F2), these are translated.
KEY_NAMES = {
    "escape": N_("Esc"),
    "enter": N_("Enter"),
    "delete": N_("Del"),
    "tab": N_("Tab"),
    "up": "↑",
    "down": "↓",
}
GAP = 1


def key_name(key: str) -> str:
    """'f10' -> 'F10', 'escape' -> 'Esc' (in the till's language); the first of 'escape,enter'."""
    first = key.split(",", 1)[0].strip()
    if first in KEY_NAMES:
        return _(KEY_NAMES[first])
    if first[:1] == "f" and first[1:].isdigit():
        return first.upper()
    return first.upper() if len(first) == 1 else first


def item_text(key: str, label: str) -> str:
    """One key as drawn: the key on its own colour, then its label."""
    return f" {key}  {label}"


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; width: 100%; height: auto; background: $footer-background; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh(layout=True)

    def shown_keys(self) -> list[tuple[str, str]]:
        """(key as written, label) of every key shown, in the screen's order."""
        named = getattr(self.screen, "key_label", None)
        shown: list[tuple[str, str]] = []
        for active in self.screen.active_bindings.values():
            binding: Binding = active.binding
            if not binding.show or not binding.description:
                continue
            label = named(binding.action) if named is not None else None
            shown.append((key_name(binding.key), label or _(binding.description)))
        return shown

    def lines(self, width: int) -> list[list[tuple[str, str]]]:
        keys = self.shown_keys()
        by_text = {item_text(key, label): (key, label) for key, label in keys}
        packed = pack([item_text(key, label) for key, label in keys], max(width, 1), GAP)
        return [[by_text[piece] for piece in line] for line in packed]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text = Text(no_wrap=True, overflow="crop")
        for number, line in enumerate(self.lines(self.content_size.width)):
            if number:
                text.append("\n")
            for index, (key, label) in enumerate(line):
                if index:
                    text.append(" " * GAP)
                text.append(f" {key} ", key_style)
                text.append(f" {label}")
        return text
