"""The value that passes between the steps: one layer, its kind and where it came from.

A GeoDataFrame says nothing of what it holds, and ``frame.attrs`` does not survive ``pd.concat``
or most copies, so each step hands the next a ``Layer``: the frame (validated, EPSG:4326), its
kind, its name on the map, the file it was read from, whether it starts shown, and what the
reader noticed (e.g. "placed 3 rows by place name").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from geo.schema import PLAIN, Kind, get_kind, infer_kind


@dataclass(frozen=True)
class Look:
    """How a layer's features are coloured and what their tooltips show, as
    ``GeoDataFrame.explore`` takes it (``color_by`` on the layer names the column)."""

    cmap: str | tuple[str, ...] | None = None  # a colour map's name, or colours for the categories
    colour: str | None = None  # one colour for every feature (no column)
    categorical: bool | None = None  # None: text columns are categories, numbers a colour ramp
    vmin: float | None = None
    vmax: float | None = None
    tooltip: tuple[str, ...] | None = None  # the columns a tooltip shows (None: the name, else a few)
    popup: tuple[str, ...] | None = None  # the columns a popup lists (None: every one)
    style: tuple[tuple[str, object], ...] = ()  # Leaflet path options (weight, fillOpacity...)


@dataclass(frozen=True)
class Layer:
    """One layer of a map. ``frame`` is validated against ``kind`` and in EPSG:4326."""

    name: str
    kind: Kind
    frame: gpd.GeoDataFrame = field(repr=False)
    source: str = ""  # the file (or 'file.gpkg:layer') it was read from, as messages name it
    show: bool = True
    notes: tuple[str, ...] = ()  # what the reader noticed about the file, in words
    color_by: str | None = None  # the column a large layer's points are coloured by (default: its category)
    columnar: bool | None = None  # drawn as compressed columns on a canvas (None: when large)
    look: Look = field(default_factory=Look)

    def with_frame(self, frame: gpd.GeoDataFrame) -> Layer:
        return replace(self, frame=frame)

    def renamed(self, name: str) -> Layer:
        return replace(self, name=name)

    def __len__(self) -> int:
        return len(self.frame)


def kind_of(frame: pd.DataFrame, kind: str | Kind | None = None) -> Kind:
    """``kind`` if given, else the kind the frame's columns say, else the plain kind (drawn as it comes)."""
    if kind is not None:
        return get_kind(kind)
    return infer_kind(frame) or PLAIN


def of_kind(layers: Iterable[Layer], kind: str) -> list[Layer]:
    return [layer for layer in layers if layer.kind.name == kind]


def concat(layers: Iterable[Layer], columns: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """The frames of ``layers`` one after the other (EPSG:4326); empty with ``columns`` if none."""
    frames = [layer.frame for layer in layers]
    if not frames:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=4326)
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=4326)
