"""Areas of control estimated from who held each place, and the front lines between them.

Method (stated in the data and on the map): each place whose controller is known on the day is
given the land nearer to it than to any other such place (its Voronoi cell, computed in a metric
CRS), clipped to the study area; cells are merged by controller. Front lines are where areas of
different controllers meet. This is an estimate: real lines follow terrain and roads, not
perpendicular bisectors between towns.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.derive.time import as_day
from geo.schema import CONFIDENCE
from geo.values import period_start

METRIC_CRS = "EPSG:32637"  # UTM 37N: metres, fits north-west Syria
ESTIMATE_NOTE = ("Estimate: each place whose controller is known on this day gets the land "
                 "nearer to it than to any other such place (Voronoi cells, UTM 37N), clipped to "
                 "the study area and merged by controller. Real lines follow terrain and roads.")
# The most trusted report of the latest date wins: confirmed > reported > claimed > estimated.
_RANK = {c: len(CONFIDENCE) - i for i, c in enumerate(CONFIDENCE)}


def controllers_on(control: pd.DataFrame, day: str | dt.date) -> pd.DataFrame:
    """One row per place: the report in force on ``day`` (latest date; then highest confidence;
    then the later row). Places with no report yet are absent."""
    day = as_day(day)
    table = control.assign(_start=[period_start(d) for d in control["date"]],
                           _rank=[_RANK[c] for c in control["confidence"]],
                           _row=range(len(control)))
    table = table[table["_start"] <= day]
    table = table.sort_values(["place_id", "_start", "_rank", "_row"])
    return table.groupby("place_id").tail(1).drop(columns=["_start", "_rank", "_row"]).set_index("place_id")


def control_areas(places: gpd.GeoDataFrame, controllers: Mapping[str, str],
                  study_area: BaseGeometry) -> gpd.GeoDataFrame:
    """Areas by controller (EPSG:4326) with area_km2 and the places each was drawn from."""
    known = places[places["id"].isin(list(controllers))].to_crs(METRIC_CRS)
    area = gpd.GeoSeries([study_area], crs=4326).to_crs(METRIC_CRS).iloc[0]
    known = known[known.within(area)]
    if known.empty:
        return gpd.GeoDataFrame({"controller": [], "area_km2": [], "places": []}, geometry=[], crs=4326)
    points = shapely.multipoints(list(known.geometry))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=area))
    rows = []
    for point, place_id in zip(known.geometry, known["id"]):
        cell = next(c for c in cells if c.contains(point))
        rows.append({"place_id": place_id, "controller": controllers[place_id],
                     "geometry": cell.intersection(area)})
    cells = gpd.GeoDataFrame(rows, crs=METRIC_CRS)
    merged = []
    for controller, group in cells.groupby("controller", sort=True):
        geom = shapely.union_all(list(group.geometry))
        merged.append({"controller": controller, "area_km2": round(geom.area / 1e6, 1),
                       "places": ", ".join(sorted(group["place_id"])), "geometry": geom})
    return gpd.GeoDataFrame(merged, crs=METRIC_CRS).to_crs(4326)


def front_lines(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lines where two controllers' areas meet (EPSG:4326), with their length in km."""
    metric = areas.to_crs(METRIC_CRS).reset_index(drop=True)
    rows = []
    for i in range(len(metric)):
        for j in range(i + 1, len(metric)):
            shared = metric.geometry[i].boundary.intersection(metric.geometry[j].boundary)
            lines = shapely.line_merge(shapely.union_all(
                [g for g in shapely.get_parts(shared) if g.geom_type in ("LineString", "MultiLineString")]))
            if lines.is_empty:
                continue
            a, b = metric["controller"][i], metric["controller"][j]
            rows.append({"side_a": a, "side_b": b, "between": f"{a} / {b}",
                         "length_km": round(lines.length / 1000, 1), "geometry": lines})
    columns = {k: [r[k] for r in rows] for k in ("side_a", "side_b", "between", "length_km")}
    return gpd.GeoDataFrame(columns, geometry=[r["geometry"] for r in rows], crs=METRIC_CRS).to_crs(4326)


def distance_to_front_km(points: gpd.GeoDataFrame, fronts: gpd.GeoDataFrame) -> pd.Series:
    """Distance in km from each point to the nearest front line (NaN when there is none)."""
    if fronts.empty:
        return pd.Series(float("nan"), index=points.index)
    line = shapely.union_all(list(fronts.to_crs(METRIC_CRS).geometry))
    return (points.to_crs(METRIC_CRS).distance(line) / 1000).round(1)
