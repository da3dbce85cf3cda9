"""Maps in reports: PNG/PDF in the report layout, print from the page, iframe embedding, data exports."""
from __future__ import annotations

import argparse
import json
import os
import tomllib
from html import unescape
from pathlib import Path

import numpy as np
import pypdf
import pytest
import shapely
from PIL import Image

import geo
from geo.cli.export import add_commands
from geo.render.style import SIDE_FILL_OPACITY
from geo.write import browser as export_browser
from geo.write import image
from geo.write.data import table_name
from tests.conftest import SCENARIO
from tests.hostile import HOSTILE

DAY = "2020-02-07"
GOLDEN = Path(__file__).resolve().parent / "golden" / "idlib-2020-02-07_1000x700.png"
GOLDEN_SIZE = (1000, 700)
# Share of pixels that differ clearly (by more than 48 of 255 in a channel). Anti-aliasing
# differs a little between runs and machines; a moved layer, a lost legend or an empty map
# change several per cent of the pixels.
GOLDEN_CHANGED = 48
GOLDEN_TOLERANCE = 0.005
# Fills of the two areas of control on 7 Feb 2020 (over the background), as drawn in the map.
# An area's fill as drawn: its side's colour at the fill opacity over the page background.
_BACKGROUND = np.array((0xF4, 0xF1, 0xEA))
AREA_FILLS = {side["id"]: tuple(_BACKGROUND * (1 - SIDE_FILL_OPACITY)
                                + np.array([int(side["colour"][i:i + 2], 16) for i in (1, 3, 5)]) * SIDE_FILL_OPACITY)
              for side in tomllib.loads(SCENARIO.read_text(encoding="utf-8"))["control"]["sides"]}
needs_chromium = pytest.mark.browser  # Debian's chromium: `make test` installs it


@pytest.fixture(scope="module")
def feb7_map(idlib_model):
    return geo.build_map(idlib_model, tiles="none", day=DAY)


@pytest.fixture(scope="module")
def feb7_png(feb7_map, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("png") / "feb7.png"
    return geo.to_png(feb7_map, out, size=GOLDEN_SIZE, scale=1)


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.float64)


def ink(region: np.ndarray) -> float:
    """Share of dark pixels (text, lines, symbols) in a region."""
    return float((region.mean(axis=2) < 110).mean())


# -- images ---------------------------------------------------------------------------------------
@needs_chromium
def test_png_has_the_requested_size_and_is_not_blank(feb7_png):
    with Image.open(feb7_png) as image:
        assert image.format == "PNG" and image.size == GOLDEN_SIZE
    rgb = pixels(feb7_png)
    assert rgb.std() > 20  # far from one flat colour
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 500


@needs_chromium
def test_png_title_legend_and_footer_regions_carry_ink(feb7_png):
    rgb = pixels(feb7_png)
    width = rgb.shape[1]
    title, date = rgb[14:48, 20:420], rgb[20:62, width - 230:width - 20]
    legend = rgb[90:420, width - 290:width - 20]
    footer = rgb[-60:-10, 20:width - 20]
    assert ink(title) > 0.03, "no title"
    assert ink(date) > 0.02, "no date"
    assert ink(legend) > 0.02, "no legend"
    assert ink(footer) > 0.01, "no sources footer"


@needs_chromium
def test_png_map_region_shows_the_data(feb7_png):
    area = pixels(feb7_png)[100:520, 22:492]  # the map frame, inside its outline
    for side, fill in AREA_FILLS.items():
        share = float((np.abs(area - fill).max(axis=2) <= 6).mean())
        assert share > 0.005, f"no {side} area of control in the map"  # much of it lies under the zones
    assert ink(area) > 0.01, "no symbols, labels or lines in the map"


@needs_chromium
def test_png_scale_multiplies_the_pixels(tmp_path):
    out = geo.to_png(SCENARIO, tmp_path / "small.png", date="2020-03-06", size=(640, 400), scale=1.5)
    with Image.open(out) as image:
        assert image.size == (960, 600)
    assert [p.name for p in tmp_path.iterdir()] == ["small.png"]  # written atomically, no leftovers


