"""Journeys on 数据 Data (a planner's register and its report) and 统计 Coverage (the
tables, charts and report-ready downloads)."""

from __future__ import annotations

from devtools.live_app import goto_app_page, wait_app_idle


def test_an_upload_with_bad_rows_lists_them_and_shows_user_text_as_typed(journey, tmp_path):
    page = journey.page
    journey.open()
    goto_app_page(page, journey.text("数据", "Data"))
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
    journey.open()
    goto_app_page(page, journey.text("统计", "Coverage"))
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
