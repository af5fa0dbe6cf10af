"""Owners: every run, job and upload belongs to an identity; people, their tokens and transfer links.

Runs and jobs made before this revision belong to ``admin``, an owner only the server's
administrator can act on. Run and job ids grow from 16 to 32 hex digits (old ids stay valid).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ADMIN = "admin"


def upgrade() -> None:
    for table in ("runs", "jobs"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("owner", sa.String(64), nullable=False, server_default=ADMIN))
            batch.alter_column("id", existing_type=sa.String(16), type_=sa.String(32), existing_nullable=False)
        with op.batch_alter_table(table) as batch:
            batch.alter_column("owner", server_default=None)  # every new row names its owner
        op.create_index(f"ix_{table}_owner", table, ["owner"])
    op.create_table(
        "people",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_tokens_owner", "tokens", ["owner"])
    op.create_table(
        "transfers",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires", sa.Float, nullable=False),
        sa.Column("used", sa.Boolean, nullable=False),
    )
    op.create_index("ix_transfers_owner", "transfers", ["owner"])
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(34), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.JSON, nullable=False),
    )
    for column in ("owner", "digest", "created_at"):
        op.create_index(f"ix_uploads_{column}", "uploads", [column])


def downgrade() -> None:
    for table in ("uploads", "transfers", "tokens", "people"):
        op.drop_table(table)
    for table in ("jobs", "runs"):
        op.drop_index(f"ix_{table}_owner", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("owner")
            batch.alter_column("id", existing_type=sa.String(32), type_=sa.String(16), existing_nullable=False)
