"""Check a GeoDataFrame (or a plain table) against its schema and return it normalised.

Every problem in every feature is collected before anything is raised, so that a user fixing a
file sees the whole list at once.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import Problem, ValidationError
from geo.progress import progress
from geo.schema import CONTROL_FIELDS, KIND_COLUMN, SOURCE_KEYS, Field, Kind
from geo.values import (
    BadValue,
    describe,
    is_missing,
    period_end,
    period_start,
    to_choice,
    to_date,
    to_integer,
    to_list,
    to_number,
    to_sources,
    to_text,
)

# A spreadsheet may give one source as flat columns instead of a JSON 'sources' list.
FLAT_SOURCE_COLUMNS = {f"source_{key}": key for key in SOURCE_KEYS}


def feature_labels(frame: pd.DataFrame, id_field: str = "id") -> list[str]:
    """How errors name each feature: its id when it has a usable one, else its 1-based position."""
    ids = frame[id_field].tolist() if id_field in frame.columns else [None] * len(frame)
    return [repr(value.strip()) if isinstance(value, str) and value.strip() else f"#{position + 1}"
            for position, value in enumerate(ids)]


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


def _with_flat_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Fold source_publisher/source_url/... columns into a one-item 'sources' list."""
    flat = [c for c in frame.columns if c in FLAT_SOURCE_COLUMNS]
    if "sources" in frame.columns or not flat:
        return frame
    records = frame[flat].to_dict("records")
    sources = [[{FLAT_SOURCE_COLUMNS[c]: v for c, v in r.items() if not is_missing(v)}]
               if any(not is_missing(v) for v in r.values()) else [] for r in records]
    out = frame.drop(columns=flat)
    out["sources"] = sources
    return out


def check_fields(frame: pd.DataFrame, fields: Sequence[Field], problem,
                 source: str = "") -> dict[str, list[Any]]:
    """Typed values of every field for every row; ``problem(i, field, expected, found)`` for each fault.

    A progress bar shows on the terminal when this takes more than a second (large files).
    """
    clean: dict[str, list[Any]] = {f.name: [] for f in fields}
    for field in progress(fields, len(frame), f"checking {source}".strip()):
        # .array gives each value as .iloc would (a Timestamp, not a numpy datetime64), far faster.
        column = frame[field.name].array if field.name in frame.columns else None
        for i in range(len(frame)):
            raw = None if column is None else column[i]
            if is_missing(raw):
                if field.required and field.type == "sources":
                    problem(i, field.name, "at least one source {publisher, url, date}", "nothing")
                elif field.required:
                    problem(i, field.name, f"a value ({field.label.lower()})", "nothing")
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
    return clean


def _check_lifespan(clean: dict[str, list[Any]], kind: Kind, problem) -> None:
    start, end = kind.lifespan
    if not (start and end):
        return
    for i, (first, last) in enumerate(zip(clean[start], clean[end])):
        if first and last and period_end(last) < period_start(first):
            problem(i, end, f"a date on or after {start} ({first})", repr(last))


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
    if not np.isfinite(coords).all():
        return "finite coordinates", describe(coords[~np.isfinite(coords).all(axis=1)].tolist()[0])
    if not ((coords[:, 0] >= -180) & (coords[:, 0] <= 180)).all() or not (
            (coords[:, 1] >= -90) & (coords[:, 1] <= 90)).all():
        return "longitude in [-180, 180] and latitude in [-90, 90]", describe(coords.tolist()[0])
    if not geom.is_valid:
        return "a valid geometry", shapely.is_valid_reason(geom)
    return None


def _check_unique(values: list[Any], field: str, problem) -> None:
    """The first feature with an id keeps it; each later one is rejected, naming the first."""
    first: dict[Any, int] = {}
    for i, value in enumerate(values):
        if not value:
            continue
        if value in first:
            problem(i, field, f"an {field} unique in the layer",
                    f"{value!r}, already the {field} of feature #{first[value] + 1} (which is kept)")
        else:
            first[value] = i


def check(frame: gpd.GeoDataFrame, kind: Kind, source: str, labels: list[str] | None = None,
          known: Mapping[str, tuple[str, Collection[str]]] | None = None,
          ) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """The frame with clean values in schema order (extra columns kept after), and all problems.

    ``labels`` name the rows in problems (default: ``feature_labels(frame)``); ``known`` gives,
    for a field, what its values must be (in words) and the values the context allows (the
    scenario's sides for a zone's controller).
    """
    frame = _with_flat_sources(frame)
    problems: list[Problem] = []
    labels = labels or feature_labels(frame)

    def problem(i: int, field: str, expected: str, found: str) -> None:
        problems.append(Problem(source, labels[i], field, expected, found, row=i))

    clean = check_fields(frame, kind.fields, problem, source)
    _check_unique(clean["id"], "id", problem)
    _check_lifespan(clean, kind, problem)
    for field, value, needed in kind.required_when:
        for i, (given, other) in enumerate(zip(clean[field], clean[needed])):
            if given == value and is_missing(other):
                problem(i, needed, f"a value ({kind.field(needed).label.lower()}) for a {field} of {value!r}",
                        "nothing")
    for field, (what, allowed) in (known or {}).items():
        for i, value in enumerate(clean.get(field, ())):
            if value is not None and value not in allowed:
                problem(i, field, f"{what}: {', '.join(sorted(allowed))}", repr(value))

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
    data = dict(clean)
    for name in extra:
        data[name] = list(frame[name])
    out = gpd.GeoDataFrame(data, geometry=list(frame.geometry), crs=frame.crs, index=frame.index)
    return out, problems


def check_control(table: pd.DataFrame, source: str,
                  place_ids: set[str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The control-changes table typed, and every problem (unknown places included)."""
    table = _with_flat_sources(table)
    problems: list[Problem] = []
    labels = [f"row {i + 2}" for i in range(len(table))]  # as a spreadsheet numbers them

    def problem(i: int, field: str, expected: str, found: str) -> None:
        problems.append(Problem(source, labels[i], field, expected, found, row=i))

    clean = check_fields(table, CONTROL_FIELDS, problem, source)
    if place_ids is not None:
        for i, place in enumerate(clean["place_id"]):
            if place and place not in place_ids:
                problem(i, "place_id", "the id of a place in the scenario", repr(place))
    return pd.DataFrame(clean), problems


def validate(frame: gpd.GeoDataFrame, kind: Kind, source: str = "<GeoDataFrame>") -> gpd.GeoDataFrame:
    """The normalised frame, or ValidationError listing every problem."""
    out, problems = check(frame, kind, source)
    if problems:
        raise ValidationError(problems)
    return out


def without_rejected(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The rows no problem rejects, in their order."""
    rejected = {p.row for p in problems if p.rejected and p.row is not None}
    keep = [i for i in range(len(frame)) if i not in rejected]
    return frame.iloc[keep].reset_index(drop=True)
