"""What head office does when a store's reward entry arrives: the points key it records
is marked as journaled (services.reward_checks refuses a second entry for it).

The movements themselves move head office's stock like any other; the check that they
are the item's runs before (reward_checks, from apply_batch).
"""

from __future__ import annotations

from common import journal_kinds as jk
from headoffice.domain.documents import JournalDocument, RewardBody
from headoffice.services.effects import effect
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.till_points import till_points_key


@effect(jk.REWARD, body=RewardBody)
def on_reward(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[RewardBody], now_ms: int
) -> bool:
    rewards = getattr(uow, "rewards", None)
    if rewards is not None:
        key = till_points_key(store_code, entry.body.authorisation_key)
        rewards.set_journaled(key, store_code, entry.seq)
    return False
