"""The session's user: the login (when the deployment turns it on) and what the pages
ask of it. Rules and the user list live in :mod:`core.users`; this module only draws
the login and keeps the signed-in user in session state.

- :func:`sign_in` — called by ``app.py`` before anything else is drawn: returns the
  user, or draws the login form and stops the run.
- :func:`current` — the session's :class:`core.users.User` (pages).
- :func:`author` — the name records carry; :func:`visible_to` — whose registers a
  session sees (None: login off, every register).
"""

from __future__ import annotations

import streamlit as st

from core import users
from core.errors import DataValidationError
from core.i18n import t
from core.messages import describe_error, md_literal

#: Session keys: the signed-in user, and whether the deployment needs a login.
USER_KEY, LOGIN_KEY = "_auth_user", "_auth_login"


@st.cache_resource(show_spinner=False)
def _throttle() -> users.Throttle:
    """One per server: failed logins are counted across sessions."""
    return users.Throttle()


def _directory() -> users.Directory:
    """The deployment's login settings, read at each run (a changed user list applies
    to the next run; a removed user is signed out)."""
    return users.load()


def sign_in(lang: str) -> users.User:
    """The session's user. With login off: the operating-system user, every right.
    With login on and nobody signed in: draws the login and stops the run. A broken
    user list stops every run with the reason (the server never opens without login
    because its list could not be read)."""
    try:
        directory = _directory()
    except DataValidationError as exc:
        st.error(md_literal(t("auth.config_error", lang, e=describe_error(exc, lang))))
        st.stop()
    if not directory.login_required:
        from data.workspace import current_user

        user = users.local_user(current_user())
    elif directory.method == "oidc":
        user = _oidc_user(directory, lang)
    else:
        user = _password_user(directory, lang)
    st.session_state[USER_KEY] = user
    st.session_state[LOGIN_KEY] = directory.login_required
    return user


def _password_user(directory: users.Directory, lang: str) -> users.User:
    signed = st.session_state.get(USER_KEY)
    if signed is not None:
        # the list may have changed since: take the user as listed now (role), and
        # sign out a user who was removed
        now = directory.user(signed.name)
        if now is not None:
            return now
        st.session_state.pop(USER_KEY, None)
    st.title(t("auth.title", lang))
    st.caption(t("auth.intro", lang))
    with st.form("auth_form"):
        name = st.text_input(t("auth.name", lang), key="auth_name", max_chars=64)
        password = st.text_input(t("auth.password", lang), type="password",
                                 key="auth_password", max_chars=200)
        submitted = st.form_submit_button(t("auth.submit", lang))
    if submitted:
        name = name.strip()
        wait = _throttle().wait_s(name)
        if wait > 0:
            st.error(t("auth.wait", lang, s=int(wait) + 1))
        elif (user := directory.check_password(name, password)) is not None:
            _throttle().succeeded(name)
            st.session_state[USER_KEY] = user
            st.session_state.pop("auth_password", None)
            st.rerun()
        else:
            _throttle().failed(name)
            st.error(t("auth.failed", lang))
    st.stop()


def _oidc_user(directory: users.Directory, lang: str) -> users.User:
    """Streamlit's OIDC login (``st.login``; the provider in .streamlit/secrets.toml)."""
    if not st.user.is_logged_in:
        st.title(t("auth.title", lang))
        st.button(t("auth.oidc_button", lang), on_click=st.login,
                  args=(directory.provider,) if directory.provider else ())
        st.stop()
    email = str(st.user.get("email") or "")
    user = directory.for_email(email)
    if user is None:
        st.error(md_literal(t("auth.oidc_refused", lang, email=email or "?")))
        st.button(t("auth.logout", lang), on_click=st.logout)
        st.stop()
    return user


def sidebar(lang: str) -> None:
    """Who is signed in, with a log-out button (nothing when login is off)."""
    if not st.session_state.get(LOGIN_KEY):
        return
    user = current()
    st.sidebar.caption(md_literal(t("auth.signed_in", lang, user=user.label,
                                    role=role_name(user.role, lang))))
    if st.sidebar.button(t("auth.logout", lang), key="auth_logout"):
        st.session_state.pop(USER_KEY, None)
        if users.load().method == "oidc":
            st.logout()
        st.rerun()


#: Pages only some roles see (url_state.PAGES keys → the right they need); the users
#: page also needs login on (its list is the SZMAP_USERS file).
PAGE_RIGHTS = {"boundaries": "edit_boundaries", "users": "manage_users"}


def may_open(page: str) -> bool:
    """Whether this session's user sees ``page`` in the navigation (and may open it by
    a link)."""
    if page == "users" and not st.session_state.get(LOGIN_KEY):
        return False
    right = PAGE_RIGHTS.get(page)
    return right is None or current().can(right)


def role_name(role: str, lang: str) -> str:
    return t("auth.role_" + role, lang)


def current(state=None) -> users.User:
    """The session's user (set by :func:`sign_in` on every run). ``state``: a dict of
    session values already read (a callback that must not yield, see
    workspace_state.read_state), else session state."""
    user = (st.session_state if state is None else state).get(USER_KEY)
    if user is None:  # a page run on its own (tests): login off
        from data.workspace import current_user

        user = users.local_user(current_user())
    return user


def author() -> str:
    """The name a record made in this session carries."""
    return current().name


def visible_to(state=None) -> str | None:
    """Whose registers this session sees: the user's with login on; None (all) off.
    ``state``: as in :func:`current`."""
    state = st.session_state if state is None else state
    return current(state).name if state.get(LOGIN_KEY) else None
