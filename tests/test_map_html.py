"""Map HTML: no CDN links (works offline), user text escaped, attribution shown."""

import re

import geopandas as gpd
from shapely.geometry import Polygon

from data import loaders
from maps.folium import base, basemap
from tests.conftest import NANSHAN_SQUARE


def render(m):
    return m.get_root().render()


def test_map_loads_no_script_or_stylesheet_from_the_network():
    m = basemap.new_map()
    base.add_districts(m, loaders.load_districts())
    basemap.finish(m)
    html = render(m)
    assert "L.map(" in html or "L.map (" in html
    remote = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert remote == []
    assert "data:text/javascript;base64," in html


def test_osm_attribution_is_on_every_map():
    html = render(basemap.finish(basemap.new_map()))
    assert "OpenStreetMap contributors" in html


def test_hostile_subdistrict_name_is_escaped_in_tooltip():
    gdf = gpd.GeoDataFrame({"name_zh": ["<script>alert(1)</script>"], "district_zh": ["南山区"]},
                           geometry=[Polygon(NANSHAN_SQUARE)], crs="EPSG:4326")
    html = render(base.add_subdistricts(basemap.new_map(), gdf))
    assert "<script>alert(1)</script>" not in html
    # escaped once by maps.folium.popups.esc, then JSON-encoded by folium ("&" -> "\u0026")
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html


def test_unknown_tile_provider_lists_the_choices():
    import pytest
    with pytest.raises(ValueError, match="osm"):
        basemap.new_map(tiles="google")


def test_backtick_and_template_placeholder_cannot_break_out_of_a_popup():
    from maps.folium.popups import esc, table
    hostile = "`); alert(1); (`${x}"
    out = table([("name", hostile)], title=hostile)
    assert "`" not in out and "${" not in out
    assert esc(None) == "" and esc(float("nan")) == ""


def test_area_popup_states_grade_precision_and_escapes_text():
    from data.areas import load_areas
    from maps.folium.areas import area_popup_html

    row = load_areas().set_index("id").loc["qianhai"].copy()
    row["id"] = "qianhai"
    row["method"] = "<img src=x onerror=alert(1)>"
    html = area_popup_html(row, lang="en", counts={"n_facilities": 6, "n_enterprises": 0})
    assert "<img" not in html and "&lt;img" in html
    assert "Boundary grade" in html and "fitted to published area" in html
    assert "± 1,500 m" in html and "120.56" in html
    assert re.search(r"Facilities</th><td[^>]*>6</td>", html)


def test_facility_popup_lists_every_facility_at_a_location_and_escapes():
    import pandas as pd

    from maps.folium.points import add_facilities, facility_popup_html
    group = pd.DataFrame({"name_zh": ["<script>x</script>", "乙"], "name_en": ["a", "b"],
                          "category": ["lab", "university"], "industries": [["biomedicine"], []],
                          "precision_m": [2200.0, 2200.0], "location_method": ["m", "m"],
                          "source": ["s1", "s2"], "lon": [113.93, 113.93],
                          "lat": [22.6, 22.6]})
    html = facility_popup_html(group)
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert "± 2,200 米" in html and "s2" in html and "生物医药" in html
    from tests.test_point_popups import dots_drawn

    m = add_facilities(basemap.new_map(), group)
    page = render(m)
    assert dots_drawn(m) == 1  # one marker for the shared location
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_legend_lists_kinds_grades_and_categories():
    from maps.folium.legend import legend_html
    html = legend_html(lang="zh", categories=["lab"])
    assert "战略平台" in html and "外包范围（偏大）" in html and "实验室" in html


def test_app_never_offers_gcj02_tiles_with_wgs84_overlays():
    from core import settings
    assert "amap" not in settings.APP_TILE_CHOICES
    assert all(settings.TILE_PROVIDERS[k]["crs"] == "wgs84"
               for k in settings.APP_TILE_CHOICES)


def test_enterprise_clusters_use_the_vendored_plugin():
    import pandas as pd

    from maps.folium.points import add_enterprises
    m = add_enterprises(basemap.new_map(), pd.DataFrame({"lon": [113.9] * 3,
                                                         "lat": [22.5] * 3}))
    html = render(basemap.finish(m))
    assert "L.markerClusterGroup" in html
    assert re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html) == []


def test_large_point_sets_are_aggregated_into_a_count_grid():
    import numpy as np
    import pandas as pd

    from maps.folium.points import add_enterprises, count_grid
    rng = np.random.default_rng(0)
    pts = pd.DataFrame({"lon": rng.uniform(113.9, 114.1, 30_000),
                        "lat": rng.uniform(22.5, 22.6, 30_000)})
    grid = count_grid(pts)
    assert grid["count"].sum() == 30_000
    assert 200 < len(grid) < 400  # ≈ 20.5 km × 11 km of 1 km cells
    html = render(basemap.finish(add_enterprises(basemap.new_map(), pts)))
    assert "L.markerClusterGroup" not in html and len(html) < 3_000_000


def test_areas_can_be_coloured_by_their_dominant_sector():
    from core.taxonomy import load_taxonomy
    from data.areas import load_areas
    from maps import style
    from maps.folium import areas as area_layers
    tax = load_taxonomy()
    a = load_areas().set_index("id")
    assert tax.dominant_sector(a.at["c10_east_coast_biovalley", "industry_ids"]) == \
        "sector_biomed_health"
    assert tax.dominant_sector(["quantum_info", "brain_science"]) == "future"
    html = render(area_layers.add_areas(basemap.new_map(), load_areas().iloc[29:30],
                                        color_by="sector"))
    assert style.SECTOR_COLORS["sector_biomed_health"] in html
