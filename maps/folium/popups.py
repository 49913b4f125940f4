"""Build every popup/tooltip HTML fragment, escaping every text field.

folium inserts tooltip and popup text into the page as raw HTML, so a name like
``<script>`` would run. Nothing outside this module writes HTML for the map.

Provenance text written for the project's own records (file paths, area ids, notes of
the build in brackets) is turned into text for a planner by :func:`for_people` before
it is shown; what it says (grade, error bound, method, sources) is kept.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from core.i18n import t

#: Label cells never wrap (a Chinese label would otherwise break one character per
#: line); value cells wrap between words, and inside a long URL only when they must.
LABEL_CSS = ("text-align:left;vertical-align:top;white-space:nowrap;padding:1px 8px 1px 0;"
             "font-weight:600")
VALUE_CSS = "vertical-align:top;overflow-wrap:anywhere;padding:1px 0"
BOX_CSS = "font-size:12px;min-width:240px;max-width:440px;line-height:1.35"

#: Files of the project that provenance text names, and what a reader knows them as.
_FILES = {
    "geodata/subdistricts.geojson": "src_file_subdistricts",
    "geodata/raw/sz_communities241_partial_osm_wgs84.geojson": "src_file_communities",
    "geodata/shenshan.geojson": "src_file_shenshan",
    "geodata/SOURCES.md": "src_file_sources_md",
}
#: A local file path left in a text (any folder, a known data/text suffix).
_PATH = re.compile(r"(?<![\w/:.])(?:[\w.-]+/)+[\w.-]+\.(?:txt|geojson|json|csv|md|gpkg|"
                   r"zip|toml|xlsx|shp)\b")
#: "(seeds/….txt)" after a plan title: the project's copy of the plan text.
_TEXT_COPY = re.compile(r"\s*\((?:[\w.-]+/)*[\w.-]+\.txt\)\s*")
_BAND = re.compile(r"\s*\[band width fitted: ([\d,.]+) m\]")
_BRACKETED = re.compile(r"\s*\[([^\[\]]+)\]")


def esc(value) -> str:
    """Escape any value for HTML; ``None``/NaN become an empty string.

    Besides ``& < > " '`` this also encodes backtick and ``$`` as entities: folium
    places popup HTML inside a JavaScript template literal, where `` ` `` or ``${``
    would end it.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


def _cell(value) -> str:
    """A value cell's HTML: a list or tuple gives one line per item."""
    if isinstance(value, list | tuple):
        return "".join(f"<div style='margin-bottom:2px'>{esc(v)}</div>" for v in value)
    return esc(value)


def rows_html(rows: Iterable[tuple[str, object]]) -> str:
    """``<table>`` of (label, value) rows; labels on one line, values wrap by words."""
    body = "".join(f"<tr><th style='{LABEL_CSS}'>{esc(k)}</th>"
                   f"<td style='{VALUE_CSS}'>{_cell(v)}</td></tr>" for k, v in rows)
    return f"<table style='border-collapse:collapse;width:100%'>{body}</table>"


def table(rows: list[tuple[str, object]], *, title: str | None = None) -> str:
    """A small two-column HTML table; labels and values are both escaped.

    A value may be a list (one line per item).
    """
    head = f"<div style='font-weight:700;margin-bottom:3px'>{esc(title)}</div>" if title \
        else ""
    return f"<div style='{BOX_CSS}'>{head}{rows_html(rows)}</div>"


def details(summary: str, body_html: str, *, note: str = "", open_: bool = False) -> str:
    """A ``<details>`` block: the escaped ``summary`` (and grey ``note``) as the line
    to click, ``body_html`` (already built by this module) inside."""
    grey = f" <span style='color:#666;font-weight:400'>{esc(note)}</span>" if note else ""
    return (f"<details{' open' if open_ else ''} style='margin:2px 0 4px'>"
            f"<summary style='cursor:pointer;font-weight:700'>{esc(summary)}{grey}</summary>"
            f"<div style='margin:3px 0 0 12px'>{body_html}</div></details>")


def plan_citation(text: str) -> str:
    """A plan reference as a reader cites it: title and section, without the path of
    the project's text copy, e.g. 《深圳市科技创新“十四五”规划》§七(一)."""
    return re.sub(r"\s{2,}", " ", re.sub(r"(?<=》)\s+(?=§)", "",
                                         _TEXT_COPY.sub(" ", str(text)))).strip()


def for_people(text, *, lang: str = "zh", names: Mapping[str, str] | None = None) -> str:
    """Provenance text for a planner: the plan cited by title and section, project file
    paths replaced by what they hold (or dropped), area ids (keys of ``names``)
    replaced by the areas' names, and bracketed build notes written out (the fitted
    band width of a coastal band is kept, as a sentence).

    Nothing is translated: the text keeps its language. ``None``/NaN give "".
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    out = plan_citation(str(text))
    see = t("see", lang)  # "see <file or id>" is written "见…" in Chinese
    for path, key in _FILES.items():
        out = re.sub(r"\bsee " + re.escape(path), lambda _m, k=key: see + t(k, lang), out)
        out = out.replace(path, t(key, lang))
    out = _PATH.sub("", out)
    if names:
        out = _ids_pattern(tuple(names)).sub(
            lambda mt: (see if mt.group(1) else "") + names[mt.group(2)], out)
    out = _BAND.sub(lambda mt: t("note_band_width", lang).format(width=mt.group(1)), out)
    out = _BRACKETED.sub(lambda mt: f" ({mt.group(1)})", out)
    out = re.sub(r"\(\s*[,;:]?\s*\)", "", out)  # a parenthesis emptied of its path
    out = re.sub(r"\s+([,;:.，。；）)])", r"\1", out)
    return re.sub(r"\s{2,}", " ", out).strip()


@lru_cache(maxsize=16)
def _ids_pattern(ids: tuple[str, ...]) -> re.Pattern:
    """Matches any of the area ``ids`` as a whole word, longest first, optionally after
    "see " (built once per set of ids: a map draws hundreds of popups)."""
    alternatives = "|".join(map(re.escape, sorted((i for i in ids if i), key=len,
                                                  reverse=True)))
    return re.compile(r"(?<![A-Za-z0-9_])(see )?(" + alternatives + r")(?![A-Za-z0-9_])")


def source_list(sources, *, lang: str = "zh",
                names: Mapping[str, str] | None = None) -> list[str]:
    """``"a; b; c"`` (or a list) as readable, de-duplicated items (see for_people)."""
    items = sources if isinstance(sources, list | tuple) else str(sources or "").split("; ")
    out = [for_people(s, lang=lang, names=names) for s in items]
    return list(dict.fromkeys(s for s in out if s))


def area_level_ring(n: int, *, color: str, label: str) -> str:
    """The icon of an area-level marker: a white disc with a dashed ring in ``color``
    and the number of points inside (``label``, escaped, as its accessible name); it
    reads apart from the filled dots of located points."""
    return (f"<div role='img' aria-label='{esc(label)}' style='width:30px;height:30px;"
            f"box-sizing:border-box;border-radius:50%;border:2.5px dashed {esc(color)};"
            "background:rgba(255,255,255,.9);color:#222;font:700 12px/25px sans-serif;"
            f"text-align:center'>{int(n)}</div>")


def area_level_popup_html(label: str, body_html: str, *, lang: str = "zh") -> str:
    """The popup of an area-level marker: the escaped ``label`` as its title, the note
    that these points are placed at the area's representative point (not where they
    are), then ``body_html`` (the points, already built by this module)."""
    return (f"<div style='{BOX_CSS}'><div style='font-weight:700;margin-bottom:2px'>"
            f"{esc(label)}</div><div style='color:#555;margin-bottom:4px'>"
            f"{esc(t('area_level_note', lang))}</div></div>"
            f"<div style='max-height:320px;overflow-y:auto'>{body_html}</div>")
