"""Units that move: reports grouped into tracks, each day's positions, latest report and its age
(geo.derive.tracks), what the page receives, and what it draws on a day (static/tracks.js)."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo.derive.tracks import FLOOR_OPACITY, FULL_DAYS, STALE_DAYS, opacity
from geo.render.tracks import TracksLayer
from geo.write.data import layer_tables
from tests.conftest import MAP_JS

SOURCE = {"publisher": "Example Wire", "url": "https://example.org/report", "date": "2020-02-01"}
HOSTILE = "<img src=x onerror=alert(1)>"
# id, name, unit_id, date_from, date_to, lon, lat, side: rows out of date order on purpose
REPORTS = [
    ("b1-3", f"1st Battalion (forward elements) {HOSTILE}", "b1", "2020-02-10", None, 36.80, 35.95, "Blue"),
    ("b1-1", "1st Battalion", "b1", "2020-02-01", None, 36.60, 35.80, "Blue"),
    ("c2-1", "2nd Company", None, "2020-02-02", None, 36.50, 36.10, "Red"),
    ("b1-4", "1st Battalion", "b1", "2020-02-28", None, 36.85, 36.00, "Blue"),
    ("b1-2", "1st Battalion", "b1", "2020-02-04", "2020-02-05", 36.70, 35.85, "Blue"),
    ("c2-2", "2nd Company", "", "2020-02-03", None, 36.55, 36.05, "Red"),  # an empty unit_id: its name
    ("solo", "Lone Patrol", None, "2020-02-05", "2020-03-10", 36.90, 35.70, "Red"),
    ("b2-1", "1st Battalion", "b2", "2020-02-06", None, 36.40, 35.60, "Blue"),  # same name, another unit_id
]


@pytest.fixture(scope="module")
def units() -> gpd.GeoDataFrame:
    columns = ["id", "name", "unit_id", "date_from", "date_to", "lon", "lat", "side"]
    rows = [dict(zip(columns, r)) for r in REPORTS]
    return gpd.GeoDataFrame(
        {c: [r[c] for r in rows] for c in ("id", "name", "unit_id", "date_from", "date_to", "side")}
        | {"unit_type": "infantry", "confidence": "reported", "precision_m": 500.0,
           "sources": [[dict(SOURCE)] for _ in rows]},
        geometry=shapely.points([(r["lon"], r["lat"]) for r in rows]), crs=4326)


@pytest.fixture(scope="module")
def model(units):
    return geo.build_model(units, kind="unit")


def test_reports_of_one_unit_form_a_track_in_date_order(model):
    tracks = {t.unit: t for t in model.tracks}
    assert set(tracks) == {"b1", "2nd Company"}  # 'solo' and b2 have one report each: no track
    b1 = tracks["b1"]
    assert b1.by == "unit_id" and b1.ids == ("b1-1", "b1-2", "b1-3", "b1-4")  # a different name, the same unit_id
    assert [d.isoformat() for d in b1.days] == ["2020-02-01", "2020-02-04", "2020-02-10", "2020-02-28"]
    assert b1.coords.tolist() == [[36.60, 35.80], [36.70, 35.85], [36.80, 35.95], [36.85, 36.00]]
    company = tracks["2nd Company"]
    assert company.by == "name" and company.ids == ("c2-1", "c2-2")
    assert "b2-1" not in b1.ids  # the same name under another unit_id is another unit


def test_each_day_the_positions_so_far_the_latest_and_its_age(model):
    b1 = next(t for t in model.tracks if t.unit == "b1")
    assert b1.on("2020-01-31") is None
    cases = {"2020-02-01": (1, "b1-1", 0), "2020-02-03": (1, "b1-1", 2), "2020-02-04": (2, "b1-2", 0),
             "2020-02-09": (2, "b1-2", 5), "2020-02-10": (3, "b1-3", 0), "2020-03-01": (4, "b1-4", 2)}
    for day, (reports, latest, age) in cases.items():
        at = b1.on(day)
        assert (at.reports, at.latest, at.age_days) == (reports, latest, age), day
        assert at.position == tuple(b1.coords[reports - 1].tolist())
        assert at.opacity == pytest.approx(float(opacity(age)))
    # the table over many days is the same as asking day by day
    table = b1.table("2020-02-01", "2020-03-10")
    assert [t.reports for t in table[:10]] == [1, 1, 1, 2, 2, 2, 2, 2, 2, 3]
    on = model.tracks.on("2020-03-01").set_index("unit")
    assert on.loc["b1", "latest"] == "b1-4" and on.loc["2nd Company", "age_days"] == 27


def test_opacity_falls_with_age_to_a_floor():
    assert opacity(np.array([0, FULL_DAYS])).tolist() == [1.0, 1.0]
    middle = (FULL_DAYS + STALE_DAYS) / 2
    assert float(opacity(middle)) == pytest.approx((1 + FLOOR_OPACITY) / 2, abs=1e-3)
    assert opacity(np.array([STALE_DAYS, 90])).tolist() == [FLOOR_OPACITY, FLOOR_OPACITY]
    assert np.all(np.diff(opacity(np.arange(40))) <= 0)


def test_only_the_latest_report_of_a_track_is_shown(model):
    """The timeline cut the tracked reports' spans: the map, the situation and the exports agree."""
    def shown(day):
        return set(model.situation(day).layers[model.layers[0].name]["id"])

    assert shown("2020-02-04") == {"b1-2", "c2-2"}  # c2-1 replaced by c2-2 on 3 Feb
    assert shown("2020-02-06") == {"b1-2", "c2-2", "solo", "b2-1"}
    # b1-2 past its own end: still the latest; b2-1, no track, keeps its own span (one day here)
    assert shown("2020-02-07") == {"b1-2", "c2-2", "solo"}
    assert shown("2020-03-04") == {"b1-4", "c2-2", "solo"}  # a last report is kept STALE_DAYS at least
    assert shown("2020-03-05") == {"b1-4", "solo"}


