"""The one place where text from data (names, notes, a server's sentence) becomes terminal text.

Every table cell, every line of text output and every refusal printed by pos,
hoctl, edge-agent and headoffice passes through `safe_text`: a control
character (ESC, BEL, a carriage return, a tab inside a cell...) or a
bidirectional override would let a product name repaint the screen or reorder
what the reader sees, so each becomes U+FFFD. `display_width` measures what is
left in terminal columns: a Chinese character takes two (wcwidth).
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "\ufffd"
# Bidirectional controls (marks, embeddings, overrides, isolates): invisible, and they
# reorder the text around them (the "Trojan Source" trick).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(char: str, keep: str) -> bool:
    return char not in keep and (char in _BIDI or unicodedata.category(char) == "Cc")


def safe_text(text: str, keep: str = "") -> str:
    """`text` with control and bidi characters replaced by U+FFFD; characters in `keep` stay."""
    if text.isprintable():  # the common case: nothing to look at character by character
        return text
    return "".join(REPLACEMENT if _unsafe(c, keep) else c for c in text)


def safe_lines(text: str) -> str:
    """A block of lines (a receipt, a report): newlines stay, other controls go."""
    return safe_text(text, keep="\n")


def display_width(text: str) -> int:
    """Terminal columns `text` takes: 2 for each East Asian wide character, 0 for combining marks."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth  # imported when a table holds non-ASCII text

    width = wcswidth(text)
    return width if width >= 0 else len(text)
