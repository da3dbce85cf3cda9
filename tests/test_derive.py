"""Derivations on small hand-made geometries whose answers are known."""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.derive import Timeline, corridor_around, exists_on, metric_crs
from geo.schema import KINDS
from geo.validate import check_control, check_frame

METRIC_CRS = "EPSG:32637"  # UTM 37N: what geo chooses for this area (tested below)

# A 40 km x 20 km square study area in UTM 37N, around (36.5 E, 35.9 N).
ORIGIN = gpd.GeoSeries([Point(36.5, 35.9)], crs=4326).to_crs(METRIC_CRS).iloc[0]
X0, Y0 = ORIGIN.x, ORIGIN.y


def at(x_km: float, y_km: float) -> Point:
    """A point x km east and y km north of the origin, in EPSG:4326."""
    return gpd.GeoSeries([Point(X0 + x_km * 1000, Y0 + y_km * 1000)], crs=METRIC_CRS).to_crs(4326).iloc[0]


STUDY = gpd.GeoSeries([box(X0, Y0, X0 + 40_000, Y0 + 20_000)], crs=METRIC_CRS).to_crs(4326).iloc[0]
PLACES = gpd.GeoDataFrame({"id": ["west", "east", "far"]},
                          geometry=[at(10, 10), at(30, 10), at(90, 10)], crs=4326)


POSTS = gpd.GeoDataFrame({
    "id": ["p1", "p2", "p3"], "name": ["P1", "P2", "P3"], "operator": ["T", "T", "T"],
    "established": ["2019-01", "2020-02-10", "2019-01-01"], "withdrawn": [None, None, "2020-02-20"],
}, geometry=[at(25, 10), at(5, 5), at(35, 15)], crs=4326)


def timeline(*reports: tuple[str, str, str, str]) -> Timeline:
    """The Timeline of PLACES and POSTS (operator T, to whom side 'a' is hostile) from 1 Jan to
    31 Mar 2020, with control reports (place, date, controller, confidence): what the product runs."""
    places, _ = check_frame(PLACES.assign(name=PLACES["id"]), "place", name="Places")
    posts, _ = check_frame(POSTS.assign(precision_m=100), "post", name="Posts")
    table = pd.DataFrame(reports, columns=["place_id", "date", "controller", "confidence"]).assign(
        source_publisher="Example", source_url="https://example.org", source_date="2020-01")
    control, problems = check_control(table, "control.csv")
    assert not problems
    return Timeline.derive([places, posts], "2020-01-01", "2020-03-31", metric_crs(STUDY.bounds),
                           control=control, study_area=STUDY, hostile={"a": ("T",)})


def test_latest_report_wins_and_on_the_same_day_the_most_trusted():
    found = timeline(("west", "2020-01-01", "a", "reported"),
                     ("west", "2020-02-05", "b", "claimed"),
                     ("west", "2020-02-05", "a", "confirmed"),
                     ("east", "2020-03", "b", "reported"))
    assert found.control_on("2020-01-15") == {"west": ("a", False), "east": ("a", True)}  # east: inferred
    assert found.control_on("2020-02-05")["west"] == ("a", False)
    assert found.control_on("2020-03-01") == {"west": ("a", False), "east": ("b", False)}


def test_two_places_split_the_study_area_at_their_bisector():
    situation = timeline(("west", "2020-01-01", "a", "reported"), ("east", "2020-01-01", "b", "reported")).on("2020-03-01")
    areas = situation.control_areas
    assert list(areas["controller"]) == ["a", "b"]
    assert list(areas["area_km2"]) == [pytest.approx(400, rel=0.01), pytest.approx(400, rel=0.01)]
    assert list(areas["places"]) == ["west", "east"]  # "far" lies outside the study area
    fronts = situation.front_lines
    assert list(fronts["between"]) == ["a / b"]
    assert fronts["length_km"].iloc[0] == pytest.approx(20, rel=0.01)
    # the front is the line x = 20 km: P1 at x = 25 km is 5 km from it, P2 at x = 5 km 15 km
    posts = situation.posts.set_index("id")
    assert list(posts["front_distance_km"]) == [pytest.approx(5, abs=0.05), pytest.approx(15, abs=0.05)]


