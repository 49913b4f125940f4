"""Placement check: where a point (or a batch, or a drawn site) falls, and whether its
industry fits the focus of the areas there.

Verdicts (``focus_match``):
- ``match``: the industry is in the focus of at least one containing area;
- ``partial``: not the industry itself, but its sector is (sector-level fit);
- ``no``: inside at least one area, none of which focuses on the industry or sector;
- ``outside``: in no cluster, platform or 片区;
- ``unknown``: no industry given, or one the taxonomy does not know (listed).

How sure the verdict is (``certainty``), given each boundary's error bound
(``precision_m``, metres):
- ``near_boundary``: the point is closer to the edge of some area than that area's
  error bound, and counting it in or out of those areas would change the verdict
  ("边界附近，需核实 / near the boundary, verify", inside or out);
- ``possibly``: the verdict rests only on ``envelope`` polygons, which by definition
  overstate the area ("可能 / possibly");
- ``firm``: neither; ``""`` for ``unknown`` verdicts and rows without coordinates.
``boundary_note`` says why, naming the area, the distance and the bound.

Distances are metres in EPSG:4547.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from analysis.context import SpatialContext
from analysis.nearest import BoundaryNearest, query_many
from core import settings
from core.crs import to_metric
from core.i18n import name_col, t
from core.taxonomy import load_taxonomy, resolve_terms

VERDICTS = ("match", "partial", "no", "outside", "unknown")
CERTAINTIES = ("firm", "near_boundary", "possibly", "")
#: The reasons and notes are catalogue texts (core.i18n: "placement.reason.<verdict>",
#: "placement.note.<certainty>").


def _names(ctx: SpatialContext, positions, lang: str) -> str:
    return "、".join(_name_array(ctx, lang)[list(positions)])


def _name_array(ctx: SpatialContext, lang: str) -> np.ndarray:
    """The areas' names in ``lang`` as an object array, made once per areas table (a
    check asks for them once per distinct verdict)."""
    cache = ctx.__dict__.setdefault("_name_arrays", {})
    areas, names = cache.get(lang, (None, None))
    if areas is not ctx.areas:
        names = ctx.areas[name_col(lang)].to_numpy(dtype=object)
        cache[lang] = (ctx.areas, names)
    return names


def check_placement(points: pd.DataFrame, ctx: SpatialContext, *,
                    facilities: pd.DataFrame | None = None, k: int = 5,
                    industry_col: str = "industry", lang: str = "zh",
                    lon: str = "lon", lat: str = "lat",
                    point_precision: str | None = None) -> pd.DataFrame:
    """Placement verdict for every row of ``points`` (WGS-84 ``lon``/``lat``).

    ``point_precision``: a column of each point's own error bound in metres (e.g. the
    geocoder's ``precision_m`` for a register placed from its addresses; NaN/0 = exact).
    An edge then counts as near when it is closer than the boundary's bound plus the
    point's, so a point placed at a 街道's centre is not read as firmly inside an area.

    Returns a DataFrame aligned with ``points`` (same index) with: district,
    subdistrict, area_ids, platform_ids, cluster_ids, subarea_ids, industry_ids,
    focus_match, focus_reason, certainty, boundary_note, nearest_match_id,
    nearest_match_m and,
    when ``facilities`` is given, the k nearest as ``nearest_facility_<i>`` (name),
    ``nearest_facility_<i>_m`` and ``nearest_facility_<i>_precision_m``.
    """
    taxonomy = load_taxonomy()
    x = points[lon].to_numpy(dtype="float64")
    y = points[lat].to_numpy(dtype="float64")
    n = len(points)
    located = ctx.locate(x, y)
    pt, ap = ctx.memberships(x, y)
    terms = points[industry_col] if industry_col in points.columns else pd.Series([None] * n)
    ids, bad = resolve_terms(terms.tolist(), taxonomy)

    areas = ctx.areas
    kinds = areas["kind"].to_numpy()
    area_ids = areas["id"].to_numpy()
    grades = areas["grade"].to_numpy()
    area_inds = [set(v) for v in areas["industry_ids"]]
    area_secs = [set(v) for v in areas["sector_ids"]] if "sector_ids" in areas else \
        [{taxonomy.sector_of(i) for i in s} - {None} for s in area_inds]
    # One verdict per distinct (containing areas, areas near their edge, industry).
    set_code = pd.factorize(_membership_keys(pt, ap, n, len(areas)))[0]
    near_keys = _near_edges(ctx, x, y)
    own = np.zeros(n)
    if point_precision is not None and point_precision in points.columns:
        own = np.nan_to_num(pd.to_numeric(points[point_precision], errors="coerce")
                            .to_numpy(dtype="float64"), nan=0.0).clip(min=0.0)
        located_rows = np.flatnonzero((own > 0) & np.isfinite(x) & np.isfinite(y))
        if len(located_rows):
            near_keys = _near_edges_located(ctx, x, y, own, located_rows, near_keys)
    near_code = pd.factorize(near_keys)[0]
    ind_code = pd.factorize(pd.Series(terms.tolist(), dtype=object).fillna(""))[0]
    width = int(ind_code.max()) + 1 if n else 1
    n_near = int(near_code.max()) + 1 if n else 1
    finite = np.isfinite(x) & np.isfinite(y)
    _, first, combo = np.unique(((set_code.astype(np.int64) * n_near + near_code) * width
                                 + ind_code) * 2 + finite, return_index=True,
                                return_inverse=True)
    uniq = np.arange(len(first))
    starts = np.searchsorted(pt, np.arange(n + 1))
    cols = ("area_ids", "platform_ids", "cluster_ids", "subarea_ids", "focus_match",
            "focus_reason", "certainty", "boundary_note")
    table = {c: np.empty(len(uniq), dtype=object) for c in cols}
    edges = np.empty(len(uniq), dtype=object)  # the edges a near-boundary note may name
    for u, i in zip(uniq, first, strict=True):
        mine = ap[starts[i]:starts[i + 1]]
        for col, kind in (("platform_ids", "strategic_platform"),
                          ("cluster_ids", "innovation_cluster"), ("subarea_ids", "sub_area")):
            table[col][u] = ";".join(area_ids[mine[kinds[mine] == kind]])
        table["area_ids"][u] = ";".join(area_ids[mine])
        verdict, hit = _verdict(mine, ids[i], bad[i], area_inds, area_secs, taxonomy)
        table["focus_match"][u] = verdict
        table["focus_reason"][u] = _reason(verdict, hit, ctx, taxonomy, lang, ids[i], bad[i])
        certainty, edges[u], note = ("", (), "") if not finite[i] else _certainty(
            verdict, hit, mine, _decode_key(near_keys[i]), ids[i], bad[i], grades,
            area_inds, area_secs, taxonomy, ctx, lang)
        table["certainty"][u] = certainty
        table["boundary_note"][u] = note
    out = {c: table[c][combo] for c in cols}
    near_rows = np.flatnonzero(out["certainty"] == "near_boundary")
    if len(near_rows):  # each row's note names its own distance to the edge
        out["boundary_note"] = out["boundary_note"].copy()
        out["boundary_note"][near_rows] = _edge_notes(
            ctx, x[near_rows], y[near_rows], edges[combo[near_rows]], lang,
            own=own[near_rows])

    columns = {"district": located["district"].to_numpy(dtype=object),
               "subdistrict": located["subdistrict"].to_numpy(dtype=object),
               **out, "industry_ids": _joined_ids(ids)}
    # object columns stay object (no per-string conversion of a million rows)
    result = pd.DataFrame({k: pd.Series(v, dtype=object, index=points.index)
                           for k, v in columns.items()})
    near_id, near_m = nearest_matching_area(x, y, ids, ctx, memberships=(pt, ap))
    result["nearest_match_id"] = pd.Series(near_id, dtype=object, index=points.index)
    result["nearest_match_m"] = near_m
    if facilities is not None and len(facilities) and k > 0:
        near = nearest_facilities(x, y, facilities, k=k, lang=lang)
        near.index = points.index
        result = pd.concat([result, near], axis=1)
    return result


def _same_objects(values: list) -> tuple[np.ndarray, np.ndarray]:
    """(code of each value, position of a value of each code): values that are the same
    object share a code."""
    codes, uniques = pd.factorize(np.fromiter(map(id, values), dtype=np.int64,
                                              count=len(values)))
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    return codes, first


def _joined_ids(ids: list[list[str]]) -> np.ndarray:
    """";"-joined ids of each point (an object array), joined once per list object."""
    code, first = _same_objects(ids)
    joined = np.array([";".join(ids[i]) for i in first] + [None], dtype=object)[:-1]
    return joined[code]


def _membership_keys(pt: np.ndarray, ap: np.ndarray, n: int, n_areas: int):
    """A hashable key per point for its set of containing areas."""
    if n_areas <= 62:
        mask = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(mask, pt, np.left_shift(np.int64(1), ap.astype(np.int64)))
        return mask
    keys = pd.Series(ap).groupby(pt).agg(lambda v: ",".join(map(str, v)))
    out = np.full(n, "", dtype=object)
    out[keys.index.to_numpy()] = keys.to_numpy()
    return out


def _precisions(ctx: SpatialContext) -> np.ndarray:
    """Each area's error bound in metres (0 where the layer states none)."""
    if "precision_m" not in ctx.areas:
        return np.zeros(len(ctx.areas))
    return ctx.areas["precision_m"].fillna(0).to_numpy(dtype=float)


