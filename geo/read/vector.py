"""GeoJSON, GeoPackage, Shapefile, KML and KMZ through pyogrio (GDAL).

GDAL is fast but terse, and for some broken input it is silent: it skips GeoJSON array members that
are not Features, and it reads a shapefile without its .dbf as geometry only. Every file is
therefore checked for what it really is first, and nothing GDAL drops goes unreported.
"""
from __future__ import annotations

import json
import tempfile
import warnings
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Callable

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.errors import GEOSException

from geo.errors import InputError
from geo.read import kml
from geo.read.sniff import CHUNK, FORMAT_NAMES, check_encoding, check_format, is_utf8, to_utf8

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".kml", ".kmz")
JSON_SUFFIXES = (".geojson", ".json")
GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString",
                 "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
# A shapefile's sidecar files without which GDAL fails (.shx) or silently reads no attributes (.dbf).
SIDECARS = {".shx": "index", ".dbf": "attribute table (.dbf)"}
_GEOMETRY_MEMBER = b'"geometry"'
Scratch = Callable[[], Path]  # makes a temporary folder that lives as long as the read


def read_vector(path: Path, layer: str | None = None, encoding: str | None = None) -> gpd.GeoDataFrame:
    """The file's features as read, CRS as declared by the file (None when it declares none).

    ``encoding`` is the text encoding of a GeoJSON or KML file, or of a shapefile's .dbf (which
    otherwise says its own in .cpg); a GeoPackage is always UTF-8. Nothing is validated here, but
    nothing is lost either: a feature GDAL cannot decode comes out with no geometry, and why is in
    ``frame.attrs["reader_problems"]``.
    """
    check_format(path)
    suffix = path.suffix.lower()
    with ExitStack() as stack:
        def scratch() -> Path:
            """A temporary folder, removed when the read is done."""
            return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="geo-read-")))

        if suffix in (".kml", ".kmz"):
            frame = _read_kml(path, layer, encoding, scratch)
        elif suffix in JSON_SUFFIXES:
            frame = _read_geojson(path, layer, encoding, scratch)
        else:
            if suffix == ".shp":
                _check_sidecars(path)
            frame = read_frame(path, path.name, _one_layer(path, path, layer),
                               encoding=encoding if suffix == ".shp" else None)
    return frame


def read_frame(source: Path, label: str, layer: str | None, **options: Any) -> gpd.GeoDataFrame:
    """One layer through pyogrio; a geometry GEOS cannot build (unclosed ring, one-point line) is None.

    Without this, one such feature fails the whole file with a GEOS message naming no feature.
    """
    try:
        try:
            return pyogrio.read_dataframe(source, layer=layer, **options)
        except GEOSException:
            frame = pyogrio.read_dataframe(source, layer=layer, on_invalid="ignore", **options)
            frame.attrs["reader_problems"] = _undecodable(source, layer, frame)
            return frame
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(label, exc) from None


def _undecodable(source: Path, layer: str | None, frame: gpd.GeoDataFrame) -> dict[int, list[tuple]]:
    """{row: [("geometry", expected, found)]} for each geometry GDAL read but GEOS rejected."""
    _, _, wkb, _ = pyogrio.raw.read(source, layer=layer, columns=[])
    problems = {}
    for row in range(len(frame)):
        if wkb[row] is not None and frame.geometry.iloc[row] is None:
            try:
                shapely.from_wkb(wkb[row])
            except GEOSException as exc:
                reason = str(exc).split(": ", 1)[-1]
                problems[row] = [("geometry", "a geometry that can be built", reason)]
    return problems


def _one_layer(path: Path, source: Path, layer: str | None) -> str | None:
    """The layer to read: the one named (which must exist), or the only one there is."""
    layers = _layer_names(path, source)
    if layer is not None and layer not in layers:
        raise InputError(f"{path.name}: has no layer {layer!r}; its layers are: {', '.join(layers)}")
    if layer is None and len(layers) > 1:
        raise InputError(
            f"{path.name}: holds {len(layers)} layers ({', '.join(layers)}); "
            "name the one to read (layer='...', or 'file.gpkg:layer' on the command line)")
    return layer


def _layer_names(path: Path, source: Path) -> list[str]:
    """The layers GDAL finds in ``source``, or InputError when it cannot open it at all."""
    try:
        return [str(name) for name, _ in pyogrio.list_layers(source)]
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(path.name, exc) from None


def _unreadable(label: str, exc: Exception) -> InputError:
    """GDAL could not open or read the file: say as what, and GDAL's first line of why."""
    what = FORMAT_NAMES.get(Path(label).suffix.lower(), Path(label).suffix)
    return InputError(f"{label}: cannot be read as {what} ({_first_line(exc)})")


def _check_sidecars(path: Path) -> None:
    """InputError naming a shapefile's missing .shx or .dbf, before GDAL fails or drops attributes."""
    for suffix, what in SIDECARS.items():
        if not any(path.with_suffix(s).exists() for s in (suffix, suffix.upper())):
            raise InputError(
                f"{path.name}: its {what} file {path.with_suffix(suffix).name} is missing beside it; "
                "a shapefile is several files with the same name (.shp, .shx, .dbf, .prj, .cpg): "
                "copy or unzip them all into the same folder")


def _utf8_source(path: Path, encoding: str | None, scratch: Scratch, label: str | None = None,
                 first: Callable[[str], str] = str) -> Path:
    """The text file itself when it is UTF-8, else a UTF-8 copy (GDAL reads only UTF-8 text)."""
    encoding = check_encoding(path, encoding, label)
    if is_utf8(encoding):
        return path
    return to_utf8(path, encoding, scratch() / path.name, first)


