"""Journeys on 数据 Data (a planner's register and its report) and 统计 Coverage (the
tables, charts and report-ready downloads)."""

from __future__ import annotations

from devtools.live_app import (
    CAPTION,
    MAP_IFRAME,
    wait_app_idle,
    wait_map_drawn,
    wait_popup_shown,
)


def test_an_upload_with_bad_rows_lists_them_and_shows_user_text_as_typed(journey, tmp_path):
    page = journey.page
    journey.open("data")
    # a hostile file name: markdown link, LaTeX and a directive must show as typed
    name = "reg_[x](javascript:alert(1))_$y$_:red[z].csv"
    journey.upload(tmp_path / name, "名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
                   "<script>alert(1)</script>,abc,22.5,生物医药\n乙公司,22.54,113.95,新材料\n",
                   encoding="gbk")
    page.get_by_text(journey.text("被拒绝的行", "Rejected rows")).first.wait_for(
        timeout=60_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    wait_app_idle(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert journey.text(f"{name}：共 3 行，1 行有效，2 行被拒",
                        f"{name}: 3 rows, 1 valid, 2 rejected") in body
    assert page.locator("[data-testid='stMain'] [data-testid='stAlert'] a").count() == 0
    assert not page.evaluate("() => window.__xss === 1")
    # the report's columns are in the page language (the grid is drawn on a canvas;
    # its accessible cells exist but are hidden)
    page.get_by_text(journey.text("修改建议", "Fix")).first.wait_for(state="attached",
                                                                      timeout=30_000)
    journey.shot("data_upload", whole=True)


def test_the_coverage_page_downloads_report_ready_tables(journey, tmp_path):
    import openpyxl

    page = journey.page
    journey.open("stats")
    page.get_by_text(journey.text("各区覆盖统计", "Coverage by area")).first.wait_for(
        timeout=60_000)
    # every table and both charts have arrived (not their loading skeletons)
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stDataFrame']\")"
                           ".length >= 4 && document.querySelectorAll(\"[data-testid="
                           "'stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg\")"
                           ".length >= 2", timeout=60_000)
    wait_app_idle(page)
    journey.shot("stats", whole=True)
    # the coverage table's own button (the change-over-time section below has one too
    # once the workspace holds two registers)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=journey.text("下载 CSV", "Download CSV")).first.click()
    path = tmp_path / "coverage.csv"
    dl.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("#")  # metadata lines first
    assert "EPSG:4547" in text and "c01_shenzhen_bay" in text  # CRS stated, ids kept
    assert journey.text("面积（km²，EPSG:4547）", "Area (km², EPSG:4547)") in text
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=journey.text("下载 Excel", "Download Excel")).click()
    path = tmp_path / "coverage.xlsx"
    dl.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    assert journey.text("说明", "About this file") in wb.sheetnames
    assert journey.text("覆盖统计", "Coverage") in wb.sheetnames
    # the buttons are still there after downloading
    assert page.get_by_role("button", name=journey.text("下载 CSV", "Download CSV")).count()


