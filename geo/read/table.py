"""CSV with latitude/longitude (or x/y) columns."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError

SUFFIXES = (".csv",)

_LATITUDE = ("latitude", "lat", "y")
_LONGITUDE = ("longitude", "lon", "lng", "long", "x")


def _find_column(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {c.strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def read_table(path: Path) -> pd.DataFrame:
    """A CSV as text cells (the validator types them), or InputError naming the file."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name}: is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path.name}: cannot be read as CSV ({str(exc).strip()})") from None


def read_csv(path: Path) -> gpd.GeoDataFrame:
    """Points from coordinate columns; cells are kept as text for the validator to type.

    A cell that is not a number leaves the row without geometry, which the validator reports.
    """
    table = read_table(path)
    columns = list(table.columns)
    lat, lon = _find_column(columns, _LATITUDE), _find_column(columns, _LONGITUDE)
    if lat is None or lon is None:
        raise InputError(
            f"{path.name}: needs coordinate columns: latitude and longitude (or lat/lon, y/x); "
            f"found columns {', '.join(columns) or 'none'}")
    ys = pd.to_numeric(table[lat].str.strip(), errors="coerce").to_numpy(dtype=float)
    xs = pd.to_numeric(table[lon].str.strip(), errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    points = np.full(len(table), None, dtype=object)
    points[ok] = shapely.points(xs[ok], ys[ok])
    bad = table.loc[~ok, [lat, lon]].apply(lambda r: f"{r[lat]!r}, {r[lon]!r}", axis=1)
    frame = gpd.GeoDataFrame(table.drop(columns=[lat, lon]), geometry=list(points))
    frame.attrs["bad_coordinates"] = {int(i): text for i, text in bad.items()}
    return frame
