"""Read: one module per format, each giving the file's features as they are (``RawRead``).

Nothing here validates: ``geo.validate`` types, repairs and checks what the readers return.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.errors import InputError
from geo.progress import reading
from geo.read import sniff
from geo.read.folder import read_folder
from geo.read.formats import CSV, SUFFIXES, format_of
from geo.read.raw import DEFAULT_OPTIONS, RawRead, ReadOptions, Region
from geo.read.table import read_table
from geo.schema import KIND_COLUMN, KINDS, PLAIN, Kind, declared_kinds, get_kind, infer_kind

WGS84 = "EPSG:4326"

__all__ = ["RawRead", "ReadOptions", "Region", "detect_kind", "read_raw", "read_table_file",
           "split_layer", "to_wgs84"]


VSIZIP = "/vsizip/"


def split_layer(spec: str | Path) -> tuple[Path, str | None]:
    """'file.gpkg:layer' → (file.gpkg, layer); 'file.zip:inner' → (file.zip, inner); GDAL's
    '/vsizip/path/file.zip/inner.shp' → (path/file.zip, 'inner.shp'); anything else → (path, None).

    In '/vsizip/', as in GDAL, a path after it is relative ('/vsizip/data/x.zip') unless it starts
    with a second '/' ('/vsizip//home/me/x.zip'); one that does not exist relative but does from
    the root is taken from the root.
    """
    text = str(spec)
    if text.startswith(VSIZIP):
        return _vsizip(text[len(VSIZIP):])
    head, sep, tail = text.rpartition(":")
    if sep and tail and ((head.lower().endswith(".gpkg") and "/" not in tail)
                         or (head.lower().endswith(".zip") and "\\" not in tail)):
        return Path(head), tail
    return Path(text), None


def _vsizip(rest: str) -> tuple[Path, str | None]:
    """The archive and the path inside it of what follows '/vsizip/'."""
    lowered = rest.lower()
    end = lowered.find(".zip/")
    archive, inner = (rest, None) if end < 0 else (rest[:end + 4], rest[end + 5:].strip("/") or None)
    path = Path(archive)
    if not path.is_absolute() and not path.exists() and Path("/" + archive).exists():
        path = Path("/" + archive)
    return path, inner


def _exists(path: Path) -> None:
    """InputError naming what the path is when it is not a file that can be read."""
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except RuntimeError:  # Python 3.11's word for a loop
            raise InputError(f"{path}: is a symbolic link that loops back on itself") from None
        except OSError as exc:
            if "loop" in str(exc).lower():
                raise InputError(f"{path}: is a symbolic link that loops back on itself") from None
            raise InputError(f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist") from None
    if not path.exists():
        raise InputError(f"{path}: no such file")


def read_raw(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> RawRead:
    """The file's features as its format gives them, before any typing or CRS handling. A folder
    is read as dated snapshots (``geo.read.folder``), each file by its own format; so is a symbolic
    link to a folder. A ZIP archive is read by the format of the layer file inside it."""
    if path.is_symlink():
        _exists(path)  # a link that loops or leads nowhere is named as such
    if path.is_dir():  # a folder, or a symbolic link to one
        return read_folder(path, options, SUFFIXES, read_raw)
    _exists(path)
    found = format_of(path)
    if found is None:
        raise InputError(f"{path.name}: unknown format {path.suffix or '(no suffix)'}; "
                         f"use one of {', '.join(SUFFIXES)}")
    with reading(path):
        return found.read(path, replace(options, what=found.name))


def read_table_file(path: Path, encoding: str | None = None) -> pd.DataFrame:
    """A CSV table (no geometry, e.g. the control table) as text cells."""
    _exists(path)
    sniff.check_format(path, CSV.name, CSV.looks_like)
    return read_table(path, encoding)


def detect_kind(path: Path, frame: pd.DataFrame, layer: str | None = None) -> Kind:
    """The kind a file declares in its 'kind' column, else the one its name (or layer) or its
    columns say; else the plain kind (points, lines and areas drawn as they come)."""
    if KIND_COLUMN in frame.columns:
        declared = declared_kinds(frame[KIND_COLUMN])
        if len(declared) == 1:
            try:
                return get_kind(declared.pop())
            except KeyError as exc:
                raise InputError(f"{path.name}: field 'kind': {exc.args[0]}") from None
        if len(declared) > 1:
            raise InputError(f"{path.name}: field 'kind': expected one kind for the whole file, "
                             f"found {', '.join(sorted(declared))}")
    for name in filter(None, (Path(layer).stem if layer else None, path.stem)):
        stem = name.lower()
        for kind in KINDS.values():
            if any(stem == s or stem.startswith(s + "-") or stem.startswith(s + "_")
                   or stem.endswith("-" + s) or stem.endswith("_" + s) for s in kind.file_stems):
                return kind
    found = infer_kind(frame)  # a category column (place_type, zone_type...) says it
    return found if found is not None else PLAIN  # none: drawn as plain features, as they come


def _sidecar_crs(path: Path) -> str | None:
    prj = path.with_suffix(".prj")
    return prj.read_text(encoding="utf-8").strip() if prj.exists() else None


def _in_degrees(frame) -> bool:
    """Whether every position lies within ±180 longitude and ±90 latitude (and there is one)."""
    placed = frame.geometry.dropna()
    if placed.empty:
        return False
    west, south, east, north = placed.total_bounds
    return -180 <= west <= east <= 180 and -90 <= south <= north <= 90


def to_wgs84(read: RawRead, path: Path, crs: str | None) -> RawRead:
    """The read's frame in EPSG:4326: its own CRS, else ``crs``, a .prj beside it, or the reader's hint."""
    frame = read.frame
    declared = crs or (None if frame.crs is not None else _sidecar_crs(path) or read.crs_hint)
    if declared is not None:
        try:
            frame = frame.set_crs(CRS.from_user_input(declared), allow_override=True)
        except CRSError as exc:
            raise InputError(f"{path.name}: CRS {declared[:60]!r} is not understood ({exc})") from None
    if frame.crs is None and path.suffix.lower() == ".csv" and _in_degrees(frame):
        # latitude and longitude columns whose values are degrees: WGS84, as GPS and every export write them
        frame = frame.set_crs(WGS84)
        read = replace(read, notes=(*read.notes, "no CRS declared: latitude and longitude read as WGS84 degrees "
                                                 "(EPSG:4326); pass --crs if they are not"))
    if frame.crs is None:
        raise InputError(
            f"{path.name}: declares no coordinate reference system, so its coordinates cannot be "
            f"placed. Declare one: put e.g. EPSG:4326 in {path.with_suffix('.prj').name} beside it, "
            f"set crs = \"EPSG:4326\" on the layer in the scenario, or pass --crs EPSG:4326")
    if not frame.crs.equals(CRS.from_user_input(WGS84)):
        frame = frame.to_crs(WGS84)
    return replace(read, frame=frame)
