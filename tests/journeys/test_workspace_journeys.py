"""Saved work: a register taken into use is kept in the workspace, so a refresh or a copied
link opens it again; a view saved as a short link opens the same view in another browser;
a saved register can be renamed, chosen and deleted on 数据."""

from __future__ import annotations

import contextlib

from devtools.live_app import MAP_IFRAME, goto_app_page, wait_app_idle, wait_map_drawn
from tests.journeys.test_map_journeys import _leaflet
from tests.journeys.test_url_journeys import (
    BIOMED,
    CAPTION,
    SIDEBAR,
    _chips,
    _choose_biomedicine,
    _colleague,
    _count_caption,
    _map_view,
    _wait_url,
)

REGISTER = ("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
            "乙公司,113.9400,22.5400,生物医药\n丙公司,114.0580,22.5430,新材料\n")


def _saved_names(journey) -> list[str]:
    """The names of the registers in the workspace the 数据 page names ("保存位置：…/
    workspace.gpkg"), oldest first, read from that GeoPackage once the page's run is over
    (the page's table is a canvas grid holding only the rows in view)."""
    import re

    from data.workspace import open_workspace

    page = journey.page
    wait_app_idle(page)
    where = page.locator(CAPTION).filter(has_text=".gpkg").first.inner_text()
    path = re.search(r"(/[^\s（(]+\.gpkg)", where).group(1)
    with open_workspace(path) as ws:
        return ws.list_registers()["name"].tolist()


def _copies(names: list[str], name: str) -> list[str]:
    """``name`` and its copies ``name (2)``, ``name (3)`` … among ``names``."""
    import re

    return [n for n in names if n == name or re.fullmatch(re.escape(name) + r" \(\d+\)", n)]


