"""The map's tools do what they say, checked in a real Chromium against the Python libraries:
MGRS against `mgrs`, distances and areas against `pyproj.Geod`, search by alias (folded as the
gazetteer folds names), the permalink and the button that copies it, the controls' drawn icons."""
from __future__ import annotations

import random

import mgrs
import pytest
from pyproj import Geod

from geo.read.gazetteer import FOLDING, normalise
from tests.conftest import MAP_JS

GEOD = Geod(ellps="WGS84")


def metres_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    return abs(GEOD.inv(a[1], a[0], b[1], b[0])[2])


def test_mgrs_in_the_browser_matches_the_mgrs_package_on_1000_points(built_page):
    """The same 100 km square and, to the metre, the same easting and northing (the page's MGRS is
    the `mgrs` npm package's, static/vendor/)."""
    rng = random.Random(20200207)
    points = [(rng.uniform(-79.9, 83.9), rng.uniform(-179.9, 179.9)) for _ in range(995)]
    points += [(35.86447, 36.80591), (60.0, 5.0), (78.0, 15.0), (-33.9, 18.4), (0.0, 0.0)]  # Saraqeb, zone exceptions
    ours = built_page.evaluate("pts => pts.map(p => geoMgrs(p[0], p[1]))", points)
    converter = mgrs.MGRS()
    exact = 0
    for (lat, lon), text in zip(points, ours):
        theirs = converter.toMGRS(lat, lon, MGRSPrecision=5)
        mine = text.replace(" ", "")
        assert mine[:-10] == theirs[:-10], (lat, lon, text, theirs)  # zone, band and square
        for a, b in ((mine[-10:-5], theirs[-10:-5]), (mine[-5:], theirs[-5:])):
            assert abs(int(a) - int(b)) <= 1, (lat, lon, text, theirs)  # the same metre, or its neighbour at a boundary
        exact += mine == theirs
        assert metres_apart(converter.toLatLon(mine), converter.toLatLon(theirs)) <= 1.5
    assert exact >= 990
    assert ours[995].replace(" ", "") == converter.toMGRS(35.86447, 36.80591, MGRSPrecision=5)


def test_distances_and_areas_match_pyproj_geod(built_page):
    rng = random.Random(5)
    pairs = [(rng.uniform(-70, 70), rng.uniform(-170, 170), rng.uniform(-70, 70), rng.uniform(-170, 170)) for _ in range(200)]
    pairs += [(35.86447, 36.80591, 35.64815, 36.86465)]  # Saraqeb to the Surman post
    ours = built_page.evaluate("ps => ps.map(p => geoGeodesicDistance(p[0], p[1], p[2], p[3]))", pairs)
    for (lat1, lon1, lat2, lon2), metres in zip(pairs, ours):
        expected = GEOD.inv(lon1, lat1, lon2, lat2)[2]
        assert metres == pytest.approx(expected, rel=1e-9, abs=1e-6)  # GeographicLib, as pyproj
    rings = [[(35.0, 36.0), (35.0, 36.5), (35.5, 36.5), (35.5, 36.0)],  # ~50 km square, north-west Syria
             [(35.9, 36.6), (35.95, 36.9), (35.7, 36.95), (35.6, 36.7), (35.75, 36.55)],
             [(-40.0, 170.0), (-40.0, 172.0), (-42.0, 172.0)],
             [(64.0, -20.0), (64.5, -18.0), (65.5, -19.0), (65.0, -22.0)]]
    areas = built_page.evaluate("rs => rs.map(r => geoGeodesicArea(r))", rings)
    for ring, area in zip(rings, areas):
        lats, lons = zip(*ring)
        expected = abs(GEOD.polygon_area_perimeter(lons, lats)[0])
        assert area == pytest.approx(expected, rel=1e-9)


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


# What the page records of the map (never the map itself: serialising it is slow).
WATCH_POPUPS_JS = f"""() => {{ window.__geoLog = [];
    {MAP_JS}.on('popupopen popupclose moveend', e => window.__geoLog.push(e.type)); }}"""
# Settled: a popup opened and the map no longer moving (the popup's own pan to fit has ended).
SETTLED_JS = f"""() => window.__geoLog.includes('popupopen') && !{MAP_JS}._animatingZoom
    && !({MAP_JS}._panAnim && {MAP_JS}._panAnim._inProgress)"""
