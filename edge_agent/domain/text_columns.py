"""Text in fixed-width columns, as a receipt printer and a terminal lay it out.

A receipt or report line is a number of character cells: a Chinese character
(East Asian wide or full-width) takes two, as it does on a Chinese-market
ESC/POS printer and in a terminal; a combining mark takes none. Padding,
centring and cutting go by cells, never by len(), so a Chinese product name
or a translated word keeps the amounts right-aligned.
"""

from __future__ import annotations

import unicodedata

_WIDE = frozenset("WF")


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in _WIDE else 1


def text_width(text: str) -> int:
    """Cells `text` takes: 'Cola' 4, '可乐' 4, '¥12.34' 6."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def clip(text: str, width: int) -> str:
    """The longest start of `text` that fits in `width` cells (a wide character is never split)."""
    if text_width(text) <= width:
        return text
    used = 0
    for i, char in enumerate(text):
        used += char_width(char)
        if used > width:
            return text[:i]
    return text


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` cells."""
    return text + " " * max(0, width - text_width(text))


def centre(text: str, width: int) -> str:
    """`text` centred in `width` cells, the odd space placed as str.center places it."""
    spare = width - text_width(text)
    if spare <= 0:
        return text
    left = spare // 2 + (spare & width & 1)
    return " " * left + text + " " * (spare - left)


def pair(left: str, right: str, width: int) -> str:
    """`left` and `right` on one line of `width` cells: the right part whole and flush right,
    the left part cut to leave at least one space between them."""
    left = clip(left, max(1, width - text_width(right) - 1))
    return pad(left, width - text_width(right)) + right


def split_lines(text: str, width: int) -> list[str]:
    """A long line cut into lines of at most `width` cells (a wide character is never split)."""
    lines: list[str] = []
    while text_width(text) > width:
        head = clip(text, width) or text[:1]
        lines.append(head)
        text = text[len(head) :]
    lines.append(text)
    return lines
