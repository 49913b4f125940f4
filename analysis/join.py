"""Fast point-in-polygon assignment for many points against a fixed polygon layer.

:class:`GridIndex` lays a regular lon/lat grid over the polygons (WGS-84; containment
needs no projection) and keeps, for every cell and every polygon reaching it, one
*entry*: a reference point inside the cell whose status (inside or outside the
polygon) is known, and the polygon edges that come near the cell. A point in the cell
is inside the polygon when the segment from the reference point to it crosses those
edges an even number of times and the reference point is inside (or an odd number of
times and it is outside). A cell no edge reaches has no edges listed: its entry says
in or out for every point in it. The loop over points is a compiled kernel (numba,
parallel over the cores; compiled once and cached on disk beside this module).

Exact, not approximate: every orientation sign is computed in floating point with
Shewchuk's error bound; a point whose answer would rest on an uncertain sign (on or
within rounding of an edge, a vertex, or a collinear edge) is *flagged* and decided
by GEOS (``shapely.intersects_xy`` on the original polygon), which is what
``geopandas.sjoin`` uses. So the assignments are those of ``sjoin``, by construction
and by test. An invalid polygon (where even-odd counting and GEOS could differ) is
always decided by GEOS.

Boundary rule (defined and tested): a point on a polygon's edge is *inside* it
(``covers``). For an exclusive layer such as the 街道, a point on the edge shared by
two polygons goes to the one listed first, so it is counted exactly once.
"""

from __future__ import annotations

import geopandas as gpd
import numba
import numpy as np
import pandas as pd
import shapely
from numba import njit, prange

from core import settings

DEFAULT_CELL_DEG = 0.0025  # about 250 m north-south, 260 m east-west in Shenzhen

#: Relative error bound of an orientation determinant (Shewchuk's ccwerrboundA is
#: (3 + 16ε)ε ≈ 3.3e-16 with ε = 2⁻⁵³; a larger bound only flags more points).
_ERRBOUND = 1e-15
#: Cells within this distance (degrees, ~0.1 mm) of an edge list it: far more than
#: the rounding of a point's cell number, so a point is never placed in a cell that
#: misses an edge near it.
_MARGIN = 1e-9
#: Entry status: the reference point is outside / inside; or GEOS decides every point.
_OUT, _IN, _GEOS = 0, 1, 2
#: Where the reference point of a cell is tried, as fractions of the cell (the first
#: one whose orientation to every edge listed is certain is kept).
_REF_OFFSETS = ((0.5, 0.5), (0.3819660113, 0.6180339887), (0.6180339887, 0.2763932023),
                (0.2236067977, 0.2360679775), (0.7639320225, 0.7236067977),
                (0.1458980338, 0.8541019662), (0.9016994375, 0.4270509831),
                (0.4721359550, 0.0901699437))


