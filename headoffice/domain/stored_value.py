"""Stored value (储值): an append-only ledger per member with a principal (本金) and a bonus
(赠送) bucket, in integer fen. The balance is the sum of the member's entries; the
account row holding the same two figures is updated in the same transaction and exists
to be locked (one writer per member at a time).

Entry kinds and their signs (principal, bonus):

  topup      +paid, +bonus from the top-up rules         (pay 500 get 80)
  debit      -p, -b split by the spend order              (a till pays with the card)
  refund     +p, +b back to the buckets the debit took    (a return of what it paid for)
  cash_out   -principal, -bonus; payout by the refund rule (the card is paid back)
  merge_out  -all / merge_in +all                         (a duplicate merged away)
  expire     -principal, -bonus left on an expired card     (breakage: domain/stored_value_expiry)

Spend order (`[stored_value] spend_order`): bonus_first, principal_first or pro_rata.
Pro rata takes floor(amount x bonus / balance) from bonus and the rest from principal,
so the fen a division leaves over is always principal's. A refund of part of a debit
gives back to bonus floor((refunded + amount) x debit's bonus / debit's amount) less what
earlier refunds gave back, the rest to principal: refunded in parts or at once, a debit
gives back exactly what it took from each bucket.

Refund rule (`refund_rule`, for cash_out): principal_only pays back the principal left
and forfeits the bonus; pro_rata pays floor(balance x principal topped up / everything
topped up), the share of the value left that the member paid for, and forfeits the rest.

Card limits (单用途商业预付卡管理办法, 2012, art. 21): a named card holds at most
5,000 yuan (named_cap_minor = 500000) and an anonymous one at most 1,000 yuan
(anonymous_cap_minor = 100000); both are configuration, these are the defaults. The
cap applies to the balance after a top-up, bonus included.

Expiry (art. 22): a named card must not expire, an anonymous one not within three years.
`anonymous_expiry_days` (0: never, the default) is how many days after its last top-up
an anonymous card's balance expires; at least MIN_EXPIRY_DAYS (1096: three years with a
leap day in them), so no setting can break the rule. Named cards have no setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.domain.limits import MAX_AMOUNT_MINOR
from common.errors import ConfigError, InvalidInput, Refused
from common.i18n import _

TOPUP, DEBIT, REFUND, CASH_OUT = "topup", "debit", "refund", "cash_out"
MERGE_OUT, MERGE_IN = "merge_out", "merge_in"
EXPIRE = "expire"
KINDS = (TOPUP, DEBIT, REFUND, CASH_OUT, MERGE_OUT, MERGE_IN, EXPIRE)
SPEND_ORDERS = ("bonus_first", "principal_first", "pro_rata")
REFUND_RULES = ("principal_only", "pro_rata")
NAMED_CAP_MINOR = 500_000  # 5,000 yuan: 记名卡 单张限额
ANONYMOUS_CAP_MINOR = 100_000  # 1,000 yuan: 不记名卡 单张限额
MIN_EXPIRY_DAYS = 1096  # 不记名卡有效期不得少于3年: three years, a leap day included
MAX_EXPIRY_DAYS = 36_600
POLICY_DEFAULTS: dict[str, Any] = {
    "spend_order": "bonus_first",
    "refund_rule": "principal_only",
    # PAY:BONUS in fen, comma-separated: pay at least PAY in one top-up, get BONUS on top
    # (the highest tier met); "" for none. 50000:8000 is "pay 500 get 80".
    "topup_rules": "50000:8000",
    "named_cap_minor": NAMED_CAP_MINOR,
    "anonymous_cap_minor": ANONYMOUS_CAP_MINOR,
    # Days after its last top-up an anonymous card's balance expires; 0: never. Named cards
    # never expire (记名卡不得设有效期).
    "anonymous_expiry_days": 0,
}


class StoredValueRefused(Refused):
    """A debit, top-up or refund that would break a rule; nothing was booked."""


class KeyRace(Refused):
    """Another request with the same store and key committed first; ask again."""


@dataclass(frozen=True)
class Balance:
    principal_minor: int
    bonus_minor: int

    @property
    def total_minor(self) -> int:
        return self.principal_minor + self.bonus_minor

    def plus(self, principal_minor: int, bonus_minor: int) -> Balance:
        return Balance(self.principal_minor + principal_minor, self.bonus_minor + bonus_minor)


@dataclass(frozen=True)
class Entry:
    entry_id: int
    member_id: str
    kind: str
    store_code: str  # the store that asked ("" for head office)
    idem_key: str
    amount_minor: int  # what was paid in, spent, given back or paid out (positive)
    principal_minor: int  # signed change to the principal bucket
    bonus_minor: int  # signed change to the bonus bucket
    payout_minor: int  # cash paid back (cash_out), else 0
    ref_entry_id: int  # the debit a refund returns; the other member's entry of a merge
    created_at_ms: int
    actor: str


@dataclass(frozen=True)
class TopupTier:
    pay_minor: int
    bonus_minor: int


@dataclass(frozen=True)
class StoredValuePolicy:
    spend_order: str
    refund_rule: str
    tiers: tuple[TopupTier, ...]
    named_cap_minor: int
    anonymous_cap_minor: int
    anonymous_expiry_days: int = 0  # 0: never; else at least MIN_EXPIRY_DAYS

    def cap(self, card_type: str) -> int:
        return self.named_cap_minor if card_type == "named" else self.anonymous_cap_minor

    def bonus_for(self, paid_minor: int) -> int:
        met = [t.bonus_minor for t in self.tiers if paid_minor >= t.pay_minor]
        return max(met, default=0)


def policy_from_config(config: dict[str, Any]) -> StoredValuePolicy:
    merged = {**POLICY_DEFAULTS, **config}
    if merged["spend_order"] not in SPEND_ORDERS:
        raise ConfigError(
            _("[stored_value] spend_order must be one of {choices}, got {value}").format(
                choices=", ".join(SPEND_ORDERS), value=repr(merged["spend_order"])
            )
        )
    if merged["refund_rule"] not in REFUND_RULES:
        raise ConfigError(
            _("[stored_value] refund_rule must be one of {choices}, got {value}").format(
                choices=", ".join(REFUND_RULES), value=repr(merged["refund_rule"])
            )
        )
    tiers = []
    for n, text in enumerate(filter(None, str(merged["topup_rules"]).split(",")), start=1):
        pay_text, _colon, bonus_text = text.strip().partition(":")
        pay = int(pay_text) if pay_text.isdigit() else 0
        bonus = int(bonus_text) if bonus_text.isdigit() else -1
        if not _whole(pay, 1) or not _whole(bonus, 0) or bonus >= pay:
            raise ConfigError(
                _(
                    "[stored_value] topup_rules entry {n} ({text}) must be PAY:BONUS in whole "
                    "fen, PAY above 0 and BONUS less than PAY, e.g. 50000:8000"
                ).format(n=n, text=repr(text.strip()))
            )
        tiers.append(TopupTier(pay, bonus))
    for key in ("named_cap_minor", "anonymous_cap_minor"):
        if not _whole(merged[key], 1):
            raise ConfigError(
                _("[stored_value] {key} must be a whole number of fen above 0").format(key=key)
            )
    days = merged["anonymous_expiry_days"]
    if not (days == 0 or (_whole(days, MIN_EXPIRY_DAYS) and days <= MAX_EXPIRY_DAYS)):
        raise ConfigError(
            _(
                "[stored_value] anonymous_expiry_days must be 0 (never) or from 1096 to 36600 "
                "days: an anonymous prepaid card may not expire within three years, got {value}"
            ).format(value=repr(days))
        )
    return StoredValuePolicy(
        merged["spend_order"],
        merged["refund_rule"],
        tuple(tiers),
        merged["named_cap_minor"],
        merged["anonymous_cap_minor"],
        days,
    )


def _whole(value: object, minimum: int) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and minimum <= value <= MAX_AMOUNT_MINOR
    )


def check_amount(field: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_AMOUNT_MINOR:
        raise InvalidInput(
            _("{field} must be a whole number of fen from 1 to 100000000000, got {value}").format(
                field=field, value=value
            )
        )
    return value


def split_debit(balance: Balance, amount_minor: int, spend_order: str) -> tuple[int, int]:
    """(principal, bonus) an amount takes, both positive; refused beyond the balance."""
    if amount_minor > balance.total_minor:
        raise StoredValueRefused(
            _(
                "the balance is {balance} fen, less than the {amount} fen asked; nothing was "
                "debited"
            ).format(balance=balance.total_minor, amount=amount_minor)
        )
    if spend_order == "bonus_first":
        bonus = min(amount_minor, balance.bonus_minor)
    elif spend_order == "principal_first":
        bonus = amount_minor - min(amount_minor, balance.principal_minor)
    else:
        bonus = amount_minor * balance.bonus_minor // balance.total_minor
    return amount_minor - bonus, bonus


def split_refund(debit: Entry, refunded_minor: int, amount_minor: int) -> tuple[int, int]:
    """(principal, bonus) a refund of `amount_minor` gives back to the debit's buckets,
    `refunded_minor` having been given back already."""
    left = debit.amount_minor - refunded_minor
    if amount_minor > left:
        raise StoredValueRefused(
            _(
                "debit #{entry} was {amount} fen and {refunded} fen of it is refunded already; "
                "at most {left} fen more can be"
            ).format(
                entry=debit.entry_id, amount=debit.amount_minor, refunded=refunded_minor, left=left
            )
        )
    # Cumulative, so that refunding a debit in parts gives back exactly what it took.
    took_bonus = -debit.bonus_minor
    bonus = (refunded_minor + amount_minor) * took_bonus // debit.amount_minor - (
        refunded_minor * took_bonus // debit.amount_minor
    )
    return amount_minor - bonus, bonus


def cash_out(balance: Balance, topped: Balance, refund_rule: str) -> int:
    """What a member is paid back for closing their stored value; the rest is forfeited."""
    if refund_rule == "principal_only" or topped.total_minor == 0:
        return balance.principal_minor
    return min(
        balance.total_minor * topped.principal_minor // topped.total_minor,
        balance.total_minor,
    )


def check_cap(card_type: str, after: Balance, cap_minor: int) -> None:
    if after.total_minor > cap_minor:
        raise StoredValueRefused(
            _(
                "a {card_type} card may hold at most {cap} fen (prepaid-card rules); this top-up "
                "would make it {after} fen; nothing was topped up"
            ).format(card_type=card_type, cap=cap_minor, after=after.total_minor)
        )


def same_request(entry: Entry, kind: str, member_id: str, amount_minor: int, ref: int) -> bool:
    return (entry.kind, entry.member_id, entry.amount_minor, entry.ref_entry_id) == (
        kind,
        member_id,
        amount_minor,
        ref,
    )


def key_reused(entry: Entry, key: str) -> StoredValueRefused:
    return StoredValueRefused(
        _(
            "idempotency key {key} was already used for a {kind} of {amount} fen on member "
            "{member} (entry #{entry}) with other content; nothing was booked"
        ).format(
            key=repr(key),
            kind=entry.kind,
            amount=entry.amount_minor,
            member=entry.member_id,
            entry=entry.entry_id,
        )
    )
