"""Card data never kept: one PCI-clean rule for card numbers, and refusal of CVV and expiry.

Protects against a full card number (PAN), a card's security code or its expiry
date being stored in a ledger, a journal entry, a head-office table, a log line
or a printed receipt: a cashier who pastes a card number or a swiped stripe into
a payment reference, or types "exp 12/25 cvv 123", must not leave card data in
the chain's files (PCI DSS: keep at most the first six and last four digits; never
keep the security code, even masked).

The rules, the same at the till and at head office:

- A *digit run* is a sequence of decimal digits (ASCII, full-width, any Unicode
  decimal digit) in which each digit follows the previous one directly or across any
  number of separator characters: spaces of any kind (line breaks too), dashes and
  minus signs, dots and middle dots, underscores, slashes, commas, katakana long-vowel
  marks and invisible format characters (zero-width spaces, bidi marks), half- or
  full-width. Anything else (a letter, ":", "+", "=", "*") ends the run. No limit on
  the gap: "4000    1298    7654    3215" is still a card number, and the canary
  (contains_pan_digits) finds it; numbers laid out in columns in a guarded field
  are merged and may be reduced, which is the price of that.
- reduce_card_numbers() rewrites every run of 13 or more digits as its first 6 and
  last 4 digits in ASCII with one "*" for each digit in between, separators removed:
  "4000.1298.7654.3215" -> "400012******3215". That is the only format. A pasted
  magnetic-stripe track (track 1 "%B<PAN>^NAME^YYMM...?", track 2 ";<PAN>=YYMM...?")
  becomes its reduced PAN alone: name, expiry and discretionary data are dropped.
- The Luhn check does not matter to the rule: a run is reduced whether or not its
  check digit is right. Trade-off: a card number typed with one wrong digit fails
  Luhn but is still, to anyone holding it, the card number (and so are Chinese
  debit cards on 9-prefixed ranges that no "card-prefix" list covers), so safety
  comes first. The cost is that a 13+ digit order number, QR transaction id or
  barcode typed into a free-text field loses its middle. Such values therefore
  belong in their own structured fields with their own rules (barcodes.py,
  sequence numbers), never in a field this rule guards; and ordinary references
  are short: a bank terminal's reference number is 12 digits, its voucher and
  authorisation numbers 6, a phone number 11 (a "+86" prefix makes it 13, which is
  reduced). contains_pan_digits() below does use Luhn-free exact matching for the
  canary, and luhn_valid() is offered for callers that want a second opinion.
- card_security_problem() finds a security code ("cvv 123", "CVC2: 123",
  "安全码 123") or an expiry date ("exp 12/25", "valid thru 12/2025", "有效期 12/25")
  and returns the sentence a caller refuses the input with; the sentence never
  repeats the digits. check_no_card_security_data() raises InvalidInput with it.
  Refuse first, then reduce: reducing cannot make a security code safe.

Pure functions: no I/O. The regular expressions have no nested quantifiers over
overlapping classes, so a hostile reference cannot make a till hang.
"""

from __future__ import annotations

import re

from common.errors import InvalidInput
from common.i18n import N_, _

MIN_RUN_DIGITS = 13  # the shortest card numbers (old Visa) have 13 digits
MAX_PAN_DIGITS = 19  # the longest (UnionPay debit) have 19
MASK_CHAR = "*"

# Separators people and keyboards put between digit groups. Not included on purpose:
# letters, "*" (the mask itself, so reducing twice changes nothing), "=" and "^" (the
# stripe field separators, handled by the track rule), ":" (times), "+", "#", brackets.
_SEPARATOR_CHARS = (
    " \t\n\r\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # spaces
    "\\-\u2010-\u2015\u2212\u2e3a\u2e3b\u301c\u30a0\u30fc\ufe58\ufe63\uff0d\uff5e\uff70"  # dashes
    ".\u00b7\u2022\u2024\u2027\u3002\u30fb\uff0e\uff61\uff65"  # dots
    "_\uff3f"  # underscores
    "/\\\\\u2044\u2215\uff0f\uff3c"  # slashes
    ",\u3001\uff0c\uff64"  # commas
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # invisible
)
_SEP = f"[{_SEPARATOR_CHARS}]"
_SEP_CHAR = re.compile(_SEP)
_RUN = re.compile(rf"\d(?:{_SEP}*\d)*")
# Track 1: %B<PAN>^NAME^YYMM<service code><discretionary>?  (at most 79 characters)
# Track 2: ;<PAN>=YYMM<service code><discretionary>?          (at most 40 characters)
_STRIPE_TRACK = re.compile(
    rf"[%;]?B?(?<!\d)(\d{{{MIN_RUN_DIGITS},{MAX_PAN_DIGITS}}})[=^][^?]{{0,79}}\??"
)


def _ascii_digits(text: str) -> str:
    return "".join(str(int(ch)) for ch in text if ch.isdecimal())


def _reduced(digits: str) -> str:
    return digits[:6] + MASK_CHAR * (len(digits) - 10) + digits[-4:]


def _reduce_run(match: re.Match[str]) -> str:
    digits = _ascii_digits(match.group(0))
    return _reduced(digits) if len(digits) >= MIN_RUN_DIGITS else match.group(0)


def reduce_card_numbers(text: str) -> str:
    """Keep only the first 6 and last 4 digits of every run of 13+ digits; drop stripe data.

    "pay 4000_1298_7654_3215" -> "pay 400012******3215". Runs shorter than 13 digits
    (phone numbers, receipt numbers, a terminal's 12-digit reference) are untouched,
    and so is all other text. Idempotent.
    """
    text = _STRIPE_TRACK.sub(lambda m: _reduced(_ascii_digits(m.group(1))), text)
    return _RUN.sub(_reduce_run, text)


