"""The 地图 page's "observed vs plan" mode (观测集聚 vs 规划, issue 19 item 3): where the
firms in use concentrate (``analysis.concentrations``), drawn over the plan's areas by
the page's one map builder, with the plan-vs-reality tables and their downloads
(``exports.concentration_report``) below the map.

Which runs
----------
The plan names focus *industries*, so the concentrations are found one industry at a
time: the sidebar's industries (a sector term stands for its industries, one run
each), or, with no industry chosen, every industry the firms carry. Each run is
cached on its own, keyed by the point set (the shipped sample, a saved register's
workspace id and import time, or this session's upload) and the parameters, so a
filter change computes only the industries not seen before, and the mode switched
off and on again computes nothing. Measured at 10⁶ SYNTHETIC firms: about 1–1.5 s
per industry on a quiet machine (3–6 s on 2 loaded cores); a pooled run over every
firm took 300 s there (one dense place of all the city's firms), so no pooled run is
offered. A register above :data:`LARGE_REGISTER` firms with no industry chosen asks
before computing all its industries.

The firms are read once per point set (:func:`analysis.concentrations.prepare_points`);
each run's plan comparison reads only the firms of its industry.

The UI words are the catalogue's ``conc.view.*`` keys (core.i18n).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from analysis.concentrations import (
    COLUMNS,
    DEFAULT_DENSITY_RATIO,
    DEFAULT_SCALE_M,
    PlanVsReality,
    Prepared,
    find_concentrations,
    plan_vs_reality,
    prepare_points,
)
from app_pages.data_cache import context
from core import settings
from core.i18n import t
from core.taxonomy import expand_filter, load_taxonomy
from exports import concentration_report as cr
from exports import report_tables as rt

SCALE_M = DEFAULT_SCALE_M
METHOD = "hdbscan"
#: With no industry chosen, a register of more firms than this asks before one run
#: per industry (about 1–1.5 s each at 10⁶ firms).
LARGE_REGISTER = 200_000
#: Session key of the mode (carried by the URL: app_pages.url_state).
MODE_KEY = "map_observed"

#: zh/en words of the mode (moved into core.i18n once the catalogue is regrouped).
def tr(key: str, lang: str) -> str:
    """The word ``key`` in ``lang`` (catalogue keys ``conc.view.*``)."""
    from core.i18n import t

    return t("conc.view." + key, lang)


@dataclass
class Observed:
    """What the mode shows: the concentrations of the runs (``attrs["runs"]`` as
    :func:`analysis.concentrations.concentrations_by_industry` gives them), their
    plan comparison, the frame the map draws (concentrations + plan columns), and
    the firms concerned, left out for a coarse error bound and with none stated
    (each firm once, whatever its number of industries)."""

    concentrations: gpd.GeoDataFrame
    result: PlanVsReality
    map_frame: gpd.GeoDataFrame
    industries: list[str]
    n_total: int = 0
    n_coarse: int = 0
    n_unknown: int = 0
    seconds: float = 0.0
    pending: list[str] = field(default_factory=list)  # asked before computing


def point_set_key(is_sample: bool) -> tuple:
    """The identity of the firms in use: the sample; a saved register (workspace, id,
    import time: shared by every session); else this session's upload (its token,
    with the session's id, so two sessions never share a cache entry)."""
    if is_sample:
        return ("sample",)
    token = st.session_state.get("user_enterprises_token")
    if isinstance(token, tuple) and token and token[0] == "workspace":
        return tuple(token)
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ("session", ctx.session_id if ctx else "", repr(token))


@st.cache_resource(show_spinner=False, max_entries=4, ttl=6 * 3600)
def _prepared(key: tuple, _points: pd.DataFrame) -> Prepared:
    """The firms read once per point set (``key``; the frame is not hashed)."""
    return prepare_points(_points, land_km2=context().city_km2)


#: Runs computed by this server process (to show a progress bar only when one is due).
_DONE: set[tuple] = set()


@st.cache_resource(show_spinner=False, max_entries=1024, ttl=6 * 3600)
def _run(key: tuple, industry: str, scale_m: float, method: str, _prep: Prepared
         ) -> gpd.GeoDataFrame:
    """One industry's concentrations (read-only; shared by the sessions using the
    same point set ``key``)."""
    return find_concentrations(_prep, industries=[industry], scale_m=scale_m,
                               method=method)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=6 * 3600)
def _compared(key: tuple, industries: tuple[str, ...], scale_m: float, method: str,
              _found: gpd.GeoDataFrame, _prep: Prepared, _points: pd.DataFrame
              ) -> PlanVsReality:
    """The plan comparison of the runs ``industries`` (their concentrations
    ``_found``), once per point set and run set. It reads only the firms carrying
    one of them: its shares and counts are theirs alone, and the point-in-area test
    has no fixed cost per industry (one call, not one per run)."""
    rows = np.flatnonzero(_prep.carrying(list(industries)))
    return plan_vs_reality(_points.iloc[rows], _found, context(),
                           industries=list(industries))


