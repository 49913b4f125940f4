"""The PostGIS backend: a PostgreSQL database by URL (psycopg 3).

Each register snapshot is its own table ``szmap_register_<id>`` (``fid`` bigint primary
key, ``geom geometry(Point,4326)``, the user's columns with their own types): the same
layout as the GeoPackage, so QGIS shows each snapshot as a layer with its own fields,
a snapshot is dropped with one statement, and no query on one register scans another.
(One shared table with a snapshot id would need the user's columns as JSON, which QGIS
cannot show as fields.) Rows are written and read with COPY in CSV built and parsed
by pyarrow (the geometry as hex EWKB, built with numpy), everything of one save in one
transaction.
"""

from __future__ import annotations

import binascii
import io
import re
from contextlib import contextmanager

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa

from core.i18n import msg
from data.workspace._errors import WorkspaceError
from data.workspace._frames import Column, quote
from data.workspace._store import Store

SQL_TYPES = {"integer": "bigint", "real": "double precision", "text": "text",
             "boolean": "boolean"}
ARROW_TYPES = {"integer": pa.int64(), "real": pa.float64(), "text": pa.string(),
               "boolean": pa.bool_(), "geom": pa.string()}
#: EWKB point with SRID: byte order (1 = little-endian), type 0x20000001, srid, x, y.
EWKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("srid", "<u4"),
                       ("x", "<f8"), ("y", "<f8")])
#: Key of the advisory lock that serialises migrations across processes.
MIGRATION_LOCK = 0x737A6D6170  # 'szmap'
START_HINT = msg("ws.err.start_server")


def ewkb_hex(lon: np.ndarray, lat: np.ndarray, srid: int = 4326) -> pa.Array:
    """Hex EWKB points for lon/lat degrees as an arrow string array, vectorised (no
    Python object per row); null where either coordinate is NaN or infinite."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    n = len(lon)
    valid = np.isfinite(lon) & np.isfinite(lat)
    rec = np.zeros(n, dtype=EWKB_POINT)
    rec["order"], rec["type"], rec["srid"] = 1, 0x20000001, srid
    rec["x"], rec["y"] = lon, lat
    size = EWKB_POINT.itemsize  # records are contiguous: one hexlify gives every row's
    hexes = binascii.hexlify(rec.tobytes())  # 2·size characters, back to back
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    fixed = pa.FixedSizeBinaryArray.from_buffers(pa.binary(2 * size), n,
                                                 [bitmap, pa.py_buffer(hexes)])
    return fixed.cast(pa.string())


def hidden(url: str) -> str:
    """The URL with its password replaced by ***."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


