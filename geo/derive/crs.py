"""The metric CRS that areas, distances, Voronoi cells and corridors are computed in.

Chosen from the data, not fixed: the UTM zone of the centre of the study area (as geopandas'
``estimate_utm_crs`` picks it, without its database query), which keeps scale errors under 0.1 % within a few hundred km of
the zone's centre. An area wider than a UTM zone can serve (more than 12° of longitude) gets
a Lambert azimuthal equal-area projection centred on it instead, so that areas stay true.
"""
from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)
MAX_UTM_WIDTH_DEG = 12.0
DENSIFY_DEG = 0.01  # about a kilometre: a lon/lat edge keeps its course when projected


def to_metric(geom: BaseGeometry, crs: CRS) -> BaseGeometry:
    """A lon/lat geometry in ``crs``, its edges densified first: a study area's straight edge in
    degrees (a lon/lat box) is a curve in metres, and projecting its corners alone cuts land off."""
    return gpd.GeoSeries([shapely.segmentize(geom, DENSIFY_DEG)], crs=4326).to_crs(crs).iloc[0]


_LONLAT: dict[int, tuple[CRS, Transformer]] = {}  # id(crs): the CRS (kept alive) and its transformer


def _to_lonlat(crs: CRS) -> Transformer:
    """The transformer to lon/lat, made once per CRS object: a derivation asks for it hundreds of
    times with the same object, and hashing a CRS (as a cache would) writes out its whole WKT."""
    kept = _LONLAT.get(id(crs))
    if kept is None or kept[0] is not crs:
        if len(_LONLAT) >= 8:
            _LONLAT.clear()
        kept = _LONLAT[id(crs)] = (crs, Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True))
    return kept[1]


def to_degrees(geoms: np.ndarray | list, crs: CRS) -> np.ndarray:
    """2-D geometries in ``crs`` to EPSG:4326 (lon, lat): what GeoSeries.to_crs(4326) gives, the
    same transformation on the same coordinates, without building a GeoSeries for it."""
    geoms = np.asarray(geoms, dtype=object)
    coords = shapely.get_coordinates(geoms)
    if not len(coords):
        return geoms.copy()
    lon, lat = _to_lonlat(crs).transform(coords[:, 0], coords[:, 1])
    return shapely.set_coordinates(geoms.copy(), np.column_stack([lon, lat]))


def metric_crs(bounds: Bounds, declared: str | None = None) -> CRS:
    """``declared`` if given (a scenario's ``view.metric_crs``), else the best metric CRS for ``bounds``."""
    if declared:
        return CRS.from_user_input(declared)
    west, south, east, north = bounds
    lon, lat = (west + east) / 2, (south + north) / 2
    if east - west <= MAX_UTM_WIDTH_DEG and abs(lat) < 84:
        zone = min(int(math.floor((lon + 180) / 6)) + 1, 60)  # the regular zones (no Norway exceptions)
        return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)
    return CRS.from_proj4(f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m +no_defs")


def crs_name(crs: CRS) -> str:
    """A short name for notes and popups: 'UTM 37N (EPSG:32637)'."""
    code = crs.to_epsg()
    if code is None:
        return "a Lambert azimuthal equal-area projection centred on the study area"
    return crs.name.replace("WGS 84 / ", "").replace("UTM zone ", "UTM ") + f" (EPSG:{code})"
