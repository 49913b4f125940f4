"""数据 Data page: upload a register (per-row report), keep it in the workspace, choose
the saved register in use, and the sources of every layer."""

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.batch import register_points
from app_pages import auth
from app_pages import workspace_state as wss
from app_pages.uploads import table_read, upload_keys, upload_points
from core import settings
from core.i18n import t
from core.messages import md_literal
from data.workspace import WorkspaceError

lang = st.session_state.get("lang", "zh")
st.title(t("data_page", lang))
user = auth.current()


def _in_use_token(table) -> tuple:
    """How the session knows this page's upload is the register in use."""
    return (table.source, len(table.frame), id(table))


def _field_tag(token: tuple) -> int:
    """The save-name and as-of fields are keyed by the upload, so a new file starts from
    its own name, not the last one's."""
    return abs(hash(token)) % 10**8


def _use_register() -> None:
    """The checkbox's callback: a tick saves the uploaded register in the workspace and
    uses it on every page, an untick stops using it (and never saves).

    It decides from session state as it is when the click arrives, not from what the run
    that drew the box knew: a click can reach the box drawn for the last file while the
    page is still reading the next one, and a callback is given the arguments of the run
    that last drew its widget (so the last file was saved again, as "name (2)"). A tick
    takes the table read from the file now in the uploader, if it has been read — else it
    does nothing and the page shows the box unticked. Session state is read and written
    without yield points, once each (workspace_state.read_state/write_state), so a page
    switch queued right after the tick (which stops a callback at its next session-state
    access) cannot leave it half done. If the workspace cannot take the register, it is
    used in this session only and the page says why."""
    state = wss.read_state(("dp_use", "user_upload_token", "user_enterprises",
                            auth.USER_KEY, auth.LOGIN_KEY, *upload_keys("dp")))
    if not state.get("dp_use"):  # an untick
        wss.stop_using()
        return
    table = table_read(state, "dp")
    if table is None or not len(table.valid):  # the box was drawn for another file
        return
    token = _in_use_token(table)
    if state.get("user_upload_token") == token and "user_enterprises" in state:
        return  # already in use: never a second copy
    tag = _field_tag(token)
    fields = wss.read_state((f"dp_save_name_{tag}", f"dp_save_as_of_{tag}",
                             f"dp_share_{tag}"))
    name = (fields.get(f"dp_save_name_{tag}") or "").strip() or table.source
    as_of = fields.get(f"dp_save_as_of_{tag}")
    try:
        wss.save_and_use(table, name=name,
                         as_of=as_of.isoformat() if isinstance(as_of, dt.date) else None,
                         crs=state.get("dp_crs") or "wgs84", upload_token=token,
                         owner=auth.current(state).name,
                         # with login off there is one user: the workspace's registers
                         shared=(bool(fields.get(f"dp_share_{tag}"))
                                 if auth.visible_to(state) else True))
    except WorkspaceError as exc:  # used in this session only
        wss.write_state({"_dp_save_error": exc,
                         "user_enterprises": register_points(table, labels=True),
                         "user_enterprises_name": table.source,
                         "user_enterprises_token": token, "user_upload_token": token},
                        drop=("user_snapshot",))


if user.can("upload"):
    table = upload_points("dp", lang)
else:
    table = None
    st.info(t("auth.cannot_upload", lang, role=auth.role_name(user.role, lang)))
if table is not None and len(table.valid):
    token = _in_use_token(table)
    # the box shows whether this register is in use (its state is not kept while
    # another page is shown, so it is set from what is in use)
    in_use = (st.session_state.get("user_upload_token") == token
              and "user_enterprises" in st.session_state)
    st.session_state["dp_use"] = in_use
    if not in_use:
        c1, c2 = st.columns(2)
        tag = _field_tag(token)
        c1.text_input(wss.tr("save_name", lang), value=table.source,
                      key=f"dp_save_name_{tag}", max_chars=120)
        c2.date_input(wss.tr("save_as_of", lang), value=None, key=f"dp_save_as_of_{tag}",
                      min_value=dt.date(1979, 1, 1), max_value=dt.date(2100, 12, 31))
        if auth.visible_to():  # with login on, a register is private unless shared
            st.checkbox(t("auth.share", lang), key=f"dp_share_{tag}", value=False)
    st.checkbox(t("use_as_enterprises", lang), key="dp_use", on_change=_use_register)
    err = st.session_state.pop("_dp_save_error", None)
    if err is not None:
        st.warning(md_literal(wss.tr("workspace_error", lang).format(
            e=wss.error_text(err, lang))))
    if st.session_state["dp_use"]:
        st.caption(t("n_enterprises_uploaded", lang).format(n=f"{len(table.valid):,}"))
        if st.session_state.get("user_snapshot") is not None:
            st.caption(md_literal(wss.tr("saved_as", lang).format(
                name=st.session_state.get("user_enterprises_name", ""))))
