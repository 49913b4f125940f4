"""The placement-check log for people: one row per check with its time, user, what was
checked, verdict, reasons, areas and the data and boundary versions it used, headers
and words in the reader's language, the check's id in its own column — what the 核查记录
page shows and downloads (through :mod:`exports.report_tables`: formula-safe CSV and
XLSX with a metadata sheet).

Takes the frame of :meth:`data.workspace.Workspace.list_checks`; needs no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from core.i18n import t
from exports.placement_report import verdict_label

#: The report's columns and the i18n key of each header.
COLUMNS: dict[str, str] = {
    "id": "history.col_id", "time": "history.col_time", "user": "history.col_user",
    "kind": "history.col_kind", "what": "history.col_what",
    "industry": "history.col_industry", "verdict": "history.col_verdict",
    "reasons": "history.col_reasons", "areas": "history.col_areas",
    "boundaries": "history.col_boundaries", "data": "history.col_data",
    "lon": "history.col_lon", "lat": "history.col_lat",
}


def _sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def when(created_at: str) -> str:
    """A record's ``created_at`` (ISO, UTC) as ``YYYY-MM-DD HH:MM:SS``."""
    return str(created_at or "")[:19].replace("T", " ")


def verdict_text(r: Mapping, lang: str) -> str:
    """A point's verdict as the page showed it (near an edge: also the verdict by the
    boundary as drawn); a batch's counts per verdict; a site's km²."""
    kind = r.get("kind")
    if kind == "batch":
        s = r.get("summary") or {}
        counts = (s.get("verdicts") or {})
        parts = [f"{t('verdict_' + v, lang)} {n}" for v, n in counts.items()]
        return t("history.batch_result", lang, n=s.get("rows_checked", sum(counts.values())),
                 counts=("、" if lang == "zh" else ", ").join(parts) or "—")
    if kind == "site":
        km2 = (r.get("summary") or {}).get("site_km2")
        return t("history.site_result", lang, km2="—" if km2 is None else f"{km2:,.3f}")
    v, c = r.get("verdict"), r.get("certainty")
    label = verdict_label(v, c, lang)
    if c == "near_boundary" and isinstance(v, str):
        label += "（" if lang == "zh" else " ("
        label += t("verdict_by_current_boundary", lang).format(verdict=t("verdict_" + v, lang))
        label += "）" if lang == "zh" else ")"
    return label


def what_text(r: Mapping) -> str:
    """What was checked: a point's WGS-84 coordinates, a batch's file or saved
    register, a site's centre."""
    if r.get("kind") == "batch":
        reg = r.get("register_id")
        return str(r.get("file_name") or (f"snapshot {reg}" if reg is not None
                                           and not pd.isna(reg) else ""))
    lon, lat = r.get("lon"), r.get("lat")
    if lon is None or pd.isna(lon):
        return ""
    return f"{lon:.6f}, {lat:.6f}"


def boundaries_text(versions: Mapping[str, str], lang: str,
                    names: Mapping[str, str] | None = None) -> str:
    """The boundary versions a check used, short: every area not drawn from the
    project's own polygons named with its version, then how many were."""
    names = names or {}
    special = [f"{names.get(a, a)}: {v}" for a, v in versions.items() if v != "built"]
    built = sum(1 for v in versions.values() if v == "built")
    parts = special + ([t("history.boundaries_built", lang, n=built)] if built else [])
    return _sep(lang).join(parts)


def data_text(inputs: Mapping) -> str:
    """The data files a check read, each with its short SHA-256 and date."""
    versions = (inputs or {}).get("data_versions") or {}
    return "; ".join(f"{k} {v}" for k, v in versions.items())


def industry_text(industry, lang: str) -> str:
    """An industry id by its name in ``lang`` (a batch's column name, or an unknown
    term, as it is)."""
    if not isinstance(industry, str) or not industry:
        return ""
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    return tax.name(industry, lang) if industry in tax.entries else industry


def log_report(log: pd.DataFrame, *, lang: str, names: Mapping[str, str]) -> pd.DataFrame:
    """The check log ``log`` (``Workspace.list_checks``) as a report, newest first:
    the :data:`COLUMNS` with headers in ``lang``, areas by name (``names``: area id →
    name in ``lang``)."""
    sep = "、" if lang == "zh" else "; "
    rows = []
    for r in log.sort_values("id", ascending=False).to_dict("records"):
        rows.append({
            "id": int(r["id"]), "time": when(r["created_at"]), "user": r["author"],
            "kind": t("history.kind_" + r["kind"], lang), "what": what_text(r),
            "industry": industry_text(r["industry"], lang), "verdict": verdict_text(r, lang),
            "reasons": _sep(lang).join(r["reasons"] or []),
            "areas": sep.join(names.get(a, a) for a in r["area_ids"] or []),
            "boundaries": boundaries_text(r["boundary_versions"] or {}, lang, names),
            "data": data_text(r["inputs"]),
            "lon": r["lon"], "lat": r["lat"]})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.rename(columns={c: t(k, lang) for c, k in COLUMNS.items()})


def check_line(r: Mapping, lang: str) -> str:
    """One line naming a check (a picker's option): id, time, user, what, verdict."""
    parts = [f"#{int(r['id'])}", when(r["created_at"]), str(r["author"]),
             t("history.kind_" + r["kind"], lang), what_text(r), verdict_text(r, lang)]
    return " · ".join(p for p in parts if p)


__all__ = ["COLUMNS", "boundaries_text", "check_line", "data_text", "industry_text",
           "log_report", "verdict_text", "what_text", "when"]
