"""The public workspace API: :func:`open_workspace` and :class:`Workspace` (see the
package docstring for the design)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import settings
from core.i18n import joined, msg
from data.workspace import boundaries as _boundaries
from data.workspace import checks as _checks
from data.workspace._errors import WorkspaceError
from data.workspace._frames import (
    decode_column,
    dtype_from_spec,
    dtype_spec,
    encode_frame,
)
from data.workspace._store import Store
from data.workspace.boundaries import BoundaryVersion

REPORT_COLUMNS = ("row", "column", "problem", "fix")
LIST_COLUMNS = ("id", "name", "file_name", "imported_at", "as_of", "source_crs", "rows",
                "valid_rows", "owner", "shared", "active")
#: Characters of a view id (url-safe base64 of SHA-256 of the canonical state); longer
#: prefixes are used only on a collision.
VIEW_ID_LENGTHS = (8, 12, 16, 24, 43)
#: Longest register name, characters.
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class RegisterInfo:
    """One stored register snapshot. ``imported_at``: UTC, ISO 8601; ``rows``: every
    input row kept; ``valid_rows``: rows with a point (finite lon/lat); ``owner``: who
    saved it (None: saved before the workspace knew users); ``shared``: visible to every
    user of the workspace (else only to its owner)."""

    id: int
    name: str
    file_name: str
    imported_at: str
    as_of: str | None
    source_crs: str
    rows: int
    valid_rows: int
    owner: str | None = None
    shared: bool = True
    active: bool = False


@dataclass
class StoredRegister:
    """A register as saved: ``frame`` with the same columns, order, dtypes and values,
    ``report``/``warnings`` (row, column, problem, fix), ``columns`` (role → column),
    ``notes`` (list of dicts) and ``info``."""

    frame: pd.DataFrame
    report: pd.DataFrame
    warnings: pd.DataFrame
    columns: dict
    notes: list[dict]
    info: RegisterInfo = field(repr=False)


def open_workspace(url: str | None = None, *, busy_timeout_s: float = 30.0) -> Workspace:
    """Open (creating it if needed) the workspace at ``url`` and migrate its schema to
    the newest revision.

    ``url``: ``None`` → :func:`core.settings.workspace_url` (env ``SZMAP_DB_URL``, else
    ``<data dir>/workspace.gpkg``); ``postgresql://user:pass@host:port/db`` → PostGIS;
    ``gpkg:///abs/path.gpkg`` or a path ending in ``.gpkg`` → GeoPackage file.
    ``busy_timeout_s``: how long a GeoPackage write waits for another writer, seconds."""
    return _open(url, busy_timeout_s=busy_timeout_s)


def _open(url: str | None, *, revision: str = "head", busy_timeout_s: float = 30.0
          ) -> Workspace:
    """:func:`open_workspace` at any ``revision`` (the tests open old schemas)."""
    store = _store_for(settings.workspace_url() if url is None else str(url),
                       busy_timeout_s=busy_timeout_s)
    ws = Workspace(store)
    try:
        with ws._errors():
            store.migrate(revision)
    except BaseException:
        store.close()
        raise
    return ws


def _store_for(url: str, *, busy_timeout_s: float) -> Store:
    text = url.strip()
    lower = text.lower()
    if lower.startswith(("postgresql:", "postgres:", "postgresql+psycopg:")):
        import sqlalchemy as sa

        from data.workspace._postgis import PostgisStore, hidden
        try:
            return PostgisStore(text)
        except sa.exc.ArgumentError as exc:
            raise WorkspaceError(msg("ws.err.bad_url", detail=str(exc)),
                                 msg("ws.err.use_pg_url"), source=hidden(text)) from exc
    if lower.startswith("gpkg://"):
        path = Path(text[len("gpkg://"):])
    elif lower.startswith("file://"):
        path = Path(text[len("file://"):])
    elif "://" not in text and lower.endswith(".gpkg"):
        path = Path(text)
    else:
        raise WorkspaceError(msg("ws.err.unknown_address"), msg("ws.err.use_address"),
                             source=url)
    from data.workspace._gpkg import GeoPackageStore
    return GeoPackageStore(path.expanduser().resolve(), busy_timeout_s=busy_timeout_s)


class Workspace:
    """Saved work behind one interface, on a GeoPackage file or a PostGIS database.
    Methods may be called from several threads (each call takes its own connection).
    Errors are :class:`WorkspaceError` with what to do."""

    def __init__(self, store: Store):
        self._store = store
        self._lock = threading.RLock()

    @property
    def backend(self) -> str:
        """``'geopackage'`` or ``'postgis'``."""
        return self._store.backend

    @property
    def location(self) -> str:
        """The file path, or the database URL without its password."""
        return self._store.where

    def __repr__(self) -> str:
        return f"Workspace({self.backend}: {self.location})"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the connections (the workspace stays as it is)."""
        self._store.close()

    @contextmanager
    def _errors(self):
        """Database errors with a known cause become WorkspaceError."""
        with self._lock:
            try:
                yield
            except WorkspaceError:
                raise
            except Exception as exc:
                translated = self._store.translate(exc)
                if translated is None:
                    raise
                raise translated from exc

    # --- registers -------------------------------------------------------------------
    def save_register(self, frame: pd.DataFrame, *, name: str, file_name: str,
                      as_of: str | None, source_crs: str, report: pd.DataFrame,
                      warnings: pd.DataFrame | None = None, columns: dict | None = None,
                      notes: list[dict] | None = None, owner: str | None = None,
                      shared: bool = True) -> RegisterInfo:
        """Store a register snapshot in one transaction (an error or a killed process
        leaves the workspace as it was) and return its info.

        ``frame``: every input row — the user's columns (any names) plus ``lon_wgs84``/
        ``lat_wgs84`` (WGS-84 degrees, NaN for rejected rows: stored with no geometry)
        and ``row`` (1-based). ``report``/``warnings``: (row, column, problem, fix).
        ``columns``: role → column name; ``notes``: JSON-able dicts. ``name`` must be
        new (see :meth:`free_name`); ``as_of``: the date the register describes.
        ``owner``: who saves it (default :func:`current_user`); ``shared``: False keeps
        it private to its owner (see ``visible_to`` of :meth:`list_registers`)."""
        name = self._check_name(name)
        if not isinstance(frame, pd.DataFrame):
            raise WorkspaceError(msg("ws.err.not_dataframe", kind=type(frame).__name__),
                                 msg("ws.err.pass_read_points"))
        missing = [c for c in ("lon_wgs84", "lat_wgs84") if c not in frame.columns]
        if missing:
            raise WorkspaceError(msg("ws.err.no_coord_column",
                                     columns=joined(missing, "ws.err.and")),
                                 msg("ws.err.save_read_points_adds"))
        lon = _coords(frame, "lon_wgs84")
        lat = _coords(frame, "lat_wgs84")
        warnings = _empty_report() if warnings is None else warnings
        fields: dict[str, Any] = {"version": 1, "columns": [], "report": {}, "frame": {}}
        encoded = encode_frame(frame)
        fields["columns"] = [{**c.spec, "sql": c.sql} for c in encoded]
        fields["frame"] = _frame_spec(frame)
        problem_arrays, fields["report"] = _encode_problems(report, warnings)
        valid = int((np.isfinite(lon) & np.isfinite(lat)).sum())
        meta = {"name": name, "file_name": str(file_name), "imported_at": _now(),
                "as_of": None if as_of is None else str(as_of), "source_crs": str(source_crs),
                "row_count": len(frame), "valid_count": valid,
                "roles": _dumps(columns or {}, "columns"), "fields": _dumps(fields, "frame"),
                "notes": _dumps(list(notes or []), "notes"),
                "owner": _owner(owner), "shared": int(bool(shared))}
        with self._errors():
            reg_id = self._store.save(meta, encoded, lon, lat, problem_arrays, self._taken)
            return self._info(reg_id)

    def list_registers(self, visible_to: str | None = None) -> pd.DataFrame:
        """One row per register, oldest first: id, name, file_name, imported_at (UTC
        ISO 8601), as_of, source_crs, rows, valid_rows, owner, shared, active.
        ``visible_to``: only the registers that user may see (their own, the shared
        ones and those saved before users); None: all (the CLI, an admin)."""
        with self._errors():
            rows = self._rows(visible_to)
            active = self._store.active_id()
        frame = pd.DataFrame([tuple(r) + (r.id == active,) for r in rows],
                             columns=list(LIST_COLUMNS))
        return frame.astype({"id": "int64", "rows": "int64", "valid_rows": "int64",
                             "shared": "bool", "active": "bool"})

    def load_register(self, key: int | str, *, visible_to: str | None = None
                      ) -> StoredRegister:
        """The register of id ``key`` (int) or name ``key`` (str), as it was saved.
        ``visible_to``: refused (as unknown) when that user may not see it."""
        with self._errors():
            reg_id = self._resolve(key, visible_to)
            loaded = self._store.load(reg_id)
            if loaded is None:
                raise self._unknown(key)
            row, spec, arrays, report, warnings, cells = loaded
            active = self._store.active_id()
        columns = [decode_column(s, a, cells.get(i, []))
                   for i, (s, a) in enumerate(zip(spec["columns"], arrays, strict=True))]
        frame = _assemble(spec, columns, len(arrays[0]) if arrays else row.row_count)
        return StoredRegister(
            frame=frame,
            report=_decode_problems(report, spec["report"]["report"]),
            warnings=_decode_problems(warnings, spec["report"]["warning"]),
            columns=json.loads(row.roles), notes=json.loads(row.notes),
            info=_row_info(row, active))

    def register_info(self, key: int | str, *, visible_to: str | None = None
                      ) -> RegisterInfo:
        """The :class:`RegisterInfo` of the register of id or name ``key``
        (``visible_to``: as in :meth:`load_register`)."""
        with self._errors():
            return self._info(self._resolve(key, visible_to))

    def rename_register(self, key: int | str, new_name: str, *, by: str | None = None
                        ) -> None:
        """Give a register a new name (names are unique). ``by``: the user asking —
        refused unless they own it (or it has no owner); None: no check (CLI, admin)."""
        new_name = self._check_name(new_name)
        with self._errors():
            self._store.rename(self._owned(key, by, "rename"), new_name, self._taken)

    def delete_register(self, key: int | str, *, by: str | None = None) -> None:
        """Delete a register with its rows and report (the active one is unset).
        ``by``: as in :meth:`rename_register`."""
        with self._errors():
            self._store.delete(self._owned(key, by, "delete"))

    def share_register(self, key: int | str, shared: bool, *, by: str | None = None
                       ) -> RegisterInfo:
        """Share a register to the workspace (every user sees it) or make it private
        to its owner again. ``by``: as in :meth:`rename_register`."""
        with self._errors():
            reg_id = self._owned(key, by, "share")
            self._store.set_shared(reg_id, shared)
            return self._info(reg_id)

    def set_active_register(self, key: int | str | None) -> None:
        """Make a register the one the app uses (``None``: none)."""
        with self._errors():
            self._store.set_active(None if key is None else self._resolve(key))

    def active_register(self) -> RegisterInfo | None:
        """The register the app uses, or None."""
        with self._errors():
            reg_id = self._store.active_id()
            return None if reg_id is None else self._info(reg_id)

    def free_name(self, base: str) -> str:
        """``base`` if no register has that name, else ``base (2)``, ``base (3)`` …"""
        base = self._check_name(base)
        with self._errors():
            names = {r.name for r in self._store.register_rows()}
        candidate, n = base, 1
        while candidate in names:
            n += 1
            candidate = f"{base} ({n})"
        return candidate

    # --- views -----------------------------------------------------------------------
    def save_view(self, state: dict, name: str | None = None) -> str:
        """Store a view's state (a JSON-able dict); returns its short id (8 url-safe
        characters; the same state always gets the same id)."""
        if not isinstance(state, dict):
            raise WorkspaceError(msg("ws.err.state_not_dict", kind=type(state).__name__),
                                 msg("ws.err.pass_state_dict"))
        canonical = _dumps(state, "view state", canonical=True)
        digest = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest())
        ids = [digest.decode("ascii").rstrip("=")[:n] for n in VIEW_ID_LENGTHS]
        with self._errors():
            return self._store.put_view(ids, canonical, name, _now("microseconds"))

    def load_view(self, short_id: str) -> dict:
        """The state saved under ``short_id``."""
        with self._errors():
            state = self._store.get_view(str(short_id))
        if state is None:
            raise WorkspaceError(msg("ws.err.no_view", id=short_id),
                                 msg("ws.err.check_link"), source=self.location)
        return json.loads(state)

    def list_views(self) -> pd.DataFrame:
        """Saved views, oldest first: id, name, created_at (UTC ISO 8601), state (dict)."""
        with self._errors():
            rows = self._store.view_rows()
        return pd.DataFrame([(r.id, r.name, r.created_at, json.loads(r.state)) for r in rows],
                            columns=["id", "name", "created_at", "state"])

    def delete_view(self, short_id: str) -> None:
        """Delete a saved view."""
        with self._errors():
            if not self._store.delete_view(str(short_id)):
                raise WorkspaceError(msg("ws.err.no_view", id=short_id),
                                     msg("ws.err.list_views"), source=self.location)

    # --- boundary versions -----------------------------------------------------------
    def save_boundary_version(self, area_id: str, geometry, *, source: str,
                              author: str | None = None, grade: str = "official",
                              precision_m: float = 10.0, note: str | None = None,
                              based_on: int | None) -> BoundaryVersion:
        """Store a new version of ``area_id``'s polygon (a shapely (Multi)Polygon in
        EPSG:4326, or a GeoSeries/GeoDataFrame in any CRS) and make it the active one.

        ``based_on``: the version that was active when the user started (None: none
        was). If another version became active meanwhile, nothing is saved and a
        WorkspaceError says who activated it and when. ``author``: default env
        ``SZMAP_USER`` or the OS user. Nothing is ever overwritten."""
        with self._errors():
            vid = _boundaries.save_version(
                self._store, area_id, geometry, source=source, author=author, grade=grade,
                precision_m=precision_m, note=note, based_on=based_on)
            return _boundaries.info(self._store, vid)

    def list_boundary_versions(self, area_id: str | None = None) -> pd.DataFrame:
        """Every stored version (of ``area_id``, or of all areas), by area then age: id,
        area_id, active, source, author, created_at (UTC ISO 8601), grade, precision_m,
        area_km2 (EPSG:4547), note, based_on."""
        with self._errors():
            return _boundaries.rows(self._store, area_id)

    def boundary_version(self, version_id: int) -> BoundaryVersion:
        """The :class:`BoundaryVersion` of id ``version_id``."""
        with self._errors():
            return _boundaries.info(self._store, version_id)

    def active_boundary_version(self, area_id: str) -> int | None:
        """The id of ``area_id``'s active version, or None (the built polygon)."""
        frame = self.list_boundary_versions(area_id)
        active = frame.loc[frame["active"], "id"]
        return int(active.iloc[0]) if len(active) else None

    def activate_boundary_version(self, version_id: int, *, based_on: int | None,
                                  author: str | None = None) -> BoundaryVersion:
        """Make a stored version its area's active one (any version, any time).
        ``based_on``: the version the user saw active; refused like a save when another
        became active meanwhile."""
        with self._errors():
            _boundaries.activate(self._store, version_id, based_on=based_on, author=author)
            return _boundaries.info(self._store, version_id)

    def active_boundaries(self):
        """The active version of each area that has one, as a GeoDataFrame (EPSG:4326):
        the listing's columns, ``version_id`` and the polygon (MultiPolygon). Pass it to
        ``data.areas.load_areas(versions=...)``."""
        with self._errors():
            return _boundaries.geometries(self._store, active_only=True)

    def boundary_diff(self, old_id: int, new_id: int):
        """Two versions of one area over each other: parts kept / added / removed with
        their km² (EPSG:4547); ``.attrs``: old_km2, new_km2, change_km2."""
        with self._errors():
            return _boundaries.diff(self._store, old_id, new_id)

    def boundary_geometries(self, version_ids=None):
        """Stored versions (all, or those of ``version_ids``) with their polygons."""
        with self._errors():
            return _boundaries.geometries(self._store, active_only=False,
                                          version_ids=version_ids)

    # --- placement-check records -----------------------------------------------------
    def record_check(self, *, kind: str = "point", verdict: str | None = None,
                     certainty: str | None = None, reasons=(), lon: float | None = None,
                     lat: float | None = None, register_id: int | None = None,
                     file_name: str | None = None, industry: str | None = None,
                     area_ids=(), boundary_versions: dict | None = None,
                     summary: dict | None = None, inputs: dict | None = None,
                     author: str | None = None) -> int:
        """Keep one placement check; returns its id. ``kind``: point | site | batch;
        a point's ``lon``/``lat`` (WGS-84), a batch's ``register_id`` (saved snapshot)
        or ``file_name``, and its ``summary`` (counts); ``area_ids``: the areas the
        verdict is about; ``boundary_versions``: area id → the polygon used
        (``workspace:<id>``, ``override``, ``built``); ``inputs``: anything else the
        check was given. ``author``: default env ``SZMAP_USER`` or the OS user."""
        with self._errors():
            return _checks.record(
                self._store, kind=kind, verdict=verdict, certainty=certainty,
                reasons=reasons, lon=lon, lat=lat, register_id=register_id,
                file_name=file_name, industry=industry, area_ids=area_ids,
                boundary_versions=boundary_versions, summary=summary, inputs=inputs,
                author=author)

    def list_checks(self, user: str | None = None, since=None, area_id: str | None = None,
                    verdict: str | None = None, *, until=None,
                    check_id: int | None = None) -> pd.DataFrame:
        """The check log, oldest first, filtered by author, time (``since``: a date, a
        datetime or ISO text; a date means 00:00 UTC; ``until``: exclusive, a date
        meaning the whole of that day), area, verdict and ``check_id``: id,
        created_at, author, kind, lon, lat, register_id, file_name, industry, verdict,
        certainty, reasons (list), area_ids (list), boundary_versions, summary and
        inputs (dicts)."""
        with self._errors():
            return _checks.rows(self._store, user=user, since=since, until=until,
                                area_id=area_id, verdict=verdict, check_id=check_id)

    # --- helpers ---------------------------------------------------------------------
    def _check_name(self, name) -> str:
        if not isinstance(name, str) or not name.strip():
            raise WorkspaceError(msg("ws.err.empty_name", name=name),
                                 msg("ws.err.give_name"), source=self.location)
        name = name.strip()
        if len(name) > MAX_NAME_CHARS or "\x00" in name:
            raise WorkspaceError(msg("ws.err.long_name", n=len(name)),
                                 msg("ws.err.max_chars", max=MAX_NAME_CHARS),
                                 source=self.location)
        return name

    def _taken(self, name: str) -> WorkspaceError:
        return WorkspaceError(msg("ws.err.name_taken", name=name),
                              msg("ws.err.choose_free_name", free=self.free_name(name)),
                              source=self.location)

    def _rows(self, visible_to: str | None) -> list:
        rows = self._store.register_rows()
        if visible_to is None:
            return rows
        return [r for r in rows if r.owner is None or r.shared or r.owner == visible_to]

    def _owned(self, key, by: str | None, action: str) -> int:
        """The id of register ``key`` if ``by`` may change it (its owner; anyone for a
        register without owner; ``by`` None: no check)."""
        reg_id = self._resolve(key, by)
        if by is not None:
            owner = next(r.owner for r in self._store.register_rows() if r.id == reg_id)
            if owner is not None and owner != by:
                raise WorkspaceError(msg("ws.err.not_owner", owner=owner, register=key,
                                         action=msg("ws.err.action." + action)),
                                     msg("ws.err.ask_owner"), source=self.location)
        return reg_id

    def _resolve(self, key, visible_to: str | None = None) -> int:
        rows = self._rows(visible_to)
        if isinstance(key, (bool, np.bool_)):
            raise WorkspaceError(msg("ws.err.bad_key", given=key),
                                 msg("ws.err.pass_id_or_name"))
        if isinstance(key, (int, np.integer)):
            for r in rows:
                if r.id == int(key):
                    return r.id
        elif isinstance(key, str):
            for r in rows:
                if r.name == key:
                    return r.id
            for r in rows:  # a name typed with other spacing
                if r.name == key.strip():
                    return r.id
        raise self._unknown(key, rows, visible_to)

    def _unknown(self, key, rows=None, visible_to: str | None = None) -> WorkspaceError:
        rows = self._store.register_rows() if rows is None else rows
        what = (msg("ws.err.what_id", id=key) if isinstance(key, (int, np.integer))
                else msg("ws.err.what_name", name=key))
        # a private register of another user is not named, nor said to exist
        yours = "" if visible_to is None else msg("ws.err.visible_to", user=visible_to)
        if not rows:
            held = msg("ws.err.holds_none" if visible_to is None else "ws.err.none_shared")
            return WorkspaceError(msg("ws.err.no_register_held", yours=yours, what=what,
                                      held=held),
                                  msg("ws.err.save_first"), source=self.location)
        listed = ", ".join(f"{r.name!r} (id {r.id})" for r in rows[:20])
        more = msg("ws.err.and_more", n=len(rows) - 20) if len(rows) > 20 else ""
        return WorkspaceError(msg("ws.err.no_register", yours=yours, what=what),
                              msg("ws.err.use_one_of", listed=listed, more=more),
                              source=self.location)

    def _info(self, reg_id: int) -> RegisterInfo:
        rows = [r for r in self._store.register_rows() if r.id == reg_id]
        if not rows:
            raise self._unknown(reg_id)
        return _row_info(rows[0], self._store.active_id())


