"""Laying short pieces of text (key labels, status parts) into lines of a given width.

Widths are display widths (rich's cell_len): a Chinese character takes two
columns, so a bar that fits in English also fits, or wraps, in Chinese.
"""

from __future__ import annotations

from rich.cells import cell_len


def pack(pieces: list[str], width: int, gap: int = 1) -> list[list[str]]:
    """Pieces in order, as many on a line as fit in `width` columns with `gap` between them.

    A piece wider than the whole line gets a line to itself (and will be cut: the
    layout tests fail on that, so a label must be short enough for 80 columns).
    """
    lines: list[list[str]] = []
    used = 0
    for piece in pieces:
        size = cell_len(piece)
        if lines and used + gap + size <= width:
            lines[-1].append(piece)
            used += gap + size
        else:
            lines.append([piece])
            used = size
    return lines
