"""PNG and PDF of a map page in its report layout: title, date, legend, scale bar, north arrow, sources.

The page is the map's HTML, as rendered; nothing here builds a map. It may be given as a callable
that makes it, so that it is rendered while Chromium starts (both take about a second).
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from geo.errors import GeoError
from geo.write.atomic import write_atomic
from geo.write.browser import SETTLED_JS, chromium, open_report, page_file, require_chromium

Page = str | Callable[[], str]  # the page's HTML, or what makes it
Target = tuple[int, int] | tuple[str, bool]  # a PNG's size in CSS pixels, or (paper, landscape) of a PDF

DEFAULT_SIZE = (1600, 1000)
MAX_PIXELS = 12_000 * 12_000
MM_PER_INCH = 25.4
CSS_PX_PER_INCH = 96
# Paper sizes in mm, portrait (width, height).
PAPERS = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "Letter": (215.9, 279.4),
          "Legal": (215.9, 355.6)}


def _check_size(size: Sequence[int], scale: float) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in size)
    except (TypeError, ValueError):
        raise GeoError(f"size: expected (width, height) in pixels, found {size!r}") from None
    if width < 300 or height < 200:
        raise GeoError(f"size: expected at least 300×200 pixels, found {width}×{height}")
    if not 0.5 <= scale <= 8:
        raise GeoError(f"scale: expected a number from 0.5 to 8, found {scale:g}")
    if width * height * scale * scale > MAX_PIXELS:
        raise GeoError(f"size: {width}×{height} at scale {scale:g} is too large an image")
    return width, height


def paper_mm(paper: str, landscape: bool = True) -> tuple[float, float]:
    """(width, height) in mm of a paper size by name (A3, A4, A5, Letter, Legal)."""
    sizes = {name.lower(): mm for name, mm in PAPERS.items()}
    try:
        width, height = sizes[paper.lower()]
    except KeyError:
        raise GeoError(f"paper: expected one of {', '.join(PAPERS)}, found {paper!r}") from None
    return (height, width) if landscape else (width, height)


def _paper_viewport(paper: str, landscape: bool) -> tuple[tuple[float, float], tuple[int, int]]:
    """The paper's (width, height) in mm, and the viewport in CSS pixels that lays the page out at its size."""
    width_mm, height_mm = paper_mm(paper, landscape)
    return (width_mm, height_mm), (int(width_mm / MM_PER_INCH * CSS_PX_PER_INCH),
                                   int(height_mm / MM_PER_INCH * CSS_PX_PER_INCH))


def _on_paper(shown, width_mm: float, height_mm: float) -> None:
    """The page as printed: its own @page rule (A4 landscape, for Ctrl+P) gives way to the paper asked for."""
    shown.add_style_tag(content=f"@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}")
    shown.emulate_media(media="print")


def _render(page: Page, shoot: Callable[[object, Path], object]) -> object:
    """Start Chromium in a worker thread while ``page`` is made here, then ``shoot(browser, path)``
    there.

    Playwright's sync API refuses to run in a thread with a running asyncio loop (Jupyter, or a
    caller already driving a browser), so it always gets a thread of its own.
    """
    require_chromium()
    handoff: queue.Queue = queue.Queue(maxsize=1)
    result: dict = {}

    def browse() -> None:
        try:
            with chromium() as browser:
                html = handoff.get()
                if html is None:  # making the page failed: nothing to shoot
                    return
                with page_file(html) as path:
                    result["value"] = shoot(browser, path)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    worker = threading.Thread(target=browse, name="geo-export-chromium", daemon=True)
    worker.start()
    try:
        html = page() if callable(page) else page
    except BaseException:
        handoff.put(None)
        worker.join()
        raise
    handoff.put(html)
    worker.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def png_bytes(page: Page, *, day: str | None = None, size: Sequence[int] = DEFAULT_SIZE,
              scale: float = 2, bounds: Sequence[float] | None = None, tile_hosts: Sequence[str] = (),
              since: str | None = None) -> bytes:
    """The page as a PNG of ``size`` CSS pixels × ``scale``, on ``day``, fitted to ``bounds``."""
    width, height = _check_size(size, scale)

    def shoot(browser, path: Path) -> bytes:
        shown = open_report(browser, path, (width, height), scale=scale, day=day, bounds=bounds,
                            tile_hosts=tile_hosts, since=since)
        try:
            return shown.screenshot(type="png", full_page=False, animations="disabled")
        finally:
            shown.context.close()

    return _render(page, shoot)


