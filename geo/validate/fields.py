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

from geo.dates import parse_date_column
from geo.errors import Problem, ValidationError
from geo.progress import progress
from geo.schema import CONTROL_FIELDS, GAPS_COLUMN, KIND_COLUMN, SOURCE_KEYS, Field, Kind, gap_words, lenient
from geo.validate.repair import RANGE, first_bad_vertex
from geo.values import (
    BadValue,
    is_missing,
    period_end,
    period_start,
    short_repr,
    to_choice,
    to_date,
    to_integer,
    to_list,
    to_number,
    to_sidc,
    to_sources,
    to_text,
)

_NUMERIC = ("number", "integer")
# A spreadsheet may give one source as flat columns instead of a JSON 'sources' list.
FLAT_SOURCE_COLUMNS = {f"source_{key}": key for key in SOURCE_KEYS}


class FeatureLabels:
    """How errors name each feature: its id when it has a usable one, else its 1-based position.

    Made when asked, row by row: a million features with no problem need no label at all.
    """

    def __init__(self, frame: pd.DataFrame, id_field: str = "id"):
        self._ids = frame[id_field].array if id_field in frame.columns else None
        self._rows = len(frame)

    def __len__(self) -> int:
        return self._rows

    def __getitem__(self, position: int) -> str:
        value = None if self._ids is None else self._ids[position]
        return repr(value.strip()) if isinstance(value, str) and value.strip() else f"#{position + 1}"


def feature_labels(frame: pd.DataFrame, id_field: str = "id") -> FeatureLabels:
    """How errors name each feature (``FeatureLabels``)."""
    return FeatureLabels(frame, id_field)


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
    if field.type == "sidc":
        return to_sidc(value)
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


def _coerce_one(raw: Any, field: Field) -> tuple[Any, list[tuple[str, str, str]]]:
    """One cell's clean value and its faults as (field, expected, found); never raises."""
    if is_missing(raw):
        value = [] if field.type in ("list", "sources") else None
        if field.required and field.type == "sources":
            return value, [(field.name, "at least one source {publisher, url, date}", "nothing")]
        if field.required:
            return value, [(field.name, f"a value ({field.label.lower()})", "nothing")]
        return value, []
    try:
        if field.type == "sources":
            value, bad = to_sources(raw)
            return value, list(bad)
        return _coerce(raw, field), []
    except BadValue as bad:
        return None, [(field.name, bad.expected, bad.found)]


def _comparable(column: pd.Series) -> bool:
    """Whether a column's cells can be compared as they are (all text, or one numeric or date
    type); not lists, nor mixed types such as 1 and True, which compare equal but do not check alike."""
    if column.dtype == object:
        return pd.api.types.infer_dtype(column, skipna=False) in ("string", "empty")
    return (pd.api.types.is_string_dtype(column.dtype) or isinstance(column.dtype, pd.CategoricalDtype)
            or pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_datetime64_any_dtype(column.dtype))


def _distinct(column: pd.Series) -> tuple[np.ndarray, list[Any]] | None:
    """(codes, distinct values) of a ``_comparable`` column, so each distinct value is checked
    once; None otherwise."""
    if not _comparable(column):
        return None
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return np.asarray(codes), np.asarray(uniques, dtype=object).tolist()


def _text_column(column: pd.Series, field: Field, problem):
    """A column of text cells, stripped, in one pass (a million notes or ids at once)."""
    # as Python strings (object dtype): pandas 3's own string dtype cannot hold a lone surrogate
    stripped = column.astype(object).str.strip()
    blank = (stripped == "").to_numpy(dtype=bool) | column.isna().to_numpy(dtype=bool)
    if field.required:
        for i in np.flatnonzero(blank).tolist():
            problem(i, field.name, f"a value ({field.label.lower()})", "nothing")
    return stripped.where(~blank, None).array  # missing: None, as the cell-by-cell path gives


