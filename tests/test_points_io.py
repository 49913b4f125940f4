"""Reading point tables: formats, encodings, header detection, CRS, per-row report."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from core import crs
from core.errors import DataValidationError
from data.points_io import read_points

ROWS = [("深圳湾实验室", 113.9365, 22.5405, "生物医药"),
        ("坏行", "abc", 22.5, "生物医药"),
        ("互换", 22.54, 113.95, "新材料"),
        ("北京", 116.4, 39.9, "新材料"),
        ("深汕", 115.0, 22.85, "智能网联汽车")]


def write_csv(tmp_path, rows=ROWS, header=("名称", "经度", "纬度", "行业"),
              encoding="utf-8", name="in.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=header).to_csv(path, index=False, encoding=encoding)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_any_common_encoding_reads_chinese_headers_and_names(tmp_path, encoding):
    t = read_points(write_csv(tmp_path, encoding=encoding))
    assert t.columns["lon"] == "经度" and t.columns["industry"] == "行业"
    assert t.frame["名称"].iloc[0] == "深圳湾实验室"


def test_every_row_is_kept_and_each_bad_one_reported_by_row_number(tmp_path):
    t = read_points(write_csv(tmp_path))
    assert len(t.frame) == 5 and len(t.valid) == 2
    rep = t.report.set_index("row")["problem"]
    assert "not a number" in rep[2] and "swapped" in rep[3] and "outside" in rep[4]
    assert t.frame.loc[t.frame["row"] == 2, "lon_wgs84"].isna().all()


def test_english_headers_and_explicit_columns(tmp_path):
    path = write_csv(tmp_path, header=("name", "lng", "latitude", "industry"))
    assert len(read_points(path).valid) == 2
    path = write_csv(tmp_path, header=("n", "east", "north", "ind"), name="b.csv")
    with pytest.raises(DataValidationError, match="no coordinate column"):
        read_points(path)
    assert len(read_points(path, lon_col="east", lat_col="north").valid) == 2


def test_gcj02_input_lands_within_5_m_of_its_wgs84_twin(tmp_path):
    lon, lat = np.array([113.9365, 114.0579]), np.array([22.5405, 22.5431])
    glon, glat = crs.wgs84_to_gcj02(lon, lat)
    rows = [("a", glon[0], glat[0], ""), ("b", glon[1], glat[1], "")]
    t = read_points(write_csv(tmp_path, rows=rows), crs="gcj02")
    assert crs.distance_m(t.frame["lon_wgs84"], t.frame["lat_wgs84"], lon, lat).max() < 5
    # the user's own coordinate columns are kept as given
    assert t.frame["经度"].astype(float).tolist() == pytest.approx(list(glon))


def test_epsg4547_metres_are_converted(tmp_path):
    x, y = crs.to_metric([113.9365], [22.5405])
    t = read_points(write_csv(tmp_path, rows=[("a", x[0], y[0], "")],
                              header=("name", "x", "y", "industry")), crs="epsg4547")
    assert crs.distance_m(t.frame["lon_wgs84"], t.frame["lat_wgs84"], 113.9365, 22.5405)[0] < 0.01


def test_xlsx_and_geojson_points(tmp_path):
    df = pd.DataFrame(ROWS[:1], columns=["名称", "经度", "纬度", "行业"])
    df.to_excel(tmp_path / "a.xlsx", index=False)
    assert len(read_points(tmp_path / "a.xlsx").valid) == 1
    gdf = gpd.GeoDataFrame({"name": ["x"]}, geometry=gpd.points_from_xy([113.94], [22.54]),
                           crs=4326)
    gdf.to_file(tmp_path / "a.geojson")
    t = read_points(tmp_path / "a.geojson")
    assert t.frame["lon_wgs84"].iloc[0] == pytest.approx(113.94)


def test_unknown_crs_and_unsupported_format_are_refused(tmp_path):
    with pytest.raises(DataValidationError, match="unknown coordinate system"):
        read_points(write_csv(tmp_path), crs="mercator")
    (tmp_path / "a.docx").write_text("x")
    with pytest.raises(DataValidationError, match="unsupported file type"):
        read_points(tmp_path / "a.docx")


def test_unmatched_industry_labels_are_listed_with_their_row_counts(tmp_path):
    rows = [("a", 113.94, 22.54, "生物医药"), ("b", 113.94, 22.54, "元宇宙"),
            ("c", 113.94, 22.54, "元宇宙；新材料"), ("d", 113.94, 22.54, "")]
    t = read_points(write_csv(tmp_path, rows=rows))
    un = t.unmatched_industries()
    assert un.to_dict("list") == {"label": ["元宇宙"], "rows": [2]}


def test_geopackage_and_zipped_shapefile_points_in_metres(tmp_path):
    import zipfile

    x, y = crs.to_metric([113.9365, 114.0579], [22.5405, 22.5431])
    gdf = gpd.GeoDataFrame({"名称": ["甲", "乙"], "行业": ["生物医药", "新材料"]},
                           geometry=gpd.points_from_xy(x, y), crs="EPSG:4547")
    gdf.to_file(tmp_path / "p.gpkg", driver="GPKG")
    shp = tmp_path / "shp"
    shp.mkdir()
    gdf.to_file(shp / "p.shp", driver="ESRI Shapefile", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as z:
        for f in shp.iterdir():
            z.write(f, f.name)
    for path in (tmp_path / "p.gpkg", tmp_path / "p.zip"):
        t = read_points(path)
        assert len(t.valid) == 2, path.name
        err = crs.distance_m(t.frame["lon_wgs84"], t.frame["lat_wgs84"],
                             [113.9365, 114.0579], [22.5405, 22.5431])
        assert err.max() < 0.01, path.name
        assert t.frame["名称"].tolist() == ["甲", "乙"]


def test_polygon_file_is_refused_as_points(tmp_path):
    from shapely.geometry import box
    gpd.GeoDataFrame(geometry=[box(113.9, 22.5, 113.95, 22.55)], crs=4326).to_file(
        tmp_path / "poly.geojson")
    with pytest.raises(DataValidationError, match="expected points"):
        read_points(tmp_path / "poly.geojson")


def _million_row_csv(path, n=1_000_000, bad=(1, 250_000, 250_001, 777_777, 1_000_000)):
    """A synthetic register (generated here, not real data): n points inside Shenzhen,
    with the rows in ``bad`` broken in known ways (1-based data rows)."""
    from data.loaders import land_contains

    rng = np.random.default_rng(7)
    lon = np.round(rng.uniform(113.85, 114.25, n), 6)
    lat = np.round(rng.uniform(22.52, 22.72, n), 6)
    sea_or_abroad = ~land_contains(lon, lat)  # the box also holds Hong Kong and the sea
    lon[sea_or_abroad], lat[sea_or_abroad] = 113.9365, 22.5405
    lon, lat = lon.astype(str).astype(object), lat.astype(str).astype(object)
    lon[bad[0] - 1] = "东经"              # not a number
    lon[bad[1] - 1], lat[bad[1] - 1] = lat[bad[1] - 1], lon[bad[1] - 1]  # swapped
    lon[bad[2] - 1] = "116.40"           # Beijing
    lat[bad[3] - 1] = ""                 # empty
    lon[bad[4] - 1] = "113.9x"           # typo, last row
    names = np.char.add("企业", np.arange(n).astype(str)).astype(object)
    pd.DataFrame({"企业名称": names, "经度": lon, "纬度": lat,
                  "行业": np.where(np.arange(n) % 2, "生物医药", "集成电路")}).to_csv(
        path, index=False, encoding="utf-8")
    return bad


def test_a_million_row_csv_is_read_in_chunks_with_progress_and_every_bad_row_reported(
        tmp_path):
    path = tmp_path / "register.csv"
    bad = _million_row_csv(path)
    calls = []
    t = read_points(path, chunk_rows=200_000, progress=lambda r, f: calls.append((r, f)))
    assert len(t.frame) == 1_000_000                  # nothing lost
    assert t.frame["row"].tolist()[:3] == [1, 2, 3] and t.frame["row"].iloc[-1] == 1_000_000
    assert sorted(set(t.report["row"])) == list(bad)  # row numbers of the whole file
    assert len(t.valid) == 1_000_000 - len(bad)
    assert t.frame.loc[t.frame["row"] == 250_000, "lon_wgs84"].isna().all()
    assert "swap" in " ".join(t.report.loc[t.report["row"] == 250_000, "problem"])
    rows = [r for r, _ in calls]
    assert len(calls) >= 5 and rows == sorted(rows) and rows[-1] == 1_000_000
    assert calls[-1][1] == 1.0 and all(0 < f <= 1 for _, f in calls)


def test_chunked_and_whole_file_reading_agree(tmp_path):
    path = write_csv(tmp_path, rows=ROWS * 7)
    whole = read_points(path)
    chunked = read_points(path, chunk_rows=4)
    pd.testing.assert_frame_equal(whole.frame, chunked.frame)
    pd.testing.assert_frame_equal(whole.report.reset_index(drop=True),
                                  chunked.report.reset_index(drop=True))


def test_a_typed_point_is_checked_like_a_file_row(tmp_path):
    from data.points_io import check_point

    lon, lat, problems = check_point(113.9365, 22.5405, "wgs84")
    assert (lon, lat, problems) == (113.9365, 22.5405, [])
    t = read_points(write_csv(tmp_path, rows=[("互换", 22.54, 113.95, "")],
                              header=("名称", "lon", "lat", "行业")))
    lon, lat, problems = check_point(22.54, 113.95, "wgs84", lang="en")
    assert np.isnan(lon) and problems == [t.report["problem"].iloc[0] + " — "
                                          + t.report["fix"].iloc[0]]
    assert "填反" in check_point(22.54, 113.95, "wgs84")[2][0]


def test_coordinates_parse_to_the_same_doubles_as_pandas_whatever_the_cells_hold():
    from data.points_io import _numbers

    rng = np.random.default_rng(5)
    plain = [repr(v) for v in rng.uniform(-200, 200, 2000).tolist()]
    plain += [f"{v:.17g}" for v in rng.uniform(113, 115, 500)] + ["+1.5", ".5", "5.", "1E3"]
    odd = plain[:50] + [" 114.1", "22.5 ", "abc", "inf", "nan", "1e400", "0x10", "1,5"]
    for cells in (plain, plain + [None], odd):
        col = pd.Series(cells, dtype="str")
        want = pd.to_numeric(col, errors="coerce").to_numpy(float)
        got = _numbers(col)
        assert np.array_equal(got, want, equal_nan=True)
        assert got.dtype == np.float64
    mixed = pd.Series([114.5, "22.5", None, "x"], dtype=object)
    assert np.array_equal(_numbers(mixed), [114.5, 22.5, np.nan, np.nan], equal_nan=True)


def test_coordinates_in_messages_read_as_python_writes_them():
    from core.i18n import float_texts

    rng = np.random.default_rng(6)
    values = np.concatenate([
        rng.uniform(113, 115, 5000).round(6), rng.uniform(-200, 200, 5000),
        10 ** rng.uniform(-7, 18, 5000) * rng.choice([-1, 1], 5000),
        np.frombuffer(rng.bytes(8 * 5000), dtype=np.float64),
        [114.0, -0.0, 0.0, 1e-4, 9.999999999999999e-05, 1e9, 999999999.5, 1e16, 1.5e-5,
         np.nan, np.inf, -np.inf, 5e-324]])
    assert float_texts(values).to_pylist() == [repr(v) for v in values.tolist()]
    assert float_texts(np.array([])).to_pylist() == []


def test_a_whole_number_coordinate_is_quoted_as_python_writes_it(tmp_path):
    rows = [("整数", 116, 39, "新材料"), ("小数", 116.25, 39.5, "新材料")]
    t = read_points(write_csv(tmp_path, rows=rows))
    problems = t.report.sort_values("row")["problem"].tolist()
    assert "(116.0, 39.0)" in problems[0] and "(116.25, 39.5)" in problems[1]
