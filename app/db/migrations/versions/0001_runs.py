"""The runs table.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

INDEXED = ("name", "dataset", "model", "optimizer", "steps", "final_loss", "final_accuracy", "created_at")


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("dataset", sa.String(64), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("optimizer", sa.String(64), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("final_loss", sa.Float, nullable=True),
        sa.Column("final_accuracy", sa.Float, nullable=True),
        sa.Column("stop_reason", sa.String(64), nullable=True),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("spec", sa.JSON, nullable=False),
        sa.Column("events", sa.JSON, nullable=False),
        sa.Column("n_records", sa.Integer, nullable=False),
        sa.Column("history_columns", sa.JSON, nullable=False),
        sa.Column("history", sa.LargeBinary, nullable=False),
        sa.Column("param_names", sa.JSON, nullable=False),
        sa.Column("params", sa.LargeBinary, nullable=True),
        sa.Column("checksum", sa.String(64), nullable=False),
    )
    for column in INDEXED:
        op.create_index(f"ix_runs_{column}", "runs", [column])


def downgrade() -> None:
    op.drop_table("runs")
