"""Observed concentrations of firms and how they sit against the plan's areas.

:func:`find_concentrations` finds where the firms of an industry (a sector, several
terms, or all firms) actually concentrate, bottom-up and ignoring administrative
borders; :func:`concentrations_by_industry` runs it one industry at a time over a
register; :func:`plan_vs_reality` sets the result beside the plan's areas.

Method (all distances in metres, measured in EPSG:4547, ``core.settings.CRS_METRIC``)
-----------------------------------------------------------------------------------
1. *Points used.* Rows with coordinates, carrying at least one of the chosen
   industries, and whose error bound ``precision_m`` (when the table has one) is no
   coarser than ``max_precision_m`` (default: the scale): a firm known only to lie
   somewhere in its 街道 (±4.6 km, the median of the shipped gazetteer's 街道) cannot
   tell whether it sits in a 1 km concentration. Rows left out are counted in the
   result's ``attrs``; a row with no stated ``precision_m`` is kept (and counted).
2. *Dense places* (both methods). The points are counted on a square grid of
   ``scale_m / 4`` (250 m by default) and scikit-learn's DBSCAN runs on the occupied
   cells with their counts as sample weights (``eps = scale_m``): a cell is *dense*
   when the firms within ``scale_m`` of its centre number at least the *threshold*

       T = max(density_ratio × λ, the count an even spread exceeds only once in
               10,000 discs (Poisson, mean λ)),

   where λ = n · π · scale_m² / land area is what an even spread of the n firms over
   the city's land would put in such a disc. Dense cells within ``scale_m`` of each
   other form one dense place (sparse fringe cells are not kept). Working on cells
   makes the cost grow with the occupied area rather than the number of firms; a
   firm's position moves by at most 0.71 × 250 m for this test only.
3. *Concentrations.* ``method="dbscan"``: each dense place is a concentration of the
   firms in its cells. ``method="hdbscan"`` (default): scikit-learn's HDBSCAN runs on
   the firms of each dense place (``min_cluster_size = min_samples = min_firms``) and
   splits a place into concentrations of their own densities; a cluster split off
   below ``scale_m / 2`` (mutual reachability) is merged back into its ancestor alive
   at that distance (HDBSCAN's ``cluster_selection_epsilon``, applied here from the
   flat cut because scikit-learn 1.9.1 raises on that option under NumPy 2.x,
   scikit-learn issue #33219), so knots and stacked addresses inside a
   concentration do not break it up; a place of more than 10,000 firms is
   clustered on a seeded random sample of 10,000 (sizes scaled alike) and every firm
   takes the label of its nearest sampled firm.
4. *Kept* when it holds at least ``min_firms`` firms and its density (firms per km²
   of its polygon) is at least ``density_ratio`` times the firms' mean density over
   the land: uniform noise yields none.

Each concentration's polygon is the concave hull (shapely, ratio 0.3) of its firms'
distinct positions grown by half a grid cell (125 m by default), so every member
lies inside and a stack of firms at one address still has an area; it is built and
measured in EPSG:4547 and stored in EPSG:4326.

Defaults, and why
-----------------
- ``scale_m = 1000``: the smallest areas the plan draws are 八卦岭 (2.96 km²), 笋岗
  (3.46 km²) and 河套 (4.39 km², published 3.02 km²) (``cli.py areas``); a disc of
  1 km radius is 3.14 km², so a concentration the size of the smallest planned area
  is resolved and one the size of a 片区 (13–90 km²) spans many discs. It is also
  what geocoded registers support: the shipped gazetteer places a road-level address
  within 100–600 m for three roads in four (median 300 m) and a 社区-level one
  within 800 m (median), both kept at 1 km; a 街道-level one (median 4,600 m) is not.
- ``max_precision_m = scale_m``: see 1.
- ``density_ratio = 3``: about half of Shenzhen's land lies inside the basic
  ecological control line (974 km² designated in 2005), where firms are few, so an
  even spread over the built half is already about 2× the land mean; 3× asks for
  half as dense again as that.
- ``min_firms = None``: the threshold T of one dense disc, and at least 10. It
  grows with the register: a register of 10⁶ firms with 5% in one industry has
  λ ≈ 65 at 1 km over the 2,420 km² of the 74 街道 and 深汕, so T ≈ 195 firms; with
  5,000 firms (5% in the industry) λ ≈ 0.3 and the floor of 10 applies (an even
  spread puts 10 such firms in one 1 km disc with probability 3·10⁻¹²).

The shipped curated sample (154 enterprises) is placed from addresses known mostly to
the 街道 (median error bound 5 km): at the default scale most of it is left out, and
the ``attrs`` say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.context import SpatialContext
from analysis.coverage import encode, industry_bits
from core import settings
from core.crs import from_metric, to_metric
from core.taxonomy import Taxonomy, expand_filter, load_taxonomy

METHODS = ("hdbscan", "dbscan")
DEFAULT_SCALE_M = 1000.0
DEFAULT_DENSITY_RATIO = 3.0
MIN_FIRMS_FLOOR = 10
#: An even spread exceeds the threshold in one disc in this many (Poisson tail).
NOISE_TAIL = 1e-4
#: Grid cell = scale / CELLS_PER_SCALE.
CELLS_PER_SCALE = 4
#: Largest dense place clustered whole by HDBSCAN (its cost grows as n²).
HDBSCAN_MAX_POINTS = 10_000
CONCAVE_RATIO = 0.3
N_DOMINANT = 3
SEED = 0

#: Columns of :func:`find_concentrations` (besides ``geometry``).
COLUMNS = ("concentration_id", "industry", "firms", "sites", "area_km2",
           "density_per_km2", "density_ratio", "centre_lon", "centre_lat",
           "top_industry", "top_industry_share", "dominant_industries", "lq",
           "max_precision_m")


# ----------------------------------------------------------------------- preparation
@dataclass
class _Prepared:
    """A point table read once: coordinates (WGS-84 and EPSG:4547), industry bit masks
    and error bounds, shared by every run over the same register."""

    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray
    y: np.ndarray
    masks: np.ndarray            # int64 industry bits (analysis.coverage.industry_bits)
    precision: np.ndarray | None
    has_xy: np.ndarray
    bits: dict[str, int]
    land_km2: float

    def carrying(self, ids: Iterable[str]) -> np.ndarray:
        """Rows with coordinates carrying any of the industry ``ids`` (all rows with
        coordinates for none), as a boolean array."""
        want = int(encode([list(ids)], self.bits)[0]) if ids else 0
        return self.has_xy & ((self.masks & want) != 0 if want else True)

    def present(self) -> list[str]:
        """The industry ids some row carries, in the taxonomy's order."""
        seen = int(np.bitwise_or.reduce(self.masks)) if len(self.masks) else 0
        return [i for i, b in self.bits.items() if seen >> b & 1]


