"""Placement-check records in the workspace (issue 20 item 2), on a GeoPackage file and
a real throw-away PostGIS server: a record keeps its inputs, verdict, reasons, boundary
versions, time and user; the log filters by user, date, area and verdict; the CLI keeps
one record per batch and exports the log (atomic, formulas neutralised)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.workspace import WorkspaceError, _migrate, open_workspace
from tests.conftest import downgrade


def test_a_check_is_kept_with_everything_it_used(workspace, monkeypatch):
    monkeypatch.setenv("SZMAP_USER", "alice")
    rid = workspace.record_check(
        kind="point", lon=113.9437, lat=22.5405, industry="半导体与集成电路",
        verdict="focus_match", certainty="near_boundary",
        reasons=["在深圳湾内", "=距边界 120 m"], area_ids=["c01_shenzhen_bay"],
        boundary_versions={"c01_shenzhen_bay": "workspace:3", "qianhai": "built"},
        inputs={"precision_m": 30})
    log = workspace.list_checks()
    assert list(log.columns) == ["id", "created_at", "author", "kind", "lon", "lat",
                                 "register_id", "file_name", "industry", "verdict",
                                 "certainty", "reasons", "area_ids", "boundary_versions",
                                 "summary", "inputs"]
    r = log.iloc[0]
    assert r["id"] == rid and r["author"] == "alice" and r["kind"] == "point"
    assert (r["lon"], r["lat"]) == (113.9437, 22.5405)
    assert r["verdict"] == "focus_match" and r["certainty"] == "near_boundary"
    assert r["reasons"] == ["在深圳湾内", "=距边界 120 m"]
    assert r["boundary_versions"] == {"c01_shenzhen_bay": "workspace:3", "qianhai": "built"}
    assert r["inputs"] == {"precision_m": 30} and r["summary"] == {}
    assert pd.isna(r["register_id"]) and r["created_at"].endswith("Z")


def test_the_log_filters_by_user_date_area_and_verdict(workspace):
    workspace.record_check(kind="point", lon=114.0, lat=22.6, verdict="focus_match",
                           area_ids=["qianhai"], author="alice")
    workspace.record_check(kind="point", lon=114.1, lat=22.6, verdict="outside",
                           author="bob")
    workspace.record_check(kind="batch", register_id=7, file_name=None, author="bob",
                           summary={"rows_in": 3, "verdicts": {"outside": 2}})
    log = workspace.list_checks()
    assert log["author"].tolist() == ["alice", "bob", "bob"]
    assert log["register_id"].tolist() == [pd.NA, pd.NA, 7]
    assert workspace.list_checks(user="bob")["kind"].tolist() == ["point", "batch"]
    assert workspace.list_checks(verdict="focus_match")["author"].tolist() == ["alice"]
    assert workspace.list_checks(area_id="qianhai")["author"].tolist() == ["alice"]
    today = dt.datetime.now(dt.UTC).date()
    assert len(workspace.list_checks(since=today)) == 3
    assert len(workspace.list_checks(since=today + dt.timedelta(days=1))) == 0
    assert len(workspace.list_checks(since=(today - dt.timedelta(days=1)).isoformat())) == 3
    with pytest.raises(WorkspaceError, match="not a date"):
        workspace.list_checks(since="yesterday")
    with pytest.raises(WorkspaceError, match="unknown check kind"):
        workspace.record_check(kind="guess")
    with pytest.raises(WorkspaceError, match="not a number"):
        workspace.record_check(kind="point", lon=float("nan"), lat=22.5)
    assert len(workspace.list_checks()) == 3


def test_two_workspace_objects_record_into_one_log(ws_url):
    with open_workspace(ws_url) as a, open_workspace(ws_url) as b:
        ids = [a.record_check(kind="point", lon=114, lat=22.6, author="a"),
               b.record_check(kind="point", lon=114, lat=22.6, author="b"),
               a.record_check(kind="site", author="a")]
        assert sorted(b.list_checks()["id"].tolist()) == sorted(ids)
        assert len(set(ids)) == 3


def test_a_workspace_at_revision_0002_with_a_register_opens_at_head(ws_url):
    from tests.test_workspace import register_frame, report_of, save

    frame = register_frame(200, seed=11)
    old = open_workspace(ws_url)
    try:
        save(old, frame, "旧登记")
        downgrade(old, "0002")
    finally:
        old.close()
    with open_workspace(ws_url) as ws:
        assert ws._store.revision() == _migrate.head() == "0005"
        back = ws.load_register("旧登记")
        pd.testing.assert_frame_equal(back.frame, frame)
        pd.testing.assert_frame_equal(back.report, report_of(frame))
        ws.record_check(kind="point", lon=114, lat=22.6)
        assert len(ws.list_checks()) == 1


def test_cli_check_record_and_the_exported_log(tmp_path, monkeypatch, capsys):
    from cli import main

    monkeypatch.setenv("SZMAP_USER", "=cmd|' /C calc'!A0")  # a hostile user name
    monkeypatch.delenv("SZMAP_DB_URL", raising=False)
    src = tmp_path / "sites.csv"
    pd.DataFrame({"名称": ["甲", "乙", "丙"], "lon": [113.937938, 114.05, 116.4],
                  "lat": [22.532219, 22.55, 39.9],
                  "industry": ["智能终端", "生物医药", "生物医药"]}).to_csv(src, index=False)
    url = str(tmp_path / "ws.gpkg")
    assert main(["check", "--lang", "en", str(src), "--out", str(tmp_path / "o.csv"), "--record",
                 "--workspace", url, "--quiet"]) == 0
    assert "recorded as check 1" in capsys.readouterr().err
    with open_workspace(url) as ws:
        r = ws.list_checks().iloc[0]
    assert r["kind"] == "batch" and r["file_name"] == "sites.csv"
    assert r["summary"]["rows_in"] == 3 and r["summary"]["rows_rejected"] == 1
    assert sum(r["summary"]["verdicts"].values()) == 2
    assert r["boundary_versions"]["c01_shenzhen_bay"] in ("built", "override")
    assert r["inputs"]["crs"] == "wgs84"

    assert main(["checks", "--lang", "en", "--workspace", url]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("1\t") and "\tbatch\tsites.csv\t" in line
    assert main(["checks", "--lang", "en", "--workspace", url, "--user", "nobody"]) == 0
    assert "no check recorded" in capsys.readouterr().out
    out = tmp_path / "log.xlsx"
    assert main(["checks", "--lang", "en", "--workspace", url, "--out", str(out)]) == 0
    sheet = pd.read_excel(out, sheet_name="checks")
    assert sheet["author"].iloc[0].startswith("'=")  # neutralised, not a formula
    assert '"rows_in": 3' in sheet["summary"].iloc[0]
    csv = tmp_path / "log.csv"
    assert main(["checks", "--lang", "en", "--workspace", url, "--out", str(csv), "--since",
                 "2000-01-01"]) == 0
    assert "'=cmd" in csv.read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob("*.tmp*"))
    assert main(["checks", "--lang", "en", "--workspace", url, "--out", str(tmp_path / "log.txt")]) == 2


def test_cli_check_and_stats_on_the_workspace_boundaries_name_the_versions(tmp_path,
                                                                           monkeypatch,
                                                                           capsys):
    import shapely

    from cli import main

    monkeypatch.delenv("SZMAP_DB_URL", raising=False)
    url = str(tmp_path / "ws.gpkg")
    with open_workspace(url) as ws:  # a SYNTHETIC square inside 粤海街道
        v = ws.save_boundary_version("c01_shenzhen_bay",
                                     shapely.box(113.930, 22.525, 113.945, 22.540),
                                     source="test", based_on=None)
    src = tmp_path / "firms.csv"
    pd.DataFrame({"name": ["in", "out"], "lon": [113.937938, 113.955],
                  "lat": [22.532219, 22.540], "industry": ["智能终端", "智能终端"]}
                 ).to_csv(src, index=False)
    assert main(["check", "--lang", "en", str(src), "--out", str(tmp_path / "o.csv"), "--record",
                 "--boundaries", "workspace", "--workspace", url, "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"c01_shenzhen_bay → version {v.id}" in err
    with open_workspace(url) as ws:
        r = ws.list_checks().iloc[0]
    assert r["boundary_versions"]["c01_shenzhen_bay"] == f"workspace:{v.id}"
    assert r["boundary_versions"]["qianhai"] in ("built", "override")
    out = tmp_path / "stats.csv"
    assert main(["stats", "--lang", "en", "--enterprises", str(src), "--out", str(out), "--boundaries",
                 "workspace", "--workspace", url]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", comment="#").set_index("id")
    assert table.loc["c01_shenzhen_bay", "boundary_version"] == f"workspace:{v.id}"
    assert table.loc["c01_shenzhen_bay", "area_km2"] == pytest.approx(2.5, abs=0.2)
    plain = tmp_path / "plain.csv"
    assert main(["stats", "--lang", "en", "--enterprises", str(src), "--out", str(plain)]) == 0
    assert "boundary_version" not in pd.read_csv(plain, encoding="utf-8-sig",
                                                 comment="#").columns


@pytest.mark.parametrize("ws_url", ["geopackage"], indirect=True)
def test_a_point_check_is_recorded_from_the_placement_result(workspace):
    from analysis.check_records import point_record
    from analysis.context import build_context
    from analysis.placement import check_placement

    ctx = build_context()
    pts = pd.DataFrame({"lon": [113.937938], "lat": [22.532219], "industry": ["智能终端"]})
    result = check_placement(pts, ctx).iloc[0]
    rid = workspace.record_check(**point_record(
        result, lon=113.937938, lat=22.532219, industry="智能终端", areas=ctx.areas,
        precision_m=30), author="alice")
    r = workspace.list_checks(area_id="c01_shenzhen_bay", verdict="match").iloc[0]
    assert r["id"] == rid and r["author"] == "alice" and r["certainty"] == "firm"
    assert r["area_ids"] == ["c01_shenzhen_bay"] and "深圳湾" in r["reasons"][0]
    assert r["inputs"]["precision_m"] == 30.0
    assert r["inputs"]["data_versions"]["cluster_defs/areas.geojson"].startswith("sha256:")
    assert set(r["boundary_versions"]) == set(ctx.areas["id"])


def test_the_placement_page_keeps_each_check_once_not_once_per_rerun(tmp_path, monkeypatch):
    """The page opens on its default point: shown, not recorded. A typed point is one
    record however often the page reruns (another run, the language switch); a new
    industry is a new check; a refused point is none."""
    from streamlit.testing.v1 import AppTest

    from core import settings
    from tests.conftest import ROOT

    monkeypatch.setenv("SZMAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SZMAP_USER", "carol")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/placement_page.py").run()
    assert not at.exception
    ws = open_workspace(settings.workspace_url())
    try:
        assert len(ws.list_checks()) == 0
        at.number_input(key="pc_lon").set_value(113.9440).run()
        at.number_input(key="pc_lat").set_value(22.5400).run()  # 2 checks typed
        at.run()
        at.sidebar.radio(key="lang_choice").set_value("English").run()
        assert not at.exception
        log = ws.list_checks()
        assert len(log) == 2, log
        last = log.iloc[-1]
        assert (last["lon"], last["lat"]) == (113.944, 22.54) and last["author"] == "carol"
        assert last["kind"] == "point" and last["verdict"] and last["inputs"]["via"] == "typed"
        assert any(f"#{last['id']}" in c.value for c in at.caption)
        at.selectbox(key="pc_industry").set_value("semiconductor_ic").run()
        at.run()
        log = ws.list_checks()
        assert len(log) == 3 and log.iloc[-1]["industry"] == "semiconductor_ic"
        at.number_input(key="pc_lon").set_value(22.54).run()  # swapped: refused, no check
        assert len(ws.list_checks()) == 3
    finally:
        ws.close()


def test_a_check_the_workspace_cannot_keep_is_shown_with_a_warning(tmp_path, monkeypatch):
    """No reachable workspace: the verdict is shown as ever, and a warning says the
    check was not saved."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("SZMAP_DB_URL", "postgresql://nobody@127.0.0.1:9/nothing")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/placement_page.py").run()
    at.number_input(key="pc_lon").set_value(113.9440).run()
    assert not at.exception
    assert at.metric[0].value  # the verdict
    assert any("未能保存" in w.value for w in at.warning), [w.value for w in at.warning]


