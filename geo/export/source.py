"""What an export starts from: a scenario (built here) or a map already made by geo."""
from __future__ import annotations

from pathlib import Path
from typing import Union

import folium

from geo.errors import GeoError
from geo.render import SituationMap
from geo.render.map import tile_layers
from geo.scenario import Scenario, load_scenario
from geo.write import to_html

MapSource = Union[SituationMap, Scenario, str, Path]


def as_scenario(source: Scenario | str | Path) -> Scenario:
    return source if isinstance(source, Scenario) else load_scenario(source)


def build(source: MapSource, day: str | None = None, tiles: str | None = "none") -> SituationMap:
    """The map to export: ``source`` itself, or the scenario's map opening on ``day``."""
    from geo.api import build_map

    if isinstance(source, SituationMap):
        return source
    if isinstance(source, folium.Map):
        raise GeoError("only maps made by geo can be exported (a plain folium.Map has no report layout)")
    return build_map(as_scenario(source), tiles=tiles or "none", day=day)


def map_html(source: MapSource, day: str | None = None,
             tiles: str | None = "none") -> tuple[str, str | None, bool]:
    """(the page, the day to open it on, whether it shows online tiles)."""
    m = build(source, day, tiles)
    if day is None and not isinstance(source, SituationMap):
        scenario = m.scenario
        day = scenario.time.default if scenario.time else None
    return to_html(m), day, bool(tile_layers(m))
