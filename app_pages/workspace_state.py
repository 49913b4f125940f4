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


def last_error() -> WorkspaceError | None:
    """Why the workspace could not be opened or written, if it could not."""
    return st.session_state.get(_ERROR_KEY)


@st.cache_resource(show_spinner=False, max_entries=4)
def saved_points(url: str, reg_id: int, imported_at: str) -> pd.DataFrame:
    """Map points of a saved register (read-only; shared by the sessions using it)."""
    from analysis.batch import register_points

    table, _ = load_table(_open(url), reg_id)
    return register_points(table, labels=True)


def _put_in_use(points: pd.DataFrame, info: RegisterInfo, url: str) -> None:
    st.session_state["user_enterprises"] = points
    st.session_state["user_enterprises_token"] = ("workspace", url, info.id, info.imported_at)
    st.session_state["user_enterprises_name"] = info.name
    st.session_state["user_snapshot"] = info.id
    st.session_state.pop("user_upload_token", None)  # no longer this session's upload


def use_saved(key: int | str) -> RegisterInfo:
    """Use the saved register ``key`` (id or name) on every page of this session.
    Raises WorkspaceError."""
    ws = workspace()
    if ws is None:
        raise last_error()
    info = ws.register_info(key)
    url = settings.workspace_url()
    _put_in_use(saved_points(url, info.id, info.imported_at), info, url)
    return info


def save_and_use(table: PointTable, *, name: str, as_of: str | None, crs: str
                 ) -> RegisterInfo:
    """Save a register read this session as a new snapshot (named ``name``, or
    ``name (2)`` … when taken) and use it. Raises WorkspaceError (nothing is saved)."""
    ws = workspace()
    if ws is None:
        raise last_error()
    return use_saved(save_table(ws, table, name=name, as_of=as_of, crs=crs).id)


def stop_using() -> None:
    """Back to the shipped sample in this session (the register stays saved)."""
    for key in IN_USE_KEYS:
        st.session_state.pop(key, None)


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


# UI texts of the workspace (moved into core.i18n once the catalogue is regrouped)
TEXTS: dict[str, dict[str, str]] = {
    "share_view": {"zh": "分享此视图", "en": "Share this view"},
    "save_view": {"zh": "保存为短链接", "en": "Save as a short link"},
    "view_saved": {"zh": "短链接（复制后发给同事，打开即为同一视图）：",
                   "en": "Short link (copy it to a colleague; it opens this same view):"},
    "view_missing": {"zh": "链接中的视图无法打开：{e}", "en": "The view in the link cannot "
                     "be opened: {e}"},
    "workspace_header": {"zh": "工作区：已保存的名录", "en": "Workspace: saved registers"},
    "workspace_where": {"zh": "保存位置：{where}（{backend}）。备份：复制该 GeoPackage 文件；"
                        "PostGIS 用 pg_dump。",
                        "en": "Stored in {where} ({backend}). Back up: copy the GeoPackage "
                        "file; for PostGIS, pg_dump."},
    "workspace_error": {"zh": "工作区不可用：{e}", "en": "The workspace is unavailable: {e}"},
    "workspace_empty": {"zh": "尚未保存名录。上传名录并勾选“作为企业使用”即保存于此。",
                        "en": "No register saved yet. Upload one and tick “use as "
                        "enterprises”: it is saved here."},
    "save_name": {"zh": "保存名称", "en": "Name to save it under"},
    "save_as_of": {"zh": "数据截至日期（可选）", "en": "Data as of (optional)"},
    "choose_saved": {"zh": "选择名录", "en": "Choose a register"},
    "use_saved": {"zh": "使用此名录", "en": "Use this register"},
    "rename_to": {"zh": "新名称", "en": "New name"},
    "rename": {"zh": "重命名", "en": "Rename"},
    "delete_confirm": {"zh": "确认删除（不可恢复）", "en": "Yes, delete it (cannot be undone)"},
    "delete": {"zh": "删除", "en": "Delete"},
    "col_id": {"zh": "编号", "en": "Id"},
    "col_name": {"zh": "名称", "en": "Name"},
    "col_file_name": {"zh": "文件", "en": "File"},
    "col_imported_at": {"zh": "导入时间（UTC）", "en": "Imported (UTC)"},
    "col_as_of": {"zh": "截至日期", "en": "As of"},
    "col_source_crs": {"zh": "原坐标系", "en": "Source CRS"},
    "col_rows": {"zh": "行数", "en": "Rows"},
    "col_valid_rows": {"zh": "有效点", "en": "Valid points"},
    "col_active": {"zh": "使用中", "en": "In use"},
    "saved_as": {"zh": "已保存到工作区：{name}", "en": "Saved in the workspace as {name}"},
}


def tr(key: str, lang: str) -> str:
    """A workspace UI text in ``lang``."""
    return TEXTS[key]["zh" if lang == "zh" else "en"]


def save_view_box(lang: str) -> None:
    """The sidebar's "share this view": saves the query string under a short id and
    shows the short link; says why a short link that was opened could not be."""
    from app_pages import url_state
    from core.messages import md_literal

    err = st.session_state.pop("_view_error", None)
    if err is not None:
        st.sidebar.warning(md_literal(tr("view_missing", lang).format(e=err)))
    with st.sidebar.expander(tr("share_view", lang)):
        if st.button(tr("save_view", lang), key="ws_save_view"):
            ws = workspace()
            try:
                if ws is None:
                    raise last_error()
                query = url_state.current_query()
                st.session_state["_view_link"] = (ws.save_view(query), query)
            except WorkspaceError as exc:
                st.error(md_literal(tr("workspace_error", lang).format(e=exc)))
        saved = st.session_state.get("_view_link")
        if saved and saved[1] == url_state.current_query():  # still this view
            view_id = saved[0]
            base = (st.context.url or "").split("?", 1)[0]
            st.caption(tr("view_saved", lang))
            st.code(f"{base}?view={view_id}", language=None)
