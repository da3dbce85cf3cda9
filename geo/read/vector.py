"""GeoJSON, GeoPackage, Shapefile, KML and KMZ through pyogrio (GDAL).

GDAL is fast but terse, and for some broken input it is silent: it skips GeoJSON array members that
are not Features, and it reads a shapefile without its .dbf as geometry only. Every file is
therefore checked for what it really is first, and nothing GDAL drops goes unreported.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
import shapely.geometry
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.errors import GEOSException

from geo.errors import InputError
from geo.read import kml
from geo.read.raw import RawRead, ReadOptions, RowProblem
from geo.read.sniff import CHUNK, check_encoding, is_utf8, to_utf8

GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString",
                 "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
# A shapefile's sidecar files without which GDAL fails (.shx) or silently reads no attributes (.dbf).
SIDECARS = {".shx": "index", ".dbf": "attribute table (.dbf)"}
_GEOMETRY_MEMBER = b'"geometry"'
Scratch = Callable[[], Path]  # makes a temporary folder that lives as long as the read


def read_geojson(path: Path, options: ReadOptions) -> RawRead:
    """A GeoJSON file (in ``options.encoding`` if not UTF-8); when GDAL fails or reads fewer
    features than the file has, say why."""
    with _scratch() as scratch:
        source = _plain_name(_utf8_source(path, options.encoding, scratch), scratch)
        try:
            # Arrays as JSON, decoded to lists: GDAL's typed lists fail pyogrio on e.g. [false, false].
            # A column of arrays in some features and text in others stays text: the validator says so.
            with warnings.catch_warnings():  # TopoJSON and ESRI JSON (also .json) have no such option
                warnings.filterwarnings("ignore", "driver .* does not support open option", RuntimeWarning)
                warnings.filterwarnings("ignore", "Could not parse column .* as JSON", UserWarning)
                read = read_frame(source, path.name, options.what, options.layer, ARRAY_AS_STRING="YES")
        except InputError as exc:
            problem = _json_problem(path, source)
            if problem is not None:
                raise InputError(problem) from None
            # Valid GeoJSON that GDAL's parser refuses (a number like 1e999, a value of megabytes):
            # Python's reads it, and each feature is then judged on its own.
            gdal_says = str(exc).split(" (", 1)[-1].rstrip(")")
            read = _read_with_python(source, gdal_says, path.name)
        if _count(source, _GEOMETRY_MEMBER) > len(read.frame):
            _check_nothing_lost(path, source, len(read.frame))
    return _flat(read)


def read_parquet(path: Path, options: ReadOptions) -> RawRead:
    """A GeoParquet file (pyarrow): its geometry column and CRS from the file's 'geo' metadata.

    Columns of lists stay lists; a Parquet file without that metadata (plain Parquet, no
    geometry) is refused with a sentence saying so.
    """
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
    except Exception as exc:  # noqa: BLE001 - pyarrow's many error types: say it cannot be read
        raise InputError(f"{path.name}: cannot be read as Parquet ({str(exc).strip()[:200]})") from None
    if b"geo" not in metadata:
        raise InputError(f"{path.name}: is Parquet but not GeoParquet: it has no 'geo' metadata naming a "
                         "geometry column; write it with GeoDataFrame.to_parquet, or give the table as CSV "
                         "with latitude and longitude columns")
    try:
        declared = json.loads(metadata[b"geo"])
        assert isinstance(declared, dict) and isinstance(declared.get("columns"), dict)
    except (ValueError, AssertionError):
        raise InputError(f"{path.name}: field 'geo' (the GeoParquet metadata): expected JSON naming the geometry "
                         f"columns, found {metadata[b'geo'][:60]!r}") from None
    try:
        frame = gpd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - metadata that does not match its column, garbage bytes...
        raise InputError(f"{path.name}: is GeoParquet whose geometry cannot be read: its 'geo' metadata does "
                         f"not match its geometry column ({str(exc).strip()[:160]})") from None
    frame = frame.rename_geometry("geometry") if frame.geometry.name != "geometry" else frame
    return _flat(RawRead(frame))


def read_geopackage(path: Path, options: ReadOptions) -> RawRead:
    """One layer of a GeoPackage (always UTF-8): the one named, or the only one there is."""
    return _flat(read_frame(path, path.name, options.what, _one_layer(path, path, options.layer, options.what)))


def read_shapefile(path: Path, options: ReadOptions) -> RawRead:
    """A shapefile; ``options.encoding`` is its .dbf's, which otherwise says its own in .cpg."""
    _check_sidecars(path)
    return _flat(read_frame(path, path.name, options.what, None, encoding=options.encoding))


