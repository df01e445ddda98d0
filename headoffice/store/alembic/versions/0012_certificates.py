"""Certificates: every certificate head office issues, by serial, and from when each is
refused (revoked, or superseded by a reissue): the revocation list head office checks each
call's certificate against (headoffice.domain.certificates, docs/security.md).

Revision ID: 0012_certificates
Revises: 0011

Nothing is backfilled: certificates issued before this revision were never recorded, and
stay accepted until a reissue or revoke of their store or user writes a blanket row (no
serial) that refuses every earlier certificate head office has no row for.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_certificates"
down_revision = "0011"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("serial", sa.String(40), nullable=True),
        sa.Column("issued_at_ms", sa.BigInteger, nullable=False),
        sa.Column("not_after_ms", sa.BigInteger, nullable=True),
        sa.Column("issued_by", sa.String(128), nullable=False),
        sa.Column("revoked_at_ms", sa.BigInteger, nullable=True),
        sa.Column("revoked_by", sa.String(128), nullable=True),
        sa.Column("revoked_reason", sa.String(16), nullable=True),
        sa.Column("replaced_by", sa.String(40), nullable=True),
    )
    op.create_index("ux_certificates_serial", "certificates", ["serial"], unique=True)
    op.create_index("ix_certificates_subject", "certificates", ["role", "subject"])
    op.create_index("ix_certificates_revoked_at", "certificates", ["revoked_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_certificates_revoked_at", "certificates")
    op.drop_index("ix_certificates_subject", "certificates")
    op.drop_index("ux_certificates_serial", "certificates")
    op.drop_table("certificates")
