"""The CLI on the workspace: registers imported as dated snapshots, listed, exported,
renamed, deleted; `check`/`stats` take a snapshot by name; `stats --compare` counts the
change between two snapshots per area and industry. On a real GeoPackage and, for the
import → check path, a real throw-away PostGIS server."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.change import compare_snapshots
from analysis.context import build_context
from cli import main

THIS_YEAR = ("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
             "乙公司,113.9400,22.5400,生物医药\n丙公司,114.0580,22.5430,新材料\n"
             "丁公司,113.9390,22.5330,生物医药\n坏行,abc,22.5,新材料\n")
LAST_YEAR = ("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
             "乙公司,113.9400,22.5400,生物医药\n")


@pytest.fixture
def ws(tmp_path):
    return str(tmp_path / "ws.gpkg")


def _import(tmp_path, ws, text, name, *extra):
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["workspace", "import", str(path), "--workspace", ws, "--save-as", name,
                 *extra]) == 0


def test_an_imported_register_is_listed_with_its_as_of_date_and_rows(tmp_path, ws, capsys,
                                                                     monkeypatch):
    monkeypatch.setenv("SZMAP_USER", "wang")
    _import(tmp_path, ws, THIS_YEAR, "2025", "--as-of", "2025-12-31")
    capsys.readouterr()
    assert main(["workspace", "list", "--workspace", ws]) == 0
    out = capsys.readouterr().out
    assert "2025-12-31" in out and "2025.csv" in out
    line = next(ln for ln in out.splitlines() if "2025.csv" in ln).split()
    # rows, valid rows (the bad row is kept), who saved it, shared, active
    assert line[-5:] == ["5", "4", "wang", "True", "False"]


def test_check_on_a_snapshot_writes_what_check_on_its_file_writes(tmp_path, ws):
    _import(tmp_path, ws, THIS_YEAR, "r")
    assert main(["check", str(tmp_path / "r.csv"), "--out", str(tmp_path / "a.csv"),
                 "--quiet"]) == 0
    assert main(["check", "--snapshot", "r", "--workspace", ws, "--out",
                 str(tmp_path / "b.csv"), "--quiet"]) == 0
    a = pd.read_csv(tmp_path / "a.csv", dtype=str)
    b = pd.read_csv(tmp_path / "b.csv", dtype=str)
    pd.testing.assert_frame_equal(a, b)
    assert len(b) == 5 and b["problem"].notna().sum() == 1  # every row kept


def test_stats_on_a_snapshot_equals_stats_on_its_file(tmp_path, ws):
    _import(tmp_path, ws, THIS_YEAR, "r")
    assert main(["stats", "--enterprises", str(tmp_path / "r.csv"), "--out",
                 str(tmp_path / "a.csv")]) == 0
    assert main(["stats", "--snapshot", "r", "--workspace", ws, "--out",
                 str(tmp_path / "b.csv")]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a.csv"),
                                  pd.read_csv(tmp_path / "b.csv"))


def test_stats_compare_counts_the_change_per_area_and_industry(tmp_path, ws):
    _import(tmp_path, ws, LAST_YEAR, "2024")
    _import(tmp_path, ws, THIS_YEAR, "2025")
    out = tmp_path / "change.csv"
    assert main(["stats", "--snapshot", "2025", "--compare", "2024", "--workspace", ws,
                 "--out", str(out)]) == 0
    t = pd.read_csv(out).set_index(["area_id", "industry"])
    # 深圳湾 (c01): 甲 and 乙 in both years, 丁 (生物医药) new; 丙 is in 福田, not c01
    assert t.loc[("c01_shenzhen_bay", "all"), ["before", "after", "change"]].tolist() == \
        [2, 3, 1]
    assert t.loc[("c01_shenzhen_bay", "biomedicine"), "growth_pct"] == 100.0
    assert t.loc[("city", "all"), ["before", "after"]].tolist() == [2, 4]
    # a rate from nothing is not a number
    assert pd.isna(t.loc[("city", "new_materials"), "growth_pct"])
    assert t.loc[("city", "new_materials"), "after"] == 1


def test_compare_snapshots_matches_counts_made_by_hand():
    ctx = build_context()
    pts = pd.DataFrame({"lon": [113.9379, 113.94, 114.058, 113.939],
                        "lat": [22.5322, 22.54, 22.543, 22.533],
                        "kind": "enterprise", "category": "enterprise",
                        "industries": [["smart_terminal"], ["biomedicine"], ["new_materials"],
                                       ["biomedicine"]]})
    t = compare_snapshots(pts.iloc[:2], pts, ctx).set_index(["area_id", "industry"])
    assert t.loc[("c01_shenzhen_bay", "biomedicine"), ["before", "after", "change"]
                 ].tolist() == [1, 2, 1]
    assert t.loc[("c01_shenzhen_bay", "smart_terminal"), "growth_pct"] == 0.0
    assert (t["change"] == t["after"] - t["before"]).all()
    only = compare_snapshots(pts.iloc[:2], pts, ctx, industries=["biomedicine"])
    assert set(only["industry"]) == {"biomedicine", "all"}


def test_export_rename_and_delete_a_snapshot(tmp_path, ws, capsys):
    _import(tmp_path, ws, THIS_YEAR, "r")
    out = tmp_path / "back.csv"
    assert main(["workspace", "export", "r", "--workspace", ws, "--out", str(out)]) == 0
    back = pd.read_csv(out, dtype=str)
    assert back["名称"].tolist() == ["甲公司", "乙公司", "丙公司", "丁公司", "坏行"]
    assert main(["workspace", "rename", "r", "二〇二五", "--workspace", ws]) == 0
    assert main(["workspace", "delete", "二〇二五", "--workspace", ws]) == 0
    capsys.readouterr()
    assert main(["workspace", "list", "--workspace", ws]) == 0
    assert "no register saved" in capsys.readouterr().out


def test_an_unknown_snapshot_is_refused_naming_the_saved_ones(tmp_path, ws, capsys):
    _import(tmp_path, ws, THIS_YEAR, "r")
    capsys.readouterr()
    assert main(["check", "--lang", "en", "--snapshot", "nope", "--workspace", ws, "--out",
                 str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and "'r'" in err
    assert not (tmp_path / "x.csv").exists()
    assert main(["check", "--lang", "en", str(tmp_path / "r.csv"), "--snapshot", "r", "--out",
                 str(tmp_path / "x.csv")]) == 2
    assert "one of the two" in capsys.readouterr().err


def test_import_and_check_on_a_postgis_workspace(tmp_path):
    from devtools.postgis import postgis_server

    with postgis_server() as url:
        _import(tmp_path, url, THIS_YEAR, "r")
        assert main(["check", "--snapshot", "r", "--workspace", url, "--out",
                     str(tmp_path / "b.csv"), "--quiet"]) == 0
    assert len(pd.read_csv(tmp_path / "b.csv")) == 5


def test_export_map_of_a_snapshot_draws_what_the_map_of_its_file_draws(tmp_path, ws, capsys):
    _import(tmp_path, ws, THIS_YEAR, "r")
    common = ["--dpi", "150", "--area", "c01_shenzhen_bay", "--layers", "clusters,subareas,enterprises"]
    assert main(["export-map", "--snapshot", "r", "--workspace", ws,
                 "--out", str(tmp_path / "snap.png"), *common]) == 0
    assert "firms: r, 4 rows" in capsys.readouterr().out  # the bad row is not drawn
    assert main(["export-map", "--register", str(tmp_path / "r.csv"),
                 "--out", str(tmp_path / "file.png"), *common]) == 0
    assert main(["export-map", "--out", str(tmp_path / "sample.png"), *common]) == 0
    snap, file, sample = ((tmp_path / f"{n}.png").read_bytes()
                          for n in ("snap", "file", "sample"))
    assert snap == file  # the same firms drawn the same way
    assert snap != sample  # not the shipped sample


def test_export_map_refuses_a_register_and_a_snapshot_together(tmp_path, ws, capsys):
    _import(tmp_path, ws, THIS_YEAR, "r")
    assert main(["export-map", "--lang", "en", "--snapshot", "r", "--register", str(tmp_path / "r.csv"),
                 "--workspace", ws, "--out", str(tmp_path / "m.png")]) != 0
    assert "not both" in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()
