"""The map on a phone, a tablet, a laptop and a wide screen: controls apart, the map left visible,
popups in view and clear of every control (the offline Idlib map in a real Chromium)."""
from __future__ import annotations

import pytest

from tests.conftest import MAP_JS

SIZES = {"phone": (390, 844), "tablet": (768, 1024), "laptop": (1280, 800), "wide": (1920, 1080)}
UNCOVERED = {"phone": 0.60, "tablet": 0.75, "laptop": 0.75, "wide": 0.75}  # with the panel closed

CONTROLS_JS = """() => {
  const seen = el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
                       return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  return Array.from(document.querySelectorAll('.leaflet-control, .geo-title, .geo-timebar')).filter(seen)
    .map(el => { const r = el.getBoundingClientRect();
                 return {name: el.className.toString().split(' ')[0], x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; });
}"""

# The share of the map's area no control covers, on a 4-pixel grid.
UNCOVERED_JS = """(boxes) => {
  const m = document.querySelector('.folium-map').getBoundingClientRect();
  let free = 0, all = 0;
  for (let y = m.top + 2; y < m.bottom; y += 4) {
    for (let x = m.left + 2; x < m.right; x += 4) {
      all += 1;
      if (!boxes.some(b => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1)) { free += 1; }
    }
  }
  return free / all;
}"""

# The visible marker nearest the map's top-right corner that a real click would reach.
MARKER_JS = """() => {
  const m = document.querySelector('.folium-map').getBoundingClientRect();
  let best = null;
  document.querySelectorAll('.leaflet-marker-icon.geo-kind-post, .leaflet-marker-icon.geo-kind-place').forEach(el => {
    const r = el.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    if (x < m.left || x > m.right || y < m.top || y > m.bottom) { return; }
    if (!el.contains(document.elementFromPoint(x, y))) { return; }
    const d = Math.hypot(m.right - x, y - m.top);
    if (!best || d < best.d) { best = {x, y, d}; }
  });
  return best;
}"""


# What a reader sees at a view: the labels shown (with the symbol each belongs to), every symbol
# drawn (its frame and status chip), and how much of the map the offline basemap's relief lies under.
SCENE_JS = """() => {
  const map = %s, box = map.getContainer().getBoundingClientRect();
  const rel = r => ({x0: r.left - box.left, y0: r.top - box.top, x1: r.right - box.left, y1: r.bottom - box.top});
  const symbols = [];
  map.getPane('markerPane').querySelectorAll('.leaflet-marker-icon').forEach(el => {
    [el, ...el.querySelectorAll('svg, .geo-amp')].forEach(part => {
      const r = part.getBoundingClientRect();
      if (r.width && r.height && getComputedStyle(part).visibility !== 'hidden') {
        symbols.push({id: el.dataset.geoId || '', ...rel(r)});
      }
    });
  });
  const relief = document.querySelector('.geo-basemap-relief');
  const r = relief ? rel(relief.getBoundingClientRect()) : {x0: 0, y0: 0, x1: 0, y1: 0};
  const w = Math.max(0, Math.min(r.x1, box.width) - Math.max(r.x0, 0)), h = Math.max(0, Math.min(r.y1, box.height) - Math.max(r.y0, 0));
  return {labels: map.geoLabels.boxes(), symbols, under: w * h / (box.width * box.height), zoom: map.getZoom(),
          villages: map.geoLabels.boxes().length};
}""" % MAP_JS


def settled(page) -> None:
    """Wait until the map is still (no pan or zoom under way) and its labels are laid out for it."""
    page.wait_for_function(f"""() => {{ const m = {MAP_JS}, c = m.getContainer();
        return !(m._panAnim && m._panAnim._inProgress) && !m._animatingZoom && !c.dataset.geoLabelsPending
               && Number(c.dataset.geoLabels || 0) > 0; }}""")


def overlaps(a: dict, b: dict) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.5 and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > 0.5


