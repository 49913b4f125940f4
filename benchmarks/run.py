"""Benchmarks (``make bench``), outside the test suite.

All points are SYNTHETIC: generated here, uniform over the Shenzhen bounding box plus
10% in 深汕, labelled synthetic; nothing is written to geodata/.

1. Join: the project's GridIndex (74 街道 + 深汕 exclusive layer, and all 39 areas
   many-to-many) against ``geopandas.sjoin(predicate="within")`` on the same points,
   each in its own child process (so peak memory is its own). Assignments are
   asserted identical before any figure is printed. Times include building the index
   (ours) and building the point geometries (geopandas). Then (benchmarks/scale.py)
   the compiled kernel with the cached index against sjoin at 4·10⁶ points
   (``--kernel-points``, with load and compile times), and the Dask engine (a local
   cluster of 2 workers) against one process on ``cli.py check`` (``--dask-rows``).
2. ``cli.py check`` end to end on a 5·10⁶-row CSV (``--cli-rows``) against the I/O
   floor — pyarrow reading the same CSV and writing it back — each in a child process:
   wall time and peak RSS, as ratios (targets: ≤ 3x the floor, ≤ 1.5 GB).
3. Workspace (``--workspace-rows``, default 10⁶): a SYNTHETIC register CSV of points on
   Shenzhen's land read with ``read_points``, then saved with ``save_register`` to a
   GeoPackage and to PostGIS (``SZMAP_BENCH_DB_URL``, else a throw-away server from
   devtools.postgis when PostgreSQL 15 + PostGIS are installed): save time as a ratio
   of the read time (target ≤ 2x), and the load time.

Concentrations (``--concentration-points``, default 10⁶): SYNTHETIC firms on Shenzhen's
land, 40% in 60 planted concentrations, through ``concentrations_by_industry`` one
industry at a time across the 20 industries, each method (target ≤ 60 s in all), against
projecting the points to EPSG:4547 and building a k-d tree in the same run.

Geocoding (``--geocode-addresses``, default 10⁵): SYNTHETIC addresses built from the
shipped gazetteer placed offline by ``data.geocoding.geocode`` (target ≤ 30 s, with the
rate per second) against pandas reading the same CSV, and ``cli.py geocode``'s work.

Figures are printed as ratios against the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic_points(n: int, seed: int = 0):
    """SYNTHETIC points: 90% uniform over Shenzhen's box, 10% over 深汕's."""
    from core import settings

    rng = np.random.default_rng(seed)
    m = n // 10
    b, s = settings.SHENZHEN_BBOX, settings.SHENSHAN_BBOX
    lon = np.concatenate([rng.uniform(b.min_lon, b.max_lon, n - m),
                          rng.uniform(s.min_lon, s.max_lon, m)])
    lat = np.concatenate([rng.uniform(b.min_lat, b.max_lat, n - m),
                          rng.uniform(s.min_lat, s.max_lat, m)])
    return lon, lat


def _layers():
    from analysis.context import admin_layer
    from data import loaders
    from data.areas import load_areas

    return admin_layer(loaders.load_subdistricts(), loaders.load_shenshan()), load_areas()


def _ours(n, q):
    from analysis.join import GridIndex

    lon, lat = synthetic_points(n)
    admin, areas = _layers()
    t0 = time.perf_counter()
    sub = GridIndex(admin).assign_first(lon, lat)
    pt, ap = GridIndex(areas).pairs(lon, lat)
    dt = time.perf_counter() - t0
    q.put((dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, sub, pt, ap))


def _sjoin(n, q):
    import geopandas as gpd

    lon, lat = synthetic_points(n)
    admin, areas = _layers()
    admin = admin.reset_index(drop=True)[["geometry"]]
    areas = areas.reset_index(drop=True)[["geometry"]]
    t0 = time.perf_counter()
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    j1 = gpd.sjoin(pts, admin, predicate="within", how="left")
    sub = j1.groupby(level=0)["index_right"].min().reindex(range(n)).fillna(-1).to_numpy()
    j2 = gpd.sjoin(pts, areas, predicate="within", how="inner")
    pt, ap = j2.index.to_numpy(), j2["index_right"].to_numpy()
    dt = time.perf_counter() - t0
    order = np.lexsort((ap, pt))
    q.put((dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           sub.astype(np.int64), pt[order], ap[order]))


def _in_child(fn, n):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=fn, args=(n, q))
    p.start()
    out = q.get()
    p.join()
    return out


def bench_join(sizes):
    print("\n== Join: GridIndex vs geopandas.sjoin(within), 街道+深汕 and 39 areas ==")
    print(f"{'points':>10} {'ours s':>8} {'sjoin s':>8} {'ours pts/s':>12} "
          f"{'sjoin pts/s':>12} {'speed-up':>9} {'ours peak MB':>13} {'sjoin peak MB':>14}")
    for n in sizes:
        t_o, mem_o, sub_o, pt_o, ap_o = _in_child(_ours, n)
        t_s, mem_s, sub_s, pt_s, ap_s = _in_child(_sjoin, n)
        assert np.array_equal(sub_o, sub_s), "街道 assignments differ from sjoin"
        assert np.array_equal(pt_o, pt_s) and np.array_equal(ap_o, ap_s), \
            "area memberships differ from sjoin"
        print(f"{n:>10,} {t_o:>8.2f} {t_s:>8.2f} {n / t_o:>12,.0f} {n / t_s:>12,.0f} "
              f"{t_s / t_o:>8.1f}x {mem_o:>13,.0f} {mem_s:>14,.0f}")
    print("identical assignments: yes (asserted for every size)")


#: The issue's targets for `cli.py check` on 5·10⁶ rows.
CHECK_TARGET_RATIO = 3.0
CHECK_TARGET_RSS_GB = 1.5

_MEASURE = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime)
"""


