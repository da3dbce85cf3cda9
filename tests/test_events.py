"""Conflict-event tables as researchers have them (ACLED, UCDP GED, GeoParquet), checked per
column, and large point layers drawn from compressed columns on a canvas."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo
from geo.derive import shown_span
from geo.errors import InputError
from geo.render.columnar import ColumnarLayer
from geo.schema import EVENT
from geo.validate import read_checked
from geo.validate.fields import check
from tests.hostile import HOSTILE
from tests.synthetic import acled_table, ucdp_table


def _write(table: pd.DataFrame, path: Path) -> Path:
    table.to_csv(path, index=False)
    return path


def _acled_rows() -> pd.DataFrame:
    table = acled_table(6, seed=3)
    table["event_id_cnty"] = [f"SYR{i + 1}" for i in range(6)]
    table.loc[0, ["time_precision", "geo_precision", "source", "event_date"]] = ["1", "1", "SOHR; Syria Direct", "2020-02-07"]
    table.loc[1, ["time_precision", "geo_precision", "event_date"]] = ["2", "2", "07 February 2020"]
    table.loc[2, ["time_precision", "geo_precision", "event_date"]] = ["3", "3", "2020-02-15"]
    table.loc[3, "event_date"] = "31 February 2020"  # no such day
    table.loc[4, "geo_precision"] = "9"  # no such code
    table.loc[5, ["actor1", "assoc_actor_1", "actor2", "fatalities", "notes"]] = [
        "Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)", "Hayat Tahrir al Sham", "4",
        "Made-up note: shelling of a made-up village."]
    return table


def test_an_acled_export_is_read_as_events_with_no_flag(tmp_path):
    layer, report = read_checked(_write(_acled_rows(), tmp_path / "2020-syria.csv"))
    assert layer.kind is EVENT and any("ACLED export" in note for note in report.notes)
    rows = layer.frame.set_index("id")
    first = rows.loc["SYR1"]
    assert first["event_type"] in EVENT.categories and first["date"] == "2020-02-07"
    assert first["sources"] == [{"publisher": "SOHR", "via": "ACLED"}, {"publisher": "Syria Direct", "via": "ACLED"}]
    assert first["precision_m"] == 2000 and "geo_precision 1" in first["location_note"]
    assert first["date_precision"] == "day" and first["confidence"] == "reported"
    assert rows.loc["SYR2", "date"] == "2020-02-07" and rows.loc["SYR2", "date_precision"] == "week"
    assert rows.loc["SYR2", "precision_m"] == 15000
    assert rows.loc["SYR3", "date"] == "2020-02" and rows.loc["SYR3", "precision_m"] == 50000
    assert rows.loc["SYR6", "actors"] == ["Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)",
                                          "Hayat Tahrir al Sham"]
    assert rows.loc["SYR6", "killed"] == 4 and rows.loc["SYR6", "description"].startswith("Made-up note")
    assert rows.loc["SYR1", "admin1"] == _acled_rows().loc[0, "admin1"]  # columns not mapped are kept
    rejected = {p.feature: p for p in report.rejects}
    assert set(rejected) == {"'SYR4'"}
    assert rejected["'SYR4'"].field == "date" and "31 February 2020" in rejected["'SYR4'"].found
    # a precision code the codebook does not have: drawn, and its popup says the precision is not usable
    assert pd.isna(rows.loc["SYR5", "precision_m"]) and "geo_precision 9" in rows.loc["SYR5", "gaps"][0]
    _, strict = read_checked(_write(_acled_rows(), tmp_path / "strict.csv"), strict=True)
    assert {p.feature for p in strict.rejects} == {"'SYR4'", "'SYR5'"}


def test_a_week_date_is_shown_three_days_either_side_and_a_month_the_whole_month(tmp_path):
    layer, _ = read_checked(_write(_acled_rows(), tmp_path / "acled.csv"))
    frame = layer.frame.set_index("id", drop=False)
    starts, ends = shown_span(frame, EVENT)
    span = dict(zip(frame["id"], zip(starts, ends)))
    assert span["SYR1"] == (dt.date(2020, 2, 7), dt.date(2020, 2, 7))
    assert span["SYR2"] == (dt.date(2020, 2, 4), dt.date(2020, 2, 10))
    assert span["SYR3"] == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))


def test_a_ucdp_ged_table_is_read_as_events(tmp_path):
    table = ucdp_table(40)
    table.loc[0, ["type_of_violence", "date_start", "date_end", "where_prec", "best"]] = [
        "3", "2020-01-05 00:00:00.000", "2020-01-08 00:00:00.000", "2", "7"]
    layer, report = read_checked(_write(table, tmp_path / "ged.csv"))
    assert layer.kind is EVENT and any("UCDP GED" in note for note in report.notes) and not report.rejects
    first = layer.frame.set_index("id").loc["400000"]
    assert first["event_type"] == "one-sided violence" and first["killed"] == 7
    assert (first["date"], first["end_date"]) == ("2020-01-05", "2020-01-08")
    assert first["precision_m"] == 25000 and first["actors"] == ["Government of Syria", "Syrian insurgents"]
    assert first["sources"][0]["via"] == "UCDP GED"


def test_geoparquet_is_read_and_written(tmp_path, idlib_model):
    paths = geo.to_parquet(idlib_model, tmp_path / "out")
    assert paths and all(p.suffix == ".parquet" for p in paths)
    posts = next(p for p in paths if p.stem.startswith("turkish"))
    layer, report = read_checked(posts)
    assert layer.kind.name == "post" and not report.rejects
    assert len(layer.frame) == len(idlib_model.situation().layers[next(iter(
        n for n in idlib_model.situation().layers if n.lower().startswith("turkish")))])
    plain = tmp_path / "plain.parquet"
    pd.DataFrame({"a": [1, 2]}).to_parquet(plain)
    with pytest.raises(InputError, match="plain.parquet: is Parquet but not GeoParquet"):
        read_checked(plain, "event")


def _faulty_events(n: int) -> gpd.GeoDataFrame:
    table = acled_table(n, seed=5)
    from geo.read.known import convert_acled
    frame = convert_acled(table.astype(str))
    frame.loc[7, "date"] = "2020-13-01"
    frame.loc[8, "event_type"] = "picnic"
    frame.loc[9, "killed"] = "-3"
    frame.loc[10, "id"] = frame.loc[11, "id"]
    frame.loc[12, "sources"] = "[{\"url\": \"ftp://x\"}]"
    frame.loc[13, "name"] = "  "
    points = shapely.points(table["longitude"].astype(float), table["latitude"].astype(float))
    points[14] = shapely.points(np.nan, 35.0)
    return gpd.GeoDataFrame(frame.drop(columns=["latitude", "longitude"]), geometry=points, crs=4326)


def test_checks_per_column_report_what_checks_per_feature_report():
    """Each column is checked once per distinct value; the reports are those of a check of every
    cell one by one (forced here by a column of mixed types, which is checked cell by cell)."""
    frame = _faulty_events(3000)
    _, by_column = check(frame, EVENT, "events.csv")
    mixed = frame.astype(object)
    for column in mixed.columns.drop("geometry"):
        mixed[column] = pd.Series([*mixed[column].iloc[:-1], mixed[column].iloc[-1]], dtype=object)
        mixed.loc[len(mixed) - 1, column] = mixed[column].iloc[-1]
    mixed["confidence"] = mixed["confidence"].astype(object)
    mixed.loc[0, "confidence"] = 1  # an int among the text: this column is checked cell by cell
    _, by_cell = check(mixed, EVENT, "events.csv")
    found = {(p.row, p.field, p.found) for p in by_column}
    assert {(7, "date"), (8, "event_type"), (9, "killed"), (11, "id"), (12, "sources[1].publisher"),
            (13, "name"), (14, "geometry")} <= {(row, field) for row, field, _ in found}
    assert found == {(p.row, p.field, p.found) for p in by_cell if p.field != "confidence"}
    assert [p for p in by_cell if p.field == "confidence"][0].row == 0


def test_a_large_layer_is_a_few_bytes_per_event_and_the_same_on_every_build():
    frame = _events_frame(acled_table(20000, seed=7, notes=False))
    layer = geo.Layer("Events", EVENT, frame)
    spans = shown_span(frame, EVENT)
    one, two = ColumnarLayer(layer, spans), ColumnarLayer(layer, spans)
    assert json.dumps(one.payload) == json.dumps(two.payload)
    core = len(one.payload["columns"])  # positions, days, spans, colours, ids
    assert core / len(frame) < 12, core / len(frame)


def _events_frame(table: pd.DataFrame) -> gpd.GeoDataFrame:
    from geo.read.known import convert_acled
    frame = convert_acled(table.astype(str))
    points = shapely.points(table["longitude"].astype(float), table["latitude"].astype(float))
    frame = gpd.GeoDataFrame(frame.drop(columns=["latitude", "longitude"]), geometry=points, crs=4326)
    clean, problems = check(frame, EVENT, "events")
    assert not problems, problems[:3]
    return clean


def test_the_default_map_carries_no_canvas_code(idlib_html):
    assert "geoColumnarLayer" not in idlib_html and "DecompressionStream" not in idlib_html


# -- in Chromium ----------------------------------------------------------------------------------
HOSTILE_ROWS = 8


@pytest.fixture(scope="module")
def events_map(tmp_path_factory):
    """6,000 made-up ACLED events (drawn as columns), the first ones carrying hostile text."""
    folder = tmp_path_factory.mktemp("events")
    table = acled_table(6000, seed=11)
    for i in range(HOSTILE_ROWS):
        table.loc[i, ["location", "notes", "source", "actor1"]] = [HOSTILE[i], HOSTILE[i + 1], HOSTILE[i + 2], HOSTILE[i + 3]]
        table.loc[i, ["event_date", "time_precision", "latitude", "longitude"]] = ["2020-01-20", "1", f"{35.2 + i * 0.2:.4f}", "36.5"]
    path = _write(table, folder / "acled.csv")
    layer, report = read_checked(path)
    assert not report.rejects and len(layer.frame) == 6000
    m = geo.build_map(geo.api.model_of_layers([layer], title="Events", tiles="none"))
    html = folder / "events.html"
    geo.save_html(m, html)
    return html, layer


@pytest.fixture(scope="module")
def events_page(browser, events_map):
    html, _ = events_map
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    blocked, errors, dialogs = [], [], []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else (blocked.append(r.request.url), r.abort()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(html.as_uri())
    page.wait_for_function("document.documentElement.dataset.geoEventsReady === '1'")
    page.evaluate("window.geoMap = Object.values(window).find(v => v instanceof L.Map && "
                  "v.getContainer().classList.contains('folium-map'))")
    yield page, blocked, errors, dialogs
    context.close()


def _go(page, day: str, lat=None, lon=None, zoom=None) -> dict:
    """Show ``day`` (and the view), and wait for the layer to be drawn again."""
    return page.evaluate("""([day, lat, lon, zoom]) => new Promise(resolve => {
        document.addEventListener('geo:drawn', e => resolve(e.detail), {once: true});
        if (lat !== null) { geoMap.setView([lat, lon], zoom, {animate: false}); }
        location.hash = '#date=' + day;
        if (lat !== null && document.querySelector('.geo-date-field').value === day) { geoMap.fire('moveend'); }
      })""", [day, lat, lon, zoom])


def test_the_canvas_shows_each_day_what_the_data_says(events_page, events_map):
    page, blocked, errors, _ = events_page
    _, layer = events_map
    starts, ends = shown_span(layer.frame, EVENT)
    for day in ("2019-12-03", "2020-01-20", "2020-02-29"):
        d = dt.date.fromisoformat(day)
        expected = sum(1 for s, e in zip(starts, ends) if s <= d <= e)
        detail = _go(page, day)
        assert detail["shown"] == expected, day
        assert page.evaluate("document.querySelector('.folium-map').dataset.geoEventsShown") == str(expected)
    assert not blocked and not errors


def test_a_clicked_event_shows_its_text_as_text(events_page):
    page, blocked, errors, dialogs = events_page
    for i in range(HOSTILE_ROWS):
        lat = 35.2 + i * 0.2
        _go(page, "2020-01-20", lat, 36.5, 13)
        point = page.evaluate("([lat]) => geoMap.latLngToContainerPoint([lat, 36.5])", [lat])
        box = page.locator(".folium-map").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_selector(".leaflet-popup-content .geo-popup")
        popup = page.locator(".leaflet-popup-content")
        text = popup.inner_text()
        assert HOSTILE[i].strip() in text or HOSTILE[i].strip()[:20] in text
        assert "named by ACLED; no link given" in text
        assert popup.locator("img, svg, script, iframe, details, a[href^='javascript']").count() == 0
        page.evaluate("geoMap.closePopup()")
        page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("window.__pwned || 0") == 0 and not dialogs and not errors and not blocked


def test_zoomed_out_it_is_a_density_grid_whose_cells_say_their_count(events_page):
    page, _, errors, _ = events_page
    detail = _go(page, "2020-02-10", 35.9, 37.0, 4)
    assert detail["mode"] == "points" or detail["onScreen"] <= 4000
    # every event at once (the layer without a day): more than a screen of points
    detail = page.evaluate("""() => new Promise(resolve => {
        const layer = window.geoAllLayers.find(l => l.geoShown);
        document.addEventListener('geo:drawn', e => resolve(e.detail), {once: true});
        layer.geoShowAll(); })""")
    assert detail["mode"] == "density" and detail["shown"] == 6000
    centre = page.evaluate("geoMap.latLngToContainerPoint([35.9, 37.0])")
    densest = page.evaluate("""() => { const layer = window.geoAllLayers.find(l => l.geoShown);
        return layer.geoDensest(); }""")
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + densest[0], box["y"] + densest[1])
    page.wait_for_selector(".leaflet-popup-content .geo-popup")
    assert "events in this cell" in page.locator(".leaflet-popup-content").inner_text()
    assert centre and not errors
    page.evaluate("geoMap.closePopup()")


def test_blocks_unpack_in_the_browser_to_the_bytes_written(events_page):
    """Base85 of every length of last group, as columnar.py writes it, back to the same bytes."""
    import base64

    from geo.render.columnar import _SAFE_85, _base85
    page = events_page[0]
    rng = np.random.default_rng(3)
    samples = [bytes(rng.integers(0, 256, n, dtype=np.uint8)) for n in (*range(0, 13), 1000)] + [b"\xff" * 8, b"\0" * 7]
    texts = [_base85(b) for b in samples]
    assert texts == [base64.b85encode(b).decode("ascii").translate(_SAFE_85) for b in samples]
    assert not any(c in t for t in texts for c in "<>&\"'\\")
    back = page.evaluate("texts => texts.map(t => Array.from(geoUnpack(t)))", texts)
    assert [bytes(b) for b in back] == samples


def test_colour_by_any_column_gives_its_legend(tmp_path, capsys):
    from tests.conftest import run_cli

    table = acled_table(300, seed=4)
    csv = _write(table, tmp_path / "acled.csv")
    code, out, err = run_cli(capsys, "build", str(csv), "-o", str(tmp_path / "m.html"), "--tiles", "none",
                             "--color-by", "sub_event_type")
    assert code == 0, err
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "geoColumnarLayer" in html  # colouring by a column draws the layer as columns
    for value in table["sub_event_type"].value_counts().index[:5]:
        assert value.replace("/", "\\/") in html or value in html
    code, _, err = run_cli(capsys, "build", str(csv), "-o", str(tmp_path / "n.html"), "--color-by", "nosuch")
    assert code == 2 and "--color-by nosuch: no layer has such a column" in err
    scenario = tmp_path / "s.toml"
    scenario.write_text('title = "t"\n[[layers]]\nname = "Events"\nfile = "acled.csv"\ncolor_by = 7\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "build", str(scenario), "-o", str(tmp_path / "o.html"))
    assert code == 1 and "field 'color_by': expected a name (text, not blank), found 7" in err


def test_every_hostile_string_in_a_large_layer_shows_as_text(browser, tmp_path):
    """All of tests/hostile.py in the text fields of a layer drawn as columns: each popup, built in
    the browser and put in the page, shows the strings as given and runs nothing."""
    # a CSV holds every string but a lone surrogate (not UTF-8) and NUL (tests/hostile.py says why)
    strings = [t for t in HOSTILE if "\0" not in t and not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    table = acled_table(len(strings), seed=8)
    table["event_id_cnty"] = [f"SYR{i + 1}" for i in range(len(table))]
    for i, text in enumerate(strings):
        table.loc[i, ["location", "notes", "source", "actor1", "admin1"]] = [
            text, strings[(i + 1) % len(strings)], text.replace(";", ","), text.replace(";", ","), text]
    layer, report = read_checked(_write(table, tmp_path / "acled.csv"))
    layer = geo.Layer(layer.name, layer.kind, layer.frame, columnar=True)
    html = tmp_path / "m.html"
    geo.save_html(geo.build_map(geo.api.model_of_layers([layer], tiles="none")), html)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(html.as_uri())
    page.wait_for_function("document.documentElement.dataset.geoEventsReady === '1'")
    by_id = layer.frame.set_index("id")
    shown = page.evaluate("""ids => { const layer = window.geoAllLayers.find(l => l.geoPopupById);
        return Promise.all(ids.map(id => layer.geoPopupById(id))).then(els => els.map(el => {
          document.body.appendChild(el);
          return [el.textContent, el.querySelectorAll('*:not(div):not(h3):not(p):not(table):not(tbody):not(tr)'
                  + ':not(th):not(td):not(b):not(ol):not(li):not(span)').length]; })); }""", list(by_id.index))
    for (text, odd), (_, row) in zip(shown, by_id.iterrows()):
        assert odd == 0
        for value in (row["name"], row["description"], row["admin1"]):
            assert not isinstance(value, str) or value in text
    # every image the popups hold has loaded or failed (an onerror would have run by then)
    page.evaluate("""() => Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(done => {
        i.addEventListener('load', done); i.addEventListener('error', done); })))
        .then(() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0))))""")
    assert page.evaluate("window.__pwned || 0") == 0 and not dialogs
    assert len(shown) == len(layer.frame) and len(layer.frame) + len(report.rejects) == len(strings) > 120
    page.close()


def test_counts_per_cell_are_drawn_day_by_day_and_say_their_count(browser, tmp_path):
    from geo.render import to_html
    from geo.render.map import render_counts

    rows = [(f"g0.1:{ix}:{iy}", day, ix - 354 + (iy - 350) * 10 + k,
             shapely.box(ix * 0.1, iy * 0.1, (ix + 1) * 0.1, (iy + 1) * 0.1))
            for k, day in enumerate(["2020-01-01", "2020-01-02", "2020-01-04"])
            for ix in range(355, 355 + 3 + k) for iy in range(350, 352)]
    counts = gpd.GeoDataFrame(pd.DataFrame(rows, columns=["cell", "date", "count", "geometry"]), crs=4326)
    html = tmp_path / "counts.html"
    html.write_text(to_html(render_counts(counts, "Events per 0.1° cell", "Counted from test data.", tiles="none")),
                    encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.goto(html.as_uri())
    page.wait_for_function("document.documentElement.dataset.geoEventsReady === '1'")
    page.evaluate("window.geoMap = Object.values(window).find(v => v instanceof L.Map && "
                  "v.getContainer().classList.contains('folium-map'))")
    for day, expected in (("2020-01-01", 6), ("2020-01-02", 8), ("2020-01-03", 0), ("2020-01-04", 10)):
        detail = _go(page, day)
        assert detail["shown"] == expected, day
    point = page.evaluate("geoMap.latLngToContainerPoint([35.05, 35.65])")  # the cell g0.1:356:350
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector(".leaflet-popup-content .geo-popup")
    text = page.locator(".leaflet-popup-content").inner_text()
    expected = counts[(counts.cell == "g0.1:356:350") & (counts.date == "2020-01-04")]["count"].iloc[0]
    assert f"{expected} events" in text and "g0.1:356:350" in text and "2020-01-04" in text
    page.close()
