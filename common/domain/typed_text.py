"""Text a person types into a document, checked where it enters: names, references, notes.

One function per kind of field, so every command and every service applies the
same rule (issue 12, items 4 and 9):

- a name (product, store, supplier, staff, category, cashier): no control,
  bidi or invisible character, at most MAX_NAME_CHARS; refused, never cut;
- a reference (a delivery note number, a payment reference, an idempotency
  key): the same, at most MAX_REFERENCE_CHARS; a payment reference is also
  refused when it holds a card's security code or expiry and has every card
  number reduced to its first 6 and last 4 digits (common.domain.card_data);
- a note or reason a cashier or clerk types (a return's reason, a write-off
  note, a cash-out note): at most MAX_NOTE_CHARS, no control characters, a
  security code or expiry refused and card numbers reduced, because a cashier
  who pastes a card into the wrong field must not leave it in the ledger,
  the journal, a log or on a receipt.

Each returns the text to store (stripped of surrounding spaces) or raises
InvalidInput with a sentence naming the field; the sentence never repeats
the digits it refused.
"""

from __future__ import annotations

from common.domain.card_data import check_no_card_security_data, reduce_card_numbers
from common.domain.limits import MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_REFERENCE_CHARS
from common.text_safety import check_text


def clean_name(field: str, text: str) -> str:
    """A name as typed: printable, at most MAX_NAME_CHARS characters."""
    return check_text(field, text.strip(), MAX_NAME_CHARS)


def clean_reference(field: str, text: str) -> str:
    """A document reference or key: printable, at most MAX_REFERENCE_CHARS characters."""
    return check_text(field, text.strip(), MAX_REFERENCE_CHARS)


def clean_payment_text(field: str, text: str, limit: int = MAX_REFERENCE_CHARS) -> str:
    """A payment reference (or any free text at a till): no card security data, card
    numbers reduced to first 6 + last 4, printable, at most `limit` characters."""
    checked = check_text(field, text.strip(), limit)
    return reduce_card_numbers(check_no_card_security_data(field, checked))


def clean_note(field: str, text: str, limit: int = MAX_NOTE_CHARS) -> str:
    """A note or reason: as clean_payment_text, at most MAX_NOTE_CHARS characters."""
    return clean_payment_text(field, text, limit)
