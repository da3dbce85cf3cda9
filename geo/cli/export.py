"""`geo export` (PNG, PDF, GeoPackage, GeoJSON) and `geo embed` (an <iframe> snippet).

geo/cli/__init__.py calls ``add_commands(sub)``; each command's ``run(args)`` returns 0, raises
GeoError for invalid input (exit 1) and geo.cli.args.UsageError for a wrong command line (exit 2).
"""
from __future__ import annotations

import argparse
import functools
import sys
import time
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
from geo.render import to_html
from geo.write import iframe_snippet, image, write_atomic
from geo.write.kml import to_kmz
from geo.write.story import write_story_pdf, write_story_pngs


def _size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
        return int(parts[0]), int(parts[1])
    raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, e.g. 1600x1000, found {text!r}")


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.5 <= value <= 8:
        raise argparse.ArgumentTypeError(f"expected a number from 0.5 to 8, found {text!r}")
    return value


def _done(what: str, path: Path, started: float) -> None:
    size = path.stat().st_size / 1024 if path.is_file() else None
    extra = f", {size:,.0f} KB" if size is not None else ""
    print(f"exported {what} {path} ({time.monotonic() - started:.1f} s{extra})", file=sys.stderr)
    print(path)


def run_export(args: argparse.Namespace) -> int:
    if not (args.png or args.pdf or args.gpkg or args.geojson or args.parquet or args.kmz):
        raise UsageError("say what to write: --png OUT.png, --pdf OUT.pdf, --gpkg OUT.gpkg, --geojson DIR, "
                         "--parquet DIR or --kmz OUT.kmz")
    scenario = inputs_scenario(args.inputs, args)
    if args.date and scenario.time is None and scenario.path is not None:
        raise UsageError(f"{scenario.path.name} has no [time] section, so --date cannot be used")
    if args.story and (args.date or args.bounds or args.gpkg or args.geojson or args.parquet or args.kmz):
        raise UsageError("--story writes the story's steps, each at its own date and view: give it --pdf OUT.pdf "
                         "and/or --png DIR, without --date, --bounds, --gpkg, --geojson, --parquet or --kmz")
    model = api.build_model(scenario, day=args.date, warn=False)  # once, for every output
    # Drawn once, while Chromium starts (the first image asks for it).
    page = functools.cache(lambda: to_html(api.build_map(model, tiles=args.tiles or "none")))
    hosts = tile_providers.allowed_hosts(args.tiles)
    if args.story:
        return _export_story(args, model, page, hosts)
    if args.png:
        started = time.monotonic()
        path = image.write_png(args.png, page, day=model.day, size=args.size, scale=args.scale,
                               bounds=args.bounds, tile_hosts=hosts)
        _done("PNG", path, started)
    if args.pdf:
        started = time.monotonic()
        path = image.write_pdf(args.pdf, page, day=model.day, paper=args.paper, landscape=not args.portrait,
                               bounds=args.bounds, tile_hosts=hosts)
        _done("PDF", path, started)
    if args.gpkg:
        started = time.monotonic()
        _done("GeoPackage", api.to_gpkg(model, args.gpkg), started)
    if args.kmz:
        started = time.monotonic()
        _done("KMZ (Google Earth, with time spans)", to_kmz(model, args.kmz), started)
    if args.geojson:
        started = time.monotonic()
        paths = api.to_geojson(model, args.geojson)
        print(f"exported {len(paths)} GeoJSON files to {args.geojson} "
              f"({time.monotonic() - started:.1f} s)", file=sys.stderr)
        for path in paths:
            print(path)
    if args.parquet:
        started = time.monotonic()
        paths = api.to_parquet(model, args.parquet)
        print(f"exported {len(paths)} GeoParquet files to {args.parquet} "
              f"({time.monotonic() - started:.1f} s)", file=sys.stderr)
        for path in paths:
            print(path)
    return 0


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
        paths = write_story_pngs(args.png, page, model.story, size=args.size, scale=args.scale, tile_hosts=hosts)
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
    tiles = tile_providers.choices()
    export = sub.add_parser(
        "export", help="the map as a print-ready PNG or PDF, or its layers as GeoPackage/GeoJSON",
        description="Write the scenario's map on a date as a print-ready image (title, date, legend, "
                    "scale bar, north arrow, sources), rendered offline in headless Chromium, and/or "
                    "every layer with the columns derived for that date.")
    export.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER",
                        help=f"a scenario .toml, or layer files and folders ({DEFAULT_HELP})")
    export.add_argument("--png", metavar="OUT.png", help="write a PNG image")
    export.add_argument("--pdf", metavar="OUT.pdf", help="write a one-page PDF")
    export.add_argument("--gpkg", metavar="OUT.gpkg", help="write a GeoPackage: one table per layer")
    export.add_argument("--geojson", metavar="DIR", help="write one GeoJSON file per layer into DIR")
    export.add_argument("--parquet", metavar="DIR", help="write one GeoParquet file per layer into DIR")
    export.add_argument("--kmz", metavar="OUT.kmz", help="write a KMZ for Google Earth: every feature and each day's "
                                                        "areas with its TimeSpan, so its time slider plays the situation")
    export.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD",
                        help="the day shown (default: the scenario's default date)")
    export.add_argument("--story", action="store_true",
                        help="the scenario's story, a page per step: --pdf OUT.pdf has one page per step, "
                             "--png DIR one image per step (01-<title>.png...)")
    add_viewpoint(export)
    export.add_argument("--size", type=_size, default=image.DEFAULT_SIZE, metavar="WxH",
                        help="PNG size in CSS pixels (default: %(default)s → ×scale pixels)")
    export.add_argument("--scale", type=_scale, default=2, help="pixels per CSS pixel (default: 2)")
    export.add_argument("--paper", choices=list(image.PAPERS), default="A4", help="PDF paper (default: A4)")
    export.add_argument("--portrait", action="store_true", help="PDF in portrait (default: landscape)")
    export.add_argument("--bounds", type=bounds_arg, metavar="W,S,E,N",
                        help="the view, in degrees (default: the scenario's)")
    export.add_argument("--tiles", choices=tiles, type=str.lower,
                        help="an online base map under the data (default: none, fully offline)")
    add_layer_options(export)
    export.set_defaults(run=run_export)

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
