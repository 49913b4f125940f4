"""Report-ready tables: headers and words in the reader's language, ids kept in their
own column, a metadata sheet; and the 统计 page's downloads built from them."""

import io
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from exports import report_tables as rt


def _coverage():
    return pd.DataFrame({
        "id": ["c07_qianhai_baoan", "c07_szhk_manufacturing", "city"],
        "name_zh": ["前海（宝安）深港创新集群区", "深港先进制造业合作区", "全市（含深汕）"],
        "name_en": ["Qianhai (Bao'an)", "SZ-HK Advanced Manufacturing", "City (incl. 深汕)"],
        "kind": ["innovation_cluster", "sub_area", "summary"],
        "grade": ["fitted", "envelope", np.nan],
        "area_km2": [89.18123, 89.18123, 2419.888], "n_facilities": [6, 6, 81],
        "n_enterprises": [7, 7, 154], "facilities_per_km2": [0.06728, 0.06728, 0.0334],
        "enterprises_per_km2": [0.0785, 0.0785, 0.0636],
        "share_city_facilities": [0.074074, 0.074074, 1.0],
        "share_city_enterprises": [0.04545, 0.04545, 1.0],
        "focus_alignment": [0.5, 0.5, np.nan],
        "focus_matches_filter": [np.True_, np.False_, np.nan],
    })


def test_coverage_report_in_chinese_has_chinese_headers_words_and_an_id_column():
    out = rt.coverage_report(_coverage(), "zh")
    assert list(out.columns[:5]) == ["区域编号（id）", "中文名称", "英文名称", "类型", "边界等级"]
    assert "n_facilities" not in out.columns and "设施数" in out.columns
    assert list(out["区域编号（id）"]) == ["c07_qianhai_baoan", "c07_szhk_manufacturing", "city"]
    assert list(out["类型"]) == ["创新集群区", "片区", "汇总"]
    assert out["边界等级"].iloc[0] == "按公布面积拟合" and pd.isna(out["边界等级"].iloc[2])
    assert list(out["规划重点含所选产业"].iloc[:2]) == ["是", "否"]
    assert out["面积（km²，EPSG:4547）"].iloc[0] == 89.18  # rounded, still a number


def test_coverage_report_in_english_puts_the_english_name_first():
    out = rt.coverage_report(_coverage(), "en")
    assert list(out.columns[:5]) == ["Area id", "Name (English)", "Name (Chinese)", "Kind",
                                     "Boundary grade"]
    assert list(out["Kind"]) == ["Innovation cluster", "Sub-area (片区)", "summary"]
    assert out["Boundary grade"].iloc[1] == "envelope (overstates)"
    assert "Facilities per km²" in out.columns and "Share of city enterprises" in out.columns


def test_coverage_report_names_the_split_counts_and_the_lower_bound_flag_in_each_language():
    table = _coverage().assign(
        n_facilities_sure=pd.array([4, 0, pd.NA], dtype="Int64"),
        n_facilities_uncertain=pd.array([2, 6, pd.NA], dtype="Int64"),
        n_facilities_area_level=[6, 6, 78],
        density_lower_bound=pd.array([False, True, pd.NA], dtype="boolean"))
    zh, en = rt.coverage_report(table, "zh"), rt.coverage_report(table, "en")
    assert zh["设施：确定在内"].tolist()[:2] == [4, 0] and pd.isna(zh["设施：确定在内"].iloc[2])
    assert zh["设施：仅知所在区域"].tolist() == [6, 6, 78]
    assert zh["密度为下限"].tolist()[:2] == ["否", "是"] and pd.isna(zh["密度为下限"].iloc[2])
    assert en["Facilities uncertain"].tolist()[:2] == [2, 6]
    assert en["Density is a lower bound"].tolist()[:2] == ["no", "yes"]
    assert "Facilities area-level" in en.columns


def test_proximity_report_names_each_radius_in_metres():
    prox = pd.DataFrame({"id": ["c07_qianhai_baoan", "city"], "n_enterprises": [7, 154],
                         "share_within_1000m": [0.142857, 0.2], "share_within_5000m":
                         [1.0, np.nan]})
    names = {"c07_qianhai_baoan": "前海（宝安）", "city": "全市"}
    out = rt.proximity_report(prox, names, "en")
    assert out.columns.tolist() == [
        "Area id", "Name", "Enterprises",
        "Share of enterprises within 1,000 m of a big-science facility or lab",
        "Share of enterprises within 5,000 m of a big-science facility or lab"]
    assert out.iloc[0, :4].tolist() == ["c07_qianhai_baoan", "前海（宝安）", 7, 0.1429]
    assert rt.proximity_report(prox, names, "zh").columns[3] == \
        "1,000 米内有大科学装置/实验室的企业比例"


