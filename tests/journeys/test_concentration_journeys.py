"""Journey on the 地图 Map page's "observed vs plan" mode (issue 19, item 3), in a real
browser: a planner uploads a register, takes it into use, switches the mode on and
reads where its firms concentrate against the plan's areas.

The register is SYNTHETIC, made here at test time (not project data): two planted
dense groups of 生物医药 firms — 300 around a point inside 深圳湾创新集群区 (whose
focus includes biomedicine) and 200 in 盐田, outside every area focused on it — plus
600 firms spread evenly over Shenzhen's land (three industries), each with a stated
error bound of 30 m; 40 more are placed only to ±5 km (coarser than the 1 km scale)
and must be reported as left out.
"""

from __future__ import annotations

import time

import numpy as np

from devtools.live_app import (
    MAP_IFRAME,
    goto_app_page,
    mark_maps,
    wait_app_idle,
    wait_map_drawn,
    wait_map_redrawn,
    wait_popup_shown,
)

#: Planted SYNTHETIC groups: name → (lon, lat, firms, sigma_m).
PLANTED = {"bay": (113.9465, 22.5330, 300, 150.0),
           "yantian": (114.2400, 22.5800, 200, 150.0)}
NOISE = 600
COARSE = 40
NOISE_INDUSTRIES = ("生物医药", "新材料", "智能终端")

#: Concentration polygons drawn by the mode: (id, plan, dashArray, colour) of each.
_CONCENTRATIONS = """(map) => { const out = []; map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.concentration_id && l.getLatLngs) out.push([p.concentration_id, p.plan,
        l.options.dashArray || null, l.options.color]); }); return out; }"""


def _leaflet(page, script: str, arg=None):
    """Evaluate ``script`` (a JS function of the L.Map and ``arg``) in the map iframe."""
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    return frame.evaluate("([src, arg]) => { const map = Object.values(window)"
                          ".find(v => v instanceof L.Map); return eval(src)(map, arg); }",
                          [script, arg])


def _on_land(lon, lat):
    from analysis.context import build_context

    ctx = build_context()
    s = ctx.admin_index.assign_first(np.asarray(lon), np.asarray(lat))
    return (s >= 0) & ctx.admin["name_zh"].notna().to_numpy()[np.maximum(s, 0)]


def synthetic_register_csv(seed: int = 19) -> tuple[str, int]:
    """The SYNTHETIC register as CSV text, and its number of rows (all on land)."""
    from core.crs import from_metric, to_metric

    rng = np.random.default_rng(seed)
    rows = []
    for name, (lon, lat, n, sigma) in PLANTED.items():
        x0, y0 = to_metric([lon], [lat])
        lo, la = from_metric(rng.normal(x0[0], sigma, 3 * n), rng.normal(y0[0], sigma, 3 * n))
        ok = np.flatnonzero(_on_land(lo, la))[:n]
        assert len(ok) == n, name
        rows += [(f"合成{name}{i}", lo[j], la[j], "生物医药", 30) for i, j in enumerate(ok)]
    lo, la = np.empty(0), np.empty(0)
    while len(lo) < NOISE + COARSE:  # even over the 74 街道 (rejection from their box)
        a, b = rng.uniform(113.75, 114.62, 4000), rng.uniform(22.45, 22.87, 4000)
        ok = _on_land(a, b)
        lo, la = np.concatenate([lo, a[ok]]), np.concatenate([la, b[ok]])
    for i in range(NOISE + COARSE):
        rows.append((f"合成散点{i}", lo[i], la[i], NOISE_INDUSTRIES[i % 3],
                     30 if i < NOISE else 5000))
    text = "名称,经度,纬度,行业,precision_m\n" + "".join(
        f"{n},{x:.6f},{y:.6f},{ind},{p}\n" for n, x, y, ind, p in rows)
    return text, len(rows)


