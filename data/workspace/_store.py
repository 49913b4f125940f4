"""What both backends share: the engine and its transactions, the migrations, and every
statement on the metadata tables (SQLAlchemy Core). A backend adds the feature tables:
their DDL, the bulk writes and reads (driver level, for speed), and its own errors."""

from __future__ import annotations

import json
from contextlib import contextmanager

import numpy as np
import sqlalchemy as sa

from core.i18n import msg
from data.workspace import _migrate
from data.workspace._errors import WorkspaceError
from data.workspace._frames import Column, quote
from data.workspace._schema import REGISTER_TABLE_PREFIX, cells, problems, registers, views
from data.workspace._schema import settings as settings_t

#: Rows written per bulk statement (bounds the memory of one step; about 20–60 MB).
CHUNK_ROWS = 200_000
PROBLEM_COLUMNS = ("register_id", "kind", "seq", "row_number", "column_name", "problem",
                   "fix")
PROBLEM_KINDS = ("integer", "text", "integer", "integer", "text", "text", "text")
CELL_COLUMNS = ("register_id", "field", "pos", "value")
CELL_KINDS = ("integer", "integer", "integer", "text")
ACTIVE_KEY = "active_register"


def table_name(reg_id: int) -> str:
    return f"{REGISTER_TABLE_PREFIX}{int(reg_id)}"


