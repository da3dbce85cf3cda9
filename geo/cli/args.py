"""What every geo command reads from its command line the same way: dates, bounds, the scenario.

Shared by geo/cli/__init__.py and geo/cli/export.py (which the first imports, so it cannot import back).
"""
from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence

from geo import examples
from geo.scenario import Scenario, load_scenario, scenario_of, with_viewpoint
from geo.schema import get_kind
from geo.values import BadValue, to_date


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


def is_scenario(path: str) -> bool:
    return path.lower().endswith(".toml")


def scenario_or_default(inputs: Sequence[str]) -> Scenario | None:
    """The scenario named (or the default one when nothing is), or None for layer files."""
    if not inputs:
        return load_scenario(examples.idlib_2020())
    if any(is_scenario(p) for p in inputs):
        if len(inputs) > 1:
            raise UsageError("give either one scenario (.toml) or layer files, not both")
        return load_scenario(inputs[0])
    return None


LAYER_OPTIONS = ("kind", "column", "set", "side", "date_format", "crs", "encoding")


def field_values(pairs: Sequence[str] | None, option: str) -> dict[str, str]:
    """FIELD=VALUE pairs of a repeated option (--column name=place, --set side=russia) as a dict."""
    out = {}
    for pair in pairs or ():
        field, sep, value = pair.partition("=")
        if not sep or not field.strip():
            raise UsageError(f"{option}: expected FIELD=VALUE, found {pair!r}")
        out[field.strip()] = value.strip()
    return out


def inputs_scenario(inputs: Sequence[str], args: argparse.Namespace) -> Scenario:
    """What a command was given, as one scenario: a scenario file (or the default one), or layer
    files and folders of snapshots with the options that say how to take them (--kind, --column,
    --set, --side...). Every command takes the same inputs the same way."""
    scenario = _inputs_scenario(inputs, args)
    # --strict: publication rules for the inputs, whatever they are
    return dataclasses.replace(scenario, strict=True) if getattr(args, "strict", False) else scenario


def _inputs_scenario(inputs: Sequence[str], args: argparse.Namespace) -> Scenario:
    scenario = scenario_or_default(inputs)
    given = [name for name in LAYER_OPTIONS if getattr(args, name, None)]
    if scenario is not None:
        if given and inputs:
            options = ", ".join("--" + name.replace("_", "-") for name in given)
            raise UsageError(f"{options}: for layer files; a scenario says them for each layer "
                             "(kind, [layers.columns], [layers.defaults], crs, encoding)")
        return viewed(scenario, args)
    if getattr(args, "viewpoint", None) is not None:
        raise UsageError("--viewpoint needs a scenario: it says who is hostile to whom ([[control.sides]], "
                         "[[parties]])")
    if getattr(args, "kind", None):
        try:
            get_kind(args.kind)
        except KeyError as exc:
            raise UsageError(f"--kind: {exc.args[0]}") from None
    return scenario_of(list(inputs), title=getattr(args, "title", None) or "", kind=getattr(args, "kind", None),
                       columns=field_values(getattr(args, "column", None), "--column"),
                       defaults=field_values(getattr(args, "set", None), "--set"),
                       side=getattr(args, "side", None), crs=getattr(args, "crs", None),
                       encoding=getattr(args, "encoding", None), bounds=getattr(args, "bounds", None),
                       tiles=getattr(args, "tiles", None) or "openstreetmap",
                       date_format=getattr(args, "date_format", None))


def add_layer_options(parser: argparse.ArgumentParser) -> None:
    """How to take layer files that do not say it themselves: the same options for every command."""
    parser.add_argument("--kind", help="the kind of every layer file given (post, place, zone, route, unit, "
                                       "event, feature); default: what each file's columns or name say, "
                                       "else plain features")
    parser.add_argument("--column", action="append", metavar="FIELD=COLUMN",
                        help="take a field from a column of the files, e.g. --column name=place (repeatable)")
    parser.add_argument("--set", action="append", metavar="FIELD=VALUE",
                        help="a value for every feature that has none, e.g. --set side=russia (repeatable)")
    parser.add_argument("--side", help="the polygons given are the areas this side holds (a tracker's "
                                       "snapshots): drawn as its areas of control, stepping through their dates")
    parser.add_argument("--date-format", metavar="FORMAT",
                        help="how the files' dates are written when the order is not clear, e.g. %%m/%%d/%%Y")
    parser.add_argument("--crs", help="CRS of input files that declare none, e.g. EPSG:4326")
    parser.add_argument("--encoding", help="text encoding of input files that are not UTF-8, e.g. cp1252")


def date_arg(text: str) -> str:
    """argparse type: a day as YYYY-MM-DD, checked to be a real date."""
    try:
        if len(text) == 10:
            return to_date(text)
    except BadValue:
        pass
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, found {text!r}")


def bounds_arg(text: str) -> tuple[float, float, float, float]:
    """argparse type: WEST,SOUTH,EAST,NORTH in degrees."""
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WEST,SOUTH,EAST,NORTH in degrees, found {text!r}") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise argparse.ArgumentTypeError(f"expected WEST < EAST within ±180 and SOUTH < NORTH within ±90, "
                                         f"found {text!r}")
    return west, south, east, north


DEFAULT_HELP = "default: the shipped Idlib 2020 case study"


VIEWPOINT_HELP = ("whose point of view the military symbols take: a side or party of the scenario "
                  "(its id or label, e.g. government), or 'neutral' (default: the scenario's)")


def add_viewpoint(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--viewpoint", metavar="SIDE", help=VIEWPOINT_HELP)


def viewed(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """The scenario as ``--viewpoint`` sees it (unchanged without the option)."""
    value = getattr(args, "viewpoint", None)
    return scenario if value is None else with_viewpoint(scenario, value)
