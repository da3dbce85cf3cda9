"""What is particular to KML and KMZ (Google Earth, Google My Maps): the KML inside a KMZ, the
declared encoding, the columns GDAL's LIBKML driver adds to every Placemark, and the styles.

GDAL names its own Placemark fields Name, description, id... and when a Placemark's ExtendedData
has a field of the same name, one silently overwrites the other. So the built-in fields are read
under a ``kml_`` prefix (LIBKML_*_FIELD options) and mapped to ours afterwards, ExtendedData first.

Maps drawn in Google Earth often say what a Placemark is only by its style (``<styleUrl>#ru</styleUrl>``
with a red ``<Style id="ru">``). GDAL (pyogrio) gives no column for it, so ``placemark_styles``
reads the styles from the XML itself, and ``vector.read_kml`` puts them in the columns ``style``
(the style's id) and ``style_colour`` (its colour as CSS ``#rrggbb``).
"""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyogrio

from geo.errors import InputError
from geo.read.sniff import CHUNK, head
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
    return _keep_style(frame)


def _keep_style(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``style`` and ``style_colour`` columns kept when the style varies between Placemarks, or
    when it is all there is to say of them (no other column carries anything); dropped otherwise."""
    if STYLE not in frame.columns:
        return frame
    styles = frame[STYLE].map(lambda v: None if is_missing(v) else v)
    varies = styles.nunique(dropna=False) > 1
    others = [c for c in frame.columns if c not in (STYLE, STYLE_COLOUR, "folder", frame.geometry.name)]
    alone = not others or all(_carries_nothing(frame[c], set()) for c in others)
    if varies or alone:
        return frame
    return frame.drop(columns=[c for c in (STYLE, STYLE_COLOUR) if c in frame.columns])


def _carries_nothing(values: pd.Series, defaults: set) -> bool:
    """True when every value is missing, blank, or what GDAL fills in when the KML says nothing."""
    return all(is_missing(v) or v in defaults for v in values)



# --- styles ---------------------------------------------------------------------------------------

STYLE, STYLE_COLOUR = "style", "style_colour"
# The sub-styles whose colour a feature takes, in order of preference (an area's fill first).
COLOUR_FROM = ("PolyStyle", "LineStyle", "IconStyle")
_KML_COLOUR = re.compile(r"\s*#?([0-9a-fA-F]{8})\s*")
_CONTAINERS = ("Document", "Folder", "kml")


@dataclass
class _Style:
    """A <Style>: the colour of each sub-style (KML's aabbggrr), as written."""

    colours: dict[str, str] = field(default_factory=dict)


@dataclass
class _Placemark:
    url: str | None = None  # its <styleUrl>
    inline: _Style | None = None  # a <Style> of its own


@dataclass
class Container:
    """A Document or Folder, which GDAL's LIBKML driver reads as one layer, and its Placemarks."""

    tag: str
    name: str | None = None
    placemarks: list[_Placemark] = field(default_factory=list)
    styles: list[tuple[str | None, str | None]] = field(default_factory=list)  # (style, #rrggbb) each


class RefusedDocument(ValueError):
    """The document declares a DTD: KML needs none, and entities are never expanded."""


class _StyleReader:
    """An ElementTree parser target that keeps only what styles need, streaming: the containers,
    each Placemark's styleUrl or own Style, each shared Style's colours and each StyleMap's pairs."""

    def __init__(self) -> None:
        self.containers: list[Container] = []
        self.styles: dict[str, _Style] = {}
        self.maps: dict[str, dict[str, str]] = {}  # StyleMap id -> {key: styleUrl}
        self._path: list[str] = []  # local names of the open elements
        self._open: list[Container] = []
        self._placemark: _Placemark | None = None
        self._style: _Style | None = None
        self._map: dict[str, str] | None = None
        self._pair: dict[str, str] = {}
        self._substyle: str | None = None
        self._text: list[str] = []

    def doctype(self, name, pubid, system) -> None:  # noqa: ANN001 - ElementTree's target API
        raise RefusedDocument(f"it declares a DOCTYPE ({name}); KML needs none, and its entities are not read")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        parent = self._path[-1] if self._path else None
        self._path.append(local)
        self._text = []
        ident = attrib.get("id")
        if local in _CONTAINERS:
            container = Container(local)
            self.containers.append(container)
            self._open.append(container)
        elif local == "Placemark":
            self._placemark = _Placemark()
        elif local == "Style":
            self._style = _Style()
            if ident:
                self.styles[ident] = self._style
            if parent == "Placemark" and self._placemark is not None:
                self._placemark.inline = self._style
        elif local == "StyleMap":
            self._map = {}
            if ident:
                self.maps[ident] = self._map
        elif local == "Pair":
            self._pair = {}
        elif local in COLOUR_FROM:
            self._substyle = local

    def data(self, text: str) -> None:
        self._text.append(text)

    def end(self, tag: str) -> None:
        local = self._path.pop()
        parent = self._path[-1] if self._path else None
        text = "".join(self._text).strip()
        self._text = []
        if local in _CONTAINERS:
            self._open.pop()
        elif local == "name" and parent in _CONTAINERS and self._open and self._open[-1].name is None:
            self._open[-1].name = text
        elif local == "Placemark" and self._placemark is not None:
            if self._open:
                self._open[-1].placemarks.append(self._placemark)
            self._placemark = None
        elif local == "styleUrl" and parent == "Placemark" and self._placemark is not None:
            self._placemark.url = text
        elif local == "styleUrl" and parent == "Pair":
            self._pair["url"] = text
        elif local == "key" and parent == "Pair":
            self._pair["key"] = text
        elif local == "Pair" and self._map is not None and "url" in self._pair:
            self._map.setdefault(self._pair.get("key", "normal"), self._pair["url"])
        elif local == "StyleMap":
            self._map = None
        elif local == "Style":
            self._style = None
        elif local in COLOUR_FROM:
            self._substyle = None
        elif local == "color" and parent in COLOUR_FROM and self._style is not None:
            self._style.colours.setdefault(parent, text)

    def close(self) -> _StyleReader:
        return self


def css_colour(kml_colour: str | None) -> str | None:
    """KML's aabbggrr (alpha, blue, green, red) as CSS #rrggbb; None when it is not such a colour."""
    found = _KML_COLOUR.fullmatch(kml_colour or "")
    if not found:
        return None
    digits = found.group(1).lower()
    return f"#{digits[6:8]}{digits[4:6]}{digits[2:4]}"


def _fragment(url: str | None) -> str | None:
    """A styleUrl's style id: '#ru' and 'styles.kml#ru' → 'ru'."""
    if not url or not url.strip():
        return None
    return url.strip().rsplit("#", 1)[-1] or None


def _colour_of(style: _Style | None) -> str | None:
    for substyle in COLOUR_FROM:
        colour = css_colour(style.colours.get(substyle)) if style is not None else None
        if colour:
            return colour
    return None


def _resolve(reader: _StyleReader, url: str | None, depth: int = 0) -> str | None:
    """The colour a styleUrl leads to, through StyleMaps (their 'normal' style) as far as it goes."""
    ident = _fragment(url)
    if ident is None or depth > 5:
        return None
    if ident in reader.maps:
        pairs = reader.maps[ident]
        return _resolve(reader, pairs.get("normal") or next(iter(pairs.values()), None), depth + 1)
    return _colour_of(reader.styles.get(ident))


def placemark_styles(path: Path, label: str | None = None) -> list[Container]:
    """The containers GDAL's LIBKML driver reads as layers, in its order (each Folder; a Document,
    or the <kml> root, when it holds Placemarks itself), each with its Placemarks' (style, colour).

    Read with ElementTree, streaming, in chunks; a document with a DOCTYPE is refused (KML has
    none, and no entity is ever expanded). InputError naming the file when the XML is broken.
    """
    reader = _StyleReader()
    parser = ET.XMLParser(target=reader)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                parser.feed(chunk)
        parser.close()
    except RefusedDocument as exc:
        raise InputError(f"{label or path.name}: is not KML that can be read: {exc}") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(f"{label or path.name}: is not well-formed XML: {str(exc).split(':')[0]} at line "
                         f"{line}, column {column + 1}") from None
    layers = [c for c in reader.containers if c.tag == "Folder" or c.placemarks]
    for container in layers:
        for placemark in container.placemarks:
            colour = _colour_of(placemark.inline) or _resolve(reader, placemark.url)
            container.styles.append((_fragment(placemark.url), colour))
    return layers


def has_styles(containers: list[Container]) -> bool:
    """Whether any Placemark has a style or a colour."""
    return any(style or colour for c in containers for style, colour in c.styles)
