"""AppTest smoke tests: the app runs on the shipped data in both languages."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run()


def test_map_page_renders_without_error_in_chinese(app):
    assert not app.exception
    assert app.title[0].value == "深圳创新集群地图"
    assert any("OpenStreetMap" in c.value for c in app.caption)


def test_language_switch_changes_the_title(app):
    app.sidebar.radio(key="lang_choice").set_value("English").run()
    assert not app.exception
    assert app.title[0].value == "Shenzhen Innovation-Cluster Map"


def test_map_page_makes_a_static_map_for_download(app):
    app.selectbox(key="exp_dpi").set_value(150)
    app.button(key="exp_make").click().run(timeout=120)
    assert not app.exception
    assert len(app.get("download_button")) == 1


def _page(app, path):
    app.switch_page(path).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _city_facilities(app) -> int:
    df = app.dataframe[0].value  # the coverage table comes first
    return int(df.loc[df["id"] == "city", "n_facilities"].iloc[0])


def test_coverage_page_counts_change_with_the_industry_filter(app):
    _page(app, "app_pages/stats_page.py")
    everything = _city_facilities(app)
    assert everything >= 40
    app.sidebar.multiselect(key="f_industries").set_value(["brain_science"]).run()
    assert not app.exception
    assert 0 < _city_facilities(app) < everything


def test_placement_page_finds_the_subdistrict_of_a_known_point(app):
    _page(app, "app_pages/placement_page.py")
    table = app.dataframe[0].value
    assert table.iloc[0]["街道"] == "粤海街道" and table.iloc[0]["区"] == "南山区"
    app.selectbox(key="pc_industry").set_value("semiconductor_ic").run()
    assert app.metric[0].value == "符合"
    app.number_input(key="pc_lon").set_value(114.40).run()   # 坪山, far from 深圳湾
    app.number_input(key="pc_lat").set_value(22.69).run()
    assert app.dataframe[0].value.iloc[0]["区"] == "坪山区"


def test_data_page_lists_sources_and_licences(app):
    _page(app, "app_pages/data_page.py")
    assert any("geodata/SOURCES.md" in e.label for e in app.expander)


def test_coverage_page_compare_and_overlap_tables_read_in_the_chosen_language(app):
    _page(app, "app_pages/stats_page.py")
    frames = [d.value for d in app.dataframe]
    compare = next(f for f in frames if "设施数" in f.index)
    assert "n_facilities" not in compare.index and "面积（km²，EPSG:4547）" in compare.index
    assert all("." not in v or len(v.split(".")[1]) <= 3 for v in compare.stack())
    app.sidebar.radio(key="lang_choice").set_value("English").run()
    assert not app.exception
    frames = [d.value for d in app.dataframe]
    assert any("Facilities per km²" in f.index for f in frames)


def test_placement_in_epsg4547_metres_labels_x_y_and_finds_the_same_subdistrict(app):
    from core import crs as crs_mod
    _page(app, "app_pages/placement_page.py")
    x, y = crs_mod.to_metric([113.937938], [22.532219])  # EPSG:4547 metres
    app.selectbox(key="pc_crs").set_value("epsg4547").run()
    app.number_input(key="pc_lon").set_value(round(float(x[0]), 1)).run()
    app.number_input(key="pc_lat").set_value(round(float(y[0]), 1)).run()
    assert not app.exception
    assert app.number_input(key="pc_lon").label == "X（东向，米）"
    assert app.dataframe[0].value.iloc[0]["街道"] == "粤海街道"
