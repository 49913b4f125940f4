"""Land-use staff journeys on the 选址核查 Placement-check page."""

from __future__ import annotations

from devtools.live_app import MAP_IFRAME, wait_app_idle, wait_map_drawn


def _open_placement(journey):
    journey.open("placement")
    journey.page.get_by_text(journey.text("结论", "Verdict")).first.wait_for(timeout=60_000)
    journey.page.locator(MAP_IFRAME).first.wait_for(timeout=60_000)
    wait_app_idle(journey.page)


def _click_map_at(page, lat: float, lon: float, zoom: int = 13) -> None:
    """Centre the placement map on (lat, lon) and click there, as a user would."""
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => Object.values(window).some(v => v instanceof L.Map)")
    xy = frame.evaluate("""([lat, lon, zoom]) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([lat, lon], zoom, {animate: false});
        const p = map.latLngToContainerPoint([lat, lon]);
        return [p.x, p.y];
    }""", [lat, lon, zoom])
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])


def _number_inputs(page) -> list[float]:
    return [float(v) for v in page.locator("[data-testid='stNumberInput'] input")
            .evaluate_all("els => els.map(e => e.value)")[:2]]


def _until(page, gesture, shows, tries: int = 3) -> None:
    """Do ``gesture()`` until ``shows()`` (a wait that raises on timeout) succeeds: a
    rerun may replace the map mid-gesture, and a user would simply do it again (at
    most ``tries`` times)."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(tries):
        wait_app_idle(page)
        gesture()
        try:
            shows()
            wait_app_idle(page)
            return
        except PlaywrightError:
            if attempt == tries - 1:
                raise


def _click_until_moved(page, lat: float, lon: float) -> None:
    """Click the map at (lat, lon) until the latitude input shows it."""
    _until(page, lambda: _click_map_at(page, lat, lon), lambda: page.wait_for_function(
        "(lat) => { const v = [...document.querySelectorAll(\"[data-testid="
        "'stNumberInput'] input\")].map(e => parseFloat(e.value));"
        " return Math.abs(v[1] - lat) < 0.002; }", arg=lat, timeout=15_000))


def test_clicking_the_map_moves_the_checked_point_and_the_verdict_follows(journey):
    page = journey.page
    _open_placement(journey)
    _click_until_moved(page, 22.7420, 113.9330)  # 光明
    lon, lat = _number_inputs(page)
    assert abs(lon - 113.9330) < 0.002 and abs(lat - 22.7420) < 0.002, (lon, lat)
    page.get_by_text(journey.text("光明区", "Guangming")).first.wait_for(state="attached",
                                                                   timeout=30_000)
    journey.shot("placement_clicked")
    _click_until_moved(page, 22.5450, 113.9450)  # 粤海街道, off the facility markers
    page.get_by_text("粤海街道").first.wait_for(state="attached", timeout=30_000)
    assert page.get_by_text(journey.text("结论", "Verdict")).count()


def _type_point(page, x: float, y: float) -> None:
    """Type x then y into the two coordinate inputs, pressing Enter after each."""
    for i, v in enumerate((x, y)):
        box = page.locator("[data-testid='stNumberInput'] input").nth(i)
        box.fill(str(v))
        box.press("Enter")
        wait_app_idle(page)


def _choose_crs(page, journey, label_zh: str, label_en: str) -> None:
    page.locator("[data-testid='stSelectbox']", has_text=journey.text("坐标系", "Coordinate")
                 ).first.click()
    page.get_by_role("option", name=journey.text(label_zh, label_en)).first.click()
    wait_app_idle(page)


def test_a_typed_point_with_swapped_coordinates_is_refused_with_the_upload_message(journey):
    page = journey.page
    _open_placement(journey)
    _type_point(page, 22.5322, 113.9379)  # latitude typed as longitude
    page.get_by_text(journey.text("该点未核查", "The point was not checked")).first.wait_for(
        timeout=30_000)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "None" not in body and "inf m" not in body
    journey.shot("placement_swapped")


def test_a_typed_point_in_dongguan_is_outside_shenzhen(journey):
    page = journey.page
    _open_placement(journey)
    _type_point(page, 113.7518, 23.0205)  # 东莞 city centre
    page.get_by_text(journey.text("该点未核查", "The point was not checked")).first.wait_for(
        timeout=30_000)
    alert = page.locator("[data-testid='stAlert']").first.inner_text()
    assert journey.text("深圳", "Shenzhen") in alert, alert


def test_typing_in_each_coordinate_system_finds_the_same_subdistrict(journey):
    """粤海's point typed in GCJ-02 (as Amap shows it) and in EPSG:4547 metres."""
    from core import crs
    page = journey.page
    _open_placement(journey)
    gx, gy = crs.wgs84_to_gcj02([113.9440], [22.5400])
    _choose_crs(page, journey, "GCJ-02（高德、腾讯）", "GCJ-02 (Amap, Tencent)")
    _type_point(page, round(float(gx[0]), 6), round(float(gy[0]), 6))
    page.get_by_text("粤海街道").first.wait_for(state="attached", timeout=30_000)
    mx, my = crs.to_metric([113.9440], [22.5400])
    _choose_crs(page, journey, "CGCS2000 高斯-克吕格 114°E（EPSG:4547，米）",
                "CGCS2000 Gauss-Krüger 114°E (EPSG:4547, metres)")
    page.get_by_text(journey.text("X（东向，米）", "X (easting, m)")).first.wait_for(
        timeout=30_000)
    _type_point(page, round(float(mx[0]), 1), round(float(my[0]), 1))
    page.get_by_text("粤海街道").first.wait_for(state="attached", timeout=30_000)
    assert not page.get_by_text(journey.text("该点未核查", "The point was not checked")
                                ).count()