#: A point table read once (:func:`prepare_points`), for several runs.
Prepared = _Prepared


def _industry_masks(lists, bits: dict[str, int]) -> np.ndarray:
    """Bit mask per row; each distinct list object is encoded once (registers read by
    analysis.batch.stats_points share one list per distinct label)."""
    arr = pd.Series(list(lists), dtype=object).to_numpy()
    if not len(arr):
        return np.zeros(0, dtype=np.int64)
    keys = np.fromiter(map(id, arr), dtype=np.int64, count=len(arr))
    codes, uniques = pd.factorize(keys)
    _, first = np.unique(codes, return_index=True)
    return encode(arr[first], bits)[codes]


@lru_cache(maxsize=1)
def shipped_land_km2() -> float:
    """Land of the 74 街道 plus 深汕, km² (EPSG:4547): the default ``land_km2``."""
    from analysis.context import admin_layer
    from data import loaders

    admin = admin_layer(loaders.load_subdistricts(), loaders.load_shenshan())
    return float(admin.to_crs(settings.CRS_METRIC).area.sum() / 1e6)


def _prepare(points: pd.DataFrame, *, lon: str, lat: str, industry_col: str,
             land_km2: float | None, bits: dict[str, int]) -> _Prepared:
    missing = [c for c in (lon, lat, industry_col) if c not in points.columns]
    if missing:
        raise ValueError(f"the points have no column {', '.join(map(repr, missing))}; "
                         f"give WGS-84 {lon!r}/{lat!r} columns and industry ids per row "
                         f"as lists in {industry_col!r}")
    lo = pd.to_numeric(points[lon], errors="coerce").to_numpy(dtype="float64")
    la = pd.to_numeric(points[lat], errors="coerce").to_numpy(dtype="float64")
    has_xy = np.isfinite(lo) & np.isfinite(la)
    x = np.full(len(lo), np.nan)
    y = np.full(len(lo), np.nan)
    if has_xy.any():
        x[has_xy], y[has_xy] = to_metric(lo[has_xy], la[has_xy])
    prec = (pd.to_numeric(points["precision_m"], errors="coerce").to_numpy(dtype="float64")
            if "precision_m" in points.columns else None)
    land = float(land_km2) if land_km2 is not None else shipped_land_km2()
    if not land > 0:
        raise ValueError(f"land_km2={land_km2!r}: give the land area in km² (> 0)")
    return _Prepared(lo, la, x, y, _industry_masks(points[industry_col], bits), prec,
                     has_xy, bits, land)


def prepare_points(points: pd.DataFrame, *, lon: str = "lon", lat: str = "lat",
                   industry_col: str = "industries", land_km2: float | None = None,
                   taxonomy: Taxonomy | None = None) -> Prepared:
    """``points`` read once (coordinates projected to EPSG:4547, industry bit masks,
    error bounds) for several :func:`find_concentrations` runs: pass the result as
    their ``points`` (their ``lon``/``lat``/``industry_col``/``land_km2`` are then
    those given here). Saves the reading on each run (about 1 s at 10⁶ points)."""
    taxonomy = taxonomy or load_taxonomy()
    return _prepare(points, lon=lon, lat=lat, industry_col=industry_col,
                    land_km2=land_km2, bits=industry_bits(taxonomy))


def _check_options(*, min_firms, scale_m, method, max_precision_m, density_ratio) -> None:
    """Every bad option at once, in one ValueError."""
    problems = []
    if method not in METHODS:
        problems.append(f"method={method!r}; use one of {', '.join(METHODS)}")
    if not (isinstance(scale_m, int | float) and np.isfinite(scale_m) and scale_m > 0):
        problems.append(f"scale_m={scale_m!r}; give a distance in metres > 0, e.g. 1000")
    if min_firms is not None and not (isinstance(min_firms, int | np.integer)
                                      and min_firms >= 2):
        problems.append(f"min_firms={min_firms!r}; give a whole number ≥ 2, or None "
                        "for the default (see the module docstring)")
    if max_precision_m is not None and not (isinstance(max_precision_m, int | float)
                                            and max_precision_m > 0):
        problems.append(f"max_precision_m={max_precision_m!r}; give metres > 0 or None")
    if not (isinstance(density_ratio, int | float) and density_ratio > 0):
        problems.append(f"density_ratio={density_ratio!r}; give a number > 0, e.g. 3")
    if problems:
        raise ValueError("; ".join(problems))