# --- module helpers -----------------------------------------------------------------------

def _now(timespec: str = "seconds") -> str:
    """UTC now, ISO 8601 with a Z."""
    return datetime.now(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def _dumps(value, what: str, *, canonical: bool = False) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=not canonical,
                          sort_keys=canonical, separators=(",", ":") if canonical else None)
    except (TypeError, ValueError) as exc:
        raise WorkspaceError(msg("ws.err.not_json", what=what, detail=str(exc)),
                             msg("ws.err.pass_plain_values")) from exc


def _coords(frame: pd.DataFrame, name: str) -> np.ndarray:
    col = frame[name]
    if isinstance(col, pd.DataFrame):
        raise WorkspaceError(msg("ws.err.two_coord_columns", name=name),
                             msg("ws.err.one_coord_column"))
    try:
        return pd.to_numeric(col, errors="raise").to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise WorkspaceError(msg("ws.err.coords_not_numbers", name=name, detail=str(exc)),
                             msg("ws.err.save_read_points")) from exc


def _frame_spec(frame: pd.DataFrame) -> dict:
    """What rebuilds the frame around its columns: its index when it is not 0..n-1,
    its column index's name, and whether (and how) it was a GeoDataFrame."""
    spec: dict[str, Any] = {"columns_name": _json_scalar(frame.columns.name)}
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        if (index.start, index.step) != (0, 1) or index.name is not None:
            spec["index"] = {"range": [index.start, index.stop, index.step]}
    elif index.dtype == np.int64:
        spec["index"] = {"ints": index.tolist()}
    else:
        from data.workspace._frames import typed
        spec["index"] = {"typed": [typed(v) for v in index]}
    if "index" in spec:
        spec["index"]["name"] = _json_scalar(index.name)
    if type(frame).__name__ == "GeoDataFrame" and frame._geometry_column_name in frame:
        spec["geometry"] = _json_scalar(frame._geometry_column_name)
    return spec


