"""Build every popup/tooltip HTML fragment, escaping every text field.

folium inserts tooltip and popup text into the page as raw HTML, so a name like
``<script>`` would run. Nothing outside this module writes HTML for the map.
"""

from __future__ import annotations

import html
import math


def esc(value) -> str:
    """Escape any value for HTML; ``None``/NaN become an empty string.

    Besides ``& < > " '`` this also encodes backtick and ``$`` as entities: folium
    places popup HTML inside a JavaScript template literal, where `` ` `` or ``${``
    would end it.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


def table(rows: list[tuple[str, object]], *, title: str | None = None) -> str:
    """A small two-column HTML table; labels and values are both escaped."""
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:8px'>{esc(k)}</th>"
        f"<td>{esc(v)}</td></tr>"
        for k, v in rows
    )
    head = f"<b>{esc(title)}</b>" if title else ""
    return f"<div style='font-size:12px;max-width:340px'>{head}<table>{body}</table></div>"
