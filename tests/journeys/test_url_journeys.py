"""The page URL carries the view: a colleague who opens a copied link in another browser
sees the same filters, search, point and verdict; a link with garbage opens cleanly."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from devtools.live_app import MAP_IFRAME, goto_app_page, wait_app_idle, wait_map_drawn
from tests.journeys.conftest import Journey

SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"
CAPTION = "[data-testid='stCaptionContainer']"
BIOMED = {"zh": "生物医药", "en": "Biomedicine"}
SZBAY = {"zh": "深圳高新区深圳湾创新集群区",
         "en": "Shenzhen High-Tech Zone Shenzhen Bay Innovation Cluster"}


def _colleague(browser, server, journey, url: str) -> Journey:
    """A colleague's new browser (its own context: no shared cookies or session)
    opening ``url``; closed with the journey's context by the caller."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = Journey(context.new_page(), server, journey.lang)
    other.page.goto(url)
    other.page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
    other.page.locator(f"{MAIN} h1").first.wait_for(timeout=60_000)
    wait_app_idle(other.page)
    return other


def _wait_url(page, *keys: str) -> str:
    """Wait until the address bar carries ``keys``; return the URL."""
    page.wait_for_function("(keys) => keys.every(k => new URLSearchParams("
                           "location.search).has(k))", arg=list(keys), timeout=30_000)
    wait_app_idle(page)
    return page.url


