"""Land-use staff journeys on the 边界 Boundaries page: a boundary drawn in the app is
saved as a new version of an area, becomes the active one, and 统计 counts with it
and names it."""

from __future__ import annotations

import re

import pytest

from devtools.live_app import (
    CAPTION,
    MAP_IFRAME,
    goto_app_page,
    wait_app_idle,
    wait_map_drawn,
)
from tests.journeys.conftest import serve

AREA_ZH, AREA_EN = "深圳高新区深圳湾创新集群区", "Shenzhen High-Tech Zone Shenzhen Bay"
# each journey edits its own area (the journeys of this file share one server and workspace)
GUANGMING = ("光明科学城", "Guangming Science City")
XILI = ("西丽湖国际科教城", "Xili Lake International Science and Education City")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """This file's own app server and workspace: the versions its journeys save become
    the active boundaries of 深圳湾, 光明 and 西丽湖, which the other journeys (sharing
    their worker's server) count with and must not see."""
    yield from serve(tmp_path_factory)


def _km2(text: str) -> float:
    """The first "<number> km²" in ``text``."""
    return float(re.search(r"([\d,]+\.\d+)\s*km²", text).group(1).replace(",", ""))


def _pick_area(journey, name: tuple[str, str] = (AREA_ZH, AREA_EN)) -> None:
    page = journey.page
    page.locator("[data-testid='stSelectbox']", has_text=journey.text(
        "区域或片区", "Area or 片区")).first.click()
    page.keyboard.type(journey.text(*name))  # the list shows its first options only
    page.get_by_role("option", name=journey.text(*name)).first.click()
    wait_app_idle(page)
    page.locator(CAPTION, has_text=journey.text("当前版本：", "Active version:")
                 ).first.wait_for(timeout=30_000)


def _active_caption(page, journey) -> str:
    return page.locator(CAPTION, has_text=journey.text("当前版本：", "Active version:")
                        ).first.inner_text()


def _new_km2(page) -> float:
    """The km² of the new boundary the page shows."""
    metric = page.locator("[data-testid='stMetric']").filter(
        has_text=re.compile("新边界|New boundary")).first
    metric.wait_for(timeout=30_000)
    wait_app_idle(page)
    return float(metric.locator("[data-testid='stMetricValue']").inner_text()
                 .replace(",", ""))


def _save(journey, note: str) -> tuple[int, str]:
    """Type ``note`` and save: (the version the success message names, the caption of
    the version in force after)."""
    page = journey.page
    box = page.locator("[data-testid='stTextArea'] textarea").first
    box.fill(note)
    box.press("Control+Enter")
    wait_app_idle(page)
    page.get_by_role("button", name=journey.text("保存为新版本", "Save as a new version")
                     ).first.click()
    wait_app_idle(page)
    saved = page.locator("[data-testid='stAlertContentSuccess']").first
    saved.wait_for(timeout=30_000)
    version = int(re.search(r"#(\d+)", saved.inner_text()).group(1))
    return version, _active_caption(page, journey)


def _reload_versions(journey, tries: int = 3) -> None:
    """Click "Reload the versions" until the warning that another version became active
    is gone (a click landing while the page reruns is lost; a user clicks again)."""
    from playwright.sync_api import Error as PlaywrightError

    page = journey.page
    moved = page.locator("[data-testid='stAlertContentWarning']")
    for attempt in range(tries):
        wait_app_idle(page)
        page.get_by_role("button", name=journey.text("载入最新版本", "Reload the versions")
                         ).first.click()
        try:
            moved.first.wait_for(state="detached", timeout=15_000)
            wait_app_idle(page)
            return
        except PlaywrightError:
            if attempt == tries - 1:
                raise