def _edge_bands(ctx: SpatialContext):
    """A GridIndex over each area's uncertainty band: the points closer to its edge
    than its ``precision_m`` (its polygon grown by the bound, less its polygon shrunk
    by it, built in EPSG:4547); built once per context. None when no area states a
    bound."""
    cached = ctx.__dict__.get("_edge_bands", False)
    if cached is False:
        import geopandas as gpd

        from analysis.join import GridIndex

        prec = _precisions(ctx)
        geoms = ctx.areas_metric.to_numpy()
        bands = shapely.difference(shapely.buffer(geoms, prec, quad_segs=16),
                                   shapely.buffer(geoms, -prec, quad_segs=16))
        keep = prec > 0
        cached = None
        if keep.any():
            gdf = gpd.GeoDataFrame({"area": np.flatnonzero(keep)}, geometry=bands[keep],
                                   crs=settings.CRS_METRIC).to_crs(settings.CRS_STORAGE)
            cached = (GridIndex(gdf), gdf["area"].to_numpy())
        ctx.__dict__["_edge_bands"] = cached
    return cached


def _near_edges(ctx: SpatialContext, lon, lat) -> np.ndarray:
    """Per point, a key of the set of areas (positions) whose edge is closer than
    their ``precision_m``: a bit mask (an int) when there are ≤ 62 areas, else a
    comma-joined string; 0 / "" when none."""
    n = len(lon)
    bands = _edge_bands(ctx)
    if bands is None:
        return np.zeros(n, dtype=np.int64)
    index, area_of = bands
    pt, band = index.pairs(lon, lat)
    return _membership_keys(pt, area_of[band], n, len(ctx.areas))


