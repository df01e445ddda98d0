"""The last alert evaluation's counts per store and kind (migration 0023_alert_counts).

evaluate_alerts_job (headoffice/services/alerts.py) replaces every row in one
transaction; /metrics reads them at scrape time (headoffice/api/alert_metrics.py),
so every head-office replica reports the evaluation of whichever replica ran it,
and a scrape costs one small read instead of the evaluation's queries. Counts only:
per-SKU detail is never stored here (hoctl alerts works it out when asked).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, PrimaryKeyConstraint, String, Table

from headoffice.store.tables import metadata

alert_counts = Table(
    "alert_counts",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("active", BigInteger, nullable=False),
    Column("evaluated_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "kind", name="pk_alert_counts"),
)
