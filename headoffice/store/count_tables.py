"""Stocktake tables (migration 0016_stocktake), on the schema's one metadata (tables.py).

count_sessions holds each session as head office knows it; count_lines every
count line a store journalled, with the book head office computed at the
line's position beside the one the store said; count_results the posted
result per session and SKU, which the accuracy report reads.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

from headoffice.store.tables import metadata

count_sessions = Table(
    "count_sessions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("store_code", String(32), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("scope_kind", String(16), nullable=False),
    # JSON: {"categories": [...], "locations": [...], "abc_classes": [...], "skus": [...]}
    Column("scope", Text, nullable=False),
    Column("tol_a_bp", Integer, nullable=False),
    Column("tol_b_bp", Integer, nullable=False),
    Column("tol_c_bp", Integer, nullable=False),
    Column("tol_value_minor", BigInteger, nullable=False),
    Column("tol_second_approval_minor", BigInteger, nullable=False),
    Column("classes", Text, nullable=False),  # JSON {sku: "A" | "B"}; absent: C
    Column("title", String(100), nullable=False),
    Column("blind", Boolean, nullable=False),
    Column("round", Integer, nullable=False),
    Column("recount_skus", Text, nullable=False),  # JSON list
    Column("selling_locations", Text, nullable=False),  # JSON list
    Column("first_approver", String(64), nullable=False),
    Column("approved_by", String(64), nullable=False),
    Column("second_approved_by", String(64), nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("opened_seq", BigInteger, nullable=False),
    Column("opened_at_ms", BigInteger, nullable=False),
    Column("submitted_seq", BigInteger, nullable=False),
    Column("submitted_at_ms", BigInteger, nullable=False),
    Column("posted_seq", BigInteger, nullable=False),
    Column("posted_at_ms", BigInteger, nullable=False),
    Column("anomaly", String(500), nullable=False),
    Index("ix_count_sessions_store_state", "store_code", "state"),
)

count_lines = Table(
    "count_lines",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("session_id", String(64), nullable=False),
    Column("line_id", String(64), nullable=False),
    Column("sku", String(64), nullable=False),  # empty: an unknown barcode
    Column("scanned_code", String(64), nullable=False),
    Column("location", String(40), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("reason", String(200), nullable=False),
    Column("round", Integer, nullable=False),
    Column("counter", String(64), nullable=False),
    Column("store_book_qty_base", BigInteger, nullable=False),  # as the store said
    Column("book_qty_base", BigInteger, nullable=False),  # as head office computed
    Column("book_mismatch", Boolean, nullable=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "seq", name="pk_count_lines"),
    Index("ix_count_lines_session_seq", "session_id", "seq"),
    # a SKU's lines in a session, by round and seq (migration 0019_count_line_sums): the
    # variance report reads the lines of a SKU whose round has several, and no others
    Index("ix_count_lines_session_sku", "session_id", "sku", "round", "seq"),
)

count_results = Table(
    "count_results",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("session_id", String(64), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("category_code", String(100), nullable=False),
    Column("abc_class", String(1), nullable=False),
    Column("book_qty_base", BigInteger, nullable=False),
    Column("counted_qty_base", BigInteger, nullable=False),
    Column("variance_qty_base", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    Column("value_minor", BigInteger, nullable=False),
    Column("within_tolerance", Boolean, nullable=False),
    Column("round", Integer, nullable=False),
    Column("moved_qty_base", BigInteger, nullable=False),
    Column("posted_at_ms", BigInteger, nullable=False),
    Column("posted_seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("session_id", "sku", name="pk_count_results"),
    Index("ix_count_results_store_sku_posted", "store_code", "sku", "posted_at_ms"),
    # The accuracy report's top losses (migration 0017_count_accuracy_indexes): the losses
    # alone, with what the ranking reads.
    Index(
        "ix_count_results_losses",
        "posted_at_ms",
        "store_code",
        "sku",
        "category_code",
        "value_minor",
        postgresql_where=text("value_minor < 0"),
        sqlite_where=text("value_minor < 0"),
    ),
)

# A posted session's results added up per ABC class, written with them in the same
# transaction (CountsRepository.insert_results): the accuracy report reads 3 rows a
# session instead of one a SKU (migration 0017_count_accuracy_indexes).
count_result_sums = Table(
    "count_result_sums",
    metadata,
    Column("session_id", String(64), nullable=False),
    Column("posted_seq", BigInteger, nullable=False),  # a posting in parts: one per part
    Column("abc_class", String(1), nullable=False),
    Column("store_code", String(32), nullable=False),
    Column("posted_at_ms", BigInteger, nullable=False),
    Column("counted", BigInteger, nullable=False),
    Column("within", BigInteger, nullable=False),
    Column("loss_minor", BigInteger, nullable=False),  # <= 0
    Column("gain_minor", BigInteger, nullable=False),  # >= 0
    PrimaryKeyConstraint("session_id", "posted_seq", "abc_class", name="pk_count_result_sums"),
    Index("ix_count_result_sums_posted", "posted_at_ms", "store_code"),
    # Carries what the report adds up, so SQLite reads the index alone rather than look up
    # every row (migration 0018_sales_day_rollup; it was (store_code, posted_at_ms)).
    Index(
        "ix_count_result_sums_store_posted",
        "store_code",
        "posted_at_ms",
        "abc_class",
        "counted",
        "within",
        "loss_minor",
        "gain_minor",
    ),
)

# The count tolerance each store was last sent (a CountPolicy down its stream), so a store
# is sent the chain's tolerance when it connects and does not have it (migration 0020).
count_tolerance_sent = Table(
    "count_tolerance_sent",
    metadata,
    Column("store_code", String(32), primary_key=True),
    Column("a_bp", BigInteger, nullable=False),
    Column("b_bp", BigInteger, nullable=False),
    Column("c_bp", BigInteger, nullable=False),
    Column("value_minor", BigInteger, nullable=False),
    Column("second_approval_minor", BigInteger, nullable=False),
)

# Each store's key items for handover spot counts as head office last set them (hoctl
# count key-items set), in counting order; sent down as a KeyItemsOrder (migration 0020).
count_key_items = Table(
    "count_key_items",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "position", name="pk_count_key_items"),
)

# One row a store whose key items were ever set, empty or not (migration 0025): who, when,
# and from where (KEY_ITEMS_FROM).
count_key_item_lists = Table(
    "count_key_item_lists",
    metadata,
    Column("store_code", String(32), primary_key=True),
    Column("set_by", String(64), nullable=False),
    Column("set_at_ms", BigInteger, nullable=False),
    Column("set_from", String(16), nullable=False),
)

# Each session's count lines added up per (SKU, round), kept as each line is stored, in the
# same transaction (CountsRepository.insert_line's upsert; migration 0019_count_line_sums
# fills it from the lines already stored): the variance report reads one row a SKU instead
# of grouping the lines. first/last: the round's lines of the least and greatest seq, with
# head office's book at each; counter and place: the least of the round's (the only ones of
# a round of one line; a round of several has its lines read). SKU "": unknown barcodes.
count_line_sums = Table(
    "count_line_sums",
    metadata,
    Column("session_id", String(64), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("round", Integer, nullable=False),
    Column("lines", BigInteger, nullable=False),
    Column("counted", BigInteger, nullable=False),
    Column("mismatches", BigInteger, nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("first_book", BigInteger, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_book", BigInteger, nullable=False),
    Column("counter", String(64), nullable=False),
    Column("place", String(40), nullable=False),
    PrimaryKeyConstraint("session_id", "sku", "round", name="pk_count_line_sums"),
)
