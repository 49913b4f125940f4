"""Turn the geometry recipes of the area definitions into polygons with provenance.

A recipe (the ``[geometry]`` table of an area or 片区) combines, in this order:

1. ``subdistricts = [...]`` — union of 街道 by name (the shipped OSM layer);
   ``communities = [["街道", "社区"], ...]`` — union of 社区 (partial OSM layer);
   ``base_layer = "shenshan"`` — the approximate 深汕 polygon;
   ``same_as = "<id>"`` — the polygon of an area built earlier;
   ``taz = [id, ...]`` — union of traffic-analysis zones (交通小区) by their index in
   ``geodata/raw/sz_taz491_shenzhenbuscorr_wgs84.geojson`` (the zones are unnamed:
   the recipe's ``method`` must quote the published description that picks them).
2. ``intersect_with = "<id>"`` — keep only the part inside another area;
   ``intersect_taz = [id, ...]`` — keep only the part inside these zones;
   ``intersect_district = "宝安区"`` — keep only the part inside a district;
   ``intersect_subdistricts = [...]`` — keep only the part inside these 街道.
   ``cut_by_road = {name = "滨河大道", keep = [lon, lat]}`` — split the polygon along
   the named road (all its segments in the partial OpenStreetMap road layers,
   ``geodata/raw/osm_roads_partial/``) and keep the side holding the ``keep`` point;
   the road must cross the polygon.
3. ``drop_islands = true`` — drop parts more than 500 m from the largest part.
4. ``coastal_band = {sea = [[lon, lat], ...], fit_km2 = A}`` — keep the land within d
   metres of the given sea polygon (minus the land of the 74 街道), with d chosen so
   that the area equals A km².

An area with no recipe of its own is the union of its 片区. All operations run in
EPSG:4547 (metres); the result is returned in EPSG:4326.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.ops import split

from core import settings

ISLAND_GAP_M = 500.0
#: A road cutting a polygon is extended this far (metres) past each loose end.
ROAD_EXTEND_M = 300.0


class RecipeError(ValueError):
    """A geometry recipe names something that does not exist or cannot be built."""


def _km2(geom) -> float:
    return float(shapely.area(geom)) / 1e6


def _fit(make: Callable[[float], object], target_km2: float, lo: float, hi: float,
         *, increasing: bool, tol: float = 0.5):
    """Bisect a parameter x in [lo, hi] so that area(make(x)) ≈ target (x in metres)."""
    for _ in range(60):
        mid = (lo + hi) / 2
        too_big = _km2(make(mid)) > target_km2
        if too_big == increasing:
            hi = mid
        else:
            lo = mid
        if hi - lo < tol:
            break
    x = (lo + hi) / 2
    return make(x), x


class GeometryBuilder:
    """Builds recipe geometries from the base layers (given in EPSG:4326)."""

    def __init__(self, subdistricts: gpd.GeoDataFrame, communities: gpd.GeoDataFrame,
                 districts: gpd.GeoDataFrame, shenshan: gpd.GeoDataFrame,
                 taz: gpd.GeoDataFrame | None = None,
                 roads: gpd.GeoDataFrame | None = None):
        m = settings.CRS_METRIC
        self.sub = subdistricts.to_crs(m).set_index("name_zh").geometry
        comm = communities.to_crs(m)
        comm["geometry"] = shapely.make_valid(comm.geometry.to_numpy())
        self.comm = comm.set_index(["street", "name"]).geometry
        self.dist = districts.to_crs(m).set_index("name_zh").geometry
        self.shenshan = shenshan.to_crs(m).geometry.iloc[0]
        self.land = shapely.union_all(self.sub.to_numpy())
        self.taz = None
        if taz is not None:
            zones = taz.set_crs(settings.CRS_STORAGE, allow_override=taz.crs is None)
            zones = zones.to_crs(m)
            zones["geometry"] = shapely.make_valid(zones.geometry.to_numpy())
            self.taz = zones.set_index(zones["name"].astype(int)).geometry
        self.roads = None if roads is None else roads.to_crs(m)
        self.built: dict[str, object] = {}  # id -> metric geometry

    # -- pieces -----------------------------------------------------------------
    def _subdistricts(self, names):
        missing = [n for n in names if n not in self.sub.index]
        if missing:
            raise RecipeError(f"unknown 街道 {missing}; names must match geodata/subdistricts"
                              ".geojson (e.g. '坂田街道')")
        return list(self.sub.loc[list(names)])

    def _communities(self, pairs):
        keys = [tuple(p) for p in pairs]
        missing = [k for k in keys if k not in self.comm.index]
        if missing:
            raise RecipeError(f"unknown 社区 {missing}; give [街道, 社区] as in the 社区 layer")
        return [self.comm.loc[k] for k in keys]

    def _zones(self, ids):
        """Traffic-analysis zones by index; the 街道 clip is the recipe's job."""
        if self.taz is None:
            raise RecipeError("this builder has no traffic-analysis zone layer")
        missing = [i for i in ids if int(i) not in self.taz.index]
        if missing:
            raise RecipeError(f"unknown traffic-analysis zone {missing}; ids are 0–490 "
                              "(the `name` column of the zone layer)")
        return [self.taz.loc[int(i)] for i in ids]

    def _area(self, area_id):
        if area_id not in self.built:
            raise RecipeError(f"area {area_id!r} is used before it is built (or unknown)")
        return self.built[area_id]

    # -- the recipe ---------------------------------------------------------------
    def build(self, area_id: str, recipe: dict, children: list | None = None) -> tuple:
        """(geometry in EPSG:4326, notes) for one recipe; notes list fitted parameters."""
        notes: list[str] = []
        parts = []
        if "subdistricts" in recipe:
            parts += self._subdistricts(recipe["subdistricts"])
        if "communities" in recipe:
            parts += self._communities(recipe["communities"])
        if recipe.get("base_layer") == "shenshan":
            parts.append(self.shenshan)
        if "same_as" in recipe:
            parts.append(self._area(recipe["same_as"]))
        if "taz" in recipe:
            parts += self._zones(recipe["taz"])
        if not parts:
            if not children:
                raise RecipeError(f"{area_id}: the recipe selects nothing and there are no 片区")
            parts = [self._area(c) for c in children]
        geom = shapely.union_all(parts)
        if "intersect_with" in recipe:
            geom = geom.intersection(self._area(recipe["intersect_with"]))
        if "intersect_taz" in recipe:
            geom = geom.intersection(shapely.union_all(self._zones(recipe["intersect_taz"])))
        if "intersect_district" in recipe:
            geom = geom.intersection(self.dist.loc[recipe["intersect_district"]])
        if "intersect_subdistricts" in recipe:
            geom = geom.intersection(
                shapely.union_all(self._subdistricts(recipe["intersect_subdistricts"])))
        if "cut_by_road" in recipe:
            geom = self._cut_by_road(area_id, geom, **recipe["cut_by_road"])
        if recipe.get("drop_islands"):
            geom = _drop_islands(geom)
        if "coastal_band" in recipe:
            geom, d = self._coastal_band(geom, **recipe["coastal_band"])
            notes.append(f"band width fitted: {d:,.0f} m")
        geom = shapely.make_valid(shapely.set_precision(geom, 0.01))
        geom = _polygonal(geom)
        if geom.is_empty:
            raise RecipeError(f"{area_id}: the recipe gives an empty polygon")
        self.built[area_id] = geom
        out = gpd.GeoSeries([geom], crs=settings.CRS_METRIC).to_crs(settings.CRS_STORAGE)
        return out.iloc[0], notes

    def _cut_by_road(self, area_id, geom, *, name, keep):
        """The part of ``geom`` on the ``keep`` side of the named road (metres)."""
        if self.roads is None:
            raise RecipeError("this builder has no road layer")
        segs = self.roads.geometry[self.roads["name"] == name]
        if segs.empty:
            raise RecipeError(f"{area_id}: no road named {name!r} in the partial road layers "
                              "(they cover parts of 福田 and 南山 only)")
        line = shapely.line_merge(shapely.union_all(segs.to_numpy()))
        # a mapped road often stops a little short of a 街道 edge: extend its loose ends
        line = shapely.union_all([_extend(part, ROAD_EXTEND_M)
                                  for part in getattr(line, "geoms", [line])])
        pieces = list(split(geom, line).geoms)
        if len(pieces) < 2:
            raise RecipeError(f"{area_id}: road {name!r} does not cross the polygon")
        pt = gpd.GeoSeries([Point(keep)], crs=settings.CRS_STORAGE).to_crs(
            settings.CRS_METRIC).iloc[0]
        side = [g for g in pieces if g.buffer(0.5).contains(pt)]
        if not side:
            raise RecipeError(f"{area_id}: the keep point {keep} is not in the polygon")
        return shapely.union_all(side)

    def _coastal_band(self, geom, *, sea, fit_km2):
        lon, lat = np.asarray(sea, dtype=float).T
        sea_m = gpd.GeoSeries([Polygon(zip(lon, lat, strict=True))], crs=settings.CRS_STORAGE
                              ).to_crs(settings.CRS_METRIC).iloc[0].difference(self.land)
        if _km2(geom) < fit_km2:
            raise RecipeError(f"the land selected ({_km2(geom):.1f} km²) is smaller than "
                              f"fit_km2 = {fit_km2}")
        return _fit(lambda d: geom.intersection(sea_m.buffer(d)), fit_km2, 0.0, 30_000.0,
                    increasing=True)


