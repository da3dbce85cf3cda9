"""Dated control polygons as evidence, a tracker's folder of daily snapshots, layer-level defaults,
and areas that end where the evidence does.

A small made-up scenario (two places, two sides; a tracker that digitised side A's area on three
days, as files with no properties). The places and polygons are test data, not claims.
"""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box, mapping

import geo
from geo.errors import InputError
from tests.conftest import feature, write_geojson

STUDY = box(36.0, 35.0, 37.0, 36.0)
TRACKER = {"publisher": "Example tracker", "url": "https://example.org/tracker", "date": "2020-01"}
SNAPSHOTS = {  # file name → side A's area that day
    "2020-01-05.geojson": box(36.05, 35.05, 36.45, 35.95),
    "2020-01-10.geojson": box(36.05, 35.05, 36.65, 35.95),  # A gains ground around 'east'
    "tracker_20200120.geojson": box(36.05, 35.05, 36.30, 35.95),
}


def scenario_text(layers: str = "", control: str = "") -> str:
    return f"""
title = "Evidence test"
[view]
bounds = [36.0, 35.0, 37.0, 36.0]
tiles = "none"
[[layers]]
name = "Places"
file = "places.geojson"
[[layers]]
name = "Posts"
file = "posts.geojson"
{layers}
[time]
start = "2020-01-01"
end = "2020-01-31"
[control]
file = "control.csv"
study_area = "study_area.geojson"
{control}
[[control.sides]]
id = "a"
label = "Side A"
colour = "#b71c1c"
hostile_to = ["Turkish Armed Forces"]
[[control.sides]]
id = "b"
label = "Side B"
colour = "#2e7d32"
"""


SNAPSHOT_LAYER = """
[[layers]]
name = "Tracker"
file = "tracker"
kind = "zone"
defaults = { zone_type = "area of control", controller = "a", name = "Side A (tracker)", basis = "digitised approximation", basis_note = "digitised by the tracker", confidence = "reported", sources = [{ publisher = "Example tracker", url = "https://example.org/tracker", date = "2020-01" }] }
"""


@pytest.fixture
def folder(tmp_path):
    places = [feature("place", 1, geometry={"type": "Point", "coordinates": [36.2, 35.5]}, id="west"),
              feature("place", 2, geometry={"type": "Point", "coordinates": [36.8, 35.5]}, id="east"),
              feature("place", 3, geometry={"type": "Point", "coordinates": [36.6, 35.5]}, id="between",
                      place_type="village")]
    write_geojson(tmp_path / "places.geojson", places)
    write_geojson(tmp_path / "posts.geojson", [feature("post", 1, established="2019-01", precision_m=100,
                                                       geometry={"type": "Point", "coordinates": [36.6, 35.7]})])
    write_geojson(tmp_path / "study_area.geojson", [{"type": "Feature", "properties": {},
                                                      "geometry": mapping(STUDY)}])
    (tmp_path / "control.csv").write_text(
        "place_id,date,controller,confidence,source_publisher,source_url,source_date\n"
        "west,2019-12-01,a,reported,Test,https://example.org/a,2020\n"
        "east,2019-12-01,b,reported,Test,https://example.org/b,2020\n", encoding="utf-8")
    (tmp_path / "tracker").mkdir()
    for name, area in SNAPSHOTS.items():  # no properties at all, as trackers publish them
        write_geojson(tmp_path / "tracker" / name, [{"type": "Feature", "properties": {}, "geometry": mapping(area)}])
    return tmp_path


def build(folder, layers: str = SNAPSHOT_LAYER, control: str = "reach_km = false", **kw):
    (folder / "scenario.toml").write_text(scenario_text(layers, control), encoding="utf-8")
    return geo.build_model(folder / "scenario.toml", **kw)


def test_a_folder_of_snapshots_is_one_layer_dated_from_its_file_names(folder):
    model = build(folder, strict=True)
    tracker = model.frames["Tracker"]
    assert list(tracker["id"]) == ["2020-01-05", "2020-01-10", "tracker_20200120"]
    assert list(tracker["in_force_from"]) == ["2020-01-05", "2020-01-10", "2020-01-20"]
    # each stands until the day before the next; the last for its own day
    assert list(tracker["in_force_to"]) == ["2020-01-09", "2020-01-19", "2020-01-20"]
    # what the layer says once is in every feature
    assert set(tracker["controller"]) == {"a"} and set(tracker["zone_type"]) == {"area of control"}
    assert all(s == [TRACKER] for s in tracker["sources"])
    layer = next(layer for layer in model.layers if layer.name == "Tracker")
    assert any("3 snapshots dated 2020-01-05 – 2020-01-20" in note for note in layer.notes)


def test_given_areas_take_precedence_over_point_reports(folder):
    model = build(folder, strict=True)
    before = model.timeline.areas("2020-01-02")[0].set_index("controller")
    on = model.timeline.areas("2020-01-12")[0].set_index("controller")
    east_gain = box(36.5, 35.1, 36.65, 35.9)  # east of the bisector (36.5), inside the 10 Jan snapshot
    assert before.geometry["b"].contains(east_gain)
    assert on.geometry["a"].contains(east_gain) and not on.geometry["b"].intersects(east_gain.buffer(-0.01))
    assert "Side A (tracker)" in on.loc["a", "evidence"] and on.loc["b", "evidence"] == ""
    assert "digitised area of control" in on.loc["a", "method"]
    # the unreported village inside the given area takes its side, marked inferred
    assert model.timeline.control_on("2020-01-12")["between"] == ("a", True)
    assert model.timeline.control_on("2020-01-02")["between"] == ("b", True)
    # and the post whose circle lies in it is surrounded from the snapshot's day
    history = model.timeline.status_history
    assert history[history["status"] == "surrounded"]["since"].tolist() == [dt.date(2020, 1, 10)]


