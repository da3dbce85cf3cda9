"""The command line: geo build | validate | info | status | export | embed. Errors are one line each, never a traceback.

Exit codes: 0 ok, 1 invalid input (every problem listed), 2 usage.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from geo import api
from geo import tiles as tile_providers
from geo.cli.aggregate import add_parser as add_aggregate_command
from geo.cli.args import (
    DEFAULT_HELP,
    UsageError,
    add_layer_options,
    add_viewpoint,
    bounds_arg,
    date_arg,
    inputs_scenario,
)
from geo.cli.export import add_commands as add_export_commands
from geo.derive import check_record, exists_on
from geo.derive.check import TOLERANCE_DAYS
from geo.errors import GeoError, Problem, ValidationError
from geo.layer import Layer
from geo.model import MapModel
from geo.render.columnar import COLUMNAR_MIN_FEATURES
from geo.scenario import Scenario
from geo.validate import LayerReport, read_record, rejects_table
from geo.write import write_atomic
from geo.write.atomic import atomic_path
from geo.write.data import geojson_text

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def cmd_build(args: argparse.Namespace) -> int:
    scenario = inputs_scenario(args.inputs, args)
    out = Path(args.output or (f"build/{scenario.slug}.html" if scenario.path else "build/map.html"))
    args.writes = out  # what an interruption leaves as it was
    model = _model_to_build(scenario, args)
    _print_reports(model.reports)
    rejects = _write_rejects(model.reports, args.rejects, out)
    if not _may_write_map(model.reports, rejects, args.strict):
        return EXIT_INVALID
    api.save_html(api.build_map(model, tiles=args.tiles), out)
    summary = ", ".join(f"{len(layer.frame)} {layer.name}" for layer in model.layers)
    print(f"built {out} ({out.stat().st_size / 1024:.0f} KB): {summary}", file=sys.stderr)
    if rejects:
        print(f"rejected and repaired features: {rejects}", file=sys.stderr)
    print(out)
    return EXIT_OK


def _model_to_build(scenario: Scenario, args: argparse.Namespace) -> MapModel:
    """The model with what the command line adds: layer files shown only as they were on --date
    (a scenario's timeline does that itself), --color-by and --columnar."""
    model = api.build_model(scenario, day=args.date, swap_latlon=args.swap_latlon, warn=False)
    if scenario.path is None and args.date and model.timeline is None:
        model = dataclasses.replace(model, layers=[layer.with_frame(layer.frame[exists_on(layer.frame, layer.kind,
                                                                                          args.date)])
                                                   for layer in model.layers])
    if args.color_by or args.columnar:
        model = dataclasses.replace(model, layers=_drawing_options(model.layers, args.color_by, args.columnar))
    return model


def _print_reports(reports: list[LayerReport]) -> None:
    """Each input's summary and reader notes, on stderr."""
    for report in reports:
        print(report.summary(), file=sys.stderr)
        for note in report.notes:
            print(f"geo: note: {report.source}: {note}", file=sys.stderr)


def _may_write_map(reports: list[LayerReport], rejects: Path | None, strict: bool) -> bool:
    """Whether the map may be written, having said on stderr every problem, and why not when not:
    --strict and a feature rejected, or nothing left to draw."""
    if strict and any(r.rejected for r in reports):
        _print_problems([p for r in reports for p in r.rejects], rejects, "error")
        print(f"geo: error: --strict: {sum(r.rejected for r in reports)} features rejected "
              f"(listed in {rejects}); the map was not written", file=sys.stderr)
        return False
    _print_problems([p for r in reports for p in r.problems], rejects)
    drawn = [r for r in reports if r.kept == "drawn"]
    if drawn and not any(r.drawn for r in drawn):
        why = (f"every feature of {', '.join(r.source for r in drawn)} was rejected (the reasons above; every "
               f"one listed in {rejects})" if rejects else f"{', '.join(r.source for r in drawn)}: no features")
        print(f"geo: error: nothing to draw: {why}; the map was not written", file=sys.stderr)
        return False
    return True


SUMMARISED_FROM = 4  # this many problems alike (file, outcome, field, expected) are one line


def _print_problems(problems: list[Problem], rejects: Path | None, word: str | None = None) -> None:
    """Each problem a line, but many alike (the same field of the same file failing the same way)
    as one line with a count and an example: thousands of rows never flood the terminal."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.source, problem.rejected, problem.field, problem.expected), []).append(problem)
    for (source, rejected, field, expected), alike in groups.items():
        label = word or ("rejected" if rejected else "repaired")
        if len(alike) < SUMMARISED_FROM:
            for problem in alike:
                print(f"geo: {label}: {problem}", file=sys.stderr)
            continue
        first = alike[0]
        examples = list(dict.fromkeys(p.found for p in alike))
        found = ", ".join(examples[:3]) + (f" and {len(examples) - 3:,} other values" if len(examples) > 3 else "")
        where = f" (every one listed in {rejects})" if rejects else ""
        repair = f"; repaired: {first.repair}" if first.repair else ""
        print(f"geo: {label}: {source}: {len(alike):,} features: field '{field}': expected {expected}, "
              f"found e.g. {found}{repair}{where}", file=sys.stderr)


def _drawing_options(layers: list[Layer], color_by: str | None, columnar: bool) -> list[Layer]:
    """The layers with --color-by (on those that have that column) and --columnar applied."""
    if color_by and not any(color_by in layer.frame.columns for layer in layers):
        columns = sorted({str(c) for layer in layers for c in layer.frame.columns if c != "geometry"})
        raise UsageError(f"--color-by {color_by}: no layer has such a column; columns: {', '.join(columns)}")
    out = []
    for layer in layers:
        if color_by and color_by in layer.frame.columns:
            layer = dataclasses.replace(layer, color_by=color_by, columnar=True if layer.kind.is_point else None)
        if columnar and layer.kind.is_point:
            layer = dataclasses.replace(layer, columnar=True)
        out.append(layer)
    return out


def _write_rejects(reports: list[LayerReport], path: str | None, out: Path) -> Path | None:
    """The rejects table next to the map (or at ``path``), when there is anything in it.

    A rejects file left from an earlier build of the same map is removed, so that it never
    describes a map it does not belong to.
    """
    table = rejects_table(reports)
    target = Path(path) if path else out.with_name(f"{out.stem}.rejects.csv")
    if table.empty and not path:
        target.unlink(missing_ok=True)
        return None
    write_atomic(target, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return target


def _note_rejects(reports: list[LayerReport]) -> None:
    """One line on stderr when features were left out of what a command shows."""
    rejected = sum(r.rejected for r in reports)
    if rejected:
        print(f"geo: {rejected} feature{'s' if rejected != 1 else ''} rejected and left out "
              "(geo validate lists them)", file=sys.stderr)


def cmd_status(args: argparse.Namespace) -> int:
    scenario = inputs_scenario(args.inputs, args)
    model = api.build_model(scenario, day=args.date, warn=False)
    if model.timeline is None:
        raise UsageError(f"{scenario.path.name if scenario.path else 'the input'} has no dates (no [time] "
                         "section, no dated features), so it has no post status")
    _note_rejects(model.reports)
    if args.check is not None:
        return _check(model, args.check or scenario.record, scenario, args.format)
    day = model.day
    table = model.timeline.status_table(day)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.format == "json":
        print(json.dumps({"date": day, "posts": table.to_dict("records")}, ensure_ascii=False, indent=1))
    elif not len(table):
        print(f"{scenario.title or 'the input'} — {day}: no posts (a post layer's features have a status)")
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
        # "since" is the start of the current spell: where a post was so before, its history says when
        earlier = [r for r in table.itertuples() if r.status != "operating" and r.history.count(";")]
        if earlier:
            print(f"\nhistory to {model.timeline.end.isoformat()} (since: the first day of the current spell):")
            for r in earlier:
                print(f"  {r.name}: {r.history}")
    return EXIT_OK


def cmd_change(args: argparse.Namespace) -> int:
    """`geo change D1 D2`: land that changed hands (km² per side), places and posts that changed."""
    scenario = inputs_scenario(args.inputs, args)
    model = api.build_model(scenario, warn=False)
    if model.timeline is None:
        raise UsageError(f"{scenario.path.name if scenario.path else 'the input'} has no dates: nothing changes")
    _note_rejects(model.reports)
    change = model.change(args.since, args.until)
    if args.geojson:
        write_atomic(args.geojson, geojson_text(change.areas, name="changed_hands").encode("utf-8"))
    if args.gpkg:
        with atomic_path(args.gpkg, suffix=".part.gpkg") as tmp:
            change.areas.to_file(tmp, layer="changed_hands", driver="GPKG")
    sides = change.by_side()
    if args.format == "json":
        print(json.dumps({"since": change.since, "until": change.until, "sides": sides.to_dict("records"),
                          "areas": change.areas.drop(columns="geometry").to_dict("records"),
                          "places": change.places.to_dict("records"), "posts": change.posts.to_dict("records")},
                         ensure_ascii=False, indent=1, default=str))
    elif args.format == "csv":
        sides.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(f"{scenario.title or 'the input'} — what changed from {change.since} to {change.until}")
        rows = [("side", "gained km²", "lost km²", "net km²")] + [
            (r.side, f"{r.gained_km2:,.1f}", f"{r.lost_km2:,.1f}", f"{r.net_km2:+,.1f}") for r in sides.itertuples()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
        print(f"\n{len(change.places)} places changed hands:")
        for r in change.places.itertuples():
            print(f"  {r.name}: {r.before or '—'} → {r.after or '—'}" + (f"  ({r.reports})" if r.reports else " (inferred)"))
        print(f"\n{len(change.posts)} posts changed status:")
        for r in change.posts.itertuples():
            print(f"  {r.name}: {r.before or '—'} → {r.after or '—'} (since {r.since})")
    return EXIT_OK


def _check(model, path, scenario, form: str = "table") -> int:
    """`geo status --check`: derived first days of 'surrounded' against the reported ones."""
    if path is None:
        raise UsageError(f"{scenario.path.name if scenario.path else 'the input'} names no record "
                         "(record = \"file.csv\"): give --check FILE")
    table = check_record(model.timeline, read_record(Path(path)))
    if form == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
        return EXIT_OK
    if form == "json":
        print(json.dumps({"posts": table.to_dict("records")}, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    # "derived": the first day of the first spell of 'surrounded'; the history gives every spell
    rows = [("post", "derived", "reported", "difference", "history")] + [
        (r.name, r.derived if isinstance(r.derived, str) else "never", r.reported,
         "—" if pd.isna(r.difference_days) else f"{int(r.difference_days):+d} days", r.history)
        for r in table.itertuples()]
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) + ("  " + row[4] if row[4] else ""))
    within = int(table["within"].sum())
    print(f"{within} of {len(table)} posts within ±{TOLERANCE_DAYS} days of the reported day "
          f"({within / len(table):.0%})" if len(table) else "the record names no post")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.paths:
        try:
            scenario = inputs_scenario([path], args)  # each file, folder or scenario on its own
            # read, checked and derived as geo build does: what validates, builds
            reports = api.build_model(scenario, swap_latlon=args.swap_latlon, warn=False).reports
        except GeoError as exc:
            failed = True
            print(f"geo: error: {exc}", file=sys.stderr)
            continue
        failed = failed or any(r.rejected for r in reports)
        read, drawn = sum(r.read for r in reports), sum(r.drawn for r in reports)
        verdict = "ok" if read == drawn else f"{read - drawn} rejected"
        print(f"{path}: {verdict}")
        for report in reports:
            print(f"  {report.summary()}")
            for note in report.notes:
                print(f"    note: {note}")
            for problem in report.problems:
                print(f"    {'rejected' if problem.rejected else 'repaired'}: {problem}")
    return EXIT_INVALID if failed else EXIT_OK


def _dates(layer: Layer) -> list[str]:
    frame = layer.frame
    dates = [v for f in layer.kind.fields if f.type == "date" for v in frame[f.name] if isinstance(v, str) and v]
    dates += [s["date"] for sources in frame["sources"] for s in (sources if isinstance(sources, list) else [])
              if s.get("date")]
    return dates


def cmd_info(args: argparse.Namespace) -> int:
    scenario = inputs_scenario(args.inputs, args)
    layers, control, _, reports = api.read_scenario(scenario)
    _note_rejects(reports)
    print(scenario.title or ", ".join(args.inputs))
    if scenario.description:
        print(scenario.description)
    rows = [("layer", "kind", "features", "bounds (W S E N)", "dates")]
    for layer in layers:
        dates = sorted(_dates(layer))
        bounds = " ".join(f"{b:.3f}" for b in layer.frame.total_bounds) if len(layer) else "—"
        span = f"{dates[0]} – {dates[-1]}" if dates else "—"
        rows.append((layer.name, layer.kind.name, str(len(layer)), bounds, span))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    for report in reports:
        if report.gaps:
            print(f"{report.source}: drawn as given: " + ", ".join(f"{n} with {w}" for w, n in report.gaps.items()))
    if scenario.bounds:
        print("view: " + " ".join(f"{b:g}" for b in scenario.bounds))
    if scenario.time:
        print(f"time: {scenario.time.start} – {scenario.time.end}, opens on {scenario.time.default}")
    if scenario.control and control is not None:
        report = next(r for r in reports if r.kept == "used")
        sides = ", ".join(side.id for side in scenario.control.sides)
        print(f"control: {len(control)} reports on {control['place_id'].nunique()} places ({sides})"
              + (f"; {report.rejected} rejected (geo validate lists them)" if report.rejected else ""))
    elif scenario.control:
        print("control: " + ", ".join(side.label for side in scenario.control.sides) + " (given areas only)")
    return EXIT_OK


def _input_options(command: argparse.ArgumentParser) -> None:
    """Options about reading input files, shared by the commands that read them."""
    add_layer_options(command)
    command.add_argument("--swap-latlon", action="store_true",
                         help="swap latitude and longitude of features that look swapped "
                              "(default: reject them)")
    command.add_argument("--bounds", type=bounds_arg, metavar="W,S,E,N",
                         help="where layer files' features should lie (a scenario uses its view); "
                              "features far outside whose swap falls inside look swapped")


INPUTS_HELP = f"a scenario .toml, or layer files and folders of dated snapshots ({DEFAULT_HELP})"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="geo", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    for add_command in (_add_build, _add_status, _add_change, _add_validate, _add_info, add_export_commands,
                        add_aggregate_command):
        add_command(sub)
    return top


def _add_build(sub: argparse._SubParsersAction) -> None:
    tiles = tile_providers.choices()
    build = sub.add_parser("build", help="build the self-contained HTML map")
    build.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER", help=INPUTS_HELP)
    build.add_argument("-o", "--output", help="HTML file to write (default: build/<scenario>.html)")
    build.add_argument("--tiles", choices=tiles, type=str.lower,
                       help="online base map, or 'none' for a fully offline map")
    build.add_argument("--title", help="map title when building from layer files")
    build.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD",
                       help="the day the map opens on (layer files: only what exists that day)")
    add_viewpoint(build)
    build.add_argument("--rejects", metavar="FILE",
                       help="where to list rejected and repaired features (CSV; default: beside the "
                            "map as <map>.rejects.csv, written only when there are any)")
    build.add_argument("--strict", action="store_true",
                       help="publication rules: reject features without a source, confidence or precision, "
                            "and fail (exit 1, no map written) if any feature is rejected")
    build.add_argument("--color-by", metavar="COLUMN",
                       help="colour features by this column (its values in the legend), e.g. sub_event_type")
    build.add_argument("--columnar", action="store_true",
                       help="draw point layers as compressed columns on a canvas, whatever their size "
                            f"(automatic from {COLUMNAR_MIN_FEATURES:,} features)")
    _input_options(build)
    build.set_defaults(run=cmd_build)


def _add_status(sub: argparse._SubParsersAction) -> None:
    status = sub.add_parser("status", help="each post's status on a date, since when, km to the front")
    status.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER", help=INPUTS_HELP)
    status.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD",
                        help="the day (default: the scenario's default date)")
    status.add_argument("--format", choices=("table", "csv", "json"), default="table")
    status.add_argument("--check", nargs="?", const="", metavar="FILE",
                        help="compare the derived first days of 'surrounded' with the reported ones, with each "
                             "post's history of spells "
                             "(FILE, default: the scenario's record)")
    _input_options(status)
    status.set_defaults(run=cmd_status)


def _add_change(sub: argparse._SubParsersAction) -> None:
    change = sub.add_parser("change", help="what changed between two days: land (km² per side), places, posts")
    change.add_argument("since", type=date_arg, metavar="D1", help="the first day (YYYY-MM-DD)")
    change.add_argument("until", type=date_arg, metavar="D2", help="the second day (YYYY-MM-DD)")
    change.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER", help=INPUTS_HELP)
    change.add_argument("--format", choices=("table", "csv", "json"), default="table")
    change.add_argument("--geojson", metavar="OUT", help="also write the land that changed hands as GeoJSON")
    change.add_argument("--gpkg", metavar="OUT", help="also write the land that changed hands as a GeoPackage")
    _input_options(change)
    change.set_defaults(run=cmd_change)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("validate", help="check layer files, folders or scenarios; list every problem")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--strict", action="store_true",
                       help="publication rules: a feature without a source, confidence or precision is rejected")
    _input_options(check)
    check.set_defaults(run=cmd_validate)


def _add_info(sub: argparse._SubParsersAction) -> None:
    info = sub.add_parser("info", help="layers, feature counts, bounds and dates of a scenario or of files")
    info.add_argument("inputs", nargs="*", metavar="SCENARIO|LAYER", help=INPUTS_HELP)
    _input_options(info)
    info.set_defaults(run=cmd_info)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while a command runs: a million events are millions
    of small lists and dicts, and the default thresholds walk them all again and again (a sixth
    of a build's time); none of them form cycles worth collecting sooner."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with _fewer_collections():
            return args.run(args)
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: files are written atomically, so nothing is half-written
        target = getattr(args, "writes", None)
        print(f"geo: interrupted; {target} was not changed" if target else "geo: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
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
