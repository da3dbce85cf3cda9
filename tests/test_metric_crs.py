"""Areas and distances in the metric CRS geo chooses from the data, checked against geodesics.

A small scenario far from the default case study (central Libya, UTM zone 33, where the fixed
UTM 37N of old was off by several per cent): its zone's area, the front's length, a post's
distance to the front and a corridor's area are compared with pyproj.Geod on the ellipsoid.
The places and dates are test data, not a claim about Libya.
"""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Polygon, box

import geo
from tests.conftest import feature, write_geojson

GEOD = Geod(ellps="WGS84")
STUDY = box(15.6, 30.6, 17.6, 31.6)  # around Sirte


def geodesic_area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def geodesic_length_km(line) -> float:
    return GEOD.geometry_length(line) / 1000


def geodesic_distance_km(point, line) -> float:
    """Point to line on the ellipsoid: the nearest of the line's points 50 m apart."""
    dense = shapely.segmentize(line, 0.0005)
    lons, lats = shapely.get_coordinates(dense).T
    _, _, metres = GEOD.inv(np.full(len(lons), point.x), np.full(len(lats), point.y), lons, lats)
    return float(metres.min()) / 1000


@pytest.fixture(scope="module")
def libya(tmp_path_factory):
    folder = tmp_path_factory.mktemp("libya")
    places = [feature("place", n, geometry={"type": "Point", "coordinates": xy}, id=pid, name=pid.title())
              for n, (pid, xy) in enumerate([("west", [16.0, 31.1]), ("east", [17.2, 31.1])], start=1)]
    write_geojson(folder / "places.geojson", places)
    write_geojson(folder / "posts.geojson", [feature("post", 1, geometry={"type": "Point", "coordinates": [16.9, 31.3]},
                                                     established="2019-01")])
    zone = Polygon([(15.8, 30.8), (17.4, 30.8), (17.4, 31.4), (15.8, 31.4)])
    write_geojson(folder / "zones.geojson", [feature("zone", 1, geometry=shapely.geometry.mapping(zone))])
    write_geojson(folder / "routes.geojson", [feature("route", 1, id="coast", geometry={
        "type": "LineString", "coordinates": [[15.7, 31.2], [17.5, 31.25]]})])
    write_geojson(folder / "study_area.geojson", [{"type": "Feature", "properties": {},
                                                    "geometry": shapely.geometry.mapping(STUDY)}])
    (folder / "control.csv").write_text(
        "place_id,date,controller,confidence,source_publisher,source_url,source_date\n"
        "west,2020-01-01,a,reported,Test,https://example.org/a,2020\n"
        "east,2020-01-01,b,reported,Test,https://example.org/b,2020\n", encoding="utf-8")
    (folder / "scenario.toml").write_text("""
title = "Test scenario (central Libya)"
[view]
bounds = [15.6, 30.6, 17.6, 31.6]
tiles = "none"
[[layers]]
name = "Places"
file = "places.geojson"
[[layers]]
name = "Posts"
file = "posts.geojson"
[[layers]]
name = "Zones"
file = "zones.geojson"
[[layers]]
name = "Routes"
file = "routes.geojson"
[time]
start = "2020-01-01"
end = "2020-02-01"
[control]
file = "control.csv"
study_area = "study_area.geojson"
reach_km = false
[[control.sides]]
id = "a"
label = "Side A"
colour = "#b71c1c"
hostile_to = ["Turkish Armed Forces"]
[[control.sides]]
id = "b"
label = "Side B"
colour = "#2e7d32"
[[corridors]]
id = "coast-corridor"
name = "Coast corridor"
route = "coast"
width_km = 6
in_force_from = "2020-01-01"
sources = [{ publisher = "Test", url = "https://example.org/c", date = "2020" }]
""", encoding="utf-8")
    return geo.build_model(folder / "scenario.toml", strict=True)


def test_the_metric_crs_is_the_utm_zone_of_the_study_area(libya):
    assert libya.crs.to_epsg() == 32633


def test_zone_area_matches_the_geodesic_area(libya):
    zone = libya.frames["Zones"]
    assert zone["area_km2"].iloc[0] == pytest.approx(geodesic_area_km2(zone.geometry.iloc[0]), rel=0.005)


def test_areas_of_control_front_length_and_distance_match_geodesics(libya):
    situation = libya.situation("2020-01-15")
    areas = situation.control_areas
    assert areas["area_km2"].sum() == pytest.approx(geodesic_area_km2(STUDY), rel=0.005)
    front = situation.front_lines.geometry.iloc[0]
    assert situation.front_lines["length_km"].iloc[0] == pytest.approx(geodesic_length_km(front), rel=0.005)
    post = situation.posts.iloc[0]
    assert post["front_distance_km"] == pytest.approx(geodesic_distance_km(post.geometry, front), rel=0.005, abs=0.1)
    assert post["status"] == "operating"  # east of the bisector: side B, not hostile


def test_the_corridor_is_6_km_either_side_on_the_ground(libya):
    corridor = libya.frames["Corridors (computed)"].geometry.iloc[0]
    route = LineString([(15.7, 31.2), (17.5, 31.25)])
    assert geodesic_area_km2(corridor) == pytest.approx(12 * geodesic_length_km(route), rel=0.005)
