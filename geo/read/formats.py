"""The formats geo reads, as data: name, file suffixes, what their first bytes look like, reader.

Both the dispatch (``geo.read.read_raw``) and the check of what a file really is
(``geo.read.sniff.check_format``) read this one table, so a new format is one entry here plus
its reader and tests.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.read import sniff, table, vector
from geo.read.raw import RawRead, ReadOptions


@dataclass(frozen=True)
class Format:
    """One input format. ``looks_like`` is what ``sniff.what_it_is`` may say of such a file."""

    name: str
    suffixes: tuple[str, ...]
    looks_like: frozenset[str]
    reader: Callable[[Path, ReadOptions], RawRead]

    def read(self, path: Path, options: ReadOptions) -> RawRead:
        sniff.check_format(path, self.name, self.looks_like)
        return self.reader(path, options)


FORMATS = (
    Format("GeoJSON", (".geojson", ".json"), frozenset({sniff.JSON_TEXT}), vector.read_geojson),
    Format("GeoPackage", (".gpkg",), frozenset({sniff.SQLITE}), vector.read_geopackage),
    Format("a shapefile", (".shp",), frozenset({sniff.SHAPEFILE}), vector.read_shapefile),
    Format("KML", (".kml",), frozenset({sniff.KML_DOCUMENT, sniff.XML_DOCUMENT}), vector.read_kml),
    Format("KMZ", (".kmz",), frozenset({sniff.ZIP}), vector.read_kml),
    Format("GeoParquet", (".parquet", ".geoparquet"), frozenset({sniff.PARQUET}), vector.read_parquet),
    Format("CSV", (".csv",), frozenset({sniff.TEXT, sniff.JSON_TEXT}), table.read_csv),
)
CSV = FORMATS[-1]
SUFFIXES = tuple(suffix for f in FORMATS for suffix in f.suffixes)


def format_of(path: Path) -> Format | None:
    """The format a file's suffix names, or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)
