"""What head office does when a store's key_items entry arrives: it keeps the list as the
store's, as of that entry (`hoctl count key-items show` prints it, saying who set it).

The store journals every change of its list: its staff's (`pos count key-items set`) and
head office's order as the store applied it. So the latest entry is the store's list at
that point of its journal, whatever head office sent before; an order head office sent
since is applied at the store and comes back as an entry of its own. A store ledger
rebuilt from head office's journal gets the list back from the same entries.
"""

from __future__ import annotations

from dataclasses import asdict

from common import journal_kinds as jk
from headoffice.domain.counts import FROM_HEADOFFICE, FROM_STORE, StoreKeyItems
from headoffice.domain.documents import JournalDocument, KeyItemsBody
from headoffice.services import audit
from headoffice.services.effects import effect, store_actor
from headoffice.services.ports import UnitOfWorkPort


@effect(jk.KEY_ITEMS, body=KeyItemsBody)
def on_key_items(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[KeyItemsBody], now_ms: int
) -> bool:
    """Keep the store's list as the entry says (checked by common.count_rules.key_items)."""
    body = entry.body
    before = uow.count_policy.key_items(store_code)
    set_from = FROM_HEADOFFICE if body.origin == FROM_HEADOFFICE else FROM_STORE
    after = StoreKeyItems(
        store_code, tuple(body.skus), body.by[:64], entry.occurred_at_ms, set_from
    )
    uow.count_policy.set_key_items(after)
    audit.record(uow, store_actor(store_code, entry), "count.key_items", "store", store_code,
                 asdict(before), asdict(after), now_ms)  # fmt: skip
    return False
