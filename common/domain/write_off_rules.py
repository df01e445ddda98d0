"""Write-off rules both sides apply: the reasons, and when a write-off needs approval."""

from __future__ import annotations

from common.errors import InvalidInput
from common.i18n import _

REASONS = ("damaged", "expired", "theft", "sample")
# 500.00: head office's [write_offs] approval_threshold_minor reaches stores as WriteOffPolicy.
DEFAULT_THRESHOLD_MINOR = 50_000


def check_reason(reason: str) -> str:
    """The reason as given, or one sentence listing the valid ones."""
    valid = ", ".join(REASONS)
    if not reason.strip():
        raise InvalidInput(_("a write-off needs a reason: one of {valid}").format(valid=valid))
    if reason not in REASONS:
        raise InvalidInput(
            _("write-off reason {reason} is not one of {valid}").format(
                reason=repr(reason), valid=valid
            )
        )
    return reason


def needs_approval(value_minor: int, threshold_minor: int) -> bool:
    """Above the threshold a manager must approve; at or below it the stock moves at once."""
    return value_minor > threshold_minor
