"""Errors of punch cards, packages and points; str() is the sentence a cashier or staff user reads.

Both sides raise these same classes (a card checked at the till offline and
again at head office is refused with the same sentence).

StoreLedgerError (common.errors)
├── InvalidInput
│   └── InvalidLoyaltyInput   a card or points rule, amount or key that cannot be used
├── NotFound
│   └── UnknownCard           no card with that number
└── Refused
    ├── EntitlementRefused    a use of a punch card or package refused (expired, exhausted,
    │                         another store, another member, an item it does not cover)
    ├── PointsRefused         a points entry refused (more than the balance, on a return)
    └── IdempotencyConflict   an idempotency key reused for a different request
"""

from __future__ import annotations

from common.errors import InvalidInput, NotFound, Refused


class InvalidLoyaltyInput(InvalidInput):
    pass


class UnknownCard(NotFound):
    pass


class EntitlementRefused(Refused):
    pass


class PointsRefused(Refused):
    pass


class IdempotencyConflict(Refused):
    pass