def _combine(parts: list[gpd.GeoDataFrame], industries: list[str]) -> gpd.GeoDataFrame:
    """The runs as one frame, as ``concentrations_by_industry`` gives them for the
    same runs: ids C01 … numbered through, ``attrs["runs"]`` in order. The cached
    parts are not changed."""
    frames = [f for f in parts if len(f)]
    found = pd.concat(frames, ignore_index=True) if frames else parts[0].iloc[:0].copy()
    found = gpd.GeoDataFrame(found, geometry="geometry", crs=settings.CRS_STORAGE)
    found["concentration_id"] = [f"C{i + 1:02d}" for i in range(len(found))]
    found.attrs = {"runs": [dict(f.attrs) for f in parts], "industries": list(industries)}
    return found


def _names(ids: list[str], lang: str) -> str:
    tax = load_taxonomy()
    return t("sep.list", lang).join(tax.name(i, lang) for i in ids)


def observe(points: pd.DataFrame, *, is_sample: bool, terms: list[str], lang: str
            ) -> Observed:
    """The mode's concentrations for the sidebar's industry ``terms`` (none: every
    industry the firms carry), each run computed once per point set (progress shown
    while one is due)."""
    key = point_set_key(is_sample)
    prep = _prepared(key, points)
    chosen = list(dict.fromkeys(expand_filter(list(terms)))) if terms else prep.present()
    tax = load_taxonomy()
    industries = [i for i in chosen if i in tax.industry_ids]
    selected = prep.carrying(industries) if industries else np.zeros(len(prep.masks), bool)
    if prep.precision is not None:
        coarse = selected & (prep.precision > SCALE_M)
        unknown = selected & ~np.isfinite(prep.precision)
    else:
        coarse, unknown = np.zeros_like(selected), selected
    todo = [(key, i, SCALE_M, METHOD) for i in industries]
    due = [k for k in todo if k not in _DONE]
    if (not terms and due and len(prep.masks) > LARGE_REGISTER
            and st.session_state.get("_observed_all") != key):
        found, result, frame = _empty()
        return Observed(found, result, frame, [], n_total=int(selected.sum()),
                        pending=industries)
    t0 = time.perf_counter()
    bar = st.progress(0.0) if due else None
    parts = []
    for n, k in enumerate(todo):
        if bar is not None:
            bar.progress(n / len(todo), text=tr("computing", lang).format(
                name=tax.name(k[1], lang), i=n + 1, n=len(todo)))
        parts.append(_run(*k, prep))
        _DONE.add(k)
    if not parts:
        if bar is not None:
            bar.empty()
        found, result, frame = _empty()
        return Observed(found, result, frame, industries, n_total=int(selected.sum()))
    found = _combine(parts, industries)
    result = _compared(key, tuple(industries), SCALE_M, METHOD, found, prep, points)
    if bar is not None:
        bar.empty()
    seconds = time.perf_counter() - t0
    frame = found.copy()
    for c in ("inside", "nearest_area_id", "nearest_area_name_zh", "nearest_area_name_en",
              "distance_m"):
        frame[c] = result.concentrations[c].to_numpy()
    return Observed(found, result, frame, industries, n_total=int(selected.sum()),
                    n_coarse=int(coarse.sum()), n_unknown=int(unknown.sum()),
                    seconds=seconds if due else 0.0)


def _empty() -> tuple[gpd.GeoDataFrame, PlanVsReality, gpd.GeoDataFrame]:
    """No run: an empty frame with the concentration columns, an empty comparison."""
    found = gpd.GeoDataFrame(pd.DataFrame(columns=list(COLUMNS)),
                             geometry=gpd.GeoSeries([], crs=settings.CRS_STORAGE),
                             crs=settings.CRS_STORAGE)
    found.attrs = {"runs": [], "industries": []}
    result = PlanVsReality(industries=pd.DataFrame(), concentrations=pd.DataFrame(),
                           area_focus=pd.DataFrame())
    return found, result, found.copy()


def _left_out_lines(obs: Observed, lang: str, *, is_sample: bool, points: pd.DataFrame
                    ) -> None:
    """How many firms were used and left out (a coarse error bound), said plainly;
    when most were left out, why the map shows (almost) nothing."""
    scale = f"{SCALE_M:,.0f}"
    used = obs.n_total - obs.n_coarse
    if obs.n_coarse:
        text = tr("left_out", lang).format(n=f"{obs.n_coarse:,}", scale=scale,
                                           total=f"{obs.n_total:,}", used=f"{used:,}")
    else:
        text = tr("none_left_out", lang).format(total=f"{obs.n_total:,}", scale=scale)
    if obs.n_unknown:
        text += " " + tr("unknown_kept", lang).format(n=f"{obs.n_unknown:,}")
    st.info(text)
    if obs.n_total and obs.n_coarse > 0.5 * obs.n_total:
        if is_sample and "precision_m" in points:
            median = float(pd.to_numeric(points["precision_m"], errors="coerce").median())
            st.warning(tr("mostly_left_out_sample", lang).format(
                median=f"{median / 1000:,.0f}", scale=scale))
        else:
            st.warning(tr("mostly_left_out", lang).format(used=f"{used:,}"))