def read_kml(path: Path, options: ReadOptions) -> RawRead:
    """Every folder (GDAL layer) of a KML or KMZ, one frame, the folder in column 'folder'.

    Each Placemark's style, when any has one, is in the columns 'style' (its id) and
    'style_colour' (CSS #rrggbb); heights (Z) are dropped, once for the file, as a note.
    """
    with _scratch() as scratch:
        source = kml.extract_kml(path, scratch()) if path.suffix.lower() == ".kmz" else path
        encoding = options.encoding or kml.declared_encoding(source)
        source = _utf8_source(source, encoding, scratch, path.name, kml.declare_utf8)
        containers = kml.placemark_styles(source, path.name)  # before GDAL: a DTD is refused first
        with kml.prefixed_fields():
            every = _layer_names(path, source, options.what)
            layers = ([_one_layer(path, source, options.layer, options.what)] if options.layer is not None
                      else every)
            reads = [read_frame(source, path.name, options.what, name) for name in layers]
    if not reads:  # a KML with no Placemark at all: no features, but a CRS all the same
        return RawRead(gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs="EPSG:4326"))
    notes = _with_styles(reads, layers, every, containers) if kml.has_styles(containers) else []
    if len(reads) > 1:
        for read, name in zip(reads, layers):
            read.frame = read.frame.assign(folder=name)
    whole = _concat(reads)
    whole.frame = kml.tidy(whole.frame)
    whole.notes = (*whole.notes, *notes)
    return _flat(whole, always=True)


def _with_styles(reads: list[RawRead], layers: list[str | None], every: list[str],
                 containers: list[kml.Container]) -> list[str]:
    """Each read given its Placemarks' style columns, matched to GDAL's rows layer by layer and in
    document order; a note instead when they cannot be matched (nothing is guessed)."""
    matched = _match_containers(reads, layers, every, containers)
    if matched is None:
        return ["the Placemarks' styles are not read: GDAL's layers do not match the document's "
                "folders one for one"]
    for read, container in zip(reads, matched):
        styles = container.styles if container is not None else [(None, None)] * len(read.frame)
        read.frame = read.frame.assign(**{kml.STYLE: [s for s, _ in styles],
                                          kml.STYLE_COLOUR: [c for _, c in styles]})
    return []


def _match_containers(reads: list[RawRead], layers: list[str | None], every: list[str],
                      containers: list[kml.Container]) -> list[kml.Container | None] | None:
    """The container of each read: by position when GDAL made one layer of each (as LIBKML does),
    else by name; None when some layer with features has no container of the same size."""
    if len(every) == len(containers):
        by_position = dict(zip(every, containers))
        found = [by_position.get(name) if name is not None else containers[0] for name in layers]
        if all(c is not None and len(c.placemarks) == len(r.frame) for c, r in zip(found, reads)):
            return found
    unused, matched = list(containers), []
    for read, name in zip(reads, layers):
        container = next((c for c in unused if len(c.placemarks) == len(read.frame)
                          and (name is None or c.name == name)), None)
        if container is None and len(read.frame):
            return None
        if container is not None:
            unused.remove(container)
        matched.append(container)
    return matched