def test_tracks_as_lines_with_dates_and_in_the_exports(model):
    frame = model.tracks.frame()
    assert list(frame["unit"]) == ["2nd Company", "b1"] and list(frame["reports"]) == [2, 4]
    assert frame.geometry.iloc[1].equals(shapely.linestrings([[36.60, 35.80], [36.70, 35.85], [36.80, 35.95],
                                                              [36.85, 36.00]]))
    assert list(frame["date_from"]) == ["2020-02-02", "2020-02-01"]
    day = model.tracks.lines_on("2020-02-11")
    assert list(day["unit"]) == ["2nd Company", "b1"] and list(day["reports"]) == [2, 3]
    assert len(shapely.get_coordinates(day.geometry.iloc[1])) == 3
    tables, _ = layer_tables(model, "2020-02-11")
    assert "unit_tracks" in tables and list(tables["unit_tracks"][1]["latest"]) == ["c2-2", "b1-3"]


def test_the_shipped_25th_division_is_the_one_track(idlib_model):
    """Only reports whose own names make them one unit are grouped: the 25th SMFD's eight (one
    names its 'elements'); HTS, NLF, TIP and Hezbollah reports in different places are not."""
    tracks = list(idlib_model.tracks)
    assert [t.unit for t in tracks] == ["25th-special-mission-forces-division"]
    (smfd,) = tracks
    assert smfd.by == "unit_id" and len(smfd.ids) == 8
    assert all("25th Special Mission Forces Division" in name
               for name in idlib_model.layers[[lay.name for lay in idlib_model.layers].index(smfd.layer)]
               .frame.set_index("id").loc[list(smfd.ids), "name"])
    assert smfd.on("2020-02-07").latest == "25th-special-mission-forces-division-saraqeb-2020-02-06"


def _tracks_layer(m) -> TracksLayer:
    (layer,) = [c for c in m._children.values() if isinstance(c, TracksLayer)]
    return layer


