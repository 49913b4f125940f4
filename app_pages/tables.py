"""Tables as the app shows them: localized labels, values as text, and colour scales
that leave empty cells blank.

pandas' ``background_gradient`` paints a missing value black once Streamlit renders the
Styler, and Streamlit shows ``na_rep=""`` as "None"; so values are turned into text here
and the colours are computed from the numbers alongside.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from pandas.io.formats.style import Styler

from core.i18n import name_col, t

#: printf-style display format of each numeric coverage measure: the coverage table's
#: ``NumberColumn`` formats and the comparison table's text both use it.
COVERAGE_FORMATS: dict[str, str] = {
    "area_km2": "%.2f",
    "n_facilities": "%d",
    "n_enterprises": "%d",
    "facilities_per_km2": "%.3f",
    "enterprises_per_km2": "%.3f",
    "share_city_facilities": "%.2f",
    "focus_alignment": "%.2f",
}


def coverage_label(column: str, lang: str) -> str:
    """The column heading the coverage table uses for ``column``, in ``lang``."""
    special = {"kind": "col_kind", "grade": "grade", "area_km2": "area_km2",
               "name_zh": "col_name", "name_en": "col_name"}
    return t(special.get(column, "col_" + column), lang)


def _as_text(value, render=str) -> str:
    """``render(value)``, or "" for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return render(value)


def _printf(fmt: str | None):
    return (lambda v: fmt % v) if fmt else str


def compare_frame(show: pd.DataFrame, ids: list[str], *, lang: str) -> pd.DataFrame:
    """Areas side by side: one row per measure (localized label), one column per area.

    ``show`` is the page's coverage table (an ``id`` column plus measures); the columns
    of the result are the areas' names in ``lang``, in the order of ``ids``; every
    value is text formatted as in the coverage table (areas in km², densities per km²).
    """
    names = name_col(lang)
    rows = show.set_index("id").loc[ids]
    measures = [c for c in rows.columns if c != names]
    out = pd.DataFrame(
        {rows.at[i, names]: [_as_text(rows.at[i, c], _printf(COVERAGE_FORMATS.get(c)))
                                for c in measures] for i in ids},
        index=[coverage_label(c, lang) for c in measures])
    out.index.name = None
    return out


def heat_styler(values: pd.DataFrame, *, fmt: str, cmap: str, vmin: float, vmax: float,
                plain_zero: bool = False) -> Styler:
    """``values`` as text in ``fmt`` on a colour scale from ``vmin`` to ``vmax``.

    Missing cells are empty and uncoloured; with ``plain_zero`` a zero is written but
    not coloured (e.g. a location quotient of 0: no firm of that industry there). Text
    is white on dark cells.
    """
    colours = mpl.colormaps[cmap]
    norm = mpl.colors.Normalize(vmin=vmin, vmax=vmax, clip=True)

    def css(v) -> str:
        if pd.isna(v) or (plain_zero and v == 0):
            return ""
        r, g, b, _ = colours(norm(float(v)))
        ink = "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#000000"
        return f"background-color: {mpl.colors.to_hex((r, g, b))}; color: {ink}"

    numbers = values.apply(pd.to_numeric, errors="coerce")
    text = numbers.map(lambda v: _as_text(v, fmt.format))
    cells = numbers.map(css)
    return text.style.apply(lambda _: cells, axis=None)


def coverage_help(column: str, lang: str) -> str | None:
    """What the coverage table's ``column`` measures, for its header's help tooltip."""
    key = "help_name" if column in ("name_zh", "name_en") else "help_" + column
    text = t(key, lang)
    return None if text == key else text


def bar_chart(frame: pd.DataFrame, *, label: str, values: list[str], lang: str,
              titles: dict[str, str] | None = None, row_px: int = 20):
    """A horizontal (grouped) Altair bar chart of ``values`` per ``label``, in the
    order of ``frame``; every label shown whole (``labelLimit=0``: Vega cuts axis
    labels at 180 px otherwise) and the chart tall enough for each bar.

    ``titles``: column → text for the legend and tooltip (default: the column name).
    """
    import altair as alt

    titles = titles or {}
    long = frame[[label, *values]].melt(id_vars=label, var_name="measure",
                                        value_name="value")
    long["measure"] = long["measure"].map(lambda c: titles.get(c, c))
    order = list(dict.fromkeys(frame[label]))
    y = alt.Y(f"{label}:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=0, labelOverlap=False, labelPadding=6,
                            labelFontSize=12))
    enc = dict(
        y=y, x=alt.X("value:Q", title=t("chart_count", lang)),
        tooltip=[alt.Tooltip(f"{label}:N", title=titles.get(label, label)),
                 alt.Tooltip("measure:N", title=t("chart_measure", lang)),
                 alt.Tooltip("value:Q", title=t("chart_count", lang))])
    if len(values) > 1:
        measures = [titles.get(c, c) for c in values]
        enc["color"] = alt.Color("measure:N", title=None, sort=measures,
                                 legend=alt.Legend(orient="top", labelLimit=0))
        enc["yOffset"] = alt.YOffset("measure:N", sort=measures)
    n_bars = len(order) * len(values)
    return alt.Chart(long).mark_bar().encode(**enc).properties(
        height=max(120, n_bars * row_px + 20),
        padding={"left": 10, "right": 16, "top": 5, "bottom": 5})
