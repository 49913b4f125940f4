"""Placement results for people: verdict words with certainty, names not ids (ids in
their own column), every input row and column kept, headers in the reader's language."""

import numpy as np
import pandas as pd

from exports.placement_report import area_names, placement_report, verdict_label


def test_the_verdict_reads_with_its_certainty():
    assert verdict_label("match", "firm", "zh") == "符合"
    assert verdict_label("match", "possibly", "zh") == "可能符合"
    assert verdict_label("outside", "near_boundary", "zh") == "边界附近，需核实"
    assert verdict_label("match", "possibly", "en") == "possibly match"
    assert verdict_label("no", "near_boundary", "en") == "near the boundary, verify"
    assert verdict_label(None, "", "en") == ""


def test_area_ids_read_as_names_in_the_page_language():
    names = {"a": "甲区", "b": "乙区"}
    assert area_names("a;b", names, "zh") == "甲区、乙区"
    assert area_names("a;x", names, "en") == "甲区; x"  # an unknown id stays visible
    assert area_names("", names, "zh") == ""


def _result(index):
    return pd.DataFrame({
        "district": ["南山区", None], "subdistrict": ["粤海街道", None],
        "area_ids": ["a", None], "platform_ids": ["", None], "cluster_ids": ["a", None],
        "subarea_ids": ["", None], "focus_match": ["match", None],
        "focus_reason": ["产业属于甲区的重点方向", None], "certainty": ["possibly", None],
        "boundary_note": ["可能：…", None], "nearest_match_id": ["a", None],
        "nearest_match_m": [0.0, np.nan]}, index=index)


def test_every_row_and_user_column_is_kept_with_localized_results():
    frame = pd.DataFrame({"名称": ["甲公司", "乙公司"], "district (输入)": ["x", "y"],
                          "row": [1, 2], "lon_wgs84": [113.94, np.nan],
                          "lat_wgs84": [22.54, np.nan]})
    res = _result(frame.index).iloc[:1]  # the bad row has no result
    out = placement_report(frame, res, lang="zh", names={"a": "甲区"},
                           problems=pd.Series({2: "经度不是数字"}),
                           districts={"南山区": "南山区"})
    assert len(out) == 2 and list(out.columns[:2]) == ["名称", "district (输入)"]
    first = out.iloc[0]
    assert first["结论"] == "可能符合" and first["创新集群区"] == "甲区"
    assert first["所在区域编号"] == "a" and first["坐标问题"] == ""
    assert out.iloc[1]["坐标问题"] == "经度不是数字" and out.iloc[1]["结论"] == ""


def test_english_headers_and_district_names():
    frame = pd.DataFrame({"name": ["A"], "row": [1], "lon_wgs84": [113.94],
                          "lat_wgs84": [22.54]})
    out = placement_report(frame, _result(frame.index.append(pd.Index([9]))).iloc[:1],
                           lang="en", names={"a": "Area A"}, districts={"南山区": "Nanshan"})
    assert out.iloc[0]["District"] == "Nanshan"
    assert out.iloc[0]["Verdict"] == "possibly match"
    assert out.iloc[0]["Nearest matching area"] == "Area A"
    assert "Data row (header not counted)" in out.columns