POPUP_STATE_JS = f"""() => {{ const m = {MAP_JS}, p = m.latLngToContainerPoint([35.86447, 36.80591]), s = m.getSize();
    return {{log: window.__geoLog.slice(), open: !!(m._popup && m._popup.isOpen()), zoom: m.getZoom(),
             inside: p.x > 0 && p.y > 0 && p.x < s.x && p.y < s.y}}; }}"""


@pytest.mark.parametrize("how", ["Enter", "click"])
def test_search_finds_a_place_by_its_alias_and_opens_it(built_page, how):
    """The popup opens once the map has moved there, and stays open: the click that chose the
    result is not taken for a click on the map (which closes popups)."""
    page = built_page
    page.evaluate(WATCH_POPUPS_JS)
    box = page.locator(".geo-search-input")
    box.fill("Saraqib")
    result = page.locator(".geo-search-result").first
    assert result.inner_text() == "Saraqeb (Saraqib)"
    if how == "Enter":
        box.press("Enter")
    else:
        result.click()
    page.wait_for_function(SETTLED_JS)
    popup = page.locator(".leaflet-popup-content")
    assert popup.is_visible() and "Saraqeb" in popup.inner_text()
    state = page.evaluate(POPUP_STATE_JS)
    assert state["open"] and "popupclose" not in state["log"], state["log"]
    assert state["log"].index("moveend") < state["log"].index("popupopen")  # opened after the move ended
    assert state["inside"] and state["zoom"] >= 11  # brought into view, close up
    assert page.locator(".geo-search-result").count() == 0  # the list closes
    box.fill("zzzz-nowhere")
    assert page.locator(".geo-search-result").count() == 0


# The order the search lists kinds in, after exact names (tools.js GEO_SEARCH_KINDS).
KIND_ORDER = {"place": 0, "post": 1, "unit": 2, "event": 3, "feature": 3, "route": 4, "zone": 5}
MATCH_ORDER = {"name": 0, "start": 1, "part": 2}
RESULTS_JS = """() => [...document.querySelectorAll('.geo-search-result')].map(b => [b.textContent, b.dataset.kind,
    b.dataset.match])"""


def test_search_lists_exact_names_then_places_before_roads(built_page):
    """'Aleppo' is the city before the M5 and M4 that lead there; then places, posts and units
    before routes and zones; names that start so before names that contain the text."""
    page = built_page
    box = page.locator(".geo-search-input")
    lists = {}
    for query in ("Aleppo", "Idlib", "Saraq", "nab", "Hama", "Maarat al"):
        box.fill(query)
        lists[query] = page.evaluate(RESULTS_JS)
    assert [text for text, _, _ in lists["Aleppo"]] == ["Aleppo", "M5 highway (Hama–Aleppo)",
                                                          "M4 highway (Latakia–Aleppo)"]
    assert lists["Hama"][0][0] == "Hama" and lists["Idlib"][0][0] == "Idlib"
    assert [kind for _, kind, _ in lists["Idlib"]][-1] == "zone"
    assert {"start", "part"} <= {match for _, _, match in lists["nab"]}
    assert lists["Maarat al"][0][0] == "Maarat al-Numan"  # the article typed, the next word not yet
    for query, found in lists.items():
        assert found, query
        keys = [(match != "name", KIND_ORDER[kind], MATCH_ORDER[match]) for _, kind, match in found]
        assert keys == sorted(keys), (query, found)


# Spellings and whether the rule takes them for one name. The folding rule equates what differs in
# marks, case, apostrophes, hyphens, the article and doubled letters; not vowels (Saraqeb and
# Saraqib are one place through the shipped aliases, not through folding).
FOLD_CASES = [
    (("Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarat al Numan", "Ma‘arrat an Nu‘mān", "MAARAT-AL-NUMAN",
      "Maʿarrat al-Nuʿman"), True),
    (("Jisr al-Shughur", "Jisr ash-Shughur", "Jisr Ash Shughūr"), True),
    (("Al-Atarib", "Atarib", "al Atārib", "El Atareb"), False),
    (("Al-Atarib", "Atarib", "al Atārib"), True),
    (("Tall al", "Tal  al"), True),
    (("Saraqeb", "Saraqib"), False),
    (("Khan Shaykhun", "Khan Sheikhoun"), False),
    (("Khan Shaykhun", "Khan Shaykhūn", "KHAN-SHAYKHUN", "Khan_Shaykhun"), True),
    (("Kafr Nabl", "Kafranbel"), False),
    (("Kafr Nabl", "Kafr-Nabl", "Kafr  Nabl "), True),
    (("سَرَاقِب", "سراقب", "سـراقـب"), True),  # Arabic vowel marks and the tatweel
    (("كفر عويد", "كفرعويد"), False),
    (("Reyhanlı", "REYHANLI"), False),  # dotless ı is its own letter; İ → i
    (("İdlib", "Idlib", "IDLIB"), True),
    (("Weißenbach", "Weissenbach", "Weisenbach"), True),
    (("ΣΑΡΑΚΕΒΣ", "σαρακεβς", "Σαρακεβσ"), True),  # the final sigma
    (("Ma'arrat\nan-Nu'man", "Maarat al Numan"), True),  # a line break is a space
    (("Al", "al", "AL-"), True),
    (("-'’", "", "  "), True),
    (("<img src=x onerror=alert(1)>", "img src=x onerror=alert 1"), True),
    (("ＩＤＬＩＢ", "Idlib", "①"), False),
]


