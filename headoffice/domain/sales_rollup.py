"""Each store's sales at cost, added up by UTC day and hour as the movements are applied.

The accuracy report puts shrink in proportion to sales at cost (the sale and return
movements valued at their unit cost: -qty_base x unit_cost_minor). Adding up the
movements themselves grows with trade (a chain of 1,000 stores selling 300 lines a
store a day writes 100 M a year); the roll-up is a row a store and day instead,
written in the transaction that applies the movements (services.sync.apply_batch), so
it holds exactly what the committed movements hold: a replay applies nothing, a
refused or rolled-back batch writes neither.

A row is a UTC day with one figure per UTC hour, not one figure per local day: a
report's days begin at the shops' midnight (accuracy.period_of, [counts]
utc_offset_minutes), which may change in the configuration after the rows are
written. With hours, any whole-hour offset (China: +8 h) reads the rows exactly,
splitting each UTC day at the hour where the shops' day turns; an offset that is not
a whole number of hours (India +5:30, Nepal +5:45) or a report start inside an hour
is answered from the movements (store/accuracy_repo.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from headoffice.domain.ledger import EntryHead, ValuedMovement

DAY_MS = 24 * 3600 * 1000
HOUR_MS = 3600 * 1000
HOURS = 24
SALE_REASONS = ("sale", "return")


class SalesTally:
    """A batch's sales at cost by UTC day and hour, added up while its movements pass by."""

    __slots__ = ("days",)

    def __init__(self) -> None:
        self.days: dict[int, list[int]] = {}  # UTC day -> 24 hourly sums, minor units at cost

    def passing(
        self, entries: Iterable[tuple[EntryHead, Sequence[ValuedMovement]]]
    ) -> Iterator[tuple[EntryHead, Sequence[ValuedMovement]]]:
        """The entries unchanged, their sale and return movements added up on the way."""
        days = self.days
        for head, moves in entries:
            at_ms = head[4]
            hours = None
            for _sku, qty, reason, cost in moves:
                if reason in SALE_REASONS:
                    if hours is None:
                        day = at_ms // DAY_MS
                        hours = days.get(day)
                        if hours is None:
                            hours = days[day] = [0] * HOURS
                    hours[at_ms // HOUR_MS % HOURS] -= qty * cost
            yield head, moves

    def rows(self) -> list[tuple[int, list[int]]]:
        """(day, hourly sums) of each day the batch sold on, by day; days with no sale line
        are left out (a day whose sales and returns cancel out is kept, as zero)."""
        return sorted(self.days.items())


def split_hour(utc_offset_minutes: int) -> tuple[int, int, int] | None:
    """Where the shops' days (at this whole-hour offset) cut a UTC day: (hour, shift of the
    hours before it, shift of the hours from it on), the shifts in days; None when the
    offset is not a whole number of hours.

    At +8 h the shops' day begins at 16:00 UTC: hours 0-15 are the shops' same day,
    16-23 their next (16, 0, 1); at -5 h hours 0-4 are the shops' day before (5, -1, 0);
    at 0 every hour is the same day (24, 0, 0)."""
    if utc_offset_minutes % 60:
        return None
    k = utc_offset_minutes // 60
    if k > 0:
        return HOURS - k, 0, 1
    if k < 0:
        return -k, -1, 0
    return HOURS, 0, 0
