"""Hostile inputs to the point reader (issue 22, input side), generated at test time.

Each case asserts that there is no traceback — a DataValidationError naming the file
and the fix, or a per-row report — and that every input row is accounted for: kept in
the frame (valid or reported), skipped as empty and counted in a note, or the whole
file refused with the reason. Every message also reads in Chinese.
"""

import os
import re
import threading
import zipfile

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest

from core import settings
from core.errors import DataValidationError
from core.messages import describe, describe_error
from data.points_io import CHUNK_ROWS, check_point, read_points

CJK = re.compile(r"[\u4e00-\u9fff]")
IN_SZ = [("深圳湾实验室", 113.9365, 22.5405, "生物医药"),
         ("腾讯科技", 113.9344, 22.5404, "新一代信息技术"),
         ("华为", 114.0579, 22.6543, "新一代信息技术")]
HEADER = ("名称", "经度", "纬度", "行业")


def empty_rows_noted(table) -> int:
    """Rows the reader skipped as empty, as its notes count them."""
    return sum(int(m.group(1).replace(",", "")) for n in table.notes
               if (m := re.match(r"([\d,]+) empty row", n.message)))


def assert_accounted(table, n_in: int) -> None:
    """Every input row is in the frame or counted as skipped; every report row is a
    frame row; rejected rows have no WGS-84 position."""
    assert len(table.frame) + empty_rows_noted(table) == n_in
    assert set(table.report["row"]) <= set(table.frame["row"])
    assert table.frame["row"].is_unique
    bad = table.frame["row"].isin(table.report["row"])
    assert table.frame.loc[bad, "lon_wgs84"].isna().all()
    assert table.frame.loc[~bad, "lon_wgs84"].notna().all()


def assert_refused(exc_info, name: str, *words: str) -> str:
    """The error names the file, says what to do, and reads in Chinese."""
    err = exc_info.value
    text = str(err)
    assert name in text and all(w in text for w in words), text
    assert all(p.fix for p in err.problems)
    zh = describe_error(err, "zh")
    assert all(CJK.search(line) for line in zh.splitlines()), zh
    return text


def assert_notes_in_chinese(table) -> None:
    for note in table.notes:
        assert CJK.search(describe(note, "zh").replace(table.source, "")), str(note)


def write_xlsx(path, sheets: dict[str, list[tuple]], merges=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
        for sheet, ref in merges:
            if sheet == name:
                ws.merge_cells(ref)
    wb.save(path)
    return path


def points_gdf(rows, crs="EPSG:4326", **extra):
    df = pd.DataFrame(rows, columns=HEADER)
    return gpd.GeoDataFrame(df[["名称", "行业"]].assign(**extra),
                            geometry=gpd.points_from_xy(df["经度"], df["纬度"]), crs=crs)


# --- 4. multi-part files -----------------------------------------------------------------
def test_every_sheet_with_the_same_columns_is_read_with_a_sheet_column(tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", {"南山": [HEADER, *IN_SZ[:2]],
                                              "龙华": [HEADER, IN_SZ[2]]})
    t = read_points(path)
    assert t.frame["sheet"].tolist() == ["南山", "南山", "龙华"]
    assert len(t.valid) == 3 and t.frame["row"].tolist() == [1, 2, 3]
    assert any("2 sheets with the same columns" in n.message for n in t.notes)
    assert_accounted(t, 3)
    assert_notes_in_chinese(t)


def test_sheets_with_different_columns_are_refused_listing_them_and_one_can_be_chosen(
        tmp_path):
    path = write_xlsx(tmp_path / "mixed.xlsx", {"名录": [HEADER, *IN_SZ],
                                                "说明": [("字段", "含义"), ("经度", "WGS-84")]})
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "mixed.xlsx", "2 sheets with different columns", "'名录'", "'说明'",
                   "sheet=")
    t = read_points(path, sheet="名录")
    assert len(t.valid) == 3 and "sheet" not in t.frame
    assert_accounted(t, 3)
    with pytest.raises(DataValidationError) as err:
        read_points(path, sheet="Sheet9")
    assert_refused(err, "mixed.xlsx", "no sheet 'Sheet9'", "名录")