def register_points(chunks, *, precision_col: str | None = None, summary=None
                    ) -> pd.DataFrame:
    """The frame :func:`find_concentrations` takes, from a register read as chunks
    (:func:`data.points_io.iter_point_chunks`): each chunk's valid rows through
    :func:`analysis.batch.register_points` (lon, lat, kind, category, industries) plus
    ``precision_m`` (metres; NaN where unknown) from ``precision_col`` if given, else
    the geocoder's ``precision_m`` (a register placed from its addresses), else the
    register's own ``precision_m`` column (renamed ``precision_m (输入)`` on reading).
    ``summary`` (an :class:`analysis.batch.CheckSummary`) counts the rows read."""
    from analysis import batch
    from core.errors import DataValidationError, Problem
    from data.points_io import RENAMED_SUFFIX

    taxonomy = load_taxonomy()
    frames = []
    for table in chunks:
        if summary is not None:
            summary.add_table(table)
        frame = batch.register_points(table, kind="enterprise", taxonomy=taxonomy)
        cols = table.frame.columns
        if precision_col and precision_col not in cols:
            raise DataValidationError([Problem(
                table.source, None, precision_col, f"no column {precision_col!r} to read "
                "error bounds (metres) from", "give one of: " + ", ".join(map(str, cols)))])
        col = precision_col or next((c for c in ("precision_m", "precision_m" + RENAMED_SUFFIX)
                                     if c in cols), None)
        v = table.valid
        frame["precision_m"] = (pd.to_numeric(v[col], errors="coerce").to_numpy(
            dtype="float64") if col else np.full(len(v), np.nan))
        frames.append(frame)
        if summary is not None:
            summary.rows_out += len(frame)
    if not frames:
        return pd.DataFrame(columns=["lon", "lat", "kind", "category", "industries",
                                     "precision_m"])
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------- public API
def find_concentrations(points: pd.DataFrame | Prepared, *,
                        industries: Iterable[str] | None = None,
                        min_firms: int | None = None,
                        scale_m: float = DEFAULT_SCALE_M, method: str = "hdbscan",
                        max_precision_m: float | None = None,
                        density_ratio: float = DEFAULT_DENSITY_RATIO,
                        land_km2: float | None = None, lon: str = "lon",
                        lat: str = "lat", industry_col: str = "industries",
                        taxonomy: Taxonomy | None = None) -> gpd.GeoDataFrame:
    """Observed concentrations of the firms carrying any of ``industries``.

    Parameters
    ----------
    points : DataFrame with WGS-84 ``lon``/``lat`` (degrees), industry ids per row as
        lists in ``industries`` (as :func:`analysis.batch.stats_points` gives them) and
        optionally ``precision_m`` (each point's error bound, metres). Not mutated.
        Or the :func:`prepare_points` of such a frame (read once for several runs).
    industries : terms resolved by :func:`core.taxonomy.expand_filter` (ids, sectors,
        zh/en names, plan phrases); a sector pools its industries. None: every firm.
    min_firms : fewest firms in a concentration; None: the dense-disc threshold T,
        at least 10 (module docstring).
    scale_m : metres: the neighbourhood radius of the density test and the distance
        below which concentrations are not told apart (default 1000).
    method : "hdbscan" (default) or "dbscan" (module docstring, step 3).
    max_precision_m : metres; points with a coarser ``precision_m`` are left out
        (default: ``scale_m``).
    density_ratio : how many times the firms' mean density over the land a dense
        place and a kept concentration must reach (default 3).
    land_km2 : km² the firms could lie on; default the 74 街道 + 深汕
        (:func:`shipped_land_km2`, 2,420 km²).

    Returns
    -------
    GeoDataFrame in EPSG:4326, one row per concentration, largest first:
    ``concentration_id`` (C01 …), ``industry`` (the chosen ids joined by ";", "" for
    every firm), ``firms`` (members), ``sites`` (distinct member positions at 1 m: a
    concentration of one site is one address, e.g. a registration address shared by
    many firms), ``area_km2`` and ``density_per_km2`` (of the polygon, EPSG:4547),
    ``density_ratio`` (density / the firms' mean density over the land),
    ``centre_lon``/``centre_lat`` (mean member position), ``top_industry`` and
    ``top_industry_share`` (the industry most members carry and the share of members
    carrying it), ``dominant_industries`` (up to three ids by member count, ";"),
    ``lq`` and ``max_precision_m`` (the coarsest member error bound; NaN when the
    table states none).

    Location quotient: among the *usable* points (coordinates, ``precision_m`` no
    coarser than ``max_precision_m``, at least one industry id, of any industry), let
    n_c be those inside the polygon and k_c those of them carrying any chosen industry
    (with no industries chosen: the concentration's top industry), N and K the same
    over the whole table; LQ = (k_c / n_c) / (K / N). Firms, not labels: a firm with
    two industries counts once. LQ > 1: the industry's share inside is above its share
    in the register.

    ``attrs``: ``n_points`` (rows), ``n_no_coordinates``, ``n_no_industry`` (rows with
    no usable industry id), ``n_selected`` (rows with coordinates carrying a chosen
    industry; all rows with coordinates when none is chosen), ``n_excluded_precision``
    (of those, left out for ``precision_m`` coarser than ``max_precision_m``),
    ``n_precision_unknown`` (kept, no bound stated), ``n_used``,
    ``n_in_concentrations``, and the parameters used: ``industries``, ``method``,
    ``scale_m``, ``cell_m``, ``min_firms``, ``max_precision_m``, ``density_ratio``,
    ``threshold_firms`` (T), ``land_km2``, ``mean_density_per_km2``.
    """
    taxonomy = taxonomy or load_taxonomy()
    ids = expand_filter(list(industries) if industries is not None else None, taxonomy)
    _check_options(min_firms=min_firms, scale_m=scale_m, method=method,
                   max_precision_m=max_precision_m, density_ratio=density_ratio)
    prep = points if isinstance(points, _Prepared) else _prepare(
        points, lon=lon, lat=lat, industry_col=industry_col, land_km2=land_km2,
        bits=industry_bits(taxonomy))
    return _find(prep, ids, min_firms=min_firms, scale_m=float(scale_m), method=method,
                 max_precision_m=max_precision_m, density_ratio=float(density_ratio))