elif st.session_state.get("user_enterprises_name"):
    # the uploader forgets its file when another page is shown; the register in use
    # stays until the user stops it
    st.info(md_literal(t("register_in_use", lang).format(
        name=st.session_state["user_enterprises_name"],
        n=len(st.session_state.get("user_enterprises", ())))))
    if st.button(t("register_stop", lang), key="dp_stop"):
        wss.stop_using()
        st.rerun()


def _saved_registers() -> None:
    """The workspace's registers: list, use, rename, delete."""
    st.header(wss.tr("workspace_header", lang))
    ws = wss.workspace()
    if ws is None:
        st.warning(md_literal(wss.tr("workspace_error", lang).format(
            e=wss.error_text(wss.last_error(), lang))))
        return
    st.caption(md_literal(wss.tr("workspace_where", lang).format(
        where=ws.location, backend="GeoPackage" if ws.backend == "geopackage"
        else "PostgreSQL/PostGIS")))
    try:
        saved = ws.list_registers(visible_to=auth.visible_to())
    except WorkspaceError as exc:
        st.warning(md_literal(wss.tr("workspace_error", lang).format(e=exc.text(lang))))
        return
    if not len(saved):
        st.caption(wss.tr("workspace_empty", lang) if user.can("upload")
                   else t("auth.none_shared", lang))
        return
    in_use = wss.in_use()
    shown = saved.assign(active=saved["id"] == in_use, as_of=saved["as_of"].fillna(""),
                         owner=saved["owner"].fillna(""))
    st.dataframe(shown, hide_index=True, width="stretch", key="dp_saved", column_config={
        c: st.column_config.Column(wss.tr("col_" + c, lang)) for c in shown.columns})
    names = dict(zip(saved["id"], saved["name"], strict=True))
    # the picker follows the register taken into use; after a rename it is set again so
    # that it shows the new name (a keyed widget keeps its old option text otherwise)
    nxt = st.session_state.pop("_dp_pick_next", None)
    if in_use != st.session_state.get("_dp_pick_for"):
        st.session_state["_dp_pick_for"] = in_use
        nxt = in_use
    if nxt in names:
        st.session_state["dp_pick"] = nxt
    elif st.session_state.get("dp_pick") not in names:
        st.session_state["dp_pick"] = in_use if in_use in names else int(saved["id"].iloc[-1])
    pick = st.selectbox(wss.tr("choose_saved", lang), list(names), key="dp_pick",
                        format_func=lambda i: f"{i} · {names[i]}")
    owner = saved.set_index("id").at[pick, "owner"]
    owner = None if pd.isna(owner) else owner
    # who may change it: an editor who saved it (or anyone's, with login off; a register
    # saved before users belongs to every editor)
    by = auth.visible_to()
    mine = user.can("upload") and (by is None or owner is None or owner == by)
    if user.can("upload") and not mine:
        st.caption(md_literal(t("auth.not_owner", lang, owner=owner)))
    c1, c2, c3 = st.columns(3)
    try:
        if c1.button(wss.tr("use_saved", lang), key="dp_use_saved", disabled=pick == in_use):
            wss.use_saved(int(pick))
            st.rerun()
        new = c2.text_input(wss.tr("rename_to", lang), key="dp_rename_to", max_chars=120)
        if c2.button(wss.tr("rename", lang), key="dp_rename",
                     disabled=not new.strip() or not mine):
            ws.rename_register(int(pick), new.strip(), by=by)
            st.session_state["_dp_pick_next"] = int(pick)
            if pick == in_use:
                st.session_state["user_enterprises_name"] = new.strip()
            st.rerun()
        sure = c3.checkbox(wss.tr("delete_confirm", lang), key="dp_delete_sure",
                           disabled=not mine)
        if c3.button(wss.tr("delete", lang), key="dp_delete", disabled=not sure or not mine):
            ws.delete_register(int(pick), by=by)  # first: a page switch may stop what follows
            if pick == in_use:
                wss.stop_using()
            for key in ("dp_pick", "dp_delete_sure"):
                st.session_state.pop(key, None)
            st.rerun()
        if by is not None and mine:  # with login on, the owner shares or withdraws it
            shared = bool(saved.set_index("id").at[pick, "shared"])
            if c1.button(t("auth.make_private" if shared else "auth.make_shared", lang),
                         key="dp_share_saved"):
                ws.share_register(int(pick), not shared, by=by)
                st.rerun()
    except WorkspaceError as exc:
        st.error(md_literal(wss.tr("workspace_error", lang).format(e=exc.text(lang))))


_saved_registers()

st.header(t("sources_header", lang))
for doc in (settings.GEODATA_DIR / "SOURCES.md", settings.CLUSTER_DEFS_DIR / "README.md"):
    with st.expander(doc.relative_to(settings.ROOT).as_posix()):
        st.markdown(doc.read_text(encoding="utf-8"))
