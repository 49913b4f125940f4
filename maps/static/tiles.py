"""Optional raster tile background for static maps.

Offline is the default: nothing here runs unless the user asks for tiles. Tiles are
Web-Mercator (z/x/y); the map is drawn in EPSG:4547, so each tile is placed by
reprojecting its corners (at the zoom levels used, one tile spans about 0.6–2.4 km and
the residual rotation between the two projections shifts its edges by a few metres at
most). Only WGS-84-aligned providers may be used: GCJ-02 tiles (Amap) would put every
overlay about 600 m off.
"""

from __future__ import annotations

import io
import math
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from core import settings

TIMEOUT_S = 3.0
MAX_TILES = 160
USER_AGENT = "sz-innovation-cluster-map/0.1 (static export)"


class TilesUnavailable(RuntimeError):
    """No tile could be fetched (offline, blocked, or the server refused)."""


def tile_url(provider: str) -> tuple[str, str]:
    """(URL template, attribution) of a WGS-84-aligned provider from settings, or of a
    URL template given directly (``http…{z}/{x}/{y}…``)."""
    if provider.startswith(("http://", "https://")):
        return provider, "tiles: " + provider.split("/")[2]
    p = settings.TILE_PROVIDERS.get(provider)
    if p is None or p["url"] is None:
        raise ValueError(f"unknown tile provider {provider!r}; use one of "
                         + ", ".join(k for k, v in settings.TILE_PROVIDERS.items()
                                     if v["url"] and v["crs"] == "wgs84"))
    if p["crs"] != "wgs84":
        raise ValueError(f"{provider!r} tiles are in {p['crs'].upper()}, not WGS-84: "
                         "overlays would be drawn about 600 m off; use osm or cartodb_light")
    return p["url"], p["attribution"]


def _lonlat_to_tile(lon, lat, z):
    n = 2 ** z
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def _tile_to_lonlat(x, y, z):
    n = 2 ** z
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lon, lat


def choose_zoom(bounds_lonlat, width_px: int) -> int:
    """The zoom whose tiles give about one tile pixel per output pixel (capped by
    MAX_TILES)."""
    minx, miny, maxx, maxy = bounds_lonlat
    for z in range(17, 7, -1):
        x0, y1 = _lonlat_to_tile(minx, miny, z)
        x1, y0 = _lonlat_to_tile(maxx, maxy, z)
        count = (int(x1) - int(x0) + 1) * (int(y1) - int(y0) + 1)
        if (x1 - x0) * 256 <= width_px * 1.5 and count <= MAX_TILES:
            return z
    return 8


def _fetch(url: str) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(req, timeout=TIMEOUT_S) as r:
        return r.read()


def add_tile_background(ax, provider: str, *, width_px: int) -> str:
    """Draw tiles under everything in ``ax`` (EPSG:4547 limits); return attribution.

    Raises TilesUnavailable when no tile can be fetched, so the caller can fall back
    to the offline vector base and say so.
    """
    from PIL import Image

    from core.crs import from_metric, to_metric

    template, attribution = tile_url(provider)
    (mx0, mx1), (my0, my1) = ax.get_xlim(), ax.get_ylim()
    lon, lat = from_metric([mx0, mx1, mx0, mx1], [my0, my0, my1, my1])
    bounds = (min(lon), min(lat), max(lon), max(lat))
    z = choose_zoom(bounds, width_px)
    tx0, ty1 = _lonlat_to_tile(bounds[0], bounds[1], z)
    tx1, ty0 = _lonlat_to_tile(bounds[2], bounds[3], z)
    tiles = [(x, y) for x in range(int(tx0), int(tx1) + 1)
             for y in range(int(ty0), int(ty1) + 1)]

    def get(xy):
        x, y = xy
        url = template.replace("{s}", "a").format(z=z, x=x, y=y)
        try:
            return xy, _fetch(url)
        except OSError:
            return xy, None

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(get, tiles))
    got = [(xy, data) for xy, data in results if data]
    if not got:
        raise TilesUnavailable(f"no tile could be fetched from {template.split('/')[2]}")
    for (x, y), data in got:
        with Image.open(io.BytesIO(data)) as im:
            img = np.asarray(im.convert("RGB"))
        (w_lon, n_lat), (e_lon, s_lat) = _tile_to_lonlat(x, y, z), _tile_to_lonlat(x + 1,
                                                                                  y + 1, z)
        cx, cy = to_metric([w_lon, e_lon], [s_lat, n_lat])
        ax.imshow(img, extent=(cx[0], cx[1], cy[0], cy[1]), zorder=0.5,
                  interpolation="bilinear")
    ax.set_xlim(mx0, mx1)
    ax.set_ylim(my0, my1)
    return attribution