def concentrations_by_industry(points: pd.DataFrame, *,
                               industries: Iterable[str] | None = None,
                               **options) -> gpd.GeoDataFrame:
    """:func:`find_concentrations` once per term of ``industries`` (a sector term is
    one pooled run), or, with None, once per taxonomy industry present in ``points``;
    the register is read once. One frame, rows ordered by run then size, ids C01 …
    numbered through; ``attrs["runs"]`` holds each run's ``attrs`` (in order) and
    ``attrs["industries"]`` the runs' industry ids."""
    taxonomy = options.pop("taxonomy", None) or load_taxonomy()
    kw = {k: options.pop(k) for k in ("lon", "lat", "industry_col", "land_km2")
          if k in options}
    _check_options(min_firms=options.get("min_firms"),
                   scale_m=options.get("scale_m", DEFAULT_SCALE_M),
                   method=options.get("method", "hdbscan"),
                   max_precision_m=options.get("max_precision_m"),
                   density_ratio=options.get("density_ratio", DEFAULT_DENSITY_RATIO))
    bits = industry_bits(taxonomy)
    runs = ([expand_filter([t], taxonomy) for t in industries] if industries is not None
            else None)
    prep = _prepare(points, lon=kw.get("lon", "lon"), lat=kw.get("lat", "lat"),
                    industry_col=kw.get("industry_col", "industries"),
                    land_km2=kw.get("land_km2"), bits=bits)
    if runs is None:
        present = np.bitwise_or.reduce(prep.masks) if len(prep.masks) else 0
        runs = [[i] for i, b in bits.items() if present >> b & 1]
    frames, attrs = [], []
    for ids in runs:
        f = _find(prep, ids, **{"min_firms": None, "scale_m": DEFAULT_SCALE_M,
                                "method": "hdbscan", "max_precision_m": None,
                                "density_ratio": DEFAULT_DENSITY_RATIO, **options})
        frames.append(f)
        attrs.append(dict(f.attrs))
    out = (pd.concat(frames, ignore_index=True) if frames else _empty())
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=settings.CRS_STORAGE)
    out["concentration_id"] = [f"C{i + 1:02d}" for i in range(len(out))]
    out.attrs = {"runs": attrs, "industries": [";".join(ids) for ids in runs]}
    return out


# ------------------------------------------------------------------------ the steps
def _find(prep: _Prepared, ids: list[str], *, min_firms: int | None, scale_m: float,
          method: str, max_precision_m: float | None, density_ratio: float
          ) -> gpd.GeoDataFrame:
    max_prec = float(max_precision_m) if max_precision_m is not None else scale_m
    want = int(encode([ids], prep.bits)[0]) if ids else 0
    has_ind = prep.masks != 0
    selected = prep.has_xy & ((prep.masks & want) != 0 if want else True)
    if prep.precision is not None:
        coarse = selected & (prep.precision > max_prec)
        unknown = selected & ~np.isfinite(prep.precision)
    else:
        coarse = np.zeros(len(selected), dtype=bool)
        unknown = selected
    used = np.flatnonzero(selected & ~coarse)
    cell = scale_m / CELLS_PER_SCALE
    mean_density = len(used) / prep.land_km2
    threshold = _threshold(len(used), scale_m, prep.land_km2, density_ratio)
    min_n = int(min_firms) if min_firms is not None else max(MIN_FIRMS_FLOOR,
                                                                 int(np.ceil(threshold)))
    attrs = {"industries": list(ids), "method": method, "scale_m": scale_m,
             "cell_m": cell, "min_firms": min_n, "max_precision_m": max_prec,
             "density_ratio": density_ratio, "threshold_firms": threshold,
             "land_km2": prep.land_km2, "mean_density_per_km2": mean_density,
             "n_points": int(len(prep.masks)), "n_no_coordinates": int((~prep.has_xy).sum()),
             "n_no_industry": int((~has_ind).sum()), "n_selected": int(selected.sum()),
             "n_excluded_precision": int(coarse.sum()),
             "n_precision_unknown": int(unknown.sum()), "n_used": int(len(used))}
    x, y = prep.x[used], prep.y[used]
    place = _dense_places(x, y, cell=cell, scale_m=scale_m, threshold=threshold)
    if method == "hdbscan":
        label = _hdbscan_split(x, y, place, min_firms=min_n, scale_m=scale_m)
    else:
        label = place
    polys, stats = _outlines(x, y, label, buffer_m=cell / 2)
    keep = (stats["firms"] >= min_n) & (stats["density_per_km2"]
                                        >= density_ratio * mean_density)
    kept = np.flatnonzero(keep)
    kept = kept[np.argsort(-stats["firms"][kept], kind="stable")]
    relabel = np.full(len(keep) + 1, -1)
    relabel[kept] = np.arange(len(kept))
    label = relabel[label]  # -1 stays -1 (index -1 is the extra slot)
    attrs["n_in_concentrations"] = int((label >= 0).sum())
    if not len(kept):
        out = _empty()
        out.attrs = attrs
        return out
    frame = _describe(prep, used, label, len(kept), polys[kept],
                      {k: v[kept] for k, v in stats.items()}, ids, want,
                      max_prec=max_prec, mean_density=mean_density)
    frame.attrs = attrs
    return frame


