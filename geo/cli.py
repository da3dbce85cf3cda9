"""The command line: geo build | validate | info | status. Errors are one line each, never a traceback.

Exit codes: 0 ok, 1 invalid input (every problem listed), 2 usage.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

import geopandas as gpd

from geo.api import build_map, read_files
from geo.errors import GeoError, ValidationError
from geo.read import read_checked
from geo.render import feature_layers, situation_map
from geo.render.map import TILES
from geo.scenario import DEFAULT_SCENARIO, Scenario, load_scenario
from geo.schema import KINDS
from geo.derive import exists_on
from geo.timeline import Timeline, check_control
from geo.values import BadValue, to_date
from geo.write import save_html

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


def _is_scenario(path: str) -> bool:
    return path.lower().endswith(".toml")


def _scenario_or_default(inputs: Sequence[str]) -> Scenario | None:
    if not inputs:
        if not DEFAULT_SCENARIO.exists():
            raise UsageError(f"no input given and no {DEFAULT_SCENARIO} here; "
                             "name a scenario (.toml) or layer files")
        return load_scenario(DEFAULT_SCENARIO)
    if any(_is_scenario(p) for p in inputs):
        if len(inputs) > 1:
            raise UsageError("give either one scenario (.toml) or layer files, not both")
        return load_scenario(inputs[0])
    return None


def cmd_build(args: argparse.Namespace) -> int:
    scenario = _scenario_or_default(args.inputs)
    if scenario is not None:
        m = build_map(scenario, tiles=args.tiles, day=args.date)
        out = Path(args.output or f"build/{scenario.slug}.html")
    else:
        frames = read_files(args.inputs, crs=args.crs)
        if args.date:
            frames = {name: frame[exists_on(frame, args.date)] for name, frame in frames.items()}
        m = situation_map(frames, title=args.title or "", tiles=args.tiles or "openstreetmap")
        out = Path(args.output or "build/map.html")
    save_html(m, out)
    counts = {layer.title: len(layer.frame) for layer in feature_layers(m)}
    size_kb = out.stat().st_size / 1024
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"built {out} ({size_kb:.0f} KB): {summary}", file=sys.stderr)
    print(out)
    return EXIT_OK


def _date_arg(text: str) -> str:
    try:
        return to_date(text) if len(text) == 10 else _bad_date(text)
    except BadValue:
        return _bad_date(text)


def _bad_date(text: str):
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, found {text!r}")


def cmd_status(args: argparse.Namespace) -> int:
    scenario = _scenario_or_default([args.scenario] if args.scenario else [])
    if scenario is None:
        raise UsageError("geo status takes a scenario file (.toml)")
    timeline = Timeline.load(scenario)
    day = args.date or (scenario.time.default if scenario.time else None)
    if day is None:
        raise UsageError(f"{scenario.path.name} has no [time] section: give --date YYYY-MM-DD")
    table = timeline.status_table(day)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.format == "json":
        print(json.dumps({"date": day, "posts": table.to_dict("records")}, ensure_ascii=False, indent=1))
    else:
        counts = table["status"].value_counts()
        print(f"{scenario.title} — posts on {day}: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
        rows = [("post", "status", "since", "km to front", "")] + [
            (r.name, r.status, ("≤" if r.since_or_before else "") + r.since, f"{r.front_km:.1f}" if r.front_km == r.front_km else "—",
             "" if r.certain else "* placed within ±%g km: may be on either side" % r.precision_km)
            for r in table.itertuples()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + ("  " + row[4] if row[4] else ""))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.paths:
        try:
            if _is_scenario(path):
                scenario = load_scenario(path)
                frames, problems = scenario.read_checked()
                control, _, control_problems = check_control(scenario, frames)
                problems += control_problems
                count = sum(len(f) for f in frames.values())
                what = f"{len(frames)} layers, {count} features" + (
                    f", {len(control)} control reports" if control is not None else "")
            else:
                frame, problems = read_checked(path, crs=args.crs)
                what = f"{len(frame)} {frame.attrs['kind']} features"
        except GeoError as exc:
            failed = True
            print(f"geo: error: {exc}", file=sys.stderr)
            continue
        if problems:
            failed = True
            print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{path}: ok ({what})")
    return EXIT_INVALID if failed else EXIT_OK


def _dates(frame: gpd.GeoDataFrame) -> list[str]:
    kind = KINDS[frame.attrs["kind"]]
    dates = [v for f in kind.fields if f.type == "date" for v in frame[f.name] if v]
    dates += [s["date"] for sources in frame["sources"] for s in sources]
    return dates


def cmd_info(args: argparse.Namespace) -> int:
    scenario = _scenario_or_default([args.scenario] if args.scenario else [])
    if scenario is None:
        raise UsageError("geo info takes a scenario file (.toml)")
    frames = scenario.read()
    print(scenario.title)
    if scenario.description:
        print(scenario.description)
    rows = [("layer", "kind", "features", "bounds (W S E N)", "dates")]
    for name, frame in frames.items():
        dates = sorted(_dates(frame))
        bounds = " ".join(f"{b:.3f}" for b in frame.total_bounds)
        span = f"{dates[0]} – {dates[-1]}" if dates else "—"
        rows.append((name, frame.attrs["kind"], str(len(frame)), bounds, span))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if scenario.bounds:
        print("view: " + " ".join(f"{b:g}" for b in scenario.bounds))
    if scenario.time:
        print(f"time: {scenario.time.start} – {scenario.time.end}, opens on {scenario.time.default}")
    if scenario.control:
        control, _, problems = check_control(scenario, frames)
        sides = ", ".join(side.id for side in scenario.control.sides)
        print(f"control: {len(control)} reports on {control['place_id'].nunique()} places ({sides})"
              + (f"; {len(problems)} problems (geo validate lists them)" if problems else ""))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="geo", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    tiles = [*TILES, "none"]

    build = sub.add_parser("build", help="build the self-contained HTML map")
    build.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER",
                       help=f"a scenario .toml, or layer files (default: {DEFAULT_SCENARIO})")
    build.add_argument("-o", "--output", help="HTML file to write (default: build/<scenario>.html)")
    build.add_argument("--tiles", choices=tiles, type=str.lower,
                       help="online base map, or 'none' for a fully offline map")
    build.add_argument("--title", help="map title when building from layer files")
    build.add_argument("--crs", help="CRS of input files that declare none, e.g. EPSG:4326")
    build.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD",
                       help="the day the map opens on (layer files: only what exists that day)")
    build.set_defaults(run=cmd_build)

    status = sub.add_parser("status", help="each post's status on a date, since when, km to the front")
    status.add_argument("scenario", nargs="?", metavar="SCENARIO")
    status.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD",
                        help="the day (default: the scenario's default date)")
    status.add_argument("--format", choices=("table", "csv", "json"), default="table")
    status.set_defaults(run=cmd_status)

    check = sub.add_parser("validate", help="check layer files or scenarios; list every problem")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--crs", help="CRS of input files that declare none, e.g. EPSG:4326")
    check.set_defaults(run=cmd_validate)

    info = sub.add_parser("info", help="layers, feature counts, bounds and dates of a scenario")
    info.add_argument("scenario", nargs="?", metavar="SCENARIO")
    info.set_defaults(run=cmd_info)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except UsageError as exc:
        print(f"geo: usage: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"geo: error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    except (GeoError, ValueError, OSError) as exc:
        if os.environ.get("GEO_DEBUG"):
            raise
        print(f"geo: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # a bug: still one line, with the way to see more
        if os.environ.get("GEO_DEBUG"):
            raise
        print(f"geo: internal error: {type(exc).__name__}: {exc} (run with GEO_DEBUG=1 for the "
              "traceback, and please report it)", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
