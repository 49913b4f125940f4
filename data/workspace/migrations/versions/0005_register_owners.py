"""Register owners: who saved each register and whether it is shared to the workspace.
A register saved before this revision has no owner and stays visible to everyone.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on both backends (no table rebuild: the GeoPackage keeps its
    # contents rows and feature tables as they are)
    op.add_column("szmap_registers", sa.Column("owner", sa.Text))
    op.add_column("szmap_registers", sa.Column("shared", sa.Integer, nullable=False,
                                               server_default="1"))
    op.create_index("szmap_registers_owner", "szmap_registers", ["owner"])


def downgrade() -> None:
    op.drop_index("szmap_registers_owner", table_name="szmap_registers")
    with op.batch_alter_table("szmap_registers") as batch:
        batch.drop_column("shared")
        batch.drop_column("owner")
