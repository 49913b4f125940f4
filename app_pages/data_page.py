"""数据 Data page: upload a register (per-row report), and the sources of every layer."""

import streamlit as st

from analysis.placement import resolve_terms
from app_pages.uploads import upload_points
from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy

lang = st.session_state.get("lang", "zh")
st.title(t("data_page", lang))

table = upload_points("dp", lang)
if table is not None:
    valid = table.valid
    token = (table.source, len(table.frame), id(table))
    if st.checkbox(t("use_as_enterprises", lang), key="dp_use") and len(valid) and \
            st.session_state.get("user_enterprises_token") != token:
        col = table.columns["industry"]
        ids, _ = resolve_terms(valid[col].tolist() if col else [None] * len(valid),
                               load_taxonomy())
        cat, name = table.columns["category"], table.columns["name"]
        st.session_state["user_enterprises"] = valid.assign(
            lon=valid["lon_wgs84"], lat=valid["lat_wgs84"], kind="enterprise",
            category=valid[cat].astype(str) if cat else "enterprise", industries=ids,
            _name=valid[name] if name else "", _label=valid[col] if col else "")
        st.session_state["user_enterprises_token"] = token
        # the register's file name, for the downloads' metadata (统计 page)
        st.session_state["user_enterprises_name"] = table.source
    elif not st.session_state.get("dp_use"):
        st.session_state.pop("user_enterprises", None)
        st.session_state.pop("user_enterprises_token", None)
        st.session_state.pop("user_enterprises_name", None)

st.header(t("sources_header", lang))
for doc in (settings.GEODATA_DIR / "SOURCES.md", settings.CLUSTER_DEFS_DIR / "README.md"):
    with st.expander(doc.relative_to(settings.ROOT).as_posix()):
        st.markdown(doc.read_text(encoding="utf-8"))
