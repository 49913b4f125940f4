"""The optional online geocoders (data/geocoding_online.py) against a FAKE HTTP server on
localhost that answers like the documented APIs — Amap Web service geocoding v3
(``/v3/geocode/geo``: status/info/infocode/count/geocodes[{location "lon,lat" in
GCJ-02, level, formatted_address …}]) and the Tianditu geocoder (``/geocoder?ds=
{"keyWord": …}&tk=…``: status "0", msg, location {lon, lat, level, score, keyWord}).
No test touches the network."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pandas as pd
import pytest

from core.crs import distance_m, wgs84_to_gcj02
from data.geocoding import geocode
from data.geocoding_online import POINT_LEVEL, OnlineGeocoder, geocode_online

KEY = "test-key-not-real"
ROAD = "深圳市福田区沙头街道泰然九路8号"        # offline: the 泰然九路 piece (± a few 100 m)
SUB = "深圳市南山区粤海街道科苑路15号"          # offline: 粤海街道 (± 3.4 km)
ELSEWHERE = "深圳市福田区沙头街道泰然九路9号"   # the service answers a point in 龙岗
COARSE = "深圳市南山区粤海街道科苑路16号"       # the service answers the district only


def _offline(address):
    return geocode(pd.Series([address])).iloc[0]


@pytest.fixture(scope="module")
def truth() -> dict:
    """Where the fake services put each address (WGS-84): 50 m east of the offline point
    for ROAD and SUB, 龙岗 for ELSEWHERE."""
    out = {}
    for a in (ROAD, SUB, COARSE):
        r = _offline(a)
        out[a] = (float(r.lon) + 50 / 102_900, float(r.lat))
    out[ELSEWHERE] = (114.25, 22.72)
    return out


@pytest.fixture(scope="module")
def fake(truth):
    """A fake Amap + Tianditu server on 127.0.0.1 (random port); ``seen`` lists the
    requests."""
    seen: list[tuple[str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, data: dict) -> None:
            body = json.dumps(data, ensure_ascii=False).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            seen.append((url.path, q))
            if url.path == "/v3/geocode/geo":
                if q.get("key") != KEY:
                    return self._send({"status": "0", "info": "INVALID_USER_KEY",
                                       "infocode": "10001"})
                a = q.get("address", "")
                if a not in truth:
                    return self._send({"status": "1", "info": "OK", "infocode": "10000",
                                       "count": "0", "geocodes": []})
                lon, lat = wgs84_to_gcj02(np.array([truth[a][0]]), np.array([truth[a][1]]))
                level = "区县" if a == COARSE else "门牌号"
                return self._send({"status": "1", "info": "OK", "infocode": "10000",
                                   "count": "1", "geocodes": [{
                                       "formatted_address": a, "country": "中国",
                                       "province": "广东省", "citycode": "0755",
                                       "city": "深圳市", "district": a[3:6], "township": [],
                                       "adcode": "440304", "street": [], "number": [],
                                       "location": f"{lon[0]:.6f},{lat[0]:.6f}",
                                       "level": level}]})
            if url.path == "/geocoder":
                if q.get("tk") != KEY:
                    return self._send({"status": "1", "msg": "tk校验失败"})
                a = json.loads(q["ds"])["keyWord"]
                if a not in truth:
                    return self._send({"status": "101", "msg": "结果为空"})
                return self._send({"msg": "ok", "searchVersion": "6.0.0", "status": "0",
                                   "location": {"score": 95, "level": "门址",
                                                "lon": truth[a][0], "lat": truth[a][1],
                                                "keyWord": a}})
            self.send_error(404)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _coder(service, fake, tmp_path, **kw):
    return OnlineGeocoder(service, key=kw.pop("key", KEY), base_url=fake[0], qps=kw.pop(
        "qps", 0), cache_path=kw.pop("cache_path", tmp_path / "cache.sqlite"), **kw)


def test_amap_points_are_converted_from_gcj02_and_replace_a_coarser_offline_result(
        fake, truth, tmp_path):
    coder = _coder("amap", fake, tmp_path)
    got = geocode_online(pd.Series([ROAD, SUB, ROAD]), coder)
    assert (got["match_level"] == POINT_LEVEL).all()
    for i, a in enumerate([ROAD, SUB, ROAD]):
        err = float(np.ravel(distance_m(got["lon"].iat[i], got["lat"].iat[i], *truth[a]))[0])
        assert err < 1.0, (a, err)  # GCJ-02 → WGS-84 on import
    assert "GCJ-02, converted to WGS-84" in got["note"].iat[0]
    assert (got["precision_m"] == 200).all()
    assert coder.requests == 2  # each distinct address asked once


def test_coarse_contradicting_or_empty_answers_keep_the_offline_result(fake, tmp_path):
    coder = _coder("amap", fake, tmp_path)
    addresses = pd.Series([ELSEWHERE, COARSE, "深圳市南山区粤海街道不存在路1号"])
    offline = geocode(addresses)
    got = geocode_online(addresses, coder, offline=offline)
    assert got["match_level"].tolist() == offline["match_level"].tolist()
    assert np.allclose(got["lon"], offline["lon"])
    assert "offline result kept" in got["note"].iat[0] and "m from the offline" in \
        got["note"].iat[0]
    assert "'区县' only" in got["note"].iat[1]
    assert "found nothing" in got["note"].iat[2]


def test_answers_are_cached_in_sqlite_so_a_rerun_asks_nothing(fake, tmp_path):
    first = _coder("amap", fake, tmp_path)
    geocode_online(pd.Series([ROAD, "深圳市南山区粤海街道不存在路1号"]), first)
    assert first.requests == 2
    first.close()
    again = _coder("amap", fake, tmp_path)
    got = geocode_online(pd.Series([ROAD, "深圳市南山区粤海街道不存在路1号"]), again)
    assert again.requests == 0 and got["match_level"].iat[0] == POINT_LEVEL
    # the key is never stored
    assert KEY.encode() not in (tmp_path / "cache.sqlite").read_bytes()


def test_requests_are_rate_limited(fake, tmp_path):
    coder = _coder("amap", fake, tmp_path, qps=10, cache_path=False)
    t0 = time.monotonic()
    geocode_online(pd.Series([f"深圳市南山区粤海街道科苑路{i}0号" for i in range(1, 6)]), coder)
    assert coder.requests == 5
    assert time.monotonic() - t0 >= 0.4  # 5 requests at ≤ 10 per second


def test_a_bad_key_or_no_server_falls_back_offline_after_one_request(fake, tmp_path):
    coder = _coder("amap", fake, tmp_path, key="wrong")
    addresses = pd.Series([ROAD, SUB])
    got = geocode_online(addresses, coder)
    assert coder.requests == 1
    assert got["match_level"].tolist() == geocode(addresses)["match_level"].tolist()
    notes = got["note"].astype(str)
    assert notes.str.contains("INVALID_USER_KEY").all()
    assert notes.str.contains("not asked").sum() == 1  # the rest not asked after the failure
    # nothing listens on this port: the same, and nothing cached
    dead = OnlineGeocoder("tianditu", key=KEY, base_url="http://127.0.0.1:9", qps=0,
                          cache_path=tmp_path / "dead.sqlite", timeout=2)
    got = geocode_online(pd.Series([ROAD]), dead)
    assert got["match_level"].iat[0] != POINT_LEVEL and "no answer" in got["note"].iat[0]
    assert dead._cached(ROAD) == (False, None)


def test_tianditu_points_are_taken_as_wgs84(fake, truth, tmp_path):
    coder = _coder("tianditu", fake, tmp_path)
    got = geocode_online(pd.Series([SUB, "深圳市南山区粤海街道不存在路1号"]), coder)
    assert got["match_level"].iat[0] == POINT_LEVEL
    assert (got["lon"].iat[0], got["lat"].iat[0]) == pytest.approx(truth[SUB])
    assert "Tianditu (CGCS2000" in got["note"].iat[0] and "found nothing" in got["note"].iat[1]


def test_a_missing_key_says_which_variable_to_set(monkeypatch):
    monkeypatch.delenv("SZMAP_AMAP_KEY", raising=False)
    with pytest.raises(ValueError, match="SZMAP_AMAP_KEY"):
        OnlineGeocoder("amap", cache_path=False)


def test_cli_geocode_online_amap_uses_the_key_and_url_from_the_environment(
        fake, tmp_path, monkeypatch, capsys):
    import cli

    monkeypatch.setenv("SZMAP_AMAP_KEY", KEY)
    monkeypatch.setenv("SZMAP_AMAP_URL", fake[0])
    monkeypatch.setenv("SZMAP_DATA_DIR", str(tmp_path / "data"))
    src = tmp_path / "firms.csv"
    pd.DataFrame({"企业名称": ["甲", "乙"], "注册地址": [ROAD, "东莞市南城街道鸿福路106号"]}
                 ).to_csv(src, index=False)
    out = tmp_path / "placed.csv"
    assert cli.main(["geocode", str(src), "--out", str(out), "--online", "amap",
                     "--lang", "en", "--quiet"]) == 0
    back = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["match_level"].tolist() == [POINT_LEVEL, "none"]
    assert (tmp_path / "data" / "geocode_cache.sqlite").exists()
    assert "point 1" in capsys.readouterr().err
    monkeypatch.delenv("SZMAP_AMAP_KEY")
    assert cli.main(["geocode", str(src), "--out", str(tmp_path / "o2.csv"), "--online",
                     "amap"]) == 2
    assert "SZMAP_AMAP_KEY" in capsys.readouterr().err
