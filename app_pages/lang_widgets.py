"""Choice widgets whose option labels change with the language keep their choice.

Streamlit (≥ 1.45) sends the value of a selectbox, radio or multiselect from the
browser as the chosen option's *label*, and matches it back to an option by the labels
of the run that reads it. Right after the language switch, the browser can ask for one
more run before the new labels have reached it (the map reports its view); that run
carries the old language's label (``坪山区``) and Streamlit, which now knows only
``Pingshan``, hands the page the bare text: the search fell back to the whole city (3
switches in 4 here). :func:`option_widget` maps such a label back to its option before
the widget is made, and remembers which widgets have language-bound labels so the
language switch can have them redrawn (:func:`relabel`).

Use it for every keyed choice widget whose ``format_func`` depends on the language::

    option_widget(st.sidebar.selectbox, t("base_map", lang), choices, key="tiles",
                  format_func=lambda k: t("tiles_" + k, lang))
"""

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import streamlit as st

#: Session-state slot: ``{widget key: {label: option}}``, the labels of every run (all
#: languages) of the widgets made through :func:`option_widget`.
_LABELS = "_lang_widget_labels"


def option_widget(make: Callable[..., Any], label: str, options: Sequence[Any], *,
                  key: str, format_func: Callable[[Any], str] = str, **kwargs: Any) -> Any:
    """Make a choice widget (``st.selectbox``, ``st.radio``, ``st.multiselect`` or a
    container's) after :func:`heal`; returns what ``make`` returns (the chosen option
    or options). ``kwargs`` go to ``make`` unchanged."""
    heal(key, options, format_func)
    return make(label, options, key=key, format_func=format_func, **kwargs)


def heal(key: str, options: Sequence[Any], format_func: Callable[[Any], str]) -> None:
    """Map a label left in ``st.session_state[key]`` by an earlier language back to its
    option, and remember this run's labels. Call it before the widget is made — and
    before any check of the widget's value against its options (a label of the other
    language is not an option and would be thrown away)."""
    seen = st.session_state.setdefault(_LABELS, {}).setdefault(key, {})
    if key in st.session_state:
        value = st.session_state[key]
        healed = _heal(value, options, seen)
        if healed != value:
            st.session_state[key] = healed
    for option in options:
        if isinstance(option, Hashable):
            seen[str(format_func(option))] = option


def relabel() -> None:
    """Set every language-bound widget's value again (call it when the language
    changes): a keyed widget keeps its identity when its labels change, so the browser
    would go on showing the old language's label until the page changes; a value set
    in session state is sent to the browser with the new label."""
    for key in st.session_state.get(_LABELS, {}):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _heal(value: Any, options: Sequence[Any], seen: dict[str, Any]) -> Any:
    """``value`` with any label that is not an option but was a label of one (in an
    earlier run, another language) replaced by that option."""
    if isinstance(value, list):
        return [_heal(v, options, seen) for v in value]
    if value is None or not isinstance(value, str) or _offered(value, options):
        return value
    return seen.get(value, value)


def _offered(value: Any, options: Sequence[Any]) -> bool:
    try:
        return value in options
    except TypeError:  # options that cannot be compared with a str
        return False
