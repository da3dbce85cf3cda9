"""Counting dated point events per map cell and per day, over a dataset larger than one machine.

Each partition is reduced on its own to counts per (cell, day[, category]): vectorised (shapely 2
coordinates, a numpy floor for square cells; h3 4 has no array call, so one C call per point for
H3 cells, about 0.6 µs each). dask's groupby then sums the partial counts. Ids, centres and
polygons are made only for the distinct cells, at the end. Nothing here writes a file.

Runs on a dask.distributed LocalCluster made and closed here, on an existing cluster (its
address), or on one of dask's own schedulers ('synchronous' for tests and small data).
dask is imported inside the functions, so that ``import geo`` does not pay for it.
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import Any, ClassVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError

# A point this close to a cell's west or south edge (in cells: ~1e-10° for 0.1° cells) is on it:
# 35.5 / 0.1 is 354.99999999999994 in floating point, and belongs to cell 355, not 354.
SNAP = 1e-9
NAT = np.iinfo(np.int64).min  # what NaT becomes as days since 1970
LOCAL_SCHEDULERS = ("synchronous", "sync", "single-threaded", "threads", "threading", "processes")
BY_KEY = "_by"  # the category's key while counting; renamed to the column's own name at the end
OUTPUT_COLUMNS = ("cell", "date", "count", "lon", "lat", "geometry")

__all__ = ["CellCounts", "Cells", "H3Grid", "SquareGrid", "cell_table", "count_cells", "dask_scheduler",
           "lazy_counts", "partial_counts"]


@dataclass(frozen=True)
class SquareGrid:
    """Square cells of ``size_deg`` degrees aligned to (0°, 0°); a point on an edge belongs to the
    cell east or north of it. Ids read 'g0.1:355:323': the size, then column and row from the origin."""

    size_deg: float
    keys: ClassVar[tuple[str, ...]] = ("ix", "iy")

    def __post_init__(self) -> None:
        if not (math.isfinite(self.size_deg) and 0 < self.size_deg <= 90):
            raise ValueError(f"expected a cell size in degrees above 0 and at most 90, found {self.size_deg!r}")

    def index(self, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        """Column and row of each point's cell."""
        return {"ix": np.floor(x / self.size_deg + SNAP).astype(np.int64),
                "iy": np.floor(y / self.size_deg + SNAP).astype(np.int64)}

    def cell_table(self, keys: pd.DataFrame) -> pd.DataFrame:
        """Id, centre and square of each distinct cell in ``keys``."""
        ix, iy, size = keys["ix"].to_numpy(), keys["iy"].to_numpy(), self.size_deg
        west, east = np.round(ix * size, 12), np.round((ix + 1) * size, 12)
        south, north = np.round(iy * size, 12), np.round((iy + 1) * size, 12)
        ids = f"g{size:g}:" + pd.Series(ix).astype(str) + ":" + pd.Series(iy).astype(str)
        return pd.DataFrame({**{k: keys[k].to_numpy() for k in self.keys}, "cell": ids.to_numpy(),
                             "lon": (west + east) / 2, "lat": (south + north) / 2,
                             "geometry": shapely.box(west, south, east, north)})


