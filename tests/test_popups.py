"""Area popups written for planners, and a click that reaches every area at a point."""

import json
import re
import shutil
from pathlib import Path

import pytest
from shapely.geometry import Point

from data.areas import load_areas
from maps.folium import areas as area_layers
from maps.folium import basemap
from maps.folium.popups import for_people, plan_citation, source_list, table

#: A point in 前海（宝安）, whose cluster polygon and two of its 片区 are one polygon.
QIANHAI_BAOAN_POINT = (113.83, 22.62)  # lon, lat
# the areas at that point (in 航城街道): the cluster and its 深中通道门户区 片区 (the
# 深港先进制造业合作区 lies in 福海/沙井 since issue 18)
SAME_POLYGON = ("c07_qianhai_baoan", "c07_shenzhong_gateway")


def _id_pattern(ids):
    return re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, ids))
                      + r")(?![A-Za-z0-9_])")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_area_popups_show_no_file_path_raw_id_or_build_note(lang):
    areas = load_areas()
    ids = _id_pattern(list(areas["id"]))
    for _, row in areas.iterrows():
        html = area_layers.area_popup_html(row, lang=lang)
        for internal in ("seeds/", ".txt", ".geojson", "geodata/", ".md", "[band", "["):
            assert internal not in html, (row["id"], internal)
        assert not ids.search(html), (row["id"], ids.search(html).group(0))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_area_popups_keep_grade_error_bound_method_plan_and_sources(lang):
    row = load_areas().set_index("id", drop=False).loc["qianhai"]
    rows = dict(area_layers.area_popup_rows(row, lang=lang))
    grade = rows["边界等级" if lang == "zh" else "Boundary grade"]
    assert "± 1,500" in grade
    method = rows["边界来源方法" if lang == "zh" else "Boundary method"]
    assert ("拟合带宽：2,292 米" if lang == "zh" else "Fitted band width: 2,292 m") in method
    assert rows["规划依据" if lang == "zh" else "Plan section"] == \
        "《深圳市科技创新“十四五”规划》§三(三) 7–9"
    sources = rows["来源" if lang == "zh" else "Source"]
    assert isinstance(sources, list) and len(sources) == 3
    assert any("shenzhenjia.cn" in s for s in sources)  # the URLs stay
    assert any("OpenStreetMap, ODbL" in s for s in sources)


def test_a_pointer_to_another_area_names_it():
    row = load_areas().set_index("id", drop=False).loc["c07_qianhai_baoan"]
    rows = dict(area_layers.area_popup_rows(row, lang="zh"))
    assert "见前海深港现代服务业合作区" in rows["来源"]
    kids = load_areas().set_index("id", drop=False).loc["c02_pingshan"]
    method = area_layers.method_text(kids, "en")
    assert "Pingshan Park North Sub-area" in method and "c02_" not in method


def test_labels_stay_on_one_line_and_values_wrap_by_words():
    html = table([("产业方向（规划原文）", "a long value " * 20), ("来源", ["x", "y"])],
                 title="甲")
    assert html.count("<th style='") == 2
    assert all("white-space:nowrap" in th for th in re.findall(r"<th style='[^']*'", html))
    assert "overflow-wrap:anywhere" in html and "max-width:440px" in html
    assert html.count("<div style='margin-bottom:2px'>") == 2  # one line per source


def test_for_people_cites_the_plan_and_writes_out_paths_ids_and_notes():
    assert plan_citation("《深圳市科技创新“十四五”规划》(seeds/000_fd5c39e6cab42f66.txt) §七(一)") \
        == "《深圳市科技创新“十四五”规划》§七(一)"
    names = {"qianhai": "前海", "c02_pingshan": "坪山", "c02_pingshan_north": "坪山北"}
    assert for_people("union of (c02_pingshan_north, c02_pingshan); see qianhai",
                      lang="zh", names=names) == "union of (坪山北, 坪山); 见前海"
    assert for_people("band. [band width fitted: 2,292 m]", lang="en") == \
        "band. Fitted band width: 2,292 m."
    assert for_people("x (see geodata/SOURCES.md)", lang="en") == \
        "x (see the sources on the Data page)"
    assert for_people("from data/other/file.csv and [a note]", lang="en") == \
        "from and (a note)"
    assert for_people(None) == "" and for_people(float("nan")) == ""
    assert source_list("a; b; a", lang="zh") == ["a", "b"]


