"""PINs hashed and checked as common.domain.pins says: argon2id with pins.ARGON2.

One place for every PIN a person types (a manager's approval today, a cashier's
sign-in next): a new PIN must pass the policy (pins.check_pin) before it is
hashed; checking a PIN says whether it matched, and when it did, whether its
hash was made with older parameters (argon2 keeps them in the hash, so an old
hash still verifies) and should be replaced by `rehashed`, and whether the PIN
itself no longer meets the policy (a 4-digit PIN set before it) and must be
changed before it is accepted again. The PIN itself is never kept or logged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from common.domain.pins import ARGON2, check_pin, pin_problem

_HASHER = PasswordHasher(**asdict(ARGON2))  # argon2id, argon2-cffi's default type


@dataclass(frozen=True, slots=True)
class PinCheck:
    matched: bool
    # With a match: the PIN hashed again under ARGON2 when the stored hash used other
    # parameters (store it), and the policy's sentence when the PIN no longer meets it.
    rehashed: str | None = None
    policy_problem: str | None = None


NO_MATCH = PinCheck(False)


def hash_new_pin(pin: str) -> str:
    """The argon2id hash of a PIN the policy accepts; InvalidInput (never naming the PIN)
    otherwise."""
    return _HASHER.hash(check_pin(pin))


def check_pin_hash(pin_hash: str, pin: str) -> PinCheck:
    try:
        _HASHER.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return NO_MATCH
    problem = pin_problem(pin)
    if problem is not None:
        return PinCheck(True, policy_problem=problem)
    rehashed = _HASHER.hash(pin) if _HASHER.check_needs_rehash(pin_hash) else None
    return PinCheck(True, rehashed=rehashed)
