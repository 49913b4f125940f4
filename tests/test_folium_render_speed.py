"""The map page renders the same, byte for byte, when branca takes rendered text
without compiling it (maps.folium.render_speed); the time saved is measured in
`make bench` (app section), as a ratio."""

from __future__ import annotations

import itertools

import pytest
from branca.element import Element

from maps.folium import render_speed


def _page(monkeypatch, *, fast: bool, lang: str, observed: bool = False) -> str:
    """The shipped map's whole HTML page, its element ids numbered in order (branca
    draws them at random), with or without the fast path."""
    from maps.folium.compose import MapView, build_map
    from maps.folium.html_export import shipped_layers

    ids = itertools.count()
    monkeypatch.setattr(Element, "_generate_id", classmethod(lambda cls: f"{next(ids):032x}"))
    (render_speed.install if fast else render_speed.uninstall)()
    try:
        return build_map(shipped_layers(), MapView(lang=lang, color_by="sector")).get_root().render()
    finally:
        render_speed.install()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_page_is_the_same_with_and_without_the_fast_path(monkeypatch, lang):
    slow = _page(monkeypatch, fast=False, lang=lang)
    fast = _page(monkeypatch, fast=True, lang=lang)
    assert len(fast) > 100_000  # a whole map: areas, catalogue, popups, legend
    assert fast == slow


def test_text_with_template_syntax_or_carriage_returns_is_still_compiled():
    for text in ("a {{ 1 + 1 }} b", "{% if true %}x{% endif %}", "a {# c #} b", "a\r\nb\n"):
        assert render_speed._template_of(text).render() == \
            render_speed.Template(text).render()
    for text in ("var a = {b: 1};\n", "plain", "", "two\n\n", "{ {x} }"):
        assert isinstance(render_speed._template_of(text), render_speed._Verbatim)
        assert render_speed._template_of(text).render() == \
            render_speed.Template(text).render()
