"""The page URL carries the view (app_pages/url_state.py): AppTest runs of app.py with a
link's query string, and the parsers that keep hostile values out."""

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import url_state
from core.taxonomy import load_taxonomy
from tests.conftest import ROOT


def _open(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_plain_view_keeps_a_short_url():
    at = _open()
    assert dict(at.query_params) == {"lang": "zh"}


def test_a_link_restores_filters_search_colouring_and_language():
    at = _open(lang="en", f_industries="brain_science,semiconductor_ic", f_categories="lab",
               map_search="d:d_nanshan", color_by="sector")
    assert at.title[0].value == "Shenzhen Innovation-Cluster Map"
    assert at.sidebar.multiselect(key="f_industries").value == ["brain_science",
                                                                "semiconductor_ic"]
    assert at.sidebar.multiselect(key="f_categories").value == ["lab"]
    assert at.selectbox(key="map_search").value == "d:d_nanshan"
    assert at.radio(key="color_by").value == "sector"
    # and the URL still carries them (written back, not lost on the first run)
    assert at.query_params["f_industries"] == "brain_science,semiconductor_ic"
    assert at.query_params["map_search"] == "d:d_nanshan"


def test_a_link_names_the_placement_page_and_its_point():
    at = _open(page="placement", pc_lon="113.933", pc_lat="22.742",
               pc_industry="semiconductor_ic")
    assert at.title[0].value == "选址核查"
    assert [n.value for n in at.number_input][:2] == [113.933, 22.742]
    assert at.selectbox(key="pc_industry").value == "semiconductor_ic"
    assert at.dataframe[0].value.iloc[0]["区"] == "光明区"
    assert at.query_params["page"] == "placement"


@pytest.mark.parametrize("query", [
    {"f_industries": "<script>alert(1)</script>", "pc_lon": "abc"},
    {"f_categories": "lab,<img src=x onerror=alert(1)>,lab", "color_by": "<b>x</b>",
     "tiles": "javascript:alert(1)", "lang": "xx"},
    {"page": "../../etc/passwd", "map_search": "a:<script>", "pc_crs": "evil"},
    {"page": "placement", "pc_lon": "nan", "pc_lat": "1e999", "pc_industry": "<svg>",
     "pc_crs": "epsg4547;drop"},
    {"map_search": "a:no_such_area", "f_industries": "x" * 5000},
])
def test_a_hostile_or_unknown_value_is_ignored(query):
    at = _open(**query)
    assert at.sidebar.multiselect(key="f_industries").value == []
    if query.get("page") == "placement":
        assert [n.value for n in at.number_input][:2] == [url_state.PC_DEFAULT_LON,
                                                          url_state.PC_DEFAULT_LAT]
        assert at.selectbox(key="pc_crs").value == "wgs84"
    else:
        assert at.title[0].value == "深圳创新集群地图"
        assert at.selectbox(key="map_search").value is None
        assert at.radio(key="color_by").value == "kind"
    assert at.sidebar.multiselect(key="f_categories").value == (
        ["lab"] if "f_categories" in query else [])
    for v in at.query_params.values():  # nothing hostile is written back
        assert "<" not in v and "javascript" not in v and "/" not in v


def test_after_the_first_run_the_sessions_own_choices_win():
    at = _open(f_industries="brain_science")
    at.sidebar.multiselect(key="f_industries").set_value([]).run()
    assert at.sidebar.multiselect(key="f_industries").value == []
    assert "f_industries" not in at.query_params  # back to the default: removed
    at.sidebar.multiselect(key="f_categories").set_value(["university"]).run()
    assert at.sidebar.multiselect(key="f_industries").value == []  # not read again
    assert at.query_params["f_categories"] == "university"


def test_moving_the_point_writes_it_and_leaving_the_page_drops_it():
    at = _open(page="placement")
    assert "pc_lon" not in at.query_params  # the default point is not written
    at.number_input(key="pc_lon").set_value(114.05).run()
    assert at.query_params["pc_lon"] == "114.05"
    at.switch_page("app_pages/stats_page.py").run()
    assert not at.exception
    assert at.query_params.get("page") == "stats" and "pc_lon" not in at.query_params


def test_parsers_take_only_what_the_page_offers():
    spec = url_state.carried(load_taxonomy())
    assert spec["f_industries"].parse(["brain_science", "brain_science,nope"]) == [
        "brain_science"]
    assert spec["f_industries"].parse(["<script>"]) is None
    for bad in ("abc", "nan", "inf", "1e999", "0x10", "1_000", " 1", "", "1" * 300):
        assert spec["pc_lon"].parse([bad]) is None, bad
    assert spec["pc_lon"].parse(["-12.5e1"]) == -125.0
    assert spec["pc_lon"].write(113.9) == "113.9"
    assert spec["map_search"].parse(["a:qianhai"]) == "a:qianhai"
    for bad in ("a:<b>", "javascript:x", "a:", "q:x", "all;x"):
        assert spec["map_search"].parse([bad]) is None, bad
    assert spec["color_by"].parse(["sector"]) == "sector"
    assert spec["tiles"].parse(["evil"]) is None


def test_a_map_view_is_a_centre_and_a_whole_zoom_near_shenzhen():
    parse = url_state.carried(load_taxonomy())["map_view"].parse
    assert parse(["22.53412,113.93412,14"]) == (22.53412, 113.93412, 14)
    for bad in ["22.5,113.9", "22.5,113.9,14.5", "91,113.9,12", "22.5,113.9,40",
                "40.0,116.4,12", "22.5,abc,12", "nan,113.9,12", "22.5,113.9,12,1", ""]:
        assert parse([bad]) is None, bad
    assert url_state.map_view_of({"center": {"lat": 22.5341234, "lng": 113.9341234},
                                  "zoom": 14}) == (22.53412, 113.93412, 14)
    assert url_state.map_view_of(None) is None
    assert url_state.map_view_of({"center": None, "zoom": 3}) is None


def test_a_link_with_a_map_view_opens_the_map_there_and_keeps_it_in_the_url():
    at = _open(map_view="22.53412,113.93412,14")
    assert at.session_state["map_view"] == (22.53412, 113.93412, 14)
    assert at.query_params["map_view"] == "22.53412,113.93412,14"
