"""The GeoPackage backend: one SQLite file that QGIS (GDAL) opens as it is.

Written with the stdlib ``sqlite3`` driver (through SQLAlchemy for the metadata):
the GeoPackage core tables (``gpkg_spatial_ref_sys`` with EPSG:4326 and the two
undefined systems, ``gpkg_contents``, ``gpkg_geometry_columns``), application_id 'GPKG'
and user_version 10300; each register a feature table with ``fid`` INTEGER PRIMARY KEY
and a ``geom`` POINT column of GeoPackage geometry blobs (built with numpy, no loop per
row); our metadata tables are registered as ``attributes`` so GDAL lists them cleanly.
Rollback journal (not WAL): the .gpkg file alone is the whole workspace, so copying it is
a complete backup, and a writer killed mid-transaction leaves a hot journal that the next
opener rolls back. Writes take the write lock at once (BEGIN IMMEDIATE) and wait up to
the busy timeout for another writer instead of failing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from sqlalchemy import event

from core.i18n import msg
from data.workspace._errors import WorkspaceError
from data.workspace._frames import Column, quote
from data.workspace._schema import VERSION_TABLE
from data.workspace._store import Store

#: application_id values of a GeoPackage ('GPKG'; 'GP10'/'GP11' of versions 1.0/1.1).
GPKG_APPLICATION_IDS = {0x47504B47, 0x47503130, 0x47503131}
APPLICATION_ID = 0x47504B47
USER_VERSION = 10300
SQLITE_MAGIC = b"SQLite format 3\x00"
SQL_TYPES = {"integer": "INTEGER", "real": "REAL", "text": "TEXT", "boolean": "BOOLEAN"}

WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]')

CORE_DDL = (
    """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
        organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
        definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE IF NOT EXISTS gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
        identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL,
        geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
)
SRS_ROWS = (
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined",
     "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
     "undefined geographic coordinate reference system"),
    ("WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT,
     "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
)

#: A GeoPackage point blob: header ('GP', version 0, flags = little-endian, no
#: envelope, srs_id) then ISO WKB (little-endian, type 1 = Point, x, y): 29 bytes.
POINT_BLOB = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"),
                       ("srs_id", "<i4"), ("order", "u1"), ("wkb_type", "<u4"),
                       ("x", "<f8"), ("y", "<f8")])