def test_one_controller_means_no_front():
    situation = timeline(("west", "2020-01-01", "a", "reported"), ("east", "2020-01-01", "a", "reported")).on("2020-03-01")
    areas = situation.control_areas
    assert len(areas) == 1 and areas["area_km2"].iloc[0] == pytest.approx(800, rel=0.01)
    assert situation.front_lines.empty
    assert situation.posts["front_distance_km"].isna().all()


def test_a_post_inside_hostile_held_land_is_surrounded_and_its_history_dates_each_status():
    found = timeline(("west", "2020-01-01", "a", "reported"), ("east", "2020-01-01", "b", "reported"),
                     ("east", "2020-02-15", "a", "reported"))

    def statuses(day: str) -> dict[str, str]:
        return dict(found.status_table(day)[["id", "status"]].itertuples(index=False))

    assert statuses("2020-02-01") == {"p1": "operating", "p3": "operating"}  # P2 not yet established
    assert statuses("2020-02-10") == {"p1": "operating", "p2": "surrounded", "p3": "operating"}
    # P1 lies 5 km from 'east', which changed hands: surrounded. P3, 7 km away, keeps its status:
    # a change holds only where evidence near the post changed (NEAR_M; posts.held_still).
    assert statuses("2020-02-15") == {"p1": "surrounded", "p2": "surrounded", "p3": "operating"}
    spells = {(r.id, r.status): (r.since, r.until, r.since_or_before) for r in found.status_history.itertuples()}
    assert spells == {("p1", "operating"): (dt.date(2020, 1, 1), dt.date(2020, 2, 14), True),
                      ("p1", "surrounded"): (dt.date(2020, 2, 15), None, False),
                      ("p2", "surrounded"): (dt.date(2020, 2, 10), None, False),
                      ("p3", "operating"): (dt.date(2020, 1, 1), dt.date(2020, 2, 20), True),
                      ("p3", "withdrawn"): (dt.date(2020, 2, 21), None, False)}


def test_since_is_the_first_day_of_the_current_unbroken_spell_and_the_history_keeps_the_rest():
    """One definition of 'since' (geo.derive.posts.spells): surrounded, then only possibly, then
    surrounded again is three spells, and the last 'since' is the third's first day, not the
    first's; a spell running on the first day dates from the evidence given for it, else 'or before'."""
    import numpy as np

    from geo.derive.posts import NONE, STATUSES, history_texts, spells

    S, P, OP = (STATUSES.index(s) for s in ("surrounded", "possibly surrounded", "operating"))
    days = [dt.date(2019, 12, 1), dt.date(2019, 12, 22), dt.date(2019, 12, 24), dt.date(2020, 1, 26),
            dt.date(2020, 2, 5)]
    codes = np.array([[P, OP, NONE], [S, OP, NONE], [P, OP, S], [S, OP, S], [S, S, S]], dtype=np.int8)
    earlier = [None, dt.date(2018, 2, 1), None]
    table, at = spells(["surman", "salwa", "late"], ["Surman", "Salwa", "Late"], days, codes, earlier)
    surman = table[table["id"] == "surman"]
    assert list(surman["status"]) == ["possibly surrounded", "surrounded", "possibly surrounded", "surrounded"]
    assert list(surman["since"]) == [days[0], days[1], days[2], days[3]]
    assert list(surman["until"]) == [dt.date(2019, 12, 21), dt.date(2019, 12, 23), dt.date(2020, 1, 25), None]
    assert list(surman["since_or_before"]) == [True, False, False, False]
    # on each day, the spell it lies in: Surman on 5 Feb is in the spell begun 26 Jan
    assert table.loc[at[4, 0], "since"] == dt.date(2020, 1, 26) and table.loc[at[1, 0], "since"] == days[1]
    assert at[0, 2] == -1  # no status yet
    salwa = table[table["id"] == "salwa"]
    assert list(salwa["since"]) == [dt.date(2018, 2, 1), days[4]] and not salwa["since_or_before"].any()
    texts = {post: "; ".join(t for _, _, t in spells) for post, spells in history_texts(table).items()}
    assert texts["surman"] == ("possibly surrounded 1 Dec 2019 or before – 21 Dec 2019; surrounded 22–23 Dec 2019; "
                               "possibly surrounded 24 Dec 2019 – 25 Jan 2020; surrounded since 26 Jan 2020")
    assert texts["salwa"] == "operating 1 Feb 2018 – 4 Feb 2020; surrounded since 5 Feb 2020"
    assert texts["late"] == "surrounded since 24 Dec 2019"


