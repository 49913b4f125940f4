"""Saved views: a map view's state (language, filters, area, colouring …) under a short
id that a link carries.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "szmap_views",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("szmap_views_name", "szmap_views", ["name"])


def downgrade() -> None:
    op.drop_index("szmap_views_name", table_name="szmap_views")
    op.drop_table("szmap_views")
