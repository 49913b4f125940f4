"""Run the app with `streamlit run` on localhost and drive it with Debian's chromium
through Playwright: used by tests/test_browser.py and benchmarks/run.py."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Headless, and no background traffic (the app must work with no internet).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
MAP_IFRAME = "iframe[title*='streamlit_folium']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """The server's URL, carrying the server's process id and the path of its log."""

    def __new__(cls, url: str, *, pid: int, log: Path | None = None):
        obj = super().__new__(cls, url)
        obj.pid, obj.log = pid, log
        return obj


@contextmanager
def streamlit_server(timeout_s: float = 60, *, env: dict[str, str] | None = None):
    """Start ``streamlit run app.py`` on a free localhost port; yield its URL (a str
    whose ``pid`` is the server's process id). ``env``: extra environment variables
    (e.g. Streamlit settings as ``STREAMLIT_SERVER_…``). Polls the health endpoint (no
    fixed sleep); raises RuntimeError with the server's output when it does not come
    up."""
    import os

    port = free_port()
    # the server's output goes to a file, not a pipe: a pipe nobody reads fills up
    # and blocks the server; the file shows the traceback behind a redacted error
    log_path = ROOT / "tests" / "artifacts" / f"streamlit-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         # a test server does not reload code edited while it runs
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    proc.kill()
                    proc.wait()
                    raise RuntimeError("streamlit did not start:\n" + log_path.read_text(
                        encoding="utf-8", errors="replace")) from None
                time.sleep(0.2)
        yield ServerURL(url, pid=proc.pid, log=log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def chromium_page(width: int = 1400, height: int = 900):
    """A Playwright page in headless Debian chromium; console errors collected in
    ``page.console_errors``."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.console_errors = []
        watch_runs(page)
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        try:
            yield page
        finally:
            browser.close()


def wait_map_drawn(page, timeout_ms: int = 60_000):
    """Wait until the folium iframe exists and Leaflet has drawn its vector canvas;
    return the frame locator."""
    page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms)
    wait_app_idle(page, timeout_ms)  # a rerun may hold the old and the new map a moment
    frame = page.frame_locator(MAP_IFRAME).first
    # prefer_canvas: vector layers are drawn on one canvas in the overlay pane
    frame.locator(".leaflet-overlay-pane canvas").first.wait_for(timeout=timeout_ms)
    return frame


_MAPS_JS = f"""() => [...document.querySelectorAll({MAP_IFRAME!r})].map(f => {{
    try {{
        const w = f.contentWindow;
        const m = w.L && Object.values(w).find(v => v instanceof w.L.Map);
        return m ? {{map: m, drawn: !!f.contentDocument.querySelector(
            '.leaflet-overlay-pane canvas'), shown: f.getBoundingClientRect().height > 0}}
            : null;
    }} catch (e) {{ return null; }}
}}).filter(x => x)"""


def mark_maps(page) -> None:
    """Tag the Leaflet maps on the page and every layer on them now, so that
    :func:`wait_map_redrawn` can tell what is drawn later (a new map, or new overlays
    swapped into the same map) from them."""
    page.evaluate(f"() => ({_MAPS_JS})().forEach(x => {{ x.map.__seen = true;"
                  " x.map.eachLayer(l => { l.__seen = true; }); })")


def wait_map_redrawn(page, timeout_ms: int = 60_000) -> None:
    """Wait until a shown map holds a layer (or is a map) not tagged by
    :func:`mark_maps`, with its vector canvas drawn: the map itself was redrawn, not
    only a caption."""
    page.wait_for_function(
        f"() => ({_MAPS_JS})().some(x => x.drawn && x.shown && (!x.map.__seen || "
        "(() => { let fresh = false; x.map.eachLayer(l => { if (!l.__seen && "
        "(l.feature || l.getLatLng)) fresh = true; }); return fresh; })()))",
        timeout=timeout_ms)


#: Frames larger than this (bytes) are not decoded by :class:`RunWatch`: element
#: deltas, never a run's start (``new_session``, a few kB) or end.
LIFECYCLE_MAX_BYTES = 1 << 20


