"""The researcher's API: read layers, build a map, add to a map, save it.

Composes the read → validate → render → write steps; each step also stays usable on its own.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Iterable

import folium
import geopandas as gpd

from geo.errors import InputError, Problem, ValidationError
from geo.read import read_checked, split_layer
from geo.repair import Region
from geo.report import LayerReport, raise_rejects
from geo.render import FeatureLayer, SituationMap, add_layer, situation_map
from geo.render.timebar import FRONT_LEGEND, StateLayer, TimeControl, control_legend, timeline_config
from geo.scenario import Scenario, load_scenario
from geo.timeline import Timeline, scenario_day
from geo.schema import Kind, get_kind
from geo.validate import validate

PLURAL_LABELS = {"post": "Military positions", "place": "Places", "zone": "Zones", "route": "Routes"}


def _layer_name(path: Path) -> str:
    """A layer's display name from its file: posts_2020.geojson → 'Posts 2020'."""
    return path.stem.replace("_", " ").replace("-", " ").capitalize()


def read_files_checked(paths: Iterable[str | Path], crs: str | None = None, encoding: str | None = None,
                       region: Region | None = None, swap_latlon: bool = False,
                       ) -> tuple[dict[str, gpd.GeoDataFrame], list[LayerReport]]:
    """Several layer files (kinds from their declaration or name): what can be drawn, and a report
    per file. Swapped coordinates are judged against ``region``, else each layer's own extent."""
    frames, reports = {}, []
    for path in paths:
        frame, report = read_checked(path, crs=crs, encoding=encoding, region=region,
                                     swap_latlon=swap_latlon)
        frames[_layer_name(split_layer(path)[0])] = frame
        reports.append(report)
    return frames, reports


def read_files(paths: Iterable[str | Path], crs: str | None = None, **options) -> dict[str, gpd.GeoDataFrame]:
    """Several layer files (kinds from their declaration or name); ValidationError lists every reject."""
    frames, reports = read_files_checked(paths, crs=crs, **options)
    raise_rejects(reports)
    return frames


def warn_rejects(reports: list[LayerReport]) -> None:
    """A warning (shown in Jupyter) naming what was left off the map, when anything was."""
    rejected = [r for r in reports if r.rejected]
    if rejected:
        warnings.warn("some features were rejected and are not on the map:\n" + "\n".join(
            str(p) for r in rejected for p in r.rejects), RejectedFeaturesWarning, stacklevel=3)


class RejectedFeaturesWarning(UserWarning):
    """Features that could not be drawn were left off the map (the map's ``reports`` say why)."""


def build_map(scenario: Scenario | str | Path, tiles: str | None = None,
              day: str | None = None, strict: bool = False, swap_latlon: bool = False) -> SituationMap:
    """The scenario's map; ``tiles`` overrides the scenario's choice ('none' leaves tiles out).

    A scenario with a [time] section gets the date control, opening on ``day`` (default: the
    scenario's default date), with the areas of control, front lines and post statuses derived
    for every change day.

    Features that cannot be drawn are left off with a RejectedFeaturesWarning, and
    ``m.reports`` says what was read, repaired and rejected in each file; ``strict=True`` makes
    any reject a ValidationError instead.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    options = dict(title=scenario.title, subtitle=scenario.description, tiles=tiles or scenario.tiles,
                   bounds=scenario.bounds, attribution=scenario.attribution)
    if scenario.time is None:
        if day is not None:
            raise InputError(f"{scenario.path.name}: has no [time] section, so --date cannot be used")
        frames, reports = scenario.read_checked(swap_latlon)
        if strict:
            raise_rejects(reports)
        warn_rejects(reports)
        m = situation_map(frames, **options)
        m.scenario, m.reports = scenario, reports
        return m
    day = scenario_day(scenario, day)
    timeline = Timeline.load(scenario, strict=strict, swap_latlon=swap_latlon)
    warn_rejects(timeline.reports)
    m = situation_map(timeline.layers, event_days=scenario.time.event_days, **options)
    m.scenario, m.timeline, m.day, m.reports = scenario, timeline, day, timeline.reports
    sides = list(scenario.control.sides) if scenario.control else []
    areas = StateLayer("Areas of control (estimate)", control_legend(sides))
    fronts = StateLayer("Front lines (estimate)", FRONT_LEGEND)
    m.add_child(areas, name="areas_of_control", index=_first_layer_index(m))
    m.add_child(fronts, name="front_lines", index=_first_layer_index(m) + 1)
    m.time_control = TimeControl(timeline_config(timeline, day), areas, fronts)
    if timeline.control is not None:  # the printed footer credits who reported control, too
        m.report_layout.extra_sources = list(timeline.control["sources"])
    return m


def _first_layer_index(m: SituationMap) -> int:
    """Where the first data layer sits among the map's children (derived areas go under it)."""
    for index, child in enumerate(m._children.values()):
        if isinstance(child, FeatureLayer):
            return index
    return len(m._children)


def explore(frame: gpd.GeoDataFrame, kind: str | Kind | None = None, *, m: folium.Map | None = None,
            name: str | None = None, tiles: str | None = "openstreetmap", title: str = "",
            show: bool = True) -> folium.Map:
    """Show one layer, like ``GeoDataFrame.explore``: on a new map, or added to ``m``.

    The frame is validated against its kind (from ``kind`` or ``frame.attrs['kind']``) and
    reprojected to EPSG:4326 if needed. Returns the map, so calls chain.
    """
    kind = kind or frame.attrs.get("kind")
    if kind is None:
        raise ValueError("say which kind this layer is: explore(frame, kind='post'|'place'|'zone'|'route')")
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if frame.crs is None:
        raise ValidationError([Problem(name or "<GeoDataFrame>", "", "crs", "a CRS (set_crs)", "none")])
    if not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    frame = validate(frame, kind, source=frame.attrs.get("source", name or "<GeoDataFrame>"))
    fresh = m is None
    if fresh:
        m = SituationMap(title=title, tiles=tiles)
    add_layer(m, frame, name or PLURAL_LABELS[kind.name], show=show)
    if fresh:
        m.fit_to()
    return m
