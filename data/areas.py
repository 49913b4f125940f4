"""Load the 11 innovation clusters, 4 strategic platforms and their 片区 as one
validated GeoDataFrame (EPSG:4326).

Definitions (plan text, industries) come from ``cluster_defs/areas/*.toml``; polygons
and provenance from ``cluster_defs/areas.geojson``; an official boundary a user has
imported (``cluster_defs/overrides/<id>.geojson``) replaces the built polygon.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from core import settings
from core.errors import DataValidationError, Problem
from core.i18n import msg
from core.taxonomy import Taxonomy, load_taxonomy
from data import loaders
from data.area_defs import KINDS, read_definitions

AREA_COLUMNS = ("id", "kind", "parent", "name_zh", "name_en", "grade", "precision_m",
                "method", "sources")
#: Share of a 片区 allowed outside its parent buffered by the precision (rounding).
CONTAINMENT_TOLERANCE = 0.001
#: An area may extend at most this far past the city's land (OpenStreetMap land
#: misses recent reclamation and water areas)…
LAND_MARGIN_M = 1000.0
#: …by at most this share of its area; more means a wrong CRS or a misplaced file.
LAND_TOLERANCE = 0.01


def resolve_industries(record: dict, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """(industry ids, problems) for a record's explicit ids plus its expanded phrases."""
    ids: list[str] = []
    problems: list[str] = []
    for i in record.get("industries", []):
        if i in taxonomy.industry_ids:
            ids.append(i)
        else:
            problems.append(msg("catalogue.unknown_industry", id=i))
    for phrase in record.get("phrases", []):
        expanded = taxonomy.expand(phrase)
        if expanded is None:
            problems.append(msg("areas.unknown_phrase", phrase=phrase))
        else:
            ids += expanded
    return list(dict.fromkeys(ids)), problems


class OverrideIgnoredWarning(UserWarning):
    """An imported boundary in ``cluster_defs/overrides`` was unusable and is ignored."""


