"""The one way a keyed command looks up and records its idempotency key (domain.idempotency).

request = keyed("supplier_delivery", idempotency_key, content)
with ctx.db.write() as uow:
    seq = replayed(uow, request)       # the first document's seq, or refused
    if seq is not None:
        return <the first result, read back from the journal at seq>
    ... book the document as one journal entry ...
    remember(uow, request, entry.seq)  # in the same transaction
"""

from __future__ import annotations

from typing import Protocol

from edge_agent.domain.idempotency import KeyedRequest, RecordedKey, check_retry


class _CommandKeys(Protocol):
    def find(self, key: str) -> RecordedKey | None: ...

    def record(self, request: KeyedRequest, seq: int) -> None: ...


class _HasCommandKeys(Protocol):
    @property
    def command_keys(self) -> _CommandKeys: ...


def replayed(uow: _HasCommandKeys, request: KeyedRequest | None) -> int | None:
    """The seq of the document this request retries; None when it is new (or has no key)."""
    if request is None:
        return None
    recorded = uow.command_keys.find(request.key)
    return None if recorded is None else check_retry(request, recorded)


def remember(uow: _HasCommandKeys, request: KeyedRequest | None, seq: int) -> None:
    """Record the key with the document booked as journal entry `seq`."""
    if request is not None:
        uow.command_keys.record(request, seq)