def _read_kml(path: Path, layer: str | None, encoding: str | None, scratch: Scratch) -> gpd.GeoDataFrame:
    """Every folder (GDAL layer) of a KML or KMZ, one frame, the folder in column 'folder'."""
    source = kml.extract_kml(path, scratch()) if path.suffix.lower() == ".kmz" else path
    encoding = encoding or kml.declared_encoding(source)
    source = _utf8_source(source, encoding, scratch, path.name, kml.declare_utf8)
    with kml.prefixed_fields():
        layers = ([_one_layer(path, source, layer)] if layer is not None
                  else _layer_names(path, source))
        frames = [read_frame(source, path.name, name) for name in layers]
    if not frames:  # a KML with no Placemark at all: no features, but a CRS all the same
        return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs="EPSG:4326")
    if len(frames) > 1:
        frames = [f.assign(folder=name) for f, name in zip(frames, layers)]
    return kml.tidy(_concat(frames))


def _concat(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Frames one after the other, with reader_problems renumbered to the rows of the whole."""
    problems, offset = {}, 0
    for frame in frames:
        problems.update({offset + row: found for row, found in frame.attrs.get("reader_problems", {}).items()})
        offset += len(frame)
    filled = [f for f in frames if len(f)] or frames[:1]
    whole = filled[0] if len(filled) == 1 else gpd.GeoDataFrame(
        pd.concat(filled, ignore_index=True), geometry="geometry", crs=filled[0].crs)
    whole.attrs = {"reader_problems": problems} if problems else {}
    return whole


def _read_geojson(path: Path, layer: str | None, encoding: str | None, scratch: Scratch) -> gpd.GeoDataFrame:
    """A GeoJSON file; when GDAL fails or reads fewer features than the file has, say why."""
    source = _utf8_source(path, encoding, scratch)
    try:
        # Arrays as JSON, decoded to lists: GDAL's typed lists fail pyogrio on e.g. [false, false].
        # A column of arrays in some features and text in others stays text: the validator says so.
        with warnings.catch_warnings():  # TopoJSON and ESRI JSON (also .json) have no such option
            warnings.filterwarnings("ignore", "driver .* does not support open option", RuntimeWarning)
            warnings.filterwarnings("ignore", "Could not parse column .* as JSON", UserWarning)
            frame = read_frame(source, path.name, layer, ARRAY_AS_STRING="YES")
    except InputError as exc:
        raise InputError(_json_problem(path, source) or str(exc)) from None
    if _count(source, _GEOMETRY_MEMBER) > len(frame):
        _check_nothing_lost(path, source, len(frame))
    return frame


def _count(path: Path, needle: bytes) -> int:
    """How often ``needle`` occurs in a file, read in chunks (a cheap upper bound on its features)."""
    count, tail = 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            text = tail + chunk
            count += text.count(needle)
            tail = text[-(len(needle) - 1):]
    return count


def _check_nothing_lost(path: Path, source: Path, rows: int) -> None:
    """InputError when the file holds features GDAL did not return, naming them if they are not Features.

    GDAL skips, without a word, members of "features" that are not {"type": "Feature", ...}
    (a lowercase "feature", a missing "type", null, a bare geometry).
    """
    outline = _outline(path, source)
    members = outline.get("features", []) if isinstance(outline, dict) else []
    skipped = [f"#{i + 1} ({_describe(m)})" for i, m in enumerate(members)
               if not (isinstance(m, dict) and m.get("type") == "Feature")]
    if skipped:
        raise InputError(
            f"{path.name}: {len(skipped)} of the {len(members)} members of \"features\" are not "
            f"GeoJSON Features and would be lost: {', '.join(skipped[:10])}"
            f"{' ...' if len(skipped) > 10 else ''}; each must be an object with \"type\": \"Feature\"")
    if len(members) > rows:
        raise InputError(f"{path.name}: holds {len(members)} features but only {rows} could be read; "
                         f"{len(members) - rows} would be lost")


def _json_problem(path: Path, source: Path) -> str | None:
    """Why a file GDAL could not read is not GeoJSON, in words; None if Python finds nothing wrong."""
    try:
        outline = _outline(path, source)
    except InputError as exc:
        return str(exc)
    kind = outline.get("type") if isinstance(outline, dict) else None
    if kind not in GEOJSON_TYPES:
        found = (f'"type": {json.dumps(kind)}' if kind is not None else
                 f"an object with keys {', '.join(list(outline)[:6])}" if isinstance(outline, dict) else
                 f"a JSON {type(outline).__name__.replace('list', 'array')}")
        return (f"{path.name}: is JSON but not GeoJSON: expected an object with \"type\": "
                f"\"FeatureCollection\" (or \"Feature\"), found {found}")
    return None


def _outline(path: Path, source: Path) -> Any:
    """The JSON with every object reduced to its keys, "type" and "features": cheap to parse whole.

    Used only when something is wrong, to say what: where the JSON breaks, or which members
    of "features" are not Features.
    """
    try:
        return json.loads(source.read_text(encoding="utf-8"), object_pairs_hook=_type_and_features)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise InputError(f"{path.name}: is not complete JSON: it ends at byte {path.stat().st_size} "
                             "in the middle of a value (truncated download?)") from None
        raise InputError(f"{path.name}: is not valid JSON: invalid JSON at line {exc.lineno}, "
                         f"column {exc.colno} ({exc.msg})") from None


def _type_and_features(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's keys, with the values of all but "type" and "features" dropped."""
    return {key: value if key in ("type", "features") else None for key, value in pairs}


def _describe(member: Any) -> str:
    """How a member of "features" that is not a Feature looks, in a few words."""
    if not isinstance(member, dict):
        return "null" if member is None else f"a JSON {type(member).__name__}"
    if "type" not in member:
        return 'no "type"'
    return f'"type": {json.dumps(member["type"])}'


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
