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
from geo.write.browser import chromium, open_report, page_file, require_chromium

Page = str | Callable[[], str]  # the page's HTML, or what makes it

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


def _render(page: Page, shoot: Callable[[object, Path], bytes]) -> bytes:
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
                    result["bytes"] = shoot(browser, path)
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
    return result["bytes"]


def png_bytes(page: Page, *, day: str | None = None, size: Sequence[int] = DEFAULT_SIZE,
              scale: float = 2, bounds: Sequence[float] | None = None, tile_hosts: Sequence[str] = ()) -> bytes:
    """The page as a PNG of ``size`` CSS pixels × ``scale``, on ``day``, fitted to ``bounds``."""
    width, height = _check_size(size, scale)

    def shoot(browser, path: Path) -> bytes:
        shown = open_report(browser, path, (width, height), scale=scale, day=day, bounds=bounds,
                            tile_hosts=tile_hosts)
        try:
            return shown.screenshot(type="png", full_page=False, animations="disabled")
        finally:
            shown.context.close()

    return _render(page, shoot)


def pdf_bytes(page: Page, *, day: str | None = None, paper: str = "A4", landscape: bool = True,
              bounds: Sequence[float] | None = None, tile_hosts: Sequence[str] = ()) -> bytes:
    """The page as a one-page PDF of ``paper`` (A3, A4, A5, Letter, Legal), vector where it can."""
    width_mm, height_mm = paper_mm(paper, landscape)
    # The page laid out at the paper's size in CSS pixels, so that print layout = screen layout.
    viewport = (int(width_mm / MM_PER_INCH * CSS_PX_PER_INCH), int(height_mm / MM_PER_INCH * CSS_PX_PER_INCH))

    def shoot(browser, path: Path) -> bytes:
        shown = open_report(browser, path, viewport, day=day, bounds=bounds, tile_hosts=tile_hosts,
                            extra_class="geo-paper")
        try:
            # The page's own @page rule (A4 landscape, for Ctrl+P) gives way to the paper asked for.
            shown.add_style_tag(content=f"@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}")
            shown.emulate_media(media="print")
            return shown.pdf(print_background=True, prefer_css_page_size=True)
        finally:
            shown.context.close()

    return _render(page, shoot)


def write_png(path: str | Path, page: Page, **options) -> Path:
    """``png_bytes(page, **options)`` written atomically to ``path``."""
    return write_atomic(path, png_bytes(page, **options))


def write_pdf(path: str | Path, page: Page, **options) -> Path:
    """``pdf_bytes(page, **options)`` written atomically to ``path``."""
    return write_atomic(path, pdf_bytes(page, **options))
