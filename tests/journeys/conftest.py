"""User journeys in a real browser: Debian chromium, driven by Playwright, against
`streamlit run app.py` on localhost.

Each journey gets a fresh browser context (a new Streamlit session, as a new user
would have), opens the app in the language under test (``?lang=zh|en``), and ends by
asserting what every journey must: zero console errors and no exception element on
the page. Screenshots land in tests/artifacts/journeys/.
"""

from __future__ import annotations

import contextlib
import os

import pytest

from devtools.live_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    give_file,
    streamlit_server,
    wait_app_idle,
    watch_runs,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "tests" / "artifacts" / "journeys"

if not os.path.exists(CHROMIUM):
    pytest.skip("Debian chromium is not installed (make sysdeps installs it)",
                allow_module_level=True)
pytest.importorskip("playwright.sync_api")


def serve(tmp_path_factory):
    """An app server with its own empty workspace, for a fixture to ``yield from``."""
    try:
        with streamlit_server(env={"SZMAP_DATA_DIR": str(tmp_path_factory.mktemp("ws"))}
                              ) as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One app server for the journeys, with its own empty workspace (per xdist
    worker: `make test` runs the journey files on both cores, one file per worker)."""
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Journey:
    """A user's tab: the Playwright page, the language, the console errors seen."""

    def __init__(self, page, server: str, lang: str):
        self.page, self.server, self.lang = page, server, lang
        self.errors: list[str] = []
        watch_runs(page)
        page.on("console", lambda m: m.type == "error" and self.errors.append(
            f"{m.text} [{m.location.get('url', '')}]"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def text(self, zh: str, en: str) -> str:
        """The UI string the user reads, in the journey's language."""
        return zh if self.lang == "zh" else en

    def open(self, page: str | None = None) -> None:
        """Open the app at its address, in the journey's language (the link carries
        it); ``page`` (a key of ``app_pages.url_state.PAGES``: "placement", "data" …)
        opens that page by its link, ``?page=…``, as a bookmark or a colleague's link
        does (not a deep path: that makes Streamlit's front end probe
        ``/<page>/_stcore/…`` and log 404s). Journeys about moving between pages use
        the sidebar."""
        query = f"lang={self.lang}" + (f"&page={page}" if page else "")
        self.page.goto(f"{self.server}/?{query}")
        self.page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
        self.page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)
        wait_app_idle(self.page)

    def tick_use_as_enterprises(self) -> None:
        """Tick 数据's "use as enterprises" box by its whole label: the page's hint "No
        register saved yet … tick “use as enterprises”" holds the words too, and comes
        first on the page while the box is not drawn yet (a click by the words alone
        landed there)."""
        from core.i18n import t

        self.page.get_by_text(t("use_as_enterprises", self.lang), exact=True).click()

    def upload(self, path, text: str, *, encoding: str = "utf-8") -> None:
        """Write ``text`` to ``path`` and give it to the page's (first) file uploader,
        as a user picking the file would."""
        path.write_text(text, encoding=encoding)
        give_file(self.page, path)

    def shot(self, name: str, *, whole: bool = False) -> None:
        from devtools.live_app import whole_page_screenshot

        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}_{self.lang}.png"
        if whole:
            whole_page_screenshot(self.page, path)
        else:
            wait_app_idle(self.page)
            self.page.screenshot(path=str(path))

    def assert_clean(self) -> None:
        """Zero console errors and no Streamlit exception element on the page."""
        exceptions = self.page.locator("[data-testid='stException']")
        assert exceptions.count() == 0, exceptions.first.inner_text()[:2000]
        assert not self.errors, self.errors


@pytest.fixture(params=["zh", "en"])
def journey(request, browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    j = Journey(page, server, request.param)
    try:
        yield j
        j.assert_clean()
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:  # what the user saw when it failed
            SHOTS.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                page.screenshot(path=str(SHOTS / f"FAILED_{request.node.name}.png"))
            _print_what_was_seen(page, server)
        context.close()


def _print_what_was_seen(page, server) -> None:
    """For the test's report (CI keeps no screenshots): the text of the page's main
    block, the runs the page saw, and the end of the app server's log."""
    with contextlib.suppress(Exception):
        print("--- the page's main block when the journey failed ---")
        print(page.locator("[data-testid='stMain']").first.inner_text(timeout=5_000)[:4000])
    watch = getattr(page, "run_watch", None)
    if watch is not None:
        print(f"--- runs: asked at event {watch.asked}, started {watch.started}, ended "
              f"{watch.finished}; {watch.requests} asked in all ---")
    log = getattr(server, "log", None)
    if log is not None and log.exists():
        print("--- the end of the app server's log ---")
        print("\n".join(log.read_text(encoding="utf-8", errors="replace")
                        .splitlines()[-40:]))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (the journey fixture reads it)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
