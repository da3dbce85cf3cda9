"""Derive the approximate routes and zones of the Idlib case study from its sourced points.

No polygon of the Astana de-escalation zone or of the Sochi buffer was ever published, and the
M4/M5 are drawn through the towns they pass. Rather than hand-digitising, this script computes
them from the shipped posts, places and border, and writes into each feature how it was made.
Run from the repository root after changing posts, places or the border:

    python layers/idlib-2020/derive.py

tests/test_shipped_data.py checks that the committed routes.geojson and zones.geojson are what
this script produces.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon, mapping
from shapely.ops import substring

HERE = Path(__file__).parent
METRIC_CRS = "EPSG:32637"  # UTM zone 37N: metres across north-west Syria
SOCHI_DEPTH_KM = 15  # the memorandum says 15-20 km; the lower bound is used
ZONE_EDGE_MAX_PRECISION_M = 8000  # posts placed more loosely do not shape the zone's edge

SOURCES = {
    "sochi": {"publisher": "PA-X Peace Agreements Database, University of Edinburgh",
              "url": "https://pax.peaceagreements.org/agreements/2169", "date": "2018-09-17",
              "title": "Memorandum on Stabilization of the Situation in the Idlib De-escalation Area (Sochi)"},
    "astana": {"publisher": "TASS", "url": "https://tass.com/politics/944911", "date": "2017-05",
               "title": "Memorandum on the creation of de-escalation areas in Syria (Astana, 4 May 2017)"},
}
ROUTES = {
    "m5": ("M5 highway (Hama–Aleppo)",
           ["hama", "morek", "khan-shaykhun", "maarat-al-numan", "saraqeb", "al-eis", "aleppo"]),
    # From Saraqeb the M4 shares the M5's road to Aleppo (about 60 km): the same waypoints, so
    # the shared section is one line and the M4 corridor follows the real road there.
    "m4": ("M4 highway (Latakia–Aleppo)",
           ["latakia", "jisr-al-shughur", "ariha", "saraqeb", "al-eis", "aleppo"]),
}
SHARED = {"m4": ("From Saraqeb to Aleppo it runs on the M5's road.",
                 {"publisher": "Wikipedia (English)", "url": "https://en.wikipedia.org/wiki/M4_motorway_(Syria)",
                  "accessed": "2026-12-01", "title": "M4 motorway (Syria)",
                  "note": "runs from Latakia to Saraqib, where it intersects with the M5, and shares some 60 km "
                          "with the M5 to Aleppo"})}


def read(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(HERE / f"{name}.geojson").set_index("id", drop=False)


def route_features(places: gpd.GeoDataFrame) -> list[dict]:
    features = []
    for route_id, (name, waypoints) in ROUTES.items():
        line = LineString([places.loc[p].geometry for p in waypoints])
        names = " → ".join(places.loc[p, "name"] for p in waypoints)
        features.append({"type": "Feature", "geometry": mapping(line), "properties": {
            "kind": "route", "id": route_id, "name": name, "route_type": "highway",
            "description": f"Runs {names}. " + (SHARED[route_id][0] + " " if route_id in SHARED else "")
                           + "The Sochi memorandum (17 Sep 2018) provided for reopening the M4 and M5 to traffic.",
            "confidence": "estimated", "precision_m": 5000,
            "location_note": "Approximate: straight segments between the towns the road passes "
                             "(points from places.geojson), computed by layers/idlib-2020/derive.py; "
                             "the real road bends between them.",
            "sources": [SOURCES["sochi"], *([SHARED[route_id][1]] if route_id in SHARED else [])]}})
    return features


def post_ring(posts: gpd.GeoDataFrame) -> LineString:
    """The 2017-2018 posts placed to within ZONE_EDGE_MAX_PRECISION_M, in order around their centre."""
    edge = posts[(posts["established"].str[:4] <= "2018")
                 & (posts["precision_m"] <= ZONE_EDGE_MAX_PRECISION_M)]
    centre = shapely.centroid(shapely.multipoints(list(edge.geometry)))
    ordered = sorted(edge.geometry, key=lambda p: -math.atan2(p.y - centre.y, p.x - centre.x))
    # Start after the largest angular gap (the border side), so the chain runs along the posts.
    gaps = [(ordered[i - 1].distance(ordered[i]), i) for i in range(len(ordered))]
    start = max(gaps)[1]
    return LineString(ordered[start:] + ordered[:start])


def zone_features(posts: gpd.GeoDataFrame, border: gpd.GeoDataFrame) -> list[dict]:
    metric = lambda geom: gpd.GeoSeries([geom], crs=4326).to_crs(METRIC_CRS).iloc[0]
    back = lambda geom: gpd.GeoSeries([geom], crs=METRIC_CRS).to_crs(4326).iloc[0]
    chain = metric(post_ring(posts))
    line = metric(border.geometry.iloc[0])
    start, end = (line.project(shapely.Point(chain.coords[i])) for i in (-1, 0))
    closing = substring(line, start, end)
    zone = Polygon(list(chain.coords) + list(closing.coords))
    zone = shapely.make_valid(zone) if not zone.is_valid else zone
    buffer_zone = zone.intersection(chain.buffer(SOCHI_DEPTH_KM * 1000))
    simplify = lambda geom: back(geom.simplify(100))
    zone_area, buffer_area = zone.area / 1e6, buffer_zone.area / 1e6
    return [
        {"type": "Feature", "geometry": mapping(simplify(zone)), "properties": {
            "kind": "zone", "id": "idlib-de-escalation-zone", "name": "Idlib de-escalation zone",
            "description": "Set up by the Astana memorandum of 4 May 2017: \"Idlib province and "
                           "certain parts of Latakia, Aleppo and Hama provinces\". Turkey's "
                           "observation posts stood on its edge.",
            "zone_type": "de-escalation zone", "basis": "digitised approximation",
            "basis_note": "No official boundary was published. Drawn through the 2017-2018 "
                          f"Turkish observation posts located to within {ZONE_EDGE_MAX_PRECISION_M // 1000} km "
                          "(in order around them) and closed along the Turkey-Syria border; leaves out "
                          "north-east Latakia, whose post (Zaytunah) could not be placed. "
                          f"Computed by layers/idlib-2020/derive.py; about {zone_area:,.0f} km².",
            "in_force_from": "2017-05-04", "confidence": "estimated",
            "sources": [SOURCES["astana"]]}},
        {"type": "Feature", "geometry": mapping(simplify(buffer_zone)), "properties": {
            "kind": "zone", "id": "sochi-buffer-zone", "name": "Sochi demilitarised buffer zone",
            "description": "Agreed in Sochi on 17 Sep 2018: a demilitarised zone 15-20 km deep "
                           "inside the de-escalation zone, its lines \"to be determined by further "
                           "consultations\".",
            "zone_type": "buffer zone", "basis": "digitised approximation",
            "basis_note": f"No official boundary was published. The part of the approximate "
                          f"de-escalation zone within {SOCHI_DEPTH_KM} km (the memorandum's lower "
                          "bound) of its edge through the posts, computed in UTM 37N by "
                          f"layers/idlib-2020/derive.py; about {buffer_area:,.0f} km².",
            "in_force_from": "2018-09-17", "confidence": "estimated",
            "sources": [SOURCES["sochi"]]}},
    ]


def _rounded(feature: dict) -> dict:
    geom = shapely.transform(shapely.geometry.shape(feature["geometry"]), lambda xy: xy.round(6))
    return dict(feature, geometry=mapping(geom))


def write(name: str, features: list[dict]) -> Path:
    path = HERE / f"{name}.geojson"
    text = json.dumps({"type": "FeatureCollection", "features": [_rounded(f) for f in features]},
                      ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def derive() -> dict[str, list[dict]]:
    places, posts, border = read("places"), read("posts"), read("border")
    return {"routes": route_features(places), "zones": zone_features(posts, border)}


if __name__ == "__main__":
    for layer, features in derive().items():
        print(f"wrote {write(layer, features).name}: {len(features)} features", file=sys.stderr)
