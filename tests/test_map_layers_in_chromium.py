"""Every kind of layer the app can put on a map loads in real Chromium, offline, with
zero console errors: the vendored assets are a tested whole (a plugin whose script or
stylesheet is stripped fails here, as L.AwesomeMarkers once did for uploads)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from folium.plugins import Draw

from devtools.live_app import CHROMIUM, CHROMIUM_ARGS
from maps.folium import areas as area_layers
from maps.folium import base, basemap, legend, points

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Debian chromium is not installed (make sysdeps)")


def _register(n: int) -> pd.DataFrame:
    """Synthetic points (test data, generated here) inside 南山/福田."""
    rng = np.random.default_rng(7)
    return pd.DataFrame({"lon": rng.uniform(113.90, 114.08, n),
                         "lat": rng.uniform(22.52, 22.58, n),
                         "_name": [f"<b>测试企业{i}</b>" for i in range(n)],
                         "_label": ["智能终端"] * n})


def _layers(kind: str):
    """A finished map holding one kind of layer (the app's own builders)."""
    from data import loaders
    from data.areas import load_areas
    from data.catalogues import load_enterprises, load_facilities

    m = basemap.new_map()
    if kind == "base":
        base.add_subdistricts(m, loaders.load_subdistricts())
        base.add_districts(m, loaders.load_districts())
        base.add_shenshan(m, loaders.load_shenshan())
    elif kind in ("areas_kind", "areas_sector"):
        area_layers.add_areas(m, load_areas(), color_by=kind.split("_")[1])
    elif kind == "facilities":
        points.add_facilities(m, load_facilities(), show_precision=True)
    elif kind == "enterprise_sample":
        points.add_enterprise_sample(m, load_enterprises(), show_precision=True)
    elif kind == "register_clusters":
        points.add_enterprises(m, _register(500), name_col="_name", label_col="_label")
    elif kind == "register_grid":
        points.add_enterprises(m, _register(3_000), cluster_limit=1_000)
    elif kind == "checked_sites":
        sites = _register(20).assign(focus_match="match", verdict_text="符合")
        points.add_checked_sites(m, sites, name_col="_name")
    elif kind == "draw":
        Draw(draw_options={"rectangle": True, "polygon": True}).add_to(m)
    elif kind == "legend":
        legend.add_legend(m, categories=["lab"], enterprise_categories=["listed"])
    elif kind == "composed":  # the page's builder, as the HTML export uses it
        from maps.folium.compose import MapView, build_map
        from maps.folium.html_export import shipped_layers
        return build_map(shipped_layers(), MapView(lang="en", color_by="sector"))
    elif kind == "tiles":
        m = basemap.new_map(tiles="osm")  # the tiles cannot load offline: no error kept
    return basemap.finish(m)


KINDS = ["base", "areas_kind", "areas_sector", "facilities", "enterprise_sample",
         "register_clusters", "register_grid", "checked_sites", "draw", "legend", "composed"]


def _load_all(pages: dict[str, str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    seen = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for kind, path in pages.items():
                page = browser.new_page()
                errors, requests = [], []
                page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
                page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
                page.on("request", lambda r, q=requests: q.append(r.url))
                page.goto(path)
                page.wait_for_selector(".leaflet-container")
                page.wait_for_timeout(300)
                seen[kind] = {
                    "errors": errors,
                    "remote": [u for u in requests if not u.startswith(("data:", "file:"))],
                    "legend": page.locator(".leaflet-control", has_text="Legend").count(),
                    "layers": page.evaluate("() => { const m = Object.values(window).find("
                                            "v => v instanceof L.Map); let n = 0;"
                                            " m.eachLayer(() => n++); return n; }"),
                }
                page.close()
        finally:
            browser.close()
    return seen


def test_every_layer_kind_loads_offline_with_zero_console_errors(tmp_path):
    pytest.importorskip("playwright.sync_api")
    pages = {}
    for kind in KINDS:
        path = tmp_path / f"{kind}.html"
        _layers(kind).save(str(path))
        pages[kind] = path.as_uri()
    # Playwright's sync API refuses a thread where an asyncio loop runs: own thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(_load_all, pages).result()
    for kind, got in seen.items():
        assert got["errors"] == [], (kind, got["errors"])
        assert got["remote"] == [], (kind, got["remote"])  # nothing from the internet
        assert got["layers"] >= 1 or kind == "legend", kind  # a legend is no layer
    assert seen["composed"]["legend"] == 1  # the composed map's legend is a map control


def test_a_layer_that_needs_the_dropped_awesome_markers_is_refused_before_serving():
    import folium
    from folium.plugins import FastMarkerCluster

    from maps.folium.assets import UnknownAssetError
    for layer in (folium.Marker([22.5, 114.0], icon=folium.Icon()),
                  FastMarkerCluster([[22.5, 114.0]])):
        m = basemap.new_map()
        layer.add_to(m)
        with pytest.raises(UnknownAssetError, match="AwesomeMarkers"):
            basemap.finish(m)
