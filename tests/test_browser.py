"""End to end in a real browser: Debian chromium, driven by Playwright, against
`streamlit run app.py` on localhost. Screenshots go to tests/artifacts/."""

import os
import time

import pytest

from devtools.live_app import (
    CHROMIUM,
    MAP_IFRAME,
    choose_industry,
    chromium_page,
    goto_app_page,
    streamlit_server,
    wait_app_idle,
    wait_map_drawn,
    wait_popup_shown,
    whole_page_screenshot,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"

if not os.path.exists(CHROMIUM):
    pytest.skip("Debian chromium is not installed (make sysdeps installs it)",
                allow_module_level=True)

pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server():
    try:
        with streamlit_server() as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as pg:
        pg.goto(server)
        yield pg



def _dark_pixels(page, name, *, at_least: int = 3000, timeout_s: float = 30) -> int:
    """Pixels darker than mid-grey in a screenshot of the visible map (outlines drawn).

    Polls until ``at_least`` are seen or ``timeout_s`` passes (Leaflet draws after the
    iframe appears; a rerun may replace the iframe mid-screenshot); returns the last
    count.
    """
    from PIL import Image
    from playwright.sync_api import Error as PlaywrightError
    path = ARTIFACTS / name
    deadline = time.monotonic() + timeout_s
    count = 0
    while True:
        try:
            page.locator(f"{MAP_IFRAME}:visible").first.screenshot(path=str(path),
                                                                   timeout=10_000)
            with Image.open(path) as im:
                count = sum(im.convert("L").histogram()[:110])
        except PlaywrightError:  # the iframe was replaced by a rerun: look again
            count = 0
        if count >= at_least or time.monotonic() > deadline:
            return count
        page.wait_for_timeout(300)


def test_map_shows_the_base_layers_offline(page):
    page.get_by_text("深圳创新集群地图").wait_for(timeout=60_000)
    frame = wait_map_drawn(page)
    # district outlines are drawn: thousands of dark pixels on the pale background
    assert _dark_pixels(page, "map_frame_zh.png") > 3000
    assert "OpenStreetMap contributors" in frame.locator(".leaflet-control-attribution").inner_text()
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map_zh.png"))
    assert not [e for e in page.console_errors if "L is not defined" in e]


def test_language_switch_to_english(page):
    page.get_by_text("English").click()
    page.get_by_text("Shenzhen Innovation-Cluster Map").wait_for(timeout=30_000)
    wait_map_drawn(page)
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map_en.png"))


def test_clicking_an_area_shows_its_boundary_grade_and_method(page):
    page.get_by_text("中文").click()
    page.get_by_text("深圳创新集群地图").wait_for(timeout=30_000)
    wait_app_idle(page)
    frame_loc = wait_map_drawn(page)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    # zoom to 粤海街道 (深圳湾 cluster) and click its middle
    point = frame.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([22.528, 113.944], 14, {animate: false});
        const p = map.latLngToContainerPoint([22.528, 113.944]);
        return [p.x, p.y];
    }""")
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    popup = wait_popup_shown(frame_loc)
    text = popup.inner_text()
    assert "深圳湾创新集群区" in text or "深圳湾" in text
    assert "边界等级" in text and "粤海街道" in text
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map_popup_zh.png"))


def test_upload_with_bad_rows_shows_the_report(page, tmp_path):
    page.get_by_text("中文").first.click()
    goto_app_page(page, "数据")
    # a hostile file name: markdown link, LaTeX and an emoji directive must show as typed
    name = "reg_[x](javascript:alert(1))_$y$_:red[z].csv"
    src = tmp_path / name
    src.write_text("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
                   "<script>alert(1)</script>,abc,22.5,生物医药\n乙公司,22.54,113.95,新材料\n",
                   encoding="gbk")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(src))
    page.get_by_text("被拒绝的行").wait_for(timeout=60_000)
    page.get_by_text("数据来源、许可与精度").wait_for(timeout=30_000)  # page fully drawn
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert f"{name}：共 3 行，1 行有效，2 行被拒" in body
    assert page.locator("[data-testid='stMain'] [data-testid='stAlert'] a").count() == 0
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "data_upload_zh.png"), full_page=True)
    assert not page.evaluate("() => window.__xss === 1")


def test_coverage_and_placement_pages_render(page):
    goto_app_page(page, "统计")
    page.get_by_text("各区覆盖统计").wait_for(timeout=60_000)
    page.get_by_text("区域重叠").first.wait_for(timeout=60_000)
    whole_page_screenshot(page, ARTIFACTS / "stats_zh.png")
    goto_app_page(page, "选址核查")
    page.get_by_text("结论").wait_for(timeout=60_000)
    # st.dataframe draws on a canvas; its accessible cells exist but are hidden
    page.get_by_text("粤海街道").first.wait_for(state="attached", timeout=30_000)
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "placement_zh.png"), full_page=True)


def test_drawing_a_site_lists_its_overlap_with_areas(page):
    goto_app_page(page, "选址核查")
    page.get_by_text("结论").wait_for(timeout=60_000)
    frames = page.locator(MAP_IFRAME)
    frames.first.wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-draw-draw-rectangle").click()
    box = frames.first.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx - 60, cy - 40)
    page.mouse.down()
    page.mouse.move(cx + 60, cy + 40, steps=8)
    page.mouse.up()
    page.get_by_text("拟选地块与各区域的重叠").wait_for(timeout=60_000)
    # the overlap grid lists planned areas and 街道 by name, with their layer
    page.get_by_text("规划区域").first.wait_for(state="attached", timeout=30_000)
    whole_page_screenshot(page, ARTIFACTS / "placement_site_zh.png", height=1800)


def test_colour_by_sector_redraws_the_map_with_a_sector_legend(page):
    goto_app_page(page, "地图")
    page.get_by_text("深圳创新集群地图").wait_for(timeout=60_000)
    page.get_by_text("重点领域").first.click()
    frame = wait_map_drawn(page)
    frame.get_by_text("生物医药与健康").first.wait_for(timeout=30_000)
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map_sector_zh.png"))


def test_whole_city_search_frames_the_shenshan_zone_too(page):
    from playwright.sync_api import Error as PlaywrightError
    goto_app_page(page, "地图")
    page.get_by_text("深圳创新集群地图").wait_for(timeout=60_000)
    wait_app_idle(page)
    page.locator("[data-testid='stSelectbox']", has_text="搜索区域或设施").first.click()
    page.keyboard.type("全市")
    page.keyboard.press("Enter")
    # the map is redrawn in a new iframe after the rerun: poll its view until it
    # holds both 深汕 (115.03 E) and 南山 (113.93 E)
    deadline, shows = time.monotonic() + 60, None
    while shows != [True, True] and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        try:
            wait_app_idle(page)
            frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
            shows = frame.evaluate("""() => {
                const map = Object.values(window).find(v => v instanceof L.Map);
                if (!map) return null;
                const b = map.getBounds();
                return [b.contains([22.86, 115.03]), b.contains([22.55, 113.93])];
            }""")
        except PlaywrightError:  # the iframe was replaced mid-call: look again
            shows = None
    assert shows == [True, True]
    page.screenshot(path=str(ARTIFACTS / "map_whole_city_zh.png"))


def test_filter_changes_the_map_and_the_coverage_csv_downloads(page, tmp_path):
    goto_app_page(page, "地图")
    before, after = choose_industry(page, "脑科学")
    assert after != before  # e.g. "39 / 39 · 47" → fewer areas and facilities
    wait_map_drawn(page)  # the filtered map is drawn again
    assert _dark_pixels(page, "map_frame_filtered_zh.png") > 3000
    wait_app_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map_filtered_zh.png"))
    goto_app_page(page, "统计")
    button = page.get_by_role("button", name="下载 CSV")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as dl:
        button.click()
    path = tmp_path / "coverage.csv"
    dl.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("id,") and "\ncity," in text and "c01_shenzhen_bay" in text