def check_fields(frame: pd.DataFrame, fields: Sequence[Field], problem, source: str = "",
                 date_format: str | None = None, notes: list[str] | None = None) -> dict[str, Sequence[Any]]:
    """Typed values of every field for every row; ``problem(i, field, expected, found)`` for each fault.

    A column is checked per distinct value (a million rows with a few thousand distinct dates
    take one pass of pandas and a few thousand checks); a progress bar shows on the terminal
    when this takes more than a second. Dates are read as exports write them (``geo.dates``: the
    day/month order decided per column, or ``date_format``); what was decided goes to ``notes``.
    """
    clean: dict[str, list[Any]] = {}
    rows = len(frame)
    for field in progress(fields, rows, f"checking {source}".strip()):
        if field.name not in frame.columns:  # every row lacks it
            clean[field.name] = _absent_column(rows, field, problem)
            continue
        column = frame[field.name]
        if field.type == "date" and _comparable(column):  # lists and such: judged cell by cell
            parsed = parse_date_column(column.array, date_format)
            if parsed.note and notes is not None:
                notes.append(f"field '{field.name}': {parsed.note}")
            column = pd.Series(parsed.values, index=column.index, dtype=object)
        if not _comparable(column):
            clean[field.name] = _cell_by_cell(column, field, problem)
        elif field.type == "text" and (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
            clean[field.name] = _text_column(column, field, problem)  # no factorizing a million notes first
        else:
            clean[field.name] = _by_distinct_value(*_distinct(column), field, problem)
    return clean


def _absent_column(rows: int, field: Field, problem) -> Sequence[Any]:
    """A field no row has: its value for nothing, and its fault (if any) on every row."""
    value, bad = _coerce_one(None, field)
    for i in range(rows) if bad else ():
        for fault in bad:
            problem(i, *fault)
    return [[] for _ in range(rows)] if isinstance(value, list) else [value] * rows


def _cell_by_cell(column: pd.Series, field: Field, problem) -> list[Any]:
    """A column whose cells cannot be compared (lists, dicts): each coerced on its own."""
    values, faults = [], []
    for raw in column.array:  # .array: each value as .iloc gives it (a Timestamp), faster
        value, bad = _coerce_one(raw, field)
        values.append(value)
        faults.append(bad)
    for i, bad in enumerate(faults):
        for fault in bad:
            problem(i, *fault)
    return values


def _by_distinct_value(codes: np.ndarray, uniques: list[Any], field: Field, problem) -> Sequence[Any]:
    """A column checked once per distinct value, the results spread over the rows at once."""
    checked = [_coerce_one(raw, field) for raw in uniques]
    # typed as a list of the whole column would be
    values = pd.Series([value for value, _ in checked], dtype=None if field.type in _NUMERIC else object)
    faulty = np.array([bool(bad) for _, bad in checked], dtype=bool)
    for i in np.flatnonzero(faulty[codes]).tolist() if len(checked) else []:
        for fault in checked[codes[i]][1]:
            problem(i, *fault)
    return values.array.take(codes)


def _check_lifespan(clean: dict[str, list[Any]], kind: Kind, problem) -> None:
    start, end = kind.lifespan
    if not (start and end):
        return
    both = np.flatnonzero(pd.notna(pd.Series(clean[start], dtype=object)).to_numpy()
                          & pd.notna(pd.Series(clean[end], dtype=object)).to_numpy())
    for i in both.tolist():
        first, last = clean[start][i], clean[end][i]
        if isinstance(first, str) and isinstance(last, str) and period_end(last) < period_start(first):
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
        return "finite coordinates", short_repr(coords[~np.isfinite(coords).all(axis=1)].tolist()[0])
    if not ((coords[:, 0] >= -180) & (coords[:, 0] <= 180)).all() or not (
            (coords[:, 1] >= -90) & (coords[:, 1] <= 90)).all():
        return RANGE, first_bad_vertex(coords)
    if not geom.is_valid:
        return "a valid geometry", shapely.is_valid_reason(geom)
    return None


def _check_unique(values: list[Any], field: str, problem, gap=None) -> None:
    """The first feature with an id keeps it; each later one is rejected, naming the first (or,
    with ``gap``, drawn with the id made unique and marked so)."""
    series = pd.Series(values, dtype=object)
    given = series.map(bool, na_action="ignore").fillna(False).to_numpy(dtype=bool)
    repeated = series.duplicated(keep="first").to_numpy() & given
    if not repeated.any():
        return
    first = {value: i for i, value in reversed(list(enumerate(values))) if value}
    taken = set(values)
    for i in np.flatnonzero(repeated).tolist():
        if gap is None:
            problem(i, field, f"an {field} unique in the layer",
                    f"{values[i]!r}, already the {field} of feature #{first[values[i]] + 1} (which is kept)")
            continue
        unique = f"{values[i]} (#{i + 1})"
        while unique in taken:
            unique += "'"
        gap(i, f"ID repeated: {values[i]!r} is feature #{first[values[i]] + 1}'s too; made {unique!r}")
        values[i] = unique
        taken.add(unique)


def _numbered(ids: list[Any]) -> list[int]:
    """Gives each feature without an id its row's number ('#3'), unique in the layer; returns
    the rows numbered."""
    taken = {value for value in ids if value}
    missing = [i for i, value in enumerate(ids) if not value]
    for i in missing:
        made = f"#{i + 1}"
        while made in taken:
            made += "'"
        ids[i] = made
        taken.add(made)
    return missing


def _check_geometries(geoms: Any, kind: Kind, problem) -> None:
    """Every geometry that cannot be drawn as this kind: plain 2D points all at once, the rest
    one by one (``_check_geometry``)."""
    array = np.asarray(geoms, dtype=object)
    point = np.zeros(len(array), dtype=bool)
    if "Point" in kind.geometry_types and len(array):
        present = ~shapely.is_missing(array)
        point[present] = (shapely.get_type_id(array[present]) == 0) & ~shapely.is_empty(array[present])
        x, y = shapely.get_x(array[point]), shapely.get_y(array[point])
        fine = np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90)
        point[np.flatnonzero(point)[~fine]] = False
    for i in np.flatnonzero(~point).tolist():
        bad = _check_geometry(array[i], kind)
        if bad:
            problem(i, "geometry", *bad)


