"""Head office's data directory and configuration (docs/runtime.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.config import load_config
from common.domain.labels import LABEL_DEFAULTS
from common.errors import ConfigError
from common.i18n import _
from headoffice.domain.alerts import POLICY_DEFAULTS as ALERT_POLICY_DEFAULTS
from headoffice.domain.counts import POLICY_DEFAULTS as COUNT_POLICY_DEFAULTS
from headoffice.domain.member_levels import LEVEL_DEFAULTS
from headoffice.domain.points_config import POINTS_DEFAULTS
from headoffice.domain.stored_value import POLICY_DEFAULTS as STORED_VALUE_DEFAULTS
from headoffice.jobs.registry import config_defaults as job_defaults
from headoffice.platforms.settings import DEFAULTS as VOUCHER_DEFAULTS

ENV_PREFIX = "STORELEDGER_HO"

DEFAULTS: dict[str, dict[str, Any]] = {
    "server": {
        "listen": "127.0.0.1:50061",
        "advertise": "",
        "metrics_listen": "127.0.0.1:9461",
    },
    "database": {"url": "", "pool_size": 10},
    "sync": {"heartbeat_timeout_s": 15},
    "log": {"level": "info"},
    # "refuse" a transfer of more than the sender has, or "allow" it with a warning.
    "transfers": {"negative_stock": "refuse"},
    "write_offs": {"approval_threshold_minor": 50_000},
    # Stocktake: ABC thresholds, tolerances by class, the cycle plan (docs/ops-notes/counts.md).
    # utc_offset_minutes: the shops' time zone, where every report's days begin (China: 480);
    # read by count_policy beside the policy's own keys (it may be negative).
    "counts": {**COUNT_POLICY_DEFAULTS, "utc_offset_minutes": 0},
    # Price- and weight-embedded labels, read as the tills read them (hoctl price-cart).
    "labels": dict(LABEL_DEFAULTS),
    # Replenishment (docs/replenishment.md): lead time and review period in days, the
    # service level in basis points (9500 = 0.95; or service_level = 0.95), the demand
    # window (7, 30 or 90 days), the store-to-store cost without a row set by hand.
    "replenishment": {
        "default_lead_time_days": 7,
        "review_period_days": 7,
        "service_level_bp": 9_500,
        "transfer_lead_time_days": 1,
        "demand_window_days": 30,
        "default_transfer_cost_minor": 100,
        "lead_time_orders": 10,
        "slow_mover_days": 30,
    },
    # The daily report snapshots (services.report_snapshots): where, relative to the data
    # directory unless absolute, and how many days the chain sales report covers.
    "reports": {"snapshot_dir": "reports", "snapshot_days": 30},
    # Scheduled jobs: a cron per job, enable flags, retries (docs/jobs.md).
    "jobs": job_defaults(),
    # Chain-wide alert thresholds, range-checked at start (docs/runbook.md).
    "alerts": dict(ALERT_POLICY_DEFAULTS),
    # Member levels and their upgrade rules, lowest first (headoffice.domain.member_levels).
    "members": dict(LEVEL_DEFAULTS),
    # Stored value: spend order, refund rule, top-up tiers and the prepaid-card caps in fen
    # (headoffice.domain.stored_value: named 500000 and anonymous 100000 are the legal caps).
    # offline_allowance_minor: the most one offline debit of a member may take before head
    # office reports it (`hoctl report offline-debits`; the tills' own allowance is theirs).
    "stored_value": {**STORED_VALUE_DEFAULTS, "offline_allowance_minor": 10_000},
    # The points rule (headoffice.domain.points_config): earning, paying with points and
    # expiry_months (0: points never expire), read by the expire_points job.
    "points": dict(POINTS_DEFAULTS),
    # Group-buy voucher platforms, one [vouchers.platforms.NAME] table each with url and
    # timeout_ms (headoffice.platforms.settings, docs/vouchers.md); none: vouchers are off.
    "vouchers": dict(VOUCHER_DEFAULTS),
}


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "headoffice.toml"

    @property
    def tls(self) -> Path:
        return self.root / "tls"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def serve_file(self) -> Path:
        return self.run / "serve.json"

    @property
    def audit(self) -> Path:
        """The audit log's key and checkpoint (store.audit_seal), outside the database."""
        return self.root / "audit"

    @property
    def sqlite_file(self) -> Path:
        return self.root / "headoffice.db"

    def is_initialised(self) -> bool:
        return self.config_file.exists() or (self.tls / "ca.pem").exists()

    def load(self, environ: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
        return load_config(self.config_file, DEFAULTS, ENV_PREFIX, environ)

    def database_url(self, config: dict[str, dict[str, Any]]) -> str:
        return str(config["database"]["url"]) or f"sqlite:///{self.sqlite_file.resolve()}"


def initialised_data_dir(data_dir: str) -> DataDir:
    """The data directory, refused with a sentence unless `headoffice init` made it."""
    data = DataDir(Path(data_dir))
    if not data.config_file.exists():
        raise ConfigError(
            _(
                "{directory} is not a head-office data directory; run 'headoffice init "
                "--data-dir {directory}' first"
            ).format(directory=data.root)
        )
    return data
