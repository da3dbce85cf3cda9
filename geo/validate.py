"""Check a GeoDataFrame against its kind's schema and return it normalised.

Every problem in every feature is collected before anything is raised, so that a user fixing a
file sees the whole list at once.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import Problem, ValidationError
from geo.schema import Field, Kind
from geo.values import (BadValue, describe, is_missing, to_choice, to_date, to_integer, to_list,
                        to_number, to_sources, to_text)

KIND_COLUMN = "kind"


def feature_label(frame: pd.DataFrame, position: int) -> str:
    """How an error names a feature: its id when it has a usable one, else its 1-based position."""
    if "id" in frame.columns:
        value = frame["id"].iloc[position]
        if isinstance(value, str) and value.strip():
            return repr(value.strip())
    return f"#{position + 1}"


def _coerce(value: Any, field: Field) -> Any:
    if field.type == "text":
        return to_text(value)
    if field.type == "number":
        return to_number(value, field)
    if field.type == "integer":
        return to_integer(value, field)
    if field.type == "date":
        return to_date(value)
    if field.type == "choice":
        return to_choice(value, field)
    if field.type == "list":
        return to_list(value)
    raise AssertionError(f"unhandled field type {field.type}")


def _check_geometry(geom: Any, kind: Kind) -> tuple[str, str] | None:
    """(expected, found) when the geometry cannot be drawn as this kind, else None."""
    allowed = " or ".join(kind.geometry_types)
    if geom is None or (isinstance(geom, float) and pd.isna(geom)):
        return allowed, "no geometry"
    if geom.is_empty:
        return allowed, f"an empty {geom.geom_type}"
    if geom.geom_type not in kind.geometry_types:
        return allowed, geom.geom_type
    coords = shapely.get_coordinates(geom)
    if not ((coords[:, 0] >= -180) & (coords[:, 0] <= 180)).all() or not (
            (coords[:, 1] >= -90) & (coords[:, 1] <= 90)).all():
        return "longitude in [-180, 180] and latitude in [-90, 90]", describe(coords.tolist()[0])
    if not geom.is_valid:
        return "a valid geometry", shapely.is_valid_reason(geom)
    return None


def check(frame: gpd.GeoDataFrame, kind: Kind, source: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """The frame with clean values in schema order (extra columns kept after), and all problems."""
    problems: list[Problem] = []
    labels = [feature_label(frame, i) for i in range(len(frame))]

    def problem(i: int, field: str, expected: str, found: str) -> None:
        problems.append(Problem(source, labels[i], field, expected, found))

    clean: dict[str, list[Any]] = {f.name: [] for f in kind.fields}
    for field in kind.fields:
        column = frame[field.name] if field.name in frame.columns else None
        for i in range(len(frame)):
            raw = None if column is None else column.iloc[i]
            if is_missing(raw):
                if field.required and field.type != "sources":
                    problem(i, field.name, f"a value ({field.label.lower()})", "nothing")
                elif field.required:
                    problem(i, field.name, "at least one source {publisher, url, date}", "nothing")
                clean[field.name].append([] if field.type in ("list", "sources") else None)
                continue
            try:
                if field.type == "sources":
                    value, bad = to_sources(raw)
                    for sub, expected, found in bad:
                        problem(i, sub, expected, found)
                else:
                    value = _coerce(raw, field)
            except BadValue as bad:
                problem(i, field.name, bad.expected, bad.found)
                value = None
            clean[field.name].append(value)

    for value, count in Counter(v for v in clean["id"] if v).items():
        if count > 1:
            for i, v in enumerate(clean["id"]):
                if v == value:
                    problem(i, "id", "an id unique in the layer", f"{value!r} used {count} times")

    if KIND_COLUMN in frame.columns:
        for i, raw in enumerate(frame[KIND_COLUMN]):
            if not is_missing(raw) and str(raw).strip().lower() not in (kind.name, *kind.file_stems):
                problem(i, KIND_COLUMN, f"{kind.name!r} (this layer's kind)", describe(raw))

    for i, geom in enumerate(frame.geometry):
        bad = _check_geometry(geom, kind)
        if bad:
            problem(i, "geometry", *bad)

    extra = [c for c in frame.columns
             if c not in clean and c not in (KIND_COLUMN, frame.geometry.name)]
    data = {name: values for name, values in clean.items()}
    for name in extra:
        data[name] = list(frame[name])
    out = gpd.GeoDataFrame(data, geometry=list(frame.geometry), crs=frame.crs, index=frame.index)
    out.attrs.update(frame.attrs)
    out.attrs["kind"] = kind.name
    out.attrs["source"] = source
    return out, problems


def validate(frame: gpd.GeoDataFrame, kind: Kind, source: str = "<GeoDataFrame>") -> gpd.GeoDataFrame:
    """The normalised frame, or ValidationError listing every problem."""
    out, problems = check(frame, kind, source)
    if problems:
        raise ValidationError(problems)
    return out
