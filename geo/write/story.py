"""A story as pages: one PDF page or one PNG per step (``geo export --story``).

One browser page is opened, in the report layout, and stepped through with the page's own
``geoStoryGo(n)`` (story.js): each step sets its day through the date control, shows its layers,
fits its view and writes its title, caption and sources into the layout, which is then printed or
shot. The PDF's pages are printed one by one (Chromium prints what the page shows) and joined.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from geo.errors import GeoError
from geo.story import StoryStep
from geo.write.atomic import write_atomic
from geo.write.browser import SETTLED_JS, open_report
from geo.write.image import Page, _check_size, _on_paper, _paper_viewport, _render


def _go(shown, step: StoryStep) -> None:
    """The page at ``step``, laid out and drawn; GeoError if the page did not reach the step's day."""
    shown.evaluate("n => { window.geoStoryGo(n); }", step.number)
    shown.evaluate(SETTLED_JS)
    day = shown.evaluate("document.querySelector('.folium-map').dataset.geoDate")
    if day != step.date:
        raise GeoError(f"story[{step.number}]: the page shows {day}, not the step's date {step.date}")


def _open(browser, path: Path, viewport: tuple[int, int], scale: float, extra: str, tile_hosts: Sequence[str]):
    shown = open_report(browser, path, viewport, scale=scale, tile_hosts=tile_hosts, extra_class=extra)
    if not shown.evaluate("typeof window.geoStoryGo === 'function'"):
        shown.context.close()
        raise GeoError("this map tells no story: its scenario has no [[story]] steps")
    return shown


def story_pdf_bytes(page: Page, steps: Sequence[StoryStep], *, paper: str = "A4", landscape: bool = True,
                    tile_hosts: Sequence[str] = ()) -> bytes:
    """One PDF page per step of ``paper``: the step's title, day, caption and sources over the map at
    its view, with the legend and the footer of every export."""
    from pypdf import PdfReader, PdfWriter

    paper_size, viewport = _paper_viewport(paper, landscape)

    def shoot(browser, path: Path) -> list[bytes]:
        shown = _open(browser, path, viewport, 1, "geo-paper", tile_hosts)
        try:
            _on_paper(shown, *paper_size)
            pages = []
            for step in steps:
                _go(shown, step)
                pages.append(shown.pdf(print_background=True, prefer_css_page_size=True))
            return pages
        finally:
            shown.context.close()

    writer = PdfWriter()
    for data in _render(page, shoot):
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_story_pdf(path: str | Path, page: Page, steps: Sequence[StoryStep], **options) -> Path:
    """``story_pdf_bytes`` written atomically to ``path``."""
    return write_atomic(path, story_pdf_bytes(page, steps, **options))


def story_png_name(step: StoryStep) -> str:
    """01-the-december-push.png: numbered so that the files sort in the story's order."""
    return f"{step.number:02d}-{step.slug}.png"


def write_story_pngs(folder: str | Path, page: Page, steps: Sequence[StoryStep], *, size: Sequence[int] = (1600, 1000),
                     scale: float = 2, tile_hosts: Sequence[str] = ()) -> list[Path]:
    """One PNG per step in ``folder`` (made if missing), ``size`` CSS pixels × ``scale``, named by
    ``story_png_name``."""
    width, height = _check_size(size, scale)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise GeoError(f"{folder}: expected a folder for the story's PNGs, found a file")

    def shoot(browser, path: Path) -> list[bytes]:
        shown = _open(browser, path, (width, height), scale, "", tile_hosts)
        try:
            images = []
            for step in steps:
                _go(shown, step)
                images.append(shown.screenshot(type="png", full_page=False, animations="disabled"))
            return images
        finally:
            shown.context.close()

    images = _render(page, shoot)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_atomic(folder / story_png_name(step), data) for step, data in zip(steps, images)]
