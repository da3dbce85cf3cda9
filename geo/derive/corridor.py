"""Corridors defined by distance from a line, such as the M4 security corridor of 5 Mar 2020."""
from __future__ import annotations

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.derive.control import METRIC_CRS


def corridor(line: BaseGeometry, width_km: float) -> BaseGeometry:
    """The land within ``width_km`` of ``line`` on each side (EPSG:4326 in and out)."""
    metric = gpd.GeoSeries([line], crs=4326).to_crs(METRIC_CRS)
    return metric.buffer(width_km * 1000, cap_style="flat").to_crs(4326).iloc[0]