@pytest.mark.parametrize("spellings, one_name", FOLD_CASES, ids=lambda v: "|".join(v) if isinstance(v, tuple) else str(v))
def test_names_fold_alike_in_python_and_in_the_browser(fold_page, spellings, one_name):
    """The page's geoFold and geo.read.gazetteer.normalise apply one rule (FOLDING, in the page):
    each spelling folds to the same key on both sides."""
    ours = fold_page.evaluate("names => names.map(geoFold)", list(spellings))
    keys = [normalise(name) for name in spellings]
    assert ours == keys
    assert (len(set(keys)) == 1) == one_name, keys


def test_the_folding_rule_is_data_both_sides_read_alike():
    """Replacements are plain text (no group references, which the two engines write apart)."""
    assert FOLDING["form"] == "NFKD" and FOLDING["steps"]
    for pattern, replacement in FOLDING["steps"]:
        assert "\\" not in replacement and "$" not in replacement, pattern


@pytest.fixture(scope="module")
def fold_page(browser, built):
    """The shipped map, opened once for all the folding cases."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(built["offline"].resolve().as_uri())
    page.wait_for_function("typeof GEO_FOLDING === 'object' && GEO_FOLDING !== null")
    yield page
    context.close()


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
    page.evaluate(f"() => {{ {MAP_JS}.setView([35.9, 36.6], 10, {{animate: false}}); }}")  # room to move east
    before = page.evaluate(f"() => {MAP_JS}.getCenter().lng")
    box = overview.bounding_box()
    # where one is: the part shown, outlined within the country lines around it (not a filled box)
    shown = page.evaluate("""() => { const paths = [...document.querySelectorAll('.geo-overview path')];
        const view = paths.find(p => p.getAttribute('stroke') === '#b71c1c'), o = document.querySelector('.geo-overview');
        const r = view.getBoundingClientRect(), b = o.getBoundingClientRect();
        return {share: r.width * r.height / (b.width * b.height), fill: view.getAttribute('fill'), lines: paths.length}; }""")
    assert 0 < shown["share"] < 0.5 and shown["fill"] == "none" and shown["lines"] >= 5, shown
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.5)
    page.wait_for_function(f"b => {MAP_JS}.getCenter().lng > b + 0.1", arg=before)  # moved east


def test_the_permalink_restores_date_view_and_layers(built, open_map):
    page = open_map(built["offline"]).page
    page.locator(".geo-date-field").fill("2020-02-16")
    page.evaluate(f"() => {{ {MAP_JS}.setView([36.1, 36.95], 11, {{animate: false}}); }}")
    page.locator(".leaflet-control-layers-overlays label", has_text="Events").locator("input").click()
    page.locator(BASEMAP_TOGGLE).click()
    assert page.locator(".geo-basemap-relief").count() == 0
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
    assert not again.locator(BASEMAP_TOGGLE).is_checked() and again.locator(".geo-basemap-relief").count() == 0


BASEMAP_TOGGLE = ".leaflet-control-layers-overlays label:has-text('Basemap (offline') input"


def test_a_permalink_keeps_the_offline_basemap_the_page_fell_back_to(built, open_map):
    """The page with online tiles, opened offline, hides the tiles and shows the offline basemap;
    a link made then reopens with the basemap shown (not with neither)."""
    page = open_map(built["online"]).page
    page.locator(".geo-basemap-relief").wait_for(state="attached")  # the tiles failed: the basemap instead
    page.evaluate(f"() => {{ {MAP_JS}.setView([36.1, 36.95], 11, {{animate: false}}); }}")
    link = page.evaluate("location.href")
    again = open_map(built["online"]).page
    again.goto(link)
    again.reload()
    again.wait_for_function(f"() => {MAP_JS}.getZoom() === 11")
    assert again.locator(BASEMAP_TOGGLE).is_checked() and again.locator(".geo-basemap-relief").count() == 1
    tiles = again.locator(".leaflet-control-layers-overlays label", has_text="online tiles").locator("input")
    assert not tiles.is_checked()


SELECTED_JS = "() => { const f = document.activeElement; return f.selectionStart === 0 && f.selectionEnd === f.value.length; }"


def test_the_copy_link_button_copies_the_view_shown(built_page):
    """To the clipboard, with 'Link copied' for a moment; without the clipboard API, into a field,
    selected (and copied with the editing command where the browser allows it)."""
    page = built_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate(f"() => {{ {MAP_JS}.setView([36.0, 36.7], 10, {{animate: false}}); }}")
    button = page.get_by_role("button", name="Copy a link to this view")
    button.click()
    note = page.get_by_role("status").filter(has_text="Link copied")
    note.wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.evaluate("location.href") and "ll=36.00000,36.70000&z=10" in copied
    note.wait_for(state="hidden")  # only for a moment
    page.evaluate("() => { Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true}); }")
    page.evaluate(f"() => {{ {MAP_JS}.setView([35.9, 36.6], 11, {{animate: false}}); }}")
    button.click()
    field = page.get_by_role("textbox", name="Link to this view")
    assert field.is_visible() and field.input_value() == page.evaluate("location.href")
    assert "ll=35.90000,36.60000&z=11" in field.input_value() and page.evaluate(SELECTED_JS)
    assert page.locator(".geo-link-note").inner_text() in ("Link copied", "Copy the link: Ctrl+C")
    if page.locator(".geo-link-note").inner_text() == "Link copied":
        clipboard = "Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard').get.call(navigator).readText()"
        assert page.evaluate(clipboard) == field.input_value()
    page.keyboard.press("Escape")
    assert field.is_hidden() and page.evaluate("document.activeElement.getAttribute('aria-label')") == button.get_attribute("aria-label")


# Leaflet's zoom buttons, our tools, the panel's toggle, the credits and the date bar's buttons.
CONTROLS = ".leaflet-control-container button, .leaflet-control-container a[role=button], .geo-timebar button"
CONTROLS_TEXT_JS = f"""() => [...document.querySelectorAll('{CONTROLS}')].filter(el => el.getClientRects().length).map(el => ({{
    name: el.getAttribute('aria-label') || '',
    text: el.innerText + getComputedStyle(el, '::before').content.replace(/^(none|normal)$/, '') +
          getComputedStyle(el, '::after').content.replace(/^(none|normal)$/, ''),
    icon: [...el.querySelectorAll('svg')].some(svg => svg.getBoundingClientRect().width > 0)}}))"""


def test_control_icons_are_drawn_not_glyphs_a_font_may_lack(built_page):
    """Every control's visible text is Latin-1 (in every font); its icon an SVG, drawn; its name kept.
    The play button's icon and name switch to Pause while it plays."""
    page = built_page
    controls = page.evaluate(CONTROLS_TEXT_JS)
    names = {c["name"] for c in controls}
    assert {"Zoom in", "Zoom out", "Full screen", "Measure distance and area", "Copy a link to this view",
            "Layers and legend", "Credits and sources", "One day earlier", "Play", "One day later"} <= names, names
    for control in controls:
        assert all(" " <= ch <= "\u00ff" for ch in control["text"].replace("\n", "")), control
        if not control["name"].startswith("Coordinates as"):  # a word, not an icon
            assert control["icon"], control
    play = page.locator(".geo-timebar .geo-play")
    play.click()
    page.wait_for_function("document.querySelector('.geo-timebar .geo-play').getAttribute('aria-label') === 'Pause'")
    assert play.get_attribute("title") == "Pause" and play.locator("svg").count() == 1 and play.inner_text() == ""
    paused = play.inner_html()
    play.click()
    assert play.get_attribute("aria-label") == "Play" and play.locator("svg").count() == 1 and play.inner_html() != paused


@pytest.fixture
def built_page(built, open_map):
    return open_map(built["offline"]).page


@pytest.fixture(scope="module")
def built(idlib_files):
    return idlib_files