def _threshold(n: int, scale_m: float, land_km2: float, ratio: float) -> float:
    """Firms within ``scale_m`` of a cell centre for it to be dense (docstring, 2)."""
    from scipy.stats import poisson

    lam = n * np.pi * (scale_m / 1000.0) ** 2 / land_km2
    tail = float(poisson.isf(NOISE_TAIL, lam)) + 1.0 if lam > 0 else 1.0
    return float(max(ratio * lam, tail, 2.0))


def _dense_places(x: np.ndarray, y: np.ndarray, *, cell: float, scale_m: float,
                  threshold: float) -> np.ndarray:
    """Per point, the number of its dense place (0 …), -1 outside every one: DBSCAN on
    the occupied grid cells weighted by their counts, core cells only."""
    from sklearn.cluster import DBSCAN

    out = np.full(len(x), -1, dtype=np.int64)
    if len(x) == 0:
        return out
    ix = np.floor(x / cell).astype(np.int64)
    iy = np.floor(y / cell).astype(np.int64)
    key = (ix - ix.min()) * (int(iy.max() - iy.min()) + 1) + (iy - iy.min())
    ukey, inv, counts = np.unique(key, return_inverse=True, return_counts=True)
    if counts.sum() < threshold:
        return out
    first = np.zeros(len(ukey), dtype=np.int64)
    first[inv[::-1]] = np.arange(len(inv))[::-1]
    centres = np.column_stack([(ix[first] + 0.5) * cell, (iy[first] + 0.5) * cell])
    db = DBSCAN(eps=scale_m, min_samples=int(np.ceil(threshold)), algorithm="kd_tree")
    db.fit(centres, sample_weight=counts.astype("float64"))
    core = np.zeros(len(ukey), dtype=bool)
    core[db.core_sample_indices_] = True
    cell_label = np.where(core, db.labels_, -1)
    return cell_label[inv]


def _hdbscan_split(x: np.ndarray, y: np.ndarray, place: np.ndarray, *, min_firms: int,
                   scale_m: float) -> np.ndarray:
    """Per point, its HDBSCAN concentration within its dense place (numbered through
    the places), -1 for noise and points outside every place."""
    from scipy.spatial import cKDTree
    from sklearn.cluster import HDBSCAN

    out = np.full(len(x), -1, dtype=np.int64)
    rng = np.random.default_rng(SEED)
    next_id = 0
    order = np.argsort(place, kind="stable")
    bounds = np.searchsorted(place[order], np.arange(place.max() + 2)) if len(place) else []
    for p in range(len(bounds) - 1):
        rows = order[bounds[p]:bounds[p + 1]]
        if len(rows) < min_firms:
            continue
        xy = np.column_stack([x[rows], y[rows]])
        frac = 1.0
        sample = np.arange(len(rows))
        if len(rows) > HDBSCAN_MAX_POINTS:
            sample = np.sort(rng.choice(len(rows), HDBSCAN_MAX_POINTS, replace=False))
            frac = HDBSCAN_MAX_POINTS / len(rows)
        size = max(2, int(round(min_firms * frac)))
        # cluster_selection_epsilon applied by _epsilon_merge: scikit-learn 1.9.1 raises
        # TypeError on it under NumPy 2.x (scikit-learn issue #33219)
        hdb = HDBSCAN(min_cluster_size=size, min_samples=size, allow_single_cluster=True,
                      copy=True).fit(xy[sample])
        lab = _epsilon_merge(hdb.labels_, hdb.dbscan_clustering(scale_m / 2, size))
        if len(sample) < len(rows):
            _, nearest = cKDTree(xy[sample]).query(xy, k=1)
            lab = lab[nearest]
        found = lab >= 0
        out[rows[found]] = lab[found] + next_id
        next_id += int(lab.max()) + 1 if found.any() else 0
    return out