class PostgisStore(Store):
    backend = "postgis"

    def __init__(self, url: str, *, connect_timeout_s: float = 10.0) -> None:
        parsed = sa.make_url(url)
        if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        else:
            raise WorkspaceError(msg("ws.err.url_scheme", scheme=parsed.drivername),
                                 msg("ws.err.use_pg_url"), source=hidden(url))
        self.url = parsed
        self.where = hidden(url)
        self.connect_timeout_s = connect_timeout_s
        super().__init__()

    def _make_engine(self) -> sa.Engine:
        return sa.create_engine(self.url, pool_pre_ping=True,
                                connect_args={"connect_timeout": int(self.connect_timeout_s),
                                              "application_name": "szmap-workspace"})

    def _snapshot_options(self) -> dict:
        return {"isolation_level": "REPEATABLE READ"}

    def _needs_setup(self, conn: sa.Connection) -> bool:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'").scalar() == 0

    def _lock_migrations(self, conn: sa.Connection) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")

    def _setup(self, conn: sa.Connection) -> None:
        if not self._needs_setup(conn):
            return
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        except sa.exc.DBAPIError as exc:
            raise WorkspaceError(
                msg("ws.err.no_postgis", detail=str(getattr(exc, "orig", exc)).strip()),
                msg("ws.err.create_postgis"), source=self.where) from exc

    # --- feature tables --------------------------------------------------------------
    def _create_feature_table(self, raw, table: str, columns: list[Column]) -> None:
        cols = "".join(f", {quote(c.stored)} {SQL_TYPES[c.sql]}" for c in columns)
        raw.execute(f"CREATE TABLE {quote(table)} (fid bigint PRIMARY KEY, "
                    f"geom geometry(Point, 4326){cols})")

    def _geometry_values(self, lon, lat) -> np.ndarray:
        return ewkb_hex(lon, lat)

    @contextmanager
    def _bulk(self, raw, table: str, names, kinds):
        """One COPY … FROM STDIN (CSV) for all the chunks; a writer thread sends each
        chunk while the next one is built (and the server parses it meanwhile)."""
        from psycopg.copy import QueuedLibpqWriter

        cols = ", ".join(map(quote, names))
        sql = f"COPY {quote(table)} ({cols}) FROM STDIN (FORMAT csv)"
        with raw.cursor() as cur, cur.copy(sql, writer=QueuedLibpqWriter(cur)) as copy:
            yield copy

    def _write_chunk(self, copy, table: str, names, kinds, arrays) -> None:
        """Rows as CSV that pyarrow writes (NULL unquoted and empty, an empty string
        quoted)."""
        batch = pa.table({f"c{i}": _arrow(a, ARROW_TYPES[k])
                          for i, (a, k) in enumerate(zip(arrays, kinds, strict=True))})
        buf = io.BytesIO()
        pacsv.write_csv(batch, buf, pacsv.WriteOptions(include_header=False,
                                                       quoting_style="needed"))
        copy.write(buf.getvalue())

    def _select(self, raw, sql: str, params: tuple, kinds) -> list[np.ndarray]:
        buf = io.BytesIO()
        with raw.cursor() as cur, cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)",
                                           params or None) as copy:
            for data in copy:
                buf.write(data)
        if buf.tell() == 0:
            return [np.zeros(0, dtype=np.float64) if k == "real"
                    else np.zeros(0, dtype=object) for k in kinds]
        buf.seek(0)
        names = [f"c{i}" for i in range(len(kinds))]
        table = pacsv.read_csv(
            buf, read_options=pacsv.ReadOptions(column_names=names, block_size=64 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: ARROW_TYPES[k] for n, k in zip(names, kinds, strict=True)},
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=False,
                true_values=["t"], false_values=["f"]))
        return [_numpy(table.column(n), k) for n, k in zip(names, kinds, strict=True)]

    # --- errors ----------------------------------------------------------------------
    def translate(self, exc: BaseException) -> WorkspaceError | None:
        import psycopg

        orig = getattr(exc, "orig", None) or exc
        if isinstance(orig, psycopg.OperationalError) and (
                "connect" in str(orig).lower() or "connection" in str(orig).lower()):
            return WorkspaceError(msg("ws.err.unreachable",
                                      detail=str(orig).strip().splitlines()[0]),
                                  START_HINT, source=self.where)
        if isinstance(orig, psycopg.errors.InsufficientPrivilege):
            return WorkspaceError(msg("ws.err.permission", detail=str(orig).strip()),
                                  msg("ws.err.grant_rights"), source=self.where)
        if isinstance(orig, psycopg.errors.UniqueViolation) and "name" in str(orig):
            return WorkspaceError(msg("ws.err.name_taken_meanwhile"),
                                  msg("ws.err.choose_other_name"), source=self.where)
        if isinstance(orig, psycopg.errors.DiskFull):
            return WorkspaceError(msg("ws.err.server_disk_full"),
                                  msg("ws.err.free_server_space"), source=self.where)
        return None


def _arrow(values, type_: pa.DataType) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values if values.type == type_ else values.cast(type_)
    return pa.array(values, type=type_, from_pandas=True)


def _numpy(col: pa.ChunkedArray, kind: str) -> np.ndarray:
    if kind == "real":
        return col.to_numpy().astype(np.float64)  # nulls → NaN
    if kind == "integer" and col.null_count == 0:
        return col.to_numpy()
    if kind == "text":
        out = np.empty(len(col), dtype=object)
        out[:] = col.to_numpy(zero_copy_only=False)
        return out
    out = np.empty(len(col), dtype=object)
    out[:] = col.to_pylist()
    return out