def test_a_batch_upload_draws_its_sites_and_downloads_a_localized_report(journey, tmp_path):
    page = journey.page
    _open_placement(journey)
    journey.upload(tmp_path / "sites.csv",
                   "名称,经度,纬度,行业\n=HYPERLINK(\"x\"),113.9440,22.5400,智能终端\n"
                   "乙地块,113.9330,22.7420,生物医药\n丙地块,22.54,113.95,新材料\n")
    page.get_by_text(journey.text("2 个点已核查", "2 points checked")).first.wait_for(
        timeout=60_000)
    wait_app_idle(page)
    wait_map_drawn(page)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => Object.values(window).some(v => v instanceof L.Map)")
    n_sites = frame.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        let n = 0;
        map.eachLayer(l => { if (l instanceof L.CircleMarker && l.options.radius === 6) n++; });
        return n; }""")
    assert n_sites == 2
    journey.shot("placement_batch", whole=True)
    button = page.get_by_role("button", name=journey.text("下载 XLSX（含元数据）",
                                                          "Download XLSX (with metadata)"))
    with page.expect_download(timeout=60_000) as dl:
        button.click()
    path = tmp_path / "placement.xlsx"
    dl.value.save_as(path)
    import openpyxl
    wb = openpyxl.load_workbook(path)
    sheet = wb[journey.text("核查结果", "Results")]
    header = [c.value for c in sheet[1]]
    assert journey.text("结论", "Verdict") in header and journey.text("坐标问题",
                                                                     "Coordinate problem") in header
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]  # no live formula
    assert sheet.max_row == 4  # every input row, the bad one included
    assert len(wb.sheetnames) == 2  # the results and the metadata sheet
    # the button is still there after a download
    assert button.count() >= 1


def _draw_rectangle(page) -> None:
    """Draw a rectangle in the middle of the placement map with the draw tool, until
    the page shows the site's area."""
    def gesture():
        page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
        page.frame_locator(MAP_IFRAME).first.locator(".leaflet-draw-draw-rectangle").click()
        box = page.locator(MAP_IFRAME).first.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(cx - 60, cy - 40)
        page.mouse.down()
        page.mouse.move(cx + 60, cy + 40, steps=8)
        page.mouse.up()

    _until(page, gesture,
           lambda: page.locator("[data-testid='stMetric']").nth(1).wait_for(timeout=20_000))


def test_drawing_a_site_shows_its_area_and_overlaps(journey):
    page = journey.page
    _open_placement(journey)
    _draw_rectangle(page)
    page.get_by_text(journey.text("地块面积", "Site area")).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    value = page.locator("[data-testid='stMetric']", has_text=journey.text(
        "地块面积", "Site area")).locator("[data-testid='stMetricValue']").inner_text()
    assert float(value.replace(",", "")) > 0
    journey.shot("placement_site", whole=True)
