"""The head-office schema as SQLAlchemy Core tables (Alembic migrations create it)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

stores = Table(
    "stores",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

products = Table(
    "products",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("cost_minor", BigInteger, nullable=False),
    Column("category", String(100), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("updated_at_ms", BigInteger, nullable=False),
)

barcodes = Table(
    "barcodes",
    metadata,
    Column("barcode", String(14), primary_key=True),
    Column("sku", String(64), nullable=False, index=True),
)

# The downstream feed, read by stores after a cursor: a product changed for every store,
# or an event for one store (migration 0009 renamed it from catalogue_changes).
downstream_events = Table(
    "downstream_events",
    metadata,
    Column("cursor", BigId, primary_key=True, autoincrement=True),
    Column("sku", String(64), nullable=False),  # "" for a store-targeted event
    Column("created_at_ms", BigInteger, nullable=False),
    # NULL: a catalogue change for every store; else the one store the event is for.
    Column("store_code", String(32), nullable=True),
    # A store-targeted event: the serialised DownstreamEvent (cursor left 0).
    Column("payload", LargeBinary, nullable=True),
    Index("ix_downstream_events_store_cursor", "store_code", "cursor"),
)

store_sync = Table(
    "store_sync",
    metadata,
    Column("store_code", String(32), primary_key=True),
    Column("committed_seq", BigInteger, nullable=False, default=0),
    Column("store_newest_seq", BigInteger, nullable=False, default=0),
    Column("oldest_uncommitted_at_ms", BigInteger, nullable=False, default=0),
    Column("last_contact_ms", BigInteger, nullable=False, default=0),
    Column("agent_version", String(64), nullable=False, default=""),
    Column("checksum_seq", BigInteger, nullable=False, default=0),
    Column("checksum_hex", String(64), nullable=False, default=""),
    Column("connected", Boolean, nullable=False, default=False),
    # While head office refuses the store's batches (services.sync_refusals): since
    # when (the run's first refusal), the refused entry, its reason code and sentence.
    Column("refused_since_ms", BigInteger, nullable=False, default=0),
    Column("refused_seq", BigInteger, nullable=False, default=0),
    Column("refused_reason", String(32), nullable=False, default=""),
    Column("refused_message", Text, nullable=False, default=""),
    # The ledger instance the store is bound to ("" until a hello names one) and the
    # hash of the committed_seq entry, which the next entry must chain from (invariant 7).
    Column("instance_id", String(64), nullable=False, default="", server_default=""),
    Column("instance_bound_at_ms", BigInteger, nullable=False, default=0, server_default="0"),
    Column("head_hash_hex", String(64), nullable=False, default="", server_default=""),
    # When head office disabled the store (0: not disabled, or before this was kept).
    Column("disabled_at_ms", BigInteger, nullable=False, default=0, server_default="0"),
)

# Each committed entry's hash as the edge computed it (common.domain.entry_chain).
entry_hashes = Table(
    "entry_hashes",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("entry_hash", LargeBinary, nullable=False),
    PrimaryKeyConstraint("store_code", "seq", name="pk_entry_hashes"),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("document_type", String(32), nullable=False),
    Column("document_id", String(64), nullable=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    Column("received_at_ms", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    # The database itself enforces exactly-once per store sequence (invariant 3).
    PrimaryKeyConstraint("store_code", "seq", name="pk_journal_entries"),
)

# journal_entries, movements and stock_levels are partitioned by hash of store_code on
# PostgreSQL (migration 0044_store_partitions, docs/scaling.md): their keys hold store_code.
movements = Table(
    "movements",
    metadata,
    # Key (store_code, id) on PostgreSQL, as partitioning requires; SQLite keeps id alone,
    # its INTEGER PRIMARY KEY, which is what auto-increments there.
    Column("id", BigId, nullable=False, autoincrement=True),
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("document_type", String(32), nullable=False),
    Column("document_id", String(64), nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "id", name="pk_movements"),
    Index("ix_movements_store_sku_seq", "store_code", "sku", "seq"),
    # Sales for the accuracy report (migration 0017_count_accuracy_indexes).
    Index(
        "ix_movements_reason_at",
        "reason",
        "occurred_at_ms",
        "store_code",
        "qty_base",
        "unit_cost_minor",
    ),
)

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("avg_cost_minor", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "sku", name="pk_stock_levels"),
    # Stock views (migration 0004): chain totals per SKU, negative and zero lists.
    Index("ix_stock_levels_sku_store", "sku", "store_code", "qty_base", "avg_cost_minor"),
    Index(
        "ix_stock_levels_not_positive",
        "store_code",
        "sku",
        postgresql_where=text("qty_base <= 0"),
        sqlite_where=text("qty_base <= 0"),
    ),
)

users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
)

# The stores' till staff (headoffice.domain.till_staff): one row a person a store.
till_staff = Table(
    "till_staff",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("staff_code", String(32), nullable=False),
    Column("display_name", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("pin_hash", String(256), nullable=False),  # argon2id, never the PIN
    Column("card_hash", String(64), nullable=False),  # sha256 of the card number, "" for none
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("updated_by", String(128), nullable=False),
    PrimaryKeyConstraint("store_code", "staff_code", name="pk_till_staff"),
)

user_stores = Table(
    "user_stores",
    metadata,
    Column("username", String(64), nullable=False),
    Column("store_code", String(32), nullable=False),
    PrimaryKeyConstraint("username", "store_code", name="pk_user_stores"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    # The actor as hashed: `sam`, or `sam@S001` (a store's name of up to 64 characters,
    # '@', its code); older records keep older forms (headoffice.domain.actors).
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(128), nullable=False),
    Column("before_json", Text, nullable=False),
    Column("after_json", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # Whom the record is filed under, read from `actor` (migration 0009 filed the older
    # records): the person ("" when a store named nobody) and the store ("" at head office).
    Column("actor_name", String(128), nullable=False),
    Column("actor_store", String(32), nullable=False),
    # The audit key that sealed the record (domain.audit_chain.AuditKey.key_id); "" for a
    # record written before head office had a key, whose hash is a plain SHA-256 digest.
    Column("key_id", String(16), nullable=False, server_default=""),
    Index("ix_audit_log_entity", "entity", "entity_id"),
    Index("ix_audit_log_actor", "actor_name", "actor_store"),
    Index("ix_audit_log_actor_store", "actor_store"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_id", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

MOVEMENT_COLUMNS = (
    "store_code",
    "seq",
    "sku",
    "qty_base",
    "reason",
    "document_type",
    "document_id",
    "unit_cost_minor",
    "actor",
    "occurred_at_ms",
)

# --- catalogue area (issue 5 item 1): kinds, packs, components, store prices ---
# products.kind (goods | service | bundle) is added by migration 0003.
products.append_column(Column("kind", String(16), nullable=False, server_default="goods"))

# A pack of a product: `case` = 24 base units, with its own barcode (unique chain-wide).
product_packs = Table(
    "product_packs",
    metadata,
    Column("sku", String(64), nullable=False),
    Column("pack", String(32), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("barcode", String(14), nullable=True, unique=True),
    PrimaryKeyConstraint("sku", "pack", name="pk_product_packs"),
)

# What selling one base unit of a bundle or service takes off the shelf.
product_components = Table(
    "product_components",
    metadata,
    Column("sku", String(64), nullable=False),
    Column("component_sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    PrimaryKeyConstraint("sku", "component_sku", name="pk_product_components"),
)

# A store's own price for a SKU, overriding the chain price at that store only.
store_prices = Table(
    "store_prices",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "sku", name="pk_store_prices"),
)

# Every certificate head office issued (a store's bundle, a staff user's identity), and from
# when each is refused; a row without a serial covers every certificate of its subject issued
# before issued_at_ms that has no row of its own (headoffice.domain.certificates).
certificates = Table(
    "certificates",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("role", String(16), nullable=False),  # store, staff
    Column("subject", String(64), nullable=False),  # the store code or user name
    Column("serial", String(40), nullable=True),  # lowercase hex; NULL: a blanket row
    Column("issued_at_ms", BigInteger, nullable=False),
    Column("not_after_ms", BigInteger, nullable=True),
    Column("issued_by", String(128), nullable=False),
    Column("revoked_at_ms", BigInteger, nullable=True),  # refused from then on (may lie ahead)
    Column("revoked_by", String(128), nullable=True),
    Column("revoked_reason", String(16), nullable=True),  # revoked, superseded
    Column("replaced_by", String(40), nullable=True),  # the serial that superseded it
    Index("ux_certificates_serial", "serial", unique=True),
    Index("ix_certificates_subject", "role", "subject"),
    Index("ix_certificates_revoked_at", "revoked_at_ms"),
)

# Stocktake's (and members') tables live in their own module on this metadata; importing it here puts them
# in every reader of `metadata` (Alembic, the schema tests).
from headoffice.store import alert_tables as alert_tables  # noqa: E402
from headoffice.store import channel_tables as channel_tables  # noqa: E402
from headoffice.store import count_tables as count_tables  # noqa: E402
from headoffice.store import coupon_tables as coupon_tables  # noqa: E402

# Transfers, purchasing and write-offs (stock documents head office tracks), likewise.
from headoffice.store import document_tables as document_tables  # noqa: E402
from headoffice.store import job_tables as job_tables  # noqa: E402
from headoffice.store import loyalty_tables as loyalty_tables  # noqa: E402
from headoffice.store import member_sales_tables as member_sales_tables  # noqa: E402
from headoffice.store import member_tables as member_tables  # noqa: E402

# Promotion definitions (migration 0028), likewise.
from headoffice.store import promotion_tables as promotion_tables  # noqa: E402

# The demand sums replenishment keeps (migration 0045), likewise.
from headoffice.store import replenish_demand_tables as replenish_demand_tables  # noqa: E402
from headoffice.store import replenish_tables as replenish_tables  # noqa: E402
from headoffice.store import reward_tables as reward_tables  # noqa: E402

# The sales roll-up (migration 0018), likewise.
from headoffice.store import sales_rollup_table as sales_rollup_table  # noqa: E402

# The reports' sales roll-ups (migration 0024), likewise.
from headoffice.store import sales_tables as sales_tables  # noqa: E402

# Stock-out spans (migration 0043), likewise.
from headoffice.store import stockout_tables as stockout_tables  # noqa: E402
from headoffice.store import voucher_tables as voucher_tables  # noqa: E402