def test_overlaps_report_keeps_each_id_beside_its_name():
    ov = pd.DataFrame({"area_a": ["c07_qianhai_baoan"], "area_b": ["qianhai"],
                       "overlap_km2": [89.1812], "share_of_a": [1.0], "share_of_b": [0.73971]})
    names = {"c07_qianhai_baoan": "前海（宝安）深港创新集群区", "qianhai": "前海深港现代服务业合作区"}
    out = rt.overlaps_report(ov, names, "zh")
    assert list(out.columns) == ["区域 A 编号", "区域 A", "区域 B 编号", "区域 B",
                                 "重叠面积（km²，EPSG:4547）", "占 A 面积比例", "占 B 面积比例"]
    assert out.iloc[0].tolist() == ["c07_qianhai_baoan", "前海（宝安）深港创新集群区", "qianhai",
                                    "前海深港现代服务业合作区", 89.18, 1.0, 0.7397]


def test_matrix_report_names_rows_and_columns():
    lq = pd.DataFrame({"biomedicine": [1.23456]}, index=["qianhai"])
    out = rt.matrix_report(lq, {"qianhai": "前海"}, {"biomedicine": "生物医药"}, "zh")
    assert out.columns.tolist() == ["区域编号（id）", "名称", "生物医药"]
    assert out.iloc[0].tolist() == ["qianhai", "前海", 1.235]


def test_coverage_sheets_name_each_sheet_in_the_language():
    ov = pd.DataFrame({"area_a": ["c07_qianhai_baoan"], "area_b": ["c07_szhk_manufacturing"],
                       "overlap_km2": [89.18], "share_of_a": [1.0], "share_of_b": [1.0]})
    lq = pd.DataFrame({"biomedicine": [0.5, np.nan], "quantum_info": [np.nan, np.nan]},
                      index=["c07_qianhai_baoan", "city"])
    sheets = rt.coverage_sheets(_coverage(), "en", overlaps=ov, lq=lq,
                                industry_names={"biomedicine": "Biomedicine"})
    assert list(sheets) == ["Coverage", "Overlaps", "Location quotients"]
    assert sheets["Overlaps"]["Area B"].iloc[0] == "SZ-HK Advanced Manufacturing"
    assert sheets["Location quotients"].columns.tolist() == ["Area id", "Name", "Biomedicine"]
    assert list(rt.coverage_sheets(_coverage(), "zh")) == ["覆盖统计"]


def test_localize_columns_and_values_are_general_and_leave_unknowns_alone():
    frame = pd.DataFrame({"kind": ["sub_area", "mystery"], "x": [1, 2]})
    out = rt.localize_values(frame, "en")
    assert out["kind"].tolist() == ["Sub-area (片区)", "mystery"]
    assert rt.localize_columns(out, "zh", {"kind": "col_kind"}).columns.tolist() == ["类型", "x"]
    assert frame["kind"].iloc[0] == "sub_area"  # the input is not changed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_metadata_rows_state_date_sources_grades_filters_and_crs(lang):
    rows = rt.metadata_rows(
        lang, report="R", created=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        filters={"filter_industries": [], "filter_categories": ["实验室", "高校"]},
        sources=[*rt.area_sources(_coverage(), lang),
                 rt.enterprise_source(lang, n=1234, is_sample=False, name="firms.xlsx")])
    meta = dict(rows)
    text = " ".join(meta.values())
    assert "2026-01-02 03:04 UTC" in meta.values()
    assert "EPSG:4326" in text and "EPSG:4547" in text
    assert "firms.xlsx" in text and "1,234" in text
    if lang == "zh":
        assert meta["产业筛选（领域/产业/未来产业）"] == "全部"
        assert meta["设施类别"] == "实验室、高校"
        assert "按公布面积拟合 1" in meta["区域边界"] and "外包范围（偏大） 1" in meta["区域边界"]
        assert meta["区域边界"].startswith("2 个区域")  # the summary row is not an area
    else:
        assert meta["Industry filter"] == "all"
        assert "fitted to published area 1" in meta["Area boundaries"]
    sample = dict([rt.enterprise_source(lang, n=154, is_sample=True)])
    assert "154" in next(iter(sample.values()))


def test_report_xlsx_has_the_sheets_then_a_metadata_sheet_in_the_language():
    table = rt.coverage_report(_coverage().assign(name_zh=["=HYPERLINK(1)", "b", "c"]), "zh")
    meta = rt.metadata_rows("zh", report="各区覆盖统计")
    data = rt.report_xlsx({"覆盖统计": table}, lang="zh", metadata=meta)
    book = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(book) == ["覆盖统计", "说明"]
    assert book["说明"].columns.tolist() == ["项目", "内容"]
    assert "坐标系（存储）" in book["说明"]["项目"].tolist()
    assert book["覆盖统计"]["中文名称"].iloc[0] == "'=HYPERLINK(1)"  # cannot run as a formula
    assert book["覆盖统计"]["区域编号（id）"].tolist()[0] == "c07_qianhai_baoan"


def test_report_csv_opens_in_excel_with_metadata_lines_first():
    table = rt.coverage_report(_coverage(), "en")
    meta = rt.metadata_rows("en", report="Coverage by area")
    data = rt.report_csv(table, metadata=meta)
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "# Report: Coverage by area" and lines[1].startswith("# Exported: ")
    back = pd.read_csv(io.BytesIO(data), skiprows=len(meta), encoding="utf-8-sig")
    assert back.columns[0] == "Area id" and back["Area id"].tolist()[-1] == "city"


