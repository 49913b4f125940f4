"""AppTest smoke tests: the app runs on the shipped data in both languages."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run()


def test_map_page_renders_without_error_in_chinese(app):
    assert not app.exception
    assert app.title[0].value == "深圳创新集群地图"
    assert any("OpenStreetMap" in c.value for c in app.caption)


def test_language_switch_changes_the_title(app):
    app.sidebar.radio(key="lang_choice").set_value("English").run()
    assert not app.exception
    assert app.title[0].value == "Shenzhen Innovation-Cluster Map"


def test_map_page_makes_a_static_map_for_download(app):
    app.selectbox(key="exp_dpi").set_value(150)
    app.button(key="exp_make").click().run(timeout=120)
    assert not app.exception
    assert len(app.get("download_button")) == 1
