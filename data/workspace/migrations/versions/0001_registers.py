"""Register snapshots: the register list, their row reports and warnings, exact cells,
and workspace settings (the active register).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: 64-bit integers: BIGINT in PostgreSQL, INTEGER (the GeoPackage type name) in SQLite.
BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "szmap_registers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("as_of", sa.Text),
        sa.Column("source_crs", sa.Text, nullable=False),
        sa.Column("row_count", BIGINT, nullable=False),
        sa.Column("valid_count", BIGINT, nullable=False),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sqlite_autoincrement=True,  # ids (and table names) are never reused
    )
    op.create_table(
        "szmap_register_problems",
        sa.Column("register_id", sa.Integer,
                  sa.ForeignKey("szmap_registers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("seq", BIGINT, nullable=False),
        sa.Column("row_number", BIGINT),
        sa.Column("column_name", sa.Text),
        sa.Column("problem", sa.Text),
        sa.Column("fix", sa.Text),
        sa.PrimaryKeyConstraint("register_id", "kind", "seq"),
    )
    op.create_table(
        "szmap_register_cells",
        sa.Column("register_id", sa.Integer,
                  sa.ForeignKey("szmap_registers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.Integer, nullable=False),
        sa.Column("pos", BIGINT, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("register_id", "field", "pos"),
    )
    op.create_table(
        "szmap_settings",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text),
    )


def downgrade() -> None:
    for table in ("szmap_settings", "szmap_register_cells", "szmap_register_problems",
                  "szmap_registers"):
        op.drop_table(table)
