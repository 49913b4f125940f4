"""Coordinate systems: WGS-84 <-> GCJ-02 <-> BD-09, and metric reprojection.

All functions are vectorised: they take scalars or numpy arrays of longitude and
latitude in degrees and return arrays of the same shape.

GCJ-02 is the obfuscated datum mandated for published maps in China (Amap,
Tencent); BD-09 is Baidu's further offset of GCJ-02. The forward formula
WGS-84 -> GCJ-02 is the widely published one; the inverse has no closed form and
is solved here by fixed-point iteration to well below a millimetre.

Outside mainland China GCJ-02 equals WGS-84; the offset is applied everywhere the
caller asks for it (this project only handles Shenzhen and 深汕).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Transformer

from core import settings

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula, m
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0


def _as_arrays(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")


def _gcj_offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offset in degrees (dlon, dlat) that GCJ-02 adds to a WGS-84 point."""
    x = lon - 105.0
    y = lat - 35.0
    sx = np.sqrt(np.abs(x))
    s6x = np.sin(6.0 * x * np.pi)
    s2x = np.sin(2.0 * x * np.pi)
    common = (20.0 * s6x + 20.0 * s2x) * 2.0 / 3.0
    dlat = (
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sx
        + common
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sx
        + common
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 degrees -> GCJ-02 degrees."""
    lon, lat = _as_arrays(lon, lat)
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, *, tol_deg: float = 1e-10, max_iter: int = 30):
    """GCJ-02 degrees -> WGS-84 degrees by fixed-point iteration.

    Converges to ``tol_deg`` (1e-10 degrees is about 0.01 mm) in a handful of steps.
    """
    glon, glat = _as_arrays(lon, lat)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(max_iter):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = flon - glon, flat - glat
        wlon = wlon - elon
        wlat = wlat - elat
        if np.nanmax(np.abs(elon), initial=0.0) < tol_deg and np.nanmax(
            np.abs(elat), initial=0.0
        ) < tol_deg:
            break
    return wlon, wlat


def gcj02_to_bd09(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 degrees -> BD-09 degrees (Baidu)."""
    x, y = _as_arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """BD-09 degrees -> GCJ-02 degrees (Baidu's published inverse, error < 1 m)."""
    lon, lat = _as_arrays(lon, lat)
    x = lon - 0.0065
    y = lat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def wgs84_to_bd09(lon, lat):
    """WGS-84 degrees -> BD-09 degrees."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    """BD-09 degrees -> WGS-84 degrees."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


@lru_cache(maxsize=8)
def transformer(src: str, dst: str) -> Transformer:
    """A cached always-xy pyproj transformer between two EPSG codes."""
    return Transformer.from_crs(src, dst, always_xy=True)


def to_metric(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 degrees -> EPSG:4547 easting/northing in metres."""
    lon, lat = _as_arrays(lon, lat)
    return transformer(settings.CRS_STORAGE, settings.CRS_METRIC).transform(lon, lat)


def from_metric(x, y) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:4547 metres -> WGS-84 degrees."""
    x, y = _as_arrays(x, y)
    return transformer(settings.CRS_METRIC, settings.CRS_STORAGE).transform(x, y)


#: Spellings of each input coordinate system (lower case, no "-", ":" or "_").
_ALIASES: dict[str, tuple[str, ...]] = {
    "wgs84": ("wgs84", "epsg4326", "4326"), "gcj02": ("gcj02",), "bd09": ("bd09",),
    "epsg4547": ("epsg4547", "4547", "cgcs2000"),
}


def _canonical(crs: str) -> str:
    """"wgs84", "gcj02", "bd09" or "epsg4547" for any accepted spelling of ``crs``;
    ValueError listing the choices otherwise."""
    key = str(crs).lower().replace("-", "").replace(":", "").replace("_", "")
    for name, spellings in _ALIASES.items():
        if key in spellings:
            return name
    allowed = ", ".join(settings.INPUT_CRS_CHOICES)
    raise ValueError(f"Unknown coordinate system {crs!r}; use one of: {allowed}.")


def to_wgs84(lon_or_x, lat_or_y, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Convert coordinates declared in ``crs`` to WGS-84 degrees.

    Parameters
    ----------
    crs : one of ``settings.INPUT_CRS_CHOICES`` ("wgs84", "gcj02", "bd09",
        "epsg4547"); case-insensitive.
    """
    convert = {"wgs84": _as_arrays, "gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84,
               "epsg4547": from_metric}[_canonical(crs)]
    return convert(lon_or_x, lat_or_y)


def from_wgs84(lon, lat, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Convert WGS-84 degrees to coordinates in ``crs`` (the inverse of
    :func:`to_wgs84`; same choices)."""
    convert = {"wgs84": _as_arrays, "gcj02": wgs84_to_gcj02, "bd09": wgs84_to_bd09,
               "epsg4547": to_metric}[_canonical(crs)]
    return convert(lon, lat)


def transform_geometries(geoms, func):
    """Apply a vectorised ``func(lon, lat) -> (lon, lat)`` to shapely geometries."""
    import shapely

    return shapely.transform(np.asarray(geoms), lambda xy: np.column_stack(func(xy[:, 0], xy[:, 1])))


def distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Distance in metres between WGS-84 points, measured in EPSG:4547."""
    x1, y1 = to_metric(lon1, lat1)
    x2, y2 = to_metric(lon2, lat2)
    return np.hypot(np.asarray(x2) - x1, np.asarray(y2) - y1)
