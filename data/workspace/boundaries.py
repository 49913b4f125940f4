"""Boundary versions in the workspace: every version of an area's polygon, kept for good
(nothing is overwritten), one active per area, and any version can be made active again.

Optimistic versioning: whoever saves or activates a version states the version they
based it on (the one active when they started; ``None``: no workspace version, the
built polygon). If another version became active meanwhile, the change is refused with
a :class:`WorkspaceError` naming who activated it and when, and nothing is written.
Writers of one area wait for each other (GeoPackage: the write lock; PostGIS: an
advisory lock per area), so exactly one of two concurrent saves wins.

Geometries are (Multi)Polygons in EPSG:4326, stored as MULTIPOLYGON: GeoPackage
geometry blobs (with an envelope) in the feature table ``szmap_boundary_versions``,
a PostGIS ``geometry(MultiPolygon, 4326)`` column; km² are measured in EPSG:4547.
:class:`data.workspace.Workspace` calls these functions with its store.
"""

from __future__ import annotations

import getpass
import math
import os
import struct
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import shapely
import sqlalchemy as sa

from core import settings
from core.i18n import msg
from data.workspace._errors import WorkspaceError
from data.workspace._schema import boundary_active, boundary_versions

LIST_COLUMNS = ("id", "area_id", "active", "source", "author", "created_at", "grade",
                "precision_m", "area_km2", "note", "based_on")
#: Advisory-lock class (first key) of the per-area locks on PostGIS.
LOCK_CLASS = 0x737A
#: Envelope sizes (bytes) of a GeoPackage geometry blob by its envelope indicator.
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


@dataclass(frozen=True)
class BoundaryVersion:
    """One stored version of an area's polygon (``created_at``: UTC ISO 8601;
    ``area_km2``: measured in EPSG:4547; ``based_on``: the version that was active
    when it was saved)."""

    id: int
    area_id: str
    source: str
    author: str
    created_at: str
    grade: str
    precision_m: float
    note: str | None
    area_km2: float
    based_on: int | None
    active: bool = False