class RunWatch:
    """The script runs of one page, read from its websocket as they happen: the
    browser's requests for a run (``BackMsg.rerun_script``: a widget changed, a page
    chosen, the map reporting its view) and the server's starts (``new_session``) and
    ends (``script_finished``) of runs. Streamlit's own running indicator is not drawn
    with ``client.toolbarMode = "minimal"``, and a dimmed (stale) element is not shown
    for a short run, so neither tells a test that a run is going on; the stream does.

    Counts are event numbers in arrival order; Playwright delivers the frames to the
    handlers while a Playwright call waits (:func:`wait_app_idle` pumps them)."""

    def __init__(self) -> None:
        self.events = 0
        self.asked = 0      # event number of the browser's last request for a run
        self.started = 0    # … of the server's last start of a run
        self.finished = 0   # … of the server's last end of a run
        self.requests = 0   # requests for a run sent so far
        self.last = time.monotonic()  # when the last of these was seen

    def _seen(self) -> int:
        self.events += 1
        self.last = time.monotonic()
        return self.events

    def sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, str):
            return
        msg = BackMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "rerun_script":
                self.asked = self._seen()
                self.requests += 1

    def received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        # a run's start and end are small messages; a map's delta (≈ 2 MB) is not parsed
        if isinstance(payload, str) or len(payload) > LIFECYCLE_MAX_BYTES:
            return
        msg = ForwardMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(payload)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.started = self._seen()
            elif kind == "script_finished":
                self.finished = self._seen()

    def idle(self) -> bool:
        """No run asked for and not yet started, none started and not yet ended."""
        return self.started >= self.asked and self.finished >= self.started


def watch_runs(page) -> RunWatch:
    """Follow the script runs of ``page`` (call before it opens the app); kept as
    ``page.run_watch`` for :func:`wait_app_idle` and :func:`goto_app_page`."""
    watch = RunWatch()

    def on_websocket(ws) -> None:
        if "/_stcore/stream" in ws.url:
            ws.on("framesent", watch.sent)
            ws.on("framereceived", watch.received)

    page.on("websocket", on_websocket)
    page.run_watch = watch
    return watch


#: How long (s) the run stream must stay quiet before the app counts as idle: a run that
#: asks for another as it ends (a callback, the map reporting its view) asks within it.
#: (A click's own request is seen before Playwright's click returns: measured 5–120 ms
#: before, on page links and check boxes.)
QUIET_S = 0.05


def wait_app_idle(page, timeout_ms: int = 180_000) -> None:
    """Wait until the Streamlit script has finished its run and no other is asked for:
    with :func:`watch_runs`, every run the browser asked for has started and ended and
    the stream has been quiet for ``QUIET_S``; and no element is still marked stale
    (Streamlit dims stale elements, so a screenshot taken earlier shows a faded page).
    Without a watch, only the running indicator and stale elements are looked at.
    ``timeout_ms`` is a ceiling for the slowest run (a print-ready export on a loaded
    CI machine), not an expected time."""
    stale = "!document.querySelector(\"[data-stale='true']\")"
    watch = getattr(page, "run_watch", None)
    if watch is None:
        page.wait_for_function(
            "() => !document.querySelector(\"[data-testid^='stStatusWidgetRunning']\")"
            f" && {stale}", timeout=timeout_ms)
        return
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        page.wait_for_timeout(25)  # Playwright hands over the frames while it waits
        now = time.monotonic()
        if watch.idle() and now - watch.last >= QUIET_S and page.evaluate(
                f"() => {stale}"):
            return
        if now > deadline:
            raise AssertionError(
                f"the app was still running after {timeout_ms / 1000:.0f} s (runs asked "
                f"at event {watch.asked}, started {watch.started}, ended {watch.finished})")