def _grid(page) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the first data grid as its accessible table holds them (the
    grid is drawn on a canvas; its table holds the columns and rows in view)."""
    grid = page.locator("[data-testid='stDataFrame']").first
    heads = grid.evaluate("el => [...el.querySelectorAll('[role=columnheader]')]"
                          ".map(h => h.textContent)")
    rows = grid.evaluate("el => [...el.querySelectorAll('[role=row]')].map(r => "
                         "[...r.querySelectorAll('[role=gridcell]')].map(c => c.textContent))"
                         ".filter(r => r.length)")
    return heads, rows


def test_the_coverage_table_tells_surely_inside_from_uncertain_and_marks_lower_bounds(
        journey):
    """统计: each area's facilities and enterprises split into surely inside, uncertain
    and area-level beside the count, and the densities of an envelope marked as lower
    bounds; the page says what the split means."""
    page = journey.page
    journey.open("stats")
    sure = journey.text("设施：确定在内", "Facilities surely inside")
    page.get_by_text(sure).first.wait_for(state="attached", timeout=60_000)
    page.get_by_role("button", name=journey.text("下载 Excel", "Download Excel")
                     ).wait_for(timeout=60_000)  # the run has reached the downloads
    wait_app_idle(page)
    captions = " ".join(page.locator(CAPTION).all_inner_texts())
    assert journey.text("计数分为“确定在内”", "Counts are split into surely inside") in captions
    journey.shot("stats_certainty")
    # a wide window shows every column, as a planner scrolling sideways would see them
    page.set_viewport_size({"width": 3600, "height": 1000})
    flag = journey.text("密度为下限", "Density is a lower bound")
    page.get_by_text(flag).first.wait_for(state="attached", timeout=30_000)
    wait_app_idle(page)
    heads, rows = _grid(page)
    col = {h: i for i, h in enumerate(heads)}
    facilities, uncertain, level, grade = (journey.text(*w) for w in (
        ("设施数", "Facilities"), ("设施：不确定", "Facilities uncertain"),
        ("设施：仅知所在区域", "Facilities area-level"), ("边界等级", "Boundary grade")))
    assert {sure, uncertain, level, flag, journey.text("企业：确定在内",
                                                         "Enterprises surely inside")} <= set(col)
    envelope = journey.text("外包范围（偏大）", "envelope (overstates)")
    mark = journey.text("下限", "lower bound")
    assert len(rows) >= 5
    for row in rows:
        n, s, u, a = (int(row[col[c]]) for c in (facilities, sure, uncertain, level))
        assert s + u == n and a <= n, row
        assert (row[col[flag]] == mark) == (row[col[grade]] == envelope), row
    assert any(row[col[grade]] == envelope for row in rows)
    journey.shot("stats_certainty_wide")
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_the_map_draws_area_level_facilities_as_one_labelled_ring_per_area(journey):
    """地图: facilities known only to lie in an area are one dashed ring per area with
    their number, labelled "N facilities located only to <area>", listing them in its
    popup; the legend says what the ring means."""
    import re

    page = journey.page
    journey.open()
    frame = wait_map_drawn(page)
    wait_app_idle(page)
    rings = frame.locator(".sz-area-level [role='img']")
    rings.first.wait_for(state="attached", timeout=30_000)
    labels = rings.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    pattern = re.compile(journey.text(r"^(\d+) 个设施仅定位到(.+)（(.+)）$",
                                      r"^(\d+) facilities located only to (.+) \((.+)\)$"))
    facility_rings = [x for x in labels if pattern.match(x)]
    assert facility_rings, labels[:5]
    assert len(set(facility_rings)) == len(facility_rings)  # one ring per area or unit
    label = max(facility_rings, key=lambda x: int(pattern.match(x).group(1)))
    ring = frame.locator(f".sz-area-level [role='img'][aria-label='{label}']")
    assert ring.inner_text().strip() == pattern.match(label).group(1)  # its number shows
    ring.dispatch_event("mouseover")
    frame.locator(".leaflet-tooltip", has_text=label).first.wait_for(timeout=10_000)
    ring.dispatch_event("click")
    popup = wait_popup_shown(frame).inner_text()
    # the popup as the user sees it (a click reruns the page, which may close it later)
    from tests.journeys.conftest import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(MAP_IFRAME).first.screenshot(
        path=str(SHOTS / f"map_area_level_popup_{journey.lang}.png"))
    assert label in popup
    assert journey.text("并非实际位置", "this is not where they are") in popup
    n = int(pattern.match(label).group(1))
    assert popup.count(journey.text("位置精度", "Location precision")) == n  # all listed
    legend = frame.locator(".leaflet-bottom.leaflet-left").first.inner_text()
    assert journey.text("虚线圈：仅知所在区域的点", "Dashed ring: points known only to lie "
                        "in an area") in legend
    journey.shot("map_area_level")
