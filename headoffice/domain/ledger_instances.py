"""One ledger instance per store (DESIGN invariant 7): which ledger head office takes a store's
journal from.

A ledger gets an instance id at `edge-agent init`. Head office binds a store to
the first instance it hears from and from then on refuses any other: a second
ledger started with the same bundle, a re-initialised one. An agent older than
instances (no id) is taken while the store is bound to none, so an upgrade
never stops a chain; once bound, it is refused like any other instance. Only
`hoctl store reenrol` unbinds a store. A restored older copy carries the
instance's own id: its entry hashes give it away (common.domain.entry_chain).
"""

from __future__ import annotations

import enum

from common.i18n import _
from headoffice.domain.errors import LedgerInstanceRefused


class InstanceVerdict(enum.Enum):
    BIND = "bind"  # the store is bound to none: bind it to this one
    SAME = "same"  # the store's own instance
    UNBOUND_LEGACY = "legacy"  # an agent older than instances, the store bound to none


def instance_verdict(
    store_code: str, bound_id: str, offered_id: str, newest_seq: int = 0
) -> InstanceVerdict:
    """What head office does with a ledger instance offered for a store; refuses another."""
    if not bound_id:
        return InstanceVerdict.BIND if offered_id else InstanceVerdict.UNBOUND_LEGACY
    if offered_id == bound_id:
        return InstanceVerdict.SAME
    raise LedgerInstanceRefused(store_code, offered_id, bound_id, newest_seq)


def check_batch_instance(store_code: str, bound_id: str, batch_id: str) -> None:
    """A batch comes from the instance its stream's hello bound the store to (or, from an agent
    older than instances, for a store bound to none); a store unbound meanwhile (`hoctl store
    reenrol`) takes nothing more from the stream it had."""
    if batch_id != bound_id:
        raise LedgerInstanceRefused(store_code, batch_id, bound_id or _("(none)"))
