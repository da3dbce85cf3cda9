"""Corridors defined by distance from a line, such as the M4 security corridor of 5 Mar 2020."""
from __future__ import annotations

import geopandas as gpd
from pyproj import CRS
from shapely.geometry.base import BaseGeometry


def corridor_around(line: BaseGeometry, width_km: float, crs: CRS) -> BaseGeometry:
    """The land within ``width_km`` of ``line`` on each side (EPSG:4326 in and out; metres in ``crs``)."""
    metric = gpd.GeoSeries([line], crs=4326).to_crs(crs)
    return metric.buffer(width_km * 1000, cap_style="flat").to_crs(4326).iloc[0]