def _epsilon_merge(labels: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """HDBSCAN's ``cluster_selection_epsilon`` rule from its labels and its flat cut at
    that distance (``HDBSCAN.dbscan_clustering``): a selected cluster born below the
    distance lies inside one component of the cut and is replaced by that component
    (the lowest ancestor alive at the distance, as scikit-learn's ``traverse_upwards``
    does); clusters born above it are kept. Renumbered 0 …; -1 is noise."""
    out = np.full(len(labels), -1, dtype=np.int64)
    keys: dict[tuple, int] = {}
    for c in np.unique(labels[labels >= 0]):
        members = labels == c
        comps = np.unique(cut[members])
        comps = comps[comps >= 0]
        if len(comps) == 1 and (cut == comps[0]).sum() > members.sum():
            target = cut == comps[0]          # born below the distance: its ancestor
            key = ("cut", int(comps[0]))
        else:
            target, key = members, ("hdbscan", int(c))
        out[target] = keys.setdefault(key, len(keys))
    return out


def _outlines(x: np.ndarray, y: np.ndarray, label: np.ndarray, *, buffer_m: float):
    """(polygons in EPSG:4547, stats) of each label 0 … k-1: concave hull of the
    distinct member positions grown by ``buffer_m``; firms, sites, area, density and
    the mean position."""
    k = int(label.max()) + 1 if len(label) and label.max() >= 0 else 0
    empty = {"firms": np.zeros(0, dtype=np.int64), "sites": np.zeros(0, dtype=np.int64),
             "area_km2": np.zeros(0), "density_per_km2": np.zeros(0), "cx": np.zeros(0),
             "cy": np.zeros(0)}
    if k == 0:
        return np.empty(0, dtype=object), empty
    m = label >= 0
    lab, px, py = label[m], np.round(x[m], 0), np.round(y[m], 0)
    firms = np.bincount(lab, minlength=k)
    sites_tbl = pd.DataFrame({"l": lab, "x": px, "y": py}).drop_duplicates()
    sites = np.bincount(sites_tbl["l"].to_numpy(), minlength=k)
    sl = sites_tbl.sort_values("l", kind="stable")
    multi = shapely.multipoints(np.column_stack([sl["x"].to_numpy(), sl["y"].to_numpy()]),
                                indices=sl["l"].to_numpy())
    hulls = shapely.buffer(shapely.concave_hull(multi, ratio=CONCAVE_RATIO), buffer_m,
                           quad_segs=8)
    area = shapely.area(hulls) / 1e6
    stats = {"firms": firms, "sites": sites, "area_km2": area,
             "density_per_km2": firms / area,
             "cx": np.bincount(lab, weights=x[m], minlength=k) / firms,
             "cy": np.bincount(lab, weights=y[m], minlength=k) / firms}
    return hulls, stats


def _describe(prep: _Prepared, used: np.ndarray, label: np.ndarray, k: int, polys,
              stats: dict, ids: list[str], want: int, *, max_prec: float,
              mean_density: float) -> gpd.GeoDataFrame:
    """The output frame: dominant industries, LQ, precision, polygons in EPSG:4326."""
    from analysis.join import GridIndex

    names = list(prep.bits)
    m = label >= 0
    lab = label[m]
    member_masks = prep.masks[used][m]
    counts = np.zeros((k, len(names)))
    for b in prep.bits.values():
        has = ((member_masks >> b) & 1).astype(bool)
        counts[:, b] = np.bincount(lab[has], minlength=k)
    order = np.argsort(-counts, axis=1, kind="stable")
    dominant = [";".join(names[j] for j in order[c, :N_DOMINANT] if counts[c, j] > 0)
                for c in range(k)]
    top = [names[order[c, 0]] if counts[c, order[c, 0]] > 0 else "" for c in range(k)]
    top_share = counts[np.arange(k), order[:, 0]] / stats["firms"]
    if prep.precision is not None:
        p = prep.precision[used][m]
        max_p = pd.Series(p).groupby(lab).max().reindex(range(k)).to_numpy()
    else:
        max_p = np.full(k, np.nan)

    geoms = gpd.GeoSeries(polys, crs=settings.CRS_METRIC).to_crs(settings.CRS_STORAGE)
    clon, clat = from_metric(stats["cx"], stats["cy"])
    # LQ over the usable points (any industry), counted inside each polygon
    usable = prep.has_xy & (prep.masks != 0)
    if prep.precision is not None:
        usable &= ~(prep.precision > max_prec)
    u = np.flatnonzero(usable)
    pt, poly = GridIndex(gpd.GeoDataFrame(geometry=geoms.values, crs=settings.CRS_STORAGE)
                         ).pairs(prep.lon[u], prep.lat[u])
    chosen = np.array([want if want else 1 << prep.bits[t] if t else 0 for t in top],
                      dtype=np.int64)
    u_masks = prep.masks[u]
    inside = np.bincount(poly, minlength=k)
    inside_k = np.bincount(poly[(u_masks[pt] & chosen[poly]) != 0], minlength=k)
    total = len(u)
    total_k = np.array([int(((u_masks & c) != 0).sum()) for c in chosen])
    with np.errstate(invalid="ignore", divide="ignore"):
        lq = (inside_k / inside) / (total_k / total)
    lq = np.where(np.isfinite(lq), lq, np.nan)

    frame = pd.DataFrame({
        "concentration_id": [f"C{i + 1:02d}" for i in range(k)],
        "industry": ";".join(ids), "firms": stats["firms"], "sites": stats["sites"],
        "area_km2": stats["area_km2"], "density_per_km2": stats["density_per_km2"],
        "density_ratio": stats["density_per_km2"] / mean_density if mean_density else np.nan,
        "centre_lon": clon, "centre_lat": clat, "top_industry": top,
        "top_industry_share": top_share, "dominant_industries": dominant, "lq": lq,
        "max_precision_m": max_p})
    return gpd.GeoDataFrame(frame, geometry=geoms.values, crs=settings.CRS_STORAGE)


_TEXT_COLUMNS = ("concentration_id", "industry", "top_industry", "dominant_industries")
_INT_COLUMNS = ("firms", "sites")


def _empty() -> gpd.GeoDataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object if c in _TEXT_COLUMNS else
                                       "int64" if c in _INT_COLUMNS else "float64")
                          for c in COLUMNS})
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=settings.CRS_STORAGE),
                            crs=settings.CRS_STORAGE)