def pdf_bytes(page: Page, *, day: str | None = None, paper: str = "A4", landscape: bool = True,
              bounds: Sequence[float] | None = None, tile_hosts: Sequence[str] = (),
              since: str | None = None) -> bytes:
    """The page as a one-page PDF of ``paper`` (A3, A4, A5, Letter, Legal), vector where it can."""
    paper_size, viewport = _paper_viewport(paper, landscape)  # print layout = screen layout

    def shoot(browser, path: Path) -> bytes:
        shown = open_report(browser, path, viewport, day=day, bounds=bounds, tile_hosts=tile_hosts,
                            extra_class="geo-paper", since=since)
        try:
            _on_paper(shown, *paper_size)
            return shown.pdf(print_background=True, prefer_css_page_size=True)
        finally:
            shown.context.close()

    return _render(page, shoot)


# Where the report layout put the map and each legend heading and entry (CSS pixels, [left, top, right,
# bottom]), and the part of the page each entry may show in: the page less what its ancestors clip.
LAYOUT_JS = """() => {
  const box = r => [r.left, r.top, r.right, r.bottom];
  function visible(el) {
    let v = [0, 0, innerWidth, innerHeight];
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        const r = a.getBoundingClientRect();
        v = [Math.max(v[0], r.left), Math.max(v[1], r.top), Math.min(v[2], r.right), Math.min(v[3], r.bottom)];
      }
    }
    return v;
  }
  const side = document.querySelector('.geo-report-side'), style = side && getComputedStyle(side);
  return {
    page: [innerWidth, innerHeight], map: box(document.querySelector('.folium-map').getBoundingClientRect()),
    entries: Array.from(document.querySelectorAll('.geo-legend summary, .geo-legend h4, .geo-legend li'), el =>
      ({text: el.textContent.trim(), box: box(el.getBoundingClientRect()), visible: visible(el)})),
    labels: Array.from(document.querySelectorAll('.geo-placed-label'), el => el).filter(el => el.style.display !== 'none')
      .map(el => ({text: el.textContent, own: el.dataset.geoFor || '', box: box(el.getBoundingClientRect())})),
    symbols: Array.from(document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon'), el =>
      Array.from([el, ...el.querySelectorAll('svg, .geo-amp')], part => ({id: el.dataset.geoId || '', box: box(part.getBoundingClientRect())}))).flat()
      .filter(s => s.box[2] > s.box[0] && s.box[3] > s.box[1]),
    legend: style ? {below: document.body.classList.contains('geo-legend-below'),
                     size: style.getPropertyValue('--geo-legend-size').trim(),
                     columns: style.getPropertyValue('--geo-legend-columns').trim()} : null,
  };
}"""


def report_layouts(page: Page, targets: Sequence[Target], *, day: str | None = None,
                   bounds: Sequence[float] | None = None) -> list[dict]:
    """Where the report layout puts the map and the legend's headings and entries, for each target: a
    PNG size (width, height) in CSS pixels, or (paper, landscape) of a PDF, laid out as png_bytes and
    pdf_bytes lay it out, in one browser page. It shows whether every entry fits, measured.

    Each: {"target", "page": [w, h], "map": box, "entries": [{"text", "box", "visible"}], "labels": [{"text",
    "own", "box"}] (the names placed on the map, with the id of the symbol each names), "symbols": [{"id",
    "box"}], "legend"}, boxes
    as [left, top, right, bottom] in CSS pixels; "visible" is the part of the page the entry's ancestors
    do not clip; "legend" the layout chosen (below the map or not, type size, columns).
    """
    shots = []
    for target in targets:
        if isinstance(target[0], str):
            paper_size, viewport = _paper_viewport(target[0], bool(target[1]))
        else:
            paper_size, viewport = None, _check_size(target, 1)
        shots.append((tuple(target), paper_size, viewport))

    def measure(browser, path: Path) -> list[dict]:
        shown, found = None, []
        try:
            for target, paper_size, viewport in shots:
                extra = "geo-paper" if paper_size else ""
                if shown is None:
                    shown = open_report(browser, path, viewport, day=day, bounds=bounds, extra_class=extra)
                else:  # the same page, laid out again at the next size
                    shown.emulate_media(media="screen")
                    shown.set_viewport_size({"width": viewport[0], "height": viewport[1]})
                    shown.evaluate("([bounds, extra]) => { window.geoReport(false); window.geoReport(true, bounds, extra); }",
                                   [list(bounds) if bounds else None, extra])
                    shown.evaluate(SETTLED_JS)
                if paper_size:
                    _on_paper(shown, *paper_size)
                found.append({"target": target, **shown.evaluate(LAYOUT_JS)})
        finally:
            if shown is not None:
                shown.context.close()
        return found

    return _render(page, measure)


def write_png(path: str | Path, page: Page, **options) -> Path:
    """``png_bytes(page, **options)`` written atomically to ``path``."""
    return write_atomic(path, png_bytes(page, **options))


def write_pdf(path: str | Path, page: Page, **options) -> Path:
    """``pdf_bytes(page, **options)`` written atomically to ``path``."""
    return write_atomic(path, pdf_bytes(page, **options))
