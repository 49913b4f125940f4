"""Rendering a folium map without compiling its own output as templates.

branca's ``MacroElement.render`` wraps the header, html and script every macro has just
rendered in a new ``branca.element.Element(<rendered text>)``, and ``Element.__init__``
compiles that text as a jinja2 ``Template`` — only to render it once more, unchanged,
since rendered text holds no template syntax. On the app's map that compiling is about a
quarter of a page run (py-spy of the map page: ``jinja2.Template.__new__`` under
``branca.element.Element.__init__``, 25-28 % of the script's samples).

:func:`install` makes ``branca.element`` build such an element's template through
:func:`_template_of`: a text with no jinja2 syntax (``{{``, ``{%``, ``{#``) and no
``\\r`` renders as itself, without the one trailing newline jinja2 drops
(``keep_trailing_newline=False``); any other text is compiled exactly as before. The
rendered page is the same, byte for byte (tests/test_folium_render_speed.py).
"""

from __future__ import annotations

from jinja2 import Template

_SYNTAX = ("{{", "{%", "{#", "\r")


class _Verbatim:
    """A template whose text has no jinja2 syntax: it renders as that text."""

    __slots__ = ("_text",)

    def __init__(self, text: str):
        self._text = text[:-1] if text.endswith("\n") else text

    def render(self, *args, **kwargs) -> str:
        return self._text


def _template_of(source: str):
    """``source`` as branca's ``Template(source)`` would render it."""
    if isinstance(source, str) and not any(s in source for s in _SYNTAX):
        return _Verbatim(source)
    return Template(source)


def install() -> None:
    """Let ``branca.element.Element`` take rendered text without compiling it (idempotent;
    done on importing ``maps.folium``)."""
    import branca.element

    branca.element.Template = _template_of


def uninstall() -> None:
    """Put branca back as it was (for the test comparing both)."""
    import branca.element

    branca.element.Template = Template
