"""One range policy: every quantity, amount, sequence and text length the system accepts.

Protects against a value that fits where it was typed but overflows where it is
used: a bundle component of 1e9 sold 1e9 times turns a SQLite stock level into a
REAL and wedges a store's sync; a receipt of 1e9 at 1e13 makes PostgreSQL's chain
stock query fail with "bigint out of range"; a till float of 2^63-1 breaks every
X/Z report. Each limit below is checked where a value enters (CLI, gRPC request,
import, store batch) and again on the values derived from it, with a sentence
naming the field, the value and the limit. docs/limits.md lists them for people.

The arithmetic. Databases hold integers as PostgreSQL bigint / SQLite INTEGER, at
most 2^63 - 1 ~ 9.22e18 (SQLite turns an overflowing product into an inexact
REAL; PostgreSQL raises). Every derived value and every chain-wide sum is kept
within BUDGET = 10^18, a margin of 9.2x. The chain's design envelope is
MAX_STORES = 10^4 stores x MAX_SKUS = 10^6 SKUs = 10^10 stock levels.

- Stock levels: |level| <= MAX_STOCK_QTY_BASE = BUDGET / 10^10 = 10^8, so the sum
  of every level of the chain is <= 10^10 x 10^8 = 10^18, one SKU across the
  chain <= 10^4 x 10^8 = 10^12.
- One line or movement moves at most MAX_QTY_BASE = 10^8 base units, after bundle
  and pack expansion too (MAX_EXPANDED_QTY_BASE): a line that alone overfills a
  level is refused by its own limit, with its own sentence.
- Valuation: unit price and unit cost are <= 10^8 minor units per base unit, so
  qty x cost of one level is <= 10^8 x 10^8 = 10^16 (safe to multiply in SQL row
  by row); each level's value is held to MAX_LEVEL_VALUE_MINOR = BUDGET / 10^10 =
  10^8 (1,000,000.00 in a two-decimal currency), so the chain-wide valuation,
  the sum over 10^10 levels of qty x cost, is <= 10^10 x 10^8 = 10^18 < 9.22e18.
  That is the one limit a real shop could meet (a single SKU worth over a million
  in one store); a chain that needs more shrinks the envelope (1,000 stores x
  100,000 SKUs allows 10^10 a level), it does not raise the budget.
- Amounts (a line total, a document total, a payment, a discount): at most
  MAX_AMOUNT_MINOR = 10^11 (1,000,000,000.00). A line is qty x unit price <=
  10^8 x 10^8 = 10^16 before its check, and a sum of up to 10^7 amounts (a whole
  chain's sales for a day: 10^4 stores x 10^3 sales) stays <= 10^18. Sums over
  longer periods are left to PostgreSQL, whose sum(bigint) is an exact numeric,
  or to Python; SQLite's sum() raises "integer overflow" there rather than wrap.
- Cash at a till (a shift's float, one cash in or out): at most MAX_CASH_MINOR =
  10^8 (1,000,000.00); an X/Z report adds one float, the shift's cash movements
  and its cash sales, each bounded above, over far fewer than 10^7 documents.
- Sequence numbers and cursors are uint64 on the wire and int64 in the databases:
  at most MAX_SEQUENCE = 10^18 (at a million entries a second, 31,000 years), so
  seq + 1 never overflows and a cursor of 2^64-1 is refused with a sentence
  instead of a traceback.
- Texts (checked with common.text_safety.check_length): names 200 characters,
  SKUs 64, references 100, notes 1,000; all far below a spreadsheet cell's 32,767.

Amounts are in minor units whatever the currency, so for JPY or KRW (no minor
digits) the money limits are 100 times smaller in value than for CNY; they still
lie far beyond a small shop's till.
"""

from __future__ import annotations

from collections.abc import Iterable

from common.errors import InvalidInput, InvalidQuantity
from common.i18n import N_, _

INT64_MAX = 2**63 - 1
BUDGET = 10**18  # every derived value and chain-wide sum stays within this
MAX_STORES = 10**4
MAX_SKUS = 10**6

# Quantities, in base units (pieces, grams, millilitres).
# One line of a sale, receipt, order, transfer, write-off or count; a component; a pack.
MAX_QTY_BASE = 10**8
MAX_EXPANDED_QTY_BASE = 10**8  # one line after bundle/pack expansion; one movement
MAX_STOCK_QTY_BASE = BUDGET // (MAX_STORES * MAX_SKUS)  # |one stock level| = 10**8

# Money, in minor units (fen, cents; yen and won have none).
MAX_UNIT_PRICE_MINOR = 10**8  # per base unit
MAX_UNIT_COST_MINOR = 10**8  # per base unit
MAX_AMOUNT_MINOR = 10**11  # a line total, a document total, a payment, a discount
MAX_LEVEL_VALUE_MINOR = BUDGET // (MAX_STORES * MAX_SKUS)  # |qty x cost| of one level = 10**8
MAX_CASH_MINOR = 10**8  # a shift's opening float; one cash in or cash out

MAX_SEQUENCE = BUDGET  # journal sequence numbers, downstream cursors

# Text lengths in characters (code points), checked by common.text_safety.check_length.
MAX_NAME_CHARS = 200  # product, store, supplier, staff and member names
MAX_SKU_CHARS = 64
MAX_REFERENCE_CHARS = 100  # payment, supplier and delivery references; idempotency keys
MAX_NOTE_CHARS = 1000  # reasons and notes

QTY_UNIT = "base units"
MONEY_UNIT = "minor units"
_UNIT_WORDS = {QTY_UNIT: N_("base units"), MONEY_UNIT: N_("minor units")}


