"""The metadata tables at the head revision, for queries (the migrations in
``migrations/versions`` create them; a new revision changes both)."""

from __future__ import annotations

import sqlalchemy as sa

#: alembic's version table (prefixed like every table of ours).
VERSION_TABLE = "szmap_schema_version"
#: Each register snapshot's rows live in their own feature table of this name + id.
REGISTER_TABLE_PREFIX = "szmap_register_"

metadata = sa.MetaData()

registers = sa.Table(
    "szmap_registers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("imported_at", sa.Text, nullable=False),  # UTC, ISO 8601
    sa.Column("as_of", sa.Text),
    sa.Column("source_crs", sa.Text, nullable=False),
    sa.Column("row_count", sa.BigInteger, nullable=False),
    sa.Column("valid_count", sa.BigInteger, nullable=False),
    sa.Column("roles", sa.Text, nullable=False),   # JSON: role -> column name
    sa.Column("fields", sa.Text, nullable=False),  # JSON: column specs, report dtypes
    sa.Column("notes", sa.Text, nullable=False),   # JSON: list of dicts
    # revision 0005: who saved it (None: saved before users, visible to everyone) and
    # whether it is shared to the workspace (1) or private to its owner (0)
    sa.Column("owner", sa.Text),
    sa.Column("shared", sa.Integer, nullable=False, server_default="1"),
)

problems = sa.Table(
    "szmap_register_problems", metadata,
    sa.Column("register_id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, primary_key=True),  # 'report' | 'warning'
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("row_number", sa.BigInteger),
    sa.Column("column_name", sa.Text),
    sa.Column("problem", sa.Text),
    sa.Column("fix", sa.Text),
)

cells = sa.Table(
    "szmap_register_cells", metadata,
    sa.Column("register_id", sa.Integer, primary_key=True),
    sa.Column("field", sa.Integer, primary_key=True),
    sa.Column("pos", sa.BigInteger, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),  # typed JSON
)

settings = sa.Table(
    "szmap_settings", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text),
)

views = sa.Table(
    "szmap_views", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text),
    sa.Column("state", sa.Text, nullable=False),  # canonical JSON
    sa.Column("created_at", sa.Text, nullable=False),
)

#: Boundary versions (revision 0003): a feature table (``geom`` MULTIPOLYGON, EPSG:4326;
#: read and written through SQL in data.workspace.boundaries, not these columns) …
boundary_versions = sa.Table(
    "szmap_boundary_versions", metadata,
    sa.Column("fid", sa.Integer, primary_key=True),
    sa.Column("area_id", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),  # UTC, ISO 8601
    sa.Column("grade", sa.Text, nullable=False),
    sa.Column("precision_m", sa.Float, nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("area_km2", sa.Float, nullable=False),  # measured in EPSG:4547
    sa.Column("based_on", sa.Integer),  # the version active when it was made
)
#: … and the active version of each area that has one.
boundary_active = sa.Table(
    "szmap_boundary_active", metadata,
    sa.Column("area_id", sa.Text, primary_key=True),
    sa.Column("version_id", sa.Integer, nullable=False),
    sa.Column("activated_at", sa.Text, nullable=False),
    sa.Column("activated_by", sa.Text, nullable=False),
)

#: Placement-check records (revision 0004); JSON in the text columns marked so.
check_records = sa.Table(
    "szmap_check_records", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("lon", sa.Float),
    sa.Column("lat", sa.Float),
    sa.Column("register_id", sa.Integer),
    sa.Column("file_name", sa.Text),
    sa.Column("industry", sa.Text),
    sa.Column("verdict", sa.Text),
    sa.Column("certainty", sa.Text),
    sa.Column("reasons", sa.Text, nullable=False),  # JSON list
    sa.Column("area_ids", sa.Text, nullable=False),  # JSON list
    sa.Column("boundary_versions", sa.Text, nullable=False),  # JSON dict
    sa.Column("summary", sa.Text, nullable=False),  # JSON dict
    sa.Column("inputs", sa.Text, nullable=False),  # JSON dict
)