def _json_scalar(v):
    return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)


def _assemble(spec: dict, columns: list[pd.Series], n: int) -> pd.DataFrame:
    frame_spec = spec.get("frame", {})
    labels = [c["name"] for c in spec["columns"]]
    if columns:
        frame = pd.concat([s.reset_index(drop=True) for s in columns], axis=1,
                          ignore_index=True)
        frame.columns = pd.Index(labels, dtype=object if not all(
            isinstance(x, str) for x in labels) else None)
    else:
        frame = pd.DataFrame(index=pd.RangeIndex(n))
    frame.columns.name = frame_spec.get("columns_name")
    index = frame_spec.get("index")
    if index is not None:
        from data.workspace._frames import untyped
        if "range" in index:
            frame.index = pd.RangeIndex(*index["range"], name=index["name"])
        elif "ints" in index:
            frame.index = pd.Index(np.asarray(index["ints"], dtype=np.int64),
                                   name=index["name"])
        else:
            frame.index = pd.Index([untyped(v) for v in index["typed"]], name=index["name"])
    if "geometry" in frame_spec:
        import geopandas as gpd
        frame = gpd.GeoDataFrame(frame, geometry=frame_spec["geometry"])
    return frame


def _empty_report() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in REPORT_COLUMNS})


def _encode_problems(report: pd.DataFrame, warnings: pd.DataFrame):
    """The problems table's arrays (kind, seq, row_number, column_name, problem, fix)
    for report and warnings together, and the dtypes that restore both frames."""
    specs, parts = {}, []
    for kind, frame in (("report", report), ("warning", warnings)):
        if not isinstance(frame, pd.DataFrame):
            raise WorkspaceError(msg("ws.err.report_not_frame", kind=kind),
                                 msg("ws.err.pass_report"))
        extra = [c for c in frame.columns if c not in REPORT_COLUMNS]
        absent = [c for c in REPORT_COLUMNS if c not in frame.columns]
        if extra or absent:
            raise WorkspaceError(msg("ws.err.report_columns", kind=kind,
                                     columns=str(list(frame.columns)),
                                     expected=str(list(REPORT_COLUMNS))),
                                 msg("ws.err.pass_report"))
        specs[kind] = {"order": list(frame.columns),
                       "dtypes": {c: dtype_spec(frame[c].dtype) for c in REPORT_COLUMNS},
                       "missing": {c: _missing_kind_of(frame[c]) for c in REPORT_COLUMNS}}
        n = len(frame)
        rows = pd.to_numeric(frame["row"], errors="coerce")
        bad = frame["row"].notna() & (rows.isna() | (rows % 1 != 0))
        if bad.any():
            raise WorkspaceError(msg("ws.err.report_rows", kind=kind,
                                     value=frame["row"][bad].iloc[0]),
                                 msg("ws.err.pass_report"))
        row_obj = np.full(n, None, dtype=object)
        have = rows.notna().to_numpy()
        row_obj[have] = rows[have].astype(np.int64).tolist()
        parts.append([np.full(n, kind, dtype=object), np.arange(n, dtype=np.int64), row_obj,
                      *[_text_values(frame[c]) for c in REPORT_COLUMNS[1:]]])
    arrays = [np.concatenate([a, b]) for a, b in zip(*parts, strict=True)]
    return arrays, specs


