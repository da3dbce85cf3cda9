"""Read and validate in one go: a file becomes a ``Layer`` of what can be drawn, and its report.

Every feature read is either in the layer (perhaps repaired) or in the report as rejected, with
its raw record: nothing is lost. A file that cannot be read at all raises InputError.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyarrow as pa

from geo.errors import InputError, Problem
from geo.layer import Layer
from geo.read import RawRead, ReadOptions, Region, detect_kind, read_raw, split_layer, to_wgs84
from geo.read.known import known_frame
from geo.schema import GAPS_COLUMN, PLAIN, Kind, get_kind, infer_kind
from geo.validate.defaults import check_defaults, with_defaults, with_snapshot_spans
from geo.validate.fields import check, feature_labels, without_rejected
from geo.validate.outliers import far_points
from geo.validate.repair import infer_region, repair_all
from geo.validate.report import LayerReport, raise_rejects, raw_record


def layer_name(path: Path) -> str:
    """A layer's display name from its file: posts_2020.geojson → 'Posts 2020'."""
    return path.stem.replace("_", " ").replace("-", " ").capitalize()


def read_checked(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
                 layer: str | None = None, encoding: str | None = None, region: Region | None = None,
                 swap_latlon: bool = False, name: str | None = None, show: bool = True,
                 defaults: Mapping[str, Any] | None = None,
                 known: Mapping[str, tuple[str, Collection[str]]] | None = None,
                 columns: Mapping[str, str] | None = None, strict: bool = False,
                 date_format: str | None = None) -> tuple[Layer, LayerReport]:
    """The file's drawable features (valid or repaired) as a Layer in EPSG:4326, and the report
    of what was read, repaired and rejected, and why.

    ``region`` (west, south, east, north) is where features are expected: one far outside it whose
    swap falls inside has latitude and longitude swapped (default: where most of the layer lies).
    Such features are rejected, or swapped when ``swap_latlon``. ``columns`` maps fields to the
    file's columns ({"name": "place"}); ``defaults`` are values of any field for the features
    that have none of their own; a folder is read as dated snapshots; ``date_format`` (e.g.
    '%m/%d/%Y') says how its dates are written when their order is not clear. ``known``: for a field,
    the values the context allows (see ``geo.validate.fields.check``). A file whose columns say
    no kind is drawn as plain features. ``strict``: publication rules (see ``check``).
    """
    path, spec_layer = split_layer(path) if layer is None else (Path(path), layer)
    raw = read_raw(path, ReadOptions(layer=spec_layer, encoding=encoding, region=region))
    notes = list(raw.notes)
    raw = replace(raw, frame=with_columns(known_frame(raw.frame, notes), columns or {}, path.name), notes=tuple(notes))
    kind = get_kind(kind) if kind is not None else detect_kind(path, raw.frame, spec_layer)
    raw = to_wgs84(raw, path, crs)
    source = path.name if spec_layer is None else f"{path.name}:{spec_layer}"
    checked = check_read(raw, kind, source, name=name or layer_name(path), show=show, region=region,
                         swap_latlon=swap_latlon, defaults=defaults, known=known, strict=strict,
                         date_format=date_format)
    del raw  # the cells as read (Arrow's text columns): what follows needs only the checked values
    pa.default_memory_pool().release_unused()  # and give their memory back, lowering the build's peak
    return checked


def check_read(raw: RawRead, kind: Kind, source: str, *, name: str, show: bool = True,
               region: Region | None = None, swap_latlon: bool = False, defaults: Mapping[str, Any] | None = None,
               known: Mapping[str, tuple[str, Collection[str]]] | None = None,
               strict: bool = False, date_format: str | None = None) -> tuple[Layer, LayerReport]:
    """What a read (a file's, or a GeoDataFrame's, in EPSG:4326) gives the map: the one way every
    input is checked (see ``read_checked``)."""
    if defaults and not kind.plain:
        check_defaults(defaults, kind, name)
    frame = with_snapshot_spans(with_defaults(raw.frame, defaults or {}), kind)
    notes = list(raw.notes)
    if kind.plain:
        frame, named = with_name_column(frame)
        notes += [named] if named else []
    labels = feature_labels(frame)
    original = list(frame.geometry)
    problems: list[Problem] = []

    def add(row: int, field: str, expected: str, found: str, repair: str = "") -> None:
        problems.append(Problem(source, labels[row], field, expected, found, repair, row=row))

    for row, found in raw.problems.items():
        for field, expected, text in found:
            add(row, field, expected, text)
    repaired = repair_all(original, kind, region or infer_region(original), swap_latlon,
                          lambda row, fix: add(row, fix.field, fix.expected, fix.found, fix.repair))
    frame = frame.set_geometry(gpd.GeoSeries(repaired, index=frame.index, crs=frame.crs))
    clean, found = check(frame, kind, source, labels, known, strict=strict, date_format=date_format, notes=notes)
    # A row the reader could not place, or that is swapped, is explained once, not twice.
    explained = set(raw.problems) | {p.row for p in problems if p.rejected and p.field == "geometry"}
    problems += [p for p in found if not (p.field == "geometry" and p.row in explained)]
    rejected = {p.row for p in problems if p.rejected}
    far = {row: why for row, why in far_points(clean.geometry.array, region).items() if row not in rejected}
    if strict:
        for row, why in far.items():
            add(row, "geometry", "a position near the rest of the layer (a geocoder's wrong place?)", why)
    elif far:
        clean = with_gaps(clean, {row: f"suspected geocoding error: {why}" for row, why in far.items()})
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    drawn = without_rejected(clean, problems)
    report = LayerReport(source, len(frame), problems, notes=tuple(notes), gaps=gap_counts(drawn))
    rows = sorted(report.rejected_rows)
    for row, record in zip(rows, frame.iloc[rows].to_dict("records")):
        report.records[row] = raw_record({**record, frame.geometry.name: original[row]})
    return Layer(name, kind, drawn, source, show, tuple(notes)), report


