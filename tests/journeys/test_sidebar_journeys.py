"""Journeys through the sidebar (industry filter, language switch) and the 地图 page's
export, as a planner does them, in a real browser."""

from __future__ import annotations

import re

from PIL import Image

from devtools.live_app import MAP_IFRAME, give_file, wait_app_idle, wait_map_drawn
from tests.conftest import ROOT

SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"
CAPTION = "[data-testid='stCaptionContainer']"
DOWNLOADS = ROOT / "tests" / "artifacts" / "journeys"


def _leaflet(page, script: str):
    """Evaluate ``script`` (a JS function of the L.Map) inside the map's iframe."""
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    return frame.evaluate("(src) => { const map = Object.values(window)"
                          ".find(v => v instanceof L.Map); return eval(src)(map); }", script)


#: Polygons and polylines drawn on the map (areas, districts, 街道, 深汕).
_N_SHAPES = "(map) => { let n = 0; map.eachLayer(l => { if (l.getLatLngs) n++; }); return n; }"


def _count_caption(journey):
    """The map page's count caption ("… 创新设施 · … 家企业…")."""
    word = journey.text("创新设施", "Facilities")
    return journey.page.locator(CAPTION).filter(has_text=word).first


def _wait_map(page):
    wait_map_drawn(page)
    wait_app_idle(page)
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); const w = f && f.contentWindow;"
        " return w && w.L && Object.values(w).some(v => v instanceof w.L.Map); }",
        arg=MAP_IFRAME, timeout=60_000)


def test_typing_an_industry_and_enter_selects_that_industry(journey):
    """Type 生物医药 (Biomedicine) into the industry filter and press Enter: the chip
    reads that industry only (not its sector 生物医药与健康, not "2 matches"), the count
    caption changes and the map is drawn again with fewer areas."""
    page = journey.page
    journey.open()
    _wait_map(page)
    caption = _count_caption(journey)
    before = caption.inner_text()
    shapes_before = _leaflet(page, _N_SHAPES)
    name = BIOMED[journey.lang]
    page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']").first.click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"(b) => [...document.querySelectorAll({CAPTION!r})]"
        f".some(e => e.innerText.includes({journey.text('创新设施', 'Facilities')!r})"
        " && e.innerText !== b)", arg=before, timeout=60_000)
    _wait_map(page)
    chips = page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']").first.locator(
        ".react-aria-ComboBox [data-tag] span[title]")
    assert chips.count() == 1, [chips.nth(i).inner_text() for i in range(chips.count())]
    assert chips.first.inner_text().strip() == name
    after = caption.inner_text()
    assert after != before
    n_before, n_after = (int(re.match(r"\s*(\d+)", s).group(1)) for s in (before, after))
    assert 0 < n_after < n_before, (before, after)
    page.wait_for_function(
        f"(n) => {{ const f = document.querySelector({MAP_IFRAME!r}); const w = f.contentWindow;"
        " const map = w && w.L && Object.values(w).find(v => v instanceof w.L.Map);"
        " if (!map) return false; let k = 0; map.eachLayer(l => { if (l.getLatLngs) k++; });"
        " return k !== n; }", arg=shapes_before, timeout=60_000)
    journey.shot("sidebar_typed_industry")


#: Text a user may read in either UI: proper names and the bilingual language switch.
_ALLOWED_CJK_IN_EN = ("语言", "中文", "深圳创新集群地图")
_ALLOWED_LATIN_IN_ZH = ("Language", "English", "OpenStreetMap", "CartoDB", "OSM", "ODbL",
                        "EPSG", "DPI", "PNG", "PDF", "SVG", "A4", "A3", "km", "Amap",
                        "cnmaps", "contributors", "data", "MIT", "Shenzhen", "Innovation",
                        "Cluster",
                        "Map", "Leaflet", "CNMaps", "Data", "GS")
#: Codes a user must never read (in Chinese, any Latin word outside the list above is
#: caught already; "kind", "sector" are English words).
_RAW_CODES = ("cartodb_light", "color_kind", "color_sector", "tiles_none", "tiles_osm",
              "innovation_cluster", "strategic_platform", "sub_area")
#: Streamlit's icon ligatures (the sidebar's collapse button), not text a user reads.
_ICONS = re.compile(r"keyboard_\w+")


def _foreign_words(text: str, lang: str) -> list[str]:
    """Words of the other language in ``text`` (allowing proper names)."""
    if lang == "en":
        words = re.findall(r"[\u3400-\u9fff]+", text)
        return [w for w in words if not any(w in a or a in w for a in _ALLOWED_CJK_IN_EN)]
    words = re.findall(r"[A-Za-z][A-Za-z_]+", text)
    return [w for w in words if w not in _ALLOWED_LATIN_IN_ZH]


