"""The CLI explains itself, reports the shipped layers and rejects bad files cleanly."""

import subprocess
import sys

import pytest

from cli import main
from tests.conftest import NANSHAN_SQUARE, ROOT, feature


def test_info_lists_layers_with_areas(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "subdistricts" in out and "74" in out and "OpenStreetMap" in out


def test_validate_accepts_a_good_file(write_geojson, capsys):
    path = write_geojson([feature(NANSHAN_SQUARE, id="x")])
    assert main(["validate", str(path)]) == 0
    assert "all valid" in capsys.readouterr().out


def test_validate_reports_bad_rows_with_exit_2_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.geojson"
    swapped = [[lat, lon] for lon, lat in NANSHAN_SQUARE]
    bad.write_text('{"type":"FeatureCollection","features":[' +
                   str(feature(swapped)).replace("'", '"') + "]}", encoding="utf-8")
    run = subprocess.run([sys.executable, "cli.py", "validate", "--lang", "en", str(bad)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "bad.geojson, row 1" in run.stderr and "swapped" in run.stderr
    assert "Traceback" not in run.stderr


def test_help_explains_the_commands():
    run = subprocess.run([sys.executable, "cli.py", "--help"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "info" in run.stdout and "validate" in run.stdout


def test_check_keeps_every_row_and_reports_bad_ones(tmp_path):
    import pandas as pd
    src = tmp_path / "in.csv"
    pd.DataFrame([("甲", 113.937938, 22.532219, "智能终端"), ("乙", "x", 22.5, "生物医药"),
                  ("丙", 116.4, 39.9, "新材料")],
                 columns=["名称", "经度", "纬度", "行业"]).to_csv(src, index=False,
                                                                 encoding="gbk")
    out = tmp_path / "out.csv"
    run = subprocess.run([sys.executable, "cli.py", "check", "--lang", "en", str(src), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "row 2" in run.stderr and "row 3" in run.stderr and "Traceback" not in run.stderr
    res = pd.read_csv(out, encoding="utf-8-sig")
    assert len(res) == 3
    for col in ("district", "subdistrict", "area_ids", "focus_match", "nearest_match_id",
                "nearest_match_m"):
        assert col in res.columns
    assert res.loc[0, "subdistrict"] == "粤海街道" and res.loc[0, "focus_match"] == "match"
    assert "not a number" in res.loc[1, "problem"]
    assert (tmp_path / "out_report.csv").exists()


def test_check_of_a_file_with_no_usable_row_fails(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name,lon,lat\na,116.4,39.9\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "cli.py", "check", "--lang", "en", str(src), "--out",
                          str(tmp_path / "o.csv"), "--quiet"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "outside Shenzhen" in run.stderr


def test_check_with_missing_columns_exits_2_with_the_columns_present(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("名称,备注\na,b\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "cli.py", "check", "--lang", "en", str(src), "--out",
                          str(tmp_path / "o.csv")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert "no coordinate column" in run.stderr and "备注" in run.stderr
    assert "address column" in run.stderr and "--address-col" in run.stderr
    assert "Traceback" not in run.stderr


def test_check_of_an_address_column_that_places_no_row_fails_with_the_reason(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("名称,地址\na,b\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "cli.py", "check", "--lang", "en", str(src), "--out",
                          str(tmp_path / "o.csv"), "--quiet"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "row 1, 地址: no Shenzhen district" in run.stderr and "none 1" in run.stderr
    assert "Traceback" not in run.stderr


def test_stats_writes_the_coverage_table(tmp_path):
    import pandas as pd
    src = tmp_path / "e.csv"
    pd.DataFrame([("a", 113.937938, 22.532219, "智能终端"), ("b", 114.0, 22.7, "新材料")],
                 columns=["name", "lon", "lat", "industry"]).to_csv(src, index=False)
    assert main(["stats", "--enterprises", str(src), "--out", str(tmp_path / "s.xlsx"),
                 "--lang", "en"]) == 0
    sheets = pd.read_excel(tmp_path / "s.xlsx", sheet_name=None)
    assert list(sheets) == ["Coverage", "Overlaps", "Location quotients", "Proximity",
                            "About this file"]
    cov = sheets["Coverage"].set_index("Area id")
    assert cov.loc["city", "Enterprises"] == 2
    assert cov.loc["c01_shenzhen_bay", "Enterprises"] == 1
    meta = dict(sheets["About this file"].to_numpy().tolist())
    assert "e.csv" in meta["Enterprise data"] and meta["Industry filter"] == "all"


def test_stats_says_which_counts_are_area_level_and_which_densities_lower_bounds(
        tmp_path, capsys):
    import pandas as pd
    src = tmp_path / "e.csv"
    pd.DataFrame([("a", 113.937938, 22.532219, "智能终端")],
                 columns=["name", "lon", "lat", "industry"]).to_csv(src, index=False)
    out = tmp_path / "s.csv"
    assert main(["stats", "--enterprises", str(src), "--out", str(out), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("id")
    n_env = int((table["grade"] == "envelope").sum())
    assert f"{n_env} areas are envelope polygons: their densities are lower bounds" in said
    assert f"{int(table.loc['city', 'n_facilities_area_level'])} facilities" in said
    areas = table[table["kind"] != "summary"]
    assert (areas["n_facilities_sure"] + areas["n_facilities_uncertain"]
            == areas["n_facilities"]).all()
    assert (areas["density_lower_bound"] == (areas["grade"] == "envelope")).all()


def test_check_keeps_the_users_own_coordinates_next_to_the_converted_ones(tmp_path):
    import pandas as pd

    from core import crs
    glon, glat = crs.wgs84_to_gcj02(113.937938, 22.532219)
    src = tmp_path / "amap.csv"
    pd.DataFrame({"name": ["甲"], "lon": [float(glon)], "lat": [float(glat)],
                  "industry": ["智能终端"]}).to_csv(src, index=False)
    out = tmp_path / "o.csv"
    assert main(["check", str(src), "--out", str(out), "--crs", "gcj02", "--quiet"]) == 0
    res = pd.read_csv(out, encoding="utf-8-sig").iloc[0]
    assert res["lon"] == pytest.approx(float(glon))  # as given
    assert crs.distance_m(res["lon_wgs84"], res["lat_wgs84"], 113.937938, 22.532219) < 5
    assert res["subdistrict"] == "粤海街道"


@pytest.mark.parametrize(("command", "out", "says"), [
    ("export-map", "map.txt", "cannot write '.txt' files"),
    ("export-html", "map.png", "cannot write '.png' files"),
    ("export-html", "missing/map.html", "does not exist"),
])
def test_exports_refuse_an_impossible_out_before_rendering(tmp_path, capsys, command, out,
                                                           says):
    assert main([command, "--lang", "en", "--out", str(tmp_path / out)]) == 2
    assert says in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_stats_refuses_writing_over_its_own_input(tmp_path, capsys):
    src = tmp_path / "e.csv"
    src.write_text("name,lon,lat\na,113.94,22.53\n", encoding="utf-8")
    before = src.read_bytes()
    assert main(["stats", "--lang", "en", "--enterprises", str(src), "--out", str(src)]) == 2
    assert "is also an input file" in capsys.readouterr().err
    assert src.read_bytes() == before


def test_export_html_writes_a_complete_file_and_no_temporary_one(tmp_path):
    out = tmp_path / "m.html"
    assert main(["export-html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_check_with_a_negative_k_is_refused_before_reading(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nothing.csv"), "--out", str(tmp_path / "o.csv"),
                 "--k", "-1"]) == 2
    assert "--k -1" in capsys.readouterr().err


def test_replace_boundary_with_force_says_what_it_accepted(tmp_path, monkeypatch, capsys):
    import geopandas as gpd
    from shapely.geometry import Polygon

    from core import settings
    from data.areas import _load_areas_cached

    monkeypatch.setattr(settings, "OVERRIDES_DIR", tmp_path / "overrides")
    path = tmp_path / "small.geojson"
    gpd.GeoDataFrame(geometry=[Polygon([(113.90, 22.52), (113.91, 22.52), (113.91, 22.53),
                                        (113.90, 22.53)])], crs=4326).to_file(path)
    try:
        assert main(["replace-boundary", "--lang", "en", "qianhai", str(path), "--source", "test"]) == 2
        assert "--force" in capsys.readouterr().err
        assert main(["replace-boundary", "--lang", "en", "qianhai", str(path), "--source", "test",
                     "--force"]) == 0
        err = capsys.readouterr().err
        assert "warning: accepted with --force" in err and "published 120.56 km²" in err
    finally:
        _load_areas_cached.cache_clear()


def test_check_reads_a_parquet_register_and_writes_parquet(tmp_path, capsys):
    import pandas as pd

    src = tmp_path / "sites.parquet"
    pd.DataFrame({"名称": ["甲", "乙"], "经度": [113.937938, 116.4], "纬度": [22.532219, 39.9],
                  "行业": ["智能终端", "生物医药"], "员工": [12, 30]}).to_parquet(src)
    out = tmp_path / "o.parquet"
    assert main(["check", "--lang", "en", str(src), "--out", str(out), "--quiet"]) == 0
    assert "2 rows in, 2 rows out (1 with a coordinate problem)" in capsys.readouterr().out
    res = pd.read_parquet(out)
    assert res["subdistrict"].tolist()[0] == "粤海街道" and res["员工"].tolist() == [12, 30]
    assert "outside Shenzhen" in res["problem"].iloc[1]
    assert (tmp_path / "o_report.csv").exists()


def test_a_gpkg_output_too_big_to_build_whole_is_refused_before_the_check(tmp_path,
                                                                          monkeypatch,
                                                                          capsys):
    from core import safe_io

    monkeypatch.setattr(safe_io, "WHOLE_FRAME_MAX_ROWS", 100)
    src = tmp_path / "in.csv"
    src.write_text("name,lon,lat\n" + "a,113.94,22.53\n" * 150, encoding="utf-8")
    assert main(["check", "--lang", "en", str(src), "--out", str(tmp_path / "o.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "150 rows are more than a .gpkg output" in err and ".parquet" in err
    assert "[3/4]" not in err and not (tmp_path / "o.gpkg").exists()
