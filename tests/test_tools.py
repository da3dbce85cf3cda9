"""The map's tools do what they say, checked in a real Chromium against the Python libraries:
MGRS against `mgrs`, distances and areas against `pyproj.Geod`, search by alias, the permalink."""
from __future__ import annotations

import random

import mgrs
import pytest
from pyproj import Geod, Proj

from tests.conftest import MAP_JS

GEOD = Geod(ellps="WGS84")


def metres_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    return abs(GEOD.inv(a[1], a[0], b[1], b[0])[2])


def test_mgrs_in_the_browser_matches_the_mgrs_package_on_1000_points(built_page):
    """The same 100 km square and, to the metre, the same easting and northing; the UTM behind it
    within a centimetre of pyproj's."""
    rng = random.Random(20200207)
    points = [(rng.uniform(-79.9, 83.9), rng.uniform(-179.9, 179.9)) for _ in range(995)]
    points += [(35.86447, 36.80591), (60.0, 5.0), (78.0, 15.0), (-33.9, 18.4), (0.0, 0.0)]  # Saraqeb, zone exceptions
    ours = built_page.evaluate("pts => pts.map(p => [geoMgrs(p[0], p[1]), geoUtm(p[0], p[1])])", points)
    converter = mgrs.MGRS()
    exact = 0
    for (lat, lon), (text, utm) in zip(points, ours):
        theirs = converter.toMGRS(lat, lon, MGRSPrecision=5)
        mine = text.replace(" ", "")
        assert mine[:-10] == theirs[:-10], (lat, lon, text, theirs)  # zone, band and square
        for a, b in ((mine[-10:-5], theirs[-10:-5]), (mine[-5:], theirs[-5:])):
            assert abs(int(a) - int(b)) <= 1, (lat, lon, text, theirs)  # the same metre, or its neighbour at a boundary
        exact += mine == theirs
        south = "+south " if lat < 0 else ""
        proj = Proj(f"+proj=utm +zone={utm['zone']} {south}+ellps=WGS84")
        easting, northing = proj(lon, lat)
        assert utm["easting"] == pytest.approx(easting, abs=0.01)
        assert utm["northing"] == pytest.approx(northing, abs=0.01)
        assert metres_apart(converter.toLatLon(mine), converter.toLatLon(theirs)) <= 1.5
    assert exact >= 990
    assert ours[995][0].replace(" ", "") == converter.toMGRS(35.86447, 36.80591, MGRSPrecision=5)


def test_distances_and_areas_match_pyproj_geod(built_page):
    rng = random.Random(5)
    pairs = [(rng.uniform(-70, 70), rng.uniform(-170, 170), rng.uniform(-70, 70), rng.uniform(-170, 170)) for _ in range(200)]
    pairs += [(35.86447, 36.80591, 35.64815, 36.86465)]  # Saraqeb to the Surman post
    ours = built_page.evaluate("ps => ps.map(p => geoGeodesicDistance(p[0], p[1], p[2], p[3]))", pairs)
    for (lat1, lon1, lat2, lon2), metres in zip(pairs, ours):
        expected = GEOD.inv(lon1, lat1, lon2, lat2)[2]
        assert metres == pytest.approx(expected, rel=0.005, abs=0.01)
    rings = [[(35.0, 36.0), (35.0, 36.5), (35.5, 36.5), (35.5, 36.0)],  # ~50 km square, north-west Syria
             [(35.9, 36.6), (35.95, 36.9), (35.7, 36.95), (35.6, 36.7), (35.75, 36.55)],
             [(-40.0, 170.0), (-40.0, 172.0), (-42.0, 172.0)],
             [(64.0, -20.0), (64.5, -18.0), (65.5, -19.0), (65.0, -22.0)]]
    areas = built_page.evaluate("rs => rs.map(r => geoGeodesicArea(r))", rings)
    for ring, area in zip(rings, areas):
        lats, lons = zip(*ring)
        expected = abs(GEOD.polygon_area_perimeter(lons, lats)[0])
        assert area == pytest.approx(expected, rel=0.005)


def test_the_measure_tool_reports_the_path_and_area_clicked(built_page):
    page = built_page
    page.locator(".geo-tool-button[aria-label='Measure distance and area']").click()
    clicks = [(500, 400), (700, 420), (650, 600)]
    for x, y in clicks:
        page.mouse.click(x, y)
    readout = page.locator(".geo-measure-readout")
    lat_lngs = page.evaluate(f"""pts => pts.map(p => {{ const box = {MAP_JS}.getContainer().getBoundingClientRect();
        const ll = {MAP_JS}.containerPointToLatLng([p[0] - box.left, p[1] - box.top]); return [ll.lat, ll.lng]; }})""", clicks)
    (la, loa), (lb, lob), (lc, loc) = lat_lngs
    path = GEOD.inv(loa, la, lob, lb)[2] + GEOD.inv(lob, lb, loc, lc)[2]
    area = abs(GEOD.polygon_area_perimeter([loa, lob, loc], [la, lb, lc])[0])
    assert float(readout.get_attribute("data-metres")) == pytest.approx(path, rel=0.005)
    assert float(readout.get_attribute("data-square-metres")) == pytest.approx(area, rel=0.005)
    text = readout.inner_text()
    assert f"{path / 1000:.1f} km" in text and f"{area / 1e6:.2f} km²" in text
    page.keyboard.press("Escape")
    assert page.locator(".geo-measure-readout").count() == 0


