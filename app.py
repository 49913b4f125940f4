"""Streamlit entry point: language, the shared filters, and the page navigation."""

import streamlit as st

from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy

st.set_page_config(page_title="深圳创新集群地图 · Shenzhen Innovation-Cluster Map",
                   layout="wide")

LANG_LABELS = {"zh": "中文", "en": "English"}
if "lang_choice" not in st.session_state:  # a link may carry the language: ?lang=en
    st.session_state["lang_choice"] = LANG_LABELS.get(st.query_params.get("lang"), "中文")
lang_label = st.sidebar.radio("语言 / Language", list(LANG_LABELS.values()), horizontal=True,
                              key="lang_choice")
lang = "zh" if lang_label == "中文" else "en"
st.session_state["lang"] = lang
st.query_params["lang"] = lang

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

# no page icons: Streamlit fetches material icons from the internet
pages = [
    st.Page("app_pages/map_page.py", title=t("map_page", lang), default=True),
    st.Page("app_pages/stats_page.py", title=t("stats_page", lang)),
    st.Page("app_pages/placement_page.py", title=t("placement_page", lang)),
    st.Page("app_pages/data_page.py", title=t("data_page", lang)),
]
st.navigation(pages).run()
