"""Fast point-in-polygon assignment for many points against a fixed polygon layer.

:class:`GridIndex` lays a regular lon/lat grid over the polygons (WGS-84; containment
needs no projection). For every polygon, each grid cell it touches is either
*interior* (the cell lies wholly inside the polygon, so every point in it is inside)
or *boundary* (the polygon is clipped to the cell and kept as a small piece). A point
in an interior cell is assigned by array indexing alone; only points in boundary
cells are tested, element-wise, against the small clipped pieces.

Boundary rule (defined and tested): a point on a polygon's edge is *inside* it
(``covers``). For an exclusive layer such as the 街道, a point on the edge shared by
two polygons goes to the one listed first, so it is counted exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from core import settings

DEFAULT_CELL_DEG = 0.0025  # about 250 m north-south, 260 m east-west in Shenzhen


@dataclass
class _Cells:
    """CSR lists of polygon ids per cell: interior and boundary (with pieces)."""

    interior_ptr: np.ndarray
    interior_poly: np.ndarray
    boundary_ptr: np.ndarray
    boundary_poly: np.ndarray
    boundary_piece: np.ndarray  # shapely geometries aligned with boundary_poly


class GridIndex:
    """Assign WGS-84 points to the polygons of ``gdf`` (EPSG:4326).

    Parameters
    ----------
    gdf : GeoDataFrame of polygons in EPSG:4326; its row order defines the polygon
        numbers returned (0 … n-1) and the tie-break of :meth:`assign_first`.
    cell_deg : grid cell size in degrees.
    """

    def __init__(self, gdf: gpd.GeoDataFrame, *, cell_deg: float = DEFAULT_CELL_DEG):
        if gdf.crs is None or gdf.crs.to_epsg() != 4326:
            raise ValueError(f"GridIndex needs polygons in EPSG:4326, got {gdf.crs}; "
                             "call .to_crs(4326) first")
        self.n_polygons = len(gdf)
        self.cell = float(cell_deg)
        geoms = np.asarray(gdf.geometry.to_numpy())
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        self.x0, self.y0 = minx - self.cell, miny - self.cell
        self.nx = int(np.ceil((maxx - self.x0) / self.cell)) + 2
        self.ny = int(np.ceil((maxy - self.y0) / self.cell)) + 2
        self._cells = self._build(geoms)

    # -- build ------------------------------------------------------------------
    def _cell_boxes(self, ix: np.ndarray, iy: np.ndarray) -> np.ndarray:
        x = self.x0 + ix * self.cell
        y = self.y0 + iy * self.cell
        return shapely.box(x, y, x + self.cell, y + self.cell)

    def _build(self, geoms: np.ndarray) -> _Cells:
        int_cell, int_poly, bnd_cell, bnd_poly, pieces = [], [], [], [], []
        first_of: dict[bytes, int] = {}
        copies: list[tuple[int, int]] = []  # (polygon, identical earlier polygon)
        for p, geom in enumerate(geoms):
            key = shapely.to_wkb(geom)
            if key in first_of:  # e.g. 片区 drawn as their parent's envelope
                copies.append((p, first_of[key]))
                continue
            first_of[key] = p
            gx0, gy0, gx1, gy1 = geom.bounds
            ix0 = int((gx0 - self.x0) // self.cell)
            ix1 = int((gx1 - self.x0) // self.cell)
            iy0 = int((gy0 - self.y0) // self.cell)
            iy1 = int((gy1 - self.y0) // self.cell)
            ix, iy = np.meshgrid(np.arange(ix0, ix1 + 1), np.arange(iy0, iy1 + 1))
            ix, iy = ix.ravel(), iy.ravel()
            boxes = self._cell_boxes(ix, iy)
            shapely.prepare(geom)
            touches = shapely.intersects(geom, boxes)
            inside = touches & shapely.contains_properly(geom, boxes)
            border = touches & ~inside
            cid = iy * self.nx + ix
            int_cell.append(cid[inside])
            int_poly.append(np.full(inside.sum(), p))
            clipped = shapely.intersection(geom, boxes[border])
            ok = ~shapely.is_empty(clipped)
            bnd_cell.append(cid[border][ok])
            bnd_poly.append(np.full(ok.sum(), p))
            pieces.append(clipped[ok])
            shapely.destroy_prepared(geom)
        for p, src in copies:
            int_cell.append(np.concatenate(int_cell)[np.concatenate(int_poly) == src])
            int_poly.append(np.full(len(int_cell[-1]), p))
            mask = np.concatenate(bnd_poly) == src
            bnd_cell.append(np.concatenate(bnd_cell)[mask])
            bnd_poly.append(np.full(mask.sum(), p))
            pieces.append(np.concatenate(pieces)[mask])
        return _Cells(*_csr(np.concatenate(int_cell), np.concatenate(int_poly),
                            self.nx * self.ny),
                      *_csr_with(np.concatenate(bnd_cell), np.concatenate(bnd_poly),
                                 np.concatenate(pieces), self.nx * self.ny))

    # -- query ----------------------------------------------------------------------
    def _cell_of(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        ix = np.floor((lon - self.x0) / self.cell)
        iy = np.floor((lat - self.y0) / self.cell)
        ok = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny) & np.isfinite(ix + iy)
        cid = np.full(lon.shape, -1, dtype=np.int64)
        cid[ok] = (iy[ok] * self.nx + ix[ok]).astype(np.int64)
        return cid

    def pairs(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """All (point index, polygon number) pairs with the point covered by the polygon.

        Sorted by point index, then polygon number. Points outside every polygon, or
        with NaN coordinates, appear in no pair.
        """
        lon = np.asarray(lon, dtype="float64")
        lat = np.asarray(lat, dtype="float64")
        cid = self._cell_of(lon, lat)
        valid = np.flatnonzero(cid >= 0)
        c = self._cells
        pt_i, poly_i = _expand(valid, cid[valid], c.interior_ptr, c.interior_poly)
        cand_pt, cand_k = _expand(valid, cid[valid], c.boundary_ptr,
                                  np.arange(len(c.boundary_poly)))
        hit = shapely.intersects_xy(c.boundary_piece[cand_k], lon[cand_pt], lat[cand_pt])
        pt = np.concatenate([pt_i, cand_pt[hit]])
        poly = np.concatenate([poly_i, c.boundary_poly[cand_k[hit]]])
        order = np.lexsort((poly, pt))
        return pt[order], poly[order]

    def assign_first(self, lon, lat) -> np.ndarray:
        """For each point, the lowest polygon number covering it, or -1 (exclusive layers)."""
        n = len(np.asarray(lon))
        pt, poly = self.pairs(lon, lat)
        out = np.full(n, -1, dtype=np.int64)
        first = np.ones(len(pt), dtype=bool)
        first[1:] = pt[1:] != pt[:-1]
        out[pt[first]] = poly[first]
        return out


def _csr(cells: np.ndarray, values: np.ndarray, n_cells: int):
    order = np.argsort(cells, kind="stable")
    counts = np.bincount(cells, minlength=n_cells)
    ptr = np.concatenate([[0], np.cumsum(counts)])
    return ptr, values[order]


def _csr_with(cells, values, pieces, n_cells):
    order = np.argsort(cells, kind="stable")
    counts = np.bincount(cells, minlength=n_cells)
    ptr = np.concatenate([[0], np.cumsum(counts)])
    return ptr, values[order], pieces[order]


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