def test_every_shapefile_in_a_zip_is_read_with_a_layer_column(tmp_path):
    for name, rows in (("a", IN_SZ[:2]), ("b", IN_SZ[2:])):
        points_gdf(rows).to_file(tmp_path / f"{name}.shp", encoding="utf-8")
    zpath = tmp_path / "two.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in tmp_path.iterdir():
            if f.stem in ("a", "b"):
                zf.write(f, f.name)
    t = read_points(zpath)
    assert sorted(t.frame["layer"]) == ["a", "a", "b"] and len(t.valid) == 3
    assert set(t.frame["名称"]) == {r[0] for r in IN_SZ}
    assert_accounted(t, 3)


def test_geopackage_layers_with_different_columns_are_refused_and_one_can_be_chosen(
        tmp_path):
    path = tmp_path / "layers.gpkg"
    points_gdf(IN_SZ).to_file(path, layer="企业", engine="pyogrio")
    points_gdf(IN_SZ[:1], 备注="x").to_file(path, layer="备注", engine="pyogrio")
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "layers.gpkg", "2 layers with different columns", "'企业'", "'备注'")
    t = read_points(path, layer="备注")
    assert len(t.frame) == 1 and len(t.valid) == 1
    assert_accounted(t, 1)


# --- 5. text silently corrupted ------------------------------------------------------------
def test_one_latin1_byte_in_a_utf8_csv_is_refused_naming_the_byte_and_line(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = ["名称,经度,纬度"] + [f"腾讯科技{i},113.9344,22.5404" for i in range(10)]
    data = "\n".join(lines).encode("utf-8") + "\nCaf\xe9,113.9,22.6\n".encode("latin-1")
    path.write_bytes(data)
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    offset = data.index(b"\xe9")
    text = assert_refused(err, "mixed.csv", "mixed text encodings", f"byte {offset:,}",
                          "line 12", "0xe9")
    assert err.value.problems[0].row == 11 and "鑵" not in text


def test_a_gbk_csv_whose_first_5_mb_are_ascii_is_read_as_gbk_with_the_reason(tmp_path):
    path = tmp_path / "big_gbk.csv"
    ascii_rows = "\n".join(f"firm{i:07d},113.9344,22.5404" for i in range(200_000))
    tail = "\n腾讯科技,113.9344,22.5404\n"
    path.write_bytes(("name,lon,lat\n" + ascii_rows + tail).encode("gbk"))
    assert path.stat().st_size > 5 << 20
    t = read_points(path)
    assert t.frame["name"].iloc[-1] == "腾讯科技"
    reason = next(n.message for n in t.notes if n.message.startswith("text encoding"))
    assert "GBK/GB18030" in reason and "line 200,002" in reason
    assert_accounted(t, 200_001)
    assert_notes_in_chinese(t)


def test_a_utf8_row_pasted_into_a_gbk_csv_is_refused(tmp_path):
    path = tmp_path / "pasted.csv"
    path.write_bytes("名称,经度,纬度\n腾讯科技,113.9344,22.5404\n".encode("gbk")
                     + "深圳湾实验室,113.9365,22.5405\n".encode())
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "pasted.csv", "mixed text encodings", "line 3")


def test_a_gbk_dbf_without_cpg_reads_its_chinese(tmp_path):
    points_gdf(IN_SZ).to_file(tmp_path / "gbk.shp", encoding="GBK")
    (tmp_path / "gbk.cpg").unlink()
    t = read_points(tmp_path / "gbk.shp")
    assert t.frame["名称"].tolist() == [r[0] for r in IN_SZ]
    assert t.columns["industry"] == "行业"
    assert any("GB18030" in n.message for n in t.notes)
    assert_accounted(t, 3)
    assert_notes_in_chinese(t)


