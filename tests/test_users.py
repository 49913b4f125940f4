"""The office's user list and roles (core.users) and `cli.py users`."""

from __future__ import annotations

import io

import pytest

from cli import main
from core import users
from core.errors import DataValidationError


def _add(path, name, role, password="correct horse", *, stdin=None, monkeypatch=None,
         extra=()):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", "add", name, "--role", role, "--file", str(path),
                 "--password-stdin", *extra])


def test_login_is_off_without_a_configured_user_list(monkeypatch):
    monkeypatch.delenv("SZMAP_USERS", raising=False)
    directory = users.load()
    assert not directory.login_required
    me = users.local_user("wang")
    assert me.can("manage_users") and me.can("upload")


def test_users_added_by_the_cli_log_in_with_their_password_only(tmp_path, monkeypatch,
                                                                capsys):
    path = tmp_path / "users.toml"
    assert _add(path, "wang", "editor", monkeypatch=monkeypatch,
                extra=("--display", "王工")) == 0
    assert _add(path, "li", "viewer", "another secret", monkeypatch=monkeypatch) == 0
    text = path.read_text(encoding="utf-8")
    assert "correct horse" not in text and "another secret" not in text  # hashes only
    assert text.count("$2b$12$") == 2
    directory = users.load(path)
    assert directory.login_required and directory.method == "password"
    wang = directory.check_password("wang", "correct horse")
    assert wang == users.User(name="wang", role="editor", display="王工")
    assert wang.label == "王工"
    assert directory.check_password("wang", "another secret") is None
    assert directory.check_password("li", "another secret").role == "viewer"
    assert directory.check_password("nobody", "correct horse") is None
    assert directory.check_password("wang", "") is None
    capsys.readouterr()
    assert main(["users", "list", "--file", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["wang\teditor\t王工\t", "li\tviewer\t\t"]


def test_roles_give_their_rights_and_those_of_weaker_roles():
    viewer, editor, admin = (users.User("a", r) for r in users.ROLES)
    assert viewer.can("check") and not viewer.can("upload")
    assert editor.can("upload") and editor.can("edit_boundaries")
    assert not editor.can("activate_versions") and not editor.can("manage_users")
    assert admin.can("activate_versions") and admin.can("manage_users")
    with pytest.raises(ValueError, match="unknown right"):
        viewer.can("fly")


def test_role_change_password_change_and_removal(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    _add(path, "wang", "viewer", monkeypatch=monkeypatch)
    assert main(["users", "role", "wang", "admin", "--file", str(path)]) == 0
    assert users.load(path).user("wang").role == "admin"
    monkeypatch.setattr("sys.stdin", io.StringIO("a new password\n"))
    assert main(["users", "passwd", "wang", "--file", str(path),
                 "--password-stdin"]) == 0
    directory = users.load(path)
    assert directory.check_password("wang", "a new password")
    assert not directory.check_password("wang", "correct horse")
    _add(path, "li", "editor", monkeypatch=monkeypatch)
    assert main(["users", "remove", "wang", "--file", str(path)]) == 0
    assert [u.name for u in users.load(path).users] == ["li"]


def test_a_short_password_or_an_unknown_role_is_refused_and_nothing_written(
        tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.toml"
    assert _add(path, "wang", "admin", "short", monkeypatch=monkeypatch) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert not path.exists()
    with pytest.raises(SystemExit):  # argparse: not one of the roles
        main(["users", "add", "li", "--role", "boss", "--file", str(path)])


def test_a_broken_user_list_names_each_entry_and_field(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[login]\nmethod = "ldap"\n\n[[users]]\nname = "wang"\nrole = "boss"\n'
                    'password_hash = "hunter22"\n\n[[users]]\nname = "a b"\nrole = "viewer"\n',
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        users.load(path)
    found = {(p.row, p.column) for p in err.value.problems}
    assert found == {(None, "login.method"), (1, "role"), (1, "password_hash"),
                     (2, "name")}
    assert "must never be stored itself" in str(err.value)


def test_a_missing_user_list_stops_the_login_instead_of_opening_the_server(
        tmp_path, monkeypatch):
    monkeypatch.setenv("SZMAP_USERS", str(tmp_path / "nope.toml"))
    with pytest.raises(DataValidationError, match="does not exist"):
        users.load()


def test_an_oidc_user_is_matched_by_email_or_given_the_default_role(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[login]\nmethod = "oidc"\nprovider = "office"\n'
                    'oidc_default_role = "viewer"\n\n[[users]]\nname = "wang"\n'
                    'email = "Wang@Example.org"\nrole = "admin"\n', encoding="utf-8")
    directory = users.load(path)
    assert directory.for_email("wang@example.org").role == "admin"
    assert directory.for_email("zhao@example.org") == users.User(
        "zhao@example.org", "viewer", email="zhao@example.org")
    assert directory.for_email("") is None
    closed = users.Directory(method="oidc")
    assert closed.for_email("zhao@example.org") is None


def test_a_name_is_locked_after_repeated_failures():
    now = [1000.0]
    throttle = users.Throttle(limit=3, window_s=60, lock_s=30, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.wait_s("wang") == 0
        throttle.failed("wang")
    assert throttle.wait_s("wang") == 30 and throttle.wait_s("li") == 0
    now[0] += 31
    assert throttle.wait_s("wang") == 0
    throttle.succeeded("wang")
    assert throttle.wait_s("wang") == 0


# --- the app: login and the users page (Streamlit's AppTest, the real scripts) ---------

def _office(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    users.set_user(path, "boss", role="admin", password_hash=users.hash_password("boss-pass-1"))
    users.set_user(path, "li", role="viewer", password_hash=users.hash_password("li-pass-22"))
    monkeypatch.setenv("SZMAP_USERS", str(path))
    monkeypatch.setenv("SZMAP_DATA_DIR", str(tmp_path / "ws"))
    return path


def _app(lang="en"):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    return at.run()


def _log_in(at, name, password):
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_password").input(password)
    return at.button[0].click().run()


def test_the_app_shows_nothing_but_the_login_until_the_password_is_right(tmp_path,
                                                                        monkeypatch):
    _office(tmp_path, monkeypatch)
    at = _app("zh")
    assert [t.value for t in at.title] == ["登录"] and not at.exception
    at = _log_in(at, "li", "wrong-password")
    assert [e.value for e in at.error] == ["用户名或密码不正确。"]
    assert [t.value for t in at.title] == ["登录"]
    at = _log_in(at, "li", "li-pass-22")
    assert not at.exception and [t.value for t in at.title] != ["登录"]
    assert any("已登录：li（查看者）" in c.value for c in at.sidebar.caption)


def test_an_admin_adds_a_user_on_the_users_page_who_can_then_log_in(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from app_pages import auth
    from tests.conftest import ROOT

    path = _office(tmp_path, monkeypatch)
    at = AppTest.from_file(str(ROOT / "app_pages" / "users_page.py"), default_timeout=60)
    at.session_state[auth.USER_KEY] = users.load(path).user("boss")
    at.session_state[auth.LOGIN_KEY] = True
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    at.text_input[0].input("zhao")
    at.text_input[1].input("赵工")
    at.selectbox[0].select("editor")
    at.text_input[3].input("zhao-pass-3")
    at = at.button[0].click().run()
    assert [s.value.replace("\\", "") for s in at.success] == ["Saved: zhao (editor)"]
    zhao = users.load(path).check_password("zhao", "zhao-pass-3")
    assert zhao == users.User("zhao", "editor", display="赵工")
    # the admin cannot lower their own role (the office would lose its administrator)
    at.text_input[0].input("boss")
    at.selectbox[0].select("viewer")
    at = at.button[0].click().run()
    assert [e.value for e in at.error] == ["You cannot remove yourself or lower your own "
                                           "role."]
    assert users.load(path).user("boss").role == "admin"