@needs_chromium
def test_default_map_matches_the_golden_image(feb7_png):
    if os.environ.get("GEO_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(feb7_png.read_bytes())
    assert GOLDEN.exists(), "no golden image: run with GEO_UPDATE_GOLDEN=1 to make it"
    new, old = pixels(feb7_png), pixels(GOLDEN)
    assert new.shape == old.shape
    changed = float((np.abs(new - old).max(axis=2) > GOLDEN_CHANGED).mean())
    assert changed < GOLDEN_TOLERANCE, (
        f"{changed:.2%} of the pixels differ from {GOLDEN.name}; if the change is intended, "
        "look at the new image and run GEO_UPDATE_GOLDEN=1 pytest tests/test_export.py")


@needs_chromium
@pytest.mark.parametrize("paper, landscape, points", [("A4", True, (841.9, 595.3)),
                                                       ("Letter", False, (612, 792))])
def test_pdf_is_one_page_of_the_requested_paper(feb7_map, tmp_path, paper, landscape, points):
    out = geo.to_pdf(feb7_map, tmp_path / "feb7.pdf", paper=paper, landscape=landscape)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(points[0], abs=1.5)
    assert float(box.height) == pytest.approx(points[1], abs=1.5)
    text = reader.pages[0].extract_text()
    for words in ("North-west Syria", "7 February 2020", "Legend", "Sources", "km"):
        assert words in text, words


# The exports asked for most: the PNG's default size, A4 and Letter both ways.
LAYOUT_TARGETS = [image.DEFAULT_SIZE, ("A4", True), ("A4", False), ("Letter", True), ("Letter", False)]


@needs_chromium
def test_every_legend_entry_shows_whole_and_the_map_is_not_a_strip(feb7_map):
    """Nothing cut on the PNG or any paper: each heading and entry of the legend lies whole on the page
    and inside the legend's box (which clips), and the map keeps a fair share of the page in a usable shape;
    the names on the map are placed as in the browser (none piled, none over another feature's symbol)."""
    layouts = image.report_layouts(lambda: geo.to_html(feb7_map), LAYOUT_TARGETS, day=DAY)
    assert [layout["target"] for layout in layouts] == [tuple(t) for t in LAYOUT_TARGETS]
    counts = set()
    for layout in layouts:
        target, (width, height), entries = layout["target"], layout["page"], layout["entries"]
        counts.add(len(entries))
        assert any(e["text"].endswith("Withdrawn") for e in entries)  # the last entry, lost before
        for entry in entries:
            left, top, right, bottom = entry["box"]
            shown = entry["visible"]
            where = f"{target}: {entry['text'][:50]!r} at {[round(v) for v in entry['box']]}"
            assert right - left > 1 and bottom - top > 1, f"{where} is not shown"
            assert left >= -0.5 and top >= -0.5 and right <= width + 0.5 and bottom <= height + 0.5, \
                f"{where} is off the {width}×{height} page"
            assert (left >= shown[0] - 0.5 and top >= shown[1] - 0.5 and right <= shown[2] + 0.5
                    and bottom <= shown[3] + 0.5), f"{where} is cut by the legend's box {[round(v) for v in shown]}"
        left, top, right, bottom = layout["map"]
        share, aspect = (right - left) * (bottom - top) / (width * height), (right - left) / (bottom - top)
        assert share >= (0.45 if target == image.DEFAULT_SIZE else 0.4), f"{target}: the map has {share:.0%} of the page"
        assert 0.5 <= aspect <= 2.6, f"{target}: the map is a strip ({right - left:.0f}×{bottom - top:.0f})"
        # the names on the map placed as in the browser: never piled, never over another symbol
        labels, symbols = layout["labels"], layout["symbols"]
        assert len(labels) >= 15, f"{target}: {len(labels)} names on the map"
        piled = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if _meet(a["box"], b["box"])]
        assert piled == [], f"{target}: names overlap: {piled}"
        covering = sorted({(a["text"], s["id"]) for a in labels for s in symbols
                           if s["id"] != a["own"] and _meet(a["box"], s["box"])})
        assert covering == [], f"{target}: names over symbols: {covering}"
    assert len(counts) == 1 and counts.pop() > 40  # the whole legend, every time


