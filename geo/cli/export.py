"""`geo export` (PNG, PDF, MP4/GIF clips, GeoPackage, GeoJSON, KMZ) and `geo embed` (an <iframe> snippet).

geo/cli/__init__.py calls ``add_commands(sub)``; each command's ``run(args)`` returns 0, raises
GeoError for invalid input (exit 1) and geo.cli.args.UsageError for a wrong command line (exit 2).
"""
from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

from geo import api
from geo import tiles as tile_providers
from geo.cli.args import (
    DEFAULT_HELP,
    UsageError,
    add_layer_options,
    add_viewpoint,
    bounds_arg,
    date_arg,
    inputs_scenario,
)
from geo.errors import GeoError
from geo.model import MapModel
from geo.render import to_html
from geo.render.map import SituationMap
from geo.scenario import Scenario
from geo.write import clip, iframe_snippet, image, write_atomic
from geo.write.kml import to_kmz
from geo.write.story import write_story_pdf, write_story_pngs


def _size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
        return int(parts[0]), int(parts[1])
    raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, e.g. 1600x1000, found {text!r}")


def _number_in(low: float, high: float, what: str):
    """An argparse type: a number from ``low`` to ``high``, else a message saying so."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {what} from {low:g} to {high:g}, found {text!r}")
        return value
    return parse


_scale = _number_in(0.5, 8, "a number")
_fps = _number_in(0.1, 60, "frames per second")


def _done(what: str, path: Path, started: float) -> None:
    size = path.stat().st_size / 1024 if path.is_file() else None
    extra = f", {size:,.0f} KB" if size is not None else ""
    print(f"exported {what} {path} ({time.monotonic() - started:.1f} s{extra})", file=sys.stderr)
    print(path)


def run_export(args: argparse.Namespace) -> int:
    clips = {kind: path for kind, path in (("mp4", args.mp4), ("gif", args.gif)) if path}
    _check_outputs_asked(args, clips)
    scenario = inputs_scenario(args.inputs, args)
    _check_options_fit(args, scenario, clips)
    model = api.build_model(scenario, day=args.date, warn=False)  # once, for every output
    if args.since:
        _check_comparable(args, model)
    # Drawn once, while Chromium starts (the first image asks for it).
    drawn = functools.cache(lambda: api.build_map(model, tiles=args.tiles or "none"))
    page = functools.cache(lambda: to_html(drawn()))
    hosts = tile_providers.allowed_hosts(args.tiles)
    if args.story:
        return _export_story(args, model, page, hosts)
    _export_images(args, model, page, hosts)
    if clips:
        _write_clips(clips, args, model, drawn, page, hosts)
    _export_data(args, model)
    return 0


def _check_outputs_asked(args: argparse.Namespace, clips: dict[str, str]) -> None:
    """UsageError unless some output is asked for, and clip options only with a clip."""
    if not (args.png or args.pdf or args.gpkg or args.geojson or args.parquet or args.kmz or clips):
        raise UsageError("say what to write: --png OUT.png, --pdf OUT.pdf, --mp4 OUT.mp4, --gif OUT.gif, "
                         "--gpkg OUT.gpkg, --geojson DIR, --parquet DIR or --kmz OUT.kmz")
    if not clips:
        given = [option for option, name in (("--from", "from_day"), ("--to", "to_day"), ("--every", "every"),
                                             ("--fps", "fps")) if getattr(args, name) is not None]
        if given:
            raise UsageError(f"{', '.join(given)}: expected with --mp4 OUT.mp4 or --gif OUT.gif (they say what a clip shows)")


def _check_options_fit(args: argparse.Namespace, scenario: Scenario, clips: dict[str, str]) -> None:
    """UsageError for --date on an undated scenario, or --story with what a story sets itself."""
    if args.date and scenario.time is None and scenario.path is not None:
        raise UsageError(f"{scenario.path.name} has no [time] section, so --date cannot be used")
    if args.story and (args.date or args.since or args.bounds or args.gpkg or args.geojson or args.parquet
                       or args.kmz or clips):
        raise UsageError("--story writes the story's steps, each at its own date and view: give it --pdf OUT.pdf "
                         "and/or --png DIR, without --date, --since, --bounds, --mp4, --gif, --gpkg, --geojson, "
                         "--parquet or --kmz")


def _check_comparable(args: argparse.Namespace, model: MapModel) -> None:
    """--since: an image of a model with areas of control, on a day before the one shown."""
    if not (args.png or args.pdf):
        raise UsageError("--since goes with --png or --pdf (the compare view of the map)")
    if model.timeline is None or not model.sides:
        raise UsageError("--since needs areas of control on dates to compare: this input has none")
    model.change(args.since, model.day)  # InputError when outside the dates or after the day shown


def _export_images(args: argparse.Namespace, model: MapModel, page: Callable[[], str], hosts: list[str]) -> None:
    """--png and --pdf: the map's page printed, each as soon as it is written."""
    if args.png:
        started = time.monotonic()
        path = image.write_png(args.png, page, day=model.day, size=args.size or image.DEFAULT_SIZE,
                               scale=args.scale or 2, bounds=args.bounds, tile_hosts=hosts, since=args.since)
        _done("PNG", path, started)
    if args.pdf:
        started = time.monotonic()
        path = image.write_pdf(args.pdf, page, day=model.day, paper=args.paper, landscape=not args.portrait,
                               bounds=args.bounds, tile_hosts=hosts, since=args.since)
        _done("PDF", path, started)