def test_the_history_page_lists_checks_and_compares_two_boundary_versions(tmp_path,
                                                                           monkeypatch):
    """核查记录: the log filtered by user (another user's check drops out), and two
    SYNTHETIC versions of 深圳湾 over each other with the change in km²."""
    from shapely.geometry import box
    from streamlit.testing.v1 import AppTest

    from core import settings
    from tests.conftest import ROOT

    monkeypatch.setenv("SZMAP_DATA_DIR", str(tmp_path))
    with open_workspace(settings.workspace_url()) as ws:
        ws.record_check(kind="point", lon=113.94, lat=22.54, verdict="match",
                        certainty="firm", reasons=["=SUM(A1)"], author="erin",
                        area_ids=["c01_shenzhen_bay"])
        ws.record_check(kind="batch", file_name="sites.csv", author="frank",
                        summary={"rows_checked": 3, "verdicts": {"no": 2, "match": 1}})
        v1 = ws.save_boundary_version("c01_shenzhen_bay", box(113.93, 22.52, 113.95, 22.54),
                                      source="SYNTHETIC a", based_on=None)
        v2 = ws.save_boundary_version("c01_shenzhen_bay", box(113.93, 22.52, 113.96, 22.54),
                                      source="SYNTHETIC b", based_on=v1.id)
        diff = ws.boundary_diff(v1.id, v2.id)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/history_page.py").run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert list(table["用户"]) == ["frank", "erin"]  # newest first
    assert "不符合 2" in table["结论"].iloc[0]
    at.selectbox(key="hp_user").set_value("erin").run()
    assert list(at.dataframe[0].value["用户"]) == ["erin"]
    change = next(m for m in at.metric if m.label == "面积变化 km²")
    assert change.value == f"{diff.attrs['change_km2']:+,.3f}" and diff.attrs["change_km2"] > 0
    assert any("新增" in c.value for c in at.caption)


