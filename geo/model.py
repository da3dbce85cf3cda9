"""What one map shows, built once: layers, derived states, the day it opens on, and the reports.

The API builds a ``MapModel`` (read → validate → derive); the renderer draws a folium map from
it, and exports write from it (or from the map's ``model``): nothing is read or derived twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
from pyproj import CRS

from geo.derive.change import Change
from geo.derive.symbols import Viewpoint
from geo.derive.timeline import Situation, Timeline
from geo.derive.tracks import Tracks
from geo.layer import Layer
from geo.read.basemap import Basemap
from geo.scenario import Scenario, Side
from geo.story import StoryStep
from geo.validate import LayerReport


@dataclass
class MapModel:
    """A map's content. ``timeline`` is None for an undated map; ``day`` the day it opens on."""

    title: str
    layers: list[Layer]
    crs: CRS
    subtitle: str = ""
    attribution: str = ""
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    tiles: str = "openstreetmap"
    reports: list[LayerReport] = field(default_factory=list)
    timeline: Timeline | None = None
    day: str | None = None
    sides: tuple[Side, ...] = ()
    scenario: Scenario | None = None
    basemap: Basemap | None = None  # drawn from data, offline: under the layers when tiles are off or fail
    viewpoint: Viewpoint = field(default_factory=Viewpoint)  # whose view the military symbols take
    story: tuple[StoryStep, ...] = ()  # a briefing in dated steps (the scenario's [[story]])

    @property
    def frames(self) -> dict[str, gpd.GeoDataFrame]:
        """The layers' frames by name (as drawn, before any day is chosen)."""
        return {layer.name: layer.frame for layer in self.layers}

    @property
    def tracks(self) -> Tracks:
        """The units' tracks (``geo.derive.tracks``): empty for an undated map."""
        return self.timeline.tracks if self.timeline is not None else Tracks()

    def change(self, since: str, until: str) -> Change:
        """What changed between two days (``Timeline.change``); dated maps only."""
        if self.timeline is None:
            raise ValueError("this map has no dates (no scenario with a [time] section)")
        return self.timeline.change(since, until)

    def situation(self, day: str | None = None) -> Situation:
        """The situation on ``day`` (default: the day the map opens on); dated maps only."""
        if self.timeline is None:
            raise ValueError("this map has no dates (no scenario with a [time] section)")
        return self.timeline.on(day or self.day)
