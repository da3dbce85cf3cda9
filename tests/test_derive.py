"""Derivations on small hand-made geometries whose answers are known."""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.derive import (
    control_areas,
    controllers_on,
    corridor_around,
    distance_to_front_km,
    exists_on,
    front_lines,
    metric_crs,
    post_statuses,
    status_history,
)
from geo.schema import KINDS

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


def control(rows):
    return pd.DataFrame(rows, columns=["place_id", "date", "controller", "confidence"])


def test_latest_report_wins_and_on_the_same_day_the_most_trusted():
    table = control([("west", "2020-01-01", "a", "reported"),
                     ("west", "2020-02-05", "b", "claimed"),
                     ("west", "2020-02-05", "a", "confirmed"),
                     ("east", "2020-03", "b", "reported")])
    assert controllers_on(table, "2020-01-15")["controller"].to_dict() == {"west": "a"}
    assert controllers_on(table, "2020-02-05")["controller"].to_dict() == {"west": "a"}
    assert controllers_on(table, "2020-03-01")["controller"].to_dict() == {"east": "b", "west": "a"}
    assert controllers_on(table, "2019-12-31").empty


def test_two_places_split_the_study_area_at_their_bisector():
    areas = control_areas(PLACES, {"west": "a", "east": "b", "far": "a"}, STUDY)
    assert list(areas["controller"]) == ["a", "b"]
    assert list(areas["area_km2"]) == [pytest.approx(400, rel=0.01), pytest.approx(400, rel=0.01)]
    assert list(areas["places"]) == ["west", "east"]  # "far" lies outside the study area
    fronts = front_lines(areas)
    assert list(fronts["between"]) == ["a / b"]
    assert fronts["length_km"].iloc[0] == pytest.approx(20, rel=0.01)
    # the front is the line x = 20 km: a point at x = 23 km is 3 km from it
    probe = gpd.GeoDataFrame(geometry=[at(23, 5)], crs=4326)
    assert distance_to_front_km(probe, fronts).iloc[0] == pytest.approx(3, abs=0.05)


def test_one_controller_means_no_front():
    areas = control_areas(PLACES, {"west": "a", "east": "a"}, STUDY)
    assert len(areas) == 1 and areas["area_km2"].iloc[0] == pytest.approx(800, rel=0.01)
    assert front_lines(areas).empty
    assert distance_to_front_km(PLACES, front_lines(areas)).isna().all()


POSTS = gpd.GeoDataFrame({
    "id": ["p1", "p2", "p3"], "name": ["P1", "P2", "P3"], "operator": ["T", "T", "T"],
    "established": ["2019-01", "2020-02-10", "2019-01-01"], "withdrawn": [None, None, "2020-02-20"],
}, geometry=[at(25, 10), at(5, 5), at(35, 15)], crs=4326)


def test_a_post_inside_hostile_held_land_is_surrounded():
    areas = control_areas(PLACES, {"west": "gov", "east": "opp"}, STUDY)
    hostile = {"gov": ["T"]}
    assert list(post_statuses(POSTS, areas, dt.date(2020, 2, 1), hostile)) == ["operating", None, "operating"]
    assert list(post_statuses(POSTS, areas, dt.date(2020, 2, 10), hostile)) == ["operating", "surrounded", "operating"]
    assert list(post_statuses(POSTS, areas, dt.date(2020, 2, 21), hostile)) == ["operating", "surrounded", "withdrawn"]


def test_status_history_gives_the_first_day_of_each_status():
    def areas_on(day):
        held = {"west": "gov", "east": "opp" if day < dt.date(2020, 2, 15) else "gov"}
        return control_areas(PLACES, held, STUDY)

    days = [dt.date(2020, 1, 1), dt.date(2020, 2, 10), dt.date(2020, 2, 15), dt.date(2020, 2, 21)]
    history = status_history(POSTS, days, lambda d: post_statuses(POSTS, areas_on(d), d, {"gov": ["T"]}))
    spells = {(r.id, r.status): (r.since, r.until) for r in history.itertuples()}
    assert spells[("p1", "operating")] == (dt.date(2020, 1, 1), dt.date(2020, 2, 14))
    assert spells[("p1", "surrounded")] == (dt.date(2020, 2, 15), None)
    assert spells[("p2", "surrounded")] == (dt.date(2020, 2, 10), None)
    assert spells[("p3", "surrounded")] == (dt.date(2020, 2, 15), dt.date(2020, 2, 20))
    assert spells[("p3", "withdrawn")] == (dt.date(2020, 2, 21), None)


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