def check_frame(frame: gpd.GeoDataFrame, kind: str | Kind | None = None, *, name: str = "Features",
                columns: Mapping[str, str] | None = None, defaults: Mapping[str, Any] | None = None,
                show: bool = True, strict: bool = False, swap_latlon: bool = False,
                region: Region | None = None, date_format: str | None = None) -> tuple[Layer, LayerReport]:
    """A GeoDataFrame checked as a file's features are (``read_checked``): a Layer in EPSG:4326
    and its report. A frame without a CRS is taken to be in EPSG:4326 when its coordinates fit
    (as ``GeoDataFrame.explore`` assumes), which the report notes."""
    notes: list[str] = []
    frame = with_columns(known_frame(frame, notes), columns or {}, name)
    if frame.crs is None:
        bounds = frame.total_bounds if len(frame) else (0, 0, 0, 0)
        if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
            raise InputError(f"{name}: the GeoDataFrame has no CRS and its coordinates are not degrees "
                             f"(bounds {', '.join(f'{b:g}' for b in bounds)}); set one with .set_crs(...)")
        frame = frame.set_crs("EPSG:4326")
        notes.append("no CRS set: taken as EPSG:4326 (longitude, latitude), as its coordinates fit")
    elif not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    found = get_kind(kind) if kind is not None else (infer_kind(frame) or PLAIN)
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry") if "geometry" not in frame.columns else frame
    raw = RawRead(frame.reset_index(drop=frame.index.name is None), notes=tuple(notes))
    return check_read(raw, found, name, name=name, show=show, defaults=defaults, strict=strict,
                      swap_latlon=swap_latlon, region=region, date_format=date_format)


def with_columns(frame: gpd.GeoDataFrame, columns: Mapping[str, str], where: str) -> gpd.GeoDataFrame:
    """The frame with each field taken from the column the map names ({field: column}); the
    column keeps its own name too when it is not renamed (it may serve two fields)."""
    if not columns:
        return frame
    missing = {field: column for field, column in columns.items() if column not in frame.columns}
    if missing:
        have = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)
        field, column = next(iter(missing.items()))
        raise InputError(f"{where}: columns: field {field!r}: expected a column of the file ({have}), "
                         f"found {column!r}")
    out = frame.copy()
    for field, column in columns.items():
        out[field] = frame[column]
    used = set(columns.values()) - set(columns)
    return out.drop(columns=[c for c in used if c != frame.geometry.name])


NAME_COLUMNS = ("name", "title", "label", "name_en", "place", "location", "admin")


def with_name_column(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, str]:
    """A plain layer's features named from the column that names them (NAME, title, label...)
    when it has no 'name' column: what tooltips, labels and the search box show; and a note."""
    if "name" in frame.columns:
        return frame, ""
    lowered = {str(c).lower(): c for c in frame.columns if c != frame.geometry.name}
    column = next((lowered[n] for n in NAME_COLUMNS if n in lowered), None)
    if column is None:
        return frame, ""
    return frame.assign(name=frame[column]), f"features named from the column {column!r}"


def with_gaps(frame: gpd.GeoDataFrame, found: Mapping[int, str]) -> gpd.GeoDataFrame:
    """The frame with ``found`` (row → words) added to its features' gaps."""
    gaps = list(frame[GAPS_COLUMN]) if GAPS_COLUMN in frame.columns else [[] for _ in range(len(frame))]
    for row, words in found.items():
        gaps[row] = [*gaps[row], words]
    out = frame.copy(deep=False)  # copy-on-write: the other columns shared, not a million cells copied
    out[GAPS_COLUMN] = pd.Series(gaps, index=frame.index, dtype=object)
    return out


def gap_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many features lack each thing (their ``gaps``), most first: {'no source given': 3}."""
    if GAPS_COLUMN not in frame.columns:
        return {}
    counts: dict[str, int] = {}
    for words in frame[GAPS_COLUMN]:
        for key in dict.fromkeys(text.split(":", 1)[0].split(" (", 1)[0] for text in words or ()):
            counts[key] = counts.get(key, 0) + 1  # features, not mentions
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def read_layer(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
               layer: str | None = None, encoding: str | None = None,
               swap_latlon: bool = False, strict: bool = False) -> gpd.GeoDataFrame:
    """Read one layer file as a validated GeoDataFrame in EPSG:4326.

    ``kind`` defaults to what the file declares, or its name or columns say; ``crs`` declares the
    CRS of a file that has none (a shapefile without .prj). Raises ValidationError listing every
    rejected feature (``strict``: publication rules too); ``read_checked`` instead returns what
    can be drawn, and the report.
    """
    drawn, report = read_checked(path, kind, crs=crs, layer=layer, encoding=encoding,
                                 swap_latlon=swap_latlon, strict=strict)
    raise_rejects([report])
    return drawn.frame
