"""The workspace's refusals are told in the user's language: every WorkspaceError raised in
data/workspace carries catalogue messages (``ws.err.*``) whose English is the text the
CLI and the tests have always read, and a Chinese page shows them in Chinese — the 边界
editor whose save lost to another editor's reads who made which version active, and
when, in Chinese. Real GeoPackage workspaces in temp folders, no mocks."""

from __future__ import annotations

import ast
import re

import pandas as pd
import pytest
import shapely

from app_pages import boundary_edit as be
from core.i18n import STRINGS, t
from data.areas import load_areas
from data.workspace import WorkspaceError, open_workspace
from tests.conftest import ROOT

AREA = "c01_shenzhen_bay"
# SYNTHETIC squares inside 粤海街道 (the 深圳湾 cluster), WGS-84 degrees
SQUARE = shapely.box(113.940, 22.530, 113.955, 22.545)
BIGGER = shapely.box(113.938, 22.528, 113.957, 22.547)
NO_REPORT = pd.DataFrame({c: pd.Series([], dtype=object)
                          for c in ("row", "column", "problem", "fix")})
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def ws(tmp_path):
    w = open_workspace(f"gpkg://{tmp_path / 'workspace.gpkg'}")
    yield w
    w.close()


def test_a_boundary_save_that_lost_to_another_editor_is_told_in_chinese(ws):
    v9 = ws.save_boundary_version(AREA, SQUARE, source="s", author="bob", based_on=None)
    v12 = ws.save_boundary_version(AREA, BIGGER, source="s", author="alice",
                                   based_on=v9.id)
    with pytest.raises(WorkspaceError) as err:  # bob still works on the version he saw
        ws.save_boundary_version(AREA, SQUARE.buffer(0.001), source="s", author="bob",
                                 based_on=v9.id)
    zh = err.value.text("zh")
    assert (f"{AREA}：你基于版本 {v9.id} 编辑期间，版本 {v12.id} 已被 alice 于 "
            f"{v12.created_at} 设为当前版本；未保存任何内容 —— 请重新载入版本（`python cli.py "
            f"boundary-versions {AREA}`），与版本 {v12.id} 核对，再以它为基础保存") in zh
    assert "made active" not in zh and "nothing was saved" not in zh
    assert err.value.text("en") == str(err.value)
    assert (f"{AREA}: version {v12.id} was made active by alice at {v12.created_at} while "
            f"you worked on version {v9.id}; nothing was saved") in str(err.value)


def test_the_boundary_page_says_the_conflict_in_the_pages_language(ws):
    """The page's logic (app_pages.boundary_edit) keeps the refusal; the page shows it
    inside its own conflict sentence in the language of the page."""
    cand = be.from_drawings([{"type": "Feature", "properties": {},
                              "geometry": shapely.geometry.mapping(SQUARE)}],
                            mode="new", active=None, area_id=AREA, areas=load_areas(),
                            source="drawn")
    won = be.save(ws, AREA, cand, source="s", grade="digitised", precision_m=20,
                  note="bob", based_on=None, author="bob").version
    lost = be.save(ws, AREA, cand, source="s", grade="digitised", precision_m=20,
                   note="alice", based_on=None, author="alice")
    assert lost.conflict and lost.version is None
    shown = t("bp.conflict", "zh", error=lost.error.text("zh"))
    assert shown.startswith("未保存：")
    assert (f"你基于项目构建的边界编辑期间，版本 {won.id} 已被 bob 于 {won.created_at} "
            "设为当前版本") in shown
    assert "made active" not in shown
    english = t("bp.conflict", "en", error=lost.error.text("en"))
    assert f"version {won.id} was made active by bob" in english


def _not_a_geopackage(tmp_path):
    bad = tmp_path / "notes.gpkg"
    bad.write_text("these are notes, not a database", encoding="utf-8")
    return open_workspace(f"gpkg://{bad}")


def _a_folder(tmp_path):
    folder = tmp_path / "folder.gpkg"
    folder.mkdir()
    return open_workspace(f"gpkg://{folder}")


