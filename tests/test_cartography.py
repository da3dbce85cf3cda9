"""The picture read at a glance (issue 23): the sides' fills are the only tints on the land, zones
never mix into them, and every flat colour of the map is one its legend shows."""
from __future__ import annotations

import io

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image

from tests.conftest import MAP_JS

# Every layer but the areas of control and the zones switched off (as the panel's boxes would),
# the labels and controls hidden; the legend's area swatches (fill, fill-opacity) and the map's
# background read back.
SETUP_JS = """() => { const m = %s;
  m.geoLayerControl._layers.forEach(o => {
    if (o.overlay && !/^(Areas of control|Zones)/.test(o.name.replace(/<[^>]*>/g, '')) && m.hasLayer(o.layer)) {
      m.removeLayer(o.layer);
    }
  });
  m.getPane('geoLabels').style.display = 'none';
  const fills = [...document.querySelectorAll('.geo-panel-legend rect')].map(r => [r.getAttribute('fill'), r.getAttribute('fill-opacity')]);
  return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>
    done({background: getComputedStyle(m.getContainer()).backgroundColor, fills}))));
}""" % MAP_JS


def _rgb(text: str) -> np.ndarray:
    if text.startswith("#"):
        return np.array([int(text[i:i + 2], 16) for i in (1, 3, 5)], float)
    return np.array([float(v) for v in text[text.index("(") + 1:-1].split(",")[:3]])


def test_on_7_february_every_flat_colour_of_the_land_is_one_the_legend_shows(idlib_files, browser):
    """Sampled on the rendered map at 1280×800: each pixel inside a flat patch (5×5, not a line's
    edge) is the background or one of the legend's area swatches as drawn over it. Translucent zone
    fills over the sides' fills (the old map's five or six mixed tints) would fail this: they made
    30% of the land a colour no swatch shows."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(idlib_files["offline"].as_uri() + "#date=2020-02-07")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-07'")
        page.add_style_tag(content=".leaflet-control-container, .geo-title { visibility: hidden !important; }")
        scene = page.evaluate(SETUP_JS)
        png = page.screenshot(clip=page.locator(".folium-map").bounding_box())
    finally:
        context.close()
    background = _rgb(scene["background"])
    swatches = [background] + [background * (1 - float(alpha)) + _rgb(fill) * float(alpha)
                               for fill, alpha in scene["fills"] if fill and fill.startswith("#") and alpha]
    assert len(swatches) >= 4  # both sides and the unknown land, over the background
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(float)
    windows = sliding_window_view(image, (5, 5), axis=(0, 1))
    flat = (windows.max(axis=(-1, -2)) - windows.min(axis=(-1, -2))).max(-1) <= 2
    colours = image[2:-2, 2:-2][flat]
    assert flat.mean() > 0.5
    off = np.abs(colours[:, None, :] - np.array(swatches)[None]).max(-1).min(1) > 4
    assert off.mean() <= 0.002, f"{off.mean():.1%} of the land shows a colour the legend does not"
    tinted = np.abs(colours - background).max(-1) > 8
    assert tinted.mean() > 0.3  # the sides' fills are there (the map is not blank)


# A marker a third or more of whose drawing another symbol covers, and the point on it a real
# click reaches (the symbol drawn on top there).
COVERED_JS = """() => {
  const icons = [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')].filter(el => el.geoMarker);
  for (const el of icons) {
    const r = el.getBoundingClientRect();
    const over = icons.filter(o => o !== el).filter(o => { const q = o.getBoundingClientRect();
      const w = Math.min(r.right, q.right) - Math.max(r.left, q.left), h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
      return w > 0 && h > 0 && w * h >= r.width * r.height / 3; });
    if (over.length) {
      const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
      return {x, y, ids: [el, ...over].map(e => e.dataset.geoId)};
    }
  }
  return null;
}"""


def test_symbols_drawn_over_each_other_are_listed_in_one_popup_each_opening_its_own(idlib_files, browser):
    """Saraqeb on 7 Feb: the place, units and events within a few pixels. A click there lists every
    symbol under the pointer by name; choosing one opens that feature's own popup."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(idlib_files["offline"].as_uri() + "#date=2020-02-07&ll=35.86400,36.80500&z=10")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-07'")
        page.locator(".geo-panel-toggle").click()  # closed: nothing over the map
        covered = page.evaluate(COVERED_JS)
        assert covered is not None, "no symbols drawn over each other near Saraqeb at zoom 10"
        page.mouse.click(covered["x"], covered["y"])
        items = page.locator(".geo-chooser-item")
        items.first.wait_for()
        names = items.all_inner_texts()
        assert len(names) >= 2 and all(names), names
        last = items.nth(len(names) - 1)
        chosen = names[-1]
        last.click()
        page.wait_for_function("!document.querySelector('.geo-chooser') && document.querySelector('.leaflet-popup-content h3')")
        heading = page.locator(".leaflet-popup-content h3").inner_text()
        assert heading and (heading in chosen or chosen in heading), (heading, chosen)
    finally:
        context.close()
