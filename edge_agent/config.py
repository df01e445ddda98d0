"""The edge agent's configuration (E/edge.toml plus STORELEDGER_EDGE_<SECTION>_<KEY>)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common.config import load_config

ENV_PREFIX = "STORELEDGER_EDGE"

DEFAULTS: dict[str, dict[str, Any]] = {
    "store": {"code": "", "name": "", "currency": "CNY"},
    "headoffice": {"address": "127.0.0.1:50061"},
    "sync": {
        "batch_max_entries": 500,
        "batch_max_delay_ms": 20,
        "heartbeat_interval_ms": 2000,
        "backoff_initial_ms": 200,
        "backoff_max_ms": 5000,
    },
    "metrics": {"listen": "127.0.0.1:9471"},
    "log": {"level": "info"},
}


def config_path(data_dir: Path) -> Path:
    return data_dir / "edge.toml"


def load_edge_config(data_dir: Path) -> dict[str, dict[str, Any]]:
    return load_config(config_path(data_dir), DEFAULTS, ENV_PREFIX)
