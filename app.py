"""Streamlit entry point: the language switch and the page navigation only."""

import streamlit as st

from core.i18n import t

st.set_page_config(page_title="深圳创新集群地图 · Shenzhen Innovation-Cluster Map",
                   layout="wide")

lang_label = st.sidebar.radio("语言 / Language", ["中文", "English"], horizontal=True,
                              key="lang_choice")
st.session_state["lang"] = "zh" if lang_label == "中文" else "en"
lang = st.session_state["lang"]

pages = [
    st.Page("app_pages/map_page.py", title=t("map_page", lang), icon="🗺️", default=True),
]
st.navigation(pages).run()
