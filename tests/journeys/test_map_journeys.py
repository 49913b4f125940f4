"""Planner journeys on the 地图 Map page."""

from __future__ import annotations

from devtools.live_app import MAP_IFRAME, goto_app_page, wait_app_idle, wait_map_drawn


def _leaflet(page, script: str):
    """Evaluate ``script`` (a JS function of the L.Map) inside the map's iframe."""
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    return frame.evaluate("(src) => { const map = Object.values(window)"
                          ".find(v => v instanceof L.Map); return eval(src)(map); }", script)


def test_uploaded_register_is_drawn_on_the_map(journey, tmp_path):
    """Upload a small WGS-84 register on 数据, use it as enterprises, open 地图: the
    map is drawn with the register's points (clusters or markers with popups)."""
    page = journey.page
    journey.open("data")
    journey.upload(tmp_path / "register.csv",
                   "名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
                   "乙公司,113.9400,22.5400,生物医药\n丙公司,114.0580,22.5430,新材料\n")
    page.get_by_text(journey.text("3 行有效", "3 valid")).first.wait_for(timeout=60_000)
    journey.tick_use_as_enterprises()
    # the page confirms before the user moves on
    page.get_by_text(journey.text("已保存到工作区", "Saved in the workspace as")
                     ).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    goto_app_page(page, journey.text("地图", "Map"))
    wait_map_drawn(page)
    wait_app_idle(page)
    caption = journey.text("3 家企业（上传）", "3 enterprises (uploaded)")
    page.get_by_text(caption).first.wait_for(timeout=30_000)
    # the register's points sit in the marker cluster (however they cluster on screen)
    n = _leaflet(page, "(map) => { let n = 0; map.eachLayer(l => { if (l instanceof "
                       "L.MarkerClusterGroup) n += l.getLayers().length; }); return n; }")
    assert n == 3, n
    journey.shot("map_uploaded_register")
    # back on 数据 the page says the register is in use (it used to be dropped on return)
    goto_app_page(page, journey.text("数据", "Data"))
    page.get_by_text(journey.text("正在使用的企业名录：register.csv",
                                  "Register in use: register.csv")).first.wait_for(
        timeout=30_000)
    goto_app_page(page, journey.text("地图", "Map"))
    page.get_by_text(caption).first.wait_for(timeout=30_000)


def _map_page(journey):
    journey.open()
    frame = wait_map_drawn(journey.page)
    wait_app_idle(journey.page)
    return frame


def _dark_pixels(page, path, at_least: int = 3000) -> int:
    """Pixels darker than mid-grey in a screenshot of the map (outlines drawn)."""
    from PIL import Image

    page.locator(MAP_IFRAME).first.screenshot(path=str(path))
    with Image.open(path) as im:
        return sum(im.convert("L").histogram()[:110])


def test_the_map_of_the_shipped_data_draws_offline_with_its_counts(journey, tmp_path):
    page = journey.page
    frame = _map_page(journey)
    assert _dark_pixels(page, tmp_path / "map.png") > 3000  # district outlines drawn
    assert "OpenStreetMap contributors" in frame.locator(
        ".leaflet-control-attribution").inner_text()
    caption = page.locator("[data-testid='stCaptionContainer']").first.inner_text()
    assert "39 / 39" in caption and "81" in caption
    assert journey.text("家企业（精选样本）", "sample") in caption
    # precision circles are a layer shown on request only
    assert _leaflet(page, "(map) => { let n = 0; map.eachLayer(l => { if (l instanceof "
                          "L.Circle) n++; }); return n; }") == 0
    journey.shot("map_shipped")