# -------------------------------------------------------------------- plan vs reality
@dataclass
class PlanVsReality:
    """What :func:`plan_vs_reality` returns (plain DataFrames, no geometry).

    ``industries``: one row per run (industry, or pooled terms): ``industry``,
    ``name_zh``, ``name_en``, ``firms`` (points with coordinates carrying it),
    ``firms_in_focus_areas`` and ``share_in_focus_areas`` (inside at least one area
    whose focus includes it), ``focus_areas`` (how many areas), ``concentrations``,
    ``concentrations_outside``, ``firms_in_concentrations`` and
    ``firms_in_concentrations_outside``.

    ``concentrations``: every concentration with ``inside`` (its centre lies in an area
    whose focus includes its industry), ``nearest_area_id``/``nearest_area_name_zh``/
    ``nearest_area_name_en`` and ``distance_m`` (from its centre to the nearest such
    area's edge, EPSG:4547, 0 inside; missing when no area's focus includes it) and
    ``overlap_share`` (share of its polygon inside such areas).

    ``area_focus``: one row per area and focus industry that was analysed:
    ``area_id``, names, ``kind``, ``grade``, ``industry``, ``firms`` (its firms in
    the area) and ``concentrations_inside`` (concentrations of it whose centre lies in
    the area).
    """

    industries: pd.DataFrame
    concentrations: pd.DataFrame
    area_focus: pd.DataFrame

    @property
    def outside(self) -> pd.DataFrame:
        """The concentrations outside every area whose focus includes their industry."""
        return self.concentrations[~self.concentrations["inside"]].reset_index(drop=True)

    @property
    def unmatched_areas(self) -> pd.DataFrame:
        """The (area, focus industry) pairs with no concentration of it inside."""
        return self.area_focus[self.area_focus["concentrations_inside"] == 0
                               ].reset_index(drop=True)


