"""A register with addresses and no coordinates is geocoded on import (data.points_io,
cli check/stats, the app's upload); one with both keeps its coordinates and warns
where a point lies outside the 街道 its address names."""

import numpy as np
import pandas as pd
import pytest

from cli import main
from core import settings
from core.messages import localize_report
from data.points_io import read_points

ENTERPRISES = pd.read_csv(settings.ENTERPRISES_SRC_FILE, dtype=str, keep_default_na=False)
MINDRAY = "深圳市南山区高新技术产业园区科技南十二路迈瑞大厦1-4层"  # road, 粤海街道
MALUAN = "深圳市坪山区马峦街道沙坣同富裕工业区"  # 街道
TAOYUAN = "深圳市南山区桃源街道福光社区留仙大道3370号南山智园崇文园区1号楼1001"  # 社区
XIXIANG = "深圳市宝安区西乡街道铁岗水库路166号"  # 西乡 was re-divided in 2016
ROWS = [("迈瑞", MINDRAY, "高端医疗器械"), ("甲", MALUAN, "新材料"), ("乙", TAOYUAN, ""),
        ("丙", XIXIANG, "智能终端"),
        ("丁", "北京市海淀区中关村大街1号", ""),  # outside Shenzhen
        ("戊", "", "新材料"),  # no address
        ("己", "火星基地1号", "")]  # nothing Shenzhen in it
PLACED, UNPLACED = [1, 2, 3, 4], [5, 6, 7]


def test_the_addresses_used_are_the_published_ones_of_the_enterprise_sample():
    published = set(ENTERPRISES["address"])
    assert {MINDRAY, MALUAN, TAOYUAN, XIXIANG} <= published


def write(tmp_path, rows=ROWS, *, encoding="utf-8", name="register.csv",
          header=("企业名称", "注册地址", "行业")):
    path = tmp_path / name
    pd.DataFrame(rows, columns=list(header)).to_csv(path, index=False, encoding=encoding)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_an_address_only_register_keeps_every_row_and_reports_the_unplaced(tmp_path,
                                                                            encoding):
    t = read_points(write(tmp_path, encoding=encoding))
    f = t.frame
    assert list(f["row"]) == [1, 2, 3, 4, 5, 6, 7] and list(f["企业名称"]) == [r[0] for r in ROWS]
    assert t.geocoded and t.columns["address"] == "注册地址"
    assert list(t.valid["row"]) == PLACED
    assert list(f["match_level"]) == ["road", "subdistrict", "community", "district",
                                      "none", "none", "none"]
    v = t.valid
    assert v["precision_m"].gt(0).all() and v["lon_wgs84"].between(113.7, 114.7).all()
    # a coarser unit is a larger uncertainty
    assert v["precision_m"].iloc[0] < v["precision_m"].iloc[1] < v["precision_m"].iloc[3]
    assert f.loc[f["row"].isin(UNPLACED), ["lon_wgs84", "lat_wgs84"]].isna().all().all()
    rep = t.report.set_index("row")
    assert list(rep.index) == UNPLACED and set(rep["column"]) == {"注册地址"}
    assert "outside Shenzhen" in rep.loc[5, "problem"] and "北京市" in rep.loc[5, "problem"]
    assert rep.loc[6, "problem"].startswith("empty address")
    assert rep.loc[7, "problem"].startswith("no Shenzhen district")
    assert rep["fix"].str.len().gt(10).all()
    assert any("offline gazetteer" in n.message for n in t.notes)
    zh = localize_report(t.report, "zh")
    assert "不在深圳" in zh["problem"].iloc[0] and "地址为空" in zh["problem"].iloc[1]


def test_as_of_decides_an_address_with_a_redivided_subdistrict_name(tmp_path):
    path = write(tmp_path)
    undated = read_points(path).frame.set_index("row").loc[4]
    assert undated["match_level"] == "district" and "re-divided" in undated["geocode_note"]
    before = read_points(path, as_of=2010).frame.set_index("row").loc[4]
    assert before["match_level"] == "district"
    after = read_points(path, as_of=2020).frame.set_index("row").loc[4]
    assert after["match_level"] == "subdistrict"
    assert after["precision_m"] < undated["precision_m"]
    assert (after["lon_wgs84"], after["lat_wgs84"]) != (undated["lon_wgs84"],
                                                        undated["lat_wgs84"])