def test_pointer_coordinates_in_degrees_dms_and_mgrs(built_page):
    page = built_page
    page.mouse.move(640, 430)
    here = page.evaluate(f"""() => {{ const box = {MAP_JS}.getContainer().getBoundingClientRect();
        const ll = {MAP_JS}.containerPointToLatLng([640 - box.left, 430 - box.top]); return [ll.lat, ll.lng]; }}""")
    text = page.locator(".geo-coords-text")
    lat, lon = (float(v) for v in text.inner_text().split(", "))
    assert (lat, lon) == (pytest.approx(here[0], abs=1e-5), pytest.approx(here[1], abs=1e-5))
    page.locator(".geo-coords-format").click()
    assert text.inner_text().endswith("E") and "°" in text.inner_text() and "N " in text.inner_text()
    page.locator(".geo-coords-format").click()
    shown = text.inner_text().replace(" ", "")
    assert metres_apart(mgrs.MGRS().toLatLon(shown), tuple(here)) <= 1.5  # truncated to the metre
    assert page.locator(".geo-coords-format").get_attribute("aria-label").startswith("Coordinates as MGRS")


def test_search_finds_a_place_by_its_alias_and_opens_it(built_page):
    page = built_page
    box = page.locator(".geo-search-input")
    box.fill("Saraqib")
    result = page.locator(".geo-search-result").first
    assert result.inner_text() == "Saraqeb (Saraqib)"
    box.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Saraqeb" in popup.inner_text()
    inside = page.evaluate(f"""() => {{ const p = {MAP_JS}.latLngToContainerPoint([35.86447, 36.80591]), s = {MAP_JS}.getSize();
        return p.x > 0 && p.y > 0 && p.x < s.x && p.y < s.y && {MAP_JS}.getZoom() >= 11; }}""")
    assert inside  # brought into view, close up
    box.fill("zzzz-nowhere")
    assert page.locator(".geo-search-result").count() == 0


def test_full_screen_and_the_overview(built_page):
    page = built_page
    button = page.locator(".geo-tool-button[aria-label='Full screen']")
    button.click()
    page.wait_for_function("document.fullscreenElement !== null")
    page.wait_for_function("document.querySelector(\".geo-tool-button[aria-label='Full screen']\").getAttribute('aria-pressed') === 'true'")
    button.click()
    page.wait_for_function("document.fullscreenElement === null")
    overview = page.locator(".geo-overview")
    assert overview.is_visible() and overview.locator(".leaflet-interactive, path").count() >= 2
    before = page.evaluate(f"() => {MAP_JS}.getCenter().lng")
    box = overview.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.5)
    page.wait_for_timeout(400)
    assert page.evaluate(f"() => {MAP_JS}.getCenter().lng") > before + 0.1  # moved east


def test_the_permalink_restores_date_view_and_layers(built, open_map):
    page = open_map(built["offline"]).page
    page.locator(".geo-date-field").fill("2020-02-16")
    page.evaluate(f"() => {{ {MAP_JS}.setView([36.1, 36.95], 11, {{animate: false}}); }}")
    page.locator(".leaflet-control-layers-overlays label", has_text="Events").locator("input").click()
    link = page.evaluate("location.href")
    assert "date=2020-02-16" in link and "ll=36.10000,36.95000" in link and "z=11" in link and "off=" in link
    again = open_map(built["offline"]).page
    again.goto(link)
    again.reload()  # a new page load from the link, not a same-document hash change
    again.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-16'")
    centre = again.evaluate(f"() => {{ const c = {MAP_JS}.getCenter(); return [c.lat, c.lng, {MAP_JS}.getZoom()]; }}")
    assert centre == [pytest.approx(36.1, abs=1e-4), pytest.approx(36.95, abs=1e-4), 11]
    events = again.locator(".leaflet-control-layers-overlays label", has_text="Events").locator("input")
    assert not events.is_checked()
    assert again.locator(".geo-kind-event").count() == 0


@pytest.fixture
def built_page(built, open_map):
    return open_map(built["offline"]).page


@pytest.fixture(scope="module")
def built(idlib_files):
    return idlib_files
