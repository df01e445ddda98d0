"""Read ESC/POS bytes back into what a printer would do: text lines, styles, cut, drawer pulse.

Text is read as a Chinese-market printer reads it: in Chinese character mode
(FS &, the factory setting of printers sold in China, so on at the start
unless told otherwise) a byte above 0x7F starts a two-byte GB18030 character;
with it off (FS .) such a byte is one character of the code page ESC t chose
(PC437 after ESC @). A code-page byte sent while Chinese mode is on therefore
decodes wrong here, as it would print wrong on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS = 0x1B, 0x1D, 0x1C
# Argument bytes after ESC x / GS x / FS x for the commands we send.
_ESC_ARGS = {b"@": 0, b"!": 1, b"E": 1, b"a": 1, b"t": 1, b"d": 1, b"p": 3, b"-": 1, b"M": 1}
_GS_ARGS = {b"!": 1, b"B": 1}
_FS_ARGS = {b"&": 0, b".": 0, b"!": 1}
# ESC t n: the code pages python-escpos's default profile picks from, as Python codecs.
CODE_PAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252",
              17: "cp866", 18: "cp852", 19: "cp858"}  # fmt: skip


@dataclass
class Paper:
    lines: list[str] = field(default_factory=list)
    bold_lines: list[str] = field(default_factory=list)
    big_lines: list[str] = field(default_factory=list)  # ESC !: double height (ASCII, code page)
    big_chinese_lines: list[str] = field(default_factory=list)  # FS !: two-byte characters too
    centred_lines: list[str] = field(default_factory=list)
    cuts: int = 0
    drawer_pulses: list[bytes] = field(default_factory=list)
    commands: list[bytes] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # "text", "cut", "drawer" in order


def decode(data: bytes, chinese_mode: bool = True) -> Paper:
    """`chinese_mode`: whether the printer starts in Chinese character mode (a printer sold
    in China does; one without a Chinese font does not)."""
    paper = Paper()
    bold = big = big_chinese = centre = False
    chinese, code_page = chinese_mode, "cp437"
    text: list[str] = []
    i = 0
    while i < len(data):
        byte = data[i]
        if byte in (ESC, GS, FS):
            cmd = data[i + 1 : i + 2]
            if byte == GS and cmd == b"V":  # GS V m, or GS V 65/66 n (feed, then cut)
                size = 3 if data[i + 2] in (0, 1, 48, 49) else 4
                paper.cuts += 1
                paper.events.append("cut")
                paper.commands.append(data[i : i + size])
                i += size
                continue
            table = {ESC: _ESC_ARGS, GS: _GS_ARGS, FS: _FS_ARGS}[byte]
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
            elif byte == ESC and cmd == b"t":
                code_page = CODE_PAGES[args[0]]
            elif byte == ESC and cmd == b"@":
                code_page = "cp437"
            elif byte == ESC and cmd == b"p":
                paper.drawer_pulses.append(data[i : i + 5])
                paper.events.append("drawer")
            elif byte == FS and cmd in (b"&", b"."):
                chinese = cmd == b"&"
            elif byte == FS and cmd == b"!":
                big_chinese = bool(args[0] & 0x08)
            i += 2 + table[cmd]
            continue
        if byte == 0x0A:
            line = "".join(text)
            paper.lines.append(line)
            paper.events.append("text")
            for on, lines in (
                (bold, paper.bold_lines),
                (big, paper.big_lines),
                (big_chinese, paper.big_chinese_lines),
                (centre, paper.centred_lines),
            ):
                if on:
                    lines.append(line)
            text.clear()
            i += 1
        elif byte < 0x80:
            text.append(chr(byte))
            i += 1
        elif chinese:
            text.append(data[i : i + 2].decode("gb18030", errors="replace"))
            i += 2
        else:
            text.append(bytes([byte]).decode(code_page, errors="replace"))
            i += 1
    return paper
