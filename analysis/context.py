"""The spatial context every analysis needs, built once and reused.

Holds the areas, the exclusive admin layer (74 街道 + 深汕 as one unit) and their
grid indexes, plus metric (EPSG:4547) copies of the area polygons. Build it with
:func:`build_context` (the app caches it with ``st.cache_resource``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis.join import GridIndex
from core import settings


@dataclass
class SpatialContext:
    areas: gpd.GeoDataFrame          # EPSG:4326, from data.areas.load_areas
    admin: gpd.GeoDataFrame          # EPSG:4326: name_zh (街道 or None), district_zh
    area_index: GridIndex
    admin_index: GridIndex
    areas_metric: gpd.GeoSeries      # EPSG:4547 polygons aligned with ``areas``
    city_km2: float                  # land area of the 74 街道 + 深汕, km²

    @classmethod
    def from_layers(cls, areas: gpd.GeoDataFrame, admin: gpd.GeoDataFrame
                    ) -> SpatialContext:
        """Index ``areas`` (id, industry_ids, …) and an exclusive ``admin`` layer
        (name_zh, district_zh), both EPSG:4326."""
        areas = areas.reset_index(drop=True)
        admin = admin.reset_index(drop=True)
        return cls(areas=areas, admin=admin, area_index=GridIndex(areas),
                   admin_index=GridIndex(admin),
                   areas_metric=areas.to_crs(settings.CRS_METRIC).geometry,
                   city_km2=float(admin.to_crs(settings.CRS_METRIC).area.sum() / 1e6))

    def locate(self, lon, lat) -> pd.DataFrame:
        """``subdistrict``/``district`` of each point (positional), missing outside."""
        s = self.admin_index.assign_first(lon, lat)
        names = np.append(self.admin["name_zh"].to_numpy(dtype=object), None)
        dists = np.append(self.admin["district_zh"].to_numpy(dtype=object), None)
        return pd.DataFrame({"subdistrict": names[s], "district": dists[s]})

    def memberships(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """(point position, area position) pairs, every area covering each point."""
        return self.area_index.pairs(lon, lat)


def admin_layer(subdistricts: gpd.GeoDataFrame, shenshan: gpd.GeoDataFrame
                ) -> gpd.GeoDataFrame:
    """The 74 街道 plus 深汕 as one more unit (no 街道 there: name_zh missing)."""
    ss = gpd.GeoDataFrame({"name_zh": [None], "district_zh": [settings.SHENSHAN_NAME_ZH]},
                          geometry=list(shenshan.geometry[:1]), crs=settings.CRS_STORAGE)
    return pd.concat([subdistricts[["name_zh", "district_zh", "geometry"]], ss],
                     ignore_index=True)


CACHE_DIR = settings.ROOT / ".cache"


def _code_files() -> list[Path]:
    """The modules that build a context, found from the modules themselves (so moving a
    file never breaks the cache key)."""
    import sys

    from analysis import join, placement
    from core import taxonomy
    from data import area_defs, areas, loaders

    return [Path(m.__file__) for m in (join, sys.modules[__name__], placement, areas,
                                       area_defs, taxonomy, loaders)]


def _input_fingerprint() -> str:
    """Hash of every file the context is built from (and of the code building it)."""
    import hashlib

    h = hashlib.sha256()
    files = [settings.AREAS_GEOJSON, settings.SUBDISTRICTS_FILE, settings.SHENSHAN_FILE,
             *sorted(settings.CLUSTER_DEFS_DIR.glob("areas/*.toml")),
             *sorted(settings.OVERRIDES_DIR.glob("*.geojson")),
             settings.CLUSTER_DEFS_DIR / "taxonomy.toml",
             *_code_files()]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:20]


def build_context(areas: gpd.GeoDataFrame | None = None, *, use_cache: bool = True
                  ) -> SpatialContext:
    """Load the shipped layers (or use ``areas``, e.g. with imported overrides).

    With the shipped layers, the built context (with its grid indexes and the
    placement check's edge-band index) is kept in ``.cache/`` under a hash of its input
    files, so repeated CLI runs skip the index build (loading takes ~0.05 s); any change to those
    files makes a new key (the caches of older inputs are removed), and an unreadable
    cache is simply rebuilt.
    """
    import pickle

    from data import loaders
    from data.areas import load_areas

    cacheable = use_cache and areas is None
    if cacheable:
        path = CACHE_DIR / f"context-{_input_fingerprint()}.pkl"
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    areas = load_areas() if areas is None else areas
    admin = admin_layer(loaders.load_subdistricts(), loaders.load_shenshan())
    ctx = SpatialContext.from_layers(areas, admin)
    if cacheable:
        from analysis.placement import _edge_bands

        _edge_bands(ctx)  # the placement check's edge-band index, cached with the rest
        try:
            CACHE_DIR.mkdir(exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(ctx, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            for old in CACHE_DIR.glob("context-*.pkl"):  # built from older inputs
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout simply rebuilds next time
    return ctx
