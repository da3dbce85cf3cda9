"""Readers: one module per format; each returns raw features, this module types and validates them.

Everything leaves ``read_layer`` as a validated GeoDataFrame in EPSG:4326, with the layer's kind
and source file in ``.attrs``.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.errors import InputError, Problem
from geo.progress import reading
from geo.repair import Region, infer_region, repair_all
from geo.report import LayerReport, raise_rejects, raw_record
from geo.read.table import SUFFIXES as TABLE_SUFFIXES, read_csv
from geo.read.vector import SUFFIXES as VECTOR_SUFFIXES, read_vector
from geo.schema import KINDS, Kind, get_kind
from geo.validate import KIND_COLUMN, check, feature_labels, without_rejected

WGS84 = "EPSG:4326"
SUFFIXES = VECTOR_SUFFIXES + TABLE_SUFFIXES


def split_layer(spec: str | Path) -> tuple[Path, str | None]:
    """'file.gpkg:layer' → (file.gpkg, layer); anything else → (path, None)."""
    text = str(spec)
    head, sep, tail = text.rpartition(":")
    if sep and head.lower().endswith(".gpkg") and tail and "/" not in tail:
        return Path(head), tail
    return Path(text), None


def read_raw(path: Path, layer: str | None = None, encoding: str | None = None,
             region: Region | None = None) -> gpd.GeoDataFrame:
    """The file's features as its format gives them, before any typing or CRS handling."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        with reading(path):
            return read_csv(path, encoding=encoding, region=region)
    if suffix in VECTOR_SUFFIXES:
        with reading(path):
            return read_vector(path, layer, encoding=encoding)
    raise InputError(f"{path.name}: unknown format {suffix or '(no suffix)'}; "
                     f"use one of {', '.join(SUFFIXES)}")


def detect_kind(path: Path, frame: gpd.GeoDataFrame, layer: str | None = None) -> Kind:
    """The kind a file declares in its 'kind' column, else the one its name (or layer) says."""
    if KIND_COLUMN in frame.columns:
        declared = {str(v).strip().lower() for v in frame[KIND_COLUMN].dropna() if str(v).strip()}
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
    raise InputError(
        f"{path.name}: cannot tell which kind of layer this is; add a 'kind' field "
        f"({', '.join(KINDS)}) or name the file posts.*, places.*, zones.* or routes.*")


def _sidecar_crs(path: Path) -> str | None:
    prj = path.with_suffix(".prj")
    return prj.read_text(encoding="utf-8").strip() if prj.exists() else None


def _to_wgs84(frame: gpd.GeoDataFrame, path: Path, crs: str | None) -> gpd.GeoDataFrame:
    declared = crs or (None if frame.crs is not None else _sidecar_crs(path))
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
    return frame


def read_checked(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
                 layer: str | None = None, encoding: str | None = None, region: Region | None = None,
                 swap_latlon: bool = False) -> tuple[gpd.GeoDataFrame, LayerReport]:
    """The layer's drawable features (valid or repaired), normalised, in EPSG:4326; and the report
    of what was read, repaired and rejected, and why.

    ``region`` (west, south, east, north) is where features are expected: one far outside it whose
    swap falls inside has latitude and longitude swapped (default: where most of the layer lies).
    Such features are rejected, or swapped when ``swap_latlon``. A file that cannot be read at all
    raises InputError.
    """
    path, spec_layer = split_layer(path) if layer is None else (Path(path), layer)
    raw = read_raw(path, spec_layer, encoding=encoding, region=region)
    # Taken out of attrs at once: pandas deep-copies attrs on every column or row taken.
    from_reader = dict(raw.attrs)
    raw.attrs.clear()
    kind = get_kind(kind) if isinstance(kind, str) else kind or detect_kind(path, raw, spec_layer)
    raw = _to_wgs84(raw, path, crs or from_reader.get("crs_hint"))
    source = path.name if spec_layer is None else f"{path.name}:{spec_layer}"
    labels = feature_labels(raw)
    original = list(raw.geometry)
    problems: list[Problem] = []

    def add(row: int, field: str, expected: str, found: str, repair: str = "") -> None:
        problems.append(Problem(source, labels[row], field, expected, found, repair, row=row))

    unplaced = from_reader.get("reader_problems", {})
    for row, found in unplaced.items():
        for field, expected, text in found:
            add(row, field, expected, text)
    region = region or infer_region(original)
    repaired = repair_all(original, kind, region, swap_latlon,
                          lambda row, fix: add(row, fix.field, fix.expected, fix.found, fix.repair))
    raw = raw.set_geometry(gpd.GeoSeries(repaired, index=raw.index, crs=raw.crs))
    frame, found = check(raw, kind, source, labels)
    # A row the reader could not place, or that is swapped, is explained once, not twice.
    explained = set(unplaced) | {p.row for p in problems if p.rejected and p.field == "geometry"}
    problems += [p for p in found if not (p.field == "geometry" and p.row in explained)]
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    report = LayerReport(source, len(raw), problems)
    rows = sorted(report.rejected_rows)
    for row, record in zip(rows, raw.iloc[rows].to_dict("records")):
        report.records[row] = raw_record({**record, raw.geometry.name: original[row]})
    return without_rejected(frame, problems), report


def read_layer(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
               layer: str | None = None, encoding: str | None = None,
               swap_latlon: bool = False) -> gpd.GeoDataFrame:
    """Read one layer file as a validated GeoDataFrame in EPSG:4326.

    ``kind`` defaults to what the file declares or its name says; ``crs`` declares the CRS of a
    file that has none (CSV, shapefile without .prj). Raises ValidationError listing every
    rejected feature; ``read_checked`` instead returns what can be drawn, and the report.
    """
    frame, report = read_checked(path, kind, crs=crs, layer=layer, encoding=encoding,
                                 swap_latlon=swap_latlon)
    raise_rejects([report])
    return frame
