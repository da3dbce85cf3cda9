"""Animated clips of a map (H.264 MP4, GIF): the PNG export's report layout, one frame per day.

One Chromium page is opened in the report layout (title, date, legend, scale bar, north arrow,
sources) and stepped from day to day the way the date control steps it — the URL's ``#date=`` — each
frame shot once the page has settled (labels laid out, two frames painted), decoded and encoded with
PyAV (FFmpeg's libx264 and gif encoders, shipped in the ``av`` wheel). Nothing is drawn twice: the
frames are what ``geo export --png`` draws on each day. The file is written atomically.
"""
from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from geo.derive.timeline import Timeline
from geo.errors import GeoError
from geo.progress import progress
from geo.write.atomic import atomic_path
from geo.write.browser import SETTLED_JS, open_report
from geo.write.image import Page, _check_size, _render

FORMATS = ("mp4", "gif")
EVERY = ("day", "change")
DEFAULT_SIZE = (1280, 720)  # CSS pixels: 720p at scale 1, 1080p at --scale 1.5
DEFAULT_SCALE = 1.0
DEFAULT_FPS = 4.0
MP4_OPTIONS = {"crf": "20", "preset": "veryfast", "tune": "stillimage"}  # sharp text, quick to encode
# Frames are shot as they are painted: no CSS transition is caught half-way.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
# Set the day as the date control's own permalink does (its hashchange listener calls setDay), keeping
# the rest of the hash; resolve with the day the page then shows, once it has settled.
STEP_JS = """async (day) => {
  const map = document.querySelector('.folium-map');
  const hash = new URLSearchParams(location.hash.slice(1));
  hash.set('date', day);
  location.hash = hash.toString();
  for (let i = 0; map.dataset.geoDate !== day && i < 500; i++) { await new Promise(r => setTimeout(r, 2)); }
  await (%s)();
  return map.dataset.geoDate;
}""" % SETTLED_JS


@dataclass
class ClipStats:
    """What was written and how long it took: the days shot, seconds in all and per frame."""

    paths: dict[str, Path]
    days: list[str]
    pixels: tuple[int, int]
    seconds: float = 0.0  # from starting Chromium to the files in place
    shots: list[float] = field(default_factory=list, repr=False)  # per frame: the day set, settled, shot
    timings: list[float] = field(default_factory=list, repr=False)  # per frame: that, decoded and encoded

    @property
    def per_frame(self) -> float:
        return self.seconds / max(len(self.days), 1)


def _av():
    """PyAV (``av`` on PyPI: FFmpeg's libraries in its wheel), imported when a clip is written."""
    try:
        import av
    except ImportError:
        raise GeoError("writing clips needs the av Python package (PyAV, FFmpeg in its wheel): pip install av") from None
    return av


def _days_between(start: str, end: str) -> list[str]:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def clip_days(dates: Mapping, timeline: Timeline | None = None, start: str | None = None, end: str | None = None,
              every: str = "day") -> list[str]:
    """The days a clip shows: every day from ``start`` to ``end`` (``--from``, ``--to``; default: the
    whole range of the date control, whose settings ``dates`` are: ``TimeControl.config``), or
    (``every="change"``) the first of them and then each day on which the map changes — a day the
    timeline derives a new state on (control, a post's status, a feature's start or end), or on which
    an event or unit appears or is gone, as the page shows them (``Timeline.spans``). A map with dates
    but no timeline (dated events alone) changes on the date bar's busy days."""
    if every not in EVERY:
        raise GeoError(f"--every: expected one of {', '.join(EVERY)}, found {every!r}")
    low, high = dates["start"], dates["end"]
    start, end = start or low, end or high
    for name, day in (("--from", start), ("--to", end)):
        if not low <= day <= high:
            raise GeoError(f"{name}: expected a day within the map's range {low} – {high}, found {day}")
    if start > end:
        raise GeoError(f"--from: expected a day on or before --to {end}, found {start}")
    if every == "day":
        return _days_between(start, end)
    if timeline is None:
        changes = {row[0] for row in dates.get("activity", ())}
    else:
        changes = {day.isoformat() for day in timeline.change_days}
        for starts, ends in timeline.spans.values():
            changes.update(day.isoformat() for day in starts if day)
            changes.update((day + dt.timedelta(days=1)).isoformat() for day in ends if day)
    return [start, *sorted(day for day in changes if start < day <= end)]