def _export_data(args: argparse.Namespace, model: MapModel) -> None:
    """--gpkg, --kmz, --geojson and --parquet: the layers with the columns derived for the day."""
    if args.gpkg:
        started = time.monotonic()
        _done("GeoPackage", api.to_gpkg(model, args.gpkg), started)
    if args.kmz:
        started = time.monotonic()
        _done("KMZ (Google Earth, with time spans)", to_kmz(model, args.kmz), started)
    for folder, write, what in ((args.geojson, api.to_geojson, "GeoJSON"),
                                (args.parquet, api.to_parquet, "GeoParquet")):
        if folder:
            started = time.monotonic()
            paths = write(model, folder)
            print(f"exported {len(paths)} {what} files to {folder} ({time.monotonic() - started:.1f} s)",
                  file=sys.stderr)
            for path in paths:
                print(path)


def _write_clips(clips: dict[str, str], args: argparse.Namespace, model: MapModel, drawn: Callable[[], SituationMap],
                 page: Callable[[], str], hosts: list[str]) -> None:
    """The map animated from --from to --to, each frame the PNG export's layout on its day."""
    dates = drawn().time_control
    if dates is None:
        raise UsageError("--mp4/--gif: expected a map with dates to animate (a scenario with a [time] section, "
                         "or dated layers), found one without")
    try:
        days = clip.clip_days(dates.config, model.timeline, args.from_day, args.to_day, args.every or "day")
    except GeoError as exc:
        raise UsageError(str(exc)) from None
    stats = clip.write_clips(clips, page, days, fps=args.fps or clip.DEFAULT_FPS, size=args.size or clip.DEFAULT_SIZE,
                             scale=args.scale or clip.DEFAULT_SCALE, bounds=args.bounds, tile_hosts=hosts)
    for kind, path in stats.paths.items():
        print(f"exported {kind.upper()} {path}: {len(days)} frames ({days[0]} – {days[-1]}), "
              f"{stats.pixels[0]}×{stats.pixels[1]} px, {path.stat().st_size / 1024:,.0f} KB", file=sys.stderr)
    print(f"clip: {stats.seconds:.1f} s, {stats.per_frame:.2f} s per frame", file=sys.stderr)
    for path in stats.paths.values():
        print(path)


def _export_story(args: argparse.Namespace, model, page, hosts) -> int:
    """``--story``: a PDF page and/or a PNG per step, stepped through in one browser page each."""
    if not model.story:
        where = model.scenario.path.name if model.scenario and model.scenario.path else "the input"
        raise UsageError(f"{where} has no [[story]] steps (README, 'Stories'), so --story cannot be used")
    if args.pdf:
        started = time.monotonic()
        path = write_story_pdf(args.pdf, page, model.story, paper=args.paper, landscape=not args.portrait,
                               tile_hosts=hosts)
        _done(f"PDF of {len(model.story)} pages, one per step,", path, started)
    if args.png:
        started = time.monotonic()
        paths = write_story_pngs(args.png, page, model.story, size=args.size or image.DEFAULT_SIZE,
                                 scale=args.scale or 2, tile_hosts=hosts)
        print(f"exported {len(paths)} PNG files, one per step, to {args.png} "
              f"({time.monotonic() - started:.1f} s)", file=sys.stderr)
        for path in paths:
            print(path)
    return 0


def run_embed(args: argparse.Namespace) -> int:
    scenario = inputs_scenario(args.inputs, args)
    if args.srcdoc:
        if args.src:
            raise UsageError("give either --src URL or --srcdoc, not both")
        page = to_html(api.build_map(scenario, tiles=args.tiles, day=args.date))
        snippet = iframe_snippet(title=scenario.title, srcdoc=page, width=args.width, height=args.height,
                                 bounds=scenario.bounds)
    else:
        if args.date or args.tiles:
            raise UsageError("--date and --tiles go with --srcdoc (or with geo build, for the page at --src)")
        src = args.src or f"build/{scenario.slug}.html"
        snippet = iframe_snippet(title=scenario.title, src=src, width=args.width, height=args.height,
                                 bounds=scenario.bounds)
    if args.output:
        print(write_atomic(args.output, snippet.encode("utf-8")))
    else:
        sys.stdout.write(snippet)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `geo export` and `geo embed` to the command line's subcommands."""
    _add_export(sub)
    _add_embed(sub)