def open_at(browser, path, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(path.as_uri())
    page.wait_for_selector(".geo-panel")
    return context, page


@pytest.mark.parametrize("device", list(SIZES))
def test_controls_apart_map_visible_and_popups_in_view(device, idlib_files, browser):
    context, page = open_at(browser, idlib_files["offline"], SIZES[device])
    try:
        width, height = SIZES[device]
        boxes = page.evaluate(CONTROLS_JS)
        names = {b["name"] for b in boxes}
        assert {"geo-title", "geo-timebar", "leaflet-control-layers"} <= names, names
        clashes = [(a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]
        assert clashes == [], f"controls overlap at {width}×{height}: {clashes}"
        for b in boxes:  # every control inside the screen
            assert b["x0"] >= -0.5 and b["y0"] >= -0.5 and b["x1"] <= width + 0.5 and b["y1"] <= height + 0.5, b
        panel = page.locator(".geo-panel")
        assert ("geo-panel-closed" in panel.get_attribute("class")) == (width < 768)  # closed on narrow screens
        if width >= 768:
            page.locator(".geo-panel-toggle").click()
        assert page.locator(".geo-panel-toggle").get_attribute("aria-expanded") == "false"
        free = page.evaluate(UNCOVERED_JS, page.evaluate(CONTROLS_JS))
        assert free >= UNCOVERED[device], f"{free:.0%} of the map uncovered at {width}×{height}"
        if width >= 768:
            page.locator(".geo-panel-toggle").click()  # open again: popups must open clear of it too

        marker = page.evaluate(MARKER_JS)
        assert marker is not None
        page.mouse.click(marker["x"], marker["y"])
        page.wait_for_selector(".leaflet-popup")
        settled(page)  # the pan that brings it into view
        popup = page.locator(".leaflet-popup").bounding_box()
        box = {"x0": popup["x"], "y0": popup["y"], "x1": popup["x"] + popup["width"], "y1": popup["y"] + popup["height"]}
        assert box["x0"] >= 0 and box["y0"] >= 0 and box["x1"] <= width and box["y1"] <= height, box
        under = [b["name"] for b in page.evaluate(CONTROLS_JS) if overlaps(box, b)]
        assert under == [], f"the popup opens under {under} at {width}×{height}"
    finally:
        context.close()


def test_the_date_bar_steps_days_by_keyboard_and_names_its_controls(idlib_files, browser):
    context, page = open_at(browser, idlib_files["offline"], SIZES["phone"])
    try:
        slider = page.locator(".geo-slider")
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-08'")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-06'")
        for control in page.locator(".geo-timebar button, .geo-timebar input, .geo-panel-toggle").all():
            assert control.get_attribute("aria-label"), control.evaluate("el => el.outerHTML")
        toggle = page.locator(".geo-panel-toggle")
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator(".geo-panel .leaflet-control-layers-list").is_visible()
        assert page.locator(".geo-title").is_hidden()  # the open panel would cover it on a phone
    finally:
        context.close()


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const s = getComputedStyle(el), label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
  return {tag: el.tagName, name: (el.getAttribute('aria-label') || el.getAttribute('title') || label || el.textContent || '').trim(),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          marker: el.classList.contains('leaflet-marker-icon'), cls: el.className.toString(),
          inner: !el.matches(':focus')};  /* focus inside the element's own parts (a date field's picker) */
}"""


def test_every_control_is_reached_by_keyboard_with_a_name_and_a_visible_focus(idlib_files, browser):
    context, page = open_at(browser, idlib_files["offline"], SIZES["laptop"])
    try:
        reached = []
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_JS)
            if focused is None or focused["marker"] or focused["tag"] == "path" or focused["inner"]:
                continue  # the features themselves come after the controls
            reached.append(focused)
        names = [f["name"] for f in reached]
        for expected in ("Zoom in", "Zoom out", "Find a place or feature by name", "Full screen",
                         "Measure distance and area", "Layers and legend", "One day earlier", "Play", "Date",
                         "Go to date", "Credits and sources"):
            assert expected in names, (expected, names)
        assert any(n.startswith("Coordinates as") for n in names)
        for focused in reached:
            assert focused["name"], focused
            assert focused["outline"], f"no visible focus on {focused}"
    finally:
        context.close()


@pytest.mark.parametrize("device", list(SIZES))
def test_labels_never_pile_and_the_basemap_lies_under_the_whole_map(device, idlib_files, browser):
    """At the opening view and two zooms in: no two labels overlap, no label lies over another
    feature's symbol (or a post's status chip), the offline basemap lies under at least 99% of the
    map, and labels are shown (villages too, once the zoom gives them room)."""
    context, page = open_at(browser, idlib_files["offline"], SIZES[device])
    try:
        settled(page)
        first = page.evaluate(f"{MAP_JS}.getZoom()")
        seen = set()
        for zoom in (first, first + 1, first + 2):
            done = page.evaluate(f"""z => {{ const m = {MAP_JS}; m.setZoom(z, {{animate: false}});
                                          return Number(m.getContainer().dataset.geoLabels || 0); }}""", zoom)
            page.wait_for_function(f"n => Number({MAP_JS}.getContainer().dataset.geoLabels || 0) > n", arg=done - 1)
            settled(page)
            scene = page.evaluate(SCENE_JS)
            labels, symbols = scene["labels"], scene["symbols"]
            assert scene["zoom"] == zoom and len(labels) >= 10, (device, zoom, len(labels))
            piled = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if overlaps(a, b)]
            assert piled == [], f"labels overlap at {SIZES[device]}, zoom {zoom}: {piled}"
            covering = sorted({(a["text"], s["id"]) for a in labels for s in symbols
                               if s["id"] != a["own"] and overlaps(a, s)})
            assert covering == [], f"labels over symbols at {SIZES[device]}, zoom {zoom}: {covering}"
            assert scene["under"] >= 0.99, f"the basemap lies under {scene['under']:.0%} at zoom {zoom}"
            seen |= {a["text"] for a in labels}
        assert "Idlib" in seen and (device == "phone" or "Saraqeb" in seen)  # a phone zoomed in shows Idlib's side
        assert seen & {"Tell Mannas", "Dadikh", "al-Mastumah", "Binnish", "Kafr Takharim"}  # villages too
    finally:
        context.close()
