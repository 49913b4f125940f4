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
    journey.open()
    goto_app_page(page, journey.text("数据", "Data"))
    src = tmp_path / "register.csv"
    src.write_text("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
                   "乙公司,113.9400,22.5400,生物医药\n丙公司,114.0580,22.5430,新材料\n",
                   encoding="utf-8")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(src))
    page.get_by_text(journey.text("3 行有效", "3 valid")).first.wait_for(timeout=60_000)
    page.get_by_text(journey.text("作为企业数据用于", "Use as enterprises")
                     ).first.click()
    wait_app_idle(page)
    goto_app_page(page, journey.text("地图", "Map"))
    wait_map_drawn(page)
    wait_app_idle(page)
    caption = journey.text("3 家企业（上传）", "3 enterprises (uploaded)")
    page.get_by_text(caption).first.wait_for(timeout=30_000)
    n = _leaflet(page, "(map) => { let n = 0; map.eachLayer(l => { if (l.getLatLng && "
                       "!l.getLatLngs) n++; }); return n; }")
    assert n >= 3, n
    journey.shot("map_uploaded_register")