def _meet(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def test_a_missing_chromium_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(export_browser, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(geo.GeoError, match="sudo apt-get install chromium"):
        geo.to_png(SCENARIO, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


@needs_chromium
def test_a_date_outside_the_range_is_an_error(feb7_map, tmp_path):
    with pytest.raises(geo.GeoError, match="outside"):
        geo.to_png(feb7_map, tmp_path / "x.png", date="2021-01-01", size=(600, 400), scale=1)


# -- the page's own print layout ------------------------------------------------------------------
@needs_chromium
def test_printing_the_page_switches_to_the_report_layout_and_back(feb7_map, tmp_path, open_map):
    path = geo.save_html(feb7_map, tmp_path / "feb7.html")
    page = open_map(path).page
    assert page.locator(".geo-report-foot").is_hidden() and page.locator(".geo-north svg").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert {"geo-report", "geo-paper", "geo-print"} <= set(page.evaluate("document.body.className").split())
    assert page.locator(".geo-report-side .geo-legend").count() == 1
    assert page.locator(".geo-report-date").inner_text() == "7 February 2020"
    assert page.locator(".geo-report-foot").is_visible() and page.locator(".geo-timebar").is_hidden()
    assert page.locator(".leaflet-control-layers").is_hidden() and page.locator(".leaflet-control-zoom").is_hidden()
    assert page.locator(".leaflet-control-scale").is_visible() and page.locator(".geo-north").is_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    from io import BytesIO

    reader = pypdf.PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1 and float(reader.pages[0].mediabox.width) == pytest.approx(841.9, abs=1.5)
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.body.className") == "geo-has-timebar"  # the report classes are gone
    assert page.locator("body > .geo-legend").count() == 1 and page.locator(".geo-legend").is_hidden()
    assert page.locator(".geo-report-foot").is_hidden()


def test_footer_lists_each_publisher_once_escaped(tmp_path):
    from tests.conftest import feature, write_geojson

    sources = [{"publisher": HOSTILE[0], "url": "https://example.org/a", "date": "2020"},
               {"publisher": "Wire & Co", "url": "https://example.org/b", "date": "2020"}]
    path = write_geojson(tmp_path / "posts.geojson",
                         [feature("post", n, sources=sources) for n in (1, 2)])
    html = geo.to_html(geo.situation_map({"Posts": geo.read_layer(path)}, title="T", tiles="none"))
    footer = html.split('<footer class="geo-report-foot">')[1].split("</footer>")[0]
    assert footer.count("Wire &amp; Co") == 1 and footer.count("&lt;script&gt;window.__pwned") == 1
    assert "<script" not in footer.lower()


def test_footer_names_the_tile_credit_only_with_tiles(idlib_html, idlib_offline_html):
    online, offline = idlib_html, idlib_offline_html
    assert "Base map © OpenStreetMap contributors" in online
    assert "Base map ©" not in offline
    assert 'class="geo-report-foot"' in offline and "Natural Earth" in offline


# -- embedding ------------------------------------------------------------------------------------
def test_iframe_snippet_has_title_ratio_and_lazy_loading():
    snippet = geo.iframe_snippet(title=HOSTILE[0], src='maps/a "b".html', bounds=(35.75, 35.05, 37.3, 36.75))
    assert snippet.count("<iframe") == 1 and 'loading="lazy"' in snippet
    assert "aspect-ratio:133 / 100" in snippet  # a tall area still leaves room for the legend
    assert 'src="maps/a &quot;b&quot;.html"' in snippet
    assert 'title="&lt;script&gt;window.__pwned' in snippet and "<script" not in snippet
    fixed = geo.iframe_snippet(title="T", src="a.html", width="640", height="80vh")
    assert "width:640px;height:80vh" in fixed and "aspect-ratio" not in fixed
    with pytest.raises(geo.GeoError, match="CSS length"):
        geo.iframe_snippet(title="T", src="a.html", height="1px;background:url(x)")


@needs_chromium
@pytest.mark.parametrize("variant", ["src", "srcdoc"])
def test_the_map_works_inside_an_iframe(feb7_map, tmp_path, browser, variant):
    page_path = geo.save_html(feb7_map, tmp_path / "idlib.html")
    if variant == "src":
        snippet = geo.iframe_snippet(title=feb7_map.title, src=page_path.name, bounds=feb7_map.view_bounds)
    else:
        snippet = geo.iframe_snippet(title=feb7_map.title, srcdoc=page_path.read_text(encoding="utf-8"),
                                     width="900px", height="600px")
    host = tmp_path / "article.html"
    host.write_text(f"<!DOCTYPE html><html><body style='width:1000px'><h1>Article</h1>{snippet}</body></html>",
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:"))
               else r.abort())
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(".leaflet-marker-icon.geo-kind-post").first.wait_for()
    assert frame.locator(".leaflet-marker-icon.geo-kind-post").count() >= 12
    assert frame.locator("path.geo-kind-control").count() >= 2
    assert frame.locator(".geo-date-label").inner_text() == "7 February 2020"
    box = page.locator("iframe").bounding_box()
    assert box["width"] >= 880 and box["height"] >= 590
    frame.locator(".geo-timebar button[title='One day later']").click()
    assert frame.locator(".geo-date-label").inner_text() == "8 February 2020"
    assert errors == []
    context.close()


def test_jupyter_output_is_an_iframe_with_no_script_of_its_own(feb7_map):
    html = feb7_map._repr_html_()
    assert "<iframe srcdoc=" in html and "<script" not in html.lower()
    assert "geoTimeline(" in unescape(html.split('srcdoc="')[1].split('"')[0])


# -- data -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def situation(idlib_model):
    return idlib_model.situation(DAY)


def _same_features(back, frame, kind):
    assert list(back["id"]) == list(frame["id"])
    assert list(back["sources"]) == list(frame["sources"])
    for field in kind.fields:
        if field.type in ("date", "list", "text", "choice"):
            assert list(back[field.name]) == list(frame[field.name]), field.name
    for a, b in zip(back.geometry, frame.geometry):
        assert shapely.equals_exact(a, b, tolerance=1e-9) or a.equals(b)
    assert back.crs.to_epsg() == 4326


def test_geopackage_round_trips_through_geos_reader(situation, tmp_path, idlib_model):
    out = geo.to_gpkg(idlib_model, tmp_path / "feb7.gpkg", date=DAY)
    assert [p.name for p in tmp_path.iterdir()] == ["feb7.gpkg"]
    import pyogrio

    tables = [name for name, _ in pyogrio.list_layers(out)]
    assert tables == [table_name(n) for n in situation.layers] + ["areas_of_control", "front_lines", "unit_tracks"]
    assert "turkey_syria_border" in tables
    for name, frame in situation.layers.items():
        back = geo.read_layer(f"{out}:{table_name(name)}", kind=situation.kinds[name])
        _same_features(back, frame, situation.kinds[name])
    posts = geo.read_layer(f"{out}:turkish_military_posts")  # its kind column says what it is
    expected = situation.layers["Turkish military posts"]
    assert list(posts["status"]) == list(expected["status"])
    assert list(posts["status_since"]) == [d.isoformat() for d in expected["status_since"]]
    assert list(posts["front_distance_km"]) == pytest.approx(list(expected["front_distance_km"]))
    assert posts["status_certain"].dtype == bool
    assert any(len(d) == 7 for d in posts["established"])  # '2018-02' stays a month
    info = pyogrio.read_info(out, layer="turkish_military_posts")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["official_number"] == "OFTInteger64" and types["precision_m"] == "OFTReal"
    assert types["established"] == "OFTString" and types["sources"] == "OFTString"
    import geopandas as gpd

    areas = gpd.read_file(out, layer="areas_of_control")
    assert areas.crs.to_epsg() == 4326 and set(areas["controller"]) == set(situation.control_areas["controller"])
    assert set(areas["date"]) == {DAY}


def test_a_maps_data_export_is_of_the_day_it_shows(tmp_path, idlib_model):
    m = geo.build_map(idlib_model, tiles="none", day="2020-03-06")
    out = geo.to_gpkg(m, tmp_path / "mar6.gpkg")
    import geopandas as gpd

    assert set(gpd.read_file(out, layer="areas_of_control")["date"]) == {"2020-03-06"}
    posts = geo.read_layer(f"{out}:turkish_military_posts")
    expected = m.model.situation("2020-03-06").layers["Turkish military posts"]
    assert list(posts["status"]) == list(expected["status"])
    with pytest.raises(geo.InputError, match="outside the scenario's range"):
        geo.to_gpkg(m, tmp_path / "later.gpkg", date="2030-01-01")


def test_geojson_export_keeps_lists_as_arrays(situation, tmp_path, idlib_model):
    paths = geo.to_geojson(idlib_model, tmp_path / "feb7", date=DAY)
    assert len(paths) == len(situation.layers) + 3  # and the day's unit tracks
    for name, frame in situation.layers.items():
        path = tmp_path / "feb7" / f"{table_name(name)}.geojson"
        if len(frame):
            _same_features(geo.read_layer(path, kind=situation.kinds[name]), frame, situation.kinds[name])
    places = json.loads((tmp_path / "feb7" / "places.geojson").read_text(encoding="utf-8"))
    first = places["features"][0]["properties"]
    assert isinstance(first["sources"], list) and isinstance(first["aliases"], list)
    assert first["kind"] == "place" and "controller" in first


# -- command line ---------------------------------------------------------------------------------
def _run(argv: list[str]) -> int:
    top = argparse.ArgumentParser(prog="geo")
    add_commands(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(argv)
    return args.run(args)


@pytest.mark.slow
def test_cli_export_gpkg_and_geojson(tmp_path, capsys):
    assert _run(["export", str(SCENARIO), "--gpkg", str(tmp_path / "a.gpkg"),
                 "--geojson", str(tmp_path / "json"), "--date", "2020-03-06"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[0] == str(tmp_path / "a.gpkg") and len(printed) == 12


def test_cli_export_usage_errors(tmp_path):
    from geo.cli.args import UsageError

    with pytest.raises(UsageError, match="--png"):
        _run(["export", str(SCENARIO)])
    with pytest.raises(SystemExit) as exit_:
        _run(["export", "--png", "x.png", "--size", "big"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit):
        _run(["export", "--png", "x.png", "--bounds", "37,35,36,36"])


@needs_chromium
def test_cli_export_png_with_bounds(tmp_path, capsys):
    out = tmp_path / "zoomed.png"
    assert _run(["export", str(SCENARIO), "--png", str(out), "--date", DAY, "--size", "700x500",
                 "--scale", "1", "--bounds", "36.4,35.6,37.0,36.1"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    with Image.open(out) as image:
        assert image.size == (700, 500)


@pytest.mark.slow
def test_cli_embed_prints_the_snippet(tmp_path, capsys):
    assert _run(["embed", str(SCENARIO), "--src", "https://example.org/idlib-2020.html"]) == 0
    snippet = capsys.readouterr().out
    assert snippet.startswith('<div class="geo-map-embed"')
    assert 'src="https://example.org/idlib-2020.html"' in snippet
    assert 'title="North-west Syria (Idlib), 2017 – March 2020"' in snippet
    out = tmp_path / "embed.html"
    assert _run(["embed", str(SCENARIO), "--srcdoc", "--tiles", "none", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("<iframe") == 1 and "&lt;script&gt;" in text and "<script" not in text


def test_the_footer_speaks_of_areas_only_on_a_map_that_draws_them(idlib_offline_html, tmp_path):
    """An ACLED export has dates but no areas of control: its report says nothing about them."""
    import shutil

    csv = shutil.copy(Path(__file__).parent / "inputs" / "acled-current.csv", tmp_path / "acled.csv")
    footer = geo.to_html(geo.build_map(csv, tiles="none")).split('<footer class="geo-report-foot">')[1]
    assert "Areas of control" not in footer and "Positions are approximate" in footer
    assert "Areas of control and front lines are estimates" in idlib_offline_html.split('<footer class="geo-report-foot">')[1]
