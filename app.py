"""Streamlit entry point: language, the shared filters, and the page navigation."""

import streamlit as st

from app_pages import auth, lang_widgets, session_memory, url_state, workspace_state
from app_pages.lang_widgets import option_widget
from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy

st.set_page_config(page_title="深圳创新集群地图 · Shenzhen Innovation-Cluster Map",
                   layout="wide")
session_memory.install()  # a closed tab's session and memory are freed after its TTL

LANG_LABELS = {"zh": "中文", "en": "English"}


def _switch_language() -> None:
    """The language switch's callback: the user chose a language. The choice widgets
    made through lang_widgets.option_widget are set again, so the browser redraws them
    with the new language's labels."""
    st.session_state["lang"] = "zh" if st.session_state["lang_choice"] == "中文" else "en"
    lang_widgets.relabel()


# A session's first run: a short link (?view=…) opens the view saved under it, as the
# link it was saved from; a link that names nothing saved opens the plain view with a note
first_run = url_state.first_run()
if first_run and (view_id := url_state.view_from_link()) is not None:
    ws = workspace_state.workspace()
    try:
        if ws is None:
            raise workspace_state.last_error()
        url_state.open_view(ws.load_view(view_id))
    except workspace_state.WorkspaceError as exc:
        st.session_state["_view_error"] = exc

if st.session_state.get("lang") not in LANG_LABELS:
    # a session's first run: a link's ?lang=en, else Chinese. After that the session's
    # own language ("lang") is the one truth; the switch only shows and changes it
    # (a page change arrives without the query string)
    st.session_state["lang"] = (st.query_params.get("lang")
                                if st.query_params.get("lang") in LANG_LABELS else "zh")
# The switch is set from the session's language on every run, not only on the first:
# Streamlit sends a value set this way to the browser. A switch the browser drew afresh
# from its default (中文) — a page change cutting the first run short — otherwise showed
# 中文 while the server held English, and sent 中文 back with the next interaction (an
# upload on 数据): an English session turned Chinese (reproduced: ?lang=en, 数据 clicked
# at once, a file uploaded — 1 run in 10)
st.session_state["lang_choice"] = LANG_LABELS[st.session_state["lang"]]
st.sidebar.radio("语言 / Language", list(LANG_LABELS.values()), horizontal=True,
                 key="lang_choice", on_change=_switch_language)
lang = st.session_state["lang"]
st.query_params["lang"] = lang
# the login, when the deployment turns it on (SZMAP_USERS): nothing below runs, and no
# link's register or view is opened, before someone has signed in
auth.sign_in(lang)
auth.sidebar(lang)

tax = load_taxonomy()
# a link carries the view (filters, search, checked point): read when a session starts;
# after that the session's own choices win
url_state.read_link(tax)
if first_run:  # the saved register the link names
    workspace_state.restore(url_state.snapshot_from_link())
choices = [k for k, v in tax.entries.items() if v["level"] == "sector"] + tax.industry_ids
# no "Select N matches" row: Enter on a typed name takes the first (best) match, so
# typing 生物医药 + Enter picks that industry, not it and its sector 生物医药与健康
option_widget(st.sidebar.multiselect, t("filter_industries", lang), choices, key="f_industries",
              placeholder=t("all", lang), select_all=False,
              format_func=lambda k: ("▸ " if tax.entries[k]["level"] == "sector"
                                     else "") + tax.name(k, lang))
option_widget(st.sidebar.multiselect, t("filter_categories", lang),
              list(settings.FACILITY_CATEGORIES), key="f_categories",
              placeholder=t("all", lang), select_all=False,
              format_func=lambda k: settings.FACILITY_CATEGORIES[k][0 if lang == "zh" else 1])

url_state.write(tax, url_state.SIDEBAR_KEYS)
url_state.write_snapshot(workspace_state.in_use())

# A link names its page by ?page=placement on the root path: a deep path
# (/placement_page) makes the front end probe /placement_page/_stcore/… first and log two
# 404s. So the page this run shows is made the default page, served at /, for this run.
current = url_state.current_page(url_state.page_from_link())
# a page the user's role does not give (a link to 边界 opened by a viewer) opens the map
allowed = {key: path for key, path in url_state.PAGES.items() if auth.may_open(key)}
current = current if current in allowed else url_state.DEFAULT_PAGE
# no page icons: Streamlit fetches material icons from the internet
titles = {"map": "map_page", "stats": "stats_page", "placement": "placement_page",
          "data": "data_page", "history": "history_page",
          url_state.BOUNDARY_PAGE: "boundary_page", "users": "auth.users_page"}
pages = {key: st.Page(path, title=t(titles[key], lang), default=key == current)
         for key, path in allowed.items()}
shown = st.navigation(list(pages.values()))
url_state.write_page(next((k for k, p in pages.items() if p is shown), url_state.DEFAULT_PAGE))
workspace_state.save_view_box(lang)
shown.run()