def test_a_register_read_in_small_chunks_equals_the_whole(tmp_path):
    rows = ROWS * 5  # 35 rows, 15 of them unplaced
    path = write(tmp_path, rows)
    whole = read_points(path)
    chunked = read_points(path, chunk_rows=3)
    pd.testing.assert_frame_equal(chunked.frame, whole.frame)
    pd.testing.assert_frame_equal(chunked.report.reset_index(drop=True),
                                  whole.report.reset_index(drop=True), check_dtype=False)
    assert chunked.notes == whole.notes
    assert sum("offline gazetteer" in n.message for n in chunked.notes) == 1
    assert list(chunked.report["row"]) == [r + 7 * k for k in range(5) for r in UNPLACED]


def test_an_address_column_named_by_the_user_and_a_declared_crs_that_does_not_apply(
        tmp_path):
    path = write(tmp_path, header=("name", "where", "industry"))
    t = read_points(path, address_col="where", crs="gcj02")
    wgs = read_points(path, address_col="where")
    assert list(t.valid["row"]) == PLACED
    np.testing.assert_array_equal(t.frame["lon_wgs84"], wgs.frame["lon_wgs84"])


def test_an_address_only_workbook_under_a_title_row_is_geocoded(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年企业名录"])
    ws.append(["企业名称", "注册地址", "行业"])
    for r in ROWS:
        ws.append(list(r))
    wb.save(tmp_path / "名录.xlsx")
    t = read_points(tmp_path / "名录.xlsx")
    assert list(t.valid["row"]) == PLACED and list(t.report["row"]) == UNPLACED


def test_user_columns_named_like_the_geocoder_columns_are_kept_renamed(tmp_path):
    rows = [(a, b, "mine") for _, a, b in ROWS[:2]]
    path = write(tmp_path, rows, header=("地址", "行业", "match_level"))
    t = read_points(path)
    assert list(t.frame["match_level (输入)"]) == ["mine", "mine"]
    assert list(t.frame["match_level"]) == ["road", "subdistrict"]


# --- coordinates and addresses -----------------------------------------------------------
def coords_and_addresses(tmp_path):
    rows = [("迈瑞", 113.951198, 22.539374, MINDRAY),  # in 粤海街道, as its address says
            ("错", 114.0579, 22.5431, "深圳市南山区粤海街道科技南十二路1号"),  # in 莲花街道
            ("无地址", 114.0579, 22.5431, ""),
            ("坏", "abc", 22.5, MINDRAY)]
    return write(tmp_path, rows, header=("name", "lon", "lat", "地址"))


def test_coordinates_are_kept_and_a_point_outside_its_address_subdistrict_is_flagged(
        tmp_path):
    t = read_points(coords_and_addresses(tmp_path))
    assert not t.geocoded and "match_level" not in t.frame
    np.testing.assert_allclose(t.frame["lon_wgs84"].iloc[:3], [113.951198, 114.0579,
                                                              114.0579])
    assert list(t.valid["row"]) == [1, 2, 3]  # a warning is not a rejection
    assert list(t.report["row"]) == [4]  # the bad coordinate only
    w = t.warnings.set_index("row")
    assert list(w.index) == [2] and w.loc[2, "column"] == "地址"
    assert "outside 粤海街道" in w.loc[2, "problem"] and "莲花街道" in w.loc[2, "problem"]
    assert w.loc[2, "fix"] == "check the address or the coordinates"
    assert list(t.frame["address_check"] != "") == [False, True, False, False]
    assert "莲花街道" in localize_report(t.warnings, "zh")["problem"].iloc[0]
    assert list(read_points(coords_and_addresses(tmp_path),
                            chunk_rows=1).warnings["row"]) == [2]


# --- the command line -----------------------------------------------------------------------
def test_cli_check_geocodes_an_address_only_register_and_keeps_every_row(tmp_path,
                                                                         capsys):
    path, out = write(tmp_path, encoding="gbk"), tmp_path / "out.csv"
    assert main(["check", "--lang", "en", str(path), "--out", str(out), "--quiet", "--chunk-rows",
                 "3"]) == 0
    out_text, err = capsys.readouterr()
    res = pd.read_csv(out, encoding="utf-8-sig")
    assert len(res) == 7 and list(res["企业名称"]) == [r[0] for r in ROWS]
    assert list(res["match_level"]) == ["road", "subdistrict", "community", "district",
                                        "none", "none", "none"]
    assert res["subdistrict"].iloc[0] == "粤海街道" and res["focus_match"].iloc[0] == "match"
    assert res["problem"].iloc[4:].str.len().gt(0).all() and res["precision_m"].iloc[:4].gt(0).all()
    report = pd.read_csv(tmp_path / "out_report.csv", encoding="utf-8-sig")
    assert list(report["row"]) == UNPLACED
    assert "road 1, community 1, subdistrict 1, district 1, none 3" in err
    assert "row 5, 注册地址: outside Shenzhen" in err
    assert "7 rows in, 7 rows out (3 not placed from their address)" in out_text

    assert main(["check", "--lang", "en", str(path), "--out", str(out), "--quiet", "--as-of", "2020"]) == 0
    res = pd.read_csv(out, encoding="utf-8-sig")
    assert res["match_level"].iloc[3] == "subdistrict" and res["subdistrict"].iloc[3] == \
        "西乡街道"


def test_cli_check_warns_of_points_outside_their_address_subdistrict(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["check", "--lang", "en", str(coords_and_addresses(tmp_path)), "--out", str(out),
                 "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "1 point(s) lie outside the 街道 their address names" in err
    assert "row 2, 地址: the point lies" in err
    res = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert len(res) == 4 and res["subdistrict"].iloc[1] == "莲花街道"
    assert res["address_check"].iloc[1].startswith("the point lies")


def test_cli_stats_counts_the_placed_rows_of_an_address_only_register(tmp_path, capsys):
    from data.catalogues import load_facilities

    out = tmp_path / "s.csv"
    assert main(["stats", "--lang", "en", "--enterprises", str(write(tmp_path)), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"({len(PLACED) + len(load_facilities()):,} points" in captured.out
    assert "none 3" in captured.err and "row 7, 注册地址" in captured.err


def test_cli_as_of_must_be_a_year(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["check", str(write(tmp_path)), "--out", str(tmp_path / "o.csv"),
              "--as-of", "20"])
    assert "give the year" in capsys.readouterr().err


# --- the app's upload ------------------------------------------------------------------------
def test_app_upload_shows_rows_per_match_level_and_rereads_with_the_address_year(tmp_path):
    from streamlit.testing.v1 import AppTest

    def page():
        from pathlib import Path

        import streamlit as st

        from app_pages import uploads

        class Upload:
            def __init__(self, path):
                self.name, self._data = "名录.csv", Path(path).read_bytes()
                self.size, self.file_id = len(self._data), "f1"

            def getvalue(self):
                return self._data

        real = st.file_uploader  # patched for this run only: other tests share the module
        st.file_uploader = lambda *a, **k: Upload(st.session_state["path"])
        try:
            table = uploads.upload_points("reg", "zh")
        finally:
            st.file_uploader = real
        st.session_state["levels"] = table.match_levels()

    at = AppTest.from_function(page, default_timeout=60)
    at.session_state["path"] = str(write(tmp_path))
    at.run()
    assert not at.exception
    levels = at.session_state["levels"].set_index("match_level")["rows"]
    assert levels["district"] == 1 and levels["none"] == 3
    shown = at.dataframe[0].value
    assert list(shown["match_level"]) == ["道路", "社区", "街道", "区", "未定位（见被拒绝的行）"]
    assert any("不在深圳" in str(v) for v in at.dataframe[1].value["problem"])
    year = at.number_input(key="reg_as_of")
    assert year.value is None
    year.set_value(2020).run()
    assert not at.exception
    levels = at.session_state["levels"].set_index("match_level")["rows"]
    assert levels["district"] == 0 and levels["subdistrict"] == 2
