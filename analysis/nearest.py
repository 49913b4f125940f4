"""Distance from many points to the nearest of a set of polygon boundaries.

The boundaries (EPSG:4547, metres) are densified so that no two consecutive vertices
are more than ``spacing_m`` apart; a k-d tree finds each point's ``k`` nearest
vertices, and the exact distance to the segments on either side of each of them is
computed with numpy. Every boundary point lies within ``spacing_m / 2`` of a vertex,
so the result is never more than ``spacing_m / 2`` (10 m by default) above the true
distance, and in practice equals it; it is never below it.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.spatial import cKDTree

CHUNK = 250_000
#: Points from which a query runs on every core.
PARALLEL_FROM = 50_000


class BoundaryNearest:
    """Nearest-boundary queries against ``geoms`` (polygons in a metric CRS)."""

    def __init__(self, geoms, *, spacing_m: float = 20.0, k: int = 2):
        dense = shapely.segmentize(shapely.boundary(np.asarray(geoms)), spacing_m)
        lines, owner = shapely.get_parts(dense, return_index=True)
        coords, line_of = shapely.get_coordinates(lines, return_index=True)
        if len(coords) == 0:
            raise ValueError("no polygon boundary to measure distances to")
        self.xy = coords
        self.owner = owner[line_of]
        same = line_of[1:] == line_of[:-1]
        self.has_next = np.append(same, False)  # segment (i, i+1) exists
        self.k = min(k, len(coords))
        self.tree = cKDTree(coords)

    def query(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """(distance in metres, index of the polygon) for each point."""
        x = np.asarray(x, dtype="float64")
        y = np.asarray(y, dtype="float64")
        dist = np.empty(len(x))
        which = np.empty(len(x), dtype=np.int64)
        for c0 in range(0, len(x), CHUNK):
            sl = slice(c0, c0 + CHUNK)
            dist[sl], which[sl] = self._query_chunk(x[sl], y[sl])
        return dist, which

    def _query_chunk(self, x, y):
        p = np.column_stack([x, y])
        # threads pay off only on many points (starting them costs ≈ 1 ms, more when
        # other threads hold the GIL; a check asks for a few hundred small queries)
        _, idx = self.tree.query(p, k=self.k, workers=-1 if len(p) >= PARALLEL_FROM else 1)
        idx = idx.reshape(len(p), -1)
        n_v = len(self.xy)
        # candidate segments: (i-1, i) and (i, i+1) for each near vertex i
        starts = np.concatenate([idx - 1, idx], axis=1)
        valid = np.concatenate([(idx > 0) & self.has_next[np.maximum(idx - 1, 0)],
                                self.has_next[idx]], axis=1)
        starts = np.clip(starts, 0, n_v - 2) if n_v > 1 else np.zeros_like(starts)
        a = self.xy[starts]
        b = self.xy[np.minimum(starts + 1, n_v - 1)]
        ab = b - a
        ap = p[:, None, :] - a
        denom = (ab ** 2).sum(axis=2)
        t = np.clip(np.divide((ap * ab).sum(axis=2), denom, out=np.zeros_like(denom),
                              where=denom > 0), 0.0, 1.0)
        d = np.hypot(*(ap - t[..., None] * ab).transpose(2, 0, 1))
        # a vertex alone (no valid segment) still bounds the distance
        d_vertex = np.hypot(*(p[:, None, :] - self.xy[idx]).transpose(2, 0, 1))
        d = np.where(valid, d, np.inf)
        d = np.concatenate([d, d_vertex], axis=1)
        seg_owner = np.concatenate([self.owner[starts], self.owner[idx]], axis=1)
        best = d.argmin(axis=1)
        return d[np.arange(len(p)), best], seg_owner[np.arange(len(p)), best]


def query_many(jobs) -> list[tuple[np.ndarray, np.ndarray]]:
    """:meth:`BoundaryNearest.query` of each ``(tree, x, y)`` job, in order, two at a
    time: the k-d tree and numpy release the GIL, so two small queries run on two cores
    where one query of a few thousand points would not start threads."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = list(jobs)
    if len(jobs) < 2:
        return [tree.query(x, y) for tree, x, y in jobs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda job: job[0].query(job[1], job[2]), jobs))