def _near_edges_located(ctx: SpatialContext, lon, lat, own: np.ndarray,
                        rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``keys`` with the ``rows`` whose points have their own error bound (``own``,
    metres) re-keyed: an area's edge is near when closer than its bound plus the
    point's. Each distinct (point, bound) is measured once (geocoded points share the
    centre of their 社区/街道)."""
    px, py = to_metric(np.asarray(lon, dtype=float)[rows], np.asarray(lat, dtype=float)[rows])
    uniq, inverse = np.unique(np.column_stack([px, py, own[rows]]), axis=0,
                              return_inverse=True)
    inverse = inverse.ravel()
    prec = _precisions(ctx)
    trees = _edge_trees(ctx)
    pair_u, pair_a = [], []
    for a in range(len(ctx.areas)):
        if a not in trees:
            trees[a] = BoundaryNearest([ctx.areas_metric.iloc[a]])
    found = query_many((trees[a], uniq[:, 0], uniq[:, 1]) for a in range(len(ctx.areas)))
    for a, (d, _) in enumerate(found):
        hit = np.flatnonzero(d < prec[a] + uniq[:, 2])
        pair_u.append(hit)
        pair_a.append(np.full(len(hit), a))
    u_keys = _membership_keys(np.concatenate(pair_u), np.concatenate(pair_a), len(uniq),
                              len(ctx.areas))
    out = keys.astype(u_keys.dtype) if keys.dtype != u_keys.dtype else keys.copy()
    out[rows] = u_keys[inverse]
    return out


def _decode_key(key) -> list[int]:
    """The area positions of a :func:`_membership_keys` key (bit mask or string)."""
    if isinstance(key, str):
        return [int(v) for v in key.split(",") if v]
    key = int(key)
    return [b for b in range(key.bit_length()) if key >> b & 1]


def _edge_trees(ctx: SpatialContext) -> dict:
    """Per area position, a BoundaryNearest of its edge (EPSG:4547), built on first
    use and kept with the context."""
    return ctx.__dict__.setdefault("_edge_trees", {})


def _edge_notes(ctx: SpatialContext, lon, lat, edges, lang: str, *,
                own: np.ndarray | None = None) -> np.ndarray:
    """The near-boundary note of each point: of its candidate ``edges`` (area
    positions), the one nearest relative to its error bound, with that distance (m);
    ``own``: each point's own error bound (m), added to the boundary's and named."""
    px, py = to_metric(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    prec = _precisions(ctx)
    trees = _edge_trees(ctx)
    group, keys = pd.factorize(pd.Series(list(edges), dtype=object))
    # every (point, candidate edge) pair; each area's edge is queried once
    wanted: dict[int, list[np.ndarray]] = {}
    by_group = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[by_group], np.arange(len(keys) + 1))
    for g, cands in enumerate(keys):
        rows = by_group[bounds[g]:bounds[g + 1]]  # the rows of group g, in order
        for a in cands:
            wanted.setdefault(a, []).append(rows)
    pair_row, pair_area = [], []
    for a, parts in wanted.items():
        pair_row.append(np.concatenate(parts))
        pair_area.append(np.full(len(pair_row[-1]), a))
        if a not in trees:
            trees[a] = BoundaryNearest([ctx.areas_metric.iloc[a]])
    pair_d = [d for d, _ in query_many((trees[a], px[rows], py[rows]) for a, rows in
                                       zip(wanted, pair_row, strict=True))]
    row, area, dist = (np.concatenate(v) for v in (pair_row, pair_area, pair_d))
    mine = np.zeros(len(px)) if own is None else np.asarray(own, dtype=float)
    # per point, the edge nearest relative to its own bound (ties: the first area, so
    # a chunk of a register reads as the whole does)
    order = np.lexsort((area, dist / np.maximum(prec[area] + mine[row], 1e-9), row))
    first = order[np.r_[True, row[order][1:] != row[order][:-1]]]
    names = ctx.areas[name_col(lang)].to_numpy()
    template = t("placement.note.near_boundary", lang)
    located = t("placement.note.near_boundary_located", lang)
    notes = np.empty(len(px), dtype=object)
    r, a = row[first], area[first]
    # one text per distinct (area, whole metres, own bound): rint rounds half to even on
    # the exact value as "{d:,.0f}" does, so the text is the one d itself gives
    whole, q = np.rint(dist[first]), mine[r]
    code_d, code_q = pd.factorize(whole)[0], pd.factorize(q)[0]
    code, n_text = _first_codes(((code_d.astype(np.int64) * (int(code_q.max()) + 1)
                                  + code_q) * len(prec)) + a)
    rep = np.empty(n_text, dtype=np.int64)
    rep[code[::-1]] = np.arange(len(code))[::-1]  # a row of each distinct text
    texts = np.array([template.format(area=names[ua], d=ud, p=prec[ua]) if uq <= 0
                      else located.format(area=names[ua], d=ud, p=prec[ua], q=uq)
                      for ua, ud, uq in zip(a[rep].tolist(), whole[rep].tolist(),
                                            q[rep].tolist(), strict=True)] + [None],
                     dtype=object)[:-1]
    notes[r] = texts[code]
    return notes


def _first_codes(keys: np.ndarray) -> tuple[np.ndarray, int]:
    """(code of each key, number of distinct keys): equal keys share a code."""
    codes, uniques = pd.factorize(keys)
    return codes, len(uniques)


def _certainty(verdict, hit, mine, near, ids, bad, grades, area_inds, area_secs,
               taxonomy, ctx, lang) -> tuple[str, tuple, str]:
    """(certainty, the edges a near-boundary note may name, note) of one verdict, from
    the sets of containing areas (``mine``) and of areas whose edge is nearer than
    their bound (``near``): see the module docstring. The near-boundary note is
    written per point later (:func:`_edge_notes`), with its own distance."""
    if verdict == "unknown":
        return "", (), ""
    if near:
        sure = [a for a in mine if a not in near]  # inside, far from the edge
        low, _ = _verdict(np.asarray(sure, dtype=int), ids, bad, area_inds, area_secs,
                          taxonomy)
        high, _ = _verdict(np.asarray(sorted(set(sure) | set(near)), dtype=int), ids, bad,
                           area_inds, area_secs, taxonomy)
        if low != high or low != verdict:
            # the edges that matter most: the areas whose membership alone changes the
            # verdict the most (towards or away from "match")
            inside = set(mine)
            rank = {v: r for r, v in enumerate(VERDICTS)}

            def change(a):
                alt = _verdict(np.asarray(sorted(inside ^ {a}), dtype=int), ids, bad,
                               area_inds, area_secs, taxonomy)[0]
                return 9 if alt == verdict else min(rank[alt], rank[verdict])

            weights = {a: change(a) for a in near}
            top = min(weights.values())
            return "near_boundary", tuple(a for a in near if weights[a] == top), ""
    if verdict in ("match", "partial", "no") and hit and \
            all(grades[a] == "envelope" for a in hit):
        return "possibly", (), t("placement.note.possibly", lang, areas=_names(ctx, hit, lang))
    return "firm", (), ""


def _verdict(mine, ids, bad, area_inds, area_secs, taxonomy):
    if not ids:
        return "unknown", None
    if len(mine) == 0:
        return "outside", None
    want = set(ids)
    hits = [a for a in mine if area_inds[a] & want]
    if hits:
        return "match", hits
    secs = {taxonomy.sector_of(i) for i in ids} - {None}
    part = [a for a in mine if area_secs[a] & secs]
    if part:
        return "partial", part
    return "no", list(mine)


def _reason(verdict, hit_areas, ctx, taxonomy, lang, ids, bad):
    if verdict == "unknown":
        if bad:
            return t("placement.reason.unknown_term", lang, term=bad)
        return t("placement.reason.unknown_missing", lang)
    text = t("placement.reason." + verdict, lang)
    areas = _names(ctx, hit_areas, lang) if hit_areas is not None else ""
    secs = "、".join(taxonomy.name(s, lang) for s in
                     dict.fromkeys(taxonomy.sector_of(i) for i in ids) if s)
    msg = text.format(areas=areas, sectors=secs)
    if bad:
        msg += "；" + t("placement.reason.unknown_term", lang, term=bad)
    return msg


def nearest_matching_area(lon, lat, ids_per_point: list[list[str]], ctx: SpatialContext,
                          memberships: tuple[np.ndarray, np.ndarray] | None = None
                          ) -> tuple[list, np.ndarray]:
    """Id of the nearest area whose focus includes the point's industry, and the
    distance in metres (0 inside it; outside, at most 10 m above the exact distance,
    see :mod:`analysis.nearest`). Missing where no area matches.

    ``memberships`` (the (point, area) pairs, if already computed) lets points that lie
    inside a matching area skip the distance search.
    """
    n = len(lon)
    px, py = to_metric(lon, lat)
    best_id = np.full(n, None, dtype=object)
    best_m = np.full(n, np.nan)
    # rows by their sorted ids; each distinct list object is looked at once
    # (resolve_terms shares one list among the rows of a term)
    code, first = _same_objects(ids_per_point)
    by_key: dict[tuple, list[int]] = {}
    for c, i in enumerate(first):
        if ids_per_point[i]:
            by_key.setdefault(tuple(sorted(ids_per_point[i])), []).append(c)
    groups = {key: np.flatnonzero(np.isin(code, codes)) for key, codes in by_key.items()}
    area_inds = [set(v) for v in ctx.areas["industry_ids"]]
    area_ids = ctx.areas["id"].to_numpy()
    pt, ap = memberships if memberships is not None else ctx.memberships(lon, lat)
    metric = ctx.areas_metric.to_numpy()
    jobs = []
    for key, rows in groups.items():
        cand = np.array([a for a, s in enumerate(area_inds) if s & set(key)])
        if not len(cand):
            continue
        rows = np.asarray(rows)
        # inside a matching area: distance 0 (first matching area in list order)
        is_cand = np.zeros(len(area_ids), dtype=bool)
        is_cand[cand] = True
        in_group = np.zeros(n, dtype=bool)
        in_group[rows] = True
        hit = in_group[pt] & is_cand[ap]
        inside_pt, first = np.unique(pt[hit], return_index=True)
        best_id[inside_pt] = area_ids[ap[hit][first]]
        best_m[inside_pt] = 0.0
        rest = rows[np.isnan(best_m[rows])]
        rest = rest[np.isfinite(px[rest]) & np.isfinite(py[rest])]
        if len(rest):
            jobs.append((cand, rest))

    trees = ctx.__dict__.setdefault("_match_trees", {})  # per candidate set, kept
    for cand, _ in jobs:
        if tuple(cand) not in trees:
            trees[tuple(cand)] = BoundaryNearest(metric[cand])

    # groups are independent (each has its own tree): two at a time
    found = query_many((trees[tuple(cand)], px[rest], py[rest]) for cand, rest in jobs)
    for (cand, rest), (dist, which) in zip(jobs, found, strict=True):
        best_id[rest] = area_ids[cand[which]]
        best_m[rest] = np.round(dist, 1)
    return list(best_id), best_m


def nearest_facilities(lon, lat, facilities: pd.DataFrame, *, k: int = 5,
                       lang: str = "zh") -> pd.DataFrame:
    """The k nearest facilities of each point (EPSG:4547), as columns
    ``nearest_facility_<i>`` (name), ``nearest_facility_<i>_m`` (distance, metres) and
    ``nearest_facility_<i>_precision_m`` (that facility's own location precision)."""
    fx, fy = to_metric(facilities["lon"].to_numpy(), facilities["lat"].to_numpy())
    col = name_col(lang)
    if col not in facilities:
        col = "name_en" if "name_en" in facilities else "name"
    names = facilities[col].astype(str).to_numpy(dtype=object)
    prec = facilities["precision_m"].to_numpy(dtype=float) if "precision_m" in facilities \
        else np.full(len(names), np.nan)
    px, py = to_metric(lon, lat)
    k = min(k, len(fx))
    idx = np.zeros((len(px), k), dtype=np.int64)
    dist = np.full((len(px), k), np.nan)
    for c0 in range(0, len(px), 20_000):
        sl = slice(c0, c0 + 20_000)
        d = np.hypot(px[sl, None] - fx[None, :], py[sl, None] - fy)
        part = np.argpartition(d, k - 1, axis=1)[:, :k] if k < len(fx) else \
            np.tile(np.arange(len(fx)), (len(d), 1))
        dd = np.take_along_axis(d, part, axis=1)
        order = np.argsort(dd, axis=1)
        idx[sl] = np.take_along_axis(part, order, axis=1)
        dist[sl] = np.take_along_axis(dd, order, axis=1)
    out = {}
    for i in range(k):
        out[f"nearest_facility_{i + 1}"] = names[idx[:, i]]
        out[f"nearest_facility_{i + 1}_m"] = np.round(dist[:, i], 0)
        out[f"nearest_facility_{i + 1}_precision_m"] = prec[idx[:, i]]
    return pd.DataFrame(out)


def nearest_facilities_text(row: pd.Series, k: int = 5) -> str:
    """"name (123 m, ±400 m); …" from the nearest_facility_* columns of one result row."""
    parts = []
    for i in range(1, k + 1):
        name = row.get(f"nearest_facility_{i}")
        if name is None or (isinstance(name, float) and np.isnan(name)):
            break
        d = row[f"nearest_facility_{i}_m"]
        p = row.get(f"nearest_facility_{i}_precision_m")
        parts.append(f"{name} ({d:,.0f} m" + (f", ±{p:,.0f} m)" if p == p else ")"))
    return "; ".join(parts)


def site_area_km2(site) -> float:
    """Area of a site (shapely polygon, WGS-84) in km², measured in EPSG:4547."""
    import geopandas as gpd

    return float(gpd.GeoSeries([site], crs=settings.CRS_STORAGE)
                 .to_crs(settings.CRS_METRIC).area.iloc[0] / 1e6)


def site_overlaps(site, ctx: SpatialContext) -> pd.DataFrame:
    """Overlap of a proposed site (shapely polygon, WGS-84) with each area and 街道.

    Columns: layer ("area" | "subdistrict"), id, name_zh, overlap_km2, share_of_site,
    share_of_area; only rows with overlap > 0, largest first.
    """
    import geopandas as gpd

    site_m = gpd.GeoSeries([site], crs=settings.CRS_STORAGE).to_crs(settings.CRS_METRIC)[0]
    if site_m.is_empty or site_m.area == 0:
        raise ValueError("the site has no area; draw or upload a polygon")
    rows = []
    admin_m = ctx.admin.to_crs(settings.CRS_METRIC)
    for layer, ids, names, geoms in (
        ("area", ctx.areas["id"], ctx.areas["name_zh"], ctx.areas_metric),
        ("subdistrict", admin_m["name_zh"].fillna(admin_m["district_zh"]),
         admin_m["name_zh"].fillna(admin_m["district_zh"]), admin_m.geometry),
    ):
        g = geoms.to_numpy()
        inter = shapely.area(shapely.intersection(g, site_m))
        for j in np.flatnonzero(inter > 0):
            rows.append({"layer": layer, "id": ids.iloc[j], "name_zh": names.iloc[j],
                         "overlap_km2": inter[j] / 1e6,
                         "share_of_site": inter[j] / site_m.area,
                         "share_of_area": inter[j] / shapely.area(g[j])})
    cols = ["layer", "id", "name_zh", "overlap_km2", "share_of_site", "share_of_area"]
    return pd.DataFrame(rows, columns=cols).sort_values(
        ["layer", "overlap_km2"], ascending=[True, False]).reset_index(drop=True)