def check(frame: gpd.GeoDataFrame, kind: Kind, source: str, labels: FeatureLabels | None = None,
          known: Mapping[str, tuple[str, Collection[str]]] | None = None, strict: bool = True,
          date_format: str | None = None, notes: list[str] | None = None,
          ) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """The frame with clean values in schema order (extra columns kept after), and all problems.

    ``labels`` name the rows in problems (default: ``feature_labels(frame)``); ``known`` gives,
    for a field, what its values must be (in words) and the values the context allows (the
    scenario's sides for a zone's controller). ``strict``: publication rules, under which a
    feature lacking provenance (a source, confidence, precision, its type: ``schema.lenient``)
    is rejected; otherwise it is kept, its id made from its row when it has none, and what it
    lacks said in words in a ``gaps`` column (only added when some feature lacks something).
    """
    frame = _with_flat_sources(frame)
    problems: list[Problem] = []
    labels = labels or feature_labels(frame)
    gaps: dict[int, list[str]] = {}

    def gap(i: int, words: str) -> None:
        gaps.setdefault(i, []).append(words)

    def problem(i: int, field: str, expected: str, found: str) -> None:
        base = field.split("[", 1)[0].split(".", 1)[0]
        if not strict and base in kind.field_names and lenient(base, kind):
            if (found == "nothing" and field == base) or base == "id":
                gap(i, gap_words(base, kind))
            else:
                # the value is left out (None); a source list keeps its usable parts
                what = kind.field(base).label.split(" (", 1)[0].lower()
                gap(i, f"{what} not usable: {field}: expected {expected}, found {found}")
            return
        problems.append(Problem(source, labels[i], field, expected, found, row=i))

    clean = check_fields(frame, kind.fields, problem, source, date_format, notes)
    if not strict:
        clean["id"] = list(clean["id"])
        for i in _numbered(clean["id"]):
            if not any(words == gap_words("id", kind) for words in gaps.get(i, ())):
                gap(i, gap_words("id", kind))
        _check_unique(clean["id"], "id", problem, gap)
    else:
        _check_unique(clean["id"], "id", problem)
    _check_lifespan(clean, kind, problem)
    _check_required_when(clean, kind, problem)
    for field, (what, allowed) in (known or {}).items():
        _check_known(clean.get(field, ()), field, what, allowed, problem)
    if KIND_COLUMN in frame.columns:
        _check_declared_kind(frame[KIND_COLUMN], kind, problem)
    _check_geometries(frame.geometry.array, kind, problem)
    return _checked_frame(frame, clean, kind, gaps), problems