def current_user() -> str:
    """Who is working: env ``SZMAP_USER``, else the operating-system user."""
    env = os.environ.get("SZMAP_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "unknown"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# --- geometry ---------------------------------------------------------------------------

def as_multipolygon(geometry, where: str) -> shapely.MultiPolygon:
    """A non-empty valid MultiPolygon in EPSG:4326 from a shapely (Multi)Polygon, or a
    GeoSeries/GeoDataFrame (dissolved; converted from its CRS)."""
    if hasattr(geometry, "geometry") or hasattr(geometry, "to_crs"):
        series = getattr(geometry, "geometry", geometry)
        if series.crs is not None:
            series = series.to_crs(settings.CRS_STORAGE)
        geometry = shapely.union_all(series.to_numpy())
    if not isinstance(geometry, (shapely.Polygon, shapely.MultiPolygon)):
        raise WorkspaceError(msg("ws.err.not_polygon", kind=type(geometry).__name__),
                             msg("ws.err.draw_polygon"), source=where)
    if not geometry.is_empty and not geometry.is_valid:
        raise WorkspaceError(msg("ws.err.invalid_polygon",
                                 reason=shapely.is_valid_reason(geometry)),
                             msg("ws.err.fix_self_intersection"), source=where)
    if geometry.is_empty or geometry.area <= 0:
        raise WorkspaceError(msg("ws.err.empty_boundary"), msg("ws.err.draw_real_polygon"),
                             source=where)
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise WorkspaceError(msg("ws.err.not_degrees"), msg("ws.err.convert_4326"),
                             source=where)
    if isinstance(geometry, shapely.Polygon):
        geometry = shapely.MultiPolygon([geometry])
    return geometry


def area_km2(geometry) -> float:
    import geopandas as gpd

    return float(gpd.GeoSeries([geometry], crs=settings.CRS_STORAGE)
                 .to_crs(settings.CRS_METRIC).area.iloc[0]) / 1e6


def gpkg_blob(geometry, srs_id: int = 4326) -> bytes:
    """A GeoPackage geometry blob: header with an xy envelope, then ISO WKB."""
    minx, miny, maxx, maxy = geometry.bounds
    header = b"GP" + bytes([0, 0b011]) + struct.pack("<i", srs_id)
    return header + struct.pack("<4d", minx, maxx, miny, maxy) + shapely.to_wkb(
        geometry, byte_order=1)


def from_gpkg_blob(blob: bytes):
    if blob is None:
        return None
    blob = bytes(blob)
    flags = blob[3]
    size = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if blob[:2] != b"GP" or size is None:
        raise WorkspaceError(msg("ws.err.stored_not_gpkg_geometry"),
                             msg("ws.err.restore_workspace"))
    return shapely.from_wkb(blob[8 + size:])


# --- storage ----------------------------------------------------------------------------

def _lock_area(conn: sa.Connection, area_id: str) -> None:
    """Serialise writers of one area (GeoPackage: the write transaction already does)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:c, hashtext(:a))"),
                     {"c": LOCK_CLASS, "a": area_id})


def _active_row(conn: sa.Connection, area_id: str):
    return conn.execute(sa.select(boundary_active)
                        .where(boundary_active.c.area_id == area_id)).first()


def _check_based_on(conn, area_id: str, based_on, where: str) -> None:
    """Refuse when the active version of ``area_id`` is not ``based_on``."""
    row = _active_row(conn, area_id)
    active = None if row is None else int(row.version_id)
    based = None if based_on is None else int(based_on)
    if active == based:
        return
    if row is None:
        raise WorkspaceError(msg("ws.err.none_active", area_id=area_id, based=based),
                             msg("ws.err.save_on_none"), source=where)
    what = (msg("ws.err.built_polygon") if based is None
            else msg("ws.err.version", id=based))
    raise WorkspaceError(
        msg("ws.err.conflict", area_id=area_id, active=active, user=row.activated_by,
            time=row.activated_at, what=what),
        msg("ws.err.reload_compare", area_id=area_id, active=active), source=where)


def _activate(conn, area_id: str, version_id: int, author: str, when: str) -> None:
    conn.execute(sa.delete(boundary_active).where(boundary_active.c.area_id == area_id))
    conn.execute(sa.insert(boundary_active).values(area_id=area_id, version_id=version_id,
                                                   activated_at=when, activated_by=author))


def _clean_text(value, what: str, where: str, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise WorkspaceError(msg("ws.err.needs_field", what=what),
                                 msg("ws.err.state_field", what=what), source=where)
        return None
    text = str(value).strip()
    if "\x00" in text:
        raise WorkspaceError(msg("ws.err.field_nul", what=what),
                             msg("ws.err.retype_field", what=what), source=where)
    return text


def save_version(store, area_id: str, geometry, *, source: str, author: str | None,
                 grade: str, precision_m: float, note: str | None, based_on: int | None,
                 activate: bool = True) -> int:
    where = store.where
    area_id = _clean_text(area_id, msg("ws.err.field.area_id"), where, required=True)
    source = _clean_text(source, msg("ws.err.field.source"), where, required=True)
    author = (_clean_text(author, msg("ws.err.field.author"), where, required=False)
              or current_user())
    note = _clean_text(note, msg("ws.err.field.note"), where, required=False)
    if grade not in settings.PRECISION_GRADES:
        raise WorkspaceError(msg("ws.err.unknown_grade", grade=grade),
                             msg("read.use_one_of",
                                 choices=", ".join(settings.PRECISION_GRADES)),
                             source=where)
    try:
        precision = float(precision_m)
    except (TypeError, ValueError):
        precision = math.nan
    if not (math.isfinite(precision) and precision > 0):
        raise WorkspaceError(msg("ws.err.bad_precision", value=precision_m),
                             msg("ws.err.state_precision"), source=where)
    geom = as_multipolygon(geometry, where)
    km2 = area_km2(geom)
    when = now()
    values = {"area_id": area_id, "source": source, "author": author, "created_at": when,
              "grade": grade, "precision_m": precision, "note": note, "area_km2": km2,
              "based_on": None if based_on is None else int(based_on)}
    with store.tx(write=True) as conn:
        _lock_area(conn, area_id)
        if activate:
            _check_based_on(conn, area_id, based_on, where)
        cols = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        if conn.dialect.name == "postgresql":
            sql = (f"INSERT INTO szmap_boundary_versions (geom, {cols}) VALUES "
                   f"(ST_Multi(ST_GeomFromWKB(:wkb, 4326)), {marks}) RETURNING fid")
            params = {**values, "wkb": shapely.to_wkb(geom, byte_order=1)}
        else:
            sql = (f"INSERT INTO szmap_boundary_versions (geom, {cols}) VALUES "
                   f"(:wkb, {marks}) RETURNING fid")
            params = {**values, "wkb": gpkg_blob(geom)}
        vid = int(conn.execute(sa.text(sql), params).scalar_one())
        if activate:
            _activate(conn, area_id, vid, author, when)
        if conn.dialect.name == "sqlite":
            _extend_layer(conn, geom.bounds)
    return vid


def _extend_layer(conn, bounds) -> None:
    """Grow the layer's extent in gpkg_contents to hold ``bounds``."""
    minx, miny, maxx, maxy = bounds
    conn.execute(sa.text(
        "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, :a), :a), "
        "min_y = min(coalesce(min_y, :b), :b), max_x = max(coalesce(max_x, :c), :c), "
        "max_y = max(coalesce(max_y, :d), :d), "
        "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
        "WHERE table_name = 'szmap_boundary_versions'"),
        {"a": minx, "b": miny, "c": maxx, "d": maxy})


def activate(store, version_id: int, *, based_on: int | None, author: str | None) -> int:
    """Make ``version_id`` its area's active version; returns nothing new (its id)."""
    where = store.where
    author = (_clean_text(author, msg("ws.err.field.author"), where, required=False)
              or current_user())
    vid = int(version_id)
    with store.tx(write=True) as conn:
        area = conn.execute(sa.select(boundary_versions.c.area_id)
                            .where(boundary_versions.c.fid == vid)).scalar()
        if area is None:
            raise WorkspaceError(msg("ws.err.no_version", id=vid),
                                 msg("ws.err.list_versions"), source=where)
        _lock_area(conn, area)
        _check_based_on(conn, area, based_on, where)
        _activate(conn, area, vid, author, now())
    return vid


def rows(store, area_id: str | None = None) -> pd.DataFrame:
    q = (sa.select(boundary_versions, boundary_active.c.version_id)
         .select_from(boundary_versions.outerjoin(
             boundary_active, boundary_active.c.version_id == boundary_versions.c.fid))
         .order_by(boundary_versions.c.area_id, boundary_versions.c.fid))
    if area_id is not None:
        q = q.where(boundary_versions.c.area_id == str(area_id))
    with store.tx() as conn:
        got = conn.execute(q).all()
    frame = pd.DataFrame(
        [(r.fid, r.area_id, r.version_id is not None, r.source, r.author, r.created_at,
          r.grade, r.precision_m, r.area_km2, r.note,
          None if r.based_on is None else int(r.based_on)) for r in got],
        columns=list(LIST_COLUMNS))
    return frame.astype({"id": "int64", "active": "bool", "precision_m": "float64",
                         "area_km2": "float64", "based_on": "Int64"})


def info(store, version_id: int) -> BoundaryVersion:
    frame = rows(store)
    hit = frame[frame["id"] == int(version_id)]
    if not len(hit):
        raise WorkspaceError(msg("ws.err.no_version", id=version_id),
                             msg("ws.err.list_versions"), source=store.where)
    r = hit.iloc[0]
    return BoundaryVersion(
        id=int(r["id"]), area_id=r["area_id"], source=r["source"], author=r["author"],
        created_at=r["created_at"], grade=r["grade"], precision_m=float(r["precision_m"]),
        note=r["note"], area_km2=float(r["area_km2"]),
        based_on=None if pd.isna(r["based_on"]) else int(r["based_on"]),
        active=bool(r["active"]))


def geometries(store, *, active_only: bool, version_ids=None):
    """GeoDataFrame (EPSG:4326) of versions: the listing's columns, ``version_id``
    (= id) and the geometry; ``active_only``: the active version of each area."""
    import geopandas as gpd

    geom_sql = "ST_AsBinary(v.geom)" if store.backend == "postgis" else "v.geom"
    join = "JOIN" if active_only else "LEFT JOIN"
    sql = (f"SELECT v.fid, {geom_sql} FROM szmap_boundary_versions v {join} "
           "szmap_boundary_active a ON a.version_id = v.fid ORDER BY v.area_id, v.fid")
    with store.tx(snapshot=True) as conn:
        got = conn.execute(sa.text(sql)).all()
    listing = rows(store)
    wanted = {int(f): g for f, g in got}
    if version_ids is not None:
        wanted = {k: v for k, v in wanted.items() if k in {int(i) for i in version_ids}}
    listing = listing[listing["id"].isin(list(wanted))].reset_index(drop=True)
    decode = (shapely.from_wkb if store.backend == "postgis" else from_gpkg_blob)
    geoms = [decode(bytes(wanted[int(i)])) for i in listing["id"]]
    listing.insert(1, "version_id", listing["id"])
    return gpd.GeoDataFrame(listing, geometry=geoms, crs=settings.CRS_STORAGE)


DIFF_PARTS = ("kept", "added", "removed")


def diff(store, old_id: int, new_id: int):
    """Two versions of one area over each other: a GeoDataFrame (EPSG:4326) with one
    row per part — ``kept`` (in both), ``added`` (only in the new), ``removed`` (only
    in the old) — and its ``km2`` (EPSG:4547); ``.attrs`` hold both versions' km² and
    the change (new − old)."""
    import geopandas as gpd

    got = geometries(store, active_only=False, version_ids=[old_id, new_id]).set_index("id")
    for vid in (old_id, new_id):
        if int(vid) not in got.index:
            raise WorkspaceError(msg("ws.err.no_version", id=vid),
                                 msg("ws.err.list_versions"), source=store.where)
    old, new = got.loc[int(old_id)], got.loc[int(new_id)]
    if old["area_id"] != new["area_id"]:
        raise WorkspaceError(msg("ws.err.different_areas", old=old_id,
                                 old_area=old["area_id"], new=new_id,
                                 new_area=new["area_id"]),
                             msg("ws.err.compare_one_area"), source=store.where)
    parts = [shapely.intersection(old.geometry, new.geometry),
             shapely.difference(new.geometry, old.geometry),
             shapely.difference(old.geometry, new.geometry)]
    out = gpd.GeoDataFrame({"part": list(DIFF_PARTS), "area_id": old["area_id"]},
                           geometry=parts, crs=settings.CRS_STORAGE)
    out["km2"] = out.to_crs(settings.CRS_METRIC).area.to_numpy() / 1e6
    out.attrs.update(old_id=int(old_id), new_id=int(new_id), old_km2=float(old["area_km2"]),
                     new_km2=float(new["area_km2"]),
                     change_km2=float(new["area_km2"]) - float(old["area_km2"]))
    return out