def _apply_one(gdf: gpd.GeoDataFrame, ov: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    for _, row in ov.iterrows():
        hit = gdf.index[gdf["id"] == row["id"]]
        if len(hit) == 0:
            raise DataValidationError([Problem(name, None, "id",
                                               msg("areas.no_such_id", id=row["id"]),
                                               msg("areas.use_known_id"))])
        i = hit[0]
        for col in ("grade", "precision_m", "method", "sources"):
            gdf.at[i, col] = row[col]
        if "method_zh" in gdf.columns:  # the imported file's own text, in any language
            mz = row.get("method_zh")
            gdf.at[i, "method_zh"] = mz if isinstance(mz, str) and mz else row["method"]
        gdf.at[i, "geometry"] = row.geometry
        gdf.at[i, "area_km2"] = round(
            gpd.GeoSeries([row.geometry], crs=settings.CRS_STORAGE)
            .to_crs(settings.CRS_METRIC).area.iloc[0] / 1e6, 2)
    return gdf


def _apply_overrides(gdf: gpd.GeoDataFrame, folder: Path, records: list[dict],
                     taxonomy: Taxonomy) -> gpd.GeoDataFrame:
    """``gdf`` with every usable override applied, each checked with all cross-checks.

    An override that cannot be read, names an unknown area or breaks a cross-check
    (a 片区 outside its parent, a polygon off Shenzhen's land …) is skipped with an
    :class:`OverrideIgnoredWarning`: that area keeps its built polygon and the rest
    of the project works. The skipped files are listed in
    ``gdf.attrs["ignored_overrides"]`` as ``{"file", "reason"}`` records.
    """
    ignored: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.geojson")) if folder.is_dir() else []:
        name = f"overrides/{path.name}"
        try:
            ov = loaders.validate_polygon_layer(
                loaders.read_vector(path), source=name,
                required=("id", "grade", "precision_m", "method", "sources"), graded=True)
            candidate = _apply_one(gdf, ov, name)
            loaders.raise_if(validate_areas(candidate, records, taxonomy, source=name))
        except Exception as exc:  # any bad user file: it must not stop the app
            reason = str(exc).replace("\n", "; ")
            ignored.append({"file": name, "reason": reason})
            warnings.warn(f"{name} is ignored and the built polygon is used instead: "
                          f"{reason} — fix or delete the file, or import the boundary "
                          "again", OverrideIgnoredWarning, stacklevel=3)
            continue
        gdf = candidate
    gdf.attrs["ignored_overrides"] = ignored
    return gdf


def validate_areas(gdf: gpd.GeoDataFrame, records: list[dict], taxonomy: Taxonomy,
                   *, source: str = "areas.geojson") -> list[Problem]:
    """Every cross-check between definitions, polygons and the taxonomy."""
    problems: list[Problem] = []
    row_of = {i: n + 1 for n, i in enumerate(gdf["id"])}
    defined = {r["id"] for r in records}
    for i in sorted(set(gdf["id"]) - defined):
        problems.append(Problem(source, row_of[i], "id", msg("areas.no_definition", id=i),
                                msg("areas.add_definition")))
    for r in records:
        where = r.get("file", "areas/*.toml")
        if r["id"] not in row_of:
            problems.append(Problem(where, None, "id", msg("areas.no_polygon", id=r["id"]),
                                    msg("areas.run_make")))
        if r.get("kind") not in KINDS:
            problems.append(Problem(where, None, "kind",
                                    msg("areas.bad_kind", id=r["id"], kind=r.get("kind")),
                                    msg("areas.use_one_of", choices=", ".join(KINDS))))
        for text in ("name_zh", "name_en", "plan_section", "focus_text"):
            if not str(r.get(text, "")).strip():
                problems.append(Problem(where, None, text, msg("areas.text_empty", id=r["id"]),
                                        msg("areas.quote_plan")))
        _, bad = resolve_industries(r, taxonomy)
        problems += [Problem(where, None, "industries",
                             msg("areas.id_problem", id=r["id"], problem=b)) for b in bad]
    bad_grade = ~gdf["grade"].isin(list(settings.PRECISION_GRADES))
    problems += [Problem(source, row_of[i], "grade", msg("areas.unknown_grade", id=i),
                         msg("areas.use_one_of", choices=", ".join(settings.PRECISION_GRADES)))
                 for i in gdf.loc[bad_grade, "id"]]
    problems += _check_containment(gdf, source, row_of)
    return problems


def _check_containment(gdf, source, row_of) -> list[Problem]:
    """Each 片区 inside its parent within its precision; every area on Shenzhen + 深汕
    land (within LAND_MARGIN_M, up to LAND_TOLERANCE of its area)."""
    problems = []
    m = gdf.to_crs(settings.CRS_METRIC).set_index("id")
    land = _land_within(LAND_MARGIN_M)
    for i, row in m.iterrows():
        prec = float(row["precision_m"])
        outside = row.geometry.difference(land).area / row.geometry.area
        if outside > LAND_TOLERANCE:
            problems.append(Problem(source, row_of[i], "geometry",
                                    msg("areas.off_land", id=i, share=outside,
                                        margin=LAND_MARGIN_M),
                                    msg("areas.check_crs")))
        parent = row["parent"]
        if isinstance(parent, str) and parent:
            if parent not in m.index:
                problems.append(Problem(source, row_of[i], "parent",
                                        msg("areas.unknown_parent", id=i, parent=parent),
                                        msg("areas.fix_id")))
                continue
            if m.at[parent, "kind"] == "sub_area":
                problems.append(Problem(source, row_of[i], "parent",
                                        msg("areas.parent_is_subarea", id=i, parent=parent),
                                        ""))
            out = row.geometry.difference(m.at[parent, "geometry"].buffer(prec)).area
            if out / row.geometry.area > CONTAINMENT_TOLERANCE:
                problems.append(Problem(
                    source, row_of[i], "geometry",
                    msg("areas.outside_parent", id=i, km2=out / 1e6, parent=parent,
                        precision=prec),
                    msg("areas.redraw")))
        elif row["kind"] == "sub_area":
            problems.append(Problem(source, row_of[i], "parent",
                                    msg("areas.needs_parent", id=i), ""))
    return problems


@lru_cache(maxsize=32)
def _land_within(distance_m: float):
    """Shenzhen + 深汕 grown by ``distance_m`` metres (EPSG:4547), prepared.

    The outline is simplified by 20 m first: far below any precision grade, and it
    makes the buffer cheap.
    """
    land = shapely.union_all(
        list(loaders.load_subdistricts().to_crs(settings.CRS_METRIC).geometry)
        + list(loaders.load_shenshan().to_crs(settings.CRS_METRIC).geometry))
    grown = land.simplify(20.0).buffer(distance_m + 20.0, quad_segs=4)
    shapely.prepare(grown)
    return grown


def load_areas(path: Path | None = None, *, overrides: Path | None = None,
               versions: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """All areas, validated, with definitions joined; EPSG:4326.

    ``path`` defaults to ``settings.AREAS_GEOJSON`` and ``overrides`` to
    ``settings.OVERRIDES_DIR`` (read when called). An unusable override is ignored
    with a warning (listed in ``.attrs["ignored_overrides"]``). Extra columns:
    ``plan_section``, ``focus_text``, ``industry_ids`` (list of taxonomy ids, phrases
    expanded), ``sector_ids`` (their sectors).

    ``versions``: the workspace's active boundary versions
    (``Workspace.active_boundaries()``: ``area_id``, ``version_id``, ``grade``,
    ``precision_m``, ``source``, ``note``, geometry), applied after the file overrides
    and checked like them (an unusable one is ignored with a warning, listed in
    ``.attrs["ignored_versions"]``). Only then the frame gets a ``boundary_version``
    column naming what each area's polygon is: ``workspace:<id>``, ``override`` (a
    file in the overrides folder) or ``built`` — so statistics can state it.
    """
    path = settings.AREAS_GEOJSON if path is None else path
    overrides = settings.OVERRIDES_DIR if overrides is None else overrides
    gdf = _load_areas_cached(str(path), str(overrides)).copy()
    if versions is None:
        return gdf
    return _apply_versions(gdf, versions, Path(overrides))


def boundary_labels(areas: gpd.GeoDataFrame, overrides: Path | None = None) -> dict[str, str]:
    """Area id → the polygon ``areas`` (from :func:`load_areas`) use: its
    ``boundary_version`` column when it has one, else ``override`` (a usable file in
    ``overrides``, default ``settings.OVERRIDES_DIR``) or ``built``. What a check or a
    statistic records as the boundary versions it used."""
    if "boundary_version" in areas.columns:
        return dict(zip(areas["id"], areas["boundary_version"], strict=True))
    overrides = settings.OVERRIDES_DIR if overrides is None else Path(overrides)
    ignored = {i["file"] for i in areas.attrs.get("ignored_overrides", [])}
    return {i: ("override" if (overrides / f"{i}.geojson").is_file()
                and f"overrides/{i}.geojson" not in ignored else "built")
            for i in areas["id"]}


def _apply_versions(gdf: gpd.GeoDataFrame, versions: gpd.GeoDataFrame,
                    overrides: Path) -> gpd.GeoDataFrame:
    """``gdf`` with the workspace's boundary versions applied (see :func:`load_areas`)."""
    taxonomy = load_taxonomy()
    records = read_definitions()
    label = boundary_labels(gdf, overrides)
    ignored: list[dict[str, str]] = []
    if len(versions) and versions.crs is not None:
        versions = versions.to_crs(settings.CRS_STORAGE)
    for _, v in versions.iterrows():
        name = f"workspace boundary version {v['version_id']} ({v['area_id']})"
        note = v.get("note")
        ov = gpd.GeoDataFrame([{
            "id": v["area_id"], "grade": v["grade"], "precision_m": float(v["precision_m"]),
            "method": f"boundary version {v['version_id']} in the workspace"
                      + (f": {note}" if isinstance(note, str) and note else ""),
            "sources": v["source"], "geometry": v.geometry}],
            geometry="geometry", crs=settings.CRS_STORAGE)
        try:
            candidate = _apply_one(gdf, ov, name)
            loaders.raise_if(validate_areas(candidate, records, taxonomy, source=name))
        except Exception as exc:  # a bad stored version must not stop the app
            reason = str(exc).replace("\n", "; ")
            ignored.append({"version": str(v["version_id"]), "reason": reason})
            warnings.warn(f"{name} is ignored and the polygon before it is used instead: "
                          f"{reason}", OverrideIgnoredWarning, stacklevel=3)
            continue
        gdf = candidate
        label[v["area_id"]] = f"workspace:{int(v['version_id'])}"
    gdf["boundary_version"] = gdf["id"].map(label)
    gdf.attrs["ignored_versions"] = ignored
    return gdf


@lru_cache(maxsize=4)
def _load_areas_cached(path: str, overrides: str) -> gpd.GeoDataFrame:
    taxonomy = load_taxonomy()
    records = read_definitions()
    gdf = loaders.validate_polygon_layer(loaders.read_vector(path), source=Path(path).name,
                                         required=AREA_COLUMNS, graded=True)
    loaders.raise_if(validate_areas(gdf, records, taxonomy, source=Path(path).name))
    gdf = _apply_overrides(gdf, Path(overrides), records, taxonomy)
    by_id = {r["id"]: r for r in records}
    gdf["parent"] = gdf["parent"].where(gdf["parent"].notna(), None)
    gdf["plan_section"] = gdf["id"].map(lambda i: by_id[i]["plan_section"])
    gdf["focus_text"] = gdf["id"].map(lambda i: by_id[i]["focus_text"])
    gdf["industry_ids"] = gdf["id"].map(lambda i: resolve_industries(by_id[i], taxonomy)[0])
    # an area drawn as the union of its 片区 focuses on everything its 片区 focus on
    for i, row in gdf.iterrows():
        if not row["industry_ids"]:
            kids = gdf.loc[gdf["parent"] == row["id"], "industry_ids"]
            gdf.at[i, "industry_ids"] = list(dict.fromkeys(x for k in kids for x in k))
    gdf["sector_ids"] = gdf["industry_ids"].map(
        lambda ids: sorted({taxonomy.sector_of(i) for i in ids if taxonomy.sector_of(i)}))
    return gdf


def areas_table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The areas without geometry, for tables and the README."""
    return pd.DataFrame(gdf.drop(columns="geometry"))