def test_clicking_an_area_lists_every_area_there_with_grade_and_method(journey):
    page = journey.page
    frame_loc = _map_page(journey)
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    # 前海（宝安）in 西乡街道: 前海, the 前海（宝安）cluster, 宝安园区 and its 西乡铁仔山片区
    xy = frame.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([22.60, 113.85], 13, {animate: false});
        const p = map.latLngToContainerPoint([22.60, 113.85]);
        return [p.x, p.y]; }""")
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    popup = frame_loc.locator(".leaflet-popup").first
    popup.wait_for(timeout=10_000)
    ids = popup.get_attribute("data-area-ids").split()
    assert len(ids) >= 3, ids
    text = popup.inner_text()
    assert journey.text("前海", "Qianhai") in text
    assert "seeds/" not in popup.inner_html() and ".txt" not in popup.inner_html()
    popup.locator("summary").first.click()
    assert journey.text("边界等级", "Boundary grade") in popup.inner_text()
    journey.shot("map_popup_list")


def test_colouring_by_sector_redraws_the_map_with_a_sector_legend(journey):
    page = journey.page
    _map_page(journey)
    page.get_by_text(journey.text("重点领域", "focus sector")).first.click()
    wait_app_idle(page)
    frame = wait_map_drawn(page).first
    frame.get_by_text(journey.text("生物医药与健康", "Biomedicine")).first.wait_for(
        timeout=30_000)
    journey.shot("map_sector")


def _search(page, journey, term: str) -> None:
    page.locator("[data-testid='stSelectbox']", has_text=journey.text(
        "搜索区域或设施", "Find an area or facility")).first.click()
    page.keyboard.type(term)
    page.keyboard.press("Enter")


def _view_holds(page, points: list[list[float]], timeout_s: float = 60) -> list[bool]:
    """Poll the redrawn map's view until it holds every (lat, lon); return what it
    holds at the end."""
    import time

    from playwright.sync_api import Error as PlaywrightError
    deadline, shows = time.monotonic() + timeout_s, None
    while shows != [True] * len(points) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        try:
            wait_app_idle(page)
            frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
            shows = frame.evaluate("""(pts) => {
                const map = Object.values(window).find(v => v instanceof L.Map);
                if (!map) return null;
                const b = map.getBounds();
                return pts.map(p => b.contains(p)); }""", points)
        except PlaywrightError:  # the iframe was replaced mid-call: look again
            shows = None
    return shows


def test_search_frames_the_area_and_the_whole_city(journey):
    page = journey.page
    _map_page(journey)
    _search(page, journey, journey.text("前海深港", "Qianhai"))
    assert _view_holds(page, [[22.53, 113.90]]) == [True]  # 前海
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    zoom = frame.evaluate("() => Object.values(window).find(v => v instanceof L.Map)"
                          ".getZoom()")
    from core import settings
    assert zoom > settings.MAP_ZOOM  # framed on the area, not the city
    journey.shot("map_search_qianhai")
    _search(page, journey, journey.text("全市", "Whole city"))
    assert _view_holds(page, [[22.86, 115.03], [22.55, 113.93]]) == [True, True]


def test_a_register_above_the_cluster_limit_is_drawn_as_a_count_grid(journey, tmp_path):
    """25,000 synthetic firms (generated here, test data): the map draws the 1 km
    count grid instead of 25,000 markers."""
    import numpy as np
    page = journey.page
    journey.open("data")
    rng = np.random.default_rng(1)
    n = 25_000
    lon, lat = rng.uniform(113.92, 114.08, n), rng.uniform(22.56, 22.62, n)  # on land
    journey.upload(tmp_path / "big.csv", "名称,经度,纬度,行业\n" + "".join(
        f"企业{i},{lon[i]:.6f},{lat[i]:.6f},智能终端\n" for i in range(n)))
    page.get_by_text(journey.text("共 25,000 行", "25,000 rows")).first.wait_for(
        timeout=90_000)
    journey.tick_use_as_enterprises()
    page.get_by_text(journey.text("已保存到工作区", "Saved in the workspace as")
                     ).first.wait_for(timeout=90_000)
    wait_app_idle(page)
    goto_app_page(page, journey.text("地图", "Map"))
    wait_map_drawn(page)
    wait_app_idle(page)
    page.get_by_text(journey.text("家企业（上传）", "enterprises (uploaded)")
                     ).first.wait_for(timeout=60_000)
    cells = _leaflet(page, "(map) => { let n = 0; map.eachLayer(l => { if (l.feature && "
                           "l.feature.properties && l.feature.properties.c) n++; });"
                           " return n; }")
    assert cells > 50, cells
    journey.shot("map_register_grid")


def test_the_profile_of_a_searched_area_downloads_as_a_two_page_pdf(journey, tmp_path):
    """Search 深圳湾创新集群区, press 生成区域画像, download it: two A4 pages naming the
    area, its boundary grade and the plan, in the page's language."""
    import io

    from pypdf import PdfReader

    page = journey.page
    _map_page(journey)
    _search(page, journey, journey.text("深圳湾创新", "Shenzhen Bay Innovation"))
    # the map has framed the area and said where it is (the URL carries it)
    page.wait_for_function("() => new URLSearchParams(location.search).has('map_view')",
                           timeout=60_000)
    wait_app_idle(page)
    page.get_by_role("button", name=journey.text("生成区域画像", "Area profile (PDF)")
                     ).first.click()
    button = page.get_by_role("button", name=journey.text("下载区域画像（PDF）",
                                                          "Download the area profile (PDF)"))
    button.first.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as dl:
        button.first.click()
    path = tmp_path / "profile.pdf"
    dl.value.save_as(path)
    assert dl.value.suggested_filename == f"profile_c01_shenzhen_bay_{journey.lang}.pdf"
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 2
    w, h = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox[2:])
    assert round(w) == 210 and round(h) == 297  # A4 portrait, mm
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert journey.text("深圳湾创新集群区", "Shenzhen Bay") in text
    assert journey.text("区域画像", "Area profile") in text
    assert journey.text("面积与边界", "Area and boundary") in text
    journey.shot("map_profile_download")
    from tests.journeys.conftest import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"map_profile_{journey.lang}.pdf").write_bytes(path.read_bytes())
