"""An office server with login (SZMAP_USERS): two people in two browsers. An editor's
register is private until shared; a viewer cannot upload, cannot see it, and cannot
open it by a link; after the editor shares it, the viewer sees it."""

from __future__ import annotations

import contextlib
import re

import pytest

from devtools.live_app import goto_app_page, streamlit_server, wait_app_idle
from tests.journeys.conftest import SHOTS, Journey
from tests.journeys.test_workspace_journeys import REGISTER, _click_use_box

SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"
USERS = {"wang": ("editor", "王工", "wang-secret-1"),
         "li": ("viewer", "", "li-secret-22")}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """An app server with login on: its own workspace and a user list of an editor
    (wang, shown as 王工) and a viewer (li), written by core.users as the CLI does."""
    from core import users

    folder = tmp_path_factory.mktemp("office")
    path = folder / "users.toml"
    for name, (role, display, password) in USERS.items():
        users.set_user(path, name, role=role, display=display or None,
                       password_hash=users.hash_password(password))
    try:
        with streamlit_server(env={"SZMAP_DATA_DIR": str(folder / "ws"),
                                   "SZMAP_USERS": str(path)}) as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(params=["zh", "en"])
def lang(request):
    return request.param


@contextlib.contextmanager
def _person(browser, office, lang, request):
    """One person's own browser (context: no shared cookies or session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    j = Journey(context.new_page(), office, lang)
    try:
        yield j
        j.assert_clean()
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            with contextlib.suppress(Exception):
                j.page.screenshot(path=str(SHOTS / f"FAILED_{request.node.name}_"
                                               f"{len(j.errors)}.png"))
        context.close()


def _log_in(j: Journey, name: str, password: str, *, link: str = "") -> None:
    """Open the server (``link``: a query string) and log in with the form."""
    page = j.page
    page.goto(f"{j.server}/?lang={j.lang}{link}")
    form = page.locator("[data-testid='stForm']")
    form.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stSidebarNav']").count() == 0  # nothing before
    form.get_by_label(j.text("用户名", "User name")).fill(name)
    form.get_by_label(j.text("密码", "Password"), exact=True).fill(password)
    form.get_by_role("button", name=j.text("登录", "Log in")).click()


def _signed_in(j: Journey, label: str, role: str) -> None:
    j.page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
    j.page.locator(SIDEBAR).get_by_text(
        j.text(f"已登录：{label}（{role}）", f"Logged in: {label} ({role})")
    ).wait_for(timeout=30_000)
    wait_app_idle(j.page)


def _nav(j: Journey) -> list[str]:
    """The page names in the sidebar navigation."""
    return [x.strip() for x in j.page.locator(
        "[data-testid='stSidebarNav'] a").all_inner_texts()]


def _saved_table_text(j: Journey) -> str:
    """What the 数据 page says of the saved registers: the picker's options (the table
    is a canvas) and the captions."""
    page = j.page
    wait_app_idle(page)
    picker = page.locator(MAIN).locator("[data-testid='stSelectbox']").filter(
        has_text=j.text("选择名录", "Choose a register"))
    out = page.locator(MAIN).inner_text()
    if picker.count():
        picker.first.click()
        out += "\n" + page.locator("[data-testid='stSelectboxVirtualDropdown']").inner_text()
        page.keyboard.press("Escape")
    return out


def test_a_private_register_stays_with_its_owner_until_shared(browser, office, lang,
                                                              request, tmp_path):
    name = f"wang_private_{lang}.csv"
    with _person(browser, office, lang, request) as wang:
        # a wrong password is refused, in the user's language, and lets nobody in
        _log_in(wang, "wang", "not-the-password")
        wang.page.get_by_text(wang.text("用户名或密码不正确。", "Wrong user name or password.")
                              ).wait_for(timeout=30_000)
        assert wang.page.locator("[data-testid='stSidebarNav']").count() == 0
        _log_in(wang, "wang", USERS["wang"][2])
        _signed_in(wang, "王工", wang.text("编辑者", "editor"))
        # an editor edits boundaries; users are an administrator's
        assert wang.text("边界", "Boundaries") in _nav(wang)
        assert wang.text("用户", "Users") not in _nav(wang)
        # the editor uploads a register and uses it: saved, private (the box unticked)
        goto_app_page(wang.page, wang.text("数据", "Data"))
        wang.page.get_by_text(wang.text("共享给工作区（所有用户可见）",
                                        "Share with the workspace (every user sees it)")
                              ).count()  # drawn only once a file is read
        wang.upload(tmp_path / name, REGISTER)
        wang.page.locator("[data-testid='stAlert']").filter(has_text=name).first.wait_for(
            timeout=60_000)
        share_box = wang.page.get_by_text(wang.text("共享给工作区（所有用户可见）",
                                                    "Share with the workspace (every user "
                                                    "sees it)"))
        share_box.first.wait_for(timeout=30_000)
        _click_use_box(wang)
        wang.page.get_by_text(wang.text("已保存到工作区：", "Saved in the workspace as ") + name
                              ).first.wait_for(timeout=60_000)
        url = wang.page.url
        reg_id = re.search(r"snapshot=(\d+)", url)
        assert reg_id, url
        wang.shot("users_editor_saved")

        with _person(browser, office, lang, request) as li:
            _log_in(li, "li", USERS["li"][2])
            _signed_in(li, "li", li.text("查看者", "viewer"))
            assert _nav(li) == [li.text(p, e) for p, e in (
                ("地图", "Map"), ("统计", "Coverage"), ("选址核查", "Placement check"),
                ("数据", "Data"), ("核查记录", "Check history"))]
            goto_app_page(li.page, li.text("数据", "Data"))
            # a viewer: no uploader, told why; the editor's private register is not listed
            li.page.get_by_text(li.text("你的角色（查看者）不能上传或保存名录",
                                        "Your role (viewer) cannot upload or save "
                                        "registers")).first.wait_for(timeout=30_000)
            assert li.page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
            assert name not in _saved_table_text(li)
            li.shot("users_viewer_cannot_see")
            # nor opened by the editor's link (a new tab: the login first, then the
            # link's view): the sidebar says it cannot be opened
            # (the link also names 边界, a page a viewer does not get: the map opens)
            _log_in(li, "li", USERS["li"][2],
                    link=f"&snapshot={reg_id.group(1)}&page=boundaries")
            _signed_in(li, "li", li.text("查看者", "viewer"))
            assert li.page.locator(f"{MAIN} h1").first.inner_text().strip() == li.text(
                "深圳创新集群地图", "Shenzhen Innovation-Cluster Map")
            li.page.locator(SIDEBAR).get_by_text(re.compile(
                li.text("无法打开", "cannot be opened"))).first.wait_for(timeout=30_000)
            assert name not in li.page.locator(SIDEBAR).inner_text()
            assert name not in li.page.locator(MAIN).inner_text()

            # the editor shares it; the viewer now sees it and can use it
            wang.page.get_by_role("button", name=wang.text("共享给工作区",
                                                           "Share with the workspace"),
                                  exact=True).click()
            wang.page.get_by_role("button", name=wang.text("设为私有", "Make private"),
                                  exact=True).wait_for(timeout=30_000)
            goto_app_page(li.page, li.text("数据", "Data"))
            assert name in _saved_table_text(li)
            li.shot("users_viewer_sees_shared")
