"""Import reverts: what each import replaced, kept so it can be undone and re-applied.

Adds ``import_states`` (docs/domain.md §8). Imports made before this revision have no row and
cannot be reverted; their mode reads as ``replace`` (the only mode there was).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None
PARENT = "imports"  # the table whose rows the states belong to


def upgrade() -> None:
    op.create_table(
        "import_states",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("before", sa.LargeBinary(), nullable=False),
        sa.Column("after", sa.LargeBinary(), nullable=True),
        sa.Column("reverted_at", sa.DateTime(), nullable=True),
        sa.Column("reverted_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["import_id"], [f"{PARENT}.id"]),
        sa.PrimaryKeyConstraint("import_id"),
    )


def downgrade() -> None:
    op.drop_table("import_states")
