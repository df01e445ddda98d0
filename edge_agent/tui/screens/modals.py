"""Small keyboard modals: ask for one value, show a text (receipt, report), pick from a menu."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from common.i18n import N_, _
from edge_agent.tui.plain import plain, plain_lines


class PromptModal(ModalScreen[str | None]):
    """One line of input; Enter returns it, Escape returns None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, prompt: str, value: str = "", password: bool = False) -> None:
        super().__init__()
        self._title, self._prompt, self._value, self._password = title, prompt, value, password

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self._title), classes="dialog-title")
            yield Label(plain(self._prompt))
            yield Input(value=self._value, password=self._password, id="prompt-input")
            yield Label(_("Enter confirms, Esc cancels"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextModal(ModalScreen[None]):
    """A receipt or a report as the agent printed it; Enter or Escape closes it."""

    BINDINGS = [Binding("escape,enter", "close", N_("Close"))]

    def __init__(self, title: str, text: str, note: str = "") -> None:
        super().__init__()
        self._title, self._text, self._note = title, text, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(plain(self._title), classes="dialog-title", id="text-title")
            # Focused, so ↑/↓ and PgUp/PgDn scroll a report longer than a small screen.
            with VerticalScroll(classes="report", id="text-scroll"):
                yield Static(plain_lines(self._text), id="text-body", markup=False)
            if self._note:
                yield Label(plain(self._note), classes="warning", id="text-note")
            yield Label(_("↑/↓ scroll; Enter or Esc closes"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class MenuModal(ModalScreen[str | None]):
    """The till menu (F12): one letter per item, or arrows and Enter."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, items: list[tuple[str, str, str]]) -> None:
        """items: (key letter, label in the till's language, result)."""
        super().__init__()
        self._title, self._items = title, items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self._title), classes="dialog-title")
            # Text, not markup: "[x]" is the key to press, not a style tag.
            yield OptionList(
                *[
                    Option(Text(f"[{key}] {label}"), id=result)
                    for key, label, result in self._items
                ],
                id="menu-list",
            )
            yield Label(_("a letter or ↑/↓ and Enter; Esc closes"), classes="hint")

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        for key, _label, result in self._items:
            if event.key == key:
                event.stop()
                self.dismiss(result)
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(ModalScreen[bool]):
    """A question before a step that cannot be undone: Enter (or y) confirms, Esc (or n) not."""

    BINDINGS = [
        Binding("enter,y", "answer(True)", N_("Yes")),
        Binding("escape,n", "answer(False)", N_("No")),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self._title, self._question = title, question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self._title), classes="dialog-title")
            yield Label(plain(self._question), id="confirm-question")
            yield Label(_("Enter confirms, Esc cancels"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
