"""Placement-check records: every check (a point, a drawn site, a batch) with its inputs,
verdict, certainty, reasons, the boundary versions it used, time and user.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "szmap_check_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),  # UTC, ISO 8601
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),  # point | site | batch
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("register_id", sa.Integer),
        sa.Column("file_name", sa.Text),
        sa.Column("industry", sa.Text),
        sa.Column("verdict", sa.Text),
        sa.Column("certainty", sa.Text),
        sa.Column("reasons", sa.Text, nullable=False),  # JSON list
        sa.Column("area_ids", sa.Text, nullable=False),  # JSON list
        sa.Column("boundary_versions", sa.Text, nullable=False),  # JSON: area -> version
        sa.Column("summary", sa.Text, nullable=False),  # JSON (a batch's counts)
        sa.Column("inputs", sa.Text, nullable=False),  # JSON (everything else stated)
        sqlite_autoincrement=True,
    )
    op.create_index("szmap_check_records_time", "szmap_check_records", ["created_at"])
    op.create_index("szmap_check_records_author", "szmap_check_records", ["author"])


def downgrade() -> None:
    op.drop_index("szmap_check_records_author", table_name="szmap_check_records")
    op.drop_index("szmap_check_records_time", table_name="szmap_check_records")
    op.drop_table("szmap_check_records")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DELETE FROM gpkg_contents WHERE table_name = 'szmap_check_records'")
