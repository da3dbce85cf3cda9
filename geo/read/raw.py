"""What a reader returns: the file's features as its format gives them, and what it noticed.

Nothing here is typed or validated yet. A feature the reader could not make a geometry for
(a CSV row without coordinates, a ring GEOS cannot build) comes out without one, and why is in
``problems``, so that the validator can report it against that feature instead of losing it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd

Region = tuple[float, float, float, float]  # west, south, east, north (degrees)
# (field, expected, found) of one thing wrong with a row
RowProblem = tuple[str, str, str]


@dataclass
class RawRead:
    """A file's features, unvalidated; CRS as the file declares it (None when it does not)."""

    frame: gpd.GeoDataFrame
    problems: dict[int, list[RowProblem]] = field(default_factory=dict)  # by 0-based row
    crs_hint: str | None = None  # a CRS implied by how the positions were written (DMS, MGRS...)
    notes: tuple[str, ...] = ()  # what the reader noticed, in words, for the user


@dataclass(frozen=True)
class ReadOptions:
    """How to read one file: which layer of it, its text encoding, where its features should lie
    (to tell apart places of the same name), and the format's name for messages."""

    layer: str | None = None
    encoding: str | None = None
    region: Region | None = None
    what: str = ""


DEFAULT_OPTIONS = ReadOptions()