def _click_list(html: str) -> tuple[int, dict]:
    """(number of area GeoJSON layers, the click list's texts per area id)."""
    n = len(re.findall(r"\"area_id\": \"", html))
    info = json.loads(re.search(r"var texts = \{info: (\{.*?\}), order:", html,
                                re.S).group(1))
    return n, info


def test_one_click_handler_covers_every_area_polygon_and_lists_details_for_each():
    areas = load_areas()
    m = area_layers.add_areas(basemap.new_map(), areas, lang="zh")
    html = m.get_root().render()
    assert html.count("AreaClickList") == 0  # the element writes JS, not its name
    n, info = _click_list(html)
    assert n == len(areas)  # every polygon carries its area id for the list
    assert html.count('map.on("click"') == 1  # one handler for the map
    assert set(info) == set(areas["id"])
    for i, entry in info.items():
        assert "<details" in entry["item"] and "<summary" in entry["item"], i
        assert "seeds/" not in entry["item"] and "</script" not in entry["item"].lower()
    # the areas a click at the 前海（宝安） point lists: those there and 前海
    p = Point(*QIANHAI_BAOAN_POINT)
    here = set(areas.loc[areas.contains(p), "id"])
    assert here == {*SAME_POLYGON, "qianhai"}


def test_click_list_data_cannot_close_the_script_element():
    areas = load_areas().iloc[:1].copy()
    areas["name_zh"] = "</script><script>alert(1)</script>"
    html = area_layers.add_areas(basemap.new_map(), areas, lang="zh").get_root().render()
    _, info = _click_list(html)
    assert "<script>alert" not in html
    assert "&lt;/script&gt;" in next(iter(info.values()))["item"]


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_clicking_inside_qianhai_baoan_lists_all_its_areas_in_chromium(tmp_path):
    # Playwright's sync API refuses to run where an asyncio loop is running (an
    # earlier test may leave one in this thread): run it in a thread of its own
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_click_qianhai_baoan, tmp_path).result()


def _click_qianhai_baoan(tmp_path):
    lang = "zh"
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    areas = load_areas()
    m = basemap.new_map(location=QIANHAI_BAOAN_POINT[::-1], zoom=12)
    basemap.finish(area_layers.add_areas(m, areas, lang=lang))
    page_file = tmp_path / "map.html"
    m.save(str(page_file))
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 760})
            page.on("console", lambda msg: errors.append(msg.text)
                    if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(page_file.as_uri())
            page.wait_for_selector(".leaflet-container")
            x, y = page.evaluate(
                f"() => {{ const p = {m.get_name()}.latLngToContainerPoint("
                f"[{QIANHAI_BAOAN_POINT[1]}, {QIANHAI_BAOAN_POINT[0]}]); return [p.x, p.y]; }}")
            box = page.locator(".leaflet-container").bounding_box()
            page.mouse.click(box["x"] + x, box["y"] + y)
            popup = page.locator(".leaflet-popup")
            popup.wait_for()
            listed = popup.get_attribute("data-area-ids").split()
            assert set(listed) == {*SAME_POLYGON, "qianhai"}
            assert listed[0] == "qianhai"  # platform, cluster, then 片区
            text = popup.inner_text()
            named = areas.set_index("id").loc[list(SAME_POLYGON), "name_zh"]
            assert all(n in text for n in named)
            assert "此处有 3 个区域" in text
            # a name expands to its details, which stay open when the popup re-fits
            popup.locator("summary").nth(1).click()
            details = popup.locator("details").nth(1)
            assert details.get_attribute("open") is not None
            assert "按公布面积拟合 · ± 1,500 米" in details.inner_text()
            assert "seeds/" not in popup.inner_html()
            # a layer switched off in the layer control is no longer listed
            page.locator(".leaflet-control-layers").hover()
            page.locator(".leaflet-control-layers-overlays label",
                         has_text="片区").locator("input").uncheck()
            shown = page.evaluate(
                f"() => {m.get_name()}.areasAt(L.latLng({QIANHAI_BAOAN_POINT[1]}, "
                f"{QIANHAI_BAOAN_POINT[0]}))")
            assert shown == ["qianhai", "c07_qianhai_baoan"]
        finally:
            browser.close()
    assert errors == []
