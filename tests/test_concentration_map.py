"""The 地图 page's "observed vs plan" mode below the browser: the map builder draws the
concentrations it is given (solid inside / dashed red outside, escaped popups, legend
rows) only in that mode, the app's register frame carries error bounds, and the URL
carries the mode. Concentrations here are SYNTHETIC squares made at test time."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import geopandas as gpd
import numpy as np
from shapely.geometry import box

from app_pages import url_state
from core.taxonomy import load_taxonomy
from maps import style
from maps.folium.compose import MapView, build_map, overlays
from maps.folium.concentrations import popup_html
from maps.folium.html_export import shipped_layers


def synthetic_concentrations() -> gpd.GeoDataFrame:
    """Two SYNTHETIC concentrations: one inside (深圳湾), one outside (盐田), the
    latter with a hostile nearest-area name."""
    return gpd.GeoDataFrame({
        "concentration_id": ["C01", "C02"], "industry": ["biomedicine"] * 2,
        "firms": [300, 200], "sites": [290, 200], "area_km2": [0.83, 0.75],
        "density_per_km2": [363.0, 265.0], "density_ratio": [1254.2, 3.44],
        "top_industry": ["biomedicine"] * 2, "dominant_industries": ["biomedicine"] * 2,
        "lq": [1.57, np.nan], "max_precision_m": [30.0, np.nan],
        "centre_lon": [113.945, 114.235], "centre_lat": [22.525, 22.575],
        "inside": [True, False], "nearest_area_id": ["c01_shenzhen_bay", "x"],
        "nearest_area_name_zh": ["深圳湾", "<img src=x onerror=alert(1)>"],
        "nearest_area_name_en": ["Shenzhen Bay", "<img src=x onerror=alert(1)>"],
        "distance_m": [0.0, 8123.4]},
        geometry=[box(113.94, 22.52, 113.95, 22.53), box(114.23, 22.57, 114.24, 22.58)],
        crs="EPSG:4326")


_FEATURE = re.compile(r'"properties": (\{[^{}]*"concentration_id"[^{}]*\})')


def _features(html: str) -> list[dict]:
    """The concentration features' properties in a rendered map."""
    return [json.loads(m.group(1)) for m in _FEATURE.finditer(html)]


def _render(groups) -> str:
    import folium

    m = folium.Map(tiles=None)
    for group in groups:
        group.add_to(m)
    return m.get_root().render()


def test_the_mode_draws_the_given_concentrations_inside_solid_outside_dashed():
    layers = replace(shipped_layers(), concentrations=synthetic_concentrations())
    # mode off: nothing drawn, even when the layers carry them
    assert _features(_render(overlays(layers, MapView()))) == []
    html = build_map(layers, MapView(observed=True)).get_root().render()
    feats = _features(html)
    assert sorted((f["concentration_id"], f["plan"]) for f in feats) == [
        ("C01", "inside"), ("C02", "outside")]
    assert style.CONCENTRATION_STYLES["outside"]["dashArray"]
    assert style.CONCENTRATION_STYLES["inside"]["dashArray"] is None
    assert '"bubblingMouseEvents": false' in html  # its own popup, not the area list
    # a ring at each centre, above the facilities (seen at the city view)
    assert html.count("[22.525, 113.945]") == 1 and html.count("[22.575, 114.235]") == 1
    names = [g.layer_name for g in overlays(layers, MapView(observed=True))]
    assert names.index("观测集聚") < names.index("创新设施") < names.index("观测集聚中心")
    assert "观测集聚：在其重点区域外" in html  # the legend follows the mode
    assert "<img src=x" not in html


def test_a_popup_states_firms_area_density_lq_and_the_plan_escaped():
    conc = synthetic_concentrations()
    inside = popup_html(conc.iloc[0], "en")
    for text in ("300 (290 distinct sites)", "0.83 km²", "363 firms/km²", "1,254×",
                 "Biomedicine", "1.57", "Inside an area focused on it", "Shenzhen Bay",
                 "0 m", "± 30 m"):
        assert text in inside, text
    outside = popup_html(conc.iloc[1], "zh")
    assert "不在任何以该产业为重点的区域内" in outside and "8,123 米" in outside
    assert "3.4 倍" in outside and "未注明" in outside
    assert "<img" not in outside and "&lt;img src=x onerror=alert(1)&gt;" in outside


def test_the_app_register_frame_carries_the_stated_error_bound(tmp_path):
    from analysis.batch import register_points
    from data.points_io import read_points

    path = tmp_path / "synthetic.csv"
    path.write_text("名称,经度,纬度,行业,precision_m\n甲,113.9379,22.5322,智能终端,50\n"
                    "乙,113.9400,22.5400,生物医药,\n", encoding="utf-8")
    table = read_points(path)
    framed = register_points(table, labels=True)
    assert framed["precision_m"].tolist()[0] == 50.0 and np.isnan(framed["precision_m"][1])
    # the statistics take it too (surely inside vs uncertain), labels or not
    assert register_points(table)["precision_m"].tolist()[0] == 50.0


def test_the_url_carries_the_mode_only_when_on():
    spec = url_state.carried(load_taxonomy())["map_observed"]
    assert spec.parse(["1"]) is True
    for other in ("0", "true", "<b>", ""):
        assert spec.parse([other]) is None, other
    assert spec.write(True) == "1" and spec.default is False
    assert "map_observed" in url_state.PAGE_KEYS["map"]
