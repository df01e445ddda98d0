"""A till's shift: a float, cash in and out, a blind close counted by denomination.

What the drawer should hold is computed exactly from the ledger's tenders:

    expected cash = float + cash taken for sales - cash refunded
                    + cash put in - cash taken out

where "cash taken for a sale" is each cash tender's amount towards the sale,
i.e. what was handed over minus the change given (rounding included). The
close is blind: the cashier counts by denomination without seeing the
expected figure; over/short = counted - expected (negative: short).
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.limits import check_amount, check_cash, check_product
from common.errors import ConfigError, InvalidInput
from common.i18n import _, display_amount


@dataclass(frozen=True)
class Shift:
    shift_id: str
    till_id: str
    cashier: str
    float_minor: int
    opened_at_ms: int
    closed_at_ms: int | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at_ms is None


@dataclass(frozen=True)
class ShiftEvent:
    """Opening, cash in/out, closing or handing over a shift, as journalled."""

    shift_id: str
    till_id: str
    cashier: str
    kind: str  # open, cash_in, cash_out, close, handover
    amount_minor: int = 0  # float at open; amount for cash in/out; float handed over
    counted: tuple[tuple[int, int], ...] = ()  # (denomination, count)
    counted_minor: int = 0
    expected_cash_minor: int = 0
    over_short_minor: int = 0
    reason: str = ""
    next_cashier: str = ""
    next_shift_id: str = ""
    approval_id: str = ""
    # handover: the incoming cashier's spot count of the key items, and its SKUs outside
    # tolerance (services.handover_counts)
    spot_count_session_id: str = ""
    spot_count_outside: tuple[str, ...] = ()


def parse_denominations(text: str) -> tuple[int, ...]:
    try:
        values = tuple(sorted({int(v) for v in str(text).split(",") if v.strip()}, reverse=True))
    except ValueError as exc:
        raise ConfigError(
            _(
                "[till] denominations_minor must be whole minor units separated by commas, got "
                "{value}"
            ).format(value=repr(text))
        ) from exc
    if not values or min(values) <= 0:
        raise ConfigError(
            _("[till] denominations_minor must list positive amounts, got {value}").format(
                value=repr(text)
            )
        )
    return values


def count_cash(
    counted: list[tuple[int, int]], denominations: tuple[int, ...], currency: str
) -> int:
    """The value of a count by denomination; unknown notes, negative or repeated rows refused."""
    seen: set[int] = set()
    total = 0
    for denomination, count in counted:
        note = display_amount(denomination, currency)
        if denomination not in denominations:
            known = ", ".join(display_amount(d, currency) for d in denominations)
            raise InvalidInput(
                _("{note} is not a denomination this till counts; use one of {known}").format(
                    note=note, known=known
                )
            )
        if denomination in seen:
            raise InvalidInput(
                _("{note} is counted twice; give each denomination once").format(note=note)
            )
        if isinstance(count, bool) or count < 0:
            raise InvalidInput(
                _("the count of {note} must be zero or more, got {count}").format(
                    note=note, count=count
                )
            )
        seen.add(denomination)
        total += check_product(_("the count of {note}").format(note=note), denomination, count)
    return check_amount(_("the counted cash"), total)


def check_float(float_minor: int) -> int:
    if isinstance(float_minor, bool) or float_minor < 0:
        raise InvalidInput(
            _("the opening float must be zero or more minor units, got {value}").format(
                value=float_minor
            )
        )
    return check_cash(_("the opening float"), float_minor)


def check_cash_movement(direction: str, amount_minor: int, reason: str) -> None:
    if direction not in ("in", "out"):
        raise InvalidInput(
            _("cash moves 'in' or 'out' of the drawer, not {direction}").format(
                direction=repr(direction)
            )
        )
    if isinstance(amount_minor, bool) or amount_minor <= 0:
        if direction == "in":
            sentence = _("cash in must be a positive amount, got {value}")
        else:
            sentence = _("cash out must be a positive amount, got {value}")
        raise InvalidInput(sentence.format(value=amount_minor))
    check_cash(_("cash in") if direction == "in" else _("cash out"), amount_minor)
    if not reason.strip():
        if direction == "in":
            raise InvalidInput(_("cash in needs a reason (e.g. 'bank deposit', 'change')"))
        raise InvalidInput(_("cash out needs a reason (e.g. 'bank deposit', 'change')"))


# An approval's details are data the agent checks: never translated.
def cash_out_details(amount_minor: int) -> str:
    return f"cash out {amount_minor}"


@dataclass(frozen=True)
class ShiftCash:
    float_minor: int = 0
    cash_sales_minor: int = 0
    cash_refunds_minor: int = 0
    cash_in_minor: int = 0
    cash_out_minor: int = 0

    @property
    def expected_minor(self) -> int:
        return (
            self.float_minor
            + self.cash_sales_minor
            - self.cash_refunds_minor
            + self.cash_in_minor
            - self.cash_out_minor
        )


def over_short(counted_minor: int, expected_minor: int) -> int:
    return counted_minor - expected_minor
