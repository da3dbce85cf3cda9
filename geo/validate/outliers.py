"""Points far from the rest of their layer: the mark of a geocoder that picked the wrong place.

An auto-geocoded list of Ukrainian towns with one point in Yakutia and one in Alaska (a name that
exists there too) is drawn as it is, but each such point is named: its popup, the report and the
legend say it may be misplaced; strict publication rules reject it. A layer spread over the world
has no bulk to be far from, so nothing in it is flagged.
"""
from __future__ import annotations

import numpy as np
import shapely

from geo.read.raw import Region

EARTH_RADIUS_KM = 6371.0088
MIN_POINTS = 8  # fewer points have no bulk to speak of
MIN_KM = 300.0  # nearer than this is never called an outlier
# ... nor anything within this many times the bulk's own spread: the median distance from its
# centre (robust while fewer than half the points are misplaced)
SPREAD_TIMES = 5.0
BOUNDS_GROWTH = 1.0  # the view's bounds, grown by their own size each way: beyond is "far outside" them


def _km_from(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    """Great-circle distance (haversine) of each point from one point, in km."""
    phi, phi0 = np.radians(lat), np.radians(lat0)
    dphi, dlam = phi - phi0, np.radians(lon - lon0)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi) * np.cos(phi0) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def far_points(geoms, bounds: Region | None = None) -> dict[int, str]:
    """{row: why} for each point far outside the bulk of the layer (or far outside ``bounds``)."""
    array = np.asarray(geoms, dtype=object)
    if not len(array):
        return {}
    present = ~shapely.is_missing(array)
    points = np.zeros(len(array), dtype=bool)
    points[present] = (shapely.get_type_id(array[present]) == 0) & ~shapely.is_empty(array[present])
    rows = np.flatnonzero(points)
    lon, lat = shapely.get_x(array[rows]), shapely.get_y(array[rows])
    fine = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    rows, lon, lat = rows[fine], lon[fine], lat[fine]
    found: dict[int, str] = {}
    if bounds is not None:
        west, south, east, north = bounds
        grow_x, grow_y = (east - west) * BOUNDS_GROWTH, (north - south) * BOUNDS_GROWTH
        outside = (lon < west - grow_x) | (lon > east + grow_x) | (lat < south - grow_y) | (lat > north + grow_y)
        for row in rows[outside].tolist():
            found[row] = "far outside the view's bounds"
    if len(rows) >= MIN_POINTS:
        lon0, lat0 = float(np.median(lon)), float(np.median(lat))
        km = _km_from(lon, lat, lon0, lat0)
        spread = float(np.median(km))
        far = km > max(MIN_KM, SPREAD_TIMES * spread)
        for row, distance in zip(rows[far].tolist(), km[far].tolist()):
            found.setdefault(row, f"{distance:,.0f} km from the bulk of the layer")
    return found