def _sheets(obs: Observed, lang: str) -> dict[str, pd.DataFrame]:
    """The report's sheets (``exports.concentration_report``), the plan sheet with the
    firms each run left out for a coarse error bound."""
    sheets = cr.report_sheets(obs.concentrations, obs.result, lang)
    plan = sheets[cr.label("sheet_plan", lang)]
    runs = obs.concentrations.attrs.get("runs", [])
    if len(runs) == len(plan):
        plan.insert(3, cr.label("n_excluded_precision", lang),
                    [int(r["n_excluded_precision"]) for r in runs])
    return sheets


#: Report columns not shown on the page (ids and coordinates stay in the downloads),
#: and those shown first (the plan's columns before the descriptive ones).
_HIDDEN = ("industry", "top_industry", "top_industry_name", "top_industry_share",
           "dominant_industries", "nearest_area_id", "centre_lon", "centre_lat",
           "area_id", "concentrations_inside")
_FIRST = ("concentration_id", "industry_name", "name", "firms", "area_km2",
          "density_per_km2", "lq", "inside", "distance_m", "nearest_area_name")
_FIRST_AREAS = ("area_name", "kind", "grade", "industry_name", "firms")
_PERCENT = ("share_in_focus_areas", "overlap_share")


def _table(frame: pd.DataFrame, lang: str, key: str, first=_FIRST) -> None:
    """A localised report sheet on the page: ids hidden, the columns ``first`` first
    (the plan's before the descriptive ones), shares as percentages."""
    hidden = {cr.label(c, lang) for c in _HIDDEN}
    first = [cr.label(c, lang) for c in first]
    cols = [c for c in frame.columns if c not in hidden]
    cols = [c for c in first if c in cols] + [c for c in cols if c not in first]
    st.dataframe(frame[cols], hide_index=True, width="stretch", key=key, column_config={
        cr.label(c, lang): st.column_config.NumberColumn(format="percent")
        for c in _PERCENT})


def show(obs: Observed, *, lang: str, is_sample: bool, points: pd.DataFrame,
         terms: list[str], source: str | None) -> None:
    """The mode's part below the map: which runs, the firms left out, what was found,
    the plan-vs-reality tables (per industry, per concentration, focus areas without
    one) and their CSV/XLSX downloads."""
    st.subheader(tr("header", lang))
    scale = f"{SCALE_M:,.0f}"
    if obs.pending:
        k = len(obs.pending)
        seconds = max(1, round(k * 1.5 * len(points) / 1e6))
        st.info(tr("large", lang).format(n=f"{len(points):,}", k=k, s=seconds))
        if st.button(tr("large_button", lang).format(k=k), key="obs_all"):
            st.session_state["_observed_all"] = point_set_key(is_sample)
            st.rerun()
        return
    if terms:
        st.caption(tr("runs_some", lang).format(names=_names(obs.industries, lang)))
    else:
        st.caption(tr("runs_all", lang).format(n=len(obs.industries)))
    st.caption(tr("method", lang).format(scale=scale, ratio=DEFAULT_DENSITY_RATIO))
    _left_out_lines(obs, lang, is_sample=is_sample, points=points)
    if not obs.industries:
        return
    n = len(obs.concentrations)
    if n:
        outside = int((~obs.result.concentrations["inside"].astype(bool)).sum())
        st.markdown(tr("found", lang).format(n=n, outside=outside))
    else:
        st.info(tr("none_found", lang))
    if obs.seconds:
        st.caption(tr("computed", lang).format(s=obs.seconds))

    sheets = _sheets(obs, lang)
    st.markdown(f"**{tr('h_plan', lang)}**")
    _table(sheets[cr.label("sheet_plan", lang)], lang, "obs_plan")
    if n:
        st.markdown(f"**{tr('h_concentrations', lang)}**")
        _table(sheets[cr.label("sheet_concentrations", lang)], lang, "obs_concentrations")
    st.markdown(f"**{tr('h_unmatched', lang)}**")
    unmatched = sheets[cr.label("sheet_unmatched", lang)]
    if len(unmatched):
        _table(unmatched, lang, "obs_unmatched", first=_FIRST_AREAS)
    else:
        st.caption(tr("no_unmatched", lang))

    tax = load_taxonomy()
    metadata = cr.report_metadata(
        obs.concentrations, lang, source=source or tr("sample_name", lang),
        terms=[tax.name(x, lang) for x in terms])
    main = sheets[cr.label("sheet_concentrations", lang)]
    c1, c2 = st.columns(2)
    # the files are made when asked for (deferred), and a download does not rerun
    c1.download_button(t("download_csv", lang),
                       lambda: rt.report_csv(main, metadata=metadata),
                       file_name="concentrations_vs_plan.csv", mime="text/csv",
                       key="obs_csv", on_click="ignore", help=tr("csv_help", lang))
    c2.download_button(t("download_xlsx", lang),
                       lambda: rt.report_xlsx(sheets, lang=lang, metadata=metadata),
                       file_name="concentrations_vs_plan.xlsx",
                       mime="application/vnd.openxmlformats-officedocument."
                            "spreadsheetml.sheet", key="obs_xlsx", on_click="ignore",
                       help=tr("xlsx_help", lang))
