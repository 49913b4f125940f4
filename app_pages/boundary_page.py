"""边界 Boundaries: an area's or 片区's boundary drawn, edited or imported and saved as a
new workspace version, and any older version made active again (issue 20 item 1).

The page only shows and asks; what it does is :mod:`app_pages.boundary_edit`. A save
is based on the version that was active when the user first opened the area here; if
another became active meanwhile, nothing is saved, the user is told (with the
workspace's message naming who and when) and keeps their drawing or file."""

import tempfile
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from app_pages import auth, workspace_state
from app_pages import boundary_edit as be
from app_pages.data_cache import areas, boundary_changed, display_base_layers
from app_pages.lang_widgets import option_widget
from app_pages.uploads import display_name
from core import settings
from core.errors import DataValidationError
from core.i18n import name_col, t
from core.messages import describe_error, md_literal
from data.workspace import WorkspaceError
from exports.check_log import when
from exports.report_tables import version_name
from maps.folium import basemap
from maps.folium.boundary_draw import add_boundary_tools

#: Session keys: the version each area's edit is based on, a counter that gives the
#: map, the uploader and the note fresh widgets after a save, the message to show
#: after the rerun that follows a save, and the last candidate worked out.
BASED_KEY, GEN_KEY, FLASH_KEY, CAND_KEY = "_bp_based_on", "_bp_gen", "_bp_flash", "_bp_cand"

lang = st.session_state.get("lang", "zh")
st.title(t("boundary_page", lang))
st.caption(t("bp.intro", lang))

ws = workspace_state.workspace()
if ws is None:
    st.error(md_literal(t("bp.cannot_open", lang, error=workspace_state.error_text(
        workspace_state.last_error() or t("history.no_workspace", lang), lang))))
    st.stop()

all_areas = areas()
names = dict(zip(all_areas["id"], all_areas[name_col(lang)], strict=True))
kinds = dict(zip(all_areas["id"], all_areas["kind"], strict=True))
area = option_widget(st.selectbox, t("bp.area", lang), list(all_areas["id"]), key="bp_area",
                     format_func=lambda a: ("└ " if kinds[a] == "sub_area" else "") + names[a])
gen = st.session_state.setdefault(GEN_KEY, 0)
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(md_literal(flash))

try:
    versions = ws.list_boundary_versions(area)
    now_active = ws.active_boundary_version(area)
except WorkspaceError as exc:  # a database gone away: said, not a traceback
    st.error(md_literal(t("bp.cannot_open", lang, error=exc.text(lang))))
    st.stop()
info = be.in_force(area, all_areas, versions)
based = st.session_state.setdefault(BASED_KEY, {})
if area not in based:  # the user starts on this area: their edit is based on this
    based[area] = now_active
based_on = based[area]
st.caption(md_literal(t(
    "bp.active", lang, what=version_name(info["label"], lang),
    grade=t("grade_" + info["grade"], lang), m=f"{info['precision_m']:,.0f}",
    source=info["source"] or "—", author=info["author"] or "—",
    time=when(info["created_at"])[:16] + " UTC" if info["created_at"] else "—",
    km2=f"{info['km2']:,.3f}")))
if now_active != based_on:
    st.warning(md_literal(t("bp.moved", lang, what=t(
        "opinion.version_workspace", lang, id=now_active) if now_active is not None
        else t("opinion.version_built", lang))))
    if st.button(t("bp.reload", lang), key="bp_reload"):
        based[area] = now_active
        st.rerun()


def _done(version_id: int, message: str) -> None:
    """A version was saved or made active: every page counts with it from now on."""
    boundary_changed()
    based[area] = version_id
    st.session_state[GEN_KEY] = gen + 1
    st.session_state.pop(CAND_KEY, None)
    st.session_state[FLASH_KEY] = message
    st.rerun()


st.subheader(t("bp.history", lang))
if not len(versions):
    st.caption(t("bp.no_versions", lang))
else:
    st.dataframe(be.versions_table(versions, lang), hide_index=True, width="stretch",
                 key="bp_versions")
    older = [int(v) for v in versions.loc[~versions["active"], "id"]][::-1]
    if older and not auth.current().can("activate_versions"):
        st.caption(t("bp.activate_admin_only", lang))
    elif older:
        c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
        label = {int(r["id"]): t("history.version_label", lang, id=int(r["id"]),
                                 time=when(r["created_at"])[:16], author=r["author"],
                                 km2=f"{r['area_km2']:,.3f}")
                 for _, r in versions.iterrows()}
        chosen = c1.selectbox(t("bp.pick_version", lang), older, key=f"bp_pick_{area}_{gen}",
                              format_func=label.get)
        if c2.button(t("bp.make_active", lang), key="bp_activate"):
            out = be.activate(ws, area, chosen, based_on=based_on, author=auth.author())
            if out.version is not None:
                _done(out.version.id, t("bp.activated", lang, id=out.version.id,
                                        name=names[area]))
            st.error(md_literal(t("bp.conflict" if out.conflict else "bp.failed", lang,
                                  error=out.error.text(lang))))

