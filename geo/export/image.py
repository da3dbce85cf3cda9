"""PNG and PDF of the map in its report layout: title, date, legend, scale bar, north arrow, sources."""
from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Callable, Sequence

from geo.errors import GeoError
from geo.export.browser import chromium, open_report, page_file, require_chromium
from geo.export.source import MapSource, map_html
from geo.write import write_atomic

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


def _render(source: MapSource, day: str | None, tiles: str | None,
            shoot: Callable[..., bytes]) -> bytes:
    """Build the page here while Chromium starts in a worker thread (both take seconds), then let
    ``shoot(browser, path, day, online)`` make the bytes there.

    Playwright's sync API refuses to run in a thread with a running asyncio loop (Jupyter, or a
    caller already driving a browser), so it always gets a thread of its own.
    """
    require_chromium()
    handoff: queue.Queue = queue.Queue(maxsize=1)
    result: dict = {}

    def browse() -> None:
        try:
            with chromium() as browser:
                job = handoff.get()
                if job is None:  # building the page failed: nothing to shoot
                    return
                html, page_day, online = job
                with page_file(html) as path:
                    result["bytes"] = shoot(browser, path, page_day, online)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    worker = threading.Thread(target=browse, name="geo-export-chromium", daemon=True)
    worker.start()
    try:
        job = map_html(source, day, tiles)
    except BaseException:
        handoff.put(None)
        worker.join()
        raise
    handoff.put(job)
    worker.join()
    if "error" in result:
        raise result["error"]
    return result["bytes"]


def png_bytes(source: MapSource, *, date: str | None = None, size: Sequence[int] = DEFAULT_SIZE,
              scale: float = 2, bounds: Sequence[float] | None = None, tiles: str | None = "none") -> bytes:
    width, height = _check_size(size, scale)

    def shoot(browser, path: Path, day: str | None, online: bool) -> bytes:
        page = open_report(browser, path, (width, height), scale=scale, day=day, bounds=bounds,
                           tiles=online)
        try:
            return page.screenshot(type="png", full_page=False, animations="disabled")
        finally:
            page.context.close()

    return _render(source, date, tiles, shoot)


def pdf_bytes(source: MapSource, *, date: str | None = None, paper: str = "A4", landscape: bool = True,
              bounds: Sequence[float] | None = None, tiles: str | None = "none") -> bytes:
    width_mm, height_mm = paper_mm(paper, landscape)
    # The page laid out at the paper's size in CSS pixels, so that print layout = screen layout.
    viewport = (int(width_mm / MM_PER_INCH * CSS_PX_PER_INCH), int(height_mm / MM_PER_INCH * CSS_PX_PER_INCH))

    def shoot(browser, path: Path, day: str | None, online: bool) -> bytes:
        page = open_report(browser, path, viewport, day=day, bounds=bounds, tiles=online,
                           extra_class="geo-paper")
        try:
            # The page's own @page rule (A4 landscape, for Ctrl+P) gives way to the paper asked for.
            page.add_style_tag(content=f"@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}")
            page.emulate_media(media="print")
            return page.pdf(print_background=True, prefer_css_page_size=True)
        finally:
            page.context.close()

    return _render(source, date, tiles, shoot)


def to_png(source: MapSource, path: str | Path, *, date: str | None = None,
           size: Sequence[int] = DEFAULT_SIZE, scale: float = 2, bounds: Sequence[float] | None = None,
           tiles: str | None = "none") -> Path:
    """Write the map as a print-ready PNG of ``size`` CSS pixels × ``scale`` (default 3200×2000).

    ``source`` is a scenario (a Scenario or its .toml path) or a map made by geo. The image shows
    the report layout on ``date`` (default: the map's own date), fitted to ``bounds`` (west,
    south, east, north; default: the scenario's view). Offline: no tiles unless ``tiles`` names them.
    """
    return write_atomic(path, png_bytes(source, date=date, size=size, scale=scale, bounds=bounds, tiles=tiles))


def to_pdf(source: MapSource, path: str | Path, *, date: str | None = None, paper: str = "A4",
           landscape: bool = True, bounds: Sequence[float] | None = None,
           tiles: str | None = "none") -> Path:
    """Write the map as a one-page PDF of ``paper`` (A3, A4, A5, Letter, Legal), vector where it can."""
    return write_atomic(path, pdf_bytes(source, date=date, paper=paper, landscape=landscape,
                                        bounds=bounds, tiles=tiles))