def _polygonal(geom):
    """Keep only the polygon parts of a geometry (make_valid can add lines)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def _extend(line, d: float):
    """``line`` with its first and last segments prolonged by ``d`` metres."""
    xy = np.asarray(line.coords)
    if len(xy) < 2:
        return line

    def ahead(a, b):
        v = b - a
        n = np.hypot(*v)
        return b if n == 0 else b + v / n * d
    return shapely.LineString(np.vstack([ahead(xy[1], xy[0]), xy, ahead(xy[-2], xy[-1])]))


def _drop_islands(geom):
    parts = list(getattr(geom, "geoms", [geom]))
    if len(parts) < 2:
        return geom
    main = max(parts, key=lambda p: p.area)
    return shapely.union_all([p for p in parts if p.distance(main) <= ISLAND_GAP_M])


def _dependencies(rec: dict, children: dict[str, list[str]]) -> set[str]:
    g = rec.get("geometry") or {}
    deps = {g[k] for k in ("same_as", "intersect_with") if k in g}
    if not any(k in g for k in ("subdistricts", "communities", "base_layer", "same_as", "taz")):
        deps |= set(children.get(rec["id"], []))
    return deps


def build_areas(records: list[dict], builder: GeometryBuilder,
                subdistricts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Build every record's polygon (in dependency order) into one GeoDataFrame.

    Columns: id, kind, parent, name_zh, name_en, grade, precision_m, method, sources,
    area_km2 (EPSG:4547), published_km2, published_source, published_note (why the
    polygon differs from the published figure, or what the search for one found),
    districts (those holding
    ≥ 1% of the polygon or ≥ 0.1 km²), geometry (EPSG:4326). Rows keep file order.
    """
    children: dict[str, list[str]] = {}
    for r in records:
        if r.get("parent"):
            children.setdefault(r["parent"], []).append(r["id"])
    by_id = {r["id"]: r for r in records}
    pending = [r["id"] for r in records]
    geoms: dict[str, tuple] = {}
    while pending:
        ready = [i for i in pending if _dependencies(by_id[i], children) <= set(geoms)]
        if not ready:
            raise RecipeError(f"circular or unknown references among {pending}")
        for i in ready:
            geoms[i] = builder.build(i, by_id[i].get("geometry") or {}, children.get(i))
            pending.remove(i)
    sub_m = subdistricts.to_crs(settings.CRS_METRIC)
    for r in records:  # an area drawn as its 片区' union: their provenance, its own figures
        if "grade" not in (r.get("geometry") or {}) and children.get(r["id"]):
            r["geometry"] = {**(r.get("geometry") or {}),
                             **_union_provenance([by_id[c] for c in children[r["id"]]])}
    rows = []
    for r in records:
        g = r.get("geometry") or {}
        geom, notes = geoms[r["id"]]
        metric = builder.built[r["id"]]
        area = metric.area / 1e6
        share = sub_m.intersection(metric).area / 1e6
        held = sub_m.assign(km2=share).groupby("district_zh")["km2"].sum()
        districts = [d for d, km2 in held.items() if km2 >= max(0.1, 0.01 * area)]
        if r["id"] in builder.built and metric.intersects(builder.shenshan.buffer(-1)):
            districts.append(settings.SHENSHAN_NAME_ZH)
        method = g.get("method", "")
        method_zh = g.get("method_zh") or method
        if notes:
            method += " [" + "; ".join(notes) + "]"
            method_zh += " [" + "; ".join(notes) + "]"
        rows.append({
            "id": r["id"], "kind": r["kind"], "parent": r.get("parent"),
            "name_zh": r["name_zh"], "name_en": r["name_en"],
            "grade": g.get("grade", ""), "precision_m": g.get("precision_m"),
            "method": method, "method_zh": method_zh,
            "sources": "; ".join(g.get("sources", [])),
            "area_km2": round(area, 2),
            "published_km2": g.get("published_km2"),
            "published_source": g.get("published_source"),
            "published_note": g.get("published_gap_reason") or g.get("published_search") or "",
            "districts": "、".join(districts),
            "geometry": geom,
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS_STORAGE)


def _union_provenance(kids: list[dict]) -> dict:
    """Provenance of an area drawn as the union of its 片区: the worst grade, the
    largest error bound, every source."""
    order = list(settings.PRECISION_GRADES)
    grades = [k["geometry"]["grade"] for k in kids]
    sources: list[str] = []
    for k in kids:
        sources += [s for s in k["geometry"]["sources"] if s not in sources]
    return {
        "grade": max(grades, key=order.index),
        "precision_m": max(k["geometry"]["precision_m"] for k in kids),
        "method": "union of its 片区 (" + ", ".join(k["id"] for k in kids) + "); "
                  "each 片区 states its own method, and the grade is the worst of theirs.",
        "method_zh": "其各片区的并集（" + "、".join(k["id"] for k in kids) + "）；"
                     "每个片区各自说明方法，等级取其中最差者。",
        "sources": sources,
    }


def load_roads() -> gpd.GeoDataFrame:
    """The partial OpenStreetMap road layers with names (``name``, ``file``, geometry),
    EPSG:4326; empty when none are shipped."""
    import pandas as pd

    frames = [gpd.read_file(f)[["name", "geometry"]].assign(file=f.name)
              for f in sorted(settings.RAW_ROADS_DIR.glob("*.geojson"))]
    if not frames:
        return gpd.GeoDataFrame({"name": [], "file": []}, geometry=[], crs=settings.CRS_STORAGE)
    roads = pd.concat(frames, ignore_index=True)
    # OSMnx merges edges: a segment may carry several names (a list); one row per name
    roads = roads.explode("name", ignore_index=True)
    roads = roads[roads["name"].map(lambda v: isinstance(v, str) and bool(v.strip()))]
    return gpd.GeoDataFrame(roads, geometry="geometry", crs=settings.CRS_STORAGE)


def build_all_areas() -> gpd.GeoDataFrame:
    """Build all areas from the shipped definitions and base layers."""
    from data import loaders
    from data.area_defs import read_definitions

    subs = loaders.load_subdistricts()
    comm = gpd.read_file(settings.RAW_COMMUNITIES)
    taz = gpd.read_file(settings.RAW_TAZ)
    builder = GeometryBuilder(subs, comm, loaders.load_districts(), loaders.load_shenshan(),
                              taz, load_roads())
    return build_areas(read_definitions(), builder, subs)