def _sidebar_state(page) -> dict:
    box = page.locator(f"{SIDEBAR} [data-testid='stSelectbox']").first
    radios = page.locator(f"{SIDEBAR} [data-testid='stRadio']")
    color = radios.nth(1)
    return {"tiles_label": box.locator("[data-testid='stWidgetLabel']").first
            .inner_text().strip(),
            "tiles_value": box.locator(".react-aria-ComboBox input[role='combobox']").first
            .input_value().strip(),
            "color_label": color.locator("[data-testid='stWidgetLabel']").first
            .inner_text().strip(),
            "color_checked": color.locator("input[type='radio']:checked").count(),
            "color_options": [x.strip() for x in color.locator(
                "[data-testid='stRadioOption']").all_inner_texts()]}


def test_switching_language_relabels_the_sidebar(journey):
    """On 地图, switch the language and back: the base-map box has its label and value
    in the new language, a colouring option stays selected, and the sidebar and page
    read in one language (no raw codes)."""
    page = journey.page
    journey.open()
    _wait_map(page)
    other = "en" if journey.lang == "zh" else "zh"
    expect = {
        "zh": {"tiles_label": "底图", "tiles_value": "无（离线）", "color_label": "区域着色",
               "color_options": ["类型", "重点领域"]},
        "en": {"tiles_label": "Base map", "tiles_value": "none (offline)",
               "color_label": "Colour areas by", "color_options": ["kind", "focus sector"]},
    }
    for lang in (other, journey.lang):
        page.locator(f"{SIDEBAR} [data-testid='stRadio']").first.get_by_text(
            {"zh": "中文", "en": "English"}[lang], exact=True).click()
        wait_app_idle(page)
        page.locator(f"{MAIN} h1", has_text={"zh": "深圳创新集群地图",
                                            "en": "Shenzhen Innovation-Cluster Map"}[lang]
                     ).wait_for(timeout=60_000)
        _wait_map(page)
        state = _sidebar_state(page)
        assert state["color_checked"] == 1, state
        for k, v in expect[lang].items():
            assert state[k] == v, (lang, k, state)
        sidebar = _ICONS.sub("", page.locator(SIDEBAR).inner_text())
        main = _ICONS.sub("", page.locator(MAIN).inner_text())
        # what the boxes show: a value, else the placeholder (Streamlit's own default
        # placeholder is English)
        boxes = "\n".join(page.locator(
            f"{SIDEBAR} input[role='combobox'], {MAIN} input[role='combobox']").evaluate_all(
            "els => els.map(e => e.value || e.placeholder || '')"))
        legend = page.locator(MAP_IFRAME).first.element_handle().content_frame().evaluate(
            "() => (document.querySelector('.legend, .sz-legend, .leaflet-control')"
            " ? document.body.innerText : '')")
        assert {"zh": "图例", "en": "Legend"}[lang] in legend, legend[:500]
        legend = re.sub(r"\b(?:Leaflet|km|mi)\b|片区", "", legend)
        for where, text in (("sidebar", sidebar), ("page", main), ("boxes", boxes),
                            ("map", legend)):
            assert not _foreign_words(text, lang), (lang, where, _foreign_words(text, lang))
            codes = [c for c in _RAW_CODES if re.search(rf"(?<![\w(-]){c}(?![\w)-])", text)]
            assert not codes, (lang, where, codes)
    journey.shot("sidebar_language_switched")


def test_a_page_chosen_while_the_first_one_loads_keeps_the_language(journey, tmp_path):
    """Open the link with ?lang=…, click 数据 before the first page has finished, upload a
    file: the page, its summary and the switch stay in the link's language. (The switch
    the browser drew afresh after the cut-short first run showed 中文 while the server
    held English and sent 中文 back with the upload: 1 run in 10 before the fix, so the
    journey opens the link several times.)"""
    page = journey.page
    path = tmp_path / "firms.csv"
    path.write_text("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n", encoding="utf-8")
    label = {"zh": "中文", "en": "English"}[journey.lang]
    for _ in range(4):
        page.goto(f"{journey.server}/?lang={journey.lang}")
        page.locator("[data-testid='stSidebarNav'] a", has_text=journey.text("数据", "Data")
                     ).first.click()
        page.locator(f"{MAIN} h1", has_text=journey.text("数据", "Data")).first.wait_for(
            timeout=60_000)
        wait_app_idle(page)
        give_file(page, path)
        page.locator("[data-testid='stAlert']").filter(has_text="firms.csv").filter(
            has_text=journey.text("1 行有效", "1 valid")).first.wait_for(timeout=60_000)
        wait_app_idle(page)
        checked = page.locator(f"{SIDEBAR} [role='radiogroup'] input:checked").first \
            .evaluate("e => e.closest('label').innerText.trim()")
        assert checked == label, checked
        assert page.locator(f"{MAIN} h1").first.inner_text() == journey.text("数据", "Data")
        assert f"lang={journey.lang}" in page.url, page.url
    journey.shot("sidebar_language_kept_on_early_page_change")


PLATFORM = {"zh": "前海深港现代服务业合作区",
            "en": "Qianhai Shenzhen-Hong Kong Modern Service Industry Cooperation Zone"}
BIOMED = {"zh": "生物医药", "en": "Biomedicine"}
PINGSHAN = {"zh": "坪山区", "en": "Pingshan"}