def test_merged_industry_cells_are_filled_down_over_their_range(tmp_path):
    rows = [HEADER, *[(n, x, y, "新一代信息技术" if i == 0 else None)
                      for i, (n, x, y, _) in enumerate(IN_SZ)]]
    path = write_xlsx(tmp_path / "merged.xlsx", {"名录": rows}, merges=[("名录", "D2:D4")])
    t = read_points(path)
    assert t.frame["行业"].tolist() == ["新一代信息技术"] * 3
    assert t.unmatched_industries().empty
    assert any("merged cell range" in n.message and "D2:D4" in n.message for n in t.notes)
    assert_accounted(t, 3)
    assert_notes_in_chinese(t)


def test_a_merged_title_row_above_the_header_is_skipped_with_a_note(tmp_path):
    path = write_xlsx(tmp_path / "titled.xlsx",
                      {"名录": [("2024年重点企业名录",), (), HEADER, *IN_SZ]},
                      merges=[("名录", "A1:D1")])
    t = read_points(path)
    assert len(t.valid) == 3 and t.frame["row"].tolist() == [1, 2, 3]
    assert any("1 title row(s) above the header skipped" in n.message for n in t.notes)
    assert_accounted(t, 3)
    assert_notes_in_chinese(t)


# --- 7. column names ---------------------------------------------------------------------
def test_a_repeated_coordinate_header_is_refused_naming_the_columns(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("名称,经度,纬度,经度\n腾讯,113.93,22.54,114.0\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "dup.csv", "header '经度' appears 2 times", "columns 2, 4")


def test_a_repeated_name_header_keeps_both_columns_with_a_note(tmp_path):
    path = write_xlsx(tmp_path / "dupname.xlsx",
                      {"s": [("名称", "经度", "纬度", "名称"), ("腾讯", 113.9344, 22.5404, "Tencent")]})
    t = read_points(path)
    assert t.frame[["名称", "名称 (2)"]].iloc[0].tolist() == ["腾讯", "Tencent"]
    assert t.columns["name"] == "名称"
    assert any("renamed '名称 (2)'" in n.message for n in t.notes)
    assert_accounted(t, 1)
    assert_notes_in_chinese(t)


def test_user_columns_named_like_internal_ones_are_renamed_not_overwritten(tmp_path):
    path = tmp_path / "reserved.csv"
    pd.DataFrame({"row": ["r-1"], "lon_wgs84": ["mine"], "district": ["南山区(旧)"],
                  "problem": ["none"], "经度": [113.9344], "纬度": [22.5404]}).to_csv(
        path, index=False)
    t = read_points(path)
    f = t.frame.iloc[0]
    assert f["row (输入)"] == "r-1" and f["lon_wgs84 (输入)"] == "mine"
    assert f["district (输入)"] == "南山区(旧)" and f["problem (输入)"] == "none"
    assert f["row"] == 1 and f["lon_wgs84"] == pytest.approx(113.9344)
    assert sum("was renamed" in n.message for n in t.notes) == 4
    assert_accounted(t, 1)
    assert_notes_in_chinese(t)


def test_a_previous_check_output_can_be_read_and_checked_again(tmp_path):
    from analysis.context import build_context
    from analysis.placement import check_placement

    first = read_points(_csv(tmp_path, IN_SZ))
    res = check_placement(first.valid, build_context(), industry_col="行业",
                          lon="lon_wgs84", lat="lat_wgs84")
    out = pd.concat([first.frame, res], axis=1).assign(problem="").drop(columns="row")
    out.to_csv(tmp_path / "result.csv", index=False)
    again = read_points(tmp_path / "result.csv")
    res2 = check_placement(again.valid, build_context(), industry_col="行业",
                           lon="lon_wgs84", lat="lat_wgs84")
    assert set(res2.columns).isdisjoint(again.frame.columns)  # nothing collides
    assert (again.frame["district (输入)"] == res["district"]).all()
    assert_accounted(again, 3)


def _csv(tmp_path, rows, name="in.csv", header=HEADER):
    path = tmp_path / name
    pd.DataFrame(rows, columns=header).to_csv(path, index=False)
    return path


# --- 8. runaway inputs ----------------------------------------------------------------------
@pytest.mark.parametrize("column", [1, 16_384])  # A1048576 and XFD1048576
def test_a_stray_cell_in_the_last_excel_row_is_one_reported_row_and_empty_rows_counted(
        tmp_path, column):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(HEADER))
    ws.append(list(IN_SZ[0]))
    ws.cell(row=1_048_576, column=column, value="x")
    wb.save(tmp_path / "stray.xlsx")
    t = read_points(tmp_path / "stray.xlsx")  # not a million junk rows (timed in bench)
    assert len(t.frame) == 2 and len(t.valid) == 1
    assert t.report["row"].tolist() == [1_048_575]
    assert t.report["problem"].iloc[0] == "no value"
    assert t.frame.shape[1] == len(HEADER) + 3 + (column > 4)  # + row, lon/lat_wgs84
    assert empty_rows_noted(t) == 1_048_573
    assert_accounted(t, 1_048_575)
    assert_notes_in_chinese(t)


def test_a_file_over_the_row_limit_is_refused_with_the_setting_named(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_ROWS", 1_000)
    path = _csv(tmp_path, IN_SZ * 400)
    with pytest.raises(DataValidationError) as err:
        read_points(path, chunk_rows=500)
    assert_refused(err, "in.csv", "more than 1,000 data rows", "MAX_INPUT_ROWS")
    xlsx = write_xlsx(tmp_path / "big.xlsx", {"s": [HEADER, *IN_SZ * 400]})
    with pytest.raises(DataValidationError) as err:
        read_points(xlsx)
    assert_refused(err, "big.xlsx", "more than 1,000 data rows")


def test_a_file_over_the_byte_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 1_000)
    path = _csv(tmp_path, IN_SZ * 100)
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "in.csv", "more than the limit of 1,000", "MAX_INPUT_BYTES")