st.subheader(t("bp.new", lang))
kind = option_widget(st.radio, t("bp.input", lang), ["draw", "file"], horizontal=True,
                     key="bp_input", format_func=lambda k: t("bp.input_" + k, lang))


def _cached(key: tuple, make):
    """The candidate of ``key`` (what was drawn or uploaded, for which polygon in
    force), worked out once: reruns do not check the same boundary again."""
    hit = st.session_state.get(CAND_KEY)
    if hit is None or hit[0] != key:
        hit = (key, make())
        st.session_state[CAND_KEY] = hit
    return hit[1]


candidate = None
if kind == "draw":
    mode = option_widget(st.radio, t("bp.mode", lang), list(be.DRAW_MODES), horizontal=True,
                         key="bp_mode", format_func=lambda k: t("bp.mode_" + k, lang))
    st.caption(t("bp.hint_" + mode, lang))
    m = basemap.new_map()
    add_boundary_tools(m, info["geometry"], mode=mode, lang=lang,
                       label=f"{names[area]} · {version_name(info['label'], lang)}",
                       context=display_base_layers()[1])
    basemap.finish(m)
    drawings = (st_folium(m, height=480, use_container_width=True,
                          returned_objects=["all_drawings"],
                          key=f"bp_map_{area}_{mode}_{gen}") or {}).get("all_drawings")
    if drawings:
        candidate = _cached(
            ("draw", area, mode, info["label"], repr(drawings)),
            lambda: be.from_drawings(drawings, mode=mode, active=info["geometry"],
                                     area_id=area, areas=all_areas,
                                     source=t("bp.drawn", lang)))
    defaults = (t("bp.source_drawn", lang), "digitised", 20.0)
else:
    f1, f2 = st.columns([2, 1])
    # any file: one GDAL cannot read as polygons is refused in the page's language
    upload = f1.file_uploader(t("bp.file", lang), key=f"bp_file_{gen}")
    declared = option_widget(f2.selectbox, t("bp.crs", lang), [None, *settings.INPUT_CRS_CHOICES],
                             key="bp_crs", format_func=lambda k: t("bp.crs_file", lang)
                             if k is None else t("crs_" + k, lang))
    name = display_name(upload.name) if upload is not None else ""

    def _read():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (Path(name).name or "boundary")
            path.write_bytes(upload.getvalue())
            return be.from_file(path, declared_crs=declared, area_id=area,
                                areas=all_areas)

    if upload is not None:
        candidate = _cached(("file", area, upload.file_id, declared, info["label"]), _read)
    defaults = (name, "official", 10.0)

if candidate is None:
    st.info(t("bp.nothing", lang))
elif not candidate.ok:
    st.error(md_literal(t("bp.rejected", lang) + "\n" + describe_error(
        DataValidationError(list(candidate.problems)), lang)))
else:
    st.metric(t("bp.new_km2", lang), f"{candidate.km2:,.3f}",
              delta=f"{candidate.km2 - info['km2']:+,.3f}", delta_color="off")

c1, c2, c3 = st.columns([2, 1, 1])
# keyed by its default too: another file uploaded proposes its own name as the source
source = c1.text_input(t("bp.source", lang), value=defaults[0],
                       key=f"bp_source_{kind}_{gen}_{defaults[0]}")
grades = list(settings.PRECISION_GRADES)
grade = option_widget(c2.selectbox, t("bp.grade", lang), grades, index=grades.index(defaults[1]),
                      key=f"bp_grade_{kind}", format_func=lambda g: t("grade_" + g, lang))
precision = c3.number_input(t("bp.precision", lang), min_value=0.1, value=defaults[2],
                            step=5.0, key=f"bp_precision_{kind}")
note = st.text_area(t("bp.note", lang), key=f"bp_note_{gen}", height=80)
if st.button(t("bp.save", lang), type="primary", key="bp_save",
             disabled=candidate is None or not candidate.ok):
    out = be.save(ws, area, candidate, source=source, grade=grade, precision_m=precision,
                  note=note, based_on=based_on, author=auth.author())
    if out.version is not None:
        v = out.version
        _done(v.id, t("bp.saved", lang, name=names[area], id=v.id, km2=f"{v.area_km2:,.3f}"))
    elif out.problems:
        st.error(md_literal(describe_error(DataValidationError(list(out.problems)), lang)))
    else:
        st.error(md_literal(t("bp.conflict" if out.conflict else "bp.failed", lang,
                              error=out.error.text(lang))))
