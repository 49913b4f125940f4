"""数据 Data page: upload a register (per-row report), and the sources of every layer."""

import streamlit as st

from analysis.batch import register_points
from app_pages.uploads import upload_points
from core import settings
from core.i18n import t
from core.messages import md_literal

lang = st.session_state.get("lang", "zh")
st.title(t("data_page", lang))

def _use_register(table, token) -> None:
    """The checkbox's callback: use the register on every page, or stop using it. A
    callback runs to its end before the next script run, so switching page at once
    cannot cut it short (a large register's setup takes seconds)."""
    if not st.session_state.get("dp_use"):
        for key in ("user_enterprises", "user_enterprises_token", "user_enterprises_name"):
            st.session_state.pop(key, None)
        return
    st.session_state["user_enterprises"] = register_points(table, labels=True)
    st.session_state["user_enterprises_token"] = token
    # the register's file name, for the downloads' metadata (统计 page)
    st.session_state["user_enterprises_name"] = table.source


table = upload_points("dp", lang)
if table is not None and len(table.valid):
    token = (table.source, len(table.frame), id(table))
    # the box shows whether this register is in use (its state is not kept while
    # another page is shown, so it is set from what is in use)
    st.session_state["dp_use"] = st.session_state.get("user_enterprises_token") == token
    st.checkbox(t("use_as_enterprises", lang), key="dp_use", on_change=_use_register,
                args=(table, token))
    if st.session_state["dp_use"]:
        st.caption(t("n_enterprises_uploaded", lang).format(n=f"{len(table.valid):,}"))
elif st.session_state.get("user_enterprises_name"):
    # the uploader forgets its file when another page is shown; the register in use
    # stays until the user stops it
    st.info(md_literal(t("register_in_use", lang).format(
        name=st.session_state["user_enterprises_name"],
        n=len(st.session_state.get("user_enterprises", ())))))
    if st.button(t("register_stop", lang), key="dp_stop"):
        for key in ("user_enterprises", "user_enterprises_token", "user_enterprises_name"):
            st.session_state.pop(key, None)
        st.rerun()

st.header(t("sources_header", lang))
for doc in (settings.GEODATA_DIR / "SOURCES.md", settings.CLUSTER_DEFS_DIR / "README.md"):
    with st.expander(doc.relative_to(settings.ROOT).as_posix()):
        st.markdown(doc.read_text(encoding="utf-8"))
