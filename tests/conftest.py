"""Shared fixtures: valid features of each kind, layer files on disk, and a real Chromium."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "layers" / "idlib-2020" / "scenario.toml"
# The suite writes nothing outside build/: geo's cache of drawn symbols goes there, not to ~/.cache.
os.environ.setdefault("GEO_CACHE_DIR", str(ROOT / "build" / "cache"))


def shipped_count(name: str) -> int:
    """How many features (or rows) a shipped file of the case study has: 'posts.geojson', 'control.csv'."""
    path = SCENARIO.parent / name
    if path.suffix == ".csv":
        import csv
        with path.open(encoding="utf-8") as f:
            return sum(1 for _ in csv.DictReader(f))
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# The page's Leaflet map object (folium names it map_<id>), found once and kept: looking it up
# among the window's properties takes about a second each time.
MAP_JS = ("(window.__geoMap = window.__geoMap || "
          "window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))])")

SOURCE = {"publisher": "Example Wire", "url": "https://example.org/report", "date": "2020-02-07"}

GEOMETRIES = {
    "post": {"type": "Point", "coordinates": [36.8, 35.86]},
    "place": {"type": "Point", "coordinates": [36.63, 35.93]},
    "zone": {"type": "Polygon", "coordinates": [[[36.5, 35.8], [36.9, 35.8], [36.9, 36.1], [36.5, 35.8]]]},
    "route": {"type": "LineString", "coordinates": [[36.5, 35.8], [36.9, 36.1]]},
    "unit": {"type": "Point", "coordinates": [36.7, 35.9]},
}
PROPERTIES = {
    "post": {"post_type": "observation post", "operator": "Turkish Armed Forces", "precision_m": 3000,
             "official_number": 7, "build_order": 5, "established": "2018-02"},
    "place": {"place_type": "town", "precision_m": 1500, "aliases": ["Saraqib", "Saraqab"]},
    "zone": {"zone_type": "buffer zone", "basis": "digitised approximation", "basis_note": "drawn by hand"},
    "route": {"route_type": "highway"},
    "unit": {"unit_type": "infantry", "echelon": "battalion", "side": "Blue", "precision_m": 2000,
             "date_from": "2020-02-01", "higher_formation": "1st Division"},
}


_DEFAULT = object()


def feature(layer_kind: str, number: int = 1, geometry=_DEFAULT, **changes) -> dict:
    """A valid GeoJSON feature of ``layer_kind``; keyword arguments replace properties (None removes)."""
    kind = layer_kind
    props = {"id": f"{kind}-{number}", "name": f"{kind.title()} {number}",
             "sources": [dict(SOURCE)], "confidence": "reported", **copy.deepcopy(PROPERTIES[kind])}
    for key, value in changes.items():
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value
    if geometry is _DEFAULT:
        geometry = copy.deepcopy(GEOMETRIES[kind])
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture
def layer_files(tmp_path: Path) -> dict[str, Path]:
    """One small valid file per kind, named so that the kind follows from the name."""
    return {kind: write_geojson(tmp_path / f"{kind}s.geojson", [feature(kind, 1), feature(kind, 2)])
            for kind in GEOMETRIES}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OpenedMap:
    """A map page opened from file:// with every other request blocked and recorded."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def open_map(browser):
    pages = []

    def _open(path: Path, width: int = 1280, height: int = 860) -> OpenedMap:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        opened = OpenedMap(page)

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                opened.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.console_errors.append(f"page error: {e}"))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("document.querySelectorAll('.leaflet-interactive, .leaflet-marker-icon').length > 0")
        pages.append(context)
        return opened

    yield _open
    for context in pages:
        context.close()


# -- the Idlib case study, built once per session --------------------------------------------------
# Building it reads, validates and derives everything; rendering is cheap. Tests that only read the
# model, the map or its HTML share these; a test that changes something builds its own.

@pytest.fixture(scope="session")
def idlib_model():
    import geo

    return geo.build_model(SCENARIO, strict=True)


@pytest.fixture(scope="session")
def idlib_html(idlib_model) -> str:
    """The default map's page, as `geo build` writes it (with the scenario's online tiles)."""
    import geo

    return geo.to_html(geo.build_map(idlib_model))


@pytest.fixture(scope="session")
def idlib_offline_html(idlib_model) -> str:
    import geo

    return geo.to_html(geo.build_map(idlib_model, tiles="none"))


@pytest.fixture(scope="session")
def idlib_files(tmp_path_factory, idlib_html, idlib_offline_html) -> dict[str, Path]:
    """Both pages on disk: 'online' (tiles) and 'offline' (no tiles)."""
    folder = tmp_path_factory.mktemp("idlib")
    paths = {"online": folder / "idlib-2020.html", "offline": folder / "idlib-2020-offline.html"}
    paths["online"].write_text(idlib_html, encoding="utf-8")
    paths["offline"].write_text(idlib_offline_html, encoding="utf-8")
    return paths


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`geo ARGS` in this process: (exit code, stdout, stderr)."""
    from geo.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def pytest_collection_modifyitems(items):
    """Mark what drives Chromium as `browser`, and what loads GeoNames as `slow`: ``make check``
    runs the rest (``-m "not browser and not slow"``)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"browser", "open_map"} & fixtures:
            item.add_marker(pytest.mark.browser)
        if "geonames" in fixtures:  # loads GeoNames' towns: seconds
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _chromium_only_when_marked(request, monkeypatch):
    """A test not marked `browser` that starts Chromium in this process fails, saying so: so the
    mark is never missing and `make check` never waits for a browser."""
    if request.node.get_closest_marker("browser") is not None:
        return
    import playwright.sync_api

    def refuse(*args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} starts Chromium: mark it pytest.mark.browser")

    monkeypatch.setattr(playwright.sync_api, "sync_playwright", refuse)
