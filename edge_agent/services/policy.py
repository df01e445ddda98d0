"""The store's till policy, read once from [till], [approvals] and [labels]."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from common.domain.labels import LabelLayout
from common.domain.limits import check_amount
from common.domain.pricing import CashRounding
from common.errors import ConfigError
from common.i18n import _
from edge_agent.config import DEFAULTS
from edge_agent.domain.approvals import ApprovalPolicy
from edge_agent.domain.reports import zone
from edge_agent.domain.shift import parse_denominations


@dataclass(frozen=True)
class TillPolicy:
    rounding: CashRounding
    labels: LabelLayout
    approvals: ApprovalPolicy
    require_open_shift: bool
    time_zone: ZoneInfo
    denominations: tuple[int, ...]
    return_without_receipt_max_minor: int
    offline_allowance_minor: int = DEFAULTS["members"]["offline_allowance_minor"]

    @classmethod
    def from_config(cls, config: Mapping[str, Mapping[str, Any]]) -> TillPolicy:
        till = {**DEFAULTS["till"], **config.get("till", {})}
        return cls(
            rounding=CashRounding(
                int(till["cash_rounding_minor"]), str(till["cash_rounding_mode"])
            ),
            labels=LabelLayout.from_config({**DEFAULTS["labels"], **config.get("labels", {})}),
            approvals=ApprovalPolicy.from_config(
                {**DEFAULTS["approvals"], **config.get("approvals", {})}
            ),
            require_open_shift=bool(till["require_open_shift"]),
            time_zone=zone(str(till["time_zone"])),
            denominations=parse_denominations(str(till["denominations_minor"])),
            return_without_receipt_max_minor=int(till["return_without_receipt_max_minor"]),
            offline_allowance_minor=offline_allowance(config),
        )


def offline_allowance(config: Mapping[str, Mapping[str, Any]]) -> int:
    """[members] offline_allowance_minor: a whole number of minor units, 0 or more."""
    members = {**DEFAULTS["members"], **config.get("members", {})}
    value = members["offline_allowance_minor"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            _(
                "[members] offline_allowance_minor must be a whole number of minor units, 0 or "
                "more (0 takes no stored value offline), got {value}"
            ).format(value=repr(value))
        )
    return check_amount(_("[members] offline_allowance_minor"), value) if value else 0