def flatten_z(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """The frame with every geometry made 2D, and how many had a Z (height)."""
    geometries = np.asarray(frame.geometry.array, dtype=object)
    has_z = shapely.has_z(geometries)
    count = int(has_z.sum())
    if not count:
        return frame, 0
    flat = geometries.copy()
    with np.errstate(invalid="ignore"):  # a NaN coordinate stays NaN: the validator names it
        flat[has_z] = shapely.force_2d(geometries[has_z])
    return frame.set_geometry(gpd.GeoSeries(flat, index=frame.index, crs=frame.crs, name=frame.geometry.name)), count


def _flat(read: RawRead, always: bool = False) -> RawRead:
    """Heights dropped for the whole file, said once as a note: always (KML and KMZ, where Google
    Earth writes an altitude of 0 for every point), or when every feature has one. A file where
    only some have a height keeps them: the validator repairs and reports each, as unusual."""
    geometries = np.asarray(read.frame.geometry.array, dtype=object)
    present = ~shapely.is_missing(geometries)
    present[present] = ~shapely.is_empty(geometries[present])
    if not present.any() or not (always or shapely.has_z(geometries[present]).all()):
        return read
    read.frame, count = flatten_z(read.frame)
    if count:
        plural = "feature" if count == 1 else "features"
        read.notes = (*read.notes, f"dropped the height (Z) of {count} {plural}: the map is 2D")
    return read


@contextmanager
def _scratch() -> Iterator[Scratch]:
    """``scratch()`` makes a temporary folder; all are removed when the read is done."""
    with ExitStack() as stack:
        yield lambda: Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="geo-read-")))


def read_frame(source: Path, label: str, what: str, layer: str | None, **options: Any) -> RawRead:
    """One layer through pyogrio; a geometry GEOS cannot build (unclosed ring, one-point line) is None.

    Without this, one such feature fails the whole file with a GEOS message naming no feature.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        try:
            try:
                read = RawRead(pyogrio.read_dataframe(source, layer=layer, **options))
            except GEOSException:
                frame = pyogrio.read_dataframe(source, layer=layer, on_invalid="ignore", **options)
                read = RawRead(frame, _undecodable(source, layer, frame))
        except (DataSourceError, DataLayerError) as exc:
            raise _unreadable(label, what, exc) from None
    read.notes = _gdal_notes(caught)
    return read


# What GDAL warns of that the validator reports anyway, feature by feature.
_REPORTED = ("Feature gets NULL geometry", "Invalid coord dimension", "Non closed ring")


def _gdal_notes(caught: list[warnings.WarningMessage]) -> tuple[str, ...]:
    """GDAL's warnings as one-line notes, each once; those the validator reports anyway left out;
    any other warning passed on as it came."""
    notes = []
    for warning in caught:
        if not issubclass(warning.category, RuntimeWarning):
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
            continue
        text = str(warning.message).strip().splitlines()[0]
        if not any(known in text for known in _REPORTED) and f"GDAL: {text}" not in notes:
            notes.append(f"GDAL: {text}")
    return tuple(notes)


def _undecodable(source: Path, layer: str | None, frame: gpd.GeoDataFrame) -> dict[int, list[RowProblem]]:
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


def _one_layer(path: Path, source: Path, layer: str | None, what: str) -> str | None:
    """The layer to read: the one named (which must exist), or the only one there is."""
    layers = _layer_names(path, source, what)
    if layer is not None and layer not in layers:
        raise InputError(f"{path.name}: has no layer {layer!r}; its layers are: {', '.join(layers)}")
    if layer is None and len(layers) > 1:
        raise InputError(
            f"{path.name}: holds {len(layers)} layers ({', '.join(layers)}); "
            "name the one to read (layer='...', or 'file.gpkg:layer' on the command line)")
    return layer


def _layer_names(path: Path, source: Path, what: str) -> list[str]:
    """The layers GDAL finds in ``source``, or InputError when it cannot open it at all."""
    try:
        return [str(name) for name, _ in pyogrio.list_layers(source)]
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(path.name, what, exc) from None


def _unreadable(label: str, what: str, exc: Exception) -> InputError:
    """GDAL could not open or read the file: say as what, and GDAL's first line of why."""
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