def contains_card_number(text: str) -> bool:
    """True when the text holds a run that reduce_card_numbers would reduce.

    The check for a field that should have gone through the rule (a tender reference,
    a receipt's payment line): False for every output of reduce_card_numbers.
    """
    return any(len(_ascii_digits(m.group(0))) >= MIN_RUN_DIGITS for m in _RUN.finditer(text))


def contains_pan_digits(text: str, pan: str) -> bool:
    """True when the digits of this card number appear whole in the text, in any form.

    For the canary test that scans databases, journals, logs and receipts for its test
    cards: any decimal digits (full-width too), any separators, inside longer digit
    strings too (the same runs reduce_card_numbers reduces). Anything else (a letter,
    "=", the mask "*") splits the digits, so "400012******3215" does not count.
    """
    wanted = _ascii_digits(pan)
    if len(wanted) < MIN_RUN_DIGITS or any(
        not ch.isdecimal() and not _SEP_CHAR.fullmatch(ch) for ch in pan
    ):
        raise ValueError(f"a card number is {MIN_RUN_DIGITS} or more digits, got {pan!r}")
    return any(wanted in stretch for stretch in _digit_stretches(text))


def _digit_stretches(text: str) -> list[str]:
    """The text's digits in ASCII, split wherever something other than a separator sits."""
    stretches: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch.isdecimal():
            current.append(str(int(ch)))
        elif not _SEP_CHAR.fullmatch(ch) and current:
            stretches.append("".join(current))
            current = []
    if current:
        stretches.append("".join(current))
    return stretches


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number passes; False for non-digits."""
    if not digits or not digits.isdecimal():
        return False
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


# "cvv 123", "CVC2: 123", "security code 1234", "安全码 123", "安全码是123", "后三位 123".
# ASCII words must not sit inside a longer Latin word ("cid" in "acid" is not a keyword).
_CODE_WORDS = (
    r"(?<![A-Za-z])(?:cvv2?|cvc2?|cvn2?|cav2|cid|csc|security\s*code|card\s*code"
    r"|card\s*verification(?:\s*(?:value|code|number))?)(?![A-Za-z])"
    r"|安全码|安全碼|校验码|校驗碼|验证码|驗證碼|后三位|後三位"
)
_SECURITY_CODE = re.compile(
    rf"(?:{_CODE_WORDS})\s*(?:[:：=#\-]\s*)?(?:(?:是|为|為)\s*)?\d{{3,4}}(?!\d)", re.IGNORECASE
)
# "exp 12/25", "expiry: 12/2025", "valid thru 12-25", "exp 1225", "有效期 12/25",
# "有效期至2025年12月". A full date with a day ("exp 12/05/2025") is a product's use-by
# date, not a card's, and is left alone.
_EXPIRY_WORDS = (
    r"(?<![A-Za-z])(?:exp(?:iry|ires?|iration)?(?:\s*date)?\.?"
    r"|valid\s*(?:thru|through|until|to)|good\s*(?:thru|through))(?![A-Za-z])"
    r"|有效期(?:至|限|到)?|到期(?:日期?|时间|時間)?|失效日期?"
)
_DATE_SEP = r"[/\-.／－．年]"
_EXPIRY = re.compile(
    rf"(?:{_EXPIRY_WORDS})\s*(?:[:：=]\s*)?(?:(?:是|为|為|至|到)\s*)?"
    rf"(?:\d{{1,4}}\s*{_DATE_SEP}\s*\d{{1,4}}(?!\d|\s*{_DATE_SEP}\s*\d)|\d{{4}}(?!\d))",
    re.IGNORECASE,
)
# A card number followed directly by its expiry: "4000 1298 7654 3215 12/25".
_RUN_ENDING_IN_EXPIRY = re.compile(r"(?:0?[1-9]|1[0-2])\s*[/／]\s*(?:\d{4}|\d{2})$")

_SECURITY_CODE_FOUND = N_(
    "{field} looks like it holds a card security code (CVV/CVC); card data is never recorded: "
    "enter only the reference number the payment terminal prints"
)
_EXPIRY_FOUND = N_(
    "{field} looks like it holds a card expiry date; card data is never recorded: enter only "
    "the reference number the payment terminal prints"
)
_BOTH_FOUND = N_(
    "{field} looks like it holds a card security code (CVV/CVC) and a card expiry date; card "
    "data is never recorded: enter only the reference number the payment terminal prints"
)


def card_security_problem(field: str, text: str) -> str | None:
    """The sentence to refuse `text` with if it holds a card security code or expiry, else None.

    The sentence names the field and never repeats the digits (it may reach a log).
    """
    code = _SECURITY_CODE.search(text) is not None
    expiry = _EXPIRY.search(text) is not None or any(
        _pan_with_expiry(m.group(0)) for m in _RUN.finditer(text)
    )
    if code and expiry:
        return _(_BOTH_FOUND).format(field=field)
    if code:
        return _(_SECURITY_CODE_FOUND).format(field=field)
    if expiry:
        return _(_EXPIRY_FOUND).format(field=field)
    return None


def _pan_with_expiry(run: str) -> bool:
    tail = _RUN_ENDING_IN_EXPIRY.search(run)
    return tail is not None and len(_ascii_digits(run[: tail.start()])) >= MIN_RUN_DIGITS


def check_no_card_security_data(field: str, text: str) -> str:
    """Return `text` unchanged, or raise InvalidInput if it holds a security code or expiry."""
    problem = card_security_problem(field, text)
    if problem is not None:
        raise InvalidInput(problem)
    return text


def clean_payment_reference(field: str, text: str) -> str:
    """What a payment reference is stored as: refused if it holds a CVV or expiry, else reduced."""
    return reduce_card_numbers(check_no_card_security_data(field, text))
