"""The one place where text from data (names, notes, a server's sentence) becomes terminal text.

Every table cell, every line of text output and every refusal printed by pos,
hoctl, edge-agent and headoffice passes through `safe_text`: a control
character (ESC, BEL, a carriage return, a tab inside a cell...), a
bidirectional override or an invisible character would let a product name
repaint the screen, set the window title or reorder what the reader sees, so
each becomes U+FFFD (common.text_safety.printable: the same rule as receipts
and spreadsheets). `display_width` measures what is left in terminal columns:
a Chinese character takes two (wcwidth).
"""

from __future__ import annotations

from common.text_safety import REPLACEMENT, printable

__all__ = ["REPLACEMENT", "display_width", "safe_lines", "safe_text"]


def safe_text(text: str) -> str:
    """`text` with control, bidi and invisible characters replaced by U+FFFD."""
    if text.isascii() and text.isprintable():  # the common case: nothing to look at closely
        return text
    return printable(text)


def safe_lines(text: str) -> str:
    """A block of lines (a receipt, a report): line breaks stay, other controls go."""
    return "\n".join(safe_text(line) for line in text.split("\n"))


def display_width(text: str) -> int:
    """Terminal columns `text` takes: 2 for each East Asian wide character, 0 for combining marks."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth  # imported when a table holds non-ASCII text

    width = wcswidth(text)
    return width if width >= 0 else len(text)