def _missing_kind_of(s: pd.Series) -> str:
    if s.dtype != object:
        return "default"
    missing = s[s.isna()]
    return "nan" if len(missing) and isinstance(missing.iloc[0], float) else "none"


def _text_values(s: pd.Series) -> np.ndarray:
    out = s.to_numpy(dtype=object, na_value=None).copy()
    if isinstance(s.dtype, pd.StringDtype):
        return out
    for i in np.flatnonzero([v is not None and not isinstance(v, str) for v in out]):
        out[i] = str(out[i])
    return out


def _decode_problems(arrays: list[np.ndarray], spec: dict) -> pd.DataFrame:
    rows, column, problem, fix = arrays
    data = {"row": rows, "column": column, "problem": problem, "fix": fix}
    out = {}
    for c in REPORT_COLUMNS:
        dtype = dtype_from_spec(spec["dtypes"][c])
        values = np.asarray(data[c], dtype=object)
        if dtype == np.dtype(object):
            fill = math.nan if spec["missing"][c] == "nan" else None
            values = values.copy()
            values[[v is None for v in values]] = fill
            if c == "row":
                values = np.array([v if v is None or isinstance(v, float) else int(v)
                                   for v in values], dtype=object)
            out[c] = pd.Series(values, dtype=object)
        elif c == "row" and dtype.kind in "iu" and not any(v is None for v in values):
            out[c] = pd.Series(values.astype(np.int64)).astype(dtype)
        else:
            out[c] = pd.Series(pd.array(values.tolist()) if c == "row" else values
                               ).astype(dtype)
    return pd.DataFrame(out)[spec["order"]]


def _row_info(row, active_id: int | None) -> RegisterInfo:
    return RegisterInfo(id=int(row.id), name=row.name, file_name=row.file_name,
                        imported_at=row.imported_at, as_of=row.as_of,
                        source_crs=row.source_crs, rows=int(row.row_count),
                        valid_rows=int(row.valid_count), owner=row.owner,
                        shared=bool(row.shared), active=row.id == active_id)


def _owner(owner) -> str:
    """Who saves: ``owner`` (trimmed text) or the current user."""
    text = "" if owner is None else str(owner).strip()
    return text or _boundaries.current_user()

