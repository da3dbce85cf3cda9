"""CSV: points from coordinate columns, an MGRS column, or a place name in the gazetteer.

Coordinates may be in latitude/longitude columns (or lat/lon, y/x), decimal or
degrees-minutes-seconds; in one column holding both (``coordinates``); or in an ``mgrs`` column.
A row with none of them is placed by its ``place`` name, through the offline gazetteer. A row
that cannot be placed keeps no geometry and says why in the read's ``problems``.
"""
from __future__ import annotations

import codecs
import csv
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError
from geo.read.coords import (
    PLAIN_DECIMAL,
    CoordinateError,
    is_plain_decimal,
    parse_latitude,
    parse_longitude,
    parse_mgrs,
    parse_pair,
)
from geo.read.gazetteer import Gazetteer, PlaceError, distance_km
from geo.read.known import recognise
from geo.read.raw import DEFAULT_OPTIONS, RawRead, ReadOptions, Region, RowProblem
from geo.read.sniff import check_encoding
from geo.values import short_repr

_LATITUDE = ("latitude", "lat", "y")
_LONGITUDE = ("longitude", "lon", "lng", "long", "x")
_PAIR = ("coordinates", "coords", "position", "location", "latlon", "lat_lon")
# Pair columns that as often name a place ("Saraqib", ACLED's location) or a position ("OP 7"):
# taken as coordinates only when there are no latitude and longitude columns.
_NAME_LIKE = ("location", "position")
_MGRS = ("mgrs",)
_PLACE = ("place", "place_name")
PRECISION, NOTE = "precision_m", "location_note"
AGREE_KM = 1.0
MAX_CANDIDATES = 6
WGS84 = "EPSG:4326"

Problem = RowProblem
# cells of one row -> latitude, longitude, precision in metres (None: the form does not say)
Parse = Callable[[tuple[str, ...]], tuple[float, float, float | None]]


def _find_column(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def read_table(path: Path, encoding: str | None = None, notes: list[str] | None = None) -> pd.DataFrame:
    """A CSV as text cells (the validator types them), or InputError naming the file.

    The separator is the one the header line uses most (',' ';' tab or '|': a spreadsheet saved in
    much of Europe separates with ';'); in a file not separated by commas, a column of numbers
    written with decimal commas (35,86) is read with points. What was detected goes to ``notes``.
    """
    try:
        encoding = check_encoding(path, encoding)
        separator = _separator(path, encoding)
        with warnings.catch_warnings():
            # A row longer than the header would make pandas take its first cells as an index
            # (index_col=False), or drop them with only a warning: neither, it is an error.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = _read_large(path, encoding, separator)
            if table is None:
                table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, index_col=False,
                                    sep=separator)
    except pd.errors.ParserWarning:
        raise InputError(_overlong_row(path, encoding, separator)) from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path.name}: cannot be read as CSV ({str(exc).strip()})") from None
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    found = [] if notes is None else notes
    table = _without_index(table, found)
    if separator != ",":
        converted = _decimal_commas(table)
        name = {"\t": "tab", ";": "';'", "|": "'|'"}[separator]
        found.append(f"read as {name}-separated (the header line is)"
                     + (f", with decimal commas in {', '.join(converted)}" if converted else ""))
    if table.empty:
        found.append("no rows: the file has only its header line")
    return table


_UNNAMED = re.compile(r"\s*|Unnamed: 0(\.\d+)?")
_ROW_NUMBER = re.compile(r"\s*[0-9]*\s*")


