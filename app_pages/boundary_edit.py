"""What the 边界 Boundaries page does, without Streamlit (issue 20 item 1): a new boundary
of an area taken from the map's drawings or from a boundary file, checked as every
boundary is, saved as a new workspace version based on the one the user started from,
or an older version made active again.

A boundary is checked as a file override and a workspace version are when the areas
are loaded (``data.loaders.check_polygons``: empty, not a polygon, self-intersecting,
outside Shenzhen; ``data.areas.validate_areas``: on land, each 片区 inside its parent),
so a saved version is never one :func:`data.areas.load_areas` would ignore. Refusals
are :class:`core.errors.Problem` s with catalogue messages (shown in the user's
language by :func:`core.messages.describe`). Geometries are EPSG:4326; km² are
measured in EPSG:4547.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from core import settings
from core.errors import DataValidationError, Problem
from core.i18n import msg, t
from data.workspace import BoundaryVersion, WorkspaceError
from data.workspace.boundaries import area_km2

#: What a drawing does to the active boundary: replace it, edit it (its own polygons,
#: edited, plus any drawn: their union), or cut the drawn polygons out of it.
DRAW_MODES = ("new", "edit", "cut")


@dataclass(frozen=True)
class Candidate:
    """A proposed boundary: its (Multi)Polygon and km², or why it cannot be saved."""

    geometry: shapely.MultiPolygon | None
    km2: float | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and self.geometry is not None


@dataclass(frozen=True)
class Outcome:
    """What saving or activating came to: the version now active, or the refused input
    (``problems``), or the workspace's refusal (``error``, shown in the page's language
    by ``error.text(lang)``; ``conflict``: another version became active after the
    user started — nothing was written)."""

    version: BoundaryVersion | None = None
    problems: tuple[Problem, ...] = ()
    error: WorkspaceError | None = None
    conflict: bool = False


def drawings_frame(drawings) -> gpd.GeoDataFrame:
    """The map's drawings (streamlit-folium ``all_drawings``: GeoJSON features, WGS-84)
    as a GeoDataFrame, one row per drawing (a feature without geometry: None)."""
    geoms = []
    for feature in drawings or []:
        g = (feature or {}).get("geometry")
        geoms.append(shape(g) if g else None)
    return gpd.GeoDataFrame(geometry=geoms, crs=settings.CRS_STORAGE)


def from_drawings(drawings, *, mode: str, active, area_id: str, areas: gpd.GeoDataFrame,
                  source: str) -> Candidate | None:
    """The boundary the drawings make (None: nothing drawn). ``mode`` (see
    :data:`DRAW_MODES`); ``active``: the area's polygon in force (cut from in mode
    "cut"); ``areas``: the areas as loaded now; ``source``: how problems name the
    drawing (their row is the drawing's number)."""
    if mode not in DRAW_MODES:
        raise ValueError(f"unknown draw mode {mode!r}; use one of {DRAW_MODES}")
    frame = drawings_frame(drawings)
    if not len(frame):
        return None
    from data.loaders import check_polygons

    problems = check_polygons(frame, source)
    if problems:
        return Candidate(None, None, tuple(problems))
    drawn = shapely.union_all(frame.geometry.to_numpy())
    if mode == "cut":
        geometry = shapely.difference(active, drawn)
        if geometry.is_empty:
            return Candidate(None, None, (Problem(source, None, "geometry",
                                                  msg("bp.nothing_left"),
                                                  msg("bp.cut_less")),))
    else:
        geometry = drawn
    return checked(geometry, area_id=area_id, areas=areas, source=source)


def from_file(path: str | Path, *, declared_crs: str | None, area_id: str,
              areas: gpd.GeoDataFrame) -> Candidate:
    """The boundary in a file, read as ``cli.py replace-boundary`` reads it
    (:func:`build.boundary_import.read_boundary`: any CRS the file declares, or
    ``declared_crs``: wgs84, gcj02, bd09, epsg4547 or EPSG:nnnn; the features
    dissolved), checked like a drawn one. Problems name the file by its name."""
    from build.boundary_import import read_boundary

    path = Path(path)
    try:
        gdf = read_boundary(path, declared_crs=declared_crs)
    except DataValidationError as exc:
        return Candidate(None, None, tuple(exc.problems))
    return checked(shapely.union_all(gdf.geometry.to_numpy()), area_id=area_id,
                   areas=areas, source=path.name)


def _polygons(geometry):
    """The polygonal part of ``geometry`` as a MultiPolygon (a cut can leave slivers of
    lines or points next to its polygons)."""
    if isinstance(geometry, shapely.Polygon):
        return shapely.MultiPolygon([geometry])
    if isinstance(geometry, shapely.MultiPolygon):
        return geometry
    parts = [p for g in getattr(geometry, "geoms", []) for p in
             (g.geoms if isinstance(g, shapely.MultiPolygon) else [g])
             if isinstance(p, shapely.Polygon) and not p.is_empty]
    return shapely.MultiPolygon(parts)


def checked(geometry, *, area_id: str, areas: gpd.GeoDataFrame, source: str) -> Candidate:
    """``geometry`` (WGS-84) as the new boundary of ``area_id``: refused when it has no
    area or when, put in place of the area's polygon in ``areas``, it breaks a
    cross-check the current areas pass (off Shenzhen's land, a 片区 outside its
    parent, a 片区 of this area outside it)."""
    from core.taxonomy import load_taxonomy
    from data.area_defs import read_definitions
    from data.areas import _apply_one, validate_areas

    geometry = _polygons(geometry)
    if geometry.is_empty or area_km2(geometry) <= 0:
        return Candidate(None, None, (Problem(source, None, "geometry", msg("bp.no_area"),
                                              msg("bp.draw_real")),))
    if not geometry.is_valid:
        return Candidate(None, None, (Problem(
            source, None, "geometry", msg("geom.invalid",
                                          reason=shapely.is_valid_reason(geometry)),
            msg("geom.repair")),))
    if area_id not in set(areas["id"]):
        return Candidate(None, None, (Problem(source, None, "id",
                                              msg("areas.no_such_id", id=area_id),
                                              msg("areas.use_known_id")),))
    records, taxonomy = read_definitions(), load_taxonomy()
    row = areas.loc[areas["id"] == area_id].iloc[0]
    ov = gpd.GeoDataFrame([{"id": area_id, "grade": row["grade"],
                            "precision_m": float(row["precision_m"]),
                            "method": row["method"], "sources": row["sources"],
                            "geometry": geometry}], geometry="geometry",
                          crs=settings.CRS_STORAGE)
    before = {str(p) for p in validate_areas(areas, records, taxonomy, source=source)}
    after = validate_areas(_apply_one(areas, ov, source), records, taxonomy, source=source)
    problems = tuple(p for p in after if str(p) not in before)
    if problems:
        return Candidate(None, None, problems)
    return Candidate(geometry, area_km2(geometry))


def save(ws, area_id: str, candidate: Candidate, *, source: str, grade: str,
         precision_m: float, note: str, based_on: int | None,
         author: str | None = None) -> Outcome:
    """Save ``candidate`` as ``area_id``'s new active version in workspace ``ws``,
    based on ``based_on`` (the version active when the user started; None: the built
    polygon). A refused candidate, an empty note or source is not saved; neither is
    anything when another version became active meanwhile (``conflict``)."""
    problems = list(candidate.problems)
    if not str(note or "").strip():
        problems.append(Problem(area_id, None, "note", msg("bp.no_note"),
                                msg("bp.write_note")))
    if not str(source or "").strip():
        problems.append(Problem(area_id, None, "source", msg("bp.no_source"),
                                msg("bp.name_source")))
    if problems or candidate.geometry is None:
        return Outcome(problems=tuple(problems))
    try:
        version = ws.save_boundary_version(
            area_id, candidate.geometry, source=str(source).strip(), grade=grade,
            precision_m=precision_m, note=str(note).strip(), based_on=based_on,
            author=author)
    except WorkspaceError as exc:
        return _refused(ws, area_id, based_on, exc)
    return Outcome(version=version)


def activate(ws, area_id: str, version_id: int, *, based_on: int | None,
             author: str | None = None) -> Outcome:
    """Make the stored version ``version_id`` of ``area_id`` active again, refused like
    :func:`save` when another version became active after ``based_on``."""
    try:
        return Outcome(version=ws.activate_boundary_version(
            int(version_id), based_on=based_on, author=author))
    except WorkspaceError as exc:
        return _refused(ws, area_id, based_on, exc)


def _refused(ws, area_id: str, based_on: int | None, exc: WorkspaceError) -> Outcome:
    try:
        moved = ws.active_boundary_version(area_id) != based_on
    except WorkspaceError:
        moved = False
    return Outcome(error=exc, conflict=moved)


def in_force(area_id: str, areas: gpd.GeoDataFrame, versions: pd.DataFrame) -> dict:
    """The polygon ``area_id`` has now (``areas``: as loaded, with the workspace's
    active versions; ``versions``: the area's stored versions): ``version_id`` (None:
    not a workspace version), ``label`` (``workspace:<id>``, ``override``, ``built``),
    grade, precision_m, source, author, created_at (None unless a version), km2
    (EPSG:4547) and the geometry."""
    from data.areas import boundary_labels

    row = areas.loc[areas["id"] == area_id].iloc[0]
    label = boundary_labels(areas).get(area_id, "built")
    out = {"version_id": None, "label": label, "grade": row["grade"],
           "precision_m": float(row["precision_m"]), "source": row["sources"],
           "author": None, "created_at": None, "km2": area_km2(row.geometry),
           "geometry": row.geometry}
    if label.startswith("workspace:"):
        vid = int(label.split(":", 1)[1])
        hit = versions[versions["id"] == vid]
        if len(hit):
            v = hit.iloc[0]
            out.update(version_id=vid, source=v["source"], author=v["author"],
                       created_at=v["created_at"], grade=v["grade"],
                       precision_m=float(v["precision_m"]), km2=float(v["area_km2"]))
    return out


def versions_table(versions: pd.DataFrame, lang: str,
                   names: dict[str, str] | None = None) -> pd.DataFrame:
    """Stored versions (``Workspace.list_boundary_versions``) as the pages show them:
    id, (with ``names``) the area's name, active, source, author, time (UTC), grade,
    km² (EPSG:4547) and note, headed in ``lang``."""
    from exports.check_log import when

    area = ({t("history.v_area", lang): [names.get(a, a) for a in versions["area_id"]]}
            if names is not None else {})
    return pd.DataFrame({
        t("history.v_id", lang): versions["id"], **area,
        t("history.v_active", lang): versions["active"].astype(bool),
        t("history.v_source", lang): versions["source"],
        t("history.v_author", lang): versions["author"],
        t("history.v_time", lang): [when(v) for v in versions["created_at"]],
        t("history.v_grade", lang): [t("grade_" + g, lang) for g in versions["grade"]],
        t("history.v_km2", lang): versions["area_km2"].round(3),
        t("history.v_note", lang): versions["note"].fillna("")})