def plan_vs_reality(points: pd.DataFrame, concentrations: gpd.GeoDataFrame,
                    ctx: SpatialContext, *, industries: Iterable[str] | None = None,
                    max_precision_m: float | None = None, lon: str = "lon",
                    lat: str = "lat", industry_col: str = "industries",
                    taxonomy: Taxonomy | None = None) -> PlanVsReality:
    """Set observed ``concentrations`` (from :func:`find_concentrations` or
    :func:`concentrations_by_industry`) beside the plan's areas in ``ctx``.

    Parameters
    ----------
    points : the table the concentrations were found in (WGS-84 ``lon``/``lat``,
        industry id lists, optional ``precision_m``). Not mutated.
    industries : the runs to compare, as terms (each one run, a sector pooled);
        default: the runs recorded in ``concentrations.attrs`` (so an industry with
        no concentration still gets its row), else the ``industry`` values present.
    max_precision_m : count only points with ``precision_m`` no coarser (metres) in
        the firm shares; default None counts every point with coordinates (a point
        placed ±5 km may be counted in an area it is not in).

    Point-in-area uses the context's grid index (an area covers the points on its
    edge, see :mod:`analysis.join`); nearest areas and distances come from
    :func:`analysis.placement.nearest_matching_area` (metres, EPSG:4547). A
    concentration pooled over every firm (``industry`` "") is compared through its
    ``dominant_industries``. See :class:`PlanVsReality` for the columns.
    """
    from analysis.coverage import areas_matching
    from analysis.placement import nearest_matching_area

    taxonomy = taxonomy or load_taxonomy()
    bits = industry_bits(taxonomy)
    runs = _runs(concentrations, industries, taxonomy)
    prep = _prepare(points, lon=lon, lat=lat, industry_col=industry_col, land_km2=1.0,
                    bits=bits)
    keep = prep.has_xy.copy()
    if max_precision_m is not None and prep.precision is not None:
        keep &= ~(prep.precision > float(max_precision_m))
    rows = np.flatnonzero(keep)
    pt, ap = ctx.memberships(prep.lon[rows], prep.lat[rows])
    masks = prep.masks[rows]
    n_areas = len(ctx.areas)

    conc = pd.DataFrame(concentrations.drop(columns="geometry", errors="ignore"))
    conc = conc.reset_index(drop=True)
    match_ids = [_split(i) or _split(d) for i, d in
                 zip(conc.get("industry", pd.Series(dtype=object)),
                     conc.get("dominant_industries", pd.Series(dtype=object)), strict=True)]
    clon = conc["centre_lon"].to_numpy(dtype="float64") if len(conc) else np.zeros(0)
    clat = conc["centre_lat"].to_numpy(dtype="float64") if len(conc) else np.zeros(0)
    near_id, near_m = (nearest_matching_area(clon, clat, match_ids, ctx) if len(conc)
                       else ([], np.zeros(0)))
    inside = np.asarray(near_m, dtype=float) == 0
    names = ctx.areas.set_index("id")
    conc_out = conc[[c for c in ("concentration_id", "industry", "firms", "sites", "area_km2",
                                 "density_per_km2", "centre_lon", "centre_lat",
                                 "dominant_industries") if c in conc.columns]].copy()
    conc_out["inside"] = inside
    conc_out["nearest_area_id"] = pd.Series(near_id, dtype=object)
    conc_out["nearest_area_name_zh"] = conc_out["nearest_area_id"].map(names["name_zh"])
    conc_out["nearest_area_name_en"] = conc_out["nearest_area_id"].map(names["name_en"])
    conc_out["distance_m"] = near_m
    conc_out["overlap_share"] = _overlap_shares(concentrations, match_ids, ctx)
    c_pt, c_ap = ctx.memberships(clon, clat)

    ind_rows, area_rows = [], []
    for ids in runs:
        key = ";".join(ids)
        want = int(encode([ids], bits)[0]) if ids else 0
        has = (masks & want) != 0 if want else masks != 0
        matching = areas_matching(ctx.areas, ids) if ids else np.zeros(n_areas, bool)
        in_focus = np.zeros(len(rows), dtype=bool)
        hit = has[pt] & matching[ap]
        in_focus[pt[hit]] = True
        mine = (conc_out["industry"].to_numpy(dtype=object) == key) if len(conc_out) \
            else np.zeros(0, dtype=bool)
        firms_c = conc_out["firms"].to_numpy(dtype="int64") if len(conc_out) \
            else np.zeros(0, dtype=np.int64)
        ind_rows.append({
            "industry": key or "all",
            "name_zh": "、".join(taxonomy.name(i, "zh") for i in ids) or "全部企业",
            "name_en": "; ".join(taxonomy.name(i, "en") for i in ids) or "All firms",
            "firms": int(has.sum()), "firms_in_focus_areas": int(in_focus.sum()),
            "share_in_focus_areas": (in_focus.sum() / has.sum()) if has.sum() else np.nan,
            "focus_areas": int(matching.sum()), "concentrations": int(mine.sum()),
            "concentrations_outside": int((mine & ~inside).sum()),
            "firms_in_concentrations": int(firms_c[mine].sum()),
            "firms_in_concentrations_outside": int(firms_c[mine & ~inside].sum())})
        n_in_area = np.bincount(ap[has[pt]], minlength=n_areas)
        c_in_area = np.bincount(c_ap[mine[c_pt]], minlength=n_areas) if len(c_pt) \
            else np.zeros(n_areas, dtype=np.int64)
        for a in np.flatnonzero(matching):
            area = ctx.areas.iloc[a]
            area_rows.append({"area_id": area["id"], "name_zh": area["name_zh"],
                              "name_en": area["name_en"], "kind": area["kind"],
                              "grade": area.get("grade"), "industry": key,
                              "firms": int(n_in_area[a]),
                              "concentrations_inside": int(c_in_area[a])})
    area_cols = ["area_id", "name_zh", "name_en", "kind", "grade", "industry", "firms",
                 "concentrations_inside"]
    return PlanVsReality(industries=pd.DataFrame(ind_rows),
                         concentrations=conc_out.reset_index(drop=True),
                         area_focus=pd.DataFrame(area_rows, columns=area_cols))


def _split(value) -> list[str]:
    return [v for v in str(value).split(";") if v] if isinstance(value, str) else []


def _runs(concentrations: pd.DataFrame, industries, taxonomy: Taxonomy) -> list[list[str]]:
    """The industry-id lists compared by :func:`plan_vs_reality` (its ``industries``)."""
    if industries is not None:
        return [expand_filter([t], taxonomy) for t in industries]
    attrs = concentrations.attrs
    if "runs" in attrs:
        return [list(r["industries"]) for r in attrs["runs"]]
    if "industries" in attrs:
        return [list(attrs["industries"])]
    values = concentrations["industry"].dropna().unique() if "industry" in concentrations \
        else []
    return [_split(v) for v in values]


def _overlap_shares(concentrations: gpd.GeoDataFrame, match_ids: list[list[str]],
                    ctx: SpatialContext) -> np.ndarray:
    """Share of each concentration's polygon (EPSG:4547) inside the union of the areas
    whose focus includes any of its industries."""
    from analysis.coverage import areas_matching

    out = np.zeros(len(match_ids))
    if not len(match_ids) or "geometry" not in concentrations:
        return out
    geoms = gpd.GeoSeries(concentrations.geometry.to_numpy(), crs=concentrations.crs
                          ).to_crs(settings.CRS_METRIC).to_numpy()
    unions: dict[tuple, object] = {}
    metric = ctx.areas_metric.to_numpy()
    for i, ids in enumerate(match_ids):
        key = tuple(sorted(ids))
        if key not in unions:
            sel = areas_matching(ctx.areas, ids) if ids else np.zeros(len(metric), bool)
            unions[key] = shapely.union_all(metric[sel]) if sel.any() else None
        u = unions[key]
        area = shapely.area(geoms[i])
        if u is not None and area > 0:
            out[i] = shapely.area(shapely.intersection(geoms[i], u)) / area
    return out
