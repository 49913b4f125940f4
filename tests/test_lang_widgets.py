"""Choice widgets keep their choice when the browser sends the old language's label
(app_pages.lang_widgets), run in Streamlit's AppTest."""

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from app_pages.lang_widgets import option_widget, relabel

    names = {"zh": {"d:ps": "坪山区", "d:ns": "南山区"},
             "en": {"d:ps": "Pingshan", "d:ns": "Nanshan"}}
    lang = st.session_state.setdefault("lang", "zh")
    if st.button("switch"):
        st.session_state["lang"] = "en" if lang == "zh" else "zh"
        relabel()
        st.rerun()
    st.session_state.setdefault("checked", None)
    option_widget(st.selectbox, "search", [None, *names[lang]], key="search",
                  format_func=lambda k: "—" if k is None else names[lang].get(k, k))
    option_widget(st.multiselect, "districts", list(names[lang]), key="many",
                  format_func=lambda k: names[lang].get(k, k))


def _switched_app() -> AppTest:
    """An app whose user chose 坪山区 (and 南山区 in the multiselect) in Chinese, then
    switched to English."""
    at = AppTest.from_function(_app).run()
    at.selectbox(key="search").select("d:ps").run()
    at.multiselect(key="many").select("d:ns").run()
    at.button[0].click().run()
    assert at.session_state["lang"] == "en"
    return at


def _browser_sends(monkeypatch, widget, label) -> None:
    """The browser's next run carries ``label`` (a str, or a list for a multiselect)
    as ``widget``'s value, whether or not it is one of the widget's labels now (AppTest
    itself only sends labels of the current options)."""
    cls = type(widget)
    own = cls._widget_state

    def state(self):
        if self.id != widget.id:
            return own.fget(self)
        ws = WidgetState(id=self.id)
        if isinstance(label, list):
            ws.string_array_value.data[:] = label
        else:
            ws.string_value = label
        return ws

    monkeypatch.setattr(cls, "_widget_state", property(state))


def test_a_choice_survives_the_language_switch():
    at = _switched_app()
    assert at.selectbox(key="search").value == "d:ps"
    assert at.selectbox(key="search").format_func("d:ps") == "Pingshan"
    assert at.multiselect(key="many").value == ["d:ns"]


def test_an_old_language_label_sent_back_by_the_browser_is_mapped_to_its_option(
        monkeypatch):
    """The browser asks for a run before the English labels reach it and sends 坪山区:
    the search stays on d:ps (Streamlit alone would reset it to none)."""
    at = _switched_app()
    _browser_sends(monkeypatch, at.selectbox(key="search"), "坪山区")
    _browser_sends(monkeypatch, at.multiselect(key="many"), ["南山区"])
    at.run()
    assert not at.exception
    assert at.selectbox(key="search").value == "d:ps"
    assert at.multiselect(key="many").value == ["d:ns"]


def test_a_label_never_offered_is_left_to_streamlit(monkeypatch):
    """Text that was never a label of this widget is not guessed at: Streamlit drops
    it (the search falls back to none)."""
    at = _switched_app()
    _browser_sends(monkeypatch, at.selectbox(key="search"), "深汕")
    at.run()
    assert not at.exception
    assert at.selectbox(key="search").value is None
