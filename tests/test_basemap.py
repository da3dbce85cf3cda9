"""The offline basemap: drawn when no tiles are asked for, and instead of tiles that fail to load;
read from its folder with clear errors."""
from __future__ import annotations

import shutil

import pytest

from geo.errors import InputError
from geo.read.basemap import read_basemap
from tests.conftest import MAP_JS, SCENARIO
from tests.test_layout import settled

FOLDER = SCENARIO.parent / "basemap"

SHOWN_JS = """() => {
  const img = document.querySelector('img.geo-basemap-relief');
  if (!img) { return null; }
  const r = img.getBoundingClientRect(), style = getComputedStyle(img);
  return {loaded: img.complete && img.naturalWidth > 0, visible: r.width > 100 && r.height > 100 &&
          r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && style.display !== 'none',
          opacity: parseFloat(style.opacity), rivers: document.querySelectorAll('path.geo-basemap-river').length,
          labels: Array.from(document.querySelectorAll('.geo-basemap-label')).map(e => e.textContent)};
}"""


def test_with_every_request_blocked_the_offline_map_draws_its_basemap(idlib_files, open_map):
    opened = open_map(idlib_files["offline"])
    shown = opened.page.evaluate(SHOWN_JS)
    assert shown is not None and shown["loaded"] and shown["visible"] and shown["opacity"] > 0.2
    assert shown["rivers"] >= 10 and "Aleppo" in shown["labels"] and "Idlib" in shown["labels"]
    assert opened.blocked == []  # it asked for nothing
    credit = opened.page.locator(".leaflet-control-attribution").inner_text()
    assert "GLOBE" in credit and "GSHHG" in credit and "Natural Earth" in credit


def test_online_tiles_that_fail_give_way_to_the_basemap(idlib_files, open_map):
    opened = open_map(idlib_files["online"])  # every tile request is refused
    page = opened.page
    page.wait_for_function("document.querySelector('img.geo-basemap-relief') !== null")
    shown = page.evaluate(SHOWN_JS)
    assert shown["loaded"] and shown["visible"]
    tiles = page.locator(".leaflet-control-layers-overlays label", has_text="online tiles").locator("input")
    basemap = page.locator(".leaflet-control-layers-overlays label", has_text="Basemap (offline").locator("input")
    assert not tiles.is_checked() and basemap.is_checked()
    assert any("tile.openstreetmap.org" in url for url in opened.blocked)


@pytest.mark.parametrize("broken, message", [
    (lambda f: (f / "manifest.json").unlink(), r"manifest.json: no such file \(a basemap folder has hillshade.png"),
    (lambda f: (f / "hillshade.png").write_bytes(b"GIF89a..."), r"hillshade.png: expected a PNG image"),
    (lambda f: (f / "admin.geojson").write_text("{", encoding="utf-8"), r"admin.geojson: is not JSON"),
])
def test_a_broken_basemap_folder_is_named_with_what_is_wrong(tmp_path, broken, message):
    folder = shutil.copytree(FOLDER, tmp_path / "basemap")
    assert read_basemap(folder).hillshade_bounds == ((34.05, 34.75), (37.75, 38.3))
    broken(folder)
    with pytest.raises(InputError, match=message):
        read_basemap(folder)


def test_more_place_names_show_as_one_zooms_in(idlib_files, open_map):
    """Denser as one zooms in: names shown per square degree of the view grow with the zoom (the
    labels are placed where they fit, so a name lacking room waits for a closer view)."""
    page = open_map(idlib_files["offline"]).page
    visible = f"""() => {{ const b = {MAP_JS}.getBounds();
        const n = Array.from(document.querySelectorAll('.geo-basemap-name')).filter(el => el.style.display !== 'none').length;
        return n / ((b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth())); }}"""
    least = page.evaluate(f"{MAP_JS}.getMinZoom()")
    density = {}
    for zoom in (least, least + 1, least + 2):
        done = page.evaluate(f"""z => {{ const m = {MAP_JS}; m.setView([36.2, 36.6], z, {{animate: false}});
                                      return Number(m.getContainer().dataset.geoLabels || 0); }}""", zoom)
        page.wait_for_function(f"n => Number({MAP_JS}.getContainer().dataset.geoLabels || 0) > n", arg=done - 1)
        settled(page)
        density[zoom] = page.evaluate(visible)
    assert 0 < density[least] < density[least + 1] < density[least + 2], density
    assert page.locator(".geo-basemap-name", has_text="Tall Rif").count() == 1  # a GeoNames town the data lacks
