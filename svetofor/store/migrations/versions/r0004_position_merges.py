"""Position merges, dismissed position pairs and pending merge proposals (docs/domain.md §8).

The tables are written out here, not imported from ``schema.py``, so this revision stays what
it was when later ones change the schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "position_merges",
        sa.Column("merged_key", sa.String(), nullable=False),
        sa.Column("surviving_key", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("confirmed_by", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("merged_key"),
    )
    op.create_index(
        op.f("ix_position_merges_surviving_key"), "position_merges", ["surviving_key"], unique=False
    )
    op.create_table(
        "position_dismissed",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("position_keys", sa.Text(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("position_keys"),
    )
    op.create_table(
        "position_proposals",
        sa.Column("merged_key", sa.String(), nullable=False),
        sa.Column("surviving_key", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("merged_key"),
    )


def downgrade() -> None:
    op.drop_table("position_proposals")
    op.drop_table("position_dismissed")
    op.drop_index(op.f("ix_position_merges_surviving_key"), table_name="position_merges")
    op.drop_table("position_merges")
