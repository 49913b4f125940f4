"""The session's link to the workspace (``data.workspace``): the register in use, saved
when the user takes it into use and named in the URL (``?snapshot=<id>``), so a refresh
or a copied link opens it again. Which register a session uses is the session's (and
its link's) choice: on an office server one user's choice does not change another's
view, so the app leaves the workspace's own "active" mark to the CLI.

The workspace is opened once per server (its methods are thread-safe). A saved register
is turned into map points once per server and kept read-only for every session that
uses it (keyed by workspace, id and import time, so a renamed register is not reloaded
and a deleted one is not served).
"""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from core import settings
from data.points_io import PointTable
from data.snapshots import load_table, save_table
from data.workspace import RegisterInfo, Workspace, WorkspaceError, open_workspace

#: Session keys of the register in use (read by app_pages.data_cache).
IN_USE_KEYS = ("user_enterprises", "user_enterprises_token", "user_enterprises_name",
               "user_snapshot", "user_upload_token")
#: Set when the workspace cannot be opened (the message is shown on the 数据 page).
_ERROR_KEY = "_workspace_error"


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Workspace:
    return open_workspace(url)


def workspace() -> Workspace | None:
    """The server's workspace, or None when it cannot be opened (the error is kept in
    session state for :func:`last_error`)."""
    try:
        ws = _open(settings.workspace_url())
    except WorkspaceError as exc:
        st.session_state[_ERROR_KEY] = exc
        return None
    st.session_state.pop(_ERROR_KEY, None)
    return ws


def by_url(url: str) -> Workspace:
    """The server's workspace at ``url`` (opened once per server; no session state, so
    a cached function may call it). Raises WorkspaceError."""
    return _open(url)


def last_error() -> WorkspaceError | None:
    """Why the workspace could not be opened or written, if it could not."""
    return st.session_state.get(_ERROR_KEY)


def error_text(exc: BaseException | None, lang: str) -> str:
    """``exc`` as a page in ``lang`` says it: a :class:`WorkspaceError` in the
    catalogue's words (Chinese for "zh"), any other error as its own text."""
    return exc.text(lang) if isinstance(exc, WorkspaceError) else str(exc)


@st.cache_resource(show_spinner=False, max_entries=4)
def saved_points(url: str, reg_id: int, imported_at: str) -> pd.DataFrame:
    """Map points of a saved register (read-only; shared by the sessions using it)."""
    from analysis.batch import register_points

    table, _ = load_table(_open(url), reg_id)
    return register_points(table, labels=True)


def _raw_state():
    """(SessionState, lock) behind ``st.session_state``, or None if Streamlit's internals
    moved: read and written directly, they have no yield point (see :func:`write_state`)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        safe = get_script_run_ctx().session_state
        return safe._state, safe._lock
    except Exception:  # private API moved
        return None


def read_state(keys) -> dict:
    """The session values of ``keys`` that are set (widget keys give the widget's value
    as the browser sent it for this run), read without the yield point every
    ``st.session_state`` access is — for a callback that must not be stopped before it
    has saved and written (see :func:`write_state`). Falls back to ``st.session_state``
    if Streamlit's internals move."""
    raw = _raw_state()
    if raw is None:  # the public, interruptible way
        return {k: st.session_state[k] for k in keys if k in st.session_state}
    state, lock = raw
    out = {}
    with lock:
        for key in keys:
            with contextlib.suppress(KeyError):
                out[key] = state[key]
    return out


def write_state(values: dict, drop: tuple = ()) -> None:
    """Set (and drop) session keys at once, without the yield point every
    ``st.session_state`` access is: a rerun queued meanwhile (the user switching page
    right after ticking a box) stops a callback at its next access, which could leave
    a register saved but not in use. Falls back to ``st.session_state`` if Streamlit's
    internals move."""
    raw = _raw_state()
    if raw is None:  # the public, interruptible way
        for key in drop:
            st.session_state.pop(key, None)
        for key, value in values.items():
            st.session_state[key] = value
        return
    state, lock = raw
    with lock:
        for key in drop:
            if key in state:
                del state[key]
        for key, value in values.items():
            state[key] = value


