"""Land-use staff journeys on the 选址核查 Placement-check page."""

from __future__ import annotations

from devtools.live_app import MAP_IFRAME, goto_app_page, wait_app_idle


def _open_placement(journey):
    journey.open()
    goto_app_page(journey.page, journey.text("选址核查", "Placement check"))
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


def _click_until_moved(page, lat: float, lon: float, tries: int = 3) -> None:
    """Click the map at (lat, lon) and wait until the latitude input shows it; the
    map iframe may be replaced by the rerun that follows a click, so a click that
    landed on the old one is repeated (at most ``tries`` times)."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(tries):
        try:
            _click_map_at(page, lat, lon)
            page.wait_for_function(
                "(lat) => { const v = [...document.querySelectorAll(\"[data-testid="
                "'stNumberInput'] input\")].map(e => parseFloat(e.value));"
                " return Math.abs(v[1] - lat) < 0.002; }", arg=lat, timeout=15_000)
            wait_app_idle(page)
            return
        except PlaywrightError:
            if attempt == tries - 1:
                raise


def test_clicking_the_map_moves_the_checked_point_and_the_verdict_follows(journey):
    page = journey.page
    _open_placement(journey)
    _click_until_moved(page, 22.7420, 113.9330)  # 光明
    lon, lat = _number_inputs(page)
    assert abs(lon - 113.9330) < 0.002 and abs(lat - 22.7420) < 0.002, (lon, lat)
    page.get_by_text("光明区").first.wait_for(state="attached", timeout=30_000)
    journey.shot("placement_clicked")
    _click_until_moved(page, 22.5450, 113.9450)  # 粤海街道, off the facility markers
    page.get_by_text("粤海街道").first.wait_for(state="attached", timeout=30_000)
    assert page.get_by_text(journey.text("结论", "Verdict")).count()