def _map_view(page) -> dict:
    """The Leaflet map's centre and zoom, once the map is drawn."""
    wait_map_drawn(page)
    wait_app_idle(page)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => Object.values(window).some(v => v instanceof L.Map)")
    return frame.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const c = map.getCenter();
        return {lat: c.lat, lon: c.lng, zoom: map.getZoom()}; }""")


def _zoom_and_drag(page) -> None:
    """Two turns of the mouse wheel on the middle of the map, then a drag to the
    south-east (the map moves towards 南山 from the city view)."""
    box = page.locator(MAP_IFRAME).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    for _ in range(2):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(600)
    page.mouse.down()
    page.mouse.move(x + 180, y + 60, steps=12)
    page.mouse.up()


def _settled_shot(journey, name: str) -> None:
    """Screenshot once the map has finished its framing animation (a shot taken during
    it shows the canvas stretched)."""
    _map_view(journey.page)
    frame = journey.page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => { const m = Object.values(window).find(v => v instanceof"
                            " L.Map); return m && !m._animatingZoom && !document"
                            ".querySelector('.leaflet-zoom-anim'); }")
    journey.page.wait_for_timeout(800)
    journey.shot(name)


def _count_caption(journey) -> str:
    return journey.page.locator(CAPTION).filter(
        has_text=journey.text("创新设施", "Facilities")).first.inner_text()


def _chips(page) -> list[str]:
    chips = page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']").first.locator(
        ".react-aria-ComboBox [data-tag] span[title]")
    return [chips.nth(i).inner_text().strip() for i in range(chips.count())]


def _search_box(page) -> str:
    return page.locator(f"{MAIN} [data-testid='stSelectbox']").first.locator(
        ".react-aria-ComboBox input[role='combobox']").first.input_value()


def _choose_biomedicine(journey) -> None:
    """On 地图, once the map is drawn: type 生物医药 into the industry filter + Enter, and
    wait until the count caption changes."""
    page = journey.page
    _map_view(page)
    before = _count_caption(journey)
    page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']").first.click()
    page.keyboard.type(BIOMED[journey.lang])
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"(b) => [...document.querySelectorAll({CAPTION!r})].some(e => e.innerText"
        f".includes({journey.text('创新设施', 'Facilities')!r}) && e.innerText !== b)",
        arg=before, timeout=60_000)
    wait_app_idle(page)


def test_a_copied_map_link_opens_the_same_view_in_another_browser(journey, browser, server):
    """On 地图 choose 生物医药 and search 深圳湾创新集群区; copy the address; a new browser
    opening it shows the same chip, the same counts and the map framed on the area."""
    page = journey.page
    journey.open()
    _choose_biomedicine(journey)
    box = page.locator(f"{MAIN} [data-testid='stSelectbox']").first.locator(
        ".react-aria-ComboBox input[role='combobox']").first
    box.click()
    page.keyboard.type(journey.text("深圳湾创新", "Shenzhen Bay Innovation"))
    page.locator("[role='option']", has_text=re.compile(
        rf"^\s*{re.escape(SZBAY[journey.lang])}\s*$")).first.click()
    wait_app_idle(page)
    url = _wait_url(page, "f_industries", "map_search")
    assert urlsplit(url).path in ("", "/"), url  # no deep path: no 404 probes on open
    page.wait_for_timeout(1000)  # the framed map settles
    view, caption = _map_view(page), _count_caption(journey)
    assert view["zoom"] > 11, view  # framed on the area, not the city

    other = _colleague(browser, server, journey, url)
    try:
        _map_view(other.page)
        other.page.locator(f"{SIDEBAR} [data-tag]").first.wait_for(timeout=30_000)
        assert _chips(other.page) == [BIOMED[journey.lang]]
        other.page.locator(CAPTION).filter(has_text=caption).first.wait_for(timeout=30_000)
        assert _search_box(other.page) == SZBAY[journey.lang]
        other.page.wait_for_timeout(1000)
        seen = _map_view(other.page)
        assert seen["zoom"] == view["zoom"], (seen, view)
        assert abs(seen["lat"] - view["lat"]) < 0.005 and abs(seen["lon"] - view["lon"]) < 0.005
        _settled_shot(other, "url_map_restored")
        other.assert_clean()
    finally:
        other.page.context.close()


def test_a_moved_map_opens_where_it_was_left_in_another_browser(journey, browser, server):
    """On 地图 zoom in with the mouse wheel and drag the map to 南山; copy the address; a
    new browser opening it shows the map at the same centre and zoom."""
    page = journey.page
    journey.open()
    start = _map_view(page)
    _zoom_and_drag(page)
    _wait_url(page, "map_view")
    # the address follows the map's report of where it is: after the wheel first, then
    # after the drag; wait until it carries where the map is now
    for _ in range(20):
        page.wait_for_timeout(500)
        view, url = _map_view(page), page.url
        lat, lon, zoom = map(float, dict(p.split("=", 1) for p in urlsplit(url).query.split(
            "&"))["map_view"].replace("%2C", ",").split(","))
        if zoom == view["zoom"] and abs(lat - view["lat"]) < 1e-4:
            break
    assert view["zoom"] > start["zoom"], (start, view)  # the user's zoom, not the city's
    assert zoom == view["zoom"] and abs(lat - view["lat"]) < 1e-4, (url, view)
    _settled_shot(journey, "url_map_moved")

    other = _colleague(browser, server, journey, url)
    try:
        other.page.wait_for_timeout(1000)
        seen = _map_view(other.page)
        assert seen["zoom"] == view["zoom"], (seen, view)
        assert abs(seen["lat"] - view["lat"]) < 0.002 and abs(seen["lon"] - view["lon"]) < 0.002
        _settled_shot(other, "url_map_moved_restored")
        other.assert_clean()
    finally:
        other.page.context.close()


def _verdict(page) -> str:
    return page.locator("[data-testid='stMetric']").first.locator(
        "[data-testid='stMetricValue']").inner_text()


def _number_inputs(page) -> list[float]:
    return [float(v) for v in page.locator("[data-testid='stNumberInput'] input")
            .evaluate_all("els => els.map(e => e.value)")[:2]]


def test_a_copied_placement_link_opens_the_same_point_and_verdict(journey, browser, server):
    """On 选址核查 type a point in 光明 and choose 半导体与集成电路; copy the address; a
    new browser opening it shows the same point, industry, district and verdict."""
    page = journey.page
    journey.open()
    goto_app_page(page, journey.text("选址核查", "Placement check"))
    page.get_by_text(journey.text("结论", "Verdict")).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    for i, v in enumerate((113.933, 22.742)):
        box = page.locator("[data-testid='stNumberInput'] input").nth(i)
        box.fill(str(v))
        box.press("Enter")
        wait_app_idle(page)
    page.locator(f"{MAIN} [data-testid='stSelectbox']", has_text=journey.text(
        "产业", "Industry")).first.click()
    industry = journey.text("半导体与集成电路", "Semiconductors and integrated circuits")
    page.get_by_role("option", name=industry).first.click()
    wait_app_idle(page)
    page.get_by_text(journey.text("光明区", "Guangming")).first.wait_for(
        state="attached", timeout=30_000)
    url = _wait_url(page, "page", "pc_lon", "pc_lat", "pc_industry")
    assert urlsplit(url).path in ("", "/"), url
    verdict, point = _verdict(page), _number_inputs(page)
    assert point == [113.933, 22.742], point
    _settled_shot(journey, "url_placement_before")

    other = _colleague(browser, server, journey, url)
    try:
        other.page.get_by_text(journey.text("结论", "Verdict")).first.wait_for(timeout=60_000)
        assert other.page.locator(f"{MAIN} h1").first.inner_text() == journey.text(
            "选址核查", "Placement check")
        assert _number_inputs(other.page) == point
        assert _verdict(other.page) == verdict
        other.page.get_by_text(journey.text("光明区", "Guangming")).first.wait_for(
            state="attached", timeout=30_000)
        assert other.page.locator(f"{MAIN} [data-testid='stSelectbox']", has_text=journey.text(
            "产业", "Industry")).first.locator("input").first.input_value() == industry
        view = _map_view(other.page)  # the map is framed on the point
        assert abs(view["lat"] - 22.742) < 0.01 and abs(view["lon"] - 113.933) < 0.01, view
        _settled_shot(other, "url_placement_restored")
        other.assert_clean()
    finally:
        other.page.context.close()


def test_a_link_with_garbage_opens_cleanly_with_defaults(journey):
    """Hostile and malformed values in the link are ignored: the pages open with their
    defaults, nothing of the link is shown, no script runs."""
    page = journey.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    script = quote("<script>alert(1)</script>")
    img = quote("<img src=x onerror=alert(2)>")
    page.goto(f"{journey.server}/?lang={journey.lang}&f_industries={script}&pc_lon=abc"
              f"&f_categories={img}&map_search=a:{img}&color_by={script}&tiles=javascript:1"
              "&map_view=1e9,abc,99")
    wait_map_drawn(page)
    wait_app_idle(page)
    assert _chips(page) == []
    assert "39 / 39" in _count_caption(journey)
    assert _search_box(page) in ("", "—")  # nothing searched
    body = page.locator("body").inner_text()
    assert "<script" not in body and "onerror" not in body and "alert" not in body
    journey.shot("url_garbage_map")

    page.goto(f"{journey.server}/?lang={journey.lang}&page=placement&pc_lon=abc"
              f"&pc_lat=1e999&pc_crs={script}&pc_industry={img}&page=placement")
    page.get_by_text(journey.text("结论", "Verdict")).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    assert _number_inputs(page) == [113.937938, 22.532219]  # the default point, 粤海
    page.get_by_text("粤海街道").first.wait_for(state="attached", timeout=30_000)
    body = page.locator("body").inner_text()
    assert "<script" not in body and "onerror" not in body and "alert" not in body
    assert not dialogs, dialogs
    _settled_shot(journey, "url_garbage_placement")


def test_switching_language_on_a_placement_link_keeps_the_point_and_the_page(journey):
    """Open a placement link, switch the language, then type a new longitude: the page,
    the point and the coordinate system stay, the verdict follows, and the URL carries
    the new language and point (the coordinate-system box, labelled in the old language,
    used to crash the next run)."""
    page = journey.page
    page.goto(f"{journey.server}/?lang={journey.lang}&page=placement&pc_lon=113.933"
              f"&pc_lat=22.742")
    page.get_by_text(journey.text("结论", "Verdict")).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    other = "en" if journey.lang == "zh" else "zh"
    page.locator(f"{SIDEBAR} [data-testid='stRadio']").first.get_by_text(
        "English" if other == "en" else "中文").click()
    page.locator(f"{MAIN} h1", has_text="Placement check" if other == "en" else "选址核查"
                 ).first.wait_for(timeout=60_000)
    wait_app_idle(page)
    assert _number_inputs(page) == [113.933, 22.742]
    box = page.locator("[data-testid='stNumberInput'] input").nth(0)
    box.fill("113.944")
    box.press("Enter")
    url = _wait_url(page, "pc_lon")
    page.wait_for_function("() => new URLSearchParams(location.search).get('pc_lon')"
                           " === '113.944'", timeout=30_000)
    wait_app_idle(page)
    query = dict(p.split("=", 1) for p in urlsplit(page.url).query.split("&"))
    assert query["lang"] == other and query["page"] == "placement", url
    page.get_by_text("Verdict" if other == "en" else "结论").first.wait_for(timeout=30_000)
    assert _number_inputs(page) == [113.944, 22.742]
    crs = page.locator(f"{MAIN} [data-testid='stSelectbox']").first.locator(
        "input").first.input_value()
    assert crs.startswith("WGS-84"), crs
    _settled_shot(journey, "url_placement_language")