def _check_required_when(clean: dict[str, Sequence[Any]], kind: Kind, problem) -> None:
    """A field the kind needs when another has a given value (a post's 'withdrawn' when...)."""
    for field, value, needed in kind.required_when:
        for i, (given, other) in enumerate(zip(clean[field], clean[needed])):
            if given == value and is_missing(other):
                problem(i, needed, f"a value ({kind.field(needed).label.lower()}) for a {field} of {value!r}",
                        "nothing")


def _check_known(values: Sequence[Any], field: str, what: str, allowed: Collection[str], problem) -> None:
    """Values the context allows (the scenario's sides); ``allowed`` as a mapping: any of its
    names (lower-cased: an alias, a label) stands for its value, replaced in ``values``."""
    names = allowed if isinstance(allowed, Mapping) else {}
    for i, value in enumerate(values):
        if is_missing(value) or (value in allowed and not names):
            continue
        if names and str(value).strip().lower() in names:
            values[i] = names[str(value).strip().lower()]
            continue
        choices = sorted(set(names.values())) if names else sorted(allowed)
        problem(i, field, f"{what}: {', '.join(choices)}", repr(value))


def _check_declared_kind(column: pd.Series, kind: Kind, problem) -> None:
    """A row that says it is of another kind (a 'kind' column) than its layer's."""
    distinct = _distinct(column)
    codes, declared = distinct if distinct is not None else (np.arange(len(column)), list(column))
    wrong = np.array([not is_missing(raw) and str(raw).strip().lower() not in (kind.name, *kind.file_stems)
                      for raw in declared], dtype=bool)
    for i in np.flatnonzero(wrong[codes]).tolist() if len(declared) else []:
        problem(i, KIND_COLUMN, f"{kind.name!r} (this layer's kind)", short_repr(declared[codes[i]]))


def _checked_frame(frame: gpd.GeoDataFrame, clean: dict[str, Sequence[Any]], kind: Kind,
                   gaps: dict[int, list[str]]) -> gpd.GeoDataFrame:
    """The clean values in schema order, the columns the schema does not know after, and the
    gaps column when some feature lacks something."""
    extra = [c for c in frame.columns
             if c not in clean and c not in (KIND_COLUMN, GAPS_COLUMN, frame.geometry.name)]
    types = {f.name: f.type for f in kind.fields}
    # Text stays Python strings (pandas 3 would infer its string dtype, which loses None for NaN
    # and cannot hold a lone surrogate); numbers are typed as pandas infers them.
    data = {name: values if types.get(name) in _NUMERIC else pd.Series(values, dtype=object, index=frame.index)
            for name, values in clean.items()}
    for name in extra:
        data[name] = frame[name].array
    if gaps:
        data[GAPS_COLUMN] = pd.Series([gaps.get(i, []) for i in range(len(frame))], dtype=object, index=frame.index)
    return gpd.GeoDataFrame(data, geometry=frame.geometry.array, crs=frame.crs, index=frame.index)


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


def validate_frame(frame: gpd.GeoDataFrame, kind: Kind, source: str = "<GeoDataFrame>") -> gpd.GeoDataFrame:
    """The normalised frame, or ValidationError listing every problem."""
    out, problems = check(frame, kind, source)
    if problems:
        raise ValidationError(problems)
    return out


def without_rejected(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The rows no problem rejects, in their order."""
    keep = np.ones(len(frame), dtype=bool)
    keep[[p.row for p in problems if p.rejected and p.row is not None]] = False
    return frame.iloc[np.flatnonzero(keep)].reset_index(drop=True)
