"""Stocktake's words as data: scope kinds, events, origins, states, classes, limits."""

from __future__ import annotations

from common.i18n import N_, _

FULL, CATEGORY, LOCATION, SKUS, ABC, HANDOVER = (
    "full", "category", "location", "skus", "abc", "handover",
)  # fmt: skip


SCOPE_KINDS = (FULL, CATEGORY, LOCATION, SKUS, ABC, HANDOVER)


OPENED, SUBMITTED, RECOUNT, APPROVED, CANCELLED = (
    "opened", "submitted", "recount", "approved", "cancelled",
)  # fmt: skip


EVENTS = (OPENED, SUBMITTED, RECOUNT, APPROVED, CANCELLED)


ORIGINS = ("store", "head_office", "handover")


# States of a session.
S_OPEN, S_SUBMITTED, S_RECOUNT, S_APPROVING, S_POSTED, S_CANCELLED = (
    "open", "submitted", "recount", "approving", "posted", "cancelled",
)  # fmt: skip


STATES = (S_OPEN, S_SUBMITTED, S_RECOUNT, S_APPROVING, S_POSTED, S_CANCELLED)


CLOSED_STATES = (S_POSTED, S_CANCELLED)


# States in which count lines are taken (a recount takes only the SKUs it names).
COUNTING_STATES = (S_OPEN, S_RECOUNT)


CLASSES = ("A", "B", "C")


DEFAULT_CLASS = "C"


CONFIRMED_ZERO = "confirmed_zero"  # the reason of a manager's zero line for a SKU not found


MAX_LOCATION_CHARS = 40


MAX_REASON_CHARS = 200


MAX_TITLE_CHARS = 100


# ABC by value of sales over this many days; A covers the first 80 % of it, B the next 15 %.
ABC_DAYS = 90


DEFAULT_A_SHARE_BP = 8_000


DEFAULT_B_SHARE_BP = 9_500


# Counts a year per class in the cycle-count plan.
DEFAULT_COUNTS_PER_YEAR = {"A": 4, "B": 2, "C": 1}


YEAR_MS = 365 * 24 * 3600 * 1000


_STATE_WORDS = {
    S_OPEN: N_("open"),
    S_SUBMITTED: N_("submitted"),
    S_RECOUNT: N_("waiting for a recount"),
    S_APPROVING: N_("waiting for a second approval"),
    S_POSTED: N_("approved and posted"),
    S_CANCELLED: N_("cancelled"),
}


def state_words(state: str) -> str:
    return _(_STATE_WORDS[state]) if state in _STATE_WORDS else state