def test_layer_defaults_fill_only_what_a_feature_lacks(folder):
    (folder / "tracker" / "2020-01-10.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Own name", "controller": "b"},
         "geometry": mapping(SNAPSHOTS["2020-01-10.geojson"])}]}), encoding="utf-8")
    tracker = build(folder, strict=True).frames["Tracker"].set_index("id")
    assert tracker.loc["2020-01-10", "name"] == "Own name" and tracker.loc["2020-01-10", "controller"] == "b"
    assert tracker.loc["2020-01-05", "name"] == "Side A (tracker)"


def test_an_area_of_control_needs_a_known_side(folder):
    layer = SNAPSHOT_LAYER.replace('controller = "a", ', 'controller = "c", ')
    with pytest.raises(geo.ValidationError) as err:
        build(folder, layer, strict=True)
    text = str(err.value)
    assert "2020-01-05.geojson" in text or "tracker" in text
    assert "field 'controller': expected one of the scenario's sides: a, b, found 'c'" in text
    with pytest.raises(geo.ValidationError, match="field 'controller': expected a value .held by. for a "
                                                  "zone_type of 'area of control', found nothing"):
        build(folder, SNAPSHOT_LAYER.replace('controller = "a", ', ""), strict=True)


@pytest.mark.parametrize("change, message", [
    (lambda f: (f / "tracker" / "latest.geojson").write_text("{}"),
     r"tracker: expected a date \(YYYY-MM-DD or YYYYMMDD\) in the name of every file .* found none in latest.geojson"),
    (lambda f: (f / "tracker" / "2020_01_05.geojson").write_text("{}"),
     r"expected one snapshot per date, found two for 2020-01-05"),
])
def test_a_folder_that_is_not_dated_snapshots_is_named_with_why(folder, change, message):
    change(folder)
    with pytest.raises(InputError, match=message):
        build(folder)


def test_a_default_that_is_no_field_of_the_kind_is_named(folder):
    with pytest.raises(InputError, match=r"Tracker: defaults: field 'side': expected one of the fields of zone layers"):
        build(folder, SNAPSHOT_LAYER.replace("controller = ", "side = "))


def test_areas_end_where_the_evidence_does(folder):
    model = build(folder, layers="", control="reach_km = 10")
    areas = model.timeline.areas("2020-01-02")[0].to_crs(model.crs)
    places = geo.read_layer(folder / "places.geojson").to_crs(model.crs)
    reporting = places[places["id"].isin(["west", "east"])].geometry.values
    extent = shapely.convex_hull(shapely.union_all(reporting)).buffer(10_000)  # two places: their hull is a line
    assert extent.buffer(1).contains(shapely.union_all(areas.geometry.values))
    # no straight edge of the study area: its corners are outside every area
    corner = Point(36.01, 35.01)
    assert not model.timeline.areas("2020-01-02")[0].intersects(corner).any()
    assert "concave hull grown by 10 km" in areas["method"].iloc[0]


def _reports(folder, *rows: str) -> None:
    (folder / "control.csv").write_text(
        "place_id,date,controller,confidence,source_publisher,source_url,source_date\n"
        "west,2019-12-01,a,reported,Test,https://example.org/a,2020\n"
        "east,2019-12-01,b,reported,Test,https://example.org/b,2020\n" + "".join(r + "\n" for r in rows), encoding="utf-8")


def test_same_day_reports_that_disagree_make_a_place_contested_until_a_later_or_surer_one_settles_it(folder):
    _reports(folder,
             "between,2020-01-05,a,reported,One,https://example.org/1,2020-01-05",
             "between,2020-01-05,b,reported,Two,https://example.org/2,2020-01-05",  # the same day, as sure: contested
             "between,2020-01-12,a,claimed,Three,https://example.org/3,2020-01-12",
             "between,2020-01-12,b,confirmed,Four,https://example.org/4,2020-01-12",  # the surer one wins
             "east,2020-01-20,contested,reported,Five,https://example.org/5,2020-01-20")  # "entry only"
    model = build(folder, layers="", control="reach_km = false", strict=True)
    timeline = model.timeline
    assert "between" not in timeline.controllers("2020-01-04")  # no report yet
    assert timeline.controllers("2020-01-06")["between"] == "contested"
    assert timeline.controllers("2020-01-13")["between"] == "b"
    assert timeline.controllers("2020-01-21")["east"] == "contested"
    areas, fronts = timeline.areas("2020-01-06")
    assert set(areas["controller"]) == {"a", "b", "contested"}
    assert "contested" not in set(fronts["side_a"]) | set(fronts["side_b"])  # a front runs between sides only
    html = geo.to_html(geo.build_map(model, day="2020-01-06"))
    assert "Contested: the day&amp;#x27;s reports disagree" in html or "Contested: the day&#x27;s reports disagree" in html
    assert "geo-contested" in html


def test_status_holds_still_unless_evidence_near_the_post_changes():
    from geo.derive.posts import STATUSES, held_still

    op, sur, pos = (STATUSES.index(s) for s in ("operating", "surrounded", "possibly surrounded"))
    codes = np.array([[op, op], [pos, pos], [sur, sur], [pos, op]], dtype=np.int8)
    near = np.array([[False, False], [True, False], [False, True], [False, False]])
    # post 0 changes only on day 1 (evidence near it); post 1 only on day 2; day 3 changes nothing
    assert held_still(codes, near).tolist() == [[op, op], [pos, op], [pos, sur], [pos, sur]]