def _add_export(sub: argparse._SubParsersAction) -> None:
    tiles = tile_providers.choices()
    export = sub.add_parser(
        "export", help="the map as a print-ready PNG or PDF, an MP4/GIF clip of its days, or its layers as GeoPackage/GeoJSON",
        description="Write the scenario's map on a date as a print-ready image (title, date, legend, "
                    "scale bar, north arrow, sources), rendered offline in headless Chromium, and/or "
                    "every layer with the columns derived for that date.")
    export.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER",
                        help=f"a scenario .toml, or layer files and folders ({DEFAULT_HELP})")
    export.add_argument("--png", metavar="OUT.png", help="write a PNG image")
    export.add_argument("--pdf", metavar="OUT.pdf", help="write a one-page PDF")
    export.add_argument("--mp4", metavar="OUT.mp4", help="write an H.264 video of the map from --from to --to")
    export.add_argument("--gif", metavar="OUT.gif", help="write an animated GIF of the map from --from to --to")
    export.add_argument("--gpkg", metavar="OUT.gpkg", help="write a GeoPackage: one table per layer")
    export.add_argument("--geojson", metavar="DIR", help="write one GeoJSON file per layer into DIR")
    export.add_argument("--parquet", metavar="DIR", help="write one GeoParquet file per layer into DIR")
    export.add_argument("--kmz", metavar="OUT.kmz", help="write a KMZ for Google Earth: every feature and each day's "
                                                        "areas with its TimeSpan, so its time slider plays the situation")
    export.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD",
                        help="the day shown (default: the scenario's default date)")
    export.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD",
                        help="with --png/--pdf: compare with this earlier day: the land that changed hands "
                             "since, hatched in the gaining side's colour, with the km² each side gained")
    export.add_argument("--story", action="store_true",
                        help="the scenario's story, a page per step: --pdf OUT.pdf has one page per step, "
                             "--png DIR one image per step (01-<title>.png...)")
    add_viewpoint(export)
    export.add_argument("--from", dest="from_day", type=date_arg, metavar="YYYY-MM-DD",
                        help="a clip's first day (default: the first of the map's range)")
    export.add_argument("--to", dest="to_day", type=date_arg, metavar="YYYY-MM-DD",
                        help="a clip's last day (default: the last of the map's range)")
    export.add_argument("--every", choices=clip.EVERY,
                        help="a clip's frames: every day, or the first and each day on which something changes "
                             "(default: day)")
    export.add_argument("--fps", type=_fps, help=f"a clip's frames per second (default: {clip.DEFAULT_FPS:g})")
    size, clip_size = ("x".join(map(str, s)) for s in (image.DEFAULT_SIZE, clip.DEFAULT_SIZE))
    export.add_argument("--size", type=_size, metavar="WxH",
                        help=f"PNG or clip size in CSS pixels, × scale pixels (default: {size} for a PNG, "
                             f"{clip_size} for a clip)")
    export.add_argument("--scale", type=_scale, help=f"pixels per CSS pixel (default: 2 for a PNG, "
                                                     f"{clip.DEFAULT_SCALE:g} for a clip)")
    export.add_argument("--paper", choices=list(image.PAPERS), default="A4", help="PDF paper (default: A4)")
    export.add_argument("--portrait", action="store_true", help="PDF in portrait (default: landscape)")
    export.add_argument("--bounds", type=bounds_arg, metavar="W,S,E,N",
                        help="the view, in degrees (default: the scenario's)")
    export.add_argument("--tiles", choices=tiles, type=str.lower,
                        help="an online base map under the data (default: none, fully offline)")
    add_layer_options(export)
    export.set_defaults(run=run_export)


def _add_embed(sub: argparse._SubParsersAction) -> None:
    tiles = tile_providers.choices()
    embed = sub.add_parser("embed", help="print an <iframe> snippet that embeds the map in a web page")
    embed.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER",
                       help=f"a scenario .toml, or layer files and folders ({DEFAULT_HELP})")
    embed.add_argument("--src", metavar="URL", help="where the built map is published "
                       "(default: build/<scenario>.html, as geo build writes it)")
    embed.add_argument("--srcdoc", action="store_true",
                       help="inline the whole map page in the iframe (no separate file)")
    embed.add_argument("--width", default="100%", help="CSS width (default: 100%%)")
    embed.add_argument("--height", help="CSS height (default: keep the map's aspect ratio)")
    embed.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD", help="with --srcdoc: the day it opens on")
    add_viewpoint(embed)
    embed.add_argument("--tiles", choices=tiles, type=str.lower, help="with --srcdoc: the base map")
    embed.add_argument("-o", "--output", help="write the snippet to this file instead of printing it")
    add_layer_options(embed)
    embed.set_defaults(run=run_embed)