def test_a_zip_that_unpacks_past_the_byte_limit_is_refused_before_reading(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 100_000)
    points_gdf(IN_SZ * 2000).to_file(tmp_path / "big.shp")
    zpath = tmp_path / "big.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in tmp_path.glob("big.*"):
            if f.suffix != ".zip":
                zf.write(f, f.name)
    assert zpath.stat().st_size < 100_000
    with pytest.raises(DataValidationError) as err:
        read_points(zpath)
    assert_refused(err, "big.zip", "unpacks to", "MAX_INPUT_BYTES")


def test_a_layer_over_the_row_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_ROWS", 10)
    points_gdf(IN_SZ * 4).to_file(tmp_path / "many.gpkg", engine="pyogrio")
    with pytest.raises(DataValidationError) as err:
        read_points(tmp_path / "many.gpkg")
    assert_refused(err, "many.gpkg", "more than 10 data rows")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_csv_that_never_ends_is_refused_without_reading(tmp_path):
    path = tmp_path / "endless.csv"
    os.mkfifo(path)
    box = {}
    worker = threading.Thread(target=lambda: box.update(r=_try(read_points, path)),
                              daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the reader waited on a pipe"
    assert isinstance(box["r"], DataValidationError)
    assert "not a regular file" in str(box["r"])


def _try(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DataValidationError as exc:
        return exc


def test_a_million_bad_rows_are_all_reported_with_steady_progress(tmp_path):
    n = 1_000_000
    path = tmp_path / "bad.csv"
    pd.DataFrame({"名称": np.full(n, "x"), "经度": np.full(n, "abc"),
                  "纬度": np.full(n, "22.5")}).to_csv(path, index=False)
    seen: list[int] = []
    t = read_points(path, progress=lambda rows, f: seen.append(rows))
    assert len(t.report) == n and len(t.valid) == 0
    # progress after every chunk, rows growing to the whole file (no silent stretch;
    # how fast is measured in `make bench`, not here)
    assert len(seen) >= n // CHUNK_ROWS and seen == sorted(seen) and seen[-1] == n
    assert_accounted(t, n)


# --- 9. messages ---------------------------------------------------------------------------
def test_blank_lines_before_the_header_are_skipped_with_a_note(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n名称,经度,纬度\n腾讯,113.9344,22.5404\n,,\n华为,114.0579,22.6543\n",
                    encoding="utf-8")
    t = read_points(path)
    assert len(t.valid) == 2 and t.frame["row"].tolist() == [1, 3]
    assert any("2 blank line(s)" in n.message for n in t.notes)
    assert_accounted(t, 3)
    assert_notes_in_chinese(t)


def test_a_semicolon_or_tab_separated_csv_is_read_with_a_note(tmp_path):
    for sep, name in ((";", "semi.csv"), ("\t", "tab.txt")):
        path = tmp_path / name
        pd.DataFrame(IN_SZ, columns=HEADER).to_csv(path, sep=sep, index=False)
        t = read_points(path)
        assert len(t.valid) == 3
        assert any(f"separated by {sep!r}" in n.message for n in t.notes)
        assert_accounted(t, 3)
        assert_notes_in_chinese(t)


def test_a_row_with_an_unquoted_comma_refuses_the_file_naming_the_line(tmp_path):
    path = tmp_path / "comma.csv"
    path.write_text("名称,经度,纬度\n腾讯,113.9344,22.5404\n深圳湾,实验室,113.9,22.5\n",
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "comma.csv", "has 4 cells but the header has 3", "line 3")
    assert err.value.problems[0].row == 2


def test_two_columns_that_could_be_the_longitude_are_named_in_a_note(tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("lon,经度,lat,纬度\n113.9344,113.9393,22.5404,22.5373\n",
                    encoding="utf-8")
    t = read_points(path)
    assert t.columns["lon"] == "lon" and len(t.valid) == 1
    assert any("longitude read from column 'lon'; the file also has '经度'" in n.message
               for n in t.notes)
    assert_notes_in_chinese(t)


@pytest.mark.parametrize("name, make, words", [
    ("table.zip", lambda p: _zip_csv(p), ["table without geometry", "not zipped"]),
    ("empty.zip", lambda p: p.write_bytes(b"PK\x05\x06" + b"\0" * 18),
     ["cannot be read as a vector file"]),
    ("list.json", lambda p: p.write_text("[1, 2, 3]"), ["cannot be read as a vector file"]),
    ("nothing.csv", lambda p: p.write_bytes(b""), ["is empty"]),
    ("blank.csv", lambda p: p.write_text("\n \n,,\n"), ["is empty"]),
    ("notes.docx", lambda p: p.write_bytes(b"PK"), ["unsupported file type"]),
])
def test_odd_containers_are_refused_with_the_reason(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, name, *words)


def _zip_csv(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("inner.csv", "名称,经度,纬度\n腾讯,113.9344,22.5404\n")


def test_a_shapefile_missing_its_shx_says_what_to_upload(tmp_path):
    points_gdf(IN_SZ).to_file(tmp_path / "pts.shp")
    (tmp_path / "pts.shx").unlink()
    with pytest.raises(DataValidationError) as err:
        read_points(tmp_path / "pts.shp")
    assert_refused(err, "pts.shp", "has no pts.shx", ".zip")
    zpath = tmp_path / "pts.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in tmp_path.glob("pts.*"):
            if f.suffix != ".zip":
                zf.write(f, f.name)
    with pytest.raises(DataValidationError) as err:
        read_points(zpath)
    assert_refused(err, "pts.zip", "has no pts.shx")


def test_an_old_xls_says_save_it_as_xlsx(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(DataValidationError) as err:
        read_points(path)
    assert_refused(err, "old.xls", ".xls", "save it as .xlsx")
    assert "calamine" not in str(err.value)


class _Upload:
    def __init__(self, name, data):
        self.name, self._data, self.size = name, data, len(data)

    def getvalue(self):
        return self._data


@pytest.mark.parametrize("name, data", [
    ("坏文件.geojson", b'{"type": "FeatureCollection", "features": ['),
    ("坏文件.zip", b"PK\x03\x04 not really a zip"),
    ("坏文件.csv", "名称,经度\n".encode() + b"\xff\xfe\xfa\n"),
])
def test_upload_errors_name_the_users_file_never_the_server_path(name, data):
    import tempfile

    from app_pages.uploads import read_upload

    err = read_upload(_Upload(name, data), crs="wgs84")
    assert isinstance(err, DataValidationError)
    for lang in ("zh", "en"):
        text = describe_error(err, lang)
        assert name in text and "upload" not in text and tempfile.gettempdir() not in text


def test_bidi_controls_in_a_file_name_are_not_shown(tmp_path):
    from app_pages.uploads import read_upload

    name = "名录\u202eVSC.csv"
    path = _csv(tmp_path, IN_SZ, name=name)
    t = read_points(path)
    assert t.source == "名录VSC.csv"
    up = read_upload(_Upload(name, path.read_bytes()), crs="wgs84")
    assert up.source == "名录VSC.csv" and all("\u202e" not in str(n) for n in up.notes)
    assert_accounted(up, 3)


def test_points_in_hong_kong_and_dongguan_are_rejected_per_row(tmp_path):
    rows = [*IN_SZ, ("元朗", 114.03, 22.44, ""), ("东莞长安", 113.75, 22.88, ""),
            ("深汕", 115.0, 22.85, "")]
    t = read_points(_csv(tmp_path, rows))
    rep = t.report.set_index("row")["problem"]
    assert sorted(rep.index) == [4, 5]
    assert "outside Shenzhen's land boundary (in Hong Kong?)" in rep[4]
    assert "(in Dongguan?)" in rep[5]
    assert_accounted(t, 6)
    for lang, word in (("en", "Dongguan"), ("zh", "东莞")):
        lon, lat, problems = check_point(113.75, 22.88, "wgs84", lang=lang)
        assert np.isnan(lon) and len(problems) == 1 and word in problems[0]
    assert check_point(113.75, 22.88, "wgs84", lang="en")[2][0].startswith(rep[5])


def test_gcj02_points_near_the_coast_are_fair(tmp_path):
    from core import crs

    lon, lat = np.array([113.9344, 114.0579]), np.array([22.5404, 22.5200])
    glon, glat = crs.wgs84_to_gcj02(lon, lat)
    t = read_points(_csv(tmp_path, [("a", glon[0], glat[0], ""), ("b", glon[1], glat[1], "")]),
                    crs="gcj02")
    assert len(t.valid) == 2, t.report


def test_a_vector_file_without_crs_says_what_was_assumed(tmp_path):
    path = tmp_path / "nocrs.geojson"
    gdf = points_gdf(IN_SZ)
    path.write_text(gdf.to_json(), encoding="utf-8")  # no "crs" member
    with pytest.warns(UserWarning, match="crs"):
        gdf.set_crs(None, allow_override=True).to_file(tmp_path / "nocrs.gpkg",
                                                        engine="pyogrio")
    t = read_points(tmp_path / "nocrs.gpkg", crs="gcj02")
    assert any("declares no coordinate system; read as GCJ-02" in n.message for n in t.notes)
    assert len(t.valid) == 3
    assert_notes_in_chinese(t)
    merc = tmp_path / "merc.gpkg"
    gdf.to_crs("EPSG:3857").to_file(merc, engine="pyogrio")
    t = read_points(merc)
    assert any("EPSG:3857; converted to WGS-84" in n.message for n in t.notes)
    assert t.frame["lon_wgs84"].tolist() == pytest.approx([r[1] for r in IN_SZ])
    assert_accounted(t, 3)
    assert_notes_in_chinese(t)