# ------------------------------------------------------------------ the 统计 page itself
@pytest.fixture
def stats_page(monkeypatch):
    """The 统计 page in AppTest, with access to the bytes of its downloads."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    stores = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/stats_page.py").run()
    assert not at.exception, [e.message for e in at.exception]

    def download(key: str) -> bytes:
        button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
        return stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content

    return at, download


def test_stats_page_downloads_are_ready_for_a_report_in_both_languages(stats_page):
    at, download = stats_page
    book = pd.read_excel(io.BytesIO(download("dl_xlsx")), sheet_name=None)
    assert list(book) == ["覆盖统计", "区域重叠", "区位熵", "临近设施", "说明"]
    cov = book["覆盖统计"]
    assert {"设施：确定在内", "设施：不确定", "设施：仅知所在区域", "密度为下限"} <= set(cov.columns)
    envelope = cov["边界等级"] == "外包范围（偏大）"
    assert (cov.loc[envelope, "密度为下限"] == "是").all()
    assert (cov.loc[~envelope & (cov["类型"] != "汇总"), "密度为下限"] == "否").all()
    assert cov.columns[0] == "区域编号（id）" and "c07_qianhai_baoan" in set(cov["区域编号（id）"])
    assert "创新集群区" in set(cov["类型"]) and "外包范围（偏大）" in set(cov["边界等级"])
    meta = dict(zip(book["说明"]["项目"], book["说明"]["内容"], strict=True))
    assert "精选企业样本" in meta["企业数据"] and meta["产业筛选（领域/产业/未来产业）"] == "全部"
    assert "EPSG:4547" in meta["面积与距离量算"]
    assert book["区域重叠"].columns[0] == "区域 A 编号"
    csv = download("dl_csv")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0] == "# 报表: 各区覆盖统计"
    n_meta = sum(line.startswith("# ") for line in lines)
    assert n_meta == len(meta)  # the CSV carries the same metadata as the sheet
    table = pd.read_csv(io.BytesIO(csv), skiprows=n_meta, encoding="utf-8-sig")
    assert table.columns[:4].tolist() == ["区域编号（id）", "中文名称", "英文名称", "类型"]

    at.sidebar.multiselect(key="f_industries").set_value(["brain_science"])
    at.sidebar.radio(key="lang_choice").set_value("English").run()
    assert not at.exception
    book = pd.read_excel(io.BytesIO(download("dl_xlsx")), sheet_name=None)
    assert list(book) == ["Coverage", "Overlaps", "Location quotients", "Proximity",
                          "About this file"]
    meta = dict(zip(book["About this file"]["Item"], book["About this file"]["Value"],
                    strict=True))
    assert meta["Industry filter"] == "Brain science and brain-inspired intelligence"
    assert book["Coverage"].columns[:3].tolist() == ["Area id", "Name (English)",
                                                     "Name (Chinese)"]


def test_stats_page_explains_every_column_and_shows_chart_labels_whole(stats_page):
    import json

    at, _ = stats_page
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["id"] == {"hidden": True}
    shown = {"name_zh", "kind", "grade", "area_km2", "n_facilities", "n_enterprises",
             "facilities_per_km2", "enterprises_per_km2", "share_city_facilities",
             "focus_alignment", "n_facilities_sure", "n_facilities_uncertain",
             "n_facilities_area_level", "n_enterprises_sure", "n_enterprises_uncertain",
             "n_enterprises_area_level", "density_lower_bound"}
    assert shown <= set(config), set(config)
    assert all(config[c].get("help") for c in shown), [c for c in shown
                                                       if not config[c].get("help")]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) == 2
    for spec in specs:
        axis = spec["encoding"]["y"]["axis"]
        assert axis["labelLimit"] == 0 and axis["labelOverlap"] is False


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cli_writes_the_same_workbook_as_the_page(stats_page, tmp_path, lang):
    """`cli.py stats --out x.xlsx --lang L` and the 统计 page's Excel download: the same
    sheets in the same order, the same coverage headers and the same metadata items."""
    from cli import main

    at, download = stats_page
    if lang == "en":
        at.sidebar.radio(key="lang_choice").set_value("English").run()
    page = pd.read_excel(io.BytesIO(download("dl_xlsx")), sheet_name=None)
    src = tmp_path / "e.csv"
    pd.DataFrame([("a", 113.937938, 22.532219, "智能终端"), ("b", 114.0, 22.7, "新材料")],
                 columns=["name", "lon", "lat", "industry"]).to_csv(src, index=False)
    out = tmp_path / "cli.xlsx"
    assert main(["stats", "--enterprises", str(src), "--out", str(out), "--lang", lang]) == 0
    cli = pd.read_excel(out, sheet_name=None)
    assert list(cli) == list(page)
    first, meta = list(page)[0], list(page)[-1]
    assert cli[first].columns.tolist() == page[first].columns.tolist()
    assert cli[meta].iloc[:, 0].tolist() == page[meta].iloc[:, 0].tolist()