def wait_popup_shown(frame_locator, timeout_ms: int = 10_000):
    """Wait until a Leaflet popup is open and its fade-in has finished (opacity 1);
    return the locator of its content."""
    popup = frame_locator.locator(".leaflet-popup").first
    popup.wait_for(timeout=timeout_ms)
    popup.evaluate(
        "(el, ms) => new Promise((resolve, reject) => {"
        "  const t0 = performance.now();"
        "  const tick = () => getComputedStyle(el).opacity === '1' ? resolve()"
        "    : performance.now() - t0 > ms ? reject(new Error('popup still fading'))"
        "    : requestAnimationFrame(tick);"
        "  tick(); })", timeout_ms)
    return frame_locator.locator(".leaflet-popup-content").first


def whole_page_screenshot(page, path, *, height: int = 4200) -> None:
    """Screenshot the whole app page. Streamlit scrolls its main block inside the
    window, so ``full_page=True`` only sees the viewport: the window is made ``height``
    px tall for the shot, then restored."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    try:
        wait_app_idle(page)
        page.wait_for_timeout(500)  # let charts and data grids lay out at the new size
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    # back at its size the map reports its view and the page reruns: a download
    # clicked during that run finds its file already replaced (a 404)
    page.wait_for_timeout(300)
    wait_app_idle(page)


def goto_app_page(page, label: str) -> None:
    """Click a page in the sidebar navigation by its label and wait for that page's run
    to finish (an upload given to a page still being drawn can be lost)."""
    link = page.locator("[data-testid='stSidebarNav'] a", has_text=label).first
    if link.get_attribute("aria-current") == "page":  # already there (opened by link)
        return
    watch = getattr(page, "run_watch", None)
    for _ in range(3):
        asked = watch.requests if watch is not None else 0
        link.click()
        if watch is not None:  # the click asks for the page's run: wait until it is asked
            end = time.monotonic() + 2
            while watch.requests == asked and time.monotonic() < end:
                page.wait_for_timeout(25)
        else:
            page.wait_for_timeout(2_000)
        wait_app_idle(page)
        # a click that lands while the map page reruns for its own report (after it is
        # drawn, the map sends its centre and zoom) is sometimes dropped by Streamlit's
        # front end, and the map stays: a user clicks again
        if link.get_attribute("aria-current") == "page":
            return
    raise AssertionError(f"the page {label!r} did not open after three clicks")


def give_file(page, path, *, uploader: int = 0, timeout_ms: int = 15_000) -> None:
    """Give the file at ``path`` to the page's ``uploader``-th file uploader, as a user
    picking it would, and wait until the uploader shows it by name. A file given while
    the page is being redrawn (a select box just changed) is sometimes not taken: the
    uploader keeps what it had, and a user picks the file again — so this does, up to
    three times."""
    from pathlib import Path

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("[data-testid='stFileUploader']").nth(uploader)
    name = Path(path).name.replace("\\", "\\\\").replace('"', '\\"')
    # the chip shows a long name shortened (synthet…gister.csv); its title is whole
    chip = box.locator(f'[data-testid="stFileChipName"][title="{name}"]').first
    for _ in range(3):
        wait_app_idle(page)
        box.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
        with contextlib.suppress(PlaywrightTimeout):
            chip.wait_for(timeout=timeout_ms)
            return
    raise AssertionError(f"the uploader did not take {Path(path).name!r} after three tries")


CAPTION = "[data-testid='stCaptionContainer']"


def choose_industry(page, term: str, timeout_ms: int = 60_000) -> tuple[str, str]:
    """Type ``term`` into the sidebar's industry filter and wait until the map page's
    count caption ("… 创新设施 …") changes; return (caption before, caption after)."""
    caption = page.locator(CAPTION).filter(has_text=" 创新设施").first
    caption.wait_for(timeout=timeout_ms)
    before = caption.inner_text()
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    page.keyboard.type(term)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"(b) => [...document.querySelectorAll({CAPTION!r})]"
        ".some(e => e.innerText.includes('创新设施') && e.innerText !== b)", arg=before,
        timeout=timeout_ms)
    return before, caption.inner_text()
