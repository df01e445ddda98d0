"""What head office does when a store's redemption entry arrives: the use it records is
marked as journaled (services.redemption_checks refuses a second entry for it).

The movements themselves move head office's stock like any other; the check that they
are the use's runs before (redemption_checks, from apply_batch).
"""

from __future__ import annotations

from common import journal_kinds as jk
from headoffice.domain.documents import JournalDocument, RedemptionBody
from headoffice.services.effects import effect
from headoffice.services.ports import UnitOfWorkPort


@effect(jk.REDEMPTION, body=RedemptionBody)
def on_redemption(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[RedemptionBody], now_ms: int
) -> bool:
    entitlements = getattr(uow, "entitlements", None)
    if entitlements is not None:
        entitlements.set_journaled(entry.body.authorisation_key, entry.seq)
    return False
