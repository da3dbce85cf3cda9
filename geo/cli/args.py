"""What every geo command reads from its command line the same way: dates, bounds, the scenario.

Shared by geo/cli/__init__.py and geo/cli/export.py (which the first imports, so it cannot import back).
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence

from geo import examples
from geo.scenario import Scenario, load_scenario, with_viewpoint
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


def one_scenario(path: str | None, command: str) -> Scenario:
    """The scenario a command that takes only a scenario was given (or the default one)."""
    scenario = scenario_or_default([path] if path else [])
    if scenario is None:
        raise UsageError(f"geo {command} takes a scenario file (.toml)")
    return scenario


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
