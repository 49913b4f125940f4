"""Streamlit entry point: language, the shared filters, and the page navigation."""

import streamlit as st

from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy

st.set_page_config(page_title="深圳创新集群地图 · Shenzhen Innovation-Cluster Map",
                   layout="wide")

lang_label = st.sidebar.radio("语言 / Language", ["中文", "English"], horizontal=True,
                              key="lang_choice")
st.session_state["lang"] = "zh" if lang_label == "中文" else "en"
lang = st.session_state["lang"]

tax = load_taxonomy()
choices = [k for k, v in tax.entries.items() if v["level"] == "sector"] + tax.industry_ids
st.sidebar.multiselect(t("filter_industries", lang), choices, key="f_industries",
                       placeholder=t("all", lang),
                       format_func=lambda k: ("▸ " if tax.entries[k]["level"] == "sector"
                                              else "") + tax.name(k, lang))
st.sidebar.multiselect(t("filter_categories", lang), list(settings.FACILITY_CATEGORIES),
                       key="f_categories", placeholder=t("all", lang),
                       format_func=lambda k: settings.FACILITY_CATEGORIES[k][
                           0 if lang == "zh" else 1])

pages = [
    st.Page("app_pages/map_page.py", title=t("map_page", lang), icon=":material/map:", default=True),
    st.Page("app_pages/stats_page.py", title=t("stats_page", lang), icon=":material/bar_chart:"),
    st.Page("app_pages/placement_page.py", title=t("placement_page", lang), icon=":material/pin_drop:"),
    st.Page("app_pages/data_page.py", title=t("data_page", lang), icon=":material/dataset:"),
]
st.navigation(pages).run()
