"""Headless Chromium for exports: Debian's /usr/bin/chromium, driven by Playwright, offline.

The page is the same self-contained HTML as `geo build` writes, opened from a temporary file://
URL with every other request aborted (tiles too, unless they were asked for), switched to the
report layout (see geo/render/report.py) on the chosen date and view (compared with another day:
``since``, as the page's "compare with" shows it).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from geo.errors import GeoError

CHROMIUM = Path(os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--font-render-hinting=none", "--hide-scrollbars"]
INSTALL_HINT = ("install Debian's chromium: sudo apt-get install chromium, or run make test "
                "(set GEO_CHROMIUM to use another Chromium)")
LOAD_TIMEOUT_MS = 30_000
# Resolves once the fonts are loaded and the layout has been painted twice (the map redrawn in it).
# Fonts loaded, the labels laid out for the view (labels.js), and two frames drawn.
SETTLED_JS = """() => document.fonts.ready.then(() => new Promise(done => {
  const wait = () => { const map = document.querySelector('.folium-map');
    if (map && map.dataset.geoLabelsPending) { setTimeout(wait, 10); return; }
    requestAnimationFrame(() => requestAnimationFrame(done)); };
  wait(); }))"""


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def require_chromium() -> None:
    """GeoError, saying how to install them, when Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        raise GeoError(f"exporting images needs Chromium, and {CHROMIUM} is missing: {INSTALL_HINT}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise GeoError("exporting images needs the playwright Python package: pip install playwright "
                       f"(no browser download: geo drives {CHROMIUM})") from None


@contextmanager
def chromium() -> Iterator[object]:
    """A launched headless Chromium (Playwright Browser), closed on exit; GeoError if it cannot start.

    Playwright's sync API: use it from a thread without a running asyncio loop.
    """
    require_chromium()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise GeoError(f"Chromium ({CHROMIUM}) did not start: {_first_line(exc)}; {INSTALL_HINT}") from None
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def page_file(html: str) -> Iterator[Path]:
    """The page written to a temporary folder for the time of the export."""
    with tempfile.TemporaryDirectory(prefix="geo-export-") as folder:
        path = Path(folder) / "map.html"
        path.write_text(html, encoding="utf-8")
        yield path


def open_report(browser, html_path: Path, viewport: tuple[int, int], *, scale: float = 1,
                day: str | None = None, bounds: Sequence[float] | None = None,
                tile_hosts: Sequence[str] = (), extra_class: str = "", since: str | None = None):
    """A page showing the map in its report layout; GeoError on any script error in the page.

    Only file: and data: URLs load, and the ``tile_hosts`` (URL prefixes) of the tiles shown.
    """
    tiles = bool(tile_hosts)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  device_scale_factor=scale, locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    errors: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:")) or (tiles and url.startswith(tuple(tile_hosts))):
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error"
            and not msg.text.startswith("Failed to load resource") else None)
    hash_ = "&".join(f"{key}={value}" for key, value in (("date", day), ("compare", since)) if value)
    page.goto(html_path.resolve().as_uri() + (f"#{hash_}" if hash_ else ""), wait_until="load")
    page.wait_for_function("typeof window.geoReport === 'function'")
    if day:
        shown = page.evaluate("(document.querySelector('.folium-map') || {dataset: {}}).dataset.geoDate")
        if shown != day:
            context.close()
            raise GeoError(f"date {day} is outside the map's date range" if shown else
                           "this map has no date control, so a date cannot be chosen")
    if since:
        if page.evaluate("(document.querySelector('.folium-map') || {dataset: {}}).dataset.geoCompare") != since:
            context.close()
            raise GeoError(f"this map cannot compare with {since}: it has no areas of control on a date bar, "
                           "or the day is outside its dates")
        page.wait_for_selector(".geo-legend .geo-compare-section", state="attached")  # the legend's entry
    page.evaluate("([bounds, extra]) => window.geoReport(true, bounds, extra)",
                  [list(bounds) if bounds else None, extra_class])
    if tiles:
        try:
            page.wait_for_load_state("networkidle", timeout=15_000)
        except Exception:  # offline: the map is drawn without tiles
            pass
    page.evaluate(SETTLED_JS)
    if errors:
        context.close()
        raise GeoError(f"the map page reported an error while exporting: {errors[0]}")
    return page