def test_the_page_receives_each_days_positions_and_opacity(model):
    m = geo.build_map(model, tiles="none")
    payload = _tracks_layer(m).payload
    b1 = next(t for t in payload["tracks"] if t["unit"] == "b1")
    track = next(t for t in model.tracks if t.unit == "b1")
    assert b1["first"] == "2020-02-01" and b1["ids"] == list(track.ids)
    assert b1["coords"][0] == [35.80, 36.60]  # lat, lon for Leaflet
    assert len(b1["steps"]) == (track.last - track.first).days + 1
    assert b1["steps"][9] == [3, 1.0]  # 10 Feb
    assert b1["steps"][29] == [4, 1.0] and b1["steps"][8][1] == pytest.approx(float(opacity(5)))
    # each report's popup lists the track so far, its sources, and the rule; data is escaped
    block = payload["popups"]["b1-3"]
    assert block.count("<li class=\"geo-track-now\"") == 1 and "report 3 of 4" in block
    assert "example.org/report" in block and "full strength for 3 days" in block
    assert HOSTILE not in json.dumps(payload) and "&lt;img src=x" in block
    html = m.get_root().render()
    assert "function geoTracks(" in html and "geoday" in html


@pytest.fixture(scope="module")
def fixture_page(model, tmp_path_factory):
    path = tmp_path_factory.mktemp("tracks") / "tracks.html"
    geo.build_map(model, tiles="none").save(str(path))
    return path


def test_on_a_day_the_track_its_latest_symbol_and_fading(fixture_page, open_map):
    page = open_map(fixture_page, 1280, 800).page

    def set_day(day: str) -> None:
        page.locator(".geo-date-field").fill(day)
        page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoDate === '{day}'")

    def seen() -> dict:
        return page.evaluate(f"""() => {{
          const map = {MAP_JS}, out = {{}};
          const layer = window.geoTrackLayers[0];
          document.querySelectorAll('path.geo-track-line').forEach(p => {{
            out[layer.geoLines[+p.dataset.geoTrack].geoTrack.unit] = {{
              vertices: +p.dataset.geoVertices, d: p.getAttribute('d') }}; }});
          layer.geoLines.forEach(l => {{
            const t = l.geoTrack, lls = l.getLatLngs(), o = out[t.unit] = out[t.unit] || {{}};
            o.n = lls.length;
            if (lls.length) {{ const p = map.latLngToContainerPoint(lls[lls.length - 1]); o.end = [p.x, p.y]; }}
          }});
          out.markers = {{}};
          document.querySelectorAll('.leaflet-marker-icon.geo-kind-unit').forEach(el => {{
            const m = el.geoMarker, p = map.latLngToContainerPoint(m.getLatLng());
            out.markers[el.dataset.geoId] = {{opacity: +getComputedStyle(el).opacity, at: [p.x, p.y]}};
          }});
          return out;
        }}""")

    set_day("2020-02-11")
    day = seen()
    assert day["b1"]["vertices"] == 3 and day["b1"]["n"] == 3 and day["2nd Company"]["vertices"] == 2
    assert day["b1"]["d"].count("M") >= 2  # the line, and at least one chevron along it
    assert {"b1-3", "c2-2"} <= set(day["markers"]) and not {"b1-1", "b1-2", "c2-1"} & set(day["markers"])
    assert day["markers"]["b1-3"]["at"] == pytest.approx(day["b1"]["end"], abs=0.5)  # the symbol ends the line
    set_day("2020-03-01")
    day = seen()
    assert day["b1"]["vertices"] == 4 and set(day["markers"]) == {"b1-4", "c2-2", "solo"}
    fresh, stale = day["markers"]["b1-4"]["opacity"], day["markers"]["c2-2"]["opacity"]
    assert fresh == pytest.approx(1.0) and stale == pytest.approx(float(opacity(27)), abs=0.01) and stale < fresh
    assert day["markers"]["solo"]["opacity"] == pytest.approx(1.0)  # not a track: not faded
    # the latest report's popup lists the track so far
    page.evaluate("document.querySelector('.leaflet-marker-icon[data-geo-id=\"b1-4\"]').geoMarker.openPopup()")
    page.wait_for_selector(".leaflet-popup .geo-track-reports")
    assert page.locator(".leaflet-popup .geo-track-reports > li").count() == 4
    assert page.locator(".leaflet-popup img").count() == 0  # the hostile name stayed text
