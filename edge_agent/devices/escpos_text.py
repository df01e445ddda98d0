"""Receipt text as ESC/POS bytes that a Chinese-market printer prints right.

python-escpos (3.1) writes a line holding a CJK ideograph (U+4E00-U+9FA5) as
GB18030 in one piece, and any other line through its single-byte code pages
(ESC t). Neither fits a receipt that mixes them: a printer in Chinese
character mode (the factory setting of printers sold in China) reads a
code-page byte above 0x7F as the first half of a two-byte character, so
"2 x ¥3.50" prints garbage and swallows the next character; and inside a
Chinese line ¥ becomes a four-byte GB18030 sequence that GBK printers do not
have. So each run of characters goes the way the printer prints it:

- ASCII as it is (the same bytes in every mode);
- a character of GBK (two bytes in GB18030: Chinese, full-width punctuation)
  in Chinese character mode, FS & (0x1C 0x26);
- anything else (¥, é) through python-escpos's code pages (ESC t n) with
  Chinese character mode off, FS . (0x1C 0x2E).

A printer without a Chinese font (tills.toml `printer_charset = "code-pages"`)
is never sent FS & or FS .; a Chinese character prints as one '?' per cell it
takes, so the columns still line up. Big rows are double height for Chinese
characters too (FS ! sets the two-byte characters' size; ESC ! only the others').
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from common.text_safety import printable
from edge_agent.domain.text_columns import text_width

GB18030 = "gb18030"
CODE_PAGES = "code-pages"
CHARSETS = (GB18030, CODE_PAGES)
CHINESE_ON = b"\x1c&"  # FS &: select Chinese (Kanji) character mode
CHINESE_OFF = b"\x1c."  # FS .: cancel it; bytes above 0x7F are code-page characters again
CHINESE_SIZE = b"\x1c!"  # FS ! n: print mode of two-byte characters
CHINESE_DOUBLE_HEIGHT = 0x08


def _two_bytes(char: str) -> bool:
    """A character every GBK/GB18030 printer has: two bytes in GB18030."""
    try:
        return len(char.encode(GB18030)) == 2
    except UnicodeEncodeError:
        return False


def runs(text: str) -> Iterator[tuple[str, str]]:
    """(kind, run) for each stretch of one kind: 'ascii', 'chinese' (two bytes) or 'other'."""
    kind, start = "", 0
    for i, char in enumerate(text):
        this = "ascii" if char < "\x80" else "chinese" if _two_bytes(char) else "other"
        if this != kind:
            if i > start:
                yield kind, text[start:i]
            kind, start = this, i
    if start < len(text):
        yield kind, text[start:]


class EscposText:
    """Writes text to one python-escpos printer (a Dummy collecting a job), remembering
    whether the printer is in Chinese character mode. One per print job."""

    def __init__(self, paper: Any, charset: str = GB18030) -> None:
        if charset not in CHARSETS:
            raise ValueError(f"printer charset {charset!r}; one of {', '.join(CHARSETS)}")
        self._paper = paper
        self._chinese_font = charset == GB18030
        self._chinese_mode: bool | None = None  # unknown until this job sets it

    def _mode(self, chinese: bool) -> None:
        if self._chinese_mode != chinese:
            self._paper._raw(CHINESE_ON if chinese else CHINESE_OFF)
            self._chinese_mode = chinese

    def size(self, big: bool) -> None:
        """Double height for two-byte characters too (python-escpos's set() does the rest)."""
        if self._chinese_font:
            self._paper._raw(CHINESE_SIZE + bytes([CHINESE_DOUBLE_HEIGHT if big else 0]))

    def line(self, text: str) -> None:
        """One line of text and its line feed. Text never carries a command: a control
        character from data (ESC, GS, FS, a line feed) is printed as '?' (U+FFFD has no
        code page), so only this module's own bytes steer the printer."""
        for kind, run in runs(printable(text)):
            if kind == "ascii":
                self._paper._raw(run.encode("ascii"))
            elif kind == "chinese" and self._chinese_font:
                self._mode(True)
                self._paper._raw(run.encode(GB18030))
            elif kind == "chinese":
                self._paper._raw(b"?" * text_width(run))
            else:
                if self._chinese_font:
                    self._mode(False)
                self._paper.magic.write(run)  # code pages; '?' for what none of them has
        self._paper._raw(b"\n")
