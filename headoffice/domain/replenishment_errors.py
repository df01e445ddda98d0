"""Replenishment's errors; str() of each is a whole sentence for a person.

InvalidInput (common.errors)
└── InvalidReplenishment    a setting or request out of range: min > max, pack ≤ 0, service level
                            outside (0, 1), an unknown line number, a cost below zero
NotFound (common.errors)
└── UnknownRun              no replenishment run with that id
Refused (common.errors)
└── RunRefused              the run cannot be approved: approved already, or stock changed since
"""

from __future__ import annotations

from common.errors import InvalidInput, NotFound, Refused
from common.i18n import _


class InvalidReplenishment(InvalidInput):
    """A replenishment setting or request out of range; the sentence names it."""


class UnknownRun(NotFound):
    def __init__(self, run_id: str) -> None:
        super().__init__(_("there is no replenishment run {run_id}").format(run_id=run_id))


class RunRefused(Refused):
    """The run cannot be approved as asked; the sentence says why."""