class GridIndex:
    """Assign WGS-84 points to the polygons of ``gdf`` (EPSG:4326).

    Parameters
    ----------
    gdf : GeoDataFrame of polygons in EPSG:4326; its row order defines the polygon
        numbers returned (0 … n-1) and the tie-break of :meth:`assign_first`.
    cell_deg : grid cell size in degrees.

    The index holds plain numpy arrays (and the polygons, for the flagged points), so
    it pickles small and loads fast (:func:`analysis.context.build_context` caches it).
    """

    def __init__(self, gdf: gpd.GeoDataFrame, *, cell_deg: float = DEFAULT_CELL_DEG):
        if gdf.crs is None or gdf.crs.to_epsg() != 4326:
            raise ValueError(f"GridIndex needs polygons in EPSG:4326, got {gdf.crs}; "
                             "call .to_crs(4326) first")
        self.n_polygons = len(gdf)
        self.cell = float(cell_deg)
        geoms = np.asarray(gdf.geometry.to_numpy())
        self.geoms = geoms
        if len(geoms) and not shapely.is_empty(geoms).all():
            minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        else:
            minx = miny = maxx = maxy = 0.0
        self.x0, self.y0 = minx - self.cell, miny - self.cell
        self.nx = int(np.ceil((maxx - self.x0) / self.cell)) + 2
        self.ny = int(np.ceil((maxy - self.y0) / self.cell)) + 2
        self._build(geoms)

    # -- build ------------------------------------------------------------------
    def _cells_of_edges(self, ax, ay, bx, by):
        """(edge, cell) pairs: every cell that an edge comes within ``_MARGIN`` of (a
        superset is harmless: an edge listed in a cell it misses is never crossed)."""
        c, m = self.cell, _MARGIN
        exmin, exmax = np.minimum(ax, bx) - m, np.maximum(ax, bx) + m
        eymin, eymax = np.minimum(ay, by) - m, np.maximum(ay, by) + m
        ix0 = np.floor((exmin - self.x0) / c).astype(np.int64)
        ix1 = np.floor((exmax - self.x0) / c).astype(np.int64)
        ncol = ix1 - ix0 + 1
        edge = np.repeat(np.arange(len(ax)), ncol)
        col = np.repeat(ix0, ncol) + (np.arange(ncol.sum()) -
                                      np.repeat(np.cumsum(ncol) - ncol, ncol))
        # the edge's y range within the column's x span (widened by the margin)
        xl = np.maximum(self.x0 + col * c - m, exmin[edge])
        xr = np.minimum(self.x0 + (col + 1) * c + m, exmax[edge])
        dx = bx[edge] - ax[edge]
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = (by[edge] - ay[edge]) / dx
            yl = ay[edge] + (xl - ax[edge]) * slope
            yr = ay[edge] + (xr - ax[edge]) * slope
        # (near-)vertical: the whole y range; else the range padded by the margin
        # times the slope (more than the rounding of xl, xr and the products)
        flat = np.abs(dx) < c * 1e-3
        pad = m * (1.0 + np.abs(np.where(flat, 0.0, slope)))
        ylo = np.where(flat, eymin[edge], np.minimum(yl, yr) - pad)
        yhi = np.where(flat, eymax[edge], np.maximum(yl, yr) + pad)
        ylo = np.maximum(ylo, eymin[edge])
        yhi = np.minimum(yhi, eymax[edge])
        iy0 = np.floor((ylo - self.y0) / c).astype(np.int64)
        iy1 = np.floor((yhi - self.y0) / c).astype(np.int64)
        nrow = np.maximum(iy1 - iy0 + 1, 0)
        edge2 = np.repeat(edge, nrow)
        row = np.repeat(iy0, nrow) + (np.arange(nrow.sum()) -
                                      np.repeat(np.cumsum(nrow) - nrow, nrow))
        col = np.repeat(col, nrow)
        return edge2, row * self.nx + col

    def _polygon_entries(self, geom):
        """Entries of one polygon: (cells, status, ref x, ref y, edge lists as CSR
        over the entries, edge coordinates and the side of the reference point)."""
        c = self.cell
        gx0, gy0, gx1, gy1 = geom.bounds
        ix0 = int((gx0 - _MARGIN - self.x0) // c)
        ix1 = int((gx1 + _MARGIN - self.x0) // c)
        iy0 = int((gy0 - _MARGIN - self.y0) // c)
        iy1 = int((gy1 + _MARGIN - self.y0) // c)
        ix, iy = np.meshgrid(np.arange(ix0, ix1 + 1), np.arange(iy0, iy1 + 1))
        bbox_cells = (iy * self.nx + ix).ravel()
        polygonal = shapely.get_type_id(geom) in (3, 6)
        if not (polygonal and shapely.is_valid(geom)):  # GEOS decides every point
            n = len(bbox_cells)
            return (bbox_cells, np.full(n, _GEOS, np.int8), np.zeros(n), np.zeros(n),
                    np.zeros(n + 1, np.int64), np.zeros((0, 4)), np.zeros(0, np.int8))
        rings = shapely.get_rings(shapely.get_parts(geom))
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        same = ring[1:] == ring[:-1]
        a, b = xy[:-1][same], xy[1:][same]
        keep = (a != b).any(axis=1)  # repeated vertices are not edges
        a, b = a[keep], b[keep]
        edge, cell = self._cells_of_edges(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
        order = np.lexsort((edge, cell))
        edge, cell = edge[order], cell[order]
        bcells, start = np.unique(cell, return_index=True)
        ptr = np.append(start, len(cell)).astype(np.int64)
        ex = np.column_stack([a[edge], b[edge]])  # ax, ay, bx, by per (entry, edge)
        # the reference point of each boundary entry: certain side of every edge
        n_b = len(bcells)
        refx, refy = np.zeros(n_b), np.zeros(n_b)
        side = np.zeros(len(edge), np.int8)
        todo = np.ones(n_b, bool)
        entry_of = np.repeat(np.arange(n_b), np.diff(ptr))
        for fx, fy in _REF_OFFSETS:
            if not todo.any():
                break
            cx = self.x0 + (bcells % self.nx + fx) * c
            cy = self.y0 + (bcells // self.nx + fy) * c
            sel = np.flatnonzero(todo[entry_of])  # the edges of the entries left
            s, ok = _orient_sign(*ex[sel].T, cx[entry_of[sel]], cy[entry_of[sel]])
            bad = np.zeros(n_b, bool)
            bad[entry_of[sel][~ok]] = True
            done = todo & ~bad
            refx[done], refy[done] = cx[done], cy[done]
            take = done[entry_of[sel]]
            side[sel[take]] = s[take]
            todo &= bad
        own = shapely.from_wkb(shapely.to_wkb(geom))  # prepared here, never shared
        shapely.prepare(own)
        status = np.full(n_b, _GEOS, np.int8)
        good = ~todo
        status[good] = np.where(shapely.intersects_xy(own, refx[good], refy[good]),
                                _IN, _OUT)
        # cells no edge reaches: wholly inside or wholly outside (their centre says)
        other = np.setdiff1d(bbox_cells, bcells)
        ccx = self.x0 + (other % self.nx + 0.5) * c
        ccy = self.y0 + (other // self.nx + 0.5) * c
        inner = other[shapely.contains_xy(own, ccx, ccy)]
        n_i = len(inner)
        cells = np.concatenate([bcells, inner])
        status = np.concatenate([status, np.full(n_i, _IN, np.int8)])
        refx = np.concatenate([refx, np.zeros(n_i)])
        refy = np.concatenate([refy, np.zeros(n_i)])
        ptr = np.concatenate([ptr, np.full(n_i, ptr[-1], np.int64)])
        return cells, status, refx, refy, ptr, ex, side

    def _build(self, geoms: np.ndarray) -> None:
        cells, polys, status, refx, refy, e0, e1 = [], [], [], [], [], [], []
        coords, sides = [], []
        n_edges = 0
        first_of: dict[bytes, tuple] = {}  # identical polygons share their entries
        for p, geom in enumerate(geoms):
            if geom is None or shapely.is_empty(geom):
                continue
            key = shapely.to_wkb(geom)
            if key not in first_of:
                c, st, rx, ry, ptr, ex, sd = self._polygon_entries(geom)
                first_of[key] = (c, st, rx, ry, ptr[:-1] + n_edges, ptr[1:] + n_edges)
                coords.append(ex)
                sides.append(sd)
                n_edges += len(ex)
            c, st, rx, ry, s0, s1 = first_of[key]
            cells.append(c)
            polys.append(np.full(len(c), p, np.int64))
            status.append(st)
            refx.append(rx)
            refy.append(ry)
            e0.append(s0)
            e1.append(s1)
        cat = _concat
        cells, polys = cat(cells, np.int64), cat(polys, np.int64)
        order = np.lexsort((polys, cells))  # per cell, by polygon number (tie-break)
        n_cells = self.nx * self.ny
        self.cell_ptr = np.concatenate(
            [[0], np.cumsum(np.bincount(cells, minlength=n_cells))]).astype(np.int64)
        self.entry_poly = polys[order]
        self.entry_status = cat(status, np.int8)[order]
        self.entry_refx = cat(refx, np.float64)[order]
        self.entry_refy = cat(refy, np.float64)[order]
        self.entry_e0 = cat(e0, np.int64)[order]
        self.entry_e1 = cat(e1, np.int64)[order]
        ex = np.concatenate(coords) if coords else np.zeros((0, 4))
        self.edges = np.ascontiguousarray(ex, dtype=np.float64)
        self.edge_side = cat(sides, np.int8)
        per_cell = np.diff(self.cell_ptr)
        self.n_words = max(1, int(-(-per_cell.max(initial=0) // 64)))

    # -- query ----------------------------------------------------------------------
    def _kernel_args(self):
        return (self.x0, self.y0, self.cell, self.nx, self.ny, self.cell_ptr,
                self.entry_status, self.entry_refx, self.entry_refy, self.entry_e0,
                self.entry_e1, self.edges, self.edge_side)

    def _masks(self, lon, lat) -> np.ndarray:
        """Per point, a bit per entry of its cell: set where the polygon covers it."""
        masks, cid, flagged = _scan(lon, lat, self.n_words, *self._kernel_args())
        fp = np.flatnonzero(flagged)
        if len(fp):  # decided by GEOS on the original polygons
            pt, ent = _expand(fp, cid[fp], self.cell_ptr, np.arange(len(self.entry_poly)))
            hit = shapely.intersects_xy(self.geoms[self.entry_poly[ent]], lon[pt], lat[pt])
            bit = ent - self.cell_ptr[cid[pt]]
            masks[fp] = 0
            np.bitwise_or.at(masks, (pt[hit], bit[hit] // 64),
                             np.left_shift(np.uint64(1), (bit[hit] % 64).astype(np.uint64)))
        return masks, cid

    def pairs(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """All (point index, polygon number) pairs with the point covered by the polygon.

        Sorted by point index, then polygon number. Points outside every polygon, or
        with NaN coordinates, appear in no pair.
        """
        lon, lat = _coords(lon, lat)
        masks, cid = self._masks(lon, lat)
        counts = _popcount(masks)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return _emit(masks, cid, offsets, self.cell_ptr, self.entry_poly)

    def assign_first(self, lon, lat) -> np.ndarray:
        """For each point, the lowest polygon number covering it, or -1 (exclusive layers)."""
        lon, lat = _coords(lon, lat)
        out, flagged = _scan_first(lon, lat, *self._kernel_args(), self.entry_poly)
        fp = np.flatnonzero(flagged)
        if len(fp):  # an uncertain entry before the first hit: every entry, GEOS too
            masks, cid = self._masks(lon[fp], lat[fp])
            out[fp] = _first(masks, cid, self.cell_ptr, self.entry_poly)
        return out


def _concat(arrays: list, dtype) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype)


def _coords(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """C-contiguous, writable float64 arrays: always the one type the kernel is compiled
    for (a read-only array, as pandas 3 hands out, would compile a second version)."""
    lon = np.require(np.asarray(lon, dtype="float64").ravel(), requirements=("C", "W"))
    lat = np.require(np.asarray(lat, dtype="float64").ravel(), requirements=("C", "W"))
    if lon.shape != lat.shape:
        raise ValueError(f"{len(lon)} longitudes but {len(lat)} latitudes")
    return lon, lat


def _orient_sign(ax, ay, bx, by, px, py):
    """Sign (+1/-1) of the orientation of p to the edge a→b, and whether it is certain
    (the same formula and bound as the kernel's)."""
    left = (ax - px) * (by - py)
    right = (ay - py) * (bx - px)
    det = left - right
    ok = np.abs(det) > _ERRBOUND * (np.abs(left) + np.abs(right))
    return np.where(det > 0, 1, -1).astype(np.int8), ok


def _expand(points: np.ndarray, cells: np.ndarray, ptr: np.ndarray, values: np.ndarray):
    """Repeat each point once per value listed for its cell (CSR), vectorised."""
    start = ptr[cells]
    count = ptr[cells + 1] - start
    total = int(count.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64), values[:0]
    rep_pt = np.repeat(points, count)
    offsets = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    return rep_pt, values[np.repeat(start, count) + offsets]


# --- the compiled kernel -------------------------------------------------------------
# cache=True: compiled once, kept in __pycache__/ beside this file (gitignored), and
# loaded by later processes in a fraction of a second.

@njit(cache=True, inline="always")
def _entry_covers(e, x, y, status, refx, refy, e0, e1, edges, side):
    """0 outside, 1 inside (covers), 2 uncertain (GEOS decides)."""
    inside = status[e]
    if inside == 2 or e0[e] == e1[e]:
        return inside
    cx = refx[e]
    cy = refy[e]
    sx0, sx1 = min(cx, x), max(cx, x)
    sy0, sy1 = min(cy, y), max(cy, y)
    for k in range(e0[e], e1[e]):
        ax, ay, bx, by = edges[k, 0], edges[k, 1], edges[k, 2], edges[k, 3]
        if max(ax, bx) < sx0 or min(ax, bx) > sx1 or max(ay, by) < sy0 or \
                min(ay, by) > sy1:
            continue  # exact comparisons: disjoint boxes cannot meet
        left = (ax - x) * (by - y)
        right = (ay - y) * (bx - x)
        d = left - right
        if abs(d) <= 1e-15 * (abs(left) + abs(right)):
            return 2
        if (d > 0) == (side[k] > 0):
            continue  # p on the reference point's side of the edge's line
        # a and b on either side of the segment c→p?
        left = (cx - ax) * (y - ay)
        right = (cy - ay) * (x - ax)
        da = left - right
        if abs(da) <= 1e-15 * (abs(left) + abs(right)):
            return 2
        left = (cx - bx) * (y - by)
        right = (cy - by) * (x - bx)
        db = left - right
        if abs(db) <= 1e-15 * (abs(left) + abs(right)):
            return 2
        if (da > 0) != (db > 0):
            inside ^= 1
    return inside


@njit(cache=True, inline="always")
def _cell_of(x, y, x0, y0, cell, nx, ny):
    """The grid cell holding (x, y), row-major; -1 outside the grid (NaN too)."""
    fx = np.floor((x - x0) / cell)
    fy = np.floor((y - y0) / cell)
    if not (fx >= 0 and fx < nx and fy >= 0 and fy < ny):  # NaN fails too
        return np.int64(-1)
    return np.int64(fy) * nx + np.int64(fx)


@njit(cache=True, parallel=True)
def _scan(lon, lat, n_words, x0, y0, cell, nx, ny, cell_ptr, status, refx, refy, e0,
          e1, edges, side):
    n = lon.shape[0]
    masks = np.zeros((n, n_words), dtype=np.uint64)
    cid = np.full(n, -1, dtype=np.int64)
    flagged = np.zeros(n, dtype=np.bool_)
    for i in prange(n):
        x = lon[i]
        y = lat[i]
        c = _cell_of(x, y, x0, y0, cell, nx, ny)
        if c < 0:
            continue
        cid[i] = c
        base = cell_ptr[c]
        for e in range(base, cell_ptr[c + 1]):
            r = _entry_covers(e, x, y, status, refx, refy, e0, e1, edges, side)
            if r == 2:
                flagged[i] = True
                break
            if r == 1:
                b = e - base
                masks[i, b // 64] |= np.uint64(1) << np.uint64(b % 64)
    return masks, cid, flagged


@njit(cache=True, parallel=True)
def _scan_first(lon, lat, x0, y0, cell, nx, ny, cell_ptr, status, refx, refy, e0, e1,
                edges, side, entry_poly):
    """The first entry (lowest polygon) covering each point, stopping there; a point
    meeting an uncertain entry first is flagged."""
    n = lon.shape[0]
    out = np.full(n, -1, dtype=np.int64)
    flagged = np.zeros(n, dtype=np.bool_)
    for i in prange(n):
        x = lon[i]
        y = lat[i]
        c = _cell_of(x, y, x0, y0, cell, nx, ny)
        if c < 0:
            continue
        for e in range(cell_ptr[c], cell_ptr[c + 1]):
            r = _entry_covers(e, x, y, status, refx, refy, e0, e1, edges, side)
            if r == 2:
                flagged[i] = True
                break
            if r == 1:
                out[i] = entry_poly[e]
                break
    return out, flagged


@njit(cache=True, parallel=True)
def _popcount(masks):
    n, w = masks.shape
    out = np.zeros(n, dtype=np.int64)
    for i in prange(n):
        s = 0
        for j in range(w):
            v = masks[i, j]
            while v:
                v &= v - np.uint64(1)
                s += 1
        out[i] = s
    return out


@njit(cache=True, parallel=True)
def _emit(masks, cid, offsets, cell_ptr, entry_poly):
    n, w = masks.shape
    total = offsets[n]
    pt = np.empty(total, dtype=np.int64)
    poly = np.empty(total, dtype=np.int64)
    for i in prange(n):
        k = offsets[i]
        if k == offsets[i + 1]:
            continue
        base = cell_ptr[cid[i]]
        for j in range(w):
            v = masks[i, j]
            b = 0
            while v:
                if v & np.uint64(1):
                    pt[k] = i
                    poly[k] = entry_poly[base + j * 64 + b]
                    k += 1
                v >>= np.uint64(1)
                b += 1
    return pt, poly


@njit(cache=True, parallel=True)
def _first(masks, cid, cell_ptr, entry_poly):
    n, w = masks.shape
    out = np.full(n, -1, dtype=np.int64)
    for i in prange(n):
        for j in range(w):
            v = masks[i, j]
            if v:
                b = 0
                while not (v & np.uint64(1)):
                    v >>= np.uint64(1)
                    b += 1
                out[i] = entry_poly[cell_ptr[cid[i]] + j * 64 + b]
                break
    return out


def kernel_threads() -> int:
    """Threads the kernel runs on (numba's; ``NUMBA_NUM_THREADS`` sets it)."""
    return numba.get_num_threads()


# --- the reference the tests and the benchmark compare against ---------------------
def sjoin_reference(points: pd.DataFrame, polygons: gpd.GeoDataFrame, *,
                    lon: str = "lon", lat: str = "lat") -> tuple[np.ndarray, np.ndarray]:
    """The same pairs computed with ``geopandas.sjoin(predicate="intersects")``.

    Used by the tests and the benchmark as the reference (and the speed baseline).
    """
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(points[lon], points[lat]),
                           crs=settings.CRS_STORAGE)
    pts.index = np.arange(len(pts))
    poly = polygons.reset_index(drop=True)[["geometry"]]
    j = gpd.sjoin(pts, poly, predicate="intersects", how="inner")
    pt = j.index.to_numpy()
    pl = j["index_right"].to_numpy()
    order = np.lexsort((pl, pt))
    return pt[order], pl[order]
