"""Idempotency keys: a retry returns the first result; a key reused for other content is refused.

A till or a script that lost an answer sends the same command again with the
same key, and must get the document already recorded rather than a second
one. The same key with different content is a different document: answering
it with the first one would report success for something never booked
(issue 12, failure 10: `pos receive --key RK1` reused with other lines printed
the first delivery and never booked the second). So every keyed command
records, with its key, the command it was and a fingerprint of its content (a
SHA-256 of the content in one canonical JSON form), and a retry is compared
against both.

The content is what the command asks for once the till's input rules have
run (references stripped, card numbers reduced: the fingerprint never hashes a
full card number), not who asks nor who approved it: the same delivery retried
by another signed-in clerk is the same delivery, and a retried return or cash
out may carry a new manager's approval. A key recorded before fingerprints existed has an
empty one and is answered with its first result, as it was then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from common.domain.typed_text import clean_reference
from common.i18n import N_, _
from edge_agent.domain.errors import InvalidInput

# The documents a key can record, as a sentence names them.
DOCUMENTS = {
    "supplier_delivery": N_("a supplier delivery"),
    "supplier_return": N_("a return to a supplier"),
    "sale_return": N_("a customer return"),
    "write_off": N_("a write-off"),
    "transfer_shipment": N_("a transfer shipment"),
    "transfer_receipt": N_("a transfer receipt"),
    "cash_movement": N_("a cash in or cash out"),
    "count_line": N_("a count line"),
    "redemption": N_("a punch-card or package use"),
    "member_desk": N_("a top-up or card sold at the member desk"),
    "reward": N_("a reward item taken for points"),
}
LEGACY_FINGERPRINT = ""  # recorded before fingerprints: answered with the first result


class IdempotencyKeyReused(InvalidInput):
    """A key already recorded a different document (or a different kind of document)."""


@dataclass(frozen=True)
class KeyedRequest:
    """A command's key, the kind of document it makes and the fingerprint of its content."""

    key: str
    document: str
    fingerprint: str


@dataclass(frozen=True)
class RecordedKey:
    key: str
    document: str
    fingerprint: str
    seq: int


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot fingerprint {value!r}")


def fingerprint(document: str, content: Any) -> str:
    """SHA-256 of the document kind and its content in one canonical JSON form."""
    text = json.dumps(
        [document, _plain(content)], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def keyed(document: str, key: str, content: Any) -> KeyedRequest | None:
    """The request to look up and record, or None when the command came without a key."""
    if document not in DOCUMENTS:
        raise ValueError(f"no idempotent document {document!r}")
    key = clean_reference(_("the idempotency key"), key)
    if not key:
        return None
    return KeyedRequest(key, document, fingerprint(document, content))


def check_retry(request: KeyedRequest, recorded: RecordedKey) -> int:
    """The seq of the recorded document when `request` retries it; refused otherwise."""
    if recorded.document != request.document:
        recorded_as = recorded.document
        if recorded_as in DOCUMENTS:
            recorded_as = _(DOCUMENTS[recorded_as])
        raise IdempotencyKeyReused(
            _(
                "idempotency key {key} was already used for {recorded} (journal #{seq}); "
                "{document} needs a key of its own"
            ).format(
                key=repr(request.key),
                recorded=recorded_as,
                seq=recorded.seq,
                document=_(DOCUMENTS[request.document]),
            )
        )
    if recorded.fingerprint not in (LEGACY_FINGERPRINT, request.fingerprint):
        raise IdempotencyKeyReused(
            _(
                "idempotency key {key} was already used for {document} (journal #{seq}) with "
                "other content; nothing was booked: a new document needs a new key"
            ).format(
                key=repr(request.key), document=_(DOCUMENTS[request.document]), seq=recorded.seq
            )
        )
    return recorded.seq