def _without_index(table: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The table without a leading column of row numbers under an empty header (as pandas' to_csv
    and R's write.csv save a table's index); a leading unnamed column holding anything else stays."""
    if not len(table.columns):
        return table
    first = table.columns[0]
    if not _UNNAMED.fullmatch(str(first)) or not table[first].astype(str).str.fullmatch(_ROW_NUMBER.pattern).all():
        return table
    notes.append("left out its first column: it has no header and holds row numbers (a saved index)")
    return table.drop(columns=first)


LARGE_BYTES = 20 << 20  # from this size a CSV is parsed by Arrow's multi-threaded reader


def _read_large(path: Path, encoding: str, separator: str) -> pd.DataFrame | None:
    """A large UTF-8 CSV parsed by Arrow (three times faster), or None to read it as any other:
    small files, and any file Arrow refuses, so that what is wrong with it is said the same way."""
    if path.stat().st_size < LARGE_BYTES or not codecs.lookup(encoding).name == "utf-8":
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow", sep=separator)
    except Exception:  # noqa: BLE001 - any refusal: the ordinary reader says what is wrong
        return None


_SEPARATORS = (",", ";", "\t", "|")
_COMMA_NUMBER = re.compile(r"\s*[+-]?[0-9]+,[0-9]+\s*")
_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*")


def _separator(path: Path, encoding: str) -> str:
    """The separator the header line uses most, outside quotes (',' when none)."""
    with open(path, encoding=encoding, newline="") as text:
        header = text.readline().lstrip("\ufeff")
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {sep: outside.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _decimal_commas(table: pd.DataFrame) -> list[str]:
    """Columns whose every cell is a number, some with a decimal comma, rewritten with points."""
    converted = []
    for column in table.columns:
        cells = table[column].str.strip()
        filled = cells[cells != ""]
        commas = filled.str.fullmatch(_COMMA_NUMBER.pattern)
        if len(filled) and commas.any() and (commas | filled.str.fullmatch(_WHOLE_NUMBER.pattern)).all():
            table[column] = table[column].str.replace(",", ".", regex=False)
            converted.append(str(column))
    return converted


def _overlong_row(path: Path, encoding: str, separator: str) -> str:
    """Which row has more cells than the header, said as an error message."""
    with open(path, encoding=encoding, newline="") as text:
        rows = csv.reader(text, delimiter=separator)
        width = len(next(rows, []))
        for row in rows:
            if len(row) > width:
                return (f"{path.name}: line {rows.line_num}: expected at most {width} cells, as the "
                        f"header has, found {len(row)}")
    return f"{path.name}: a row has more cells than the header"


@dataclass
class _Found:
    """What one way of giving coordinates says of each row: a position, or a problem, or nothing."""

    field: str
    lat: np.ndarray
    lon: np.ndarray
    bare: np.ndarray  # the position was given as bare numbers, which could be in any CRS
    precision: dict[int, float] = field(default_factory=dict)
    problems: dict[int, Problem] = field(default_factory=dict)

    @classmethod
    def empty(cls, name: str, rows: int) -> _Found:
        return cls(name, np.full(rows, np.nan), np.full(rows, np.nan), np.zeros(rows, dtype=bool))


def _is_bare(texts: tuple[str, ...]) -> bool:
    """Whether the cells are one or two bare decimal numbers in all, no signs of degrees."""
    words = [w for text in texts for w in re.split(r"[\s,;/]+", text.strip()) if w]
    return len(words) in (1, 2) and all(map(is_plain_decimal, words))


def _parse_rows(found: _Found, rows: np.ndarray, cells: list[tuple[str, ...]], parse: Parse) -> _Found:
    """Each row's cells through ``parse``; a CoordinateError becomes the row's problem."""
    for row, texts in zip(rows.tolist(), cells):
        try:
            found.lat[row], found.lon[row], precision = parse(texts)
        except CoordinateError as exc:
            cell_text = ", ".join(short_repr(t) for t in texts)
            found.problems[row] = (found.field, exc.expected, f"{cell_text} ({exc.reason})")
            continue
        found.bare[row] = _is_bare(texts)
        if precision is not None:
            found.precision[row] = precision
    return found


def _latlon(texts: tuple[str, ...]) -> tuple[float, float, None]:
    lat, lon = texts
    if not lat.strip() or not lon.strip():
        raise CoordinateError("both a latitude and a longitude", f"{lat}, {lon}", "one of them is empty")
    return parse_latitude(lat), parse_longitude(lon), None


def _from_latlon(table: pd.DataFrame, lat: str, lon: str) -> _Found:
    """Latitude and longitude columns; bare decimals all at once, the rest cell by cell."""
    found = _Found.empty(f"{lat}/{lon}", len(table))
    ys, xs = table[lat].str.strip(), table[lon].str.strip()
    bare = (ys.str.fullmatch(PLAIN_DECIMAL) & xs.str.fullmatch(PLAIN_DECIMAL)).to_numpy(dtype=bool)
    found.lat[bare] = pd.to_numeric(ys[bare]).to_numpy(dtype=float)
    found.lon[bare] = pd.to_numeric(xs[bare]).to_numpy(dtype=float)
    found.bare[bare] = True
    overflow = bare & ~(np.isfinite(found.lat) & np.isfinite(found.lon))
    found.lat[overflow] = found.lon[overflow] = np.nan
    rest = np.flatnonzero(~bare | overflow)
    cells = list(zip(table[lat].iloc[rest], table[lon].iloc[rest]))
    given = [i for i, (y, x) in enumerate(cells) if y.strip() or x.strip()]
    return _parse_rows(found, rest[given], [cells[i] for i in given], _latlon)


def _from_column(table: pd.DataFrame, column: str, parse: Parse) -> _Found:
    """One column holding a whole position, cell by cell."""
    found = _Found.empty(column, len(table))
    given = np.flatnonzero(table[column].str.strip().to_numpy(dtype=str) != "")
    return _parse_rows(found, given, [(t,) for t in table[column].iloc[given]], parse)


def _pair(texts: tuple[str, ...]) -> tuple[float, float, None]:
    return (*parse_pair(texts[0]), None)


def _mgrs(texts: tuple[str, ...]) -> tuple[float, float, float]:
    return parse_mgrs(texts[0])


@dataclass
class _Placed:
    """Each row's position, where it came from, and what is wrong with the rows that have none."""

    lat: np.ndarray
    lon: np.ndarray
    source: list[_Found | None]
    problems: dict[int, list[Problem]] = field(default_factory=dict)


def _disagreement(row: int, sources: list[_Found]) -> Problem | None:
    """A problem when two ways of giving a row's coordinates are more than 1 km apart."""
    first = sources[0]
    for other in sources[1:]:
        apart = distance_km(first.lat[row], first.lon[row], other.lat[row], other.lon[row])
        if not apart <= AGREE_KM:
            says = "; ".join(f"{s.field} gives {s.lat[row]:.5f}, {s.lon[row]:.5f}" for s in (first, other))
            return ("coordinates", "one position",
                    f"{says}: {apart:,.1f} km apart" if np.isfinite(apart) else says)
    return None


def _combine(founds: list[_Found], rows: int) -> _Placed:
    """One position per row from all the ways it was given, or the problems that prevent it.

    Whole columns at a time: only rows with a problem, or given more than one way, are looked
    at one by one.
    """
    placed = _Placed(np.full(rows, np.nan), np.full(rows, np.nan), [None] * rows)
    given = np.array([np.isfinite(f.lat) for f in founds]).reshape(len(founds), rows)
    wrong = np.zeros(rows, dtype=bool)
    for f in founds:
        wrong[list(f.problems)] = True
    single = ~wrong & (given.sum(axis=0) == 1)
    for f, mine in zip(founds, given):
        take = single & mine
        placed.lat[take], placed.lon[take] = f.lat[take], f.lon[take]
        for row in np.flatnonzero(take).tolist():
            placed.source[row] = f
    for row in np.flatnonzero(wrong | (given.sum(axis=0) > 1)).tolist():
        problems = [f.problems[row] for f in founds if row in f.problems]
        these = [f for f in founds if np.isfinite(f.lat[row])]
        disagree = _disagreement(row, these) if len(these) > 1 and not problems else None
        if problems or disagree:
            placed.problems[row] = problems or [disagree]
        else:
            placed.lat[row], placed.lon[row], placed.source[row] = these[0].lat[row], these[0].lon[row], these[0]
    return placed


def _candidates(error: PlaceError) -> str:
    listed = [m.name_and_point() for m in error.candidates[:MAX_CANDIDATES]]
    more = len(error.candidates) - len(listed)
    return "; ".join(listed) + (f"; and {more} more" if more > 0 else "")


def _place_problem(column: str, text: str, error: PlaceError) -> Problem:
    if error.candidates:
        return (column, "a place name that names one place (or give coordinates)",
                f"{short_repr(text)}, which {error.reason}: {_candidates(error)}")
    return (column, "a place name in the shipped places or GeoNames (or give coordinates)",
            f"{short_repr(text)} ({error.reason})")


def _fill(table: pd.DataFrame, name: str, row: int, value: str) -> None:
    """Set a cell the row left empty: precision and location notes the source gave are kept."""
    column = _find_column(list(table.columns), (name,))
    if column is None:
        table[name] = ""
        column = name
    if not str(table.iat[row, table.columns.get_loc(column)]).strip():
        table.iat[row, table.columns.get_loc(column)] = value


def _by_place(table: pd.DataFrame, column: str, placed: _Placed, region: Region | None) -> None:
    """Rows without coordinates placed by their place name, or the reason they cannot be."""
    gazetteer = Gazetteer.default()
    texts = [str(text) for text in table[column].tolist()]
    for row in np.flatnonzero(np.isnan(placed.lat)).tolist():
        name = texts[row].strip()
        if row in placed.problems or not name:
            continue
        try:
            match = gazetteer.locate(name, region)
        except PlaceError as exc:
            placed.problems[row] = [_place_problem(column, texts[row], exc)]
            continue
        placed.lat[row], placed.lon[row] = match.lat, match.lon
        if match.precision_m is not None:
            _fill(table, PRECISION, row, f"{float(match.precision_m):g}")
        _fill(table, NOTE, row, match.location_note)


def _columns(table: pd.DataFrame, path: Path) -> tuple[list[tuple[str, ...]], str | None]:
    """The coordinate columns found, as (lat, lon), (pair,), (mgrs,); and the place column.

    InputError when there are none, or a latitude column without a longitude one.
    """
    columns = list(table.columns)
    lat, lon = _find_column(columns, _LATITUDE), _find_column(columns, _LONGITUDE)
    pair_names = _PAIR if lat is None or lon is None else tuple(n for n in _PAIR if n not in _NAME_LIKE)
    pair, grid, place = (_find_column(columns, names) for names in (pair_names, _MGRS, _PLACE))
    if (lat is None) != (lon is None):
        has, lacks = ("latitude", "longitude") if lat is not None else ("longitude", "latitude")
        raise InputError(f"{path.name}: has a {has} column ({lat or lon}) but no {lacks} column; "
                         f"found columns {', '.join(map(str, columns))}")
    found = [c for c in ((lat, lon), (pair,), (grid,)) if None not in c]
    if not found and place is None:
        raise InputError(
            f"{path.name}: needs coordinate columns: latitude and longitude (or lat/lon, y/x), "
            f"one 'coordinates' column holding both, an 'mgrs' column, or a 'place' column naming "
            f"places; found columns {', '.join(map(str, columns)) or 'none'}")
    return found, place


def _sources(table: pd.DataFrame, found: list[tuple[str, ...]]) -> list[_Found]:
    """What each coordinate column (or pair of columns) says of every row."""
    grid = _find_column(list(table.columns), _MGRS)
    return [_from_latlon(table, *columns) if len(columns) == 2
            else _from_column(table, columns[0], _mgrs if columns[0] == grid else _pair)
            for columns in found]


def _unplaced(table: pd.DataFrame, found: list[tuple[str, ...]], place: str | None, row: int) -> Problem:
    """The problem of a row that gives no coordinates (nor a place name) at all."""
    fields = ["/".join(map(str, c)) for c in found] + ([str(place)] if place is not None else [])
    cells = ", ".join(short_repr(str(table.at[table.index[row], c])) for cs in found for c in cs)
    expected = "coordinates" + (" or a place name" if place is not None else "")
    return " or ".join(fields), expected, cells or "''"


def read_csv(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> RawRead:
    """Points from the coordinate columns (or place names); cells are kept as text for the validator.

    The coordinate columns are dropped; a place column is kept. ``region`` (west, south, east,
    north) is where the layer lies, to tell apart places of the same name. When every position
    came in a form that is WGS84 by nature (degrees-minutes-seconds, MGRS, a gazetteer point),
    or the table is a dataset that publishes WGS84 (ACLED, UCDP GED), the read's ``crs_hint``
    says EPSG:4326.
    """
    region = options.region
    notes: list[str] = []
    table = read_table(path, options.encoding, notes)
    known = recognise(table.columns)
    if known is not None:  # an ACLED export, a UCDP GED table: its columns become the event kind's
        notes.append(f"read as {known.name} ({known.citation}); its columns mapped to the event fields")
        table = known.convert(table, notes)
    if table.empty:  # nothing to place: no coordinate columns needed, and none to judge a CRS by
        return RawRead(gpd.GeoDataFrame(table, geometry=[], crs=WGS84), notes=tuple(notes))
    found, place = _columns(table, path)
    sources = _sources(table, found)
    placed = _combine(sources, len(table))
    if place is not None:
        _by_place(table, place, placed, region)
    for source in sources:
        for row, precision in sorted(source.precision.items()):
            if placed.source[row] is source:
                _fill(table, PRECISION, row, f"{precision:g}")
    for row in np.flatnonzero(np.isnan(placed.lat)).tolist():
        placed.problems.setdefault(row, [_unplaced(table, found, place, row)])
    ok = np.isfinite(placed.lat)
    points = np.full(len(table), None, dtype=object)
    points[ok] = shapely.points(placed.lon[ok], placed.lat[ok])
    dropped = [c for columns in found for c in columns]
    frame = gpd.GeoDataFrame(table.drop(columns=dropped), geometry=list(points))
    bare = any(s.bare.any() for s in sources)
    return RawRead(frame, dict(sorted(placed.problems.items())),
                   crs_hint=WGS84 if ok.any() and (known is not None or not bare) else None, notes=tuple(notes))