def _click_use_box(journey) -> None:
    """Click "use as enterprises" and wait for the run the click starts to end."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = journey.page
    journey.tick_use_as_enterprises()
    with contextlib.suppress(PlaywrightTimeout):  # a fast run may be over before this looks
        page.locator("[data-testid^='stStatusWidgetRunning']").first.wait_for(timeout=2_000)
    wait_app_idle(page)


def _use_register(journey, tmp_path, name: str, *, text: str = REGISTER,
                  valid: int = 3) -> None:
    """Upload ``name`` on 数据 and tick "use" as soon as its summary shows, as a quick
    user does: it is saved once, under its own name, and is the register in use. (A
    tick reaching the box drawn for the last file, while the page was still reading this
    one, saved the last file again as "… (2)" and left this one unsaved.)"""
    page = journey.page
    goto_app_page(page, journey.text("数据", "Data"))
    journey.upload(tmp_path / name, text)
    # this file's summary (the last file's stays on the page until this one is read)
    page.locator("[data-testid='stAlert']").filter(has_text=name).filter(
        has_text=journey.text(f"{valid} 行有效", f"{valid} valid")).first.wait_for(
        timeout=60_000)
    _click_use_box(journey)
    saved = _saved_names(journey)
    assert _copies(saved, name) == [name], saved
    page.get_by_text(journey.text("已保存到工作区：", "Saved in the workspace as ") + name
                     ).first.wait_for(timeout=60_000)
    wait_app_idle(page)


def _stop_using_register(journey, name: str) -> None:
    """Untick "use" on 数据: the register is no longer in use and stays saved once —
    an untick never saves a copy."""
    _click_use_box(journey)
    journey.page.get_by_text(journey.text("已保存到工作区：", "Saved in the workspace as ")
                             + name).first.wait_for(state="detached", timeout=30_000)
    saved = _saved_names(journey)
    assert _copies(saved, name) == [name], saved


def _register_points_on_map(page) -> int:
    """Points in the map's marker clusters (the register's), once the map is drawn."""
    wait_map_drawn(page)
    wait_app_idle(page)
    return _leaflet(page, "(map) => { let n = 0; map.eachLayer(l => { if (l instanceof "
                          "L.MarkerClusterGroup) n += l.getLayers().length; }); return n; }")


def test_a_refresh_and_a_copied_link_keep_the_register_in_use(journey, browser, server,
                                                              tmp_path):
    """Upload, use, open 地图, refresh the tab: the register is still on the map; the
    address bar's link opens it in a colleague's browser too."""
    page = journey.page
    journey.open("data")
    _use_register(journey, tmp_path, f"refresh_{journey.lang}.csv")
    goto_app_page(page, journey.text("地图", "Map"))
    caption = journey.text("3 家企业（上传）", "3 enterprises (uploaded)")
    page.get_by_text(caption).first.wait_for(timeout=60_000)
    url = _wait_url(page, "snapshot")
    page.reload()
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
    wait_app_idle(page)
    page.get_by_text(caption).first.wait_for(timeout=60_000)
    assert _register_points_on_map(page) == 3
    journey.shot("workspace_after_refresh")
    other = _colleague(browser, server, journey, url)
    try:
        other.page.get_by_text(caption).first.wait_for(timeout=60_000)
        assert _register_points_on_map(other.page) == 3
        other.shot("workspace_copied_link")
        other.assert_clean()
    finally:
        other.page.context.close()


def test_a_saved_view_opens_from_its_short_link_in_another_browser(journey, browser, server):
    """Pick an industry, save the view as a short link, open the link elsewhere: the same
    language, the same chip and the same counts."""
    page = journey.page
    journey.open()
    _choose_biomedicine(journey)
    caption = _count_caption(journey)
    page.locator(SIDEBAR).get_by_text(journey.text("分享此视图", "Share this view")).click()
    page.get_by_role("button", name=journey.text("保存为短链接", "Save as a short link")
                     ).click()
    code = page.locator(f"{SIDEBAR} [data-testid='stCode'] code").first
    code.wait_for(timeout=30_000)
    link = code.inner_text().strip()
    assert "?view=" in link and "f_industries" not in link, link
    journey.shot("workspace_short_link")
    other = _colleague(browser, server, journey, link)
    try:
        _map_view(other.page)
        other.page.locator(f"{SIDEBAR} [data-tag]").first.wait_for(timeout=30_000)
        assert _chips(other.page) == [BIOMED[journey.lang]]
        other.page.locator(CAPTION).filter(has_text=caption).first.wait_for(timeout=30_000)
        # the view's own link takes over the address bar
        assert "f_industries=" in _wait_url(other.page, "f_industries")
        other.shot("workspace_short_link_opened")
        other.assert_clean()
    finally:
        other.page.context.close()


def test_a_saved_register_is_renamed_chosen_and_deleted_on_the_data_page(journey, tmp_path):
    """Use a register, rename it in the workspace list, see the new name in use; delete
    it: the map is back on the shipped sample and the link names no register."""
    page = journey.page
    journey.open("data")
    _use_register(journey, tmp_path, f"manage_{journey.lang}.csv")
    new_name = journey.text("二〇二五年名录", "Register 2025") + f" {journey.lang}"
    page.get_by_label(journey.text("新名称", "New name")).fill(new_name)
    page.get_by_label(journey.text("新名称", "New name")).press("Enter")
    page.get_by_role("button", name=journey.text("重命名", "Rename")).click()
    page.get_by_text(journey.text("已保存到工作区：", "Saved in the workspace as ") + new_name
                     ).first.wait_for(timeout=30_000)
    wait_app_idle(page)
    goto_app_page(page, journey.text("地图", "Map"))
    page.get_by_text(journey.text("3 家企业（上传）", "3 enterprises (uploaded)")
                     ).first.wait_for(timeout=60_000)
    goto_app_page(page, journey.text("数据", "Data"))
    page.get_by_text(journey.text("正在使用的企业名录：", "Register in use: ") + new_name
                     ).first.wait_for(timeout=30_000)
    journey.shot("workspace_saved_registers", whole=True)
    page.get_by_text(journey.text("确认删除（不可恢复）", "Yes, delete it (cannot be undone)")
                     ).click()
    page.get_by_role("button", name=journey.text("删除", "Delete"), exact=True).click()
    # the page no longer says the (deleted) register is in use before the user moves on
    page.get_by_text(journey.text("正在使用的企业名录：", "Register in use: ") + new_name
                     ).first.wait_for(state="detached", timeout=30_000)
    wait_app_idle(page)
    goto_app_page(page, journey.text("地图", "Map"))
    page.locator(CAPTION).filter(has_text=journey.text("创新设施", "Facilities")).first \
        .wait_for(timeout=60_000)
    assert page.get_by_text(journey.text("家企业（上传）", "enterprises (uploaded)")
                            ).count() == 0
    assert "snapshot=" not in page.url


def test_two_saved_registers_are_compared_on_the_coverage_page(journey, tmp_path):
    """Save last year's register and this year's, open 统计: the change over time shows
    深圳湾 going from 2 to 3 firms, and downloads as CSV."""
    page = journey.page
    journey.open("data")
    _use_register(journey, tmp_path, f"y2024_{journey.lang}.csv",
                  text=REGISTER.rsplit("丙公司", 1)[0], valid=2)
    _stop_using_register(journey, f"y2024_{journey.lang}.csv")  # the next is this year's
    _use_register(journey, tmp_path, f"y2025_{journey.lang}.csv",
                  text=REGISTER + "丁公司,113.9390,22.5330,生物医药\n", valid=4)
    last_year = f"y2024_{journey.lang}.csv"
    assert _copies(_saved_names(journey), last_year) == [last_year]
    goto_app_page(page, journey.text("统计", "Coverage"))
    page.get_by_text(journey.text("随时间变化", "Change over time")).first.wait_for(
        timeout=60_000)
    page.locator("[data-testid='stDataFrame']").last.wait_for(timeout=60_000)
    wait_app_idle(page)
    journey.shot("workspace_change_over_time", whole=True)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=journey.text("下载 CSV", "Download CSV")).last.click()
    path = tmp_path / "change.csv"
    dl.value.save_as(path)
    import pandas as pd

    t = pd.read_csv(path, comment="#", encoding="utf-8-sig").set_index(
        ["area_id", "industry"])
    assert t.loc[("c01_shenzhen_bay", "all"), ["before", "after", "change"]].tolist() == \
        [2, 3, 1]
    assert t.loc[("city", "all"), ["before", "after"]].tolist() == [2, 4]


KEYED_2024 = ("统一社会信用代码,名称,经度,纬度,行业\n"
              "91440300A1,甲公司,113.9379,22.5322,智能终端\n"
              "91440300B2,乙公司,113.9400,22.5400,生物医药\n"
              "91440300C3,丙公司,114.0580,22.5430,新材料\n")
KEYED_2025 = ("统一社会信用代码,名称,经度,纬度,行业\n"
              "91440300A1,甲公司,113.9379,22.5322,智能终端\n"
              "91440300B2,乙公司,113.9400,22.5400,生物医药\n"
              "91440300D4,丁公司,113.9350,22.7450,新材料\n")


def test_the_map_marks_the_firms_that_came_and_went_between_two_saved_registers(
        journey, tmp_path):
    """Save last year's register and this year's (both with 统一社会信用代码), open 地图
    and switch on the register change: the note says one entry and one exit matched on
    that column, the layer control lists them, and clicking the exit's red ring at its
    old place in 福田 opens its popup."""
    page = journey.page
    journey.open("data")
    _use_register(journey, tmp_path, f"k2024_{journey.lang}.csv", text=KEYED_2024)
    _stop_using_register(journey, f"k2024_{journey.lang}.csv")
    _use_register(journey, tmp_path, f"k2025_{journey.lang}.csv", text=KEYED_2025)
    last_year = f"k2024_{journey.lang}.csv"
    assert _copies(_saved_names(journey), last_year) == [last_year]
    goto_app_page(page, journey.text("地图", "Map"))
    wait_map_drawn(page)
    page.locator(SIDEBAR).get_by_text(journey.text("显示名录变化", "Show register change")
                                      ).first.click()
    note = journey.text("按“统一社会信用代码”列匹配：新增 1 家",
                        "Matched on the column “统一社会信用代码”: 1 entries")
    page.locator(CAPTION).filter(has_text=note).first.wait_for(timeout=60_000)
    assert journey.text("退出 1 家", "1 exits") in page.locator(CAPTION).filter(
        has_text=note).first.inner_text()
    wait_map_drawn(page)
    wait_app_idle(page)
    page.wait_for_timeout(1000)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.locator(".leaflet-control-layers-overlays").first.wait_for(state="attached")
    overlays = frame.locator(".leaflet-control-layers-overlays").first.inner_text()
    assert journey.text("新增企业（1）", "Entries (1)") in overlays, overlays
    assert journey.text("退出企业（1）", "Exits (1)") in overlays, overlays
    marks = _leaflet(page, "(map) => { const out = []; map.eachLayer(l => { const c = "
                           "(l.options || {}).className || ''; if (c.includes('sz-change')) "
                           "out.push([c, map.latLngToContainerPoint(l.getLatLng())]); });"
                           " return out; }")
    assert sorted(c for c, _ in marks) == ["sz-change sz-entry", "sz-change sz-exit"], marks
    xy = next(p for c, p in marks if c.endswith("sz-exit"))
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for(timeout=30_000)
    text = popup.inner_text()
    assert "丙公司" in text and journey.text("退出", "Exit") in text, text
    assert "91440300C3" in text
    journey.shot("workspace_map_change")
    journey.assert_clean()
