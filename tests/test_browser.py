"""The map in a real headless Chromium, opened from file:// with every other request blocked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo
from tests.conftest import MAP_JS, SCENARIO, feature, run_cli, write_geojson
from tests.hostile import HOSTILE, HOSTILE_URLS

LAYERS = ".leaflet-control-layers-overlays label"


@pytest.fixture(scope="module")
def built(idlib_files, idlib_model) -> dict:
    timeline = idlib_model.timeline
    return {**idlib_files, "timeline": timeline,
            "counts": {n: len(f) for n, f in timeline.on(idlib_model.day).layers.items()}}


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def toggle(page, layer_name: str) -> None:
    page.locator(LAYERS, has_text=layer_name).locator("input").click()


def test_offline_map_opens_with_no_request_and_no_console_error(built, open_map):
    opened = open_map(built["offline"])
    assert opened.blocked == []
    assert opened.console_errors == []
    assert count(opened.page, ".geo-title h1") == 1


def test_drawn_posts_and_places_equal_the_data(built, open_map):
    page = open_map(built["online"]).page
    counts = built["counts"]
    assert count(page, ".leaflet-marker-icon.geo-kind-post") == counts["Turkish military posts"] >= 12
    assert count(page, ".leaflet-marker-icon.geo-kind-place") == counts["Places"] >= 25
    assert count(page, "path.geo-kind-zone") == 2
    assert count(page, "path.geo-kind-route") == 3  # M4, M5 and the border


def test_with_tiles_the_only_blocked_requests_are_tiles(built, open_map):
    opened = open_map(built["online"])
    assert opened.blocked and all(url.startswith("https://tile.openstreetmap.org/") for url in opened.blocked)
    assert not [e for e in opened.console_errors if not e.startswith("Failed to load resource")]


def test_each_layer_toggles(built, open_map):
    page = open_map(built["offline"]).page
    checks = {
        "Turkish military posts": ".leaflet-marker-icon.geo-kind-post",
        "Places": ".leaflet-marker-icon.geo-kind-place",
        "Zones": "path.geo-kind-zone",
        "M4 and M5": "path.geo-kind-route",
        "border": "path.geo-kind-route",
        "Events": ".leaflet-marker-icon.geo-kind-event",
        "Areas of control": "path.geo-kind-control",
        "Front lines": "path.geo-kind-front",
        "Basemap": "img.geo-basemap-relief",
        "Unit tracks": "path.geo-track-line",
    }
    names = [label.strip() for label in page.locator(LAYERS).all_inner_texts()]
    assert len(names) == 12
    for layer, selector in checks.items():
        before = count(page, selector)
        toggle(page, layer)
        assert count(page, selector) < before, layer
        toggle(page, layer)
        assert count(page, selector) == before, layer


def test_tile_layer_can_be_switched_on_and_off(built, open_map):
    """Here every tile request fails, so the page has switched the tiles off for the basemap
    (tests/test_basemap.py); they can still be switched on and off by hand."""
    page = open_map(built["online"]).page
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane img').length === 0")
    toggle(page, "OpenStreetMap")
    assert count(page, ".leaflet-tile-pane img") > 0
    toggle(page, "OpenStreetMap")
    assert count(page, ".leaflet-tile-pane img") == 0


def test_popup_says_what_when_and_according_to_whom(built, open_map):
    page = open_map(built["offline"]).page
    # The click event itself: a real click was intercepted now and then (1 run in ~10).
    page.locator(".leaflet-marker-icon.geo-kind-post").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.text_content()
    assert "Observation post" in text and "Turkish Armed Forces" in text
    assert "Confidence:" in text and "Location: ±" in text and "Established" in text
    link = popup.locator(".geo-sources a").first
    assert link.get_attribute("href").startswith("http")
    assert link.get_attribute("rel") == "noopener noreferrer" and link.inner_text()


def test_tooltip_shows_the_name_on_hover(built, open_map):
    page = open_map(built["offline"]).page
    toggle(page, "Places")
    page.locator(".geo-panel-toggle").click()  # closed: at this size the open panel covers the north
    page.locator(".leaflet-marker-icon.geo-kind-post").first.hover()
    tip = page.locator(".leaflet-tooltip", has_text="Salwa observation post")
    assert tip.inner_text().startswith("Salwa observation post")


def test_legend_and_scale_bar_are_shown(built, open_map):
    page = open_map(built["offline"]).page
    legend = page.locator(".geo-panel").inner_text()  # each layer's entries under its toggle
    assert "Turkish Armed Forces (neutral)\nObservation post" in legend and "Town" in legend
    assert "Military symbols: a neutral view" in legend
    assert "De-escalation zone (approximate)" in legend
    assert "Syrian government forces and allies (estimate)" in legend and "Front line (estimate)" in legend
    assert "Surrounded: its precision circle in hostile-held land" in legend
    assert "Possibly surrounded: its circle straddles the front" in legend
    assert count(page, ".leaflet-control-scale-line") == 2


# javascript: and data: URLs are rejected by validation (tests/test_schema.py) and never linked by
# the popup (tests/test_render.py); an https URL built to break out of its attribute gets here.
WEB_HOSTILE_URL = HOSTILE_URLS[2]


def _hostile_layers(folder: Path) -> dict[str, Path]:
    texts = HOSTILE
    def texts_for(i):
        t = texts[i % len(texts)]
        return dict(name=t, description=texts[(i + 1) % len(texts)],
                    sources=[{"publisher": t, "url": WEB_HOSTILE_URL, "date": "2020",
                              "title": texts[(i + 2) % len(texts)], "note": texts[(i + 3) % len(texts)]},
                             {"publisher": t, "url": "https://example.org/ok", "date": "2020"}])
    files = {
        "post": [feature("post", i + 1, operator=texts[i], location_note=texts[-i], numbering_note=texts[i],
                         **texts_for(i)) for i in range(len(texts))],
        "place": [feature("place", i + 1, aliases=[texts[i], texts[-i]], country=texts[i],
                          geometry={"type": "Point", "coordinates": [36.0 + i / 20, 35.5]}, **texts_for(i))
                  for i in range(len(texts))],
        "zone": [feature("zone", 1, basis_note=texts[0], **texts_for(3))],
        "route": [feature("route", 1, location_note=texts[8], **texts_for(5))],
    }
    for kind, feats in files.items():  # every feature at its own place, hostile id too
        for i, feat in enumerate(feats):
            feat["properties"]["id"] = f"{texts[i]}#{i}"
            if kind == "post":
                feat["geometry"] = {"type": "Point", "coordinates": [36.0 + i / 20, 36.0]}
    return {kind: write_geojson(folder / f"{kind}s.geojson", feats) for kind, feats in files.items()}


def test_hostile_text_in_every_field_runs_no_script(open_map, tmp_path):
    paths = _hostile_layers(tmp_path)
    layers = {f"{HOSTILE[i]} {kind}": geo.read_layer(path) for i, (kind, path) in enumerate(paths.items())}
    m = geo.situation_map(layers, title=HOSTILE[0], subtitle=HOSTILE[1], tiles="none",
                          attribution=HOSTILE[2])
    opened = open_map(geo.save_html(m, tmp_path / (HOSTILE[7][:8].replace("/", "_") + ".html")))
    page = opened.page
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() == 2 * len(HOSTILE)
    # Real events and link clicks on a few markers; every tooltip and popup is opened below through
    # Leaflet, and tests/test_hostile.py sweeps every field of every kind.
    for i in range(0, markers.count(), markers.count() // 3):
        # Events go to the marker itself: some sit under the title or legend at this size.
        markers.nth(i).dispatch_event("mouseover")
        markers.nth(i).dispatch_event("click")
        page.locator(".leaflet-popup-content").wait_for()
        if page.locator(".geo-chooser").count():  # symbols drawn over each other: listed, each opens its own
            page.locator(".geo-chooser-item").first.dispatch_event("click")
            page.wait_for_function("!document.querySelector('.geo-chooser') && document.querySelector('.leaflet-popup-content')")
        hrefs = page.evaluate("""(click) => Array.from(document.querySelectorAll('.leaflet-popup-content a'))
            .map(a => { if (click) { a.click(); } return a.getAttribute('href'); })""", True)
        assert hrefs and all(href.startswith("https://") for href in hrefs)
        page.evaluate(f"() => {{ {MAP_JS}.closePopup(); }}")  # returns nothing: the map would be serialised
        page.wait_for_function("!document.querySelector('.leaflet-popup')")
    # Open every tooltip and popup of every feature, paths included.
    opened_count = page.evaluate(f"""() => {{
        let n = 0;
        {MAP_JS}.eachLayer(l => {{
            if (l.feature) {{ l.openTooltip(); l.openPopup(); n += 1; }}
        }});
        return n;
    }}""")
    assert opened_count == 2 * len(HOSTILE) + 2
    assert page.evaluate("window.__pwned") is None
    assert opened.dialogs == []
    assert not [e for e in opened.console_errors if "pwned" in e or "SyntaxError" in e]
    title = page.locator(".geo-title h1").inner_text()
    assert title == HOSTILE[0]  # shown as text
    legend = page.locator(".geo-panel").inner_text()
    assert HOSTILE[0] in legend or HOSTILE[0].strip() in legend
    assert page.locator(".leaflet-control-layers-overlays").inner_text().count("post") >= 1
    assert page.locator('[onmouseover], [onerror], [onload], [ontoggle]').count() == 0


# -- the date control ---------------------------------------------------------------------------

def set_date(page, day: str) -> None:
    page.locator(".geo-date-field").fill(day)
    page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoDate === '{day}'")


def surrounded_on_map(page) -> set[str]:
    return set(page.eval_on_selector_all(".leaflet-marker-icon.geo-status-surrounded",
                                         "els => els.map(e => e.dataset.geoId)"))


def surrounded_by_geo_status(capsys, day: str) -> set[str]:
    code, stdout, _ = run_cli(capsys, "status", str(SCENARIO), "--date", day, "--format", "json")
    assert code == 0
    return {p["id"] for p in json.loads(stdout)["posts"] if p["status"] == "surrounded"}


def test_the_map_opens_on_the_scenario_default_date_and_shows_it(built, open_map):
    page = open_map(built["offline"]).page
    assert page.locator(".geo-date-label").inner_text() == "7 February 2020"
    assert page.locator(".geo-date-field").input_value() == "2020-02-07"


def test_moving_the_date_changes_what_is_drawn(built, open_map):
    page = open_map(built["offline"]).page
    timeline = built["timeline"]
    for day in ("2019-12-01", "2020-02-08", "2020-03-06"):
        set_date(page, day)
        expected = {n: len(f) for n, f in timeline.on(day).layers.items()}
        assert count(page, ".leaflet-marker-icon.geo-kind-post") == expected["Turkish military posts"], day
        assert count(page, ".leaflet-marker-icon.geo-kind-event") == expected["Events"], day
        assert count(page, "path.geo-kind-zone") == expected["Zones (approximate)"] + expected["Corridors (computed)"]
        assert count(page, "path.geo-kind-control") == len(timeline.areas(day)[0])
    assert page.evaluate("location.hash") == "#date=2020-03-06"


def test_the_day_steps_and_play_move_the_date(built, open_map):
    page = open_map(built["offline"]).page
    page.get_by_role("button", name="One day later").click()
    assert page.locator(".geo-date-field").input_value() == "2020-02-08"
    page.get_by_role("button", name="One day earlier").click()
    page.get_by_role("button", name="One day earlier").click()
    assert page.locator(".geo-date-field").input_value() == "2020-02-06"
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate >= '2020-02-08'")
    page.get_by_role("button", name="Pause").click()


@pytest.mark.parametrize("day", ["2020-02-07", "2020-02-16", "2020-03-06"])
def test_surrounded_posts_at_a_date_url_equal_geo_status(built, browser, day, capsys):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(built["offline"].resolve().as_uri() + f"#date={day}")
    page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoDate === '{day}'")
    on_map = surrounded_on_map(page)
    context.close()
    assert on_map == surrounded_by_geo_status(capsys, day)
    assert on_map  # the seed story has surrounded posts on each of these days


def test_derived_layers_say_how_they_were_derived(built, open_map):
    page = open_map(built["offline"]).page
    page.evaluate(f"""() => {{ {MAP_JS}.eachLayer(l => {{
        if (l.feature && l.feature.properties.style && l.feature.properties.style.className === 'geo-kind-control'
            && !window.__opened) {{ l.openPopup(); window.__opened = true; }} }}); }}""")
    text = page.locator(".leaflet-popup-content").text_content()
    assert "estimate" in text.lower() and "Voronoi" in text
    page.locator(".leaflet-marker-icon.geo-status-surrounded").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content", has_text="Observation post").inner_text()
    assert "7 Feb 2020: SURROUNDED since" in popup and "Derived from the estimated areas of control" in popup


def test_surmans_since_and_history_are_the_same_in_its_popup_geo_status_check_and_the_export(
        built, open_map, idlib_model, capsys, tmp_path):
    """'Since' is defined once (geo.derive.posts.spells): on 7 Feb 2020 Surman's popup leads with
    its status since the first day of its current spell (surrounded since 26 Jan, when al-Ghadfa fell),
    then what it is; it lists every spell with its evidence, the first 'surrounded' (23 Dec, what
    --check holds against the record) among them.
    `geo status`, `geo status --check` and the GeoJSON export say the same; and the open popup
    follows the day."""
    page = open_map(built["offline"]).page
    set_date(page, "2020-02-07")
    page.locator('.leaflet-marker-icon[data-geo-id="op-surman"]').dispatch_event("click")
    page.locator(".leaflet-popup-content .geo-history").wait_for()
    popup = page.evaluate("""() => { const box = document.querySelector('.leaflet-popup-content .geo-popup');
        return {first: box.firstElementChild.className, head: box.querySelector('.geo-now-head').innerText,
                spells: Array.from(box.querySelectorAll('.geo-history li'), li => li.textContent),
                current: box.querySelector('.geo-history [aria-current]').textContent}; }""")
    set_date(page, "2019-12-23")  # the popup stays open and follows the day
    page.wait_for_function("document.querySelector('.leaflet-popup-content .geo-now-head').textContent.startsWith('23 Dec')")
    dec23 = page.locator(".leaflet-popup-content .geo-now-head").inner_text()

    def cli_json(*args: str) -> dict:
        code, stdout, err = run_cli(capsys, "status", str(SCENARIO), "--format", "json", *args)
        assert code == 0, err
        return json.loads(stdout)

    status = next(p for p in cli_json("--date", "2020-02-07")["posts"] if p["id"] == "op-surman")
    checked = next(p for p in cli_json("--check")["posts"] if p["post_id"] == "op-surman")
    geo.to_geojson(idlib_model, tmp_path, date="2020-02-07")  # what `geo export --geojson` writes
    features = json.loads((tmp_path / "turkish_military_posts.geojson").read_text(encoding="utf-8"))["features"]
    exported = next(f["properties"] for f in features if f["properties"]["id"] == "op-surman")

    history = "; ".join(popup["spells"])
    assert popup["first"] == "geo-now"  # the popup leads with the day's answer
    assert status["history"] == checked["history"] == exported["status_history"] == history
    assert status["since"] == exported["status_since"] == "2020-01-26"
    assert popup["head"] == "7 Feb 2020: SURROUNDED since 26 Jan 2020"
    assert popup["current"] == popup["spells"][-1] and popup["current"].startswith("surrounded since 26 Jan 2020 (")
    assert checked["derived"] == "2019-12-23" and any(s.startswith("surrounded 23 Dec 2019 (") for s in popup["spells"])
    assert dec23 == "23 Dec 2019: SURROUNDED since 23 Dec 2019"


def test_add_layer_draws_on_a_plain_folium_map(tmp_path, browser, layer_files):
    """A researcher's own folium.Map: geo's drawing code comes with the layer (Leaflet comes from
    folium's CDN links, served here from the local copy, since the test has no network)."""
    import folium
    import xstatic.pkg.leaflet as leaflet

    m = folium.Map(location=[35.9, 36.7], zoom_start=9, tiles=None)
    geo.add_layer(m, geo.read_layer(layer_files["post"]), "Posts")
    path = tmp_path / "plain.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    local = Path(leaflet.BASE_DIR)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        elif url.endswith("/leaflet.js") or url.endswith("/leaflet.css"):
            r.fulfill(body=(local / url.rsplit("/", 1)[1]).read_bytes())
        else:  # folium's other CDN scripts and styles (jQuery, Bootstrap...): empty
            r.fulfill(body="", content_type="text/css" if url.endswith(".css") else "application/javascript")

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('.leaflet-marker-icon.geo-kind-post').length === 2")
    assert not [e for e in errors if "geoFeatureLayer" in e]
    context.close()


def test_a_places_popup_says_who_held_it_and_whether_that_is_inferred(built, open_map, idlib_model):
    control = idlib_model.timeline.control_on("2020-02-07")
    inferred = sorted(place for place, (side, guessed) in control.items() if guessed and side == "government")[0]
    unknown = sorted(set(idlib_model.frames["Places"]["id"]) - set(control))[0]  # beyond every area
    page = open_map(built["offline"]).page
    text = page.evaluate(f"""() => {{ let out = {{}}; {MAP_JS}.eachLayer(l => {{
        if (l.feature && {json.dumps([inferred, unknown, "aleppo"])}.includes(l.feature.properties.id)) {{
            l.openPopup(); out[l.feature.properties.id] = l.getPopup().getElement().textContent; l.closePopup(); }}
        }}); return out; }}""")
    # the popup leads with it: before what the place is
    assert text[inferred].startswith("7 Feb 2020: held by Syrian government forces and allies")
    assert "Inferred: no report names it" in text[inferred]
    assert "held by" not in text[unknown]
    assert text["aleppo"].startswith("7 Feb 2020: held by Syrian government forces and allies (reported)")