def _child(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in GB, CPU seconds of all its threads) of ``cmd`` run in
    a fresh child process (its own parent measures it, so no earlier child's peak is
    counted). On a machine shared with other work the CPU time varies less than the
    wall time."""
    run = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    code, wall, kb, cpu = run.stdout.split()
    if int(code) != 0:
        raise RuntimeError(f"{cmd[1:3]} failed with status {code}: {run.stderr[-2000:]}")
    return float(wall), int(kb) / 1024 ** 2, float(cpu)


def write_synthetic_register(path: Path, n: int, seed: int = 1) -> None:
    """A SYNTHETIC register (name, lon, lat, industry) of ``n`` rows as CSV: the points of
    :func:`synthetic_points` (about two thirds fall off Shenzhen's land — sea, Hong
    Kong, 东莞 — and are rejected with their reason), five industry labels."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    lon, lat = synthetic_points(n, seed=seed)
    inds = np.array(["半导体与集成电路", "生物医药", "智能机器人", "新材料", ""])
    table = pa.table({"name": np.char.add("synthetic-", np.arange(n).astype(str)),
                      "lon": lon.round(6), "lat": lat.round(6),
                      "industry": inds[np.arange(n) % len(inds)]})
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def bench_cli(n):
    """`cli.py check` end to end on an ``n``-row CSV against the I/O floor: pyarrow just
    reading the same CSV and writing it back, each in its own child process (wall time
    of the process, imports included; peak RSS)."""
    print(f"\n== cli.py check on {n:,} rows vs the pyarrow I/O floor (read + write the "
          "same CSV) ==")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "synthetic_points.csv"
        write_synthetic_register(src, n)
        floor = ("import sys, pyarrow.csv as c; "
                 "c.write_csv(c.read_csv(sys.argv[1]), sys.argv[2])")
        t_floor, rss_floor, cpu_floor = _child([sys.executable, "-c", floor, str(src),
                                                str(Path(tmp) / "floor.csv")])
        (Path(tmp) / "floor.csv").unlink()
        out = Path(tmp) / "out.csv"
        t_cli, rss_cli, cpu_cli = _child([sys.executable, str(ROOT / "cli.py"), "check",
                                          str(src), "--out", str(out), "--quiet"])
        with open(out, encoding="utf-8-sig") as fh:
            rows = sum(1 for _ in fh) - 1  # synthetic names hold no line breaks
        assert rows == n, f"cli.py check wrote {rows} rows for {n} input rows"
    print(f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print(f"I/O floor (pyarrow read_csv + write_csv): {t_floor:.1f} s (CPU {cpu_floor:.1f} s), "
          f"peak RSS {rss_floor:.2f} GB")
    print(f"cli.py check: {t_cli:.1f} s (CPU {cpu_cli:.1f} s), peak RSS {rss_cli:.2f} GB")
    print(f"→ check / floor: {t_cli / t_floor:.1f}x (target ≤ {CHECK_TARGET_RATIO:.0f}x; "
          f"CPU time {cpu_cli / cpu_floor:.1f}x); "
          f"peak RSS {rss_cli:.2f} GB = {rss_cli / CHECK_TARGET_RSS_GB:.2f}x the "
          f"{CHECK_TARGET_RSS_GB} GB target, {rss_cli / rss_floor:.1f}x the floor's")


#: The issue's target: concentrations of 10⁶ points, one industry at a time across all 20.
CONCENTRATIONS_TARGET_S = 60.0
#: Issue 19 item 4: one area profile PDF.
PROFILE_TARGET_S = 5.0


def synthetic_firms(n: int, seed: int = 4, n_planted: int = 60):
    """SYNTHETIC firms on Shenzhen's land (the 74 街道), each in one of the 20 cluster
    industries: 40% in ``n_planted`` planted concentrations (Gaussian, σ 300–800 m; 70%
    of a concentration's firms in its own industry, the rest any), 60% spread evenly.
    Returns the points and the planted (lon, lat, industry) of each concentration."""
    import pandas as pd

    from analysis.context import build_context
    from core.crs import from_metric, to_metric
    from core.taxonomy import load_taxonomy

    ctx = build_context()
    tax = load_taxonomy()
    inds = [k for k, v in tax.entries.items() if v["level"] == "industry"]
    rng = np.random.default_rng(seed)

    def on_land(k):
        lon, lat = np.empty(0), np.empty(0)
        while len(lon) < k:
            lo = rng.uniform(113.75, 114.62, 2 * k)
            la = rng.uniform(22.45, 22.87, 2 * k)
            s = ctx.admin_index.assign_first(lo, la)
            ok = (s >= 0) & ctx.admin["name_zh"].notna().to_numpy()[np.maximum(s, 0)]
            lon, lat = np.concatenate([lon, lo[ok]]), np.concatenate([lat, la[ok]])
        return lon[:k], lat[:k]

    n_in = int(0.4 * n)
    c_lon, c_lat = on_land(n_planted)
    c_ind = rng.integers(0, len(inds), n_planted)
    cx, cy = to_metric(c_lon, c_lat)
    which = rng.integers(0, n_planted, n_in)
    sigma = rng.uniform(300, 800, n_planted)[which]
    lon1, lat1 = from_metric(rng.normal(cx[which], sigma), rng.normal(cy[which], sigma))
    ind1 = np.where(rng.random(n_in) < 0.7, c_ind[which], rng.integers(0, len(inds), n_in))
    lon2, lat2 = on_land(n - n_in)
    ind2 = rng.integers(0, len(inds), n - n_in)
    lists = [[i] for i in inds]  # one list object per industry, as a read register has
    points = pd.DataFrame({"lon": np.concatenate([lon1, lon2]),
                           "lat": np.concatenate([lat1, lat2]),
                           "industries": [lists[i] for i in np.concatenate([ind1, ind2])]})
    planted = pd.DataFrame({"lon": c_lon, "lat": c_lat,
                            "industry": [inds[i] for i in c_ind]})
    return points, planted, inds, ctx.city_km2


def bench_concentrations(n: int) -> None:
    """Observed concentrations of ``n`` SYNTHETIC firms, one industry at a time across
    the 20 cluster industries (``concentrations_by_industry``: the register is read
    once, as ``cli.py concentrations`` does), each method; baseline in the same run:
    projecting the points to EPSG:4547 and building a k-d tree of them."""
    from scipy.spatial import cKDTree

    from analysis.concentrations import concentrations_by_industry
    from core.crs import to_metric

    print(f"\n== Concentrations: {n:,} SYNTHETIC firms, one industry at a time across the "
          "20 industries ==")
    points, planted, inds, land_km2 = synthetic_firms(n)
    concentrations_by_industry(points.head(20_000), industries=inds[:1], land_km2=land_km2)
    t0 = time.perf_counter()
    x, y = to_metric(points["lon"].to_numpy(), points["lat"].to_numpy())
    cKDTree(np.column_stack([x, y]))
    t_base = time.perf_counter() - t0
    print(f"baseline (project to EPSG:4547 + build a k-d tree): {t_base:.2f} s")
    px, py = to_metric(planted["lon"].to_numpy(), planted["lat"].to_numpy())
    for method in ("hdbscan", "dbscan"):
        t0 = time.perf_counter()
        found = concentrations_by_industry(points, industries=inds, method=method,
                                           land_km2=land_km2)
        dt = time.perf_counter() - t0
        fx, fy = to_metric(found["centre_lon"].to_numpy(), found["centre_lat"].to_numpy())
        hit = [bool(((found["industry"] == ind).to_numpy()
                     & (np.hypot(fx - a, fy - b) <= 500)).any())
               for a, b, ind in zip(px, py, planted["industry"], strict=True)]
        print(f"{method}: {dt:.1f} s (target ≤ {CONCENTRATIONS_TARGET_S:.0f} s) = "
              f"{dt / t_base:.0f}x the baseline; {len(found)} concentrations; "
              f"{sum(hit)} of {len(planted)} planted ones found within 500 m")


def bench_profile(repeats: int = 3) -> None:
    """The area profile PDF (``cli.py profile``, the app's button): 深圳湾 in zh and en
    with the shipped sample, best of ``repeats`` on warm imports and context; baselines
    in the same run: saving a blank A4 PDF, and an A4 PDF holding one line of Chinese
    (the CJK font subset and embedded — the floor of any report in Chinese)."""
    import io

    import matplotlib.pyplot as plt

    from analysis.context import build_context
    from maps.static.fonts import register_cjk_font
    from maps.static.profile import profile_pdf

    print(f"\n== Area profile PDF (2 A4 pages), best of {repeats} ==")
    register_cjk_font()
    ctx = build_context()

    def best(fn) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    def a4(text: str | None) -> None:
        fig = plt.figure(figsize=(210 / 25.4, 297 / 25.4))
        if text:
            fig.text(0.1, 0.9, text, fontsize=10)
        fig.savefig(io.BytesIO(), format="pdf")
        plt.close(fig)

    profile_pdf("hetao_szhk", lang="zh", ctx=ctx)  # warm: imports, font, sample
    t_blank = best(lambda: a4(None))
    t_line = best(lambda: a4("深圳湾创新集群区 · 一区一画像"))
    print(f"baselines: blank A4 PDF {t_blank:.3f} s; A4 PDF with one line of Chinese "
          f"{t_line:.2f} s")
    for lang in ("zh", "en"):
        t = best(lambda lang=lang: profile_pdf("c01_shenzhen_bay", lang=lang, ctx=ctx))
        print(f"profile c01_shenzhen_bay ({lang}): {t:.2f} s (target ≤ "
              f"{PROFILE_TARGET_S:.0f} s) = {t / t_line:.1f}x the one-line PDF, "
              f"{t / t_blank:.0f}x the blank one")


def _build_map_html(layers, industries=()):
    """The 地图 page's map, built by the page's own builder (maps.folium.compose)."""
    from maps.folium.compose import MapView, build_map

    return build_map(layers, MapView(industries=tuple(industries))).get_root().render()


def bench_app(n_points: int = 200_000, naive_n: int = 10_000):
    """The map page's work on warm caches, and the large-point layer vs naive markers."""
    import folium

    from maps.folium import basemap, points
    from maps.folium.html_export import shipped_layers

    print("\n== App: map build on warm caches (data loaded once, as st.cache_resource) ==")
    layers = shipped_layers()
    _build_map_html(layers)  # warm imports and asset cache
    t0 = time.perf_counter()
    html = _build_map_html(layers)
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    _build_map_html(layers, industries=("生物医药",))
    t_filter = time.perf_counter() - t0
    print(f"first map: {t_first:.2f} s, {len(html) / 1e6:.1f} MB (target ≤ 3 s); "
          f"filter change (rebuild): {t_filter:.2f} s (target ≤ 1 s)")
    from maps.folium import render_speed

    def best_build(repeats: int = 3) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            _build_map_html(layers)
            times.append(time.perf_counter() - t0)
        return min(times)

    render_speed.uninstall()
    try:
        t_branca = best_build()  # baseline, same run: branca compiling rendered text
    finally:
        render_speed.install()
    t_fast = best_build()
    print(f"map build + render: {t_fast:.2f} s with rendered text taken verbatim "
          f"(maps.folium.render_speed) vs {t_branca:.2f} s with branca's own "
          f"(baseline, same run) = {t_fast / t_branca:.2f}x")

    import pandas as pd
    lon, lat = synthetic_points(n_points, seed=2)
    big = pd.DataFrame({"lon": lon, "lat": lat})
    t0 = time.perf_counter()
    m = points.add_enterprises(basemap.new_map(), big)
    payload = m.get_root().render()
    t_grid = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = basemap.new_map()
    for a, b in zip(lat[:naive_n], lon[:naive_n], strict=True):
        folium.CircleMarker([a, b], radius=2).add_to(naive)
    naive_html = naive.get_root().render()
    t_naive = time.perf_counter() - t0
    per_pt_naive = t_naive / naive_n
    print(f"{n_points:,} SYNTHETIC points as a count grid: {t_grid:.2f} s, "
          f"{len(payload) / 1e6:.2f} MB (targets ≤ 1.5 s, ≤ 8 MB)")
    print(f"naive CircleMarkers, {naive_n:,} points (baseline, same run): {t_naive:.2f} s, "
          f"{len(naive_html) / 1e6:.1f} MB → extrapolated to {n_points:,}: "
          f"{per_pt_naive * n_points:.0f} s, {len(naive_html) / naive_n * n_points / 1e6:.0f} MB"
          f"; grid is {per_pt_naive * n_points / t_grid:.0f}x faster, "
          f"{len(naive_html) / naive_n * n_points / len(payload):.0f}x smaller")


def bench_browser(repeats: int = 3):
    """The app in headless chromium against `streamlit run` on localhost: time from
    navigation to the map drawn (cold, then warm), a filter change, and as the same-run
    baseline the Data page (no map) loaded the same way."""
    from devtools.live_app import (
        CHROMIUM,
        choose_industry,
        chromium_page,
        goto_app_page,
        mark_maps,
        streamlit_server,
        wait_app_idle,
        wait_map_drawn,
        wait_map_redrawn,
    )

    if not Path(CHROMIUM).exists():
        print("\n== Browser: skipped (Debian chromium not installed; `make sysdeps`) ==")
        return
    print("\n== Browser: `streamlit run app.py` + headless chromium (seconds, wall) ==")
    with streamlit_server() as url, chromium_page() as page:
        def load_map():
            t0 = time.perf_counter()
            page.goto(url)
            wait_map_drawn(page)
            return time.perf_counter() - t0

        def load_data_page():
            t0 = time.perf_counter()
            page.goto(url + "/data_page")
            page.get_by_text("数据来源").first.wait_for(timeout=60_000)
            return time.perf_counter() - t0

        cold = load_map()
        warm = min(load_map() for _ in range(repeats))
        base = min(load_data_page() for _ in range(repeats))
        filters = []
        for term in ("生物医药", "智能终端", "新材料"):
            page.goto(url)
            wait_map_drawn(page)
            wait_app_idle(page)
            mark_maps(page)
            t0 = time.perf_counter()
            choose_industry(page, term)
            wait_map_redrawn(page)
            filters.append(time.perf_counter() - t0)
        t_filter = min(filters)
        goto_app_page(page, "数据")
    print(f"first map, cold server caches: {cold:.2f} s")
    print(f"first map, warm caches (best of {repeats}): {warm:.2f} s (target ≤ 3 s)")
    print(f"baseline, Data page without a map (best of {repeats}): {base:.2f} s "
          f"→ map page costs {warm / base:.1f}x the baseline")
    print(f"filter change, from typing the industry into the filter until the new map "
          f"is drawn (best of {len(filters)}): {t_filter:.2f} s (target ≤ 1 s) "
          f"→ {t_filter / base:.1f}x the Data-page baseline")


#: The issue's target for saving a register to the workspace, as a multiple of reading it.
WORKSPACE_TARGET_RATIO = 2.0


def write_land_register(path: Path, n: int, seed: int = 3) -> None:
    """A SYNTHETIC register of ``n`` firms on Shenzhen's land (uniform over the ten
    districts' polygons) as CSV: name, credit code (text with leading zeros), 经度/纬度,
    industry, registered capital (float), year founded (int)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import shapely

    from core import settings

    try:
        from data.loaders import load_districts
    except ImportError:  # before the move of core/ to data/
        from core.loaders import load_districts
    land = shapely.union_all(load_districts().geometry.to_numpy())
    shapely.prepare(land)
    b = settings.SHENZHEN_BBOX
    rng = np.random.default_rng(seed)
    lon, lat = np.empty(0), np.empty(0)
    while len(lon) < n:
        x = rng.uniform(b.min_lon, b.max_lon, 2 * n)
        y = rng.uniform(b.min_lat, b.max_lat, 2 * n)
        inside = shapely.contains_xy(land, x, y)
        lon, lat = np.concatenate([lon, x[inside]]), np.concatenate([lat, y[inside]])
    inds = np.array(["半导体与集成电路", "生物医药", "智能机器人", "新材料", "数字创意", ""])
    i = np.arange(n)
    table = pa.table({
        "企业名称": np.char.add("synthetic-企业-", i.astype(str)),
        "统一社会信用代码": np.char.zfill(rng.integers(0, 10**9, n).astype(str), 18),
        "经度": lon[:n].round(6), "纬度": lat[:n].round(6),
        "行业": inds[i % len(inds)],
        "注册资本": rng.uniform(10, 1e5, n).round(2),
        "成立年份": rng.integers(1980, 2025, n),
    })
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def _time_save(urls, table, label: str, t_read: float) -> None:
    """Best wall time of saving ``table`` once to each of ``urls`` (fresh workspaces, or
    one URL repeated: each save but the last is deleted after it), then of loading it
    back. The last save stays (bench_saved_register_map uses the first GeoPackage's)."""
    from data.workspace import open_workspace

    notes = [{"source": p.source, "row": p.row, "column": p.column,
              "message": p.message, "fix": p.fix} for p in table.notes]
    saves, loads = [], []
    for i, url in enumerate(urls):
        with open_workspace(url) as ws:
            t0 = time.perf_counter()
            info = ws.save_register(table.frame, name=f"synthetic benchmark register {i}",
                                    file_name="synthetic_register.csv", as_of=None,
                                    source_crs="wgs84", report=table.report,
                                    warnings=table.warnings, columns=table.columns,
                                    notes=notes)
            saves.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            back = ws.load_register(info.id)
            loads.append(time.perf_counter() - t0)
            assert len(back.frame) == len(table.frame) and info.valid_rows == len(table.valid)
            del back
            if url in urls[i + 1:]:  # the next run saves to the same database
                ws.delete_register(info.id)
    t_save, t_load = min(saves), min(loads)
    print(f"{label}: save {t_save:.2f} s = {t_save / t_read:.2f}x the read "
          f"(target ≤ {WORKSPACE_TARGET_RATIO:.0f}x; all: "
          f"{', '.join(f'{t:.2f}' for t in saves)} s); load back {t_load:.2f} s "
          f"= {t_load / t_read:.2f}x")


def bench_workspace(n: int, repeats: int = 3) -> None:
    """read_points on an ``n``-row SYNTHETIC register CSV, then save_register of what it
    read to a GeoPackage and to PostGIS, in this process: best of ``repeats`` wall times
    each (the machine's load average is printed: other work skews single runs)."""

    try:
        from data.points_io import read_points
    except ImportError:  # before the move of core/ to data/
        from core.points_io import read_points

    print(f"\n== Workspace: save_register of a {n:,}-row SYNTHETIC register vs reading it "
          f"(read_points), best of {repeats} ==")
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "synthetic_register.csv"
        write_land_register(src, n)
        read_points(src, chunk_rows=1000)  # warm the land layers and imports
        reads = []
        for _ in range(repeats):
            table = None  # the previous read's memory is freed first
            t0 = time.perf_counter()
            table = read_points(src)
            reads.append(time.perf_counter() - t0)
        t_read = min(reads)
        print(f"read_points: {t_read:.2f} s (all: {', '.join(f'{t:.2f}' for t in reads)} s) "
              f"for {len(table.frame):,} rows ({len(table.valid):,} valid), "
              f"{src.stat().st_size / 1e6:.0f} MB CSV")
        gpkgs = [Path(tmp) / f"workspace{i}.gpkg" for i in range(repeats)]
        _time_save([f"gpkg://{g}" for g in gpkgs], table, "GeoPackage", t_read)
        print(f"GeoPackage file: {gpkgs[0].stat().st_size / 1e6:.0f} MB")
        bench_saved_register_map(f"gpkg://{gpkgs[0]}")
        url = os.environ.get("SZMAP_BENCH_DB_URL")
        if url:
            _time_save([url] * repeats, table, "PostGIS (SZMAP_BENCH_DB_URL)", t_read)
        else:
            from devtools.postgis import PostgisUnavailable, postgis_server
            try:
                with postgis_server(durable=True) as url:
                    _time_save([url] * repeats, table,
                               "PostGIS (throw-away local server, fsync on)", t_read)
            except PostgisUnavailable as exc:
                print(f"PostGIS: skipped ({exc})")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


def bench_saved_register_map(url: str) -> None:
    """The 地图 page with a saved register in use, as the app does it: the snapshot
    loaded and turned into points and joined once per server (cold), then a new
    session's first map on those warm caches (counts for the popups + the map built),
    against the shipped sample's first map in the same run (the baseline)."""
    import dataclasses

    from analysis import coverage
    from analysis.batch import register_points
    from analysis.context import build_context
    from data.snapshots import load_table
    from data.workspace import open_workspace
    from maps.folium.html_export import shipped_layers

    layers = shipped_layers()
    ctx = build_context()
    cols = ["lon", "lat", "kind", "category", "industries"]

    def first_map(ents, joined, pts):
        t0 = time.perf_counter()
        table = coverage.coverage_table(pts, ctx, joined=joined)
        counts = table.set_index("id")[["n_facilities", "n_enterprises"]].to_dict("index")
        view = dataclasses.replace(layers, enterprises=ents, is_sample=ents is
                                   layers.enterprises, counts=counts)
        _build_map_html(view)
        return time.perf_counter() - t0

    sample_pts = pd.concat([layers.facilities[cols], layers.enterprises[cols]],
                           ignore_index=True)
    sample_joined = coverage.join(sample_pts, ctx)
    first_map(layers.enterprises, sample_joined, sample_pts)  # warm imports
    base = min(first_map(layers.enterprises, sample_joined, sample_pts) for _ in range(3))
    with open_workspace(url) as ws:
        t0 = time.perf_counter()
        table, info = load_table(ws, ws.list_registers()["id"].iloc[0])
        ents = register_points(table, labels=True)
        t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    pts = pd.concat([layers.facilities[cols], ents[cols]], ignore_index=True)
    joined = coverage.join(pts, ctx)
    t_join = time.perf_counter() - t0
    warm = min(first_map(ents, joined, pts) for _ in range(3))
    print(f"saved register {info.rows:,} rows: loaded + turned into points "
          f"{t_load:.2f} s, joined {t_join:.2f} s (once per server: cold)")
    print(f"first map with it on warm caches: {warm:.2f} s (target ≤ 3 s) vs the shipped "
          f"sample's first map {base:.2f} s in this run → {warm / base:.1f}x")


def synthetic_addresses(n: int, seed: int = 5) -> pd.DataFrame:
    """``n`` SYNTHETIC addresses built from the shipped gazetteer (geodata/gazetteer_*):
    for a random 街道, its district and name, then one of its road pieces, one of its
    社区, a road of another 街道, a park a filing places, or nothing, then a random house
    number and building — plus 5 % written with a former name (光明新区, 办事处/镇) and
    5 % outside the city (东莞市 …). Nearly every address is distinct (the geocoder
    solves each distinct address once). Labelled synthetic: nothing is written to
    geodata/."""
    from data.geocoding import load_gazetteer

    rng = np.random.default_rng(seed)
    t = load_gazetteer().tables
    subs, roads, comms, marks = (t["subdistricts"], t["roads"], t["communities"],
                                 t["landmarks"])
    road_by_sub = roads[roads["subdistrict"] != ""].groupby("subdistrict")["name"].agg(list)
    comm_by_sub = comms.groupby("subdistrict")["name"].agg(list)
    all_roads = roads["name"].unique()
    s_idx = rng.integers(0, len(subs), n)
    kind = rng.random(n)
    num = rng.integers(1, 10_000, n)
    floor = rng.integers(1, 40, n)
    out = []
    for i in range(n):
        s = subs.iloc[s_idx[i]]
        head = f"深圳市{s['district']}{s['name']}"
        k = kind[i]
        if k < 0.35 and s["name"] in road_by_sub.index:
            rs = road_by_sub[s["name"]]
            unit = rs[num[i] % len(rs)]
        elif k < 0.6 and s["name"] in comm_by_sub.index:
            cs = comm_by_sub[s["name"]]
            unit = cs[num[i] % len(cs)]
        elif k < 0.75:
            unit = all_roads[num[i] % len(all_roads)]
        elif k < 0.8:
            m = marks.iloc[num[i] % len(marks)]
            head, unit = f"深圳市{m['district']}", m["name"]
        elif k < 0.85:
            head, unit = f"深圳市{s['district']}{s['name'].removesuffix('街道')}办事处", ""
        elif k < 0.9:
            head, unit = "广东省东莞市南城街道", "鸿福路"
        else:
            unit = ""
        out.append(f"{head}{unit}{num[i]}号{floor[i]}楼{i % 97}室")
    return pd.DataFrame({"企业名称": np.char.add("synthetic-", np.arange(n).astype(str)),
                         "注册地址": out})


def bench_geocode(n: int) -> None:
    """``n`` SYNTHETIC addresses geocoded offline (data.geocoding.geocode, warm
    gazetteer) against pandas reading the same ``n``-line CSV; then ``cli.py geocode``'s
    work in-process (data.geocode_table.geocode_file: read, geocode, write a CSV).
    Target: ≤ 30 s for 10⁵ addresses."""
    from data.geocode_table import geocode_file
    from data.geocoding import LEVELS, _load, geocode, load_gazetteer

    print(f"\n== Geocoding: {n:,} SYNTHETIC addresses (built from the shipped gazetteer), "
          "offline")
    table = synthetic_addresses(n)
    _load.cache_clear()
    t0 = time.perf_counter()
    load_gazetteer()
    t_load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "synthetic_addresses.csv"
        table.to_csv(src, index=False)
        t0 = time.perf_counter()
        read = pd.read_csv(src, dtype=str)
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = geocode(read["注册地址"], as_of=2025)
        t_geo = time.perf_counter() - t0
        t0 = time.perf_counter()
        geocode_file(src, Path(tmp) / "placed.csv", as_of=2025, lang="en")
        t_file = time.perf_counter() - t0
    levels = got["match_level"].value_counts()
    distinct = read["注册地址"].nunique()
    print(f"gazetteer load (cold): {t_load:.2f} s")
    print(f"geocode: {t_geo:.2f} s for {n:,} addresses ({distinct:,} distinct) = "
          f"{n / t_geo:,.0f} addresses/s (target ≤ 30 s: "
          f"{'met' if t_geo <= 30 else 'NOT met'}); pandas read_csv of the same file "
          f"{t_read:.3f} s, ratio {t_geo / t_read:,.0f}x")
    print("levels: " + ", ".join(f"{lv} {int(levels.get(lv, 0)):,}" for lv in LEVELS))
    print(f"cli.py geocode's work (read, geocode, write CSV): {t_file:.2f} s = "
          f"{n / t_file:,.0f} rows/s, {t_file / t_read:,.0f}x the pandas read")


#: The sections of ``make bench``, in the order they run (``--only`` picks some).
SECTIONS = ("join", "kernel", "dask", "cli", "workspace", "app", "browser",
            "concentrations", "geocode", "profile")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000],
                    help="points of the join benchmark with the index built (4·10⁶: "
                         "--kernel-points)")
    ap.add_argument("--kernel-points", type=int, default=4_000_000,
                    help="points of the compiled-kernel vs sjoin benchmark, cached index "
                         "(0: skip it; benchmarks/scale.py)")
    ap.add_argument("--dask-rows", type=int, nargs="*", default=[250_000, 2_000_000],
                    help="rows of the Dask-engine vs one-process `cli.py check` benchmark "
                         "(none: skip it; benchmarks/scale.py)")
    ap.add_argument("--cli-rows", type=int, default=5_000_000,
                    help="rows of the `cli.py check` benchmark (0: skip it)")
    ap.add_argument("--workspace-rows", type=int, default=1_000_000,
                    help="rows of the workspace save benchmark (0: skip it)")
    ap.add_argument("--no-app", action="store_true", help="skip the app benchmark")
    ap.add_argument("--no-browser", action="store_true",
                    help="skip the headless-chromium benchmark")
    ap.add_argument("--concentration-points", type=int, default=1_000_000,
                    help="SYNTHETIC firms of the concentrations benchmark (0: skip it)")
    ap.add_argument("--profile-repeats", type=int, default=3,
                    help="runs of the area profile PDF benchmark, best taken (0: skip it)")
    ap.add_argument("--geocode-addresses", type=int, default=100_000,
                    help="SYNTHETIC addresses of the offline geocoding benchmark (0: skip "
                         "it)")
    ap.add_argument("--only", nargs="+", choices=SECTIONS, metavar="SECTION",
                    help="run only these sections (" + ", ".join(SECTIONS) + "), e.g. "
                         "`--only cli --cli-rows 2000000`")
    args = ap.parse_args()
    run = set(args.only or SECTIONS)
    print("All points are SYNTHETIC (generated at run time; not project data).")
    if args.sizes and "join" in run:
        bench_join(args.sizes)
    if args.kernel_points and "kernel" in run or args.dask_rows and "dask" in run:
        from benchmarks import scale  # issue 21: kernel and Dask engine

        if args.kernel_points and "kernel" in run:
            scale.bench_kernel(args.kernel_points)
        if args.dask_rows and "dask" in run:
            scale.bench_dask(args.dask_rows)
    if args.cli_rows and "cli" in run:
        bench_cli(args.cli_rows)
    if args.workspace_rows and "workspace" in run:
        bench_workspace(args.workspace_rows)
    if not args.no_app and "app" in run:
        bench_app()
    if not args.no_browser and "browser" in run:
        bench_browser()
    if args.concentration_points and "concentrations" in run:
        bench_concentrations(args.concentration_points)
    if args.geocode_addresses and "geocode" in run:
        bench_geocode(args.geocode_addresses)
    if args.profile_repeats and "profile" in run:
        bench_profile(args.profile_repeats)


if __name__ == "__main__":
    main()
