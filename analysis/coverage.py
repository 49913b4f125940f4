"""Coverage statistics per area and for the city: counts, densities, shares, focus
alignment, location quotients, overlaps and proximity coverage.

Points are a DataFrame with ``lon``, ``lat`` (WGS-84), ``kind`` ("facility" or
"enterprise"), ``category`` (str) and ``industries`` (list of taxonomy ids). Every
function takes the points and a :class:`analysis.context.SpatialContext` and returns a
new DataFrame; nothing is mutated. Areas in km² and distances in metres are measured
in EPSG:4547.

Definitions
-----------
- *city*: the 74 街道 plus the approximate 深汕 zone; *inside_any*: points in at least
  one area; *outside_all*: city points in no area.
- *focus alignment* of an area: among its points that carry at least one industry, the
  share whose industries include at least one of the area's focus industries.
- *location quotient* LQ(a, i) = (n_ai / n_a) / (N_i / N), counting industry labels: a
  point with two industries adds one label to each; n_a, N are label totals of the
  area and the city.
- *surely inside* an area: a point farther from the area's edge than its own error
  bound (optional column ``precision_m``, metres; a point without one is taken at its
  coordinate), measured in EPSG:4547; or a point known from its source to lie in that
  area (``container`` = ``area:<id>`` of the area or of one of its 片区). Every other
  point counted in the area is *uncertain*: it may lie on either side of the edge.
- *area-level* point: known only to lie in an area or administrative unit (optional
  column ``container``, see ``analysis.location_level``), placed at its representative
  point; every other point is *located*. Counting it in its own area is circular, so
  the tables count area-level points apart.
- *lower bound*: the density of an ``envelope`` area (a polygon that contains the
  area and overstates it) is at least the value given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from analysis.context import SpatialContext
from core.taxonomy import Taxonomy, expand_filter, load_taxonomy

RADII_M = (1000, 2000, 5000)
ANCHOR_CATEGORIES = ("big_science", "lab")


# --- encoding ---------------------------------------------------------------------
def industry_bits(taxonomy: Taxonomy | None = None) -> dict[str, int]:
    """Bit position of each of the 28 industry ids."""
    taxonomy = taxonomy or load_taxonomy()
    return {k: i for i, k in enumerate(taxonomy.industry_ids)}


def encode(lists: Iterable, bits: dict[str, int]) -> np.ndarray:
    """Bitmask (int64) per list of industry ids; unknown ids are ignored."""
    out = []
    for ids in lists:
        m = 0
        if isinstance(ids, list | tuple | np.ndarray):
            for i in ids:
                b = bits.get(i)
                if b is not None:
                    m |= 1 << b
        out.append(m)
    return np.asarray(out, dtype=np.int64)


def filter_points(points: pd.DataFrame, *, industries: Iterable[str] | None = None,
                  categories: Iterable[str] | None = None) -> pd.DataFrame:
    """Points carrying any of ``industries`` (expanded) and, for facilities, in one of
    the facility ``categories`` (enterprise rows are not filtered by category)."""
    return points[filter_mask(points, industries=industries, categories=categories)]


def filter_mask(points: pd.DataFrame, *, industries: Iterable[str] | None = None,
                categories: Iterable[str] | None = None) -> np.ndarray:
    """The boolean row mask behind :func:`filter_points`."""
    keep = np.ones(len(points), dtype=bool)
    ids = expand_filter(industries)
    if ids:
        bits = industry_bits()
        keep &= (encode(points["industries"], bits) & encode([ids], bits)[0]) != 0
    if categories:
        in_cat = points["category"].isin(list(categories)).to_numpy().copy()
        if "kind" in points.columns:
            in_cat |= (points["kind"] != "facility").to_numpy()
        keep &= in_cat
    return keep


# --- joins shared by the statistics ------------------------------------------------
@dataclass(frozen=True)
class Joined:
    """Point-in-area memberships of a point table: pairs (``pt`` row, ``ap`` area) and
    ``in_city`` per row. Computed once per table (:func:`join`); a filter takes a
    :meth:`subset` instead of joining again."""

    pt: np.ndarray
    ap: np.ndarray
    in_city: np.ndarray
    #: per pair, the point is surely inside the area (:func:`with_certainty`), or None
    sure: np.ndarray | None = None

    def subset(self, keep: np.ndarray) -> Joined:
        """The memberships of the rows where ``keep`` is True, renumbered 0..k-1."""
        keep = np.asarray(keep, dtype=bool)
        if keep.all():
            return self
        new_index = np.cumsum(keep) - 1
        sel = keep[self.pt]
        return Joined(new_index[self.pt[sel]], self.ap[sel], self.in_city[keep],
                      None if self.sure is None else self.sure[sel])


def with_certainty(joined: Joined, points: pd.DataFrame, ctx: SpatialContext) -> Joined:
    """``joined`` (the memberships of ``points``) with each pair's surely-inside flag
    (:func:`surely_inside`), measured once per table and reused under every filter."""
    if len(joined.in_city) != len(points):
        raise ValueError("joined does not belong to these points")
    return Joined(joined.pt, joined.ap, joined.in_city,
                  surely_inside(points, joined.pt, joined.ap, ctx))


def join(points: pd.DataFrame, ctx: SpatialContext) -> Joined:
    """Memberships of every row of ``points`` (grid index, covers rule)."""
    lon = points["lon"].to_numpy(dtype="float64")
    lat = points["lat"].to_numpy(dtype="float64")
    pt, ap = ctx.memberships(lon, lat)
    in_city = ctx.admin_index.assign_first(lon, lat) >= 0
    return Joined(pt, ap, in_city)


def _joined(points: pd.DataFrame, ctx: SpatialContext, joined: Joined | None = None,
            keep: np.ndarray | None = None):
    """(pt, ap, in_city) of ``points[keep]``: from ``joined`` (the memberships of the
    unfiltered ``points``) when given, else by joining now."""
    if joined is None:
        j = join(points if keep is None else points[keep], ctx)
    else:
        if len(joined.in_city) != len(points):
            raise ValueError("joined does not belong to these points; pass the "
                             "unfiltered table it was computed from")
        j = joined if keep is None else joined.subset(keep)
    return j.pt, j.ap, j.in_city


def surely_inside(points: pd.DataFrame, pt: np.ndarray, ap: np.ndarray,
                  ctx: SpatialContext) -> np.ndarray:
    """Boolean per membership pair (``points`` row ``pt``, area position ``ap``): the
    point is surely inside the area — farther from its edge than the point's
    ``precision_m`` (metres, EPSG:4547; NaN, 0 or no column: taken at its coordinate),
    or known from its source to lie in the area or in one of its 片区 (``container``).
    Each distinct (coordinate, bound, area) is measured once (area-level points share
    their container's point)."""
    pt, ap = np.asarray(pt, dtype=np.int64), np.asarray(ap, dtype=np.int64)
    sure = np.ones(len(pt), dtype=bool)
    if "precision_m" not in points.columns or not len(pt):
        return sure
    prec = pd.to_numeric(points["precision_m"], errors="coerce").to_numpy(dtype="float64")
    p = prec[pt]
    test = np.isfinite(p) & (p > 0)
    if test.any():
        lon = points["lon"].to_numpy(dtype="float64")[pt[test]]
        lat = points["lat"].to_numpy(dtype="float64")[pt[test]]
        key = np.column_stack([lon, lat, p[test], ap[test].astype("float64")])
        uniq, inverse = np.unique(key, axis=0, return_inverse=True)
        sure[np.flatnonzero(test)] = _farther_than(uniq, ctx)[inverse.ravel()]
    return sure | _by_source(points, pt, ap, ctx)


def _farther_than(rows: np.ndarray, ctx: SpatialContext) -> np.ndarray:
    """For rows (lon, lat, precision_m, area position): the point is farther from the
    area's edge than precision_m (EPSG:4547)."""
    from core.crs import to_metric

    x, y = to_metric(rows[:, 0], rows[:, 1])
    area = rows[:, 3].astype(np.int64)
    used = np.unique(area)
    edges = np.empty(len(ctx.areas), dtype=object)
    edges[used] = shapely.boundary(ctx.areas_metric.to_numpy()[used])
    shapely.prepare(edges[used])
    return ~shapely.dwithin(edges[area], shapely.points(x, y), rows[:, 2])


def _by_source(points: pd.DataFrame, pt: np.ndarray, ap: np.ndarray,
               ctx: SpatialContext) -> np.ndarray:
    """Per pair: the point's source places it in this area or in one of its 片区."""
    if "container" not in points.columns or not len(pt):
        return np.zeros(len(pt), dtype=bool)
    ids = ctx.areas["id"].to_numpy(dtype=object)
    parents = ctx.areas["parent"].to_numpy(dtype=object) if "parent" in ctx.areas \
        else np.full(len(ids), None, dtype=object)
    inside_of = {f"area:{i}": {i} for i in ids}
    for i, parent in zip(ids, parents, strict=True):
        if isinstance(parent, str) and parent:
            inside_of[f"area:{i}"].add(parent)
    cont = points["container"].to_numpy(dtype=object)[pt]
    return np.fromiter((a in inside_of.get(c, ()) for c, a in zip(cont, ids[ap],
                                                                   strict=True)),
                       dtype=bool, count=len(pt))


def _area_level(points: pd.DataFrame) -> np.ndarray:
    """Boolean per row: an area-level point (a non-empty ``container``)."""
    if "container" not in points.columns:
        return np.zeros(len(points), dtype=bool)
    cont = points["container"]
    return (cont.notna() & (cont.astype(str) != "")).to_numpy()


def _union_km2(ctx: SpatialContext) -> float:
    top = ctx.areas["parent"].isna().to_numpy()
    union = shapely.union_all(ctx.areas_metric[top].to_numpy())
    return float(union.area / 1e6)


def coverage_table(points: pd.DataFrame, ctx: SpatialContext, *,
                   industries: Iterable[str] | None = None,
                   categories: Iterable[str] | None = None,
                   joined: Joined | None = None) -> pd.DataFrame:
    """One row per area plus ``city``, ``inside_any`` and ``outside_all``.

    Columns: id, name_zh, name_en, kind, grade, area_km2, n_facilities, n_enterprises,
    facilities_per_km2, enterprises_per_km2, share_city_facilities,
    share_city_enterprises, focus_alignment, focus_matches_filter, then the honesty
    columns: n_facilities_sure / n_facilities_uncertain (surely inside vs uncertain,
    adding up to n_facilities; missing on the summary rows), n_facilities_area_level
    (area-level points among n_facilities; the located ones are the rest), the same
    three for enterprises, and density_lower_bound (the area is an ``envelope``: its
    densities are lower bounds; missing on the summary rows). See the module's
    definitions; ``precision_m`` and ``container`` columns of ``points`` are optional.
    ``joined``: the memberships of ``points`` from :func:`join` (with the surely-inside
    flags when from :func:`with_certainty`), reused across filters.
    """
    keep = filter_mask(points, industries=industries, categories=categories)
    pt, ap, in_city = _joined(points, ctx, joined, keep)
    sure = None if joined is None or joined.sure is None else joined.subset(keep).sure
    counts = _coverage_counts(points[keep], pt, ap, in_city, ctx, sure=sure)
    return _coverage_from_counts(counts, ctx, industries)


def _coverage_counts(pts: pd.DataFrame, pt, ap, in_city, ctx: SpatialContext,
                     sure: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The additive counts behind :func:`coverage_table` (of already filtered points;
    ``sure``: their pairs' surely-inside flags when measured already)."""
    bits = industry_bits()
    n_areas = len(ctx.areas)
    is_fac = (pts["kind"] == "facility").to_numpy()
    is_ent = (pts["kind"] == "enterprise").to_numpy()
    pmask = encode(pts["industries"], bits)
    amask = encode(ctx.areas["industry_ids"], bits)
    labelled = pmask[pt] != 0
    aligned = labelled & ((pmask[pt] & amask[ap]) != 0)
    inside = np.zeros(len(pts), dtype=bool)
    inside[pt] = True
    if sure is None:
        sure = surely_inside(pts, pt, ap, ctx)
    level = _area_level(pts)
    return {
        "n_fac": np.bincount(ap[is_fac[pt]], minlength=n_areas),
        "n_ent": np.bincount(ap[is_ent[pt]], minlength=n_areas),
        "n_lab": np.bincount(ap[labelled], minlength=n_areas),
        "n_aln": np.bincount(ap[aligned], minlength=n_areas),
        "n_fac_sure": np.bincount(ap[is_fac[pt] & sure], minlength=n_areas),
        "n_ent_sure": np.bincount(ap[is_ent[pt] & sure], minlength=n_areas),
        "n_fac_level": np.bincount(ap[(is_fac & level)[pt]], minlength=n_areas),
        "n_ent_level": np.bincount(ap[(is_ent & level)[pt]], minlength=n_areas),
        # city, inside_any, outside_all × (facilities, enterprises)
        "summary": np.array([[(k & in_city).sum(), (k & inside).sum(),
                              (k & in_city & ~inside).sum()] for k in (is_fac, is_ent)],
                            dtype=np.int64),
        # the same, area-level points only
        "summary_level": np.array([[(k & in_city).sum(), (k & inside).sum(),
                                    (k & in_city & ~inside).sum()]
                                   for k in (is_fac & level, is_ent & level)],
                                  dtype=np.int64),
    }


def _coverage_from_counts(c: dict[str, np.ndarray], ctx: SpatialContext,
                          industries: Iterable[str] | None) -> pd.DataFrame:
    bits = industry_bits()
    n_areas = len(ctx.areas)
    amask = encode(ctx.areas["industry_ids"], bits)
    fmask = encode([expand_filter(industries)], bits)[0]
    n_lab, n_aln = c["n_lab"], c["n_aln"]
    a = ctx.areas
    table = pd.DataFrame({
        "id": a["id"], "name_zh": a["name_zh"], "name_en": a["name_en"], "kind": a["kind"],
        "grade": a["grade"], "area_km2": ctx.areas_metric.area.to_numpy() / 1e6,
        "n_facilities": c["n_fac"], "n_enterprises": c["n_ent"],
        "focus_alignment": np.divide(n_aln, n_lab, out=np.full(n_areas, np.nan),
                                     where=n_lab > 0),
        "focus_matches_filter": (amask & fmask) != 0 if fmask else True,
    })
    (city_fac, in_fac, out_fac), (city_ent, in_ent, out_ent) = c["summary"].tolist()
    union_km2 = _union_km2(ctx)
    summary = pd.DataFrame([
        {"id": "city", "name_zh": "全市（含深汕）", "name_en": "City (incl. 深汕)",
         "kind": "summary", "area_km2": ctx.city_km2,
         "n_facilities": city_fac, "n_enterprises": city_ent},
        {"id": "inside_any", "name_zh": "任一集群区/平台内", "name_en": "Inside any area",
         "kind": "summary", "area_km2": union_km2,
         "n_facilities": in_fac, "n_enterprises": in_ent},
        {"id": "outside_all", "name_zh": "所有集群区/平台外", "name_en": "Outside all areas",
         "kind": "summary", "area_km2": ctx.city_km2 - union_km2,
         "n_facilities": out_fac, "n_enterprises": out_ent},
    ])
    table = pd.concat([table, summary], ignore_index=True)
    table["facilities_per_km2"] = table["n_facilities"] / table["area_km2"]
    table["enterprises_per_km2"] = table["n_enterprises"] / table["area_km2"]
    table["share_city_facilities"] = table["n_facilities"] / city_fac if city_fac else np.nan
    table["share_city_enterprises"] = table["n_enterprises"] / city_ent if city_ent else np.nan
    return _with_certainty(table, c, n_areas)


def _with_certainty(table: pd.DataFrame, c: dict[str, np.ndarray], n_areas: int
                    ) -> pd.DataFrame:
    """The honesty columns (see :func:`coverage_table`) added to the coverage table
    (``n_areas`` area rows, then the three summary rows)."""
    gap = pd.array([pd.NA] * (len(table) - n_areas), dtype="Int64")
    for word, key in (("facilities", "fac"), ("enterprises", "ent")):
        sure = pd.array(c[f"n_{key}_sure"], dtype="Int64")
        table[f"n_{word}_sure"] = pd.concat([pd.Series(sure), pd.Series(gap)],
                                            ignore_index=True)
        table[f"n_{word}_uncertain"] = pd.concat(
            [pd.Series(pd.array(c[f"n_{key}"] - c[f"n_{key}_sure"], dtype="Int64")),
             pd.Series(gap)], ignore_index=True)
        row = 0 if key == "fac" else 1
        table[f"n_{word}_area_level"] = np.append(c[f"n_{key}_level"],
                                                  c["summary_level"][row]).astype(np.int64)
    flag = pd.array(list(table["grade"].iloc[:n_areas] == "envelope")
                    + [pd.NA] * (len(table) - n_areas), dtype="boolean")
    table["density_lower_bound"] = flag
    return table


def counts_by(points: pd.DataFrame, ctx: SpatialContext, *, by: str = "category",
              kind: str | None = None, joined: Joined | None = None) -> pd.DataFrame:
    """Long table area_id × key → count; ``by`` is "category" or "industry"."""
    keep = None if kind is None else (points["kind"] == kind).to_numpy()
    pts = points if keep is None else points[keep]
    pt, ap, _ = _joined(points, ctx, joined, keep)
    ids = ctx.areas["id"].to_numpy()
    if by == "category":
        keys = pts["category"].to_numpy(dtype=object)[pt]
        df = pd.DataFrame({"area_id": ids[ap], "key": keys})
    elif by == "industry":
        lists = pts["industries"].to_numpy(dtype=object)[pt]
        df = pd.DataFrame({"area_id": ids[ap], "key": lists}).explode("key").dropna()
    else:
        raise ValueError(f"by={by!r}; use 'category' or 'industry'")
    return df.groupby(["area_id", "key"]).size().rename("count").reset_index()


def location_quotients(points: pd.DataFrame, ctx: SpatialContext, *,
                       kind: str | None = "enterprise",
                       joined: Joined | None = None) -> pd.DataFrame:
    """Wide table: one row per area, one column per industry id, LQ values (NaN where
    the area has no labelled points or the city has none of that industry)."""
    keep = None if kind is None else (points["kind"] == kind).to_numpy()
    pts = points if keep is None else points[keep]
    pt, ap, in_city = _joined(points, ctx, joined, keep)
    return _lq_from_counts(_lq_counts(pts, pt, ap, in_city, ctx), ctx)


def _lq_counts(pts: pd.DataFrame, pt, ap, in_city, ctx: SpatialContext
               ) -> dict[str, np.ndarray]:
    """Industry labels per area and in the city: the additive counts behind LQ."""
    bits = industry_bits()
    pmask = encode(pts["industries"], bits)
    n_areas = len(ctx.areas)
    area_counts = np.zeros((n_areas, len(bits)))
    city_counts = np.zeros(len(bits))
    for b in bits.values():
        has = ((pmask >> b) & 1).astype(bool)
        area_counts[:, b] = np.bincount(ap[has[pt]], minlength=n_areas)
        city_counts[b] = (has & in_city).sum()
    return {"lq_area": area_counts, "lq_city": city_counts}


def _lq_from_counts(c: dict[str, np.ndarray], ctx: SpatialContext) -> pd.DataFrame:
    area_counts, city_counts = c["lq_area"], c["lq_city"]
    with np.errstate(invalid="ignore", divide="ignore"):
        area_share = area_counts / area_counts.sum(axis=1, keepdims=True)
        city_share = city_counts / city_counts.sum()
        lq = area_share / city_share
    lq[~np.isfinite(lq)] = np.nan
    return pd.DataFrame(lq, columns=list(industry_bits()), index=ctx.areas["id"].to_numpy())


def overlaps(ctx: SpatialContext, *, kinds: Iterable[str] = ("innovation_cluster",
                                                              "strategic_platform")
             ) -> pd.DataFrame:
    """Pairs of areas that overlap: overlap_km2 and the share of each area it covers."""
    sel = ctx.areas["kind"].isin(list(kinds)).to_numpy()
    ids = ctx.areas["id"].to_numpy()[sel]
    geoms = ctx.areas_metric.to_numpy()[sel]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    inter = shapely.area(shapely.intersection(geoms[left], geoms[right])) / 1e6
    out = pd.DataFrame({
        "area_a": ids[left], "area_b": ids[right], "overlap_km2": inter,
        "share_of_a": inter / (shapely.area(geoms[left]) / 1e6),
        "share_of_b": inter / (shapely.area(geoms[right]) / 1e6)})
    return out[out["overlap_km2"] > 0.01].reset_index(drop=True)


def nearest_distance_m(lon, lat, anchor_lon, anchor_lat) -> np.ndarray:
    """Distance in metres (EPSG:4547) from each point to the nearest anchor point."""
    from core.crs import to_metric

    if len(anchor_lon) == 0:
        return np.full(len(lon), np.inf)
    ax, ay = to_metric(anchor_lon, anchor_lat)
    px, py = to_metric(lon, lat)
    tree = shapely.STRtree(shapely.points(ax, ay))
    idx, dist = tree.query_nearest(shapely.points(px, py), return_distance=True,
                                   all_matches=False)
    out = np.full(len(px), np.inf)
    out[idx[0]] = dist
    return out


def proximity_coverage(points: pd.DataFrame, ctx: SpatialContext, *,
                       anchor_categories: Iterable[str] = ANCHOR_CATEGORIES,
                       radii_m: Iterable[int] = RADII_M) -> pd.DataFrame:
    """Share of enterprises within each radius of a facility of ``anchor_categories``.

    One row per area plus ``city``; columns ``n_enterprises`` and
    ``share_within_<r>m`` for each radius r (metres, EPSG:4547).
    """
    radii_m = tuple(radii_m)
    anchors = proximity_anchors(points, anchor_categories)
    return _proximity_from_counts(_proximity_counts(points, anchors, ctx, radii_m), ctx,
                                  radii_m)


def proximity_anchors(points: pd.DataFrame,
                      anchor_categories: Iterable[str] = ANCHOR_CATEGORIES
                      ) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of the facilities of ``anchor_categories`` among ``points``."""
    anc = points[(points["kind"] == "facility")
                 & points["category"].isin(list(anchor_categories))]
    return anc["lon"].to_numpy(), anc["lat"].to_numpy()


def _proximity_counts(points: pd.DataFrame, anchors, ctx: SpatialContext,
                      radii_m: tuple) -> dict[str, np.ndarray]:
    """Enterprises per area (+ city) and those within each radius of an anchor."""
    ent = points[points["kind"] == "enterprise"]
    d = nearest_distance_m(ent["lon"].to_numpy(), ent["lat"].to_numpy(), *anchors)
    pt, ap, in_city = _joined(ent, ctx)
    n_areas = len(ctx.areas)
    total = np.append(np.bincount(ap, minlength=n_areas), in_city.sum())
    near = np.zeros((len(radii_m), n_areas + 1), dtype=np.int64)
    for i, r in enumerate(radii_m):
        within = d <= r
        near[i] = np.append(np.bincount(ap[within[pt]], minlength=n_areas),
                            (within & in_city).sum())
    return {"px_total": total.astype(np.int64), "px_near": near}


def _proximity_from_counts(c: dict[str, np.ndarray], ctx: SpatialContext,
                           radii_m: tuple) -> pd.DataFrame:
    rows = {"id": list(ctx.areas["id"]) + ["city"],
            "n_enterprises": [int(v) for v in c["px_total"]]}
    totals = np.asarray(rows["n_enterprises"], dtype=float)
    for i, r in enumerate(radii_m):
        rows[f"share_within_{r}m"] = np.divide(c["px_near"][i], totals,
                                               out=np.full(len(totals), np.nan),
                                               where=totals > 0)
    return pd.DataFrame(rows)


# --- statistics counted in parts (chunks, Dask partitions) and added up -----------
def stats_counts(points: pd.DataFrame, ctx: SpatialContext, *,
                 industries: Iterable[str] | None = None,
                 categories: Iterable[str] | None = None,
                 anchors: tuple[np.ndarray, np.ndarray] | None = None,
                 radii_m: Iterable[int] = RADII_M) -> dict[str, np.ndarray]:
    """Everything :func:`stats_tables` needs from ``points``, as additive counts: the
    counts of two parts of a point table, added key by key
    (:func:`add_counts`), are the counts of the whole, so a register can be counted
    partition by partition (``analysis.distributed``). ``anchors``: the (lon, lat) of
    the proximity anchors of the *whole* input (default: those among ``points``)."""
    radii_m = tuple(radii_m)
    if anchors is None:
        anchors = proximity_anchors(points)
    j = join(points, ctx)
    keep = filter_mask(points, industries=industries, categories=categories)
    counts = _coverage_counts(points[keep], *_joined(points, ctx, j, keep), ctx)
    ent = (points["kind"] == "enterprise").to_numpy()
    counts.update(_lq_counts(points[ent], *_joined(points, ctx, j, ent), ctx))
    counts.update(_proximity_counts(points, anchors, ctx, radii_m))
    return counts


def add_counts(a: dict[str, np.ndarray], b: dict[str, np.ndarray]
               ) -> dict[str, np.ndarray]:
    """The counts of two parts, added key by key."""
    return {k: a[k] + b[k] for k in a}


def stats_tables(counts: dict[str, np.ndarray], ctx: SpatialContext, *,
                 industries: Iterable[str] | None = None,
                 radii_m: Iterable[int] = RADII_M) -> dict[str, pd.DataFrame]:
    """``coverage``, ``lq`` and ``proximity`` tables from :func:`stats_counts`: the same
    tables :func:`coverage_table`, :func:`location_quotients` and
    :func:`proximity_coverage` give for the whole point table."""
    return {"coverage": _coverage_from_counts(counts, ctx, industries),
            "lq": _lq_from_counts(counts, ctx),
            "proximity": _proximity_from_counts(counts, ctx, tuple(radii_m))}


def areas_matching(areas: pd.DataFrame, industries: Iterable[str] | None) -> np.ndarray:
    """Boolean mask: areas whose focus includes any of ``industries`` (all if none)."""
    ids = set(expand_filter(industries))
    if not ids:
        return np.ones(len(areas), dtype=bool)
    return np.array([bool(set(v) & ids) for v in areas["industry_ids"]])