def _search(page, term: str, option: str) -> None:
    """Type ``term`` into the map's search box and click ``option``."""
    box = page.locator(f"{MAIN} [data-testid='stSelectbox']").first.locator(
        ".react-aria-ComboBox input[role='combobox']").first
    box.click()
    page.keyboard.type(term)
    page.locator("[role='option']", has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")
                 ).first.click()
    wait_app_idle(page)


def test_switching_language_keeps_the_chosen_industry_and_place(journey):
    """Choose 生物医药 in the filter and 坪山区 in the search box, then switch the
    language: the chip and the search box read in the new language, the counts and
    the framed place stay."""
    page = journey.page
    journey.open()
    _wait_map(page)
    ms = page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']").first
    ms.click()
    page.keyboard.type(BIOMED[journey.lang])
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_app_idle(page)
    _search(page, journey.text("坪山", "Pingshan"), PINGSHAN[journey.lang])
    _wait_map(page)
    count = int(re.match(r"\s*(\d+)", _count_caption(journey).inner_text()).group(1))
    other = "en" if journey.lang == "zh" else "zh"
    page.locator(f"{SIDEBAR} [data-testid='stRadio']").first.get_by_text(
        {"zh": "中文", "en": "English"}[other], exact=True).click()
    page.locator(f"{MAIN} h1", has_text={"zh": "深圳创新集群地图",
                                        "en": "Shenzhen Innovation-Cluster Map"}[other]
                 ).wait_for(timeout=60_000)
    wait_app_idle(page)
    _wait_map(page)
    chips = ms.locator(".react-aria-ComboBox [data-tag] span[title]").all_inner_texts()
    assert [c.strip() for c in chips] == [BIOMED[other]], chips
    box = page.locator(f"{MAIN} [data-testid='stSelectbox']").first.locator(
        ".react-aria-ComboBox input[role='combobox']").first
    assert box.input_value() == PINGSHAN[other]
    word = {"zh": "创新设施", "en": "Facilities"}[other]
    caption = page.locator(CAPTION).filter(has_text=word).first.inner_text()
    assert int(re.match(r"\s*(\d+)", caption).group(1)) == count, caption
    journey.shot("sidebar_language_keeps_choices")


def test_export_uses_the_searched_view_title_and_stays_downloadable(journey):
    """Search 前海, open the export, type a title, make a PNG and download it: the PNG
    has the paper's pixel size and shows 前海 (not the whole city) under the title; the
    download button is still there after downloading, and downloads again."""
    page = journey.page
    journey.open()
    _wait_map(page)
    search = page.locator(f"{MAIN} [data-testid='stSelectbox']").first
    platform = PLATFORM[journey.lang]
    _search(page, journey.text("前海", "Qianhai"), platform)
    _wait_map(page)
    assert search.locator(".react-aria-ComboBox input[role='combobox']").first.input_value() \
        == platform
    page.locator(f"{MAIN} [data-testid='stExpander']").get_by_text(
        journey.text("导出", "Export")).first.click()
    exp = page.locator(f"{MAIN} [data-testid='stExpander']").first
    title = journey.text("前海视图 · 测试", "Qianhai test view")
    box = exp.locator("[data-testid='stTextInput'] input").first
    box.fill(title)
    box.press("Enter")
    wait_app_idle(page)
    # title, subtitle, disclaimer
    disclaimer = exp.locator("[data-testid='stTextInput'] input").nth(2)
    assert disclaimer.input_value().strip()  # the default disclaimer is offered
    dpi = exp.locator("[data-testid='stSelectbox']").nth(3).locator(
        ".react-aria-ComboBox input[role='combobox']").first
    dpi.click()
    page.keyboard.type("150")
    # Enter only once the list shows the typed option: pressed earlier, it can leave
    # "150" typed but 300 chosen
    page.get_by_role("option").filter(has_text="150").first.wait_for(timeout=30_000)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # let the rerun the choice starts begin before waiting
    wait_app_idle(page)
    assert dpi.input_value() == "150"
    exp.get_by_role("button", name=journey.text("生成地图", "Make the map")).click()
    wait_app_idle(page)
    button = exp.get_by_role("button", name=journey.text("下载", "Download"))
    button.wait_for(timeout=120_000)
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    with page.expect_download() as dl:
        button.click()
    path = DOWNLOADS / f"export_download_qianhai_{journey.lang}.png"
    dl.value.save_as(path)
    with Image.open(path) as im:
        assert im.format == "PNG"
        assert im.size == (round(210 / 25.4 * 150), round(297 / 25.4 * 150)), im.size
    wait_app_idle(page)
    page.wait_for_timeout(1000)
    wait_app_idle(page)
    button = exp.get_by_role("button", name=journey.text("下载", "Download"))
    assert button.count() == 1, "the download button disappeared after one download"
    with page.expect_download() as dl2:
        button.click()
    assert dl2.value.suggested_filename.endswith(".png")
    journey.shot("export_qianhai")