def _with_unit(value: int, unit: str) -> str:
    # The unit in the reader's language; a unit a caller named itself is shown as given.
    words = _(_UNIT_WORDS[unit]) if unit in _UNIT_WORDS else unit
    return f"{value} {words}" if words else str(value)


def _whole(field: str, value: object, error: type[InvalidInput] = InvalidInput) -> int:
    # bool is an int in Python, but True pieces is a bug, not a quantity; floats never (invariant 4).
    if isinstance(value, bool) or not isinstance(value, int):
        raise error(
            _("{field} must be a whole number, got {value}").format(field=field, value=repr(value))
        )
    return value


def _within(
    field: str, value: int, limit: int, unit: str, error: type[InvalidInput] = InvalidInput
) -> int:
    if value > limit:
        raise error(
            _("{field} is {value}, more than the limit of {limit}").format(
                field=field, value=_with_unit(value, unit), limit=_with_unit(limit, unit)
            )
        )
    if value < -limit:
        raise error(
            _("{field} is {value}, less than the limit of {limit}").format(
                field=field, value=_with_unit(value, unit), limit=_with_unit(-limit, unit)
            )
        )
    return value


def check_qty(field: str, value: object, limit: int = MAX_QTY_BASE, unit: str = QTY_UNIT) -> int:
    """A positive whole quantity of at most `limit` (one line by default); InvalidQuantity if not.

    check_qty("component quantity of bundle CARWASH", 3) -> 3
    """
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidQuantity(
            _("{field} must be a positive whole number of {unit}, got {value}").format(
                field=field,
                unit=_(_UNIT_WORDS[unit]) if unit in _UNIT_WORDS else unit,
                value=repr(value),
            )
        )
    return _within(field, value, limit, unit, InvalidQuantity)


def check_movement_qty(field: str, value: object) -> int:
    """A signed, non-zero movement quantity of at most MAX_EXPANDED_QTY_BASE either way."""
    qty = _whole(field, value, InvalidQuantity)
    if qty == 0:
        raise InvalidQuantity(_("{field} must not be zero").format(field=field))
    return _within(field, qty, MAX_EXPANDED_QTY_BASE, QTY_UNIT, InvalidQuantity)


def check_stock_level(field: str, value: object) -> int:
    """A stock level (negative allowed: a sale is never refused for lack of book stock)."""
    level = _whole(field, value, InvalidQuantity)
    return _within(field, level, MAX_STOCK_QTY_BASE, QTY_UNIT, InvalidQuantity)


def check_amount(
    field: str, value: object, limit: int = MAX_AMOUNT_MINOR, *, signed: bool = False
) -> int:
    """A whole number of minor units from 0 (or -limit when `signed`) to `limit`."""
    amount = _whole(field, value)
    if amount < 0 and not signed:
        raise InvalidInput(
            _("{field} must be zero or more minor units, got {amount}").format(
                field=field, amount=amount
            )
        )
    return _within(field, amount, limit, MONEY_UNIT)


def check_unit_price(field: str, value: object) -> int:
    """A price per base unit: 0 to MAX_UNIT_PRICE_MINOR."""
    return check_amount(field, value, MAX_UNIT_PRICE_MINOR)


def check_unit_cost(field: str, value: object) -> int:
    """A cost per base unit: 0 to MAX_UNIT_COST_MINOR."""
    return check_amount(field, value, MAX_UNIT_COST_MINOR)


def check_cash(field: str, value: object) -> int:
    """A shift's float or one cash in/out: 0 to MAX_CASH_MINOR."""
    return check_amount(field, value, MAX_CASH_MINOR)


def check_sequence(field: str, value: object) -> int:
    """A journal sequence number or cursor: 0 to MAX_SEQUENCE (uint64 wire, int64 database)."""
    seq = _whole(field, value)
    if seq < 0:
        raise InvalidInput(
            _("{field} must be zero or more, got {seq}").format(field=field, seq=seq)
        )
    return _within(field, seq, MAX_SEQUENCE, "")


def check_product(
    field: str, left: object, right: object, limit: int = MAX_AMOUNT_MINOR, unit: str = MONEY_UNIT
) -> int:
    """left x right, refused if beyond `limit` either way: a line total by default.

    check_product("the line of WATER", qty, unit_price) -> the line's amount;
    check_product("COLA after expanding bundle PARTY", qty, component_qty,
    MAX_EXPANDED_QTY_BASE, QTY_UNIT) -> the base units moved.
    """
    return _within(field, _whole(field, left) * _whole(field, right), limit, unit)


def check_expanded_qty(field: str, qty: object, per_unit: object) -> int:
    """Base units a line moves once expanded (qty x component or pack quantity); InvalidQuantity."""
    product = _whole(field, qty, InvalidQuantity) * _whole(field, per_unit, InvalidQuantity)
    return _within(field, product, MAX_EXPANDED_QTY_BASE, QTY_UNIT, InvalidQuantity)


def check_valuation(field: str, qty: object, unit_cost: object) -> int:
    """The value of one stock level, qty x unit cost, within MAX_LEVEL_VALUE_MINOR either way."""
    return check_product(field, qty, unit_cost, MAX_LEVEL_VALUE_MINOR, MONEY_UNIT)


def check_sum(
    field: str, values: Iterable[object], limit: int = MAX_AMOUNT_MINOR, unit: str = MONEY_UNIT
) -> int:
    """The sum of whole numbers, refused if beyond `limit` either way: a document total by default."""
    return _within(field, sum(_whole(field, v) for v in values), limit, unit)
