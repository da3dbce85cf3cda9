"""Opening a partitioned GeoParquet dataset of point events lazily, as a dask-geopandas frame.

A dataset is a directory of .parquet files (searched recursively), one .parquet file, or a glob.
Only the footers are read here: the checks that can be made from them (a geometry column, of
points, and the date column) fail now, naming the path, instead of deep inside a cluster later.
Only the columns the aggregation needs are read. dask is imported inside the functions, so that
``import geo`` does not pay for it.
"""
from __future__ import annotations

import glob
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import InputError

DATE_COLUMNS = ("event_date", "date")  # tried in this order when no date column is named
POINT_TYPES = {"Point", "Point Z", "Point M", "Point ZM"}
GLOB_CHARS = set("*?[")

__all__ = ["DATE_COLUMNS", "Dataset", "dataset_files", "open_dataset"]


@dataclass(frozen=True)
class Dataset:
    """A lazily read dataset: ``frame`` (a dask_geopandas.GeoDataFrame in EPSG:4326) holds only
    the geometry, the date column and, when asked for, the category column ``by``."""

    path: str
    files: tuple[Path, ...]
    frame: Any
    date_column: str
    by: str | None = None

    @property
    def geometry(self) -> str:
        return self.frame.geometry.name


def dataset_files(path: str | Path) -> tuple[Path, ...]:
    """The .parquet files of a directory (recursively, hidden and '_' files left out), a file or a glob."""
    text = str(path)
    if GLOB_CHARS & set(text):
        found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not found:
            raise InputError(f"{text}: no file matches this pattern")
        return tuple(found)
    target = Path(text)
    if target.is_dir():
        found = sorted(p for p in target.rglob("*.parquet") if p.is_file() and not _hidden(p, target))
        if not found:
            others = sum(1 for p in target.rglob("*") if p.is_file())
            raise InputError(f"{text}: no .parquet files in this directory (found {others} other files)")
        return tuple(found)
    if not target.exists():
        raise InputError(f"{text}: no such file or directory")
    return (target,)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def open_dataset(path: str | Path, date_column: str | None = None, by: str | None = None) -> Dataset:
    """The dataset at ``path``, checked and opened lazily. ``date_column`` None tries DATE_COLUMNS."""
    import pyarrow.parquet as pq

    files = dataset_files(path)
    try:
        schema = pq.read_schema(files[0])
    except (OSError, ValueError) as exc:  # pyarrow.ArrowInvalid is a ValueError
        raise InputError(f"{path}: {files[0].name} is not a readable Parquet file ({exc})") from None
    geometry = _geometry_column(path, files[0], schema)
    date = _date_column(path, schema, date_column)
    if by is not None and by not in schema.names:
        raise InputError(f"{path}: no column {by!r} to count by; found columns: {', '.join(schema.names)}")
    _check_date_type(path, date, schema.field(date).type)
    columns = list(dict.fromkeys([geometry, date, *([by] if by else [])]))
    return Dataset(str(path), files, _read(path, files, columns), date, by)


def _geometry_column(path: str | Path, file: Path, schema: Any) -> str:
    """The primary geometry column of the GeoParquet metadata, which must hold points (or say nothing)."""
    raw = (schema.metadata or {}).get(b"geo")
    if raw is None:
        raise InputError(f"{path}: no geometry column: {file.name} has no GeoParquet metadata; "
                         f"found columns: {', '.join(schema.names)}")
    meta = json.loads(raw)
    name = meta.get("primary_column", "geometry")
    if name not in schema.names:
        raise InputError(f"{path}: no geometry column {name!r}; found columns: {', '.join(schema.names)}")
    types = set(meta.get("columns", {}).get(name, {}).get("geometry_types") or [])
    if types - POINT_TYPES:
        raise InputError(f"{path}: geometry column {name!r}: expected points, found {', '.join(sorted(types))}")
    return name


def _date_column(path: str | Path, schema: Any, wanted: str | None) -> str:
    """The date column named, else the first of DATE_COLUMNS there is."""
    tried = (wanted,) if wanted else DATE_COLUMNS
    for name in tried:
        if name in schema.names:
            return name
    expected = " or ".join(repr(n) for n in tried)
    raise InputError(f"{path}: no date column {expected}; found columns: {', '.join(schema.names)}")


def _check_date_type(path: str | Path, name: str, kind: Any) -> None:
    """Dates are timestamps, dates or ISO text; anything else (numbers, say) is refused now."""
    import pyarrow as pa

    types = pa.types
    if not (types.is_timestamp(kind) or types.is_date(kind) or types.is_string(kind)
            or types.is_large_string(kind) or types.is_dictionary(kind) or types.is_null(kind)
            or getattr(types, "is_string_view", lambda _: False)(kind)):
        raise InputError(f"{path}: date column {name!r}: expected dates (timestamps or ISO text "
                         f"YYYY-MM-DD), found {kind}")


def _read(path: str | Path, files: tuple[Path, ...], columns: list[str]) -> Any:
    """The lazy frame of ``columns``, one partition per row group read, in EPSG:4326."""
    import dask_geopandas

    try:
        frame = dask_geopandas.read_parquet([str(f) for f in files], columns=columns)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot be read as GeoParquet ({exc})") from None
    if frame.crs is not None and not frame.crs.equals("EPSG:4326", ignore_axis_order=True):
        frame = frame.to_crs("EPSG:4326")
    return frame