def _put_in_use(points: pd.DataFrame, info: RegisterInfo, url: str,
                upload_token=None) -> None:
    values = {"user_enterprises": points, "user_enterprises_name": info.name,
              "user_enterprises_token": ("workspace", url, info.id, info.imported_at),
              "user_snapshot": info.id}
    if upload_token is not None:  # this session's upload is the one in use
        values["user_upload_token"] = upload_token
    write_state(values, drop=() if upload_token is not None else ("user_upload_token",))


def use_saved(key: int | str) -> RegisterInfo:
    """Use the saved register ``key`` (id or name) on every page of this session.
    Raises WorkspaceError."""
    from app_pages import auth

    ws = workspace()
    if ws is None:
        raise last_error()
    info = ws.register_info(key, visible_to=auth.visible_to())
    url = settings.workspace_url()
    _put_in_use(saved_points(url, info.id, info.imported_at), info, url)
    return info


def save_and_use(table: PointTable, *, name: str, as_of: str | None, crs: str,
                 owner: str, shared: bool, upload_token=None) -> RegisterInfo:
    """Save a register read this session as a new snapshot (named ``name``, or
    ``name (2)`` … when taken; owned by ``owner``, private unless ``shared``)
    and use it. Raises WorkspaceError (nothing is saved).
    Touches session state only at the end, in one write (see :func:`write_state`), so
    a page switch right after the tick cannot leave it half done."""
    url = settings.workspace_url()
    ws = _open(url)
    info = save_table(ws, table, name=name, as_of=as_of, crs=crs, owner=owner,
                      shared=shared)
    _put_in_use(saved_points(url, info.id, info.imported_at), info, url, upload_token)
    return info


def stop_using() -> None:
    """Back to the shipped sample in this session (the register stays saved)."""
    write_state({}, drop=IN_USE_KEYS)


def restore(link_snapshot: str | None) -> None:
    """On a session's first run: use the register the link names (``?snapshot=<id>``),
    if any. A link to a register that no longer exists opens on the shipped sample,
    and the sidebar says why."""
    if link_snapshot is None:
        return
    try:
        use_saved(int(link_snapshot))
    except WorkspaceError as exc:
        st.session_state["_view_error"] = exc


def in_use() -> int | None:
    """The id of the saved register this session uses, if any."""
    return st.session_state.get("user_snapshot")


def tr(key: str, lang: str) -> str:
    """A workspace UI text in ``lang`` (catalogue keys ``ws.*``)."""
    from core.i18n import t

    return t("ws." + key, lang)


def save_view_box(lang: str) -> None:
    """The sidebar's "share this view": saves the query string under a short id and
    shows the short link; says why a short link that was opened could not be."""
    from app_pages import url_state
    from core.messages import md_literal

    err = st.session_state.pop("_view_error", None)
    if err is not None:
        st.sidebar.warning(md_literal(tr("view_missing", lang).format(
            e=error_text(err, lang))))
    with st.sidebar.expander(tr("share_view", lang)):
        if st.button(tr("save_view", lang), key="ws_save_view"):
            ws = workspace()
            try:
                if ws is None:
                    raise last_error()
                query = url_state.current_query()
                st.session_state["_view_link"] = (ws.save_view(query), query)
            except WorkspaceError as exc:
                st.error(md_literal(tr("workspace_error", lang).format(e=exc.text(lang))))
        saved = st.session_state.get("_view_link")
        if saved and saved[1] == url_state.current_query():  # still this view
            view_id = saved[0]
            base = (st.context.url or "").split("?", 1)[0]
            st.caption(tr("view_saved", lang))
            st.code(f"{base}?view={view_id}", language=None)
