"""What changed between two days: land that changed hands (with km² per side), places whose holder
changed and posts whose status changed, each with the reports that changed them.

Computed from the timeline's own states (the areas it derived for each day), in its metric CRS, so
the figures are those of the map and `geo status`. Land no side held on a day is "unknown" (beyond
the reports, or no area drawn yet).
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

UNKNOWN = "unknown"
AREA_COLUMNS = ["from_side", "to_side", "area_km2"]
PLACE_COLUMNS = ["id", "name", "before", "after", "inferred_before", "inferred_after", "reports"]
POST_COLUMNS = ["id", "name", "before", "after", "since"]


@dataclass(frozen=True)
class Change:
    """The change from day ``since`` to day ``until`` (ISO days)."""

    since: str
    until: str
    areas: gpd.GeoDataFrame  # from_side, to_side, area_km2, geometry (EPSG:4326): land that changed hands
    places: pd.DataFrame  # PLACE_COLUMNS: places whose holder changed
    posts: pd.DataFrame  # POST_COLUMNS: posts whose status changed

    def by_side(self) -> pd.DataFrame:
        """km² each side gained and lost between the two days, and the net (sides by name; the
        unknown land left out of the totals of the sides but listed as its own row)."""
        sides = sorted(set(self.areas["from_side"]) | set(self.areas["to_side"]))
        gained = self.areas.groupby("to_side")["area_km2"].sum()
        lost = self.areas.groupby("from_side")["area_km2"].sum()
        table = pd.DataFrame({"side": sides,
                              "gained_km2": [round(float(gained.get(s, 0.0)), 1) for s in sides],
                              "lost_km2": [round(float(lost.get(s, 0.0)), 1) for s in sides]})
        table["net_km2"] = (table["gained_km2"] - table["lost_km2"]).round(1)
        return table


def land_changes(before: gpd.GeoDataFrame, after: gpd.GeoDataFrame, crs: CRS) -> gpd.GeoDataFrame:
    """The land held by one side (or none) on the first day and another on the second: one row per
    (from_side, to_side) pair with its area in km² (measured in ``crs``), in EPSG:4326."""
    one, two = before.to_crs(crs), after.to_crs(crs)
    held_one = dict(zip(one["controller"], one.geometry))
    held_two = dict(zip(two["controller"], two.geometry))
    all_one = shapely.union_all(list(held_one.values())) if held_one else shapely.Polygon()
    all_two = shapely.union_all(list(held_two.values())) if held_two else shapely.Polygon()
    rows = []
    for a, geom_a in sorted(held_one.items()):
        for b, geom_b in sorted(held_two.items()):
            if a != b:
                rows.append((a, b, shapely.intersection(geom_a, geom_b)))
        rows.append((a, UNKNOWN, shapely.difference(geom_a, all_two)))
    for b, geom_b in sorted(held_two.items()):
        rows.append((UNKNOWN, b, shapely.difference(geom_b, all_one)))
    rows = [(a, b, g) for a, b, g in rows if not g.is_empty and g.area >= 1.0]  # under 1 m²: seams
    frame = gpd.GeoDataFrame({"from_side": [a for a, _, _ in rows], "to_side": [b for _, b, _ in rows],
                              "area_km2": np.round([g.area / 1e6 for _, _, g in rows], 3)},
                             geometry=[g for _, _, g in rows], crs=crs)
    return frame.to_crs(4326)


def place_changes(names: dict[str, str], before: dict[str, tuple[str, bool]], after: dict[str, tuple[str, bool]],
                  reports: pd.DataFrame | None, since: str, until: str) -> pd.DataFrame:
    """Places whose holder differs between the two days (``before``/``after``: place → (side,
    inferred), as ``Timeline.control_on`` gives them), with the reports dated between them."""
    rows = []
    for place in sorted(set(before) | set(after)):
        was, now = before.get(place, (None, False)), after.get(place, (None, False))
        if was[0] == now[0]:
            continue
        said = ""
        if reports is not None:
            mine = reports[(reports["place_id"] == place) & (reports["date"].astype(str) > since)
                           & (reports["date"].astype(str) <= until)]
            said = "; ".join(f"{row.date}: {row.controller} per "
                             + ", ".join(str(s.get("publisher")) for s in (row.sources or []))
                             for row in mine.itertuples())
        rows.append({"id": place, "name": names.get(place, place), "before": was[0], "after": now[0],
                     "inferred_before": bool(was[1]), "inferred_after": bool(now[1]), "reports": said})
    return pd.DataFrame(rows, columns=PLACE_COLUMNS)


def post_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Posts whose status differs between two status tables (``Timeline.status_table``)."""
    merged = before[["id", "name", "status"]].merge(after[["id", "name", "status", "since"]], on=["id", "name"],
                                                    how="outer", suffixes=("_before", "_after"))
    changed = merged[merged["status_before"].fillna("") != merged["status_after"].fillna("")]
    return pd.DataFrame({"id": changed["id"], "name": changed["name"], "before": changed["status_before"],
                         "after": changed["status_after"], "since": changed["since"]},
                        columns=POST_COLUMNS).reset_index(drop=True)