class Store:
    """One workspace database. Subclasses implement the ``_``-prefixed hooks."""

    backend = ""
    #: how the user should read where this is (a path, or a URL without password)
    where = "workspace"

    def __init__(self) -> None:
        self.engine = self._make_engine()

    # --- hooks -----------------------------------------------------------------------
    def _make_engine(self) -> sa.Engine:
        raise NotImplementedError

    def _needs_setup(self, conn: sa.Connection) -> bool:
        """Whether the backend's own set-up (GeoPackage tables …) is missing."""
        return False

    def _setup(self, conn: sa.Connection) -> None:
        """Create the backend's own tables/extensions, in the migration transaction."""

    def _after_migrate(self, conn: sa.Connection) -> None:
        """Anything to do once the schema is at its revision (same transaction)."""

    def _create_feature_table(self, raw, table: str, columns: list[Column]) -> None:
        raise NotImplementedError

    def _geometry_values(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @contextmanager
    def _bulk(self, raw, table: str, names, kinds):
        """Where :meth:`_write_chunk` writes the rows of one bulk insert (default: the
        driver connection itself)."""
        yield raw

    def _write_chunk(self, sink, table: str, names, kinds, arrays) -> None:
        """Write one slice of rows (``arrays``: one per column, numpy or arrow)."""
        raise NotImplementedError

    def _select(self, raw, sql: str, params: tuple, kinds) -> list[np.ndarray]:
        raise NotImplementedError

    def _register_layer(self, conn: sa.Connection, table: str, reg_id: int, name: str,
                        bounds) -> None:
        """Record the feature table where GIS readers look for layers (GeoPackage)."""

    def _rename_layer(self, conn: sa.Connection, table: str, reg_id: int, name: str) -> None:
        """Follow a register's new name in the layer records (GeoPackage)."""

    def _drop_feature_table(self, conn: sa.Connection, table: str) -> None:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {quote(table)}")

    def _snapshot_options(self) -> dict:
        return {}

    def translate(self, exc: BaseException) -> WorkspaceError | None:
        """The WorkspaceError (with its fix) for a database error, or None."""
        return None

    # --- transactions and migrations -------------------------------------------------
    @contextmanager
    def tx(self, *, write: bool = False, snapshot: bool = False):
        """A connection in a transaction: committed when the block ends, rolled back
        when it raises. ``write``: take the write lock at once (GeoPackage);
        ``snapshot``: every statement sees the same state (PostgreSQL: repeatable
        read; a GeoPackage read transaction always does)."""
        with self.engine.connect() as conn:
            if write:
                conn.execution_options(szmap_write=True)
            if snapshot:
                conn.execution_options(**self._snapshot_options())
            with conn.begin():
                yield conn

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` (set-up and migrations in one transaction;
        nothing to do, and no write lock taken, when it is already there)."""
        target = _migrate.head() if revision == "head" else revision
        with self.tx() as conn:
            if not self._needs_setup(conn) and _migrate.current(conn) == target:
                return
        with self.tx(write=True) as conn:
            self._lock_migrations(conn)
            self._setup(conn)
            _migrate.upgrade(conn, revision, where=self.where)
            self._after_migrate(conn)

    def _lock_migrations(self, conn: sa.Connection) -> None:
        """Serialise concurrent migrations (GeoPackage: the write lock already does)."""

    def revision(self) -> str | None:
        with self.tx() as conn:
            return _migrate.current(conn)

    def close(self) -> None:
        self.engine.dispose()

    # --- registers -------------------------------------------------------------------
    def register_rows(self) -> list[sa.Row]:
        with self.tx() as conn:
            return conn.execute(sa.select(
                registers.c.id, registers.c.name, registers.c.file_name,
                registers.c.imported_at, registers.c.as_of, registers.c.source_crs,
                registers.c.row_count, registers.c.valid_count, registers.c.owner,
                registers.c.shared,
            ).order_by(registers.c.id)).all()

    def active_id(self, conn: sa.Connection | None = None) -> int | None:
        if conn is None:
            with self.tx() as c:
                return self.active_id(c)
        value = conn.execute(sa.select(settings_t.c.value)
                             .where(settings_t.c.key == ACTIVE_KEY)).scalar()
        return int(value) if value not in (None, "") else None

    def set_active(self, reg_id: int | None) -> None:
        with self.tx(write=True) as conn:
            conn.execute(sa.delete(settings_t).where(settings_t.c.key == ACTIVE_KEY))
            if reg_id is not None:
                if conn.execute(sa.select(registers.c.id)
                                .where(registers.c.id == reg_id)).first() is None:
                    raise WorkspaceError(msg("ws.err.deleted_meanwhile", id=reg_id),
                                         msg("ws.err.choose_other_register"),
                                         source=self.where)
                conn.execute(sa.insert(settings_t).values(key=ACTIVE_KEY, value=str(reg_id)))

    def save(self, meta: dict, columns: list[Column], lon: np.ndarray, lat: np.ndarray,
             problem_arrays: list[np.ndarray], taken) -> int:
        """Store one register in one transaction; returns its id. ``taken(name)`` is
        the error for a name already used."""
        n = len(lon)
        geoms = self._geometry_values(lon, lat)
        with self.tx(write=True) as conn:
            if conn.execute(sa.select(registers.c.id)
                            .where(registers.c.name == meta["name"])).first() is not None:
                raise taken(meta["name"])
            reg_id = conn.execute(sa.insert(registers).values(**meta)
                                  .returning(registers.c.id)).scalar_one()
            table = table_name(reg_id)
            raw = conn.connection.driver_connection
            self._create_feature_table(raw, table, columns)
            self._bulk_insert(raw, table, ["fid", "geom", *[c.stored for c in columns]],
                              ["integer", "geom", *[c.sql for c in columns]],
                              [np.arange(1, n + 1, dtype=np.int64), geoms,
                               *[c.values for c in columns]])
            if len(problem_arrays[0]):
                problem_arrays = [np.full(len(problem_arrays[0]), reg_id, dtype=np.int64),
                                  *problem_arrays]
                self._bulk_insert(raw, problems.name, PROBLEM_COLUMNS, PROBLEM_KINDS,
                                  problem_arrays)
            cell_rows = [(reg_id, i, p, v) for i, c in enumerate(columns) for p, v in c.cells]
            if cell_rows:
                arrays = [np.array(a, dtype=object) for a in zip(*cell_rows, strict=True)]
                self._bulk_insert(raw, cells.name, CELL_COLUMNS, CELL_KINDS, arrays)
            valid = np.isfinite(lon) & np.isfinite(lat)
            bounds = ((float(lon[valid].min()), float(lat[valid].min()),
                       float(lon[valid].max()), float(lat[valid].max()))
                      if valid.any() else None)
            self._register_layer(conn, table, reg_id, meta["name"], bounds)
        return reg_id

    def _bulk_insert(self, raw, table: str, names, kinds, arrays) -> None:
        n = len(arrays[0])
        with self._bulk(raw, table, names, kinds) as sink:
            for start in range(0, n, CHUNK_ROWS):
                self._write_chunk(sink, table, names, kinds,
                                  [a[start:start + CHUNK_ROWS] for a in arrays])

    def load(self, reg_id: int):
        """(registers row, its ``fields`` spec, the stored column arrays, report and
        warning arrays, cells by field) of one register, read in one snapshot; None when
        there is no such register."""
        with self.tx(snapshot=True) as conn:
            row = conn.execute(sa.select(registers).where(registers.c.id == reg_id)).first()
            if row is None:
                return None
            spec = json.loads(row.fields)
            raw = conn.connection.driver_connection
            return (row, spec, self.read_columns(raw, reg_id, spec["columns"]),
                    self.read_problems(raw, reg_id, "report"),
                    self.read_problems(raw, reg_id, "warning"),
                    self.read_cells(raw, reg_id))

    def read_columns(self, raw, reg_id: int, columns: list[dict]) -> list[np.ndarray]:
        if not columns:
            return []
        names = ", ".join(quote(c["stored"]) for c in columns)
        return self._select(raw, f"SELECT {names} FROM {quote(table_name(reg_id))} "
                                 f"ORDER BY fid", (), [c["sql"] for c in columns])

    def read_problems(self, raw, reg_id: int, kind: str) -> list[np.ndarray]:
        return self._select(raw, "SELECT row_number, column_name, problem, fix FROM "
                                 f"szmap_register_problems WHERE register_id = {int(reg_id)} "
                                 f"AND kind = '{kind}' ORDER BY seq", (), PROBLEM_KINDS[3:])

    def read_cells(self, raw, reg_id: int) -> dict[int, list[tuple[int, str]]]:
        field, pos, value = self._select(
            raw, "SELECT field, pos, value FROM szmap_register_cells WHERE register_id = "
                 f"{int(reg_id)} ORDER BY field, pos", (), CELL_KINDS[1:])
        out: dict[int, list[tuple[int, str]]] = {}
        for f, p, v in zip(field.tolist(), pos.tolist(), value.tolist(), strict=True):
            out.setdefault(int(f), []).append((int(p), v))
        return out

    def rename(self, reg_id: int, new_name: str, taken) -> None:
        with self.tx(write=True) as conn:
            other = conn.execute(sa.select(registers.c.id)
                                 .where(registers.c.name == new_name)).scalar()
            if other is not None and other != reg_id:
                raise taken(new_name)
            conn.execute(sa.update(registers).where(registers.c.id == reg_id)
                         .values(name=new_name))
            self._rename_layer(conn, table_name(reg_id), reg_id, new_name)

    def set_shared(self, reg_id: int, shared: bool) -> None:
        with self.tx(write=True) as conn:
            conn.execute(sa.update(registers).where(registers.c.id == reg_id)
                         .values(shared=int(bool(shared))))

    def delete(self, reg_id: int) -> None:
        with self.tx(write=True) as conn:
            self._drop_feature_table(conn, table_name(reg_id))
            for t in (problems, cells):
                conn.execute(sa.delete(t).where(t.c.register_id == reg_id))
            conn.execute(sa.delete(registers).where(registers.c.id == reg_id))
            if self.active_id(conn) == reg_id:
                conn.execute(sa.delete(settings_t).where(settings_t.c.key == ACTIVE_KEY))

    # --- views -----------------------------------------------------------------------
    def put_view(self, ids: list[str], state: str, name: str | None, now: str) -> str:
        """Store ``state`` under the first of ``ids`` (longer and longer prefixes of one
        hash) that is free or already holds it; returns that id."""
        with self.tx(write=True) as conn:
            for vid in ids:
                row = conn.execute(sa.select(views.c.state, views.c.name)
                                   .where(views.c.id == vid)).first()
                if row is None:
                    conn.execute(sa.insert(views).values(id=vid, name=name, state=state,
                                                         created_at=now))
                    return vid
                if row.state == state:
                    if name is not None and name != row.name:
                        conn.execute(sa.update(views).where(views.c.id == vid)
                                     .values(name=name))
                    return vid
        raise WorkspaceError(msg("ws.err.no_view_id"), msg("ws.err.report_bug"),
                             source=self.where)

    def view_rows(self) -> list[sa.Row]:
        with self.tx() as conn:
            return conn.execute(sa.select(views.c.id, views.c.name, views.c.created_at,
                                          views.c.state).order_by(views.c.created_at,
                                                                  views.c.id)).all()

    def get_view(self, vid: str) -> str | None:
        with self.tx() as conn:
            return conn.execute(sa.select(views.c.state).where(views.c.id == vid)).scalar()

    def delete_view(self, vid: str) -> bool:
        with self.tx(write=True) as conn:
            return conn.execute(sa.delete(views).where(views.c.id == vid)).rowcount > 0