def test_observed_concentrations_are_drawn_over_the_plan_with_their_tables(journey,
                                                                          tmp_path):
    import openpyxl

    page = journey.page
    text, n_rows = synthetic_register_csv()
    journey.open("data")
    journey.upload(tmp_path / "synthetic_register.csv", text)
    page.get_by_text(journey.text(f"{n_rows:,} 行有效", f"{n_rows:,} valid")).first.wait_for(
        timeout=60_000)
    journey.tick_use_as_enterprises()
    # the register is in use once the page says so (idle right after the click may be
    # before the checkbox's run has started: leaving then would drop it)
    uploaded = journey.text(f"{n_rows:,} 家企业（上传）", f"{n_rows:,} enterprises (uploaded)")
    page.get_by_text(uploaded).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    goto_app_page(page, journey.text("地图", "Map"))
    wait_map_drawn(page)
    wait_app_idle(page)
    page.get_by_text(uploaded).first.wait_for(timeout=60_000)
    assert _leaflet(page, _CONCENTRATIONS) == []  # the mode starts off

    # a baseline in the same run: colouring the areas by sector redraws the overlays
    mark_maps(page)
    t0 = time.monotonic()
    page.get_by_text(journey.text("重点领域", "focus sector")).first.click()
    wait_map_redrawn(page)
    baseline_s = time.monotonic() - t0
    wait_app_idle(page)
    page.get_by_text(journey.text("类型", "kind"), exact=True).first.click()
    wait_app_idle(page)
    print(f"baseline ({journey.lang}): colour by sector redrawn after {baseline_s:.1f} s")

    # switch the mode on: the concentrations are drawn over the areas
    t0 = time.monotonic()
    page.get_by_text(journey.text("显示观测集聚", "Show observed concentrations")
                     ).first.click()
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); const w = f && f.contentWindow;"
        " const map = w && w.L && Object.values(w).find(v => v instanceof w.L.Map);"
        " if (!map) return false; let k = 0; map.eachLayer(l => { const p = l.feature &&"
        " l.feature.properties; if (p && p.concentration_id) k++; }); return k >= 2; }",
        arg=MAP_IFRAME, timeout=120_000)
    switch_s = time.monotonic() - t0
    wait_app_idle(page)
    print(f"mode switch ({journey.lang}): concentrations drawn after {switch_s:.1f} s")
    drawn = _leaflet(page, _CONCENTRATIONS)
    assert len(drawn) == 2, drawn
    plans = {plan: (dash, color) for _, plan, dash, color in drawn}
    assert set(plans) == {"inside", "outside"}, drawn
    assert plans["outside"][0] and not plans["inside"][0], drawn  # outside: dashed
    assert plans["outside"][1] != plans["inside"][1], drawn
    assert "map_observed=1" in page.url, page.url  # a copied link keeps the mode

    # the legend follows the mode
    legend = page.frame_locator(MAP_IFRAME).first.locator(".leaflet-bottom.leaflet-left")
    assert journey.text("观测集聚", "Observed concentration") in legend.inner_text()

    # with the register's markers put aside (as the layer control does), a click inside
    # the one in the bay opens its popup, not the list of the areas there
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    lon, lat = PLANTED["bay"][:2]
    xy = frame.evaluate("""([lat, lon]) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) map.removeLayer(l); });
        map.setView([lat, lon], 14, {animate: false});
        const p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""",
                        [lat, lon])
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + xy[0] + 25, box["y"] + xy[1])  # beside its centre ring
    popup = wait_popup_shown(page.frame_locator(MAP_IFRAME).first).inner_text()
    for word in (journey.text("企业数", "Firms"), journey.text("区位商", "Location quotient"),
                 journey.text("最近的对应区域", "Nearest matching area"),
                 journey.text("深圳湾", "Shenzhen Bay")):
        assert word in popup, popup
    page.mouse.move(box["x"] - 100, box["y"] + 100)  # off the map: no tooltip left open
    journey.shot("concentrations_popup")
    # both in view, clear of the legend (bottom left)
    frame.evaluate("""() => { const map = Object.values(window).find(v => v instanceof L.Map);
        map.closePopup(); let b = null;
        map.eachLayer(l => { if (l.feature && l.feature.properties.concentration_id)
            b = b ? b.extend(l.getBounds()) : L.latLngBounds(l.getBounds().getSouthWest(),
                                                              l.getBounds().getNorthEast()); });
        map.fitBounds(b, {paddingTopLeft: [330, 60], paddingBottomRight: [60, 60],
                          animate: false}); }""")
    page.frame_locator(MAP_IFRAME).first.locator(".leaflet-popup").wait_for(
        state="detached", timeout=10_000)

    # below the map: the left-out line and the plan-vs-reality tables
    main = page.locator("[data-testid='stMain']")
    left_out = journey.text(f"{COARSE} 家企业未纳入", f"{COARSE} firms were left out")
    page.get_by_text(left_out).first.wait_for(timeout=30_000)
    for heading in (journey.text("规划与现实（按产业）", "Plan vs reality by industry"),
                    journey.text("观测集聚区", "Observed concentrations"),
                    journey.text("无对应集聚的重点区域",
                                 "Focus areas with no concentration of their industry")):
        assert heading in main.inner_text(), heading
    # the grids are drawn on a canvas; their accessible cells exist but are hidden
    page.get_by_text(journey.text("生物医药", "Biomedicine"), exact=True).first.wait_for(
        state="attached", timeout=30_000)
    journey.shot("concentrations_map")
    journey.shot("concentrations_page", whole=True)

    wait_app_idle(page)  # a download clicked during a run finds its file replaced
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=journey.text("下载 Excel", "Download Excel")).click()
    path = tmp_path / "concentrations.xlsx"
    dl.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    sheet = wb[journey.text("观测集聚区", "Concentrations")]
    assert sheet.max_row == 3  # header + the two planted concentrations
    outside = wb[journey.text("规划区域外的集聚区", "Outside the plan")]
    assert outside.max_row == 2  # header + the one in 盐田
    wait_app_idle(page)  # a download clicked during a run finds its file replaced
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=journey.text("下载 CSV", "Download CSV")).click()
    path = tmp_path / "concentrations.csv"
    dl.value.save_as(path)
    assert "EPSG:4547" in path.read_text(encoding="utf-8-sig")
    # the map is still in the mode after a download (on_click="ignore": no rerun)
    assert len(_leaflet(page, _CONCENTRATIONS)) == 2

    # off and on again: nothing is computed again
    toggle = page.get_by_text(journey.text("显示观测集聚", "Show observed concentrations"))
    toggle.first.click()
    page.wait_for_function(
        "(sel) => { const w = document.querySelector(sel).contentWindow;"
        " const map = Object.values(w).find(v => v instanceof w.L.Map); let k = 0;"
        " map.eachLayer(l => { if (l.feature && l.feature.properties.concentration_id) k++; });"
        " return k === 0; }", arg=MAP_IFRAME, timeout=60_000)
    wait_app_idle(page)
    assert "map_observed" not in page.url
    t0 = time.monotonic()
    toggle.first.click()
    page.wait_for_function(
        "(sel) => { const w = document.querySelector(sel).contentWindow;"
        " const map = Object.values(w).find(v => v instanceof w.L.Map); let k = 0;"
        " map.eachLayer(l => { if (l.feature && l.feature.properties.concentration_id) k++; });"
        " return k === 2; }", arg=MAP_IFRAME, timeout=60_000)
    print(f"mode switch again ({journey.lang}, cached): {time.monotonic() - t0:.1f} s")
    wait_app_idle(page)
    assert not page.get_by_text(journey.text("本次计算用时", "Computed in")).count()
