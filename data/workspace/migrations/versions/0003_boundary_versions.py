"""Boundary versions: every version of an area's polygon (built, imported, drawn), kept
for good, and which one is active per area.

``szmap_boundary_versions`` is a feature table (MULTIPOLYGON, EPSG:4326: a GeoPackage
geometry blob column registered in gpkg_contents/gpkg_geometry_columns, a PostGIS
``geometry(MultiPolygon, 4326)``), so QGIS shows every version as a layer.
``szmap_boundary_active`` holds one row per area that has an active version.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

VERSIONS = "szmap_boundary_versions"
ACTIVE = "szmap_boundary_active"
#: Columns after the id and the geometry (the same in both backends).
COLUMNS = ("area_id TEXT NOT NULL, source TEXT NOT NULL, author TEXT NOT NULL, "
           "created_at TEXT NOT NULL, grade TEXT NOT NULL, precision_m {real} NOT NULL, "
           "note TEXT, area_km2 {real} NOT NULL, based_on {int}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(f"CREATE TABLE {VERSIONS} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT "
                   "NULL, geom MULTIPOLYGON NOT NULL, "
                   + COLUMNS.format(real="REAL", int="INTEGER") + ")")
        op.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, "
                   "description, srs_id) VALUES ('szmap_boundary_versions', 'features', "
                   "'boundary versions', 'every version of each area''s polygon', 4326)")
        op.execute("INSERT INTO gpkg_geometry_columns (table_name, column_name, "
                   "geometry_type_name, srs_id, z, m) VALUES ('szmap_boundary_versions', "
                   "'geom', 'MULTIPOLYGON', 4326, 0, 0)")
        integer = "INTEGER"
    else:
        op.execute(f"CREATE TABLE {VERSIONS} (fid bigserial PRIMARY KEY, "
                   "geom geometry(MultiPolygon, 4326) NOT NULL, "
                   + COLUMNS.format(real="double precision", int="bigint") + ")")
        op.execute(f"CREATE INDEX {VERSIONS}_geom ON {VERSIONS} USING gist (geom)")
        integer = "bigint"
    op.execute(f"CREATE INDEX {VERSIONS}_area ON {VERSIONS} (area_id)")
    op.execute(f"CREATE TABLE {ACTIVE} (area_id TEXT PRIMARY KEY NOT NULL, "
               f"version_id {integer} NOT NULL REFERENCES {VERSIONS} (fid), "
               "activated_at TEXT NOT NULL, activated_by TEXT NOT NULL)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(f"DROP TABLE {ACTIVE}")
    op.execute(f"DROP TABLE {VERSIONS}")
    if dialect == "sqlite":
        for meta in ("gpkg_geometry_columns", "gpkg_contents"):
            op.execute(f"DELETE FROM {meta} WHERE table_name IN "
                       f"('{VERSIONS}', '{ACTIVE}')")
