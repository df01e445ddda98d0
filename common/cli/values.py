"""How one value is written: a time as RFC 3339, money for people as 12.34.

JSON and CSV keep money and quantities as the integers they are (docs/output.md);
only text for people formats money, and always the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from common.domain.money import DEFAULT_CURRENCY, format_minor
from common.errors import InvalidInput
from common.i18n import _


def rfc3339(ms: int) -> str | None:
    """Milliseconds since the epoch as RFC 3339 UTC ('2024-05-01T08:30:00.000Z'); None for 0."""
    if ms <= 0:
        return None
    moment = dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def money_text(amount_minor: int, currency: str = DEFAULT_CURRENCY) -> str:
    """Money for people: 12345 -> '123.45' (the currency's minor digits), sign kept."""
    return format_minor(amount_minor, currency or DEFAULT_CURRENCY)


_SCOPE_PARTS = (("categories", "category"), ("locations", "location"), ("abc_classes", "class"))


def scope_cell(scope: Mapping[str, Any] | None) -> str:
    """A count's scope (docs/output.md `scope`) as one table or CSV cell: what it was chosen
    by, as name=value pairs (`category=drinks location=A-`); its SKUs are not listed (a full
    count holds thousands: `sku_count` counts them). Empty for a full or SKU-list scope."""
    if not scope:
        return ""
    return " ".join(
        f"{name}={value}" for key, name in _SCOPE_PARTS for value in scope.get(key) or ()
    )


def seconds_text(ms: int) -> str:
    """Milliseconds as seconds with three decimals, in integer arithmetic: 1234 -> '1.234'."""
    sign = "-" if ms < 0 else ""
    whole, frac = divmod(abs(ms), 1000)
    return f"{sign}{whole}.{frac:03d}"


def moment_ms(text: str) -> int:
    """YYYY-MM-DD or an ISO-8601 time (UTC unless it names a zone) as epoch ms.

    A refusal is the sentence for a person (common.cli.options.moment_arg wraps it).
    """
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("must be a date (2026-11-24) or time (2026-11-24T09:30), got {text}").format(
                text=repr(text)
            )
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)
