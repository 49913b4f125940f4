"""The figures of an area profile (一区一画像): one area's size and boundary grade, the
facilities and firms inside, their densities, industry mix and location quotients, the
largest firms and facilities, and the observed concentrations inside it.

:func:`area_profile` computes them (no drawing, no language: names in both) and
``maps.static.profile`` lays them out as one or two A4 pages, so the app and the CLI
print the same report from the same data.

Counting rule: a point is *inside* when the area covers it (the grid index of
:mod:`analysis.join`, edge included), as on the 统计 page. An area's boundary is
uncertain by its ``precision_m`` and a point by its own; the points inside that lie
closer to the edge than the two bounds together are counted apart (``near_edge``):
whether they are in is not known.
Areas (km²) and distances (m) are measured in EPSG:4547.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.context import SpatialContext
from core import settings
from core.crs import to_metric
from core.taxonomy import load_taxonomy

#: Order of the firm categories of the curated sample when no size is known.
FIRM_CATEGORY_ORDER = ("leading", "unicorn", "little_giant", "listed")
#: Order of the facility categories (national weight first).
FACILITY_ORDER = tuple(settings.FACILITY_CATEGORIES)
TOP_N = 10


@dataclass
class FirmSource:
    """Where the firms come from: the curated ``sample``, or a register (``name``:
    file or snapshot name; ``snapshot``: its workspace id; ``as_of``/``imported_at``
    when saved; ``rows``: its firms with a point; ``size_col``: the column the
    largest firms are ranked by)."""

    sample: bool = True
    name: str = ""
    snapshot: int | None = None
    as_of: str | None = None
    imported_at: str | None = None
    rows: int | None = None
    size_col: str | None = None


@dataclass
class AreaProfile:
    """What :func:`area_profile` returns. ``area``: the area's row (names, kind,
    grade, precision_m, method, sources, plan_section, focus_text, industry_ids,
    published_km2 …); ``parent``: its cluster's row for a 片区; ``subareas``: its 片区.
    Tables are plain DataFrames sorted as printed."""

    area: pd.Series
    parent: pd.Series | None
    subareas: pd.DataFrame
    area_km2: float
    firm_source: FirmSource
    facilities: pd.DataFrame       # inside: id, names, category, precision_m, placed_in_area
    firms: pd.DataFrame            # inside: name(s), category, industries, precision_m, size
    counts: dict                   # n_facilities, n_firms, per km², shares, near_edge_*
    mix: pd.DataFrame              # industry, firms, share, city_share, lq, focus, sector
    concentrations: gpd.GeoDataFrame   # EPSG:4326, those overlapping the area
    concentration_notes: dict      # method, scale_m, n_firms, n_left_out, n_found_city
    firms_order: str               # "size" | "category"
    facility_sources: list[str] = field(default_factory=list)


def firm_points(tables: Iterable, *, size_col: str | None = None) -> pd.DataFrame:
    """A register's firms as the profile takes them, from its chunks
    (:func:`data.points_io.iter_point_chunks` or one saved snapshot's table): lon/lat
    (WGS-84), kind, category, industries (ids), ``name``, ``precision_m`` (the
    geocoder's or the register's own, NaN when none) and ``size`` (numeric
    ``size_col``, e.g. employees or registered capital; NaN without)."""
    from analysis import batch
    from core.errors import DataValidationError, Problem
    from data.points_io import RENAMED_SUFFIX

    taxonomy = load_taxonomy()
    frames = []
    for table in tables:
        frame = batch.register_points(table, kind="enterprise", taxonomy=taxonomy,
                                      labels=True)
        v = table.valid
        cols = table.frame.columns
        if size_col and size_col not in cols:
            raise DataValidationError([Problem(
                table.source, None, size_col, f"no column {size_col!r} to rank firms by",
                "give one of: " + ", ".join(map(str, cols)))])
        prec = next((c for c in ("precision_m", "precision_m" + RENAMED_SUFFIX)
                     if c in cols), None)
        frame["precision_m"] = (pd.to_numeric(v[prec], errors="coerce").to_numpy(float)
                                if prec else np.nan)
        frame["size"] = (pd.to_numeric(v[size_col], errors="coerce").to_numpy(float)
                         if size_col else np.nan)
        frame["name"] = frame.pop("_name").astype(str)
        frame = frame.drop(columns=["_label"])
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["lon", "lat", "kind", "category", "industries", "name",
                                     "precision_m", "size"])
    out = pd.concat(frames, ignore_index=True)
    out["category"] = out["category"].astype(object)
    return out


def sample_points() -> pd.DataFrame:
    """The shipped curated enterprise sample in the same form as :func:`firm_points`
    (with ``name_zh``/``name_en``; no size)."""
    from data.catalogues import load_enterprises

    e = load_enterprises()
    out = e[["lon", "lat", "kind", "category", "industries", "name_zh", "name_en",
             "precision_m", "id"]].copy()
    out["name"] = out["name_zh"]
    out["size"] = np.nan
    return out


def area_profile(area_id: str, *, firms: pd.DataFrame | None = None,
                 firm_source: FirmSource | None = None,
                 facilities: pd.DataFrame | None = None,
                 ctx: SpatialContext | None = None,
                 concentrations: gpd.GeoDataFrame | None = None,
                 scale_m: float | None = None) -> AreaProfile:
    """The figures of the profile of ``area_id`` (a cluster, platform or 片区).

    Parameters
    ----------
    firms : the firms (:func:`firm_points`; default the shipped sample,
        :func:`sample_points`), WGS-84.
    firm_source : what ``firms`` are (default: the sample).
    facilities : the facility catalogue (default the shipped one).
    ctx : the spatial context (default :func:`analysis.context.build_context`).
    concentrations : observed concentrations already found for these firms (e.g. the
        map's "observed vs plan" mode); default: found here with
        :func:`analysis.concentrations.concentrations_by_industry` (each industry,
        the module's defaults) over the whole register, then those overlapping the
        area kept.
    scale_m : the concentrations' scale (metres; default the module's).

    Raises ValueError for an unknown id, listing the ids.
    """
    from analysis.concentrations import DEFAULT_SCALE_M, concentrations_by_industry
    from analysis.context import build_context
    from analysis.coverage import location_quotients
    from data.catalogues import load_facilities

    ctx = ctx or build_context()
    ids = ctx.areas["id"].tolist()
    if area_id not in ids:
        raise ValueError(f"unknown area id {area_id!r}: use one of {', '.join(ids)} "
                         "(see `python cli.py areas`)")
    firm_source = firm_source or FirmSource()
    firms = sample_points() if firms is None else firms
    facilities = load_facilities() if facilities is None else facilities
    k = ids.index(area_id)
    area = ctx.areas.iloc[k]
    geom_m = ctx.areas_metric.iloc[k]
    area_km2 = float(geom_m.area / 1e6)
    parent = None
    if isinstance(area.get("parent"), str):
        parent = ctx.areas.iloc[ids.index(area["parent"])]
    subareas = ctx.areas[ctx.areas["parent"] == area_id].drop(columns="geometry")

    fac_in, fac_edge = _inside(facilities, ctx, k, geom_m, float(area["precision_m"]))
    firm_in, firm_edge = _inside(firms, ctx, k, geom_m, float(area["precision_m"]))
    fac = facilities.iloc[fac_in].copy()
    fac["placed_in_area"] = fac.get("location_method", pd.Series("", index=fac.index)
                                    ).astype(str).str.startswith("known only to lie in")
    fac["_o"] = fac["category"].map({c: i for i, c in enumerate(FACILITY_ORDER)})
    fac = fac.sort_values(["_o", "name_zh"]).drop(columns="_o")
    fi = firms.iloc[firm_in].copy()
    has_size = fi["size"].notna().any() if "size" in fi else False
    if has_size:
        fi = fi.sort_values("size", ascending=False, na_position="last")
    else:
        rank = {c: i for i, c in enumerate(FIRM_CATEGORY_ORDER)}
        fi["_o"] = fi["category"].map(rank).fillna(len(rank))
        fi = fi.sort_values(["_o", "name"]).drop(columns="_o")

    in_city_fac = int((ctx.admin_index.assign_first(
        facilities["lon"].to_numpy(float), facilities["lat"].to_numpy(float)) >= 0).sum())
    in_city_firm = int((ctx.admin_index.assign_first(
        firms["lon"].to_numpy(float), firms["lat"].to_numpy(float)) >= 0).sum()) \
        if len(firms) else 0
    counts = {"n_facilities": len(fac), "n_firms": len(fi),
              "facilities_per_km2": len(fac) / area_km2, "firms_per_km2": len(fi) / area_km2,
              "share_city_facilities": len(fac) / in_city_fac if in_city_fac else np.nan,
              "share_city_firms": len(fi) / in_city_firm if in_city_firm else np.nan,
              "near_edge_facilities": int(fac_edge), "near_edge_firms": int(firm_edge),
              "city_facilities": in_city_fac, "city_firms": in_city_firm,
              "city_firms_per_km2": in_city_firm / ctx.city_km2}

    mix = _industry_mix(fi, firms, area, location_quotients(
        firms.assign(kind="enterprise"), ctx).loc[area_id])

    scale = float(scale_m or DEFAULT_SCALE_M)
    notes = {"scale_m": scale, "n_firms": len(firms), "supplied": concentrations is not None}
    if concentrations is None:
        cols = [c for c in ("lon", "lat", "industries", "precision_m") if c in firms]
        concentrations = concentrations_by_industry(firms[cols], scale_m=scale,
                                                    land_km2=ctx.city_km2)
        notes["method"] = "hdbscan"
    else:
        notes["method"] = concentrations.attrs.get("method", "")
    notes["n_found_city"] = len(concentrations)
    prec = pd.to_numeric(firms.get("precision_m"), errors="coerce") if len(firms) else None
    notes["n_left_out"] = int((prec > scale).sum()) if prec is not None else 0
    notes["n_precision_unknown"] = int(prec.isna().sum()) if prec is not None else 0
    inside = _overlapping(concentrations, geom_m)

    return AreaProfile(area=area, parent=parent, subareas=subareas, area_km2=area_km2,
                       firm_source=firm_source, facilities=fac.reset_index(drop=True),
                       firms=fi.reset_index(drop=True), counts=counts, mix=mix,
                       concentrations=inside, concentration_notes=notes,
                       firms_order="size" if has_size else "category",
                       facility_sources=sorted(set(fac.get("source", pd.Series(
                           dtype=object)).dropna().astype(str))))


def _inside(points: pd.DataFrame, ctx: SpatialContext, k: int, geom_m, precision_m: float
            ) -> tuple[np.ndarray, int]:
    """Rows of ``points`` the area ``k`` covers, and how many of them are uncertain:
    closer to its edge than the boundary's error bound plus the point's own
    (``precision_m`` column, when there is one), metres in EPSG:4547."""
    if not len(points):
        return np.zeros(0, dtype=int), 0
    lon = points["lon"].to_numpy(float)
    lat = points["lat"].to_numpy(float)
    pt, ap = ctx.memberships(lon, lat)
    rows = np.unique(pt[ap == k])
    if not len(rows):
        return rows, 0
    x, y = to_metric(lon[rows], lat[rows])
    d = shapely.distance(geom_m.boundary, shapely.points(x, y))
    own = (pd.to_numeric(points["precision_m"], errors="coerce").to_numpy(float)[rows]
           if "precision_m" in points else np.zeros(len(rows)))
    return rows, int((d < precision_m + np.nan_to_num(own)).sum())


def _industry_mix(inside: pd.DataFrame, firms: pd.DataFrame, area: pd.Series,
                  lq: pd.Series) -> pd.DataFrame:
    """Firms per industry inside the area (a firm with two industries counts in
    both), their share of the area's firms, the industry's share of the city's firms,
    the LQ (analysis.coverage.location_quotients) and whether the plan's focus for
    the area includes it; every focus industry is listed, found or not."""
    tax = load_taxonomy()
    focus = set(area["industry_ids"])
    n_in = len(inside)
    n_all = len(firms)
    count_in = pd.Series([i for ids in inside["industries"] for i in (ids or [])],
                         dtype=object).value_counts()
    count_all = pd.Series([i for ids in firms["industries"] for i in (ids or [])],
                          dtype=object).value_counts()
    ids = list(dict.fromkeys([*count_in.index, *sorted(focus)]))
    rows = []
    for i in ids:
        rows.append({"industry": i, "firms": int(count_in.get(i, 0)),
                     "share": count_in.get(i, 0) / n_in if n_in else np.nan,
                     "city_share": count_all.get(i, 0) / n_all if n_all else np.nan,
                     "lq": float(lq.get(i, np.nan)), "focus": i in focus,
                     "sector": tax.dominant_sector([i])})
    mix = pd.DataFrame(rows, columns=["industry", "firms", "share", "city_share", "lq",
                                      "focus", "sector"])
    return mix.sort_values(["firms", "focus"], ascending=False).reset_index(drop=True)


def _overlapping(concentrations: gpd.GeoDataFrame, geom_m) -> gpd.GeoDataFrame:
    """The concentrations whose polygon overlaps the area, with ``overlap_share`` (of
    the concentration's polygon inside the area) and ``centre_inside``."""
    if concentrations is None or not len(concentrations):
        return gpd.GeoDataFrame({"overlap_share": []},
                                geometry=gpd.GeoSeries([], crs=settings.CRS_STORAGE))
    m = concentrations.to_crs(settings.CRS_METRIC).geometry
    inter = shapely.intersection(m.to_numpy(), geom_m)
    share = shapely.area(inter) / shapely.area(m.to_numpy())
    keep = share > 0
    out = concentrations[keep].copy()
    out["overlap_share"] = share[keep]
    cx, cy = to_metric(out["centre_lon"].to_numpy(float), out["centre_lat"].to_numpy(float))
    out["centre_inside"] = shapely.contains_xy(geom_m, cx, cy)
    return out.sort_values("firms", ascending=False).reset_index(drop=True)


def data_versions(*, firm_source: FirmSource) -> list[tuple[str, str]]:
    """(what, version) of the data behind a profile: a short SHA-256 and date of each
    shipped file used, imported boundary overrides, and the register or snapshot."""
    import datetime as dt
    import hashlib

    def digest(path) -> str:
        h = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        day = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
        return f"sha256:{h} ({day})"

    out = [("cluster_defs/areas.geojson", digest(settings.CLUSTER_DEFS_DIR / "areas.geojson")),
           ("geodata/subdistricts.geojson", digest(settings.GEODATA_DIR
                                                   / "subdistricts.geojson")),
           ("geodata/facilities.csv", digest(settings.GEODATA_DIR / "facilities.csv"))]
    overrides = settings.CLUSTER_DEFS_DIR / "overrides"
    for path in sorted(overrides.glob("*.geojson")) if overrides.is_dir() else []:
        out.append((f"cluster_defs/overrides/{path.name}", digest(path)))
    if firm_source.sample:
        out.append(("geodata/enterprises.csv", digest(settings.GEODATA_DIR
                                                      / "enterprises.csv")))
    else:
        parts = [firm_source.name]
        if firm_source.snapshot is not None:
            parts.append(f"snapshot #{firm_source.snapshot}")
        if firm_source.imported_at:
            parts.append(f"imported {firm_source.imported_at}")
        if firm_source.as_of:
            parts.append(f"as of {firm_source.as_of}")
        if firm_source.rows is not None:
            parts.append(f"{firm_source.rows:,} firms with a point")
        out.append(("register", ", ".join(p for p in parts if p)))
    return out


__all__ = ["AreaProfile", "FirmSource", "area_profile", "data_versions", "firm_points",
           "sample_points"]
