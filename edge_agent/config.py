"""The edge agent's configuration (E/edge.toml plus STORELEDGER_EDGE_<SECTION>_<KEY>)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common.config import load_config
from common.domain.labels import LABEL_DEFAULTS
from common.i18n import choose_language, set_default_language

ENV_PREFIX = "STORELEDGER_EDGE"

DEFAULTS: dict[str, dict[str, Any]] = {
    # language: the store's, for everything the agent and pos say to people (the till
    # screen, pos, refusals, receipts and reports): zh_CN or en; empty takes the locale's
    # (LC_ALL, LC_MESSAGES, LANG), else en.
    "store": {"code": "", "name": "", "currency": "CNY", "language": ""},
    # One HOST:PORT, several (comma-separated or a TOML list) or dns:///NAME:PORT: gRPC
    # balances over head office's processes (common.ho_address).
    "headoffice": {"address": "127.0.0.1:50061"},
    "sync": {
        "batch_max_entries": 500,
        "batch_max_delay_ms": 20,
        "heartbeat_interval_ms": 2000,
        "backoff_initial_ms": 200,
        "backoff_max_ms": 2000,  # full jitter: a store is back within 2 s of head office
        # Resending a batch head office refused backs off up to this (full jitter): a
        # refusal lasts until its cause is fixed, so no resend and log line every 2 s.
        "refused_resend_max_ms": 60_000,
    },
    "metrics": {"listen": "127.0.0.1:9471"},
    # Till policy (capability 2). Money in minor units.
    "till": {
        "require_open_shift": False,  # scripted sales may run without a shift
        "cash_rounding_minor": 1,  # round cash totals to this unit (10 = 0.10)
        "cash_rounding_mode": "half_up",  # half_up or down
        "time_zone": "Asia/Shanghai",  # business dates for Z reports
        "return_without_receipt_max_minor": 5000,
        "denominations_minor": "10000,5000,2000,1000,500,100,50,10",
        # Notes a customer hands over most, on the payment screen's keys (F5, F6, F7).
        "quick_cash_minor": "2000,5000,10000",
    },
    # Which till actions need a manager's PIN, and how PINs are guarded.
    "approvals": {
        "void_line": True,
        "void_sale": True,
        "price_override": True,
        "line_discount": True,
        "return": False,
        "return_without_receipt": True,
        "no_sale": True,
        "cash_out": True,
        "max_pin_failures": 3,
        "lockout_minutes": 15,
        "approval_ttl_s": 120,
    },
    # Price- and weight-embedded EAN-13 labels: 2P IIIII VVVVV C, where P picks
    # the kind, IIIII is the chain's item code (the SKU's label code) and VVVVV
    # the price in minor units or the weight in grams.
    # Head office reads the same section with the same defaults (common.domain.labels).
    "labels": dict(LABEL_DEFAULTS),
    # Members at the till: with head office unreachable, a member this store looked up
    # online before may pay up to this much stored value (minor units) until head office
    # reconciles it; 0 takes no stored value offline.
    "members": {"offline_allowance_minor": 10_000},
    "log": {"level": "info"},
}


def config_path(data_dir: Path) -> Path:
    return data_dir / "edge.toml"


def load_edge_config(data_dir: Path) -> dict[str, dict[str, Any]]:
    return load_config(config_path(data_dir), DEFAULTS, ENV_PREFIX)


def store_language(config: dict[str, dict[str, Any]]) -> str:
    """The store's language: [store] language (STORELEDGER_EDGE_STORE_LANGUAGE overrides it),
    else the locale's, else English; a language we have no catalogue for is refused."""
    return choose_language(str(config["store"]["language"]), where="store.language")


def speak_the_stores_language(data_dir: Path | None) -> str:
    """Set this process's language once at start (edge-agent, pos): the store's, from its
    data directory's edge.toml and the environment; without a data directory, or before
    `edge-agent init` wrote one, the environment's override, else the locale's."""
    path = config_path(data_dir) if data_dir is not None else None
    language = store_language(load_config(path, DEFAULTS, ENV_PREFIX))
    set_default_language(language)
    return language