@dataclass(frozen=True)
class H3Grid:
    """H3 cells of ``resolution`` 0–15; ids are H3's own hexadecimal strings."""

    resolution: int
    keys: ClassVar[tuple[str, ...]] = ("h3",)

    def __post_init__(self) -> None:
        if not (isinstance(self.resolution, int) and 0 <= self.resolution <= 15):
            raise ValueError(f"expected an H3 resolution from 0 to 15, found {self.resolution!r}")

    def index(self, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        """Each point's cell as H3's 64-bit integer (which fits int64): one h3 call per point."""
        from h3.api import basic_int

        cell = np.frompyfunc(basic_int.latlng_to_cell, 3, 1)
        found = cell(y, x, self.resolution) if len(x) else np.empty(0)
        return {"h3": found.astype(np.int64)}

    def cell_table(self, keys: pd.DataFrame) -> pd.DataFrame:
        """Id, centre and hexagon (or pentagon) of each distinct cell in ``keys``: one h3 call per cell."""
        from h3.api import basic_int

        cells = keys["h3"].tolist()
        centres = np.array([basic_int.cell_to_latlng(c) for c in cells], dtype=float).reshape(-1, 2)
        boundaries = [basic_int.cell_to_boundary(c) for c in cells]  # ((lat, lng), ...) each
        latlng = np.fromiter(chain.from_iterable(chain.from_iterable(boundaries)), dtype=float).reshape(-1, 2)
        ring = np.repeat(np.arange(len(cells)), [len(b) for b in boundaries])
        polygons = shapely.polygons(shapely.linearrings(latlng[:, ::-1], indices=ring)) if cells else []
        return pd.DataFrame({"h3": keys["h3"].to_numpy(), "cell": [basic_int.int_to_str(c) for c in cells],
                             "lon": centres[:, 1], "lat": centres[:, 0],
                             "geometry": np.asarray(polygons, dtype=object)})


Cells = SquareGrid | H3Grid


@dataclass(frozen=True)
class CellCounts:
    """The counts per (cell, day[, category]) and how many rows were read to get them."""

    frame: gpd.GeoDataFrame
    rows: int  # rows read
    counted: int  # rows with a point and a date (the others cannot be placed)
    seconds: float

    @property
    def cells(self) -> int:
        return int(self.frame["cell"].nunique())

    @property
    def days(self) -> int:
        return int(self.frame["date"].nunique())


def days_since_epoch(dates: pd.Series, column: str, source: str = "") -> np.ndarray:
    """The UTC day of each date as days since 1970-01-01, NAT where there is none. Naive
    timestamps are taken as UTC; text must be ISO 8601 ('2020-02-07', '2020-02-07T23:10+03:00')."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        stamps = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(dates.dtype):
        stamps = dates
    else:
        stamps = pd.to_datetime(dates, utc=True, format="ISO8601", errors="coerce").dt.tz_localize(None)
        bad = stamps.isna().to_numpy() & dates.notna().to_numpy()
        if bad.any():
            bad &= dates.astype(str).str.strip().ne("").to_numpy()  # blank text: no date, not a wrong one
        if bad.any():
            raise InputError(f"{source}: date column {column!r}: expected dates as YYYY-MM-DD (ISO 8601), "
                             f"found {dates[bad].iloc[0]!r}")
    return stamps.to_numpy().astype("datetime64[D]").astype(np.int64)  # floors, before 1970 too


def _points(part: gpd.GeoDataFrame, source: str) -> tuple[np.ndarray, np.ndarray]:
    """x and y of each point (NaN where there is no geometry); any other geometry is an error."""
    geometries = np.asarray(part.geometry.array)
    kinds = shapely.get_type_id(geometries)
    if (kinds > 0).any():
        found = geometries[kinds > 0][0].geom_type
        raise InputError(f"{source}: geometry: expected points, found {found}")
    return shapely.get_x(geometries), shapely.get_y(geometries)


def partial_counts(part: gpd.GeoDataFrame, cells: Cells, date_column: str, by: str | None = None,
                   source: str = "") -> pd.DataFrame:
    """One partition's counts per (cell keys, day[, _by]): the map step, run on the workers."""
    x, y = _points(part, source)
    days = days_since_epoch(part[date_column], date_column, source)
    keep = np.isfinite(x) & np.isfinite(y) & (days != NAT)
    keys = pd.DataFrame({**cells.index(x[keep], y[keep]), "day": days[keep]})
    if by is not None:
        keys[BY_KEY] = part[by].array[keep]
    return keys.groupby(list(keys.columns), sort=False, dropna=False).size().rename("count").reset_index()


def _meta(cells: Cells, by_dtype: Any | None) -> pd.DataFrame:
    """The empty frame partial_counts returns, for dask to plan with."""
    columns = {k: pd.Series(dtype="int64") for k in (*cells.keys, "day")}
    if by_dtype is not None:
        columns[BY_KEY] = pd.Series(dtype=by_dtype)
    return pd.DataFrame({**columns, "count": pd.Series(dtype="int64")})


def lazy_counts(frame: Any, cells: Cells, date_column: str, by: str | None = None, source: str = "") -> Any:
    """The lazy counts of a dask GeoDataFrame: each partition counted on its own, then summed."""
    if by in OUTPUT_COLUMNS:
        raise InputError(f"{source}: cannot count by {by!r}: the output has a column of that name")
    keys = [*cells.keys, "day", *([BY_KEY] if by else [])]
    meta = _meta(cells, frame.dtypes[by] if by else None)
    parts = frame.map_partitions(partial_counts, cells, date_column, by, source, meta=meta)
    return parts.groupby(keys, sort=False, dropna=False)["count"].sum()


def cell_table(counts: pd.DataFrame, cells: Cells, by: str | None = None) -> gpd.GeoDataFrame:
    """The summed counts as the output: cell, date, [by,] count, lon, lat and the cell's polygon
    (EPSG:4326), sorted by day, then cell. Ids, polygons and dates are made once per distinct
    cell or day and taken for each row."""
    keys = list(cells.keys)
    counts = counts.sort_values(["day", *keys, *([BY_KEY] if by else [])], kind="stable", ignore_index=True)
    cell = counts.groupby(keys, sort=False).ngroup().to_numpy()  # numbered in order of first row
    described = cells.cell_table(counts[keys].drop_duplicates()).take(cell)
    day, days = pd.factorize(counts["day"])
    table = {"cell": described["cell"].to_numpy(), "date": np.asarray(days, dtype="datetime64[D]").astype(str)[day],
             **({by: counts[BY_KEY].array} if by else {}), "count": counts["count"].to_numpy(np.int64),
             "lon": described["lon"].to_numpy(), "lat": described["lat"].to_numpy()}
    return gpd.GeoDataFrame(table, geometry=described["geometry"].to_numpy(), crs="EPSG:4326")


@contextmanager
def dask_scheduler(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """What to hand dask.compute: a LocalCluster of ``workers`` single-threaded processes, made
    and closed here (``scheduler`` None); a client of the dask.distributed cluster at an address
    ('tcp://host:8786'); or the name of one of dask's own schedulers ('synchronous', 'threads')."""
    if scheduler is not None and scheduler.lower() in LOCAL_SCHEDULERS:
        yield scheduler.lower()
        return
    from distributed import Client, LocalCluster

    if scheduler is None:
        if workers < 1:
            raise ValueError(f"expected at least 1 worker, found {workers}")
        with (LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
              Client(cluster, set_as_default=False) as client):
            yield client
    else:
        with Client(scheduler, set_as_default=False, timeout="20s") as client:
            yield client


def count_cells(frame: Any, cells: Cells, date_column: str, by: str | None = None, *,
                scheduler: str | None = None, workers: int = 2, source: str = "") -> CellCounts:
    """Counts per (cell, day[, by]) of a dask GeoDataFrame of points, run on ``scheduler`` (see
    dask_scheduler). The rows are counted in the same pass, for the summary."""
    import dask

    counts = lazy_counts(frame, cells, date_column, by, source)
    rows = frame.map_partitions(len).sum()
    started = time.perf_counter()
    with dask_scheduler(scheduler, workers) as runner:
        summed, read = dask.compute(counts, rows, scheduler=runner)
    table = cell_table(summed.reset_index(), cells, by)
    return CellCounts(table, int(read), int(table["count"].sum()), time.perf_counter() - started)
