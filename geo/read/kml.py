"""What is particular to KML and KMZ (Google Earth, Google My Maps): the KML inside a KMZ, the
declared encoding, and the columns GDAL's LIBKML driver adds to every Placemark.

GDAL names its own Placemark fields Name, description, id... and when a Placemark's ExtendedData
has a field of the same name, one silently overwrites the other. So the built-in fields are read
under a ``kml_`` prefix (LIBKML_*_FIELD options) and mapped to ours afterwards, ExtendedData first.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyogrio

from geo.errors import InputError
from geo.read.sniff import head
from geo.values import is_missing

# GDAL's Placemark field (as read with the kml_ prefix, or as the older KML driver names it)
# → the column it becomes, when ExtendedData has no column of that name.
COLUMNS = {
    "kml_name": "name", "Name": "name", "kml_description": "description", "Description": "description",
    "kml_timestamp": "timestamp", "kml_begin": "begin", "kml_end": "end",
    "kml_altitudeMode": "altitudeMode", "kml_tessellate": "tessellate", "kml_extrude": "extrude",
    "kml_visibility": "visibility", "kml_drawOrder": "drawOrder", "kml_icon": "icon",
    "kml_snippet": "snippet", "kml_id": "kml_id",
}
# Values GDAL fills in when the KML says nothing (or says the default): such a column carries nothing.
DEFAULTS = {
    "kml_altitudeMode": {"clampToGround"}, "kml_tessellate": {-1, 0}, "kml_extrude": {0},
    "kml_visibility": {-1, 1},
}
_OPTIONS = {f"LIBKML_{field[4:].upper()}_FIELD": field for field in COLUMNS if field.startswith("kml_")}
_DECLARED = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])""")


@contextmanager
def prefixed_fields() -> Iterator[None]:
    """LIBKML reads its Placemark fields as kml_name, kml_description... while inside."""
    saved = {name: pyogrio.get_gdal_config_option(name) for name in _OPTIONS}
    pyogrio.set_gdal_config_options(_OPTIONS)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(saved)


def extract_kml(path: Path, folder: Path) -> Path:
    """The KML document inside a KMZ (doc.kml, else the first .kml), copied into ``folder``."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
            if not names:
                raise InputError(f"{path.name}: is a ZIP archive with no .kml document inside "
                                 f"(found {', '.join(archive.namelist()[:5]) or 'nothing'})")
            member = next((n for n in names if n.lower().rsplit("/", 1)[-1] == "doc.kml"), names[0])
            target = folder / "doc.kml"
            with archive.open(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise InputError(f"{path.name}: is not a complete KMZ (ZIP) archive ({exc}); "
                         "was the download cut short?") from None
    return target


def declared_encoding(path: Path) -> str | None:
    """The encoding the XML declaration names (<?xml ... encoding="ISO-8859-1"?>), if any."""
    found = _DECLARED.search(head(path).decode("ascii", errors="replace"))
    return found.group(2) if found else None


def declare_utf8(text: str) -> str:
    """The start of a KML document transcoded to UTF-8, with its XML declaration saying so."""
    return _DECLARED.sub(r"\1UTF-8\3", text, count=1)


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """GDAL's Placemark columns as ours: kept when they carry anything, ExtendedData never overwritten.

    Where ExtendedData has a column of the same name (e.g. 'name'), the KML value fills only its
    gaps, and stays in its kml_ column when it says something else.
    """
    for column in [c for c in frame.columns if c in COLUMNS]:
        target, values = COLUMNS[column], frame[column]
        if _carries_nothing(values, DEFAULTS.get(column, set())):
            frame = frame.drop(columns=column)
        elif target not in frame.columns:
            frame = frame.rename(columns={column: target})
        else:
            gaps = frame[target].map(is_missing)
            frame[target] = frame[target].where(~gaps, values)
            if all(is_missing(v) or v == t for v, t in zip(values, frame[target])):
                frame = frame.drop(columns=column)
    return frame


def _carries_nothing(values: pd.Series, defaults: set) -> bool:
    """True when every value is missing, blank, or what GDAL fills in when the KML says nothing."""
    return all(is_missing(v) or v in defaults for v in values)

