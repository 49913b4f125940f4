"""Optional online geocoding (Amap, Tianditu) for users with a key — offline stays the
default and the fallback.

One interface, :class:`OnlineGeocoder`, with two services:

- ``amap``: 高德 Web service geocoding v3 (``GET /v3/geocode/geo?address=…&city=深圳
  &key=…``; answer ``{"status": "1", "info": "OK", "geocodes": [{"location":
  "lon,lat", "level": "门牌号", "district": …, "township": …}]}``). Its coordinates
  are **GCJ-02**; they are converted to WGS-84 on import (:func:`core.crs.gcj02_to_wgs84`)
  and the note says so.
- ``tianditu``: 天地图 geocoder (``GET /geocoder?ds={"keyWord": …}&tk=…``; answer
  ``{"status": "0", "msg": "ok", "location": {"lon": …, "lat": …, "level": …,
  "score": …}}``). Its coordinates are CGCS2000, taken as WGS-84 (they differ by less
  than a metre at this scale); the note says so.

The key comes from the environment (``SZMAP_AMAP_KEY``, ``SZMAP_TIANDITU_KEY``) and
is never written to the cache, the output or a message. Requests are rate-limited
(``qps``, default 3 per second) and every answer (a place or "nothing found") is
cached in a small SQLite file in the data folder (``core.settings.data_dir()``,
``geocode_cache.sqlite``), so a re-run asks only for new addresses; failures
(network, quota, bad key) are not cached.

Every address is first placed offline (:func:`data.geocoding.geocode`). The online
answer replaces it only when the service places the address at a point (house
number, building, point of interest) inside Shenzhen **and** within the offline
unit's ``precision_m`` of the offline point (so it never contradicts the 街道 the
address names); such a row gets ``match_level`` ``"point"`` and a declared
``precision_m`` (:data:`POINT_PRECISION_M`: the service's stated level, not a
measured error). Otherwise — no key, no network, a coarser or contradicting answer —
the offline result stays, with a note saying why.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core import settings

#: match levels of :func:`geocode_online`: "point" (an online answer) before the offline ones
POINT_LEVEL = "point"
#: precision declared for an online point (metres): the service's stated level
#: (门牌号/兴趣点 …), not a measured error
POINT_PRECISION_M = 200.0
CACHE_FILE_NAME = "geocode_cache.sqlite"
#: levels at which a service places an address at a point (others are areas or roads)
_POINT_LEVELS = {
    "amap": {"门牌号", "兴趣点", "单元号", "楼栋", "门址", "住宅区"},
    "tianditu": {"门址", "兴趣点", "地名地址", "门牌号", "楼栋"},
}
_BOX = (113.7, 22.4, 115.6, 23.0)  # Shenzhen incl. 深汕, WGS-84 (a sanity check only)


@dataclass(frozen=True)
class Service:
    name: str
    env_key: str
    base_url: str
    crs_note: str
    env_url: str


SERVICES = {
    "amap": Service("amap", "SZMAP_AMAP_KEY", "https://restapi.amap.com",
                    "Amap (GCJ-02, converted to WGS-84)", "SZMAP_AMAP_URL"),
    "tianditu": Service("tianditu", "SZMAP_TIANDITU_KEY", "https://api.tianditu.gov.cn",
                        "Tianditu (CGCS2000, taken as WGS-84)", "SZMAP_TIANDITU_URL"),
}


class OnlineError(RuntimeError):
    """A request that failed (network, HTTP status, quota, key): not cached."""


class OnlineGeocoder:
    """One online service behind one interface: :meth:`lookup` an address →
    ``{"lon", "lat"}`` (WGS-84), ``"level"``, ``"formatted"`` or ``None`` (nothing
    found); rate-limited and cached.

    Parameters
    ----------
    service : "amap" or "tianditu"
    key : str, optional
        Default: the environment variable of the service (``SZMAP_AMAP_KEY``,
        ``SZMAP_TIANDITU_KEY``); a missing key is a :class:`ValueError`.
    base_url : str, optional
        The service's address; default: env ``SZMAP_AMAP_URL`` / ``SZMAP_TIANDITU_URL``
        (a proxy, or a local fake server in the tests), else the public one.
    qps : float
        At most this many requests per second.
    cache_path : path, optional
        Default: ``<data dir>/geocode_cache.sqlite``; ``False``: no cache.
    """

    def __init__(self, service: str, *, key: str | None = None, base_url: str | None = None,
                 qps: float = 3.0, cache_path=None, timeout: float = 10.0) -> None:
        if service not in SERVICES:
            raise ValueError(f"unknown online geocoder {service!r}: use "
                             f"{' or '.join(SERVICES)}")
        self.service = SERVICES[service]
        self.key = (key or os.environ.get(self.service.env_key, "")).strip()
        if not self.key:
            raise ValueError(f"--online {service} needs a key: set {self.service.env_key} "
                             "(the offline geocoder needs none)")
        self.base_url = (base_url or os.environ.get(self.service.env_url, "").strip()
                         or self.service.base_url).rstrip("/")
        self.interval = 1.0 / qps if qps > 0 else 0.0
        self.timeout = timeout
        self._last = 0.0
        self._lock = threading.Lock()
        self.requests = 0
        if cache_path is False:
            self._db = None
        else:
            path = Path(cache_path or settings.data_dir() / CACHE_FILE_NAME)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute("CREATE TABLE IF NOT EXISTS answers (service TEXT, address "
                             "TEXT, answer TEXT, fetched_at REAL, PRIMARY KEY (service, "
                             "address))")
            self._db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- cache ---------------------------------------------------------------------
    def _cached(self, address: str):
        if self._db is None:
            return False, None
        row = self._db.execute("SELECT answer FROM answers WHERE service = ? AND "
                               "address = ?", (self.service.name, address)).fetchone()
        return (True, json.loads(row[0])) if row else (False, None)

    def _store(self, address: str, answer) -> None:
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                             (self.service.name, address, json.dumps(answer,
                                                                     ensure_ascii=False),
                              time.time()))
            self._db.commit()

    # --- requests ------------------------------------------------------------------
    def _wait(self) -> None:
        with self._lock:
            delay = self._last + self.interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()

    def _get(self, path: str, params: dict) -> dict:
        self._wait()
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        self.requests += 1
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            raise OnlineError(f"{self.service.name}: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise OnlineError(f"{self.service.name}: no answer ({reason})") from None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise OnlineError(f"{self.service.name}: the answer is not JSON") from None

    def _ask(self, address: str):
        if self.service.name == "amap":
            data = self._get("/v3/geocode/geo", {"address": address, "city": "深圳",
                                                  "output": "JSON", "key": self.key})
            if str(data.get("status")) != "1":
                raise OnlineError(f"amap: {data.get('info', 'error')} "
                                  f"(infocode {data.get('infocode', '?')})")
            found = data.get("geocodes") or []
            if not found:
                return None
            g = found[0]
            try:
                glon, glat = (float(v) for v in str(g.get("location", "")).split(","))
            except ValueError:
                return None
            from core.crs import gcj02_to_wgs84

            lon, lat = gcj02_to_wgs84(np.array([glon]), np.array([glat]))
            return {"lon": round(float(lon[0]), 7), "lat": round(float(lat[0]), 7),
                    "level": str(g.get("level", "")),
                    "formatted": str(g.get("formatted_address", ""))}
        data = self._get("/geocoder", {"ds": json.dumps({"keyWord": address},
                                                        ensure_ascii=False),
                                       "tk": self.key})
        status = str(data.get("status"))
        if status == "101" or (status != "0" and "结果为空" in str(data.get("msg", ""))):
            return None  # nothing found
        if status != "0":
            raise OnlineError(f"tianditu: {data.get('msg', 'error')} (status {status})")
        loc = data.get("location") or {}
        try:
            lon, lat = float(loc["lon"]), float(loc["lat"])
        except (KeyError, TypeError, ValueError):
            return None
        return {"lon": lon, "lat": lat, "level": str(loc.get("level", "")),
                "formatted": str(loc.get("keyWord", ""))}

    def lookup(self, address: str):
        """The service's answer for ``address`` (cached), ``None`` when it found
        nothing; :class:`OnlineError` when the request failed."""
        hit, answer = self._cached(address)
        if hit:
            return answer
        answer = self._ask(address)
        self._store(address, answer)
        return answer

    def is_point(self, answer) -> bool:
        return bool(answer) and answer["level"] in _POINT_LEVELS[self.service.name]


def geocode_online(addresses: pd.Series, geocoder: OnlineGeocoder, *, as_of=None,
                   offline: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`data.geocoding.geocode`'s result with online points where the service
    places an address at a point that agrees with the offline reading (see the module
    docstring); the same columns, ``match_level`` ``"point"`` for those rows and a
    ``note`` for every row the service was asked about. Each distinct address is asked
    once; after the first failed request (network, quota, key) the rest stay offline."""
    from core.crs import distance_m
    from data.geocoding import _normalise, geocode

    addresses = pd.Series(addresses)
    out = (offline if offline is not None else geocode(addresses, as_of=as_of)).copy()
    out["note"] = out["note"].astype(object)
    texts = pd.Series([_normalise(a) for a in addresses.to_numpy(dtype=object)],
                      index=addresses.index)
    asked = (out["match_level"] != "none") & (texts != "")
    name = geocoder.service.crs_note
    failure = None
    for text, idx in texts[asked].groupby(texts[asked]).groups.items():
        first = out.loc[idx[0]]
        if failure is not None:
            note = f"{name}: not asked ({failure}); offline result kept"
            out.loc[idx, "note"] = [_join(out.at[i, "note"], note) for i in idx]
            continue
        try:
            answer = geocoder.lookup(text)
        except OnlineError as exc:
            failure = str(exc)
            note = f"{name}: {failure}; offline result kept"
            out.loc[idx, "note"] = [_join(out.at[i, "note"], note) for i in idx]
            continue
        if not geocoder.is_point(answer):
            why = ("found nothing" if not answer else
                   f"placed it at level {answer['level']!r} only")
            note = f"{name} {why}; offline result kept"
        elif not (_BOX[0] <= answer["lon"] <= _BOX[2] and _BOX[1] <= answer["lat"] <= _BOX[3]):
            note = f"{name} placed it outside Shenzhen; offline result kept"
        else:
            gap = float(np.ravel(distance_m(first["lon"], first["lat"], answer["lon"],
                                            answer["lat"]))[0])
            if gap > float(first["precision_m"]):
                note = (f"{name} placed it {gap:,.0f} m from the offline point, outside the "
                        f"{first['match_level']} the address names; offline result kept")
            else:
                note = (f"{name}: {answer['level']} {answer['formatted']}".rstrip()
                        + f" (precision {POINT_PRECISION_M:.0f} m declared from the "
                        "service's level, not measured)")
                out.loc[idx, "lon"] = answer["lon"]
                out.loc[idx, "lat"] = answer["lat"]
                out.loc[idx, "precision_m"] = POINT_PRECISION_M
                out.loc[idx, "match_level"] = POINT_LEVEL
        out.loc[idx, "note"] = [_join(out.at[i, "note"], note) for i in idx]
    return out


def _join(old, new: str):
    from core.i18n import joined

    return joined([old, new]) if str(old) else new
