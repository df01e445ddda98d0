"""Staff and manager PINs: long enough, not guessable first, and slow to try offline.

Protects against two attacks. Online, at the till: someone tries the PINs people
pick first (0000, 123456, 888888) in the few attempts the lockout allows
(edge_agent approvals: 3 wrong PINs lock a manager out for 15 minutes). Offline:
someone who copies a ledger or head-office database (issue 12 found them
world-readable) runs through every possible PIN against the stored argon2id
hashes; a 4-digit PIN fell in under an hour.

The policy, check_pin(pin):
- 6 to 12 ASCII digits (full-width or other scripts' digits are refused: a till
  keypad cannot type them, and they would hash differently from what it types);
- at least 3 different digits (refuses 111111, 888888, 121212, 666888, 100100);
- not a run of consecutive digits up or down, wrapping 9-0 (123456, 654321,
  345678, 890123);
- not a shorter group repeated (123123, 520520, 12341234);
- not one of COMMON_PINS: the favourites of Chinese users that pass the rules
  above: keypad lines (147258, 258369, 159357), "I love you" numbers (520 =
  wo ai ni, 1314 = yi sheng yi shi, "for a lifetime": 5201314, 1314520, 521314),
  mirrored runs (123321, 654456) and steps (112233, 135790, 246810). Studies of
  leaked Chinese PINs (e.g. Wang et al., "Understanding Human-Chosen PINs:
  Characteristics, Distribution and Security", AsiaCCS 2017) report repeats,
  runs, keypad patterns and love numbers among the commonest choices, with dates.
  Dates are left allowed: YYMMDD, MMDDYY and DDMMYY make 84,050 six-digit PINs
  (one in twelve), and refusing them would surprise everyone who types one; the
  lockout is what stands between a birthday and a guesser at the till.
The refusal sentence never repeats the PIN (it may reach a log).

Offline cost. Hash PINs with argon2id and ARGON2 below: 64 MiB, 6 passes, 4
lanes, i.e. RFC 9106's second recommended option (RFC_9106_LOW_MEMORY: argon2-cffi's
default, what the edge uses today) with its passes doubled. Old hashes keep
verifying (argon2 stores its parameters in the hash); PasswordHasher's
check_needs_rehash() tells when to re-hash one after a right PIN.
Measured by `python -m tests.benchmarks.pin_hash` on the project's shared 2-vCPU
VM (2026-11-25, load average 2.7 from other work, so an idle machine is faster):

  parameters            one hash, CPU   2 cores try   all 996,441 PINs   on average
  t=3 m=64MiB p=4       0.154 s         13.0 a second     21 h             11 h
  t=6 m=64MiB p=4       0.295 s          6.8 a second     41 h             20 h
  t=3 m=256MiB p=4      0.772 s          2.6 a second    107 h             53 h

(the rules refuse 3,559 of the 10^6 six-digit PINs; an attacker's rate is cores /
CPU seconds per hash; the whole space / rate = 996,441 / 6.8 = 146,500 s = 41 h.)
A till waits about 0.3 s for a PIN check with ARGON2, which a sign-in or an
approval can afford; 256 MiB would make it a second and a small store PC swap.
Every extra PIN digit multiplies the search by ten. This is a delay, not a
secret: a GPU rig goes faster, which is why databases are 0600 and PINs are
re-issued when a copy of a ledger leaves the store. Online, the lockout allows 3
tries per 15 minutes: 996,441 / 3 x 15 min = 9.5 years for the same search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _

MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
MIN_DISTINCT_DIGITS = 3

_ASCII_DIGITS = re.compile(r"[0-9]+")

# Common 6+ digit choices the structural rules below do not already refuse.
COMMON_PINS = frozenset(
    {
        "147258",  # keypad columns and diagonals
        "258369",
        "147369",
        "159357",
        "159753",
        "357159",
        "147852",
        "123654",
        "5201314",  # 520 "I love you", 1314 "for a lifetime"
        "1314520",
        "521314",
        "520131",
        "131420",
        "123321",  # mirrored runs
        "654456",
        "112233",  # steps
        "112358",  # Fibonacci
        "135790",
        "246810",
        "135246",
        "123789",
        "987654321",
    }
)


@dataclass(frozen=True)
class Argon2Parameters:
    """argon2-cffi PasswordHasher(**asdict(ARGON2)); type is always argon2id."""

    time_cost: int
    memory_cost: int  # KiB
    parallelism: int
    hash_len: int
    salt_len: int


# RFC 9106's second recommended option (argon2-cffi's default, what the edge uses today)
# with twice the passes: 64 MiB keeps small store PCs out of swap, the passes buy time.
RFC_9106_LOW_MEMORY = Argon2Parameters(
    time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16
)
ARGON2 = Argon2Parameters(time_cost=6, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16)


def _is_run(pin: str) -> bool:
    """Every digit one more (or every digit one less) than the last, 9 wrapping to 0."""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    return steps in ({1}, {9})


def _is_repeated_group(pin: str) -> bool:
    return any(
        len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
        for size in range(1, len(pin) // 2 + 1)
    )


def pin_problem(pin: str) -> str | None:
    """The sentence to refuse this PIN with (in the current language), or None if it is
    acceptable."""
    if not _ASCII_DIGITS.fullmatch(pin) or not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        if not pin:
            return _("a PIN must be {min} to {max} digits 0-9, got nothing").format(
                min=MIN_PIN_DIGITS, max=MAX_PIN_DIGITS
            )
        return _("a PIN must be {min} to {max} digits 0-9, got {count} characters").format(
            min=MIN_PIN_DIGITS, max=MAX_PIN_DIGITS, count=len(pin)
        )
    if len(set(pin)) < MIN_DISTINCT_DIGITS:
        return _(
            "a PIN must use at least {count} different digits (not like 111111, 888888 or "
            "121212); choose another"
        ).format(count=MIN_DISTINCT_DIGITS)
    if _is_run(pin):
        return _("a PIN must not be a run of digits like 123456 or 654321; choose another")
    if _is_repeated_group(pin):
        return _("a PIN must not repeat a group of digits like 123123 or 520520; choose another")
    if pin in COMMON_PINS:
        return _("that PIN is one of the first that anyone would try; choose another")
    return None


def check_pin(pin: str) -> str:
    """Return the PIN unchanged, or raise InvalidInput with the reason (never the PIN)."""
    problem = pin_problem(pin)
    if problem is not None:
        raise InvalidInput(problem)
    return pin
