"""Readers: one module per format; each returns raw features, this module types and validates them.

Everything leaves ``read_layer`` as a validated GeoDataFrame in EPSG:4326, with the layer's kind
and source file in ``.attrs``.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.errors import InputError, Problem, ValidationError
from geo.read.table import SUFFIXES as TABLE_SUFFIXES, read_csv
from geo.read.vector import SUFFIXES as VECTOR_SUFFIXES, read_vector
from geo.schema import KINDS, Kind, get_kind
from geo.validate import KIND_COLUMN, check, feature_label

WGS84 = "EPSG:4326"
SUFFIXES = VECTOR_SUFFIXES + TABLE_SUFFIXES


def split_layer(spec: str | Path) -> tuple[Path, str | None]:
    """'file.gpkg:layer' → (file.gpkg, layer); anything else → (path, None)."""
    text = str(spec)
    head, sep, tail = text.rpartition(":")
    if sep and head.lower().endswith(".gpkg") and tail and "/" not in tail:
        return Path(head), tail
    return Path(text), None


def read_raw(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """The file's features as its format gives them, before any typing or CRS handling."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return read_csv(path)
    if suffix in VECTOR_SUFFIXES:
        return read_vector(path, layer)
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
                 layer: str | None = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """The layer normalised to its schema and EPSG:4326, with every problem found (not raised)."""
    path, spec_layer = split_layer(path) if layer is None else (Path(path), layer)
    raw = read_raw(path, spec_layer)
    kind = get_kind(kind) if isinstance(kind, str) else kind or detect_kind(path, raw, spec_layer)
    raw = _to_wgs84(raw, path, crs)
    frame, problems = check(raw, kind, path.name)
    bad_coordinates = raw.attrs.get("bad_coordinates", {})
    # A row whose coordinates did not parse has no geometry: say why once, not twice.
    unplaced = {feature_label(raw, i) for i in bad_coordinates}
    problems = [p for p in problems if not (p.field == "geometry" and p.feature in unplaced)]
    for position, text in bad_coordinates.items():
        problems.append(Problem(path.name, feature_label(raw, position), "latitude/longitude",
                                "decimal degrees", text))
    frame.attrs.pop("bad_coordinates", None)
    return frame, problems


def read_layer(path: str | Path, kind: str | Kind | None = None, *, crs: str | None = None,
               layer: str | None = None) -> gpd.GeoDataFrame:
    """Read one layer file as a validated GeoDataFrame in EPSG:4326.

    ``kind`` defaults to what the file declares or its name says; ``crs`` declares the CRS of a
    file that has none (CSV, shapefile without .prj). Raises ValidationError with every problem.
    """
    frame, problems = read_checked(path, kind, crs=crs, layer=layer)
    if problems:
        raise ValidationError(problems)
    return frame