class _Encoder:
    """One output file: frames in, an encoded clip out (PyAV)."""

    def __init__(self, kind: str, path: Path, pixels: tuple[int, int], fps: float):
        av = _av()

        self.container = av.open(str(path), mode="w", format=kind,
                                 options={"movflags": "+faststart"} if kind == "mp4" else {})
        rate = Fraction(fps).limit_denominator(1000)
        self.stream = self.container.add_stream("libx264" if kind == "mp4" else "gif", rate=rate)
        self.stream.width, self.stream.height = pixels
        self.stream.pix_fmt = "yuv420p" if kind == "mp4" else "pal8"
        self.time_base = self.stream.time_base = 1 / rate  # the stream's changes when the file is started
        if kind == "mp4":
            self.stream.options = dict(MP4_OPTIONS)
        self.rate = rate
        self.palette = None  # GIF: the first frame's palette, for every frame (filter graph)
        self.count = 0

    def _palette_graph(self, first):
        """A GIF's 256 colours, chosen from its first frame (FFmpeg's palettegen) and kept for every
        frame (paletteuse): the legend shows every colour the map will, and a fixed palette leaves the
        days' unchanged pixels unchanged, so each frame stores only what changed."""
        av = _av()

        gen = av.filter.Graph()
        source = gen.add_buffer(width=first.width, height=first.height, format="rgb24", time_base=1 / self.rate)
        palette, sink = gen.add("palettegen", "stats_mode=single:reserve_transparent=0"), gen.add("buffersink")
        source.link_to(palette)
        palette.link_to(sink)
        gen.configure()
        source.push(first)
        source.push(None)
        colours = sink.pull()
        graph = av.filter.Graph()
        frames = graph.add_buffer(width=first.width, height=first.height, format="rgb24", time_base=1 / self.rate)
        fixed = graph.add_buffer(width=colours.width, height=colours.height, format=colours.format.name,
                                 time_base=1 / self.rate)
        use, out = graph.add("paletteuse", "dither=sierra2_4a:diff_mode=rectangle"), graph.add("buffersink")
        frames.link_to(use, 0, 0)
        fixed.link_to(use, 0, 1)
        use.link_to(out)
        graph.configure()
        colours.pts = 0
        fixed.push(colours)
        fixed.push(None)  # paletteuse keeps the last palette for every later frame
        return frames, out

    def add(self, frame) -> None:
        frame.pts = self.count
        frame.pict_type = 0  # a decoded PNG is an I picture: libx264 would make every frame a key frame
        self.count += 1
        if self.stream.codec_context.name == "gif":
            frame = frame.reformat(format="rgb24")
            if self.palette is None:
                self.palette = self._palette_graph(frame)
            source, sink = self.palette
            source.push(frame)
            frame = sink.pull()
            frame.pts = self.count - 1
        frame.time_base = self.time_base
        self.container.mux(self.stream.encode(frame))

    def close(self) -> None:
        self.container.mux(self.stream.encode(None))
        self.container.close()


def _decode_png(data: bytes):
    """A screenshot as a frame. A decoder of its own for each: FFmpeg's PNG decoder, fed a second
    image, draws it over the first (as if it were an animated PNG's next frame)."""
    av = _av()

    return av.CodecContext.create("png", "r").decode(av.Packet(data))[0]


def _even(frame):
    """yuv420p wants even sides: a frame one pixel too wide or high loses its last column or row."""
    av = _av()

    width, height = frame.width - frame.width % 2, frame.height - frame.height % 2
    if (width, height) == (frame.width, frame.height):
        return frame
    return av.VideoFrame.from_ndarray(frame.to_ndarray(format="rgb24")[:height, :width], format="rgb24")


def _check_clip(outputs: Mapping[str, str | Path], days: Sequence[str], fps: float) -> None:
    """GeoError unless the formats are known, there is a day to show and ``fps`` is sensible."""
    unknown = [kind for kind in outputs if kind not in FORMATS]
    if unknown or not outputs:
        raise GeoError(f"clip format: expected {' or '.join(FORMATS)}, found {unknown or 'none'}")
    if not days:
        raise GeoError("days: expected at least one day to show, found none")
    if not 0.1 <= fps <= 60:
        raise GeoError(f"fps: expected a number from 0.1 to 60, found {fps:g}")


def _shot(shown, cdp, day: str):
    """The page stepped to ``day`` and captured: its frame (even sides) and the seconds it took."""
    step = time.monotonic()
    shows = shown.evaluate(STEP_JS, day)
    if shows != day:
        raise GeoError(f"date {day}: the page shows {shows} instead (outside the map's range?)")
    shot = cdp.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})
    took = time.monotonic() - step
    return _even(_decode_png(base64.b64decode(shot["data"]))), took


def write_clips(outputs: Mapping[str, str | Path], page: Page, days: Sequence[str], *, fps: float = DEFAULT_FPS,
                size: Sequence[int] = DEFAULT_SIZE, scale: float = DEFAULT_SCALE,
                bounds: Sequence[float] | None = None, tile_hosts: Sequence[str] = ()) -> ClipStats:
    """Write ``page`` on each of ``days`` as one clip per output (``{"mp4": path, "gif": path}``), every
    frame ``size`` CSS pixels × ``scale``, ``fps`` frames a second; all from one open page."""
    _av()  # installed, before Chromium starts
    _check_clip(outputs, days, fps)
    width, height = _check_size(size, scale)
    started = time.monotonic()

    def shoot(browser, html: Path) -> ClipStats:
        shown = open_report(browser, html, (width, height), scale=scale, day=days[0], bounds=bounds,
                            tile_hosts=tile_hosts)
        try:
            shown.add_style_tag(content=NO_TRANSITIONS)
            cdp = shown.context.new_cdp_session(shown)
            with ExitStack() as stack:  # every output renamed into place once all are written
                tmp = {kind: stack.enter_context(atomic_path(path, suffix=f".part.{kind}"))
                       for kind, path in outputs.items()}
                encoders, stats = {}, None
                try:
                    for day in progress(days, desc="frames", unit="frames"):
                        step = time.monotonic()
                        frame, took = _shot(shown, cdp, day)
                        if not encoders:
                            pixels = (frame.width, frame.height)
                            encoders = {kind: _Encoder(kind, tmp[kind], pixels, fps) for kind in outputs}
                            stats = ClipStats({k: Path(p) for k, p in outputs.items()}, list(days), pixels)
                        if (frame.width, frame.height) != stats.pixels:
                            raise GeoError(f"date {day}: frame of {frame.width}×{frame.height} pixels, "
                                           f"expected {stats.pixels[0]}×{stats.pixels[1]}")
                        for encoder in encoders.values():
                            encoder.add(frame)
                        stats.shots.append(took)
                        stats.timings.append(time.monotonic() - step)
                finally:
                    for encoder in encoders.values():
                        encoder.close()
            stats.seconds = time.monotonic() - started
            return stats
        finally:
            shown.context.close()

    return _render(page, shoot)