def test_spells_are_written_compactly():
    from geo.derive.posts import spell_text

    day = dt.date
    assert spell_text("surrounded", day(2020, 2, 11), day(2020, 2, 11)) == "surrounded 11 Feb 2020"
    assert spell_text("operating", day(2020, 2, 27), day(2020, 3, 1)) == "operating 27 Feb – 1 Mar 2020"
    assert spell_text("withdrawn", day(2020, 9, 3), None, True) == "withdrawn since 3 Sep 2020 or before"


def test_lifespans_read_reduced_precision_dates_as_whole_periods():
    post = KINDS["post"]
    assert list(exists_on(POSTS, post, "2019-01-01")) == [True, False, True]
    assert list(exists_on(POSTS, post, "2020-02-20")) == [True, True, True]
    assert list(exists_on(POSTS, post, "2020-02-21")) == [True, True, False]


def test_corridor_is_a_buffer_of_the_given_width_on_each_side():
    line = LineString([at(0, 10), at(40, 10)])
    zone = corridor_around(line, 6, metric_crs(STUDY.bounds))
    area_km2 = gpd.GeoSeries([zone], crs=4326).to_crs(METRIC_CRS).area.iloc[0] / 1e6
    assert area_km2 == pytest.approx(40 * 12, rel=0.01)  # flat ends: 40 km long, 12 km wide
    assert zone.contains(at(20, 15.9)) and not zone.contains(at(20, 16.1))


def test_the_metric_crs_is_the_utm_zone_of_the_data():
    assert metric_crs(STUDY.bounds).to_epsg() == 32637
    assert metric_crs((15.0, 30.0, 20.0, 32.0)).to_epsg() == 32633  # central Libya
    assert metric_crs((-60.0, -35.0, -57.0, -33.0)).to_epsg() == 32721  # Uruguay: south
    wide = metric_crs((0.0, 0.0, 30.0, 10.0))
    assert wide.to_epsg() is None and "Lambert" in wide.coordinate_operation.method_name
    assert metric_crs(STUDY.bounds, "EPSG:3857").to_epsg() == 3857  # a scenario's own choice wins


def test_front_lines_of_any_areas_run_with_the_first_side_on_their_left():
    """geo.derive.front_lines, for areas a user drew: the line where two sides' areas meet, its
    length in km, each part with side A's area on its left (as the map's semicircles read it)."""
    import geopandas as gpd
    import shapely

    from geo.derive import front_lines

    west, east = shapely.box(36.0, 35.0, 36.5, 35.5), shapely.box(36.5, 35.0, 37.0, 35.5)
    areas = gpd.GeoDataFrame({"controller": ["government", "opposition"]}, geometry=[west, east], crs=4326)
    fronts = front_lines(areas)
    assert len(fronts) == 1 and (fronts["side_a"].iloc[0], fronts["side_b"].iloc[0]) == ("government", "opposition")
    assert fronts["length_km"].iloc[0] == pytest.approx(55.5, rel=0.01)  # half a degree of latitude
    line = fronts.geometry.iloc[0]
    (x0, y0), (_, y1) = line.coords[0], line.coords[-1]
    assert x0 == pytest.approx(36.5) and y1 > y0  # running north along 36.5° E: the west on its left
