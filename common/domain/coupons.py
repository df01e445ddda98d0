"""Single-use coupon codes: their shape, their check character, how they are shown.

A coupon is issued by head office against a coupon-gated promotion (its offer's
`coupon_code`, the campaign) and reads `CAMPAIGN-XXXX-XXXX-XXXX`: the campaign, so the till
knows which offer a code unlocks without asking anyone, then eleven random characters and
one check character from an alphabet of 31 without 0, 1, I, L and O (nothing to misread).
The random part is drawn by the caller (head office, with `secrets`); here it is only
checked and combined. The check character is a weighted sum modulo 31 (a prime) of the
campaign and the random part, so any one mistyped character of the random part, and any
two neighbours swapped, is caught at the till before anything is asked of head office.
Codes are bearer value: logs and receipts show them masked (`mask`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 characters, a prime
RANDOM_CHARS = 11
GROUP = 4
MAX_CAMPAIGN_CHARS = 20
CAMPAIGN_SHAPE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
_SHAPE = re.compile(
    r"^(?P<campaign>[A-Z0-9][A-Z0-9-]*?)-(?P<body>[A-Z0-9]{4}-?[A-Z0-9]{4}-?[A-Z0-9]{4})$"
)
_VALUE = {ch: n for n, ch in enumerate(ALPHABET)}
MAX_COUPONS_A_SALE = 5


@dataclass(frozen=True)
class CouponCode:
    campaign: str  # the promotion's coupon code, e.g. WELCOME
    body: str  # 12 characters: 11 random and the check character

    @property
    def text(self) -> str:
        """The canonical form, as printed and stored: WELCOME-7K3M-Q9XD-2HPA."""
        groups = [self.body[n : n + GROUP] for n in range(0, len(self.body), GROUP)]
        return "-".join([self.campaign, *groups])

    @property
    def masked(self) -> str:
        return mask(self.text)


def check_campaign(campaign: str) -> str:
    """A promotion's coupon code that coupons can be issued for: typed at a till, so
    capital letters, digits and '-' only, at most 20 characters."""
    if not CAMPAIGN_SHAPE.match(campaign):
        raise InvalidInput(
            _(
                "coupon code {code} cannot start single-use coupons: use capital letters, "
                "digits and '-' only, at most {limit} characters"
            ).format(code=repr(campaign), limit=MAX_CAMPAIGN_CHARS)
        )
    return campaign


def check_character(campaign: str, random_part: str) -> str:
    total = 0
    for n, ch in enumerate(campaign):
        total += (n % 30 + 1) * ord(ch)
    for n, ch in enumerate(random_part):
        total += (n + 1) * _VALUE[ch]
    return ALPHABET[total % len(ALPHABET)]


def make_code(campaign: str, random_part: str) -> CouponCode:
    """The coupon for `random_part` (RANDOM_CHARS characters of ALPHABET) of a campaign."""
    check_campaign(campaign)
    if len(random_part) != RANDOM_CHARS or any(ch not in _VALUE for ch in random_part):
        raise ValueError("the random part must be 11 characters of the coupon alphabet")
    return CouponCode(campaign, random_part + check_character(campaign, random_part))


def parse_code(typed: str) -> CouponCode:
    """A typed or scanned code, checked: spaces and case do not matter, the groups' dashes
    may be left out; a wrong shape, character or check character is refused."""
    text = "".join(typed.split()).upper()
    found = _SHAPE.match(text) if len(text) <= MAX_CAMPAIGN_CHARS + 15 else None
    if found is None or len(found["campaign"]) > MAX_CAMPAIGN_CHARS:
        raise InvalidInput(
            _("{code} is not a coupon code; a coupon reads like WELCOME-7K3M-Q9XD-2HPA").format(
                code=repr(mask(typed.strip()[:40]))
            )
        )
    body = found["body"].replace("-", "")
    wrong = [ch for ch in body if ch not in _VALUE]
    if wrong:
        raise InvalidInput(
            _(
                "coupon {code} has the character {char}, which coupons never use (they have "
                "no 0, 1, I, L or O); please check what was typed"
            ).format(code=mask(text), char=repr(wrong[0]))
        )
    code = CouponCode(found["campaign"], body)
    if check_character(code.campaign, body[:-1]) != body[-1]:
        raise InvalidInput(
            _("coupon {code} was mistyped (its check character does not match); type it again")
            .format(code=code.masked)
        )  # fmt: skip
    return code


def parse_codes(typed: Iterable[str]) -> tuple[CouponCode, ...]:
    """The coupons presented for one sale: each checked, none twice, at most five."""
    codes = tuple(parse_code(text) for text in typed)
    texts = [code.text for code in codes]
    if len(codes) > MAX_COUPONS_A_SALE:
        raise InvalidInput(
            _("a sale takes at most {limit} coupons, got {count}").format(
                limit=MAX_COUPONS_A_SALE, count=len(codes)
            )
        )
    for text in texts:
        if texts.count(text) > 1:
            raise InvalidInput(
                _("coupon {code} is given twice for one sale").format(code=mask(text))
            )
    return codes


def campaign_of(code: str) -> str:
    """The promotion coupon code a presented code unlocks: an issued coupon's campaign;
    any other text is taken as it is (a bare code an offer may name)."""
    found = _SHAPE.match(code)
    return found["campaign"] if found is not None else code


def mask(code: str) -> str:
    """A code as logs and receipts show it: the campaign and the last group only."""
    found = _SHAPE.match(code)
    if found is None:
        return code[:2] + "*" * max(0, len(code) - 2) if len(code) > 4 else "*" * len(code)
    body = found["body"].replace("-", "")
    return "-".join([found["campaign"], "****", "****", body[-GROUP:]])
