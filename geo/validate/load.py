"""Read and validate in one go: a file becomes a ``Layer`` of what can be drawn, and its report.

Every feature read is either in the layer (perhaps repaired) or in the report as rejected, with
its raw record: nothing is lost. A file that cannot be read at all raises InputError.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.errors import Problem
from geo.layer import Layer
from geo.read import ReadOptions, Region, detect_kind, read_raw, split_layer, to_wgs84
from geo.schema import Kind, get_kind
from geo.validate.defaults import check_defaults, with_defaults, with_snapshot_spans
from geo.validate.fields import check, feature_labels, without_rejected
from geo.validate.repair import infer_region, repair_all
from geo.validate.report import LayerReport, raise_rejects, raw_record


def layer_name(path: Path) -> str:
    """A layer's display name from its file: posts_2020.geojson → 'Posts 2020'."""
    return path.stem.replace("_", " ").replace("-", " ").capitalize()


def read_checked(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
                 layer: str | None = None, encoding: str | None = None, region: Region | None = None,
                 swap_latlon: bool = False, name: str | None = None, show: bool = True,
                 defaults: Mapping[str, Any] | None = None,
                 known: Mapping[str, tuple[str, Collection[str]]] | None = None) -> tuple[Layer, LayerReport]:
    """The file's drawable features (valid or repaired) as a Layer in EPSG:4326, and the report
    of what was read, repaired and rejected, and why.

    ``region`` (west, south, east, north) is where features are expected: one far outside it whose
    swap falls inside has latitude and longitude swapped (default: where most of the layer lies).
    Such features are rejected, or swapped when ``swap_latlon``. ``defaults`` are values of
    any field for the features that have none of their own; a folder is read as dated snapshots.
    ``known``: for a field, the values the context allows (see ``geo.validate.fields.check``).
    """
    path, spec_layer = split_layer(path) if layer is None else (Path(path), layer)
    raw = read_raw(path, ReadOptions(layer=spec_layer, encoding=encoding, region=region))
    kind = get_kind(kind) if kind is not None else detect_kind(path, raw.frame, spec_layer)
    raw = to_wgs84(raw, path, crs)
    if defaults:
        check_defaults(defaults, kind, name or path.name)
    frame = with_snapshot_spans(with_defaults(raw.frame, defaults or {}), kind)
    source = path.name if spec_layer is None else f"{path.name}:{spec_layer}"
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
    clean, found = check(frame, kind, source, labels, known)
    # A row the reader could not place, or that is swapped, is explained once, not twice.
    explained = set(raw.problems) | {p.row for p in problems if p.rejected and p.field == "geometry"}
    problems += [p for p in found if not (p.field == "geometry" and p.row in explained)]
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    report = LayerReport(source, len(frame), problems, notes=raw.notes)
    rows = sorted(report.rejected_rows)
    for row, record in zip(rows, frame.iloc[rows].to_dict("records")):
        report.records[row] = raw_record({**record, frame.geometry.name: original[row]})
    drawn = Layer(name or layer_name(path), kind, without_rejected(clean, problems), source, show, raw.notes)
    return drawn, report


def read_layer(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
               layer: str | None = None, encoding: str | None = None,
               swap_latlon: bool = False) -> gpd.GeoDataFrame:
    """Read one layer file as a validated GeoDataFrame in EPSG:4326.

    ``kind`` defaults to what the file declares or its name says; ``crs`` declares the CRS of a
    file that has none (CSV, shapefile without .prj). Raises ValidationError listing every
    rejected feature; ``read_checked`` instead returns what can be drawn, and the report.
    """
    drawn, report = read_checked(path, kind, crs=crs, layer=layer, encoding=encoding,
                                 swap_latlon=swap_latlon)
    raise_rejects([report])
    return drawn.frame
