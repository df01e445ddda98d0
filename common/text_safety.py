"""Text that people typed, made safe for terminals, receipts and spreadsheets.

Protects against a name that attacks whoever reads it, and against a name that
breaks the file it goes into:

- terminal escapes (ESC[2J clears a staff member's screen, OSC sequences set the
  window title or write the clipboard), other control characters and bidi
  overrides (RLO makes "EXE.txt" read "txt.EXE"; a reversed price on a receipt)
  in a product, store or cashier name printed by hoctl, pos or the receipt printer;
- spreadsheet formula injection (OWASP "CSV Injection"): a name such as
  =HYPERLINK(...), +cmd|'/c calc'!A0 or @SUM(...) runs as a formula when a
  catalogue, purchase-order or supplier export is opened in Excel or LibreOffice;
- characters that make an XLSX file unwritable or unreadable (control
  characters, U+FFFE) and names long enough to be cut silently on export.

The rules:

- printable(text) replaces every character of these kinds with REPLACEMENT
  (U+FFFD, "�"), one for one, and keeps everything else (CJK, accents, emoji,
  ordinary spaces): Unicode category Cc (C0 controls including tab, CR, LF and
  ESC; DEL; C1 controls including CSI and NEL), Cf (format characters: the bidi
  embeddings, overrides and isolates LRE RLE PDF LRO RLO LRI RLI FSI PDI, the
  marks LRM RLM ALM, zero-width space/joiners, word joiner, soft hyphen, BOM,
  interlinear annotation, tag characters), Zl and Zp (line and paragraph
  separators), Cs (lone surrogates), the Hangul fillers (invisible "letters" used
  to fake blank names) and the noncharacters (U+FDD0..U+FDEF, U+xxFFFE/xxFFFF).
  For names printed on one line: a note printed on several lines is split at its
  line breaks before each line is made printable.
- check_plain_text(field, text) refuses, at input, any text that printable()
  would change, naming the first such character by its code point (never
  printing it); check_length(field, text, limit) refuses text longer than the
  limit (common.domain.limits: names 200, SKUs 64, references 100, notes 1,000
  characters); check_text does both.
- spreadsheet_cell(value) prefixes a text with an apostrophe when it could start a
  formula: when it begins (after any leading spaces) with = + - @ or their
  full-width forms, or with tab, CR or LF, unless it is a plain decimal number
  such as "-12.50", which a spreadsheet reads as a number, not a formula. A text
  that already begins with an apostrophe gets one more, so the rule can be undone:
  from_spreadsheet_cell(cell) removes exactly the apostrophe spreadsheet_cell added,
  and a file exported with the first re-imports to the same text with the second.
  Integers stay integers; None becomes "". Write XLSX cells as text (openpyxl
  takes a str starting with "=" as a formula; after spreadsheet_cell none does),
  and pass names through printable() first if old data may hold control
  characters: XLSX cannot hold them, and turns CR into LF. Excel itself keeps 15
  significant digits: export integers longer than that (sequence numbers near
  their limit, long ids) as text.
"""

from __future__ import annotations

import re
import unicodedata

from common.errors import InvalidInput
from common.i18n import _

REPLACEMENT = "\ufffd"

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")  # Hangul fillers


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) in _UNSAFE_CATEGORIES
        or ch in _INVISIBLE_LETTERS
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE  # U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF
    )


def printable(text: str) -> str:
    """The text with every control, bidi, invisible or non-character replaced by U+FFFD."""
    return "".join(REPLACEMENT if _unsafe(ch) else ch for ch in text)


def check_plain_text(field: str, text: str) -> str:
    """Return `text` unchanged, or raise InvalidInput if printable() would change it."""
    for position, ch in enumerate(text, start=1):
        if _unsafe(ch):
            raise InvalidInput(
                _(
                    "{field} contains an invisible or control character ({code}, character "
                    "{position}); type it again without it"
                ).format(field=field, code=f"U+{ord(ch):04X}", position=position)
            )
    return text


def check_length(field: str, text: str, limit: int) -> str:
    """Return `text` unchanged, or raise InvalidInput if it has more than `limit` characters."""
    if len(text) > limit:
        raise InvalidInput(
            _("{field} is {length} characters long; at most {limit} characters are allowed").format(
                field=field, length=len(text), limit=limit
            )
        )
    return text


def check_text(field: str, text: str, limit: int) -> str:
    """A name, SKU, reference or note as typed: no control or invisible characters, not too long."""
    return check_plain_text(field, check_length(field, text, limit))


_FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_LEADING_SPACES = " \u00a0\u3000"
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")  # ASCII only: read as a number
_QUOTE = "'"


def _needs_quote(text: str) -> bool:
    if text.startswith(_QUOTE):
        return True
    start = text.lstrip(_LEADING_SPACES)[:1]
    return start in _FORMULA_STARTS and _PLAIN_NUMBER.fullmatch(text) is None


def spreadsheet_cell(value: str | int | None) -> str | int:
    """The value as a CSV/XLSX cell that never starts a formula: "=1+1" -> "'=1+1"; 5 -> 5."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"a spreadsheet cell holds text or a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    return _QUOTE + value if _needs_quote(value) else value


def from_spreadsheet_cell(cell: str | int) -> str | int:
    """The value spreadsheet_cell() was given: "'=1+1" -> "=1+1"; "'hello" stays "'hello"."""
    if isinstance(cell, str) and cell.startswith(_QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell
