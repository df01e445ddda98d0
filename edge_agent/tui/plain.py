"""Data on the till screen is shown as typed, never obeyed.

A product, cashier or store name, a refusal's sentence quoting one, a receipt:
Textual reads a plain string as markup ("[red]", "[/]" that would crash a
table) and passes ESC and bidi overrides to the terminal. Everything from data
reaches the screen as a rich Text (no markup) whose control, bidi and
invisible characters are U+FFFD (common.text_safety.printable), the rule the
CLIs and the receipt printer follow too.
"""

from __future__ import annotations

from rich.text import Text

from common.text_safety import printable


def plain(text: str) -> Text:
    """`text` for a label, table cell or option: no markup, nothing the terminal obeys."""
    return Text(printable(text))


def plain_lines(text: str) -> Text:
    """A block of lines (a receipt, a report): line breaks stay, other controls go."""
    return Text("\n".join(printable(line) for line in text.split("\n")))


def plain_row(*cells: str) -> list[Text]:
    """One table row of data cells."""
    return [plain(cell) for cell in cells]
