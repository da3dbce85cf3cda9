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
from geo.schema import KIND_COLUMN, KINDS, Kind, declared_kinds, get_kind

WGS84 = "EPSG:4326"

__all__ = ["RawRead", "ReadOptions", "Region", "detect_kind", "read_raw", "read_table_file",
           "split_layer", "to_wgs84"]


def split_layer(spec: str | Path) -> tuple[Path, str | None]:
    """'file.gpkg:layer' → (file.gpkg, layer); anything else → (path, None)."""
    text = str(spec)
    head, sep, tail = text.rpartition(":")
    if sep and head.lower().endswith(".gpkg") and tail and "/" not in tail:
        return Path(head), tail
    return Path(text), None


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
    is read as dated snapshots (``geo.read.folder``), each file by its own format."""
    if path.is_dir() and not path.is_symlink():
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
    """The kind a file declares in its 'kind' column, else the one its name (or layer) says."""
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
    for name in filter(None, (layer, path.stem)):
        stem = name.lower()
        for kind in KINDS.values():
            if any(stem == s or stem.startswith(s + "-") or stem.startswith(s + "_")
                   or stem.endswith("-" + s) or stem.endswith("_" + s) for s in kind.file_stems):
                return kind
    names = ", ".join(f"{k.file_stems[0]}.*" for k in KINDS.values())
    raise InputError(
        f"{path.name}: cannot tell which kind of layer this is; add a 'kind' field "
        f"({', '.join(KINDS)}) or name the file {names}")


def _sidecar_crs(path: Path) -> str | None:
    prj = path.with_suffix(".prj")
    return prj.read_text(encoding="utf-8").strip() if prj.exists() else None


def to_wgs84(read: RawRead, path: Path, crs: str | None) -> RawRead:
    """The read's frame in EPSG:4326: its own CRS, else ``crs``, a .prj beside it, or the reader's hint."""
    frame = read.frame
    declared = crs or (None if frame.crs is not None else _sidecar_crs(path) or read.crs_hint)
    if declared is not None:
        try:
            frame = frame.set_crs(CRS.from_user_input(declared), allow_override=True)
        except CRSError as exc:
            raise InputError(f"{path.name}: CRS {declared[:60]!r} is not understood ({exc})") from None
    if frame.crs is None:
        raise InputError(
            f"{path.name}: declares no coordinate reference system, so its coordinates cannot be "
            f"placed. Declare one: put e.g. EPSG:4326 in {path.with_suffix('.prj').name} beside it, "
            f"set crs = \"EPSG:4326\" on the layer in the scenario, or pass --crs EPSG:4326")
    if not frame.crs.equals(CRS.from_user_input(WGS84)):
        frame = frame.to_crs(WGS84)
    return replace(read, frame=frame)