def _draw_polygon(page) -> None:
    """Draw a four-cornered polygon in the middle of the boundary map with the polygon
    tool, closing it on its first corner, until the page shows the new boundary."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        wait_map_drawn(page)
        wait_app_idle(page)
        page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
        page.frame_locator(MAP_IFRAME).first.locator(".leaflet-draw-draw-polygon").click()
        box = page.locator(MAP_IFRAME).first.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        corners = [(cx - 70, cy - 40), (cx + 60, cy - 50), (cx + 70, cy + 45),
                   (cx - 50, cy + 40)]
        for x, y in [*corners, corners[0]]:
            page.mouse.click(x, y)
            page.wait_for_timeout(250)
        try:
            page.locator("[data-testid='stMetric']", has_text="km²").filter(
                has_text=re.compile("新边界|New boundary")).first.wait_for(timeout=20_000)
            wait_app_idle(page)
            return
        except PlaywrightError:
            if attempt == 2:
                raise


def test_a_drawn_boundary_is_saved_as_the_active_version_and_statistics_use_it(journey):
    page = journey.page
    journey.open("boundaries")
    page.locator("[data-testid='stMain'] h1").get_by_text(
        journey.text("边界", "Boundaries")).first.wait_for(timeout=60_000)
    _pick_area(journey)
    before = _active_caption(page, journey)
    before_km2 = _km2(before)
    journey.shot("boundary_before")

    _draw_polygon(page)
    drawn_km2 = _new_km2(page)
    assert 0 < drawn_km2 < before_km2
    version, after = _save(journey, journey.text("按规划图重新勾绘（测试）",
                                                 "redrawn from the plan map (test)"))
    assert f"#{version}" in after
    assert abs(_km2(after) - drawn_km2) < 0.01
    journey.shot("boundary_saved", whole=True)

    goto_app_page(page, journey.text("统计", "Coverage"))
    named = page.locator(CAPTION, has_text=journey.text("边界版本", "Boundary versions")
                         ).filter(has_text=journey.text(AREA_ZH, AREA_EN)).first
    named.wait_for(timeout=60_000)
    line = named.inner_text()
    assert f"#{version}" in line
    stats_km2 = _km2(line[line.index(journey.text(AREA_ZH, AREA_EN)):])
    assert abs(stats_km2 - drawn_km2) < 0.01
    assert abs(stats_km2 - before_km2) > 0.01
    journey.shot("boundary_stats", whole=True)


def _drag_a_vertex_outward(page) -> None:
    """With the edit tool on, drag the active boundary's first vertex 30 px away from
    the map's centre, then click the edit toolbar's Save."""
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-draw-edit-edit").click()
    icon = frame.locator(".leaflet-editing-icon").first
    icon.wait_for(timeout=10_000)
    box, at = page.locator(MAP_IFRAME).first.bounding_box(), icon.bounding_box()
    x, y = at["x"] + at["width"] / 2, at["y"] + at["height"] / 2
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    norm = max(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5, 1.0)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30 * (x - cx) / norm, y + 30 * (y - cy) / norm, steps=8)
    page.mouse.up()
    frame.locator(".leaflet-draw-actions a", has_text="Save").first.click()


def test_moving_a_vertex_of_the_active_boundary_saves_the_edited_boundary(journey):
    page = journey.page
    journey.open("boundaries")
    _pick_area(journey, GUANGMING)
    before_km2 = _km2(_active_caption(page, journey))
    page.get_by_text(journey.text("修改当前边界", "Edit the active boundary")).first.click()
    wait_app_idle(page)
    wait_map_drawn(page)
    _drag_a_vertex_outward(page)
    edited_km2 = _new_km2(page)
    assert edited_km2 > before_km2  # the vertex moved outward
    journey.shot("boundary_edited", whole=True)
    version, after = _save(journey, journey.text("按红线调整一个顶点（测试）",
                                                 "one vertex moved to the red line (test)"))
    assert f"#{version}" in after
    assert abs(_km2(after) - edited_km2) < 0.01


def test_a_save_after_another_editor_saved_is_refused_and_the_drawing_is_kept(
        journey, browser, server):
    from tests.journeys.conftest import Journey

    page = journey.page
    journey.open("boundaries")
    _pick_area(journey, XILI)  # this editor starts from the version in force now
    # another editor, in another browser, saves a boundary of the same area first
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = Journey(context.new_page(), server, journey.lang)
        other.open("boundaries")
        _pick_area(other, XILI)
        _draw_polygon(other.page)
        theirs, _ = _save(other, "other editor (test)")
        other.assert_clean()
    finally:
        context.close()

    _draw_polygon(page)
    mine_km2 = _new_km2(page)
    page.locator("[data-testid='stTextArea'] textarea").first.fill("mine (test)")
    page.get_by_role("button", name=journey.text("保存为新版本", "Save as a new version")
                     ).first.click()
    wait_app_idle(page)
    refused = page.locator("[data-testid='stAlertContentError']").first
    refused.wait_for(timeout=30_000)
    text = refused.inner_text()
    assert journey.text("未保存", "Not saved") in text
    # the workspace's own words, in the page's language
    assert journey.text(f"版本 {theirs} 已被", f"version {theirs} was made active by") in text
    assert _new_km2(page) == mine_km2  # the drawing is still there
    journey.shot("boundary_conflict", whole=True)
    _reload_versions(journey)
    assert _new_km2(page) == mine_km2
    version, after = _save(journey, "mine, after comparing (test)")
    assert version > theirs and f"#{version}" in after


def _gcj02_square_geojson() -> str:
    """A SYNTHETIC square in 粤海街道 (WGS-84 113.940–113.955 E, 22.530–22.545 N) with its
    corners in GCJ-02, as a GeoJSON that does not say so (GCJ-02 has no EPSG code)."""
    import json

    from core import crs as crs_mod

    lon = [113.940, 113.955, 113.955, 113.940, 113.940]
    lat = [22.530, 22.530, 22.545, 22.545, 22.530]
    x, y = crs_mod.from_wgs84(lon, lat, "gcj02")
    ring = [[float(a), float(b)] for a, b in zip(x, y, strict=True)]
    return json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]}}]})


def test_an_uploaded_gcj02_file_is_saved_and_an_older_version_made_active_again(
        journey, tmp_path):
    page = journey.page
    journey.open("boundaries")
    _pick_area(journey)
    _draw_polygon(page)  # a drawn version first: the one made active again at the end
    drawn, _ = _save(journey, journey.text("勾绘（测试）", "drawn (test)"))
    drawn_km2 = _km2(_active_caption(page, journey))

    page.get_by_text(journey.text("边界文件", "A boundary file")).first.click()
    wait_app_idle(page)
    journey.upload(tmp_path / "红线表.csv", "a,b\n1,2\n")  # a table is refused, by name
    refused = page.locator("[data-testid='stAlertContentError']").first
    refused.wait_for(timeout=30_000)
    assert "红线表.csv" in refused.inner_text()
    page.locator("[data-testid='stSelectbox']", has_text=journey.text(
        "文件坐标系", "coordinate system")).first.click()
    page.get_by_role("option", name=journey.text("GCJ-02（高德、腾讯）",
                                                 "GCJ-02 (Amap, Tencent)")).first.click()
    wait_app_idle(page)
    journey.upload(tmp_path / "红线.geojson", _gcj02_square_geojson())
    wait_app_idle(page)
    # the square, back in WGS-84, measured in EPSG:4547 (2.5631 km² from its WGS-84 corners)
    assert abs(_new_km2(page) - 2.563) < 0.002
    filed, after = _save(journey, journey.text("规划局红线（测试）", "planning red line (test)"))
    assert f"#{filed}" in after and "红线.geojson" in after  # the file named as the source
    assert journey.text("官方边界", "official") in after
    journey.shot("boundary_uploaded", whole=True)

    page.get_by_role("button", name=journey.text("设为当前版本", "Make it active")).first.click()
    wait_app_idle(page)
    # the message naming the drawn version (the save's message goes with the rerun)
    page.locator("[data-testid='stAlertContentSuccess']", has_text=f"#{drawn}").first \
        .wait_for(timeout=30_000)
    wait_app_idle(page)
    now = _active_caption(page, journey)
    assert f"#{drawn}" in now and abs(_km2(now) - drawn_km2) < 0.001
    journey.shot("boundary_reactivated", whole=True)