_PLAIN_NAME = re.compile(r"[\w .,+=@%/-]*")  # what GDAL takes for a file name and nothing else


def _plain_name(path: Path, scratch: Scratch) -> Path:
    """The file under a name GDAL opens as a file: it reads a '!' in a path as the start of a
    path inside an archive (so 'a!b.geojson' is 'b.geojson' in 'a'), and fails to open names
    with ';' and other marks, so such a file is linked under a plain name first."""
    if _PLAIN_NAME.fullmatch(str(path)):
        return path
    link = scratch() / f"layer{path.suffix}"
    try:
        link.symlink_to(path.resolve())
    except OSError:
        shutil.copyfile(path, link)
    return link


def _concat(reads: list[RawRead]) -> RawRead:
    """Reads one after the other, with their problems renumbered to the rows of the whole."""
    problems, offset = {}, 0
    for read in reads:
        problems.update({offset + row: found for row, found in read.problems.items()})
        offset += len(read.frame)
    frames = [r.frame for r in reads]
    filled = [f for f in frames if len(f)] or frames[:1]
    whole = filled[0] if len(filled) == 1 else gpd.GeoDataFrame(
        pd.concat(filled, ignore_index=True), geometry="geometry", crs=filled[0].crs)
    notes = tuple(dict.fromkeys(note for read in reads for note in read.notes))
    return RawRead(whole, problems, notes=notes)


def _read_with_python(source: Path, why: str, label: str) -> RawRead:
    """The features of a GeoJSON file through Python's JSON parser: properties as they are, and
    each geometry that shapely cannot build left out with its reason."""
    data = json.loads(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError(f"{label}: expected a GeoJSON object, found JSON {type(data).__name__}")
    members = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    if not isinstance(members, list):
        raise InputError(f"{label}: field 'features': expected a list of features, found "
                         f"{json.dumps(members)[:60]}")
    rows, geometries, problems = [], [], {}
    for row, member in enumerate(members):
        rows.append({key: _as_gdal_reads(value) for key, value in (member.get("properties") or {}).items()})
        geometry = member.get("geometry")
        try:
            geometries.append(shapely.geometry.shape(geometry) if geometry else None)
        except (GEOSException, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            geometries.append(None)
            problems[row] = [("geometry", "a GeoJSON geometry", f"one that cannot be built ({exc})")]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows, dtype=object), geometry=geometries, crs="EPSG:4326")
    note = f"read with Python's JSON parser, as GDAL's could not read it ({why})"
    return RawRead(frame, problems, notes=(note,))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _as_gdal_reads(value: Any) -> Any:
    """A property as GDAL's parser gives it: a lone surrogate (an unpaired \\ud800 escape) becomes
    U+FFFD, so that a file reads the same whichever parser read it."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_as_gdal_reads(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_gdal_reads(v) for k, v in value.items()}
    return value


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
    skipped = [f"#{i + 1} ({_shape_in_words(m)})" for i, m in enumerate(members)
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
    except RecursionError:
        raise InputError(f"{path.name}: is not GeoJSON that can be read: its JSON nests arrays or objects "
                         "thousands of levels deep (GeoJSON needs a handful)") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise InputError(f"{path.name}: is not complete JSON: it ends at byte {path.stat().st_size} "
                             "in the middle of a value (truncated download?)") from None
        raise InputError(f"{path.name}: is not valid JSON: invalid JSON at line {exc.lineno}, "
                         f"column {exc.colno} ({exc.msg})") from None


def _type_and_features(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's keys, with the values of all but "type" and "features" dropped."""
    return {key: value if key in ("type", "features") else None for key, value in pairs}


def _shape_in_words(member: Any) -> str:
    """How a member of "features" that is not a Feature looks, in a few words."""
    if not isinstance(member, dict):
        return "null" if member is None else f"a JSON {type(member).__name__}"
    if "type" not in member:
        return 'no "type"'
    return f'"type": {json.dumps(member["type"])}'


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