def _name_taken(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        frame = pd.DataFrame({"name": ["a"], "lon_wgs84": [113.94], "lat_wgs84": [22.54]})
        for _ in range(2):
            w.save_register(frame, name="企业名录", file_name="a.csv", as_of=None,
                            source_crs="wgs84", report=NO_REPORT)


def _unknown_register(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        w.load_register(99)


def _another_users_register(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        frame = pd.DataFrame({"lon_wgs84": [113.94], "lat_wgs84": [22.54]})
        info = w.save_register(frame, name="wang's", file_name="a.csv", as_of=None,
                               source_crs="wgs84", report=NO_REPORT, owner="wang",
                               shared=True)
        w.delete_register(info.id, by="li")


def _unknown_view(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        w.load_view("nothing1")


def _conflict(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        w.save_boundary_version(AREA, SQUARE, source="s", author="bob", based_on=None)
        w.save_boundary_version(AREA, BIGGER, source="s", author="alice", based_on=None)


def _unknown_grade(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        w.save_boundary_version(AREA, SQUARE, source="s", grade="great", based_on=None)


def _versions_of_two_areas(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        a = w.save_boundary_version(AREA, SQUARE, source="s", based_on=None)
        b = w.save_boundary_version("qianhai", BIGGER, source="s", based_on=None)
        w.boundary_diff(a.id, b.id)


def _a_check_of_no_kind(tmp_path):
    with open_workspace(f"gpkg://{tmp_path / 'w.gpkg'}") as w:
        w.record_check(kind="guess")


def _an_unknown_address(tmp_path):
    open_workspace("ftp://example.org/workspace")


@pytest.mark.parametrize("fail, english, chinese", [
    (_not_a_geopackage, "is not a GeoPackage (not an SQLite database at all)",
     "不是 GeoPackage（根本不是 SQLite 数据库）"),
    (_a_folder, "is a folder, not a GeoPackage file", "是文件夹，不是 GeoPackage 文件"),
    (_name_taken, "a register named '企业名录' already exists", "已有名为 '企业名录' 的名录"),
    (_unknown_register, "no register has the id 99: the workspace holds none",
     "没有编号为 99 的名录：工作空间中还没有任何名录"),
    (_another_users_register, "only 'wang', who saved register", "由 'wang' 保存，只有其本人可以删除"),
    (_unknown_view, "no saved view has the id 'nothing1'", "没有编号为 'nothing1' 的已保存视图"),
    (_conflict, "was made active by bob", "已被 bob 于"),
    (_unknown_grade, "unknown boundary grade 'great'", "未知的边界精度等级 'great'"),
    (_versions_of_two_areas, "are of different areas", "属于不同区域"),
    (_a_check_of_no_kind, "unknown check kind 'guess'", "未知的核查类型 'guess'"),
    (_an_unknown_address, "is not a workspace address I know", "不是可识别的工作空间地址"),
], ids=lambda v: getattr(v, "__name__", None))
def test_a_workspace_refusal_carries_catalogue_messages_and_reads_in_chinese(
        tmp_path, fail, english, chinese):
    with pytest.raises(WorkspaceError) as err:
        fail(tmp_path)
    problem = err.value.problems[0]
    assert problem.key is not None and problem.key.startswith("ws.err."), problem.key
    assert getattr(problem.fix, "key", None) in STRINGS, problem.fix
    assert english in str(err.value)
    zh = err.value.text("zh")
    assert chinese in zh
    what, _, fix = zh.partition(" —— ")  # the fix is Chinese too
    assert CJK.search(fix), zh


def _workspace_error_calls():
    """Every ``WorkspaceError(...)`` call in data/workspace: (file:line, call)."""
    for path in sorted((ROOT / "data" / "workspace").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "WorkspaceError"):
                yield f"{path.name}:{node.lineno}", node


def _is_message(node: ast.expr) -> bool:
    """A ``msg("key", ...)`` call, or a module constant made of one (START_HINT)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id == "msg" and isinstance(node.args[0], ast.Constant) \
            and node.args[0].value in STRINGS
    return isinstance(node, ast.Name) and node.id.isupper()


def test_every_workspace_error_in_the_source_is_built_from_catalogue_keys():
    """A refusal written as plain text would reach a Chinese page in English."""
    calls = list(_workspace_error_calls())
    assert len(calls) >= 60  # the scan sees the package
    plain = [where for where, call in calls
             if not call.args or not all(_is_message(a) for a in call.args[:2])]
    assert not plain, f"WorkspaceError with text instead of a catalogue message: {plain}"


def test_the_boundary_page_says_a_workspace_it_cannot_open_in_chinese(tmp_path, monkeypatch):
    """边界 with a workspace file that is not a GeoPackage: the page stops with the
    reason in Chinese (Streamlit's AppTest, the real page)."""
    from streamlit.testing.v1 import AppTest

    (tmp_path / "workspace.gpkg").write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("SZMAP_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app_pages" / "boundary_page.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [e.value for e in at.error]
    assert any("无法打开工作空间" in s and "根本不是 SQLite 数据库" in s
               and "请将其移走" in s for s in shown), shown
    assert not any("not an SQLite database" in s for s in shown), shown