def point_blobs(lon: np.ndarray, lat: np.ndarray, srs_id: int = 4326) -> np.ndarray:
    """GeoPackage point geometry blobs (bytes) for lon/lat degrees, vectorised; None
    where either coordinate is NaN or infinite."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    valid = np.isfinite(lon) & np.isfinite(lat)
    rec = np.zeros(int(valid.sum()), dtype=POINT_BLOB)
    rec["magic"], rec["version"], rec["flags"], rec["srs_id"] = b"GP", 0, 1, srs_id
    rec["order"], rec["wkb_type"] = 1, 1
    rec["x"], rec["y"] = lon[valid], lat[valid]
    out = np.full(len(lon), None, dtype=object)
    if len(rec):
        out[valid] = rec.view(f"V{POINT_BLOB.itemsize}").tolist()
    return out


class GeoPackageStore(Store):
    backend = "geopackage"

    def __init__(self, path: Path, *, busy_timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        self.busy_timeout_s = float(busy_timeout_s)
        self._check_file()
        super().__init__()

    # --- opening ---------------------------------------------------------------------
    def _check_file(self) -> None:
        p = self.path
        if p.is_dir():
            raise WorkspaceError(msg("ws.err.is_folder"), msg("ws.err.give_gpkg_path"),
                                 source=self.where)
        if not p.exists():
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WorkspaceError(msg("ws.err.cannot_make_folder", detail=exc.strerror),
                                     msg("ws.err.writable_folder"),
                                     source=self.where) from exc
            return
        try:
            with open(p, "rb") as fh:
                head = fh.read(100)
        except OSError as exc:
            raise WorkspaceError(msg("ws.err.unreadable", detail=exc.strerror),
                                 msg("ws.err.check_permissions"), source=self.where) from exc
        if not head:
            return  # an empty file becomes a new GeoPackage
        if not head.startswith(SQLITE_MAGIC) or len(head) < 72:
            raise WorkspaceError(msg("ws.err.not_sqlite"), msg("ws.err.move_or_choose"),
                                 source=self.where)
        app_id = int.from_bytes(head[68:72], "big")
        if app_id not in GPKG_APPLICATION_IDS and app_id != 0:
            raise WorkspaceError(msg("ws.err.other_application", app_id=app_id),
                                 msg("ws.err.choose_other_file"), source=self.where)
        if app_id == 0:
            with sqlite3.connect(f"file:{p}?mode=ro", uri=True) as conn:
                tables = [r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'")]
            conn.close()
            if tables:
                raise WorkspaceError(msg("ws.err.sqlite_not_gpkg",
                                         tables=", ".join(tables[:5])),
                                     msg("ws.err.choose_other_file"), source=self.where)

    def _make_engine(self) -> sa.Engine:
        engine = sa.create_engine(
            f"sqlite:///{self.path}",
            connect_args={"timeout": self.busy_timeout_s, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            dbapi_conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
            dbapi_conn.execute("PRAGMA cache_size = -65536")  # 64 MB

        @event.listens_for(engine, "begin")
        def _begin(conn):
            write = conn.get_execution_options().get("szmap_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def _needs_setup(self, conn: sa.Connection) -> bool:
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
        return app_id not in GPKG_APPLICATION_IDS or conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_contents'").scalar() == 0

    def migrate(self, revision: str = "head") -> None:
        with self.engine.connect() as conn:  # on the driver: outside a transaction, as
            raw = conn.connection.driver_connection  # SQLite requires for this pragma
            mode = raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise WorkspaceError(msg("ws.err.journal_held", mode=mode),
                                 msg("ws.err.close_other_reopen"), source=self.where)
        super().migrate(revision)

    def _setup(self, conn: sa.Connection) -> None:
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
        if app_id not in GPKG_APPLICATION_IDS:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version = {USER_VERSION}")
        for ddl in CORE_DDL:
            conn.exec_driver_sql(ddl)
        # alembic's version table, made before alembic would (as VARCHAR(32), a type
        # GeoPackage readers warn about): TEXT(32) is the GeoPackage spelling
        conn.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version_num TEXT(32) NOT NULL, "
            f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))")
        raw = conn.connection.driver_connection
        raw.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys (srs_name, srs_id, "
                        "organization, organization_coordsys_id, definition, description) "
                        "VALUES (?, ?, ?, ?, ?, ?)", SRS_ROWS)

    def _after_migrate(self, conn: sa.Connection) -> None:
        """Register our metadata tables in gpkg_contents as attribute tables."""
        conn.exec_driver_sql(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
            "SELECT name, 'attributes', name, 'Shenzhen cluster map workspace metadata' "
            "FROM sqlite_master WHERE type = 'table' AND name GLOB 'szmap_*' "
            "AND NOT name GLOB 'szmap_register_[0-9]*' "
            "AND name NOT IN (SELECT table_name FROM gpkg_contents)")

    # --- feature tables --------------------------------------------------------------
    def _create_feature_table(self, raw, table: str, columns: list[Column]) -> None:
        cols = ", ".join(f"{quote(c.stored)} {SQL_TYPES[c.sql]}" for c in columns)
        raw.execute(f"CREATE TABLE {quote(table)} (fid INTEGER PRIMARY KEY NOT NULL, "
                    f"geom POINT{', ' + cols if cols else ''})")

    def _geometry_values(self, lon, lat) -> np.ndarray:
        return point_blobs(lon, lat)

    def _write_chunk(self, raw, table: str, names, kinds, arrays) -> None:
        if names[0] == "fid" and _next_rowids(raw, table, arrays[0]):
            # SQLite gives each new row max(fid) + 1: one value less to bind per row
            names, kinds, arrays = names[1:], kinds[1:], arrays[1:]
        lists = [_rows(a) for a in arrays]
        marks = ", ".join("?" * len(names))
        raw.executemany(f"INSERT INTO {quote(table)} ({', '.join(map(quote, names))}) "
                        f"VALUES ({marks})", zip(*lists, strict=True))

    def _select(self, raw, sql: str, params: tuple, kinds) -> list[np.ndarray]:
        rows = raw.execute(sql, params).fetchall()
        cols = list(zip(*rows, strict=True)) if rows else [()] * len(kinds)
        return [np.array(c, dtype=np.float64) if k == "real" else _objects(c)
                for c, k in zip(cols, kinds, strict=True)]

    def _register_layer(self, conn, table, reg_id, name, bounds) -> None:
        min_x, min_y, max_x, max_y = bounds or (None, None, None, None)
        raw = conn.connection.driver_connection
        raw.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, "
                    "description, min_x, min_y, max_x, max_y, srs_id) "
                    "VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)",
                    (table, _identifier(reg_id, name), f"register {name}",
                     min_x, min_y, max_x, max_y))
        raw.execute("INSERT INTO gpkg_geometry_columns (table_name, column_name, "
                    "geometry_type_name, srs_id, z, m) VALUES (?, 'geom', 'POINT', 4326, 0, 0)",
                    (table,))

    def _rename_layer(self, conn, table, reg_id, name) -> None:
        conn.connection.driver_connection.execute(
            "UPDATE gpkg_contents SET identifier = ?, description = ?, "
            "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?",
            (_identifier(reg_id, name), f"register {name}", table))

    def _drop_feature_table(self, conn, table: str) -> None:
        raw = conn.connection.driver_connection
        # a spatial index a GIS added (GDAL: virtual table rtree_<table>_geom, whose
        # shadow tables go with it; its triggers go with the table)
        raw.execute(f"DROP TABLE IF EXISTS {quote(f'rtree_{table}_geom')}")
        raw.execute(f"DROP TABLE IF EXISTS {quote(table)}")
        for meta in ("gpkg_geometry_columns", "gpkg_extensions", "gpkg_ogr_contents",
                     "gpkg_contents"):
            if raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (meta,)).fetchone():
                raw.execute(f"DELETE FROM {meta} WHERE table_name = ?", (table,))

    # --- errors ----------------------------------------------------------------------
    def translate(self, exc: BaseException) -> WorkspaceError | None:
        orig = getattr(exc, "orig", None) or exc
        if not isinstance(orig, sqlite3.Error):
            return None
        text = str(orig).lower()
        if "locked" in text or "busy" in text:
            return WorkspaceError(msg("ws.err.locked", seconds=self.busy_timeout_s),
                                  msg("ws.err.close_other_retry"), source=self.where)
        if "readonly" in text or "read-only" in text:
            return WorkspaceError(msg("ws.err.read_only"), msg("ws.err.make_writable"),
                                  source=self.where)
        if "not a database" in text or "malformed" in text:
            return WorkspaceError(msg("ws.err.damaged"), msg("ws.err.restore_or_choose"),
                                  source=self.where)
        if "unable to open" in text:
            return WorkspaceError(msg("ws.err.cannot_open_write"),
                                  msg("ws.err.folder_writable"), source=self.where)
        if "full" in text:
            return WorkspaceError(msg("ws.err.disk_full"), msg("ws.err.free_space"),
                                  source=self.where)
        return None


def _rows(values) -> list | np.ndarray:
    """Values sqlite3 binds: Python scalars (an object array is iterated as it is)."""
    if not isinstance(values, np.ndarray):  # arrow
        values = values.to_numpy(zero_copy_only=False)
    return values if values.dtype == object else values.tolist()


def _next_rowids(raw, table: str, fids: np.ndarray) -> bool:
    """Whether ``fids`` are max(fid) + 1, + 2, … of ``table`` (what SQLite assigns)."""
    if not len(fids):
        return False
    top = raw.execute(f"SELECT coalesce(max(fid), 0) FROM {quote(table)}").fetchone()[0]
    return int(fids[0]) == top + 1 and int(fids[-1]) - int(fids[0]) == len(fids) - 1


def _identifier(reg_id: int, name: str) -> str:
    """gpkg_contents.identifier (unique): the register's name and id."""
    return f"{name} (register {reg_id})"


def _objects(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
