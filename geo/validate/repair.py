"""Geometry repairs that are safe to make, each reported; and the swapped latitude/longitude check.

Safe repairs keep a feature where its source put it: a self-intersecting polygon made valid,
height (Z) dropped, a one-point MultiPoint made a Point, a coordinate a rounding error past ±180
or ±90 (Natural Earth's Russia reaches 180.00000000000006) clamped to it. Swapping latitude and longitude moves a
feature, so it is only done when asked (``swap_latlon``); otherwise a swapped feature is rejected
with a reason that says how to swap it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.read.raw import Region
from geo.schema import Kind

SWAP_HINT = "pass --swap-latlon (swap_latlon=True) to swap them"
_POLYGONAL = ("Polygon", "MultiPolygon")
RANGE = "longitude in [-180, 180] and latitude in [-90, 90]"
# How far past ±180 or ±90 a coordinate may be and still be a rounding error (1e-9° is 0.1 mm).
ROUNDING_DEG = 1e-9
_LIMITS = np.array([180.0, 90.0])


@dataclass(frozen=True)
class Fix:
    """What happened to one geometry: ``repair`` says how it was changed (empty: it is rejected)."""

    field: str
    expected: str
    found: str
    repair: str = ""


def finite(geom: BaseGeometry) -> bool:
    return bool(np.isfinite(shapely.get_coordinates(geom)).all())


def infer_region(geoms: list[Any], minimum: int = 5) -> Region | None:
    """Where most features of a layer lie: Tukey's fences (quartiles ± 1.5 × IQR) of their points.

    A box around the middle of the data, so that a few misplaced features do not stretch it;
    None when there are too few features to say.
    """
    array = np.asarray(geoms, dtype=object)
    usable = shapely.is_geometry(array)
    usable[usable] = ~shapely.is_empty(array[usable])
    some = array[usable]
    coords, owner = shapely.get_coordinates(some, return_index=True)
    infinite = np.bincount(owner[~np.isfinite(coords).all(axis=1)], minlength=len(some)) > 0
    kept = some[~infinite]
    points = shapely.get_type_id(kept) == 0  # a point is its own point on the surface
    xy = np.concatenate([shapely.get_coordinates(kept[points]),
                         shapely.get_coordinates(shapely.point_on_surface(kept[~points]))])
    if len(xy) < minimum:
        return None
    low, high = np.percentile(xy, [25, 75], axis=0)
    spread = 1.5 * (high - low)
    (west, south), (east, north) = low - spread, high + spread
    return float(west), float(south), float(east), float(north)


@lru_cache(maxsize=8)
def _box(region: Region, grow: float) -> BaseGeometry:
    """The region grown by ``grow`` times its size on every side (made once per layer)."""
    west, south, east, north = region
    pad = max(east - west, north - south, 0.5) * grow
    return shapely.box(west - pad, south - pad, east + pad, north + pad)


def swapped(geom: BaseGeometry, region: Region | None) -> str | None:
    """Why ``geom`` looks like it has latitude and longitude swapped, or None.

    Two signs: a 'latitude' beyond ±90 whose swap is a valid position; or a geometry far outside
    the region (more than the region's own size away) whose swap falls inside it.
    """
    xy = shapely.get_coordinates(geom)
    if not len(xy) or not np.isfinite(xy).all():
        return None
    if (np.abs(xy[:, 1]) > 90).any() and (np.abs(xy[:, 0]) <= 90).all() and (np.abs(xy[:, 1]) <= 180).all():
        return f"latitude {xy[np.abs(xy[:, 1]).argmax(), 1]:g} is beyond ±90; swapped it is a valid position"
    if region is None:
        return None
    far = _box(region, 1.0)
    if not geom.intersects(far) and _flip(geom).intersects(_box(region, 0.25)):
        west, south, east, north = region
        return (f"lies far outside the region of the other features ({west:.2f}, {south:.2f}, "
                f"{east:.2f}, {north:.2f}), and swapped it falls inside")
    return None


def _beyond(xy: np.ndarray) -> np.ndarray:
    """(n, 2) how far each coordinate is past its limit (±180 longitude, ±90 latitude); 0 within."""
    return np.maximum(np.abs(xy[:, :2]) - _LIMITS, 0.0)


def _vertex(xy: np.ndarray, vertex: int, axis: int) -> str:
    name = ("longitude", "latitude")[axis]
    return f"{name} {float(xy[vertex, axis])!r} at vertex {vertex + 1}"


def first_bad_vertex(coords: Any) -> str:
    """The first coordinate beyond ±180 (longitude) or ±90 (latitude), in words: 'longitude
    180.5 at vertex 3127' (vertices counted from 1, in the order shapely.get_coordinates gives),
    followed by how many more there are; '' when every coordinate is in range."""
    xy = np.asarray(coords, dtype=float).reshape(-1, np.shape(coords)[-1] if np.ndim(coords) else 2)
    bad = _beyond(xy) > 0
    rows = np.flatnonzero(bad.any(axis=1))
    if not len(rows):
        return ""
    vertex = int(rows[0])
    more = len(rows) - 1
    return _vertex(xy, vertex, int(np.argmax(bad[vertex]))) + (
        f" (and {more} more vert{'ex' if more == 1 else 'ices'} out of range)" if more else "")


def clamp_rounding(geom: BaseGeometry) -> tuple[BaseGeometry, Fix | None]:
    """The geometry with coordinates a rounding error (< 1e-9°) past ±180 or ±90 clamped to it, and
    the Fix naming the first such vertex; (geom, None) when there is none, or when any coordinate
    is out of range by more than that (the validator rejects it, naming ``first_bad_vertex``)."""
    xy = shapely.get_coordinates(geom)
    beyond = _beyond(xy)
    if not len(xy) or not beyond.any() or (beyond >= ROUNDING_DEG).any():
        return geom, None
    rows = np.flatnonzero(beyond.any(axis=1))
    vertex = int(rows[0])
    found = _vertex(xy, vertex, int(np.argmax(beyond[vertex] > 0)))
    if len(rows) > 1:
        found += f" (and {len(rows) - 1} more past the limit by less than {ROUNDING_DEG:g}°)"
    clamped = shapely.transform(geom, lambda c: np.clip(c, -_LIMITS, _LIMITS))
    return clamped, Fix("geometry", RANGE, found,
                        f"clamped to ±180/±90: past it by less than {ROUNDING_DEG:g}° (a rounding error)")


def _flip(geom: BaseGeometry) -> BaseGeometry:
    """The geometry with x and y exchanged."""
    return shapely.transform(geom, lambda c: c[:, ::-1])


def repair_geometry(geom: Any, kind: Kind, region: Region | None,
                    swap_latlon: bool) -> tuple[Any, list[Fix]]:
    """The geometry as it should be drawn, and what was done to it (or why it must be rejected).

    A geometry that cannot be repaired is returned as it is: the validator rejects it.
    """
    if not isinstance(geom, BaseGeometry) or geom.is_empty or not finite(geom):
        return geom, []
    fixes: list[Fix] = []
    if shapely.has_z(geom):
        with np.errstate(invalid="ignore"):  # a NaN coordinate stays NaN: the validator names it
            geom = shapely.force_2d(geom)
        fixes.append(Fix("geometry", "2D coordinates (longitude, latitude)", "3D coordinates",
                         "dropped the Z (height) coordinate"))
    geom, clamped = clamp_rounding(geom)
    if clamped is not None:
        fixes.append(clamped)
    if geom.geom_type == "MultiPoint" and kind.is_point and len(geom.geoms) == 1:
        geom = geom.geoms[0]
        fixes.append(Fix("geometry", "Point", "a MultiPoint of one point", "made it a Point"))
    why = swapped(geom, region)
    if why:
        xy = shapely.get_coordinates(geom)[0]
        found = f"({xy[0]:g}, {xy[1]:g}): {why}"
        if not swap_latlon:
            return geom, [*fixes, Fix("geometry", "longitude, latitude in that order", f"{found}; {SWAP_HINT}")]
        geom = _flip(geom)
        fixes.append(Fix("geometry", "longitude, latitude in that order", found,
                         "swapped latitude and longitude, as asked"))
    if geom.geom_type in _POLYGONAL and kind.geometry_types == _POLYGONAL and not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        fixed = _polygonal_part(shapely.make_valid(geom))
        if fixed is not None:
            geom = fixed
            fixes.append(Fix("geometry", "a valid polygon", reason, "made valid (shapely make_valid)"))
    elif kind.plain and not geom.is_valid:  # a plain layer takes whatever make_valid gives
        reason = shapely.is_valid_reason(geom)
        fixed = shapely.make_valid(geom)
        if not fixed.is_empty and fixed.is_valid:
            geom = fixed
            fixes.append(Fix("geometry", "a valid geometry", reason, "made valid (shapely make_valid)"))
    return geom, fixes


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry | None:
    """The polygons of a make_valid result (which may add stray lines or points), or None."""
    if geom.geom_type in _POLYGONAL:
        return geom if not geom.is_empty else None
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in _POLYGONAL and not g.is_empty]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    return merged if merged.geom_type in _POLYGONAL and merged.is_valid else None


def _plain_points(array: np.ndarray, region: Region | None) -> np.ndarray:
    """Which geometries are 2D points needing no repair and not swapped, found all at once."""
    plain = shapely.is_geometry(array)
    if not plain.any():
        return plain
    some = array[plain]
    ok = (shapely.get_type_id(some) == 0) & ~shapely.is_empty(some) & ~shapely.has_z(some)
    x, y = shapely.get_x(some), shapely.get_y(some)
    ok &= np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 180)
    if region is not None:  # far outside the region (``swapped`` looks at those one by one)
        far = _box(region, 1.0).bounds
        ok &= (x >= far[0]) & (x <= far[2]) & (y >= far[1]) & (y <= far[3])
    plain[plain] = ok
    return plain


def repair_all(geoms: list[Any], kind: Kind, region: Region | None, swap_latlon: bool,
               report: Callable[[int, Fix], None]) -> list[Any]:
    """Every geometry repaired where safe; ``report(row, fix)`` for each change or swap found.

    Plain points near the region are left as they are in one pass; the rest one by one.
    """
    array = np.asarray(geoms, dtype=object) if not isinstance(geoms, np.ndarray) else geoms
    out = list(array)
    for row in np.flatnonzero(~_plain_points(array, region)).tolist():
        fixed, fixes = repair_geometry(array[row], kind, region, swap_latlon)
        for fix in fixes:
            report(row, fix)
        out[row] = fixed
    return out