@pytest.mark.parametrize("ws_url", ["geopackage"], indirect=True)
def test_an_uploaded_batch_is_recorded_with_its_counts_and_areas(workspace, tmp_path):
    """What the 选址 page keeps for a batch: the file, rows in / checked / rejected, the
    verdict counts, the areas its sites fall in and the versions used."""
    from analysis.batch import check_chunk
    from analysis.check_records import batch_record
    from analysis.context import build_context
    from data.points_io import read_points

    path = tmp_path / "sites.csv"
    path.write_text("名称,经度,纬度,行业\n甲,113.9379,22.5322,智能终端\n乙,113.9330,22.7420,生物医药\n"
                    "丙,22.54,113.95,新材料\n", encoding="utf-8")
    table = read_points(path, crs="wgs84")
    ctx = build_context()
    checked, _ = check_chunk(table, ctx, lang="zh")
    rid = workspace.record_check(**batch_record(
        checked.loc[table.valid.index], file_name="sites.csv", rows_in=len(table.frame),
        rows_rejected=len(table.frame) - len(table.valid),
        industry_col=table.columns["industry"], areas=ctx.areas, inputs={"crs": "wgs84"}))
    r = workspace.list_checks(check_id=rid).iloc[0]
    assert r["kind"] == "batch" and r["file_name"] == "sites.csv" and r["industry"] == "行业"
    assert r["summary"]["rows_in"] == 3 and r["summary"]["rows_checked"] == 2
    assert r["summary"]["rows_rejected"] == 1 and sum(r["summary"]["verdicts"].values()) == 2
    assert "c01_shenzhen_bay" in r["area_ids"]
    assert r["inputs"]["crs"] == "wgs84" and "geodata/facilities.csv" in r["inputs"][
        "data_versions"]
    assert workspace.list_checks(area_id="c01_shenzhen_bay")["id"].tolist() == [rid]
