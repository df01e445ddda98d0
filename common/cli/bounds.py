"""Command-line arguments under the range policy (common.domain.limits): a number beyond its
limit is a usage error with the policy's sentence, before any call is made.

    sopen.add_argument("--float", type=bounded(check_cash, N_("the opening float")))
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from common.errors import InvalidInput
from common.i18n import _

Check = Callable[[str, object], int]


def bounded(check: Check, field: str) -> Callable[[str], int]:
    """An argparse `type` reading a whole number and holding it to `check`; `field` (marked
    with N_) names it in the sentence, in the reader's language."""

    def parse(text: str) -> int:
        stripped = text.strip()
        digits = stripped[1:] if stripped[:1] in "+-" else stripped
        if not (digits.isascii() and digits.isdigit()):
            raise argparse.ArgumentTypeError(
                _("{field} must be a whole number, got {value}").format(
                    field=_(field), value=repr(text)
                )
            )
        try:
            return check(_(field), int(stripped))
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = "number"  # argparse names the type in its own messages
    return parse
