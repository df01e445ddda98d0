"""Read ESC/POS bytes back into what a printer would do: text lines, styles, cut, drawer pulse."""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS = 0x1B, 0x1D
# Argument bytes after ESC x / GS x for the commands python-escpos sends us.
_ESC_ARGS = {b"@": 0, b"!": 1, b"E": 1, b"a": 1, b"t": 1, b"d": 1, b"p": 3, b"-": 1, b"M": 1}
_GS_ARGS = {b"!": 1, b"B": 1}


@dataclass
class Paper:
    lines: list[str] = field(default_factory=list)
    bold_lines: list[str] = field(default_factory=list)
    big_lines: list[str] = field(default_factory=list)
    centred_lines: list[str] = field(default_factory=list)
    cuts: int = 0
    drawer_pulses: list[bytes] = field(default_factory=list)
    commands: list[bytes] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # "text", "cut", "drawer" in order


def decode(data: bytes) -> Paper:
    paper = Paper()
    bold = big = centre = False
    text = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte in (ESC, GS):
            cmd = data[i + 1 : i + 2]
            table = _ESC_ARGS if byte == ESC else _GS_ARGS
            if byte == GS and cmd == b"V":  # GS V m, or GS V 65/66 n (feed, then cut)
                size = 3 if data[i + 2] in (0, 1, 48, 49) else 4
                paper.cuts += 1
                paper.events.append("cut")
                paper.commands.append(data[i : i + size])
                i += size
                continue
            if cmd not in table:
                raise AssertionError(f"unexpected command {data[i : i + 2]!r} at byte {i}")
            args = data[i + 2 : i + 2 + table[cmd]]
            paper.commands.append(data[i : i + 2 + table[cmd]])
            if byte == ESC and cmd == b"E":
                bold = args[0] == 1
            elif byte == ESC and cmd == b"!":
                big = bool(args[0] & 0x10)
            elif byte == ESC and cmd == b"a":
                centre = args[0] == 1
            elif byte == ESC and cmd == b"p":
                paper.drawer_pulses.append(data[i : i + 5])
                paper.events.append("drawer")
            i += 2 + table[cmd]
            continue
        if byte == 0x0A:
            line = text.decode("cp437", errors="replace")
            paper.lines.append(line)
            paper.events.append("text")
            if bold:
                paper.bold_lines.append(line)
            if big:
                paper.big_lines.append(line)
            if centre:
                paper.centred_lines.append(line)
            text.clear()
        else:
            text.append(byte)
        i += 1
    return paper
