/* Labels placed, never piled: every name on the map (places, and the offline basemap's names) is
   placed by one layout after each move, zoom, resize, date change or layer switch. In order of
   rank (cities before crossings, towns, villages, then the basemap's names), each label takes the
   first of eight positions around its symbol that the map holds, that covers no symbol (posts,
   units and their status chips included) and no label placed before it; a label with no such
   position is hidden until the view gives it room. When a layout is done the map's container
   carries data-geo-labels="<layouts done>", and data-geo-labels-pending while one is due
   (what tests wait for). */

export var GEO_LABEL_GAPS = [3, 10];  /* px between a label and its symbol: near, else a little farther */

/* A label's box at each position around an anchor box a (container pixels), best first: the
   eight positions beside, above and below it, then the same a little farther out. */
export function geoLabelBoxes(a, w, h) {
  var out = [];
  GEO_LABEL_GAPS.forEach(function (g) {
    var cy = (a.y0 + a.y1) / 2, cx = (a.x0 + a.x1) / 2;
    [[a.x1 + g, cy - h / 2], [a.x0 - g - w, cy - h / 2], [cx - w / 2, a.y0 - g - h], [cx - w / 2, a.y1 + g],
     [a.x1 + g, a.y0 - h - g / 2], [a.x1 + g, a.y1 + g / 2], [a.x0 - g - w, a.y0 - h - g / 2], [a.x0 - g - w, a.y1 + g / 2]]
      .forEach(function (p) { out.push({x0: p[0], y0: p[1], x1: p[0] + w, y1: p[1] + h}); });
  });
  return out;
}

export function geoBoxesMeet(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* The label manager of a map (one per map): add({latlng, text, rank, className, marker,
   minZoom, centred}) and it is placed with the rest. */
export function geoLabels(map) {
  if (map.geoLabels) { return map.geoLabels; }
  var pane = map.createPane('geoLabels');
  pane.style.zIndex = 640;
  pane.style.pointerEvents = 'none';
  var items = [], pending = false, done = 0;
  var container = map.getContainer();

  function shown(item) {
    if (item.minZoom && map.getZoom() < item.minZoom) { return false; }
    if (item.group && !map.hasLayer(item.group)) { return false; }
    return !item.marker || Boolean(item.marker._icon && item.marker._map);
  }
  /* a marker's box: its symbol and what is drawn beside it (a status chip) */
  function boxOf(el, origin) {
    var boxes = [el].concat(Array.prototype.slice.call(el.querySelectorAll('svg, .geo-amp')));
    var out = null;
    boxes.forEach(function (child) {
      var r = child.getBoundingClientRect();
      if (!r.width || !r.height) { return; }
      var b = {x0: r.left - origin.left, y0: r.top - origin.top, x1: r.right - origin.left, y1: r.bottom - origin.top};
      out = out ? {x0: Math.min(out.x0, b.x0), y0: Math.min(out.y0, b.y0), x1: Math.max(out.x1, b.x1),
                   y1: Math.max(out.y1, b.y1)} : b;
    });
    return out;
  }
  function layout() {
    pending = false;
    delete container.dataset.geoLabelsPending;
    var origin = container.getBoundingClientRect(), size = map.getSize();
    var symbols = [];
    Array.prototype.forEach.call(map.getPane('markerPane').querySelectorAll('.leaflet-marker-icon'), function (el) {
      var b = boxOf(el, origin);
      if (b) { symbols.push({el: el, box: b}); }
    });
    var placed = [];
    items.forEach(function (item) {
      item.el.style.display = 'none';
      if (!shown(item)) { return; }
      var own = item.marker ? item.marker._icon : null;
      var anchor = null;
      if (own) {
        var mine = symbols.filter(function (s) { return s.el === own; })[0];
        anchor = mine ? mine.box : null;
      }
      if (!anchor) {
        var p = map.latLngToContainerPoint(item.latlng);
        anchor = {x0: p.x - 2, y0: p.y - 2, x1: p.x + 2, y1: p.y + 2};
      }
      if (anchor.x1 < 0 || anchor.y1 < 0 || anchor.x0 > size.x || anchor.y0 > size.y) { return; }
      if (!item.w) {
        item.el.style.display = ''; item.w = item.el.offsetWidth; item.h = item.el.offsetHeight; item.el.style.display = 'none';
      }
      var boxes = item.centred ? [{x0: (anchor.x0 + anchor.x1 - item.w) / 2, y0: (anchor.y0 + anchor.y1 - item.h) / 2,
                                   x1: (anchor.x0 + anchor.x1 + item.w) / 2, y1: (anchor.y0 + anchor.y1 + item.h) / 2}]
                               : geoLabelBoxes(anchor, item.w, item.h);
      var box = boxes.filter(function (b) {
        return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= size.x && b.y1 <= size.y &&
          !placed.some(function (q) { return geoBoxesMeet(b, q); }) &&
          !symbols.some(function (s) { return s.el !== own && geoBoxesMeet(b, s.box); });
      })[0];
      if (!box) { return; }
      placed.push(box);
      item.el.style.display = '';
      if (own) { item.el.dataset.geoFor = own.dataset.geoId || ''; }
      L.DomUtil.setPosition(item.el, map.containerPointToLayerPoint([box.x0, box.y0]));
    });
    done += 1;
    container.dataset.geoLabels = String(done);
  }
  function schedule() {
    if (pending) { return; }
    pending = true;
    container.dataset.geoLabelsPending = '1';
    setTimeout(layout, 0);
  }
  map.on('zoomstart', function () { pane.style.visibility = 'hidden'; });
  map.on('zoomend', function () { pane.style.visibility = ''; });
  map.on('moveend zoomend resize layeradd layerremove', schedule);
  map.geoLabels = {
    add: function (item) {
      item.el = L.DomUtil.create('div', 'geo-placed-label ' + (item.className || ''), pane);
      item.el.textContent = item.text;
      item.el.style.display = 'none';
      items.push(item);
      items.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
      schedule();
      return item;
    },
    order: function () { return items.length; },
    schedule: schedule,
    /* the labels shown now, in container pixels: what the tests hold to "never piled" */
    boxes: function () {
      var origin = container.getBoundingClientRect();
      return items.filter(function (i) { return i.el.style.display !== 'none'; }).map(function (i) {
        var r = i.el.getBoundingClientRect();
        return {text: i.text, own: i.marker && i.marker._icon ? i.marker._icon.dataset.geoId || null : null,
                x0: r.left - origin.left, y0: r.top - origin.top, x1: r.right - origin.left,
                y1: r.bottom - origin.top};
      });
    }
  };
  return map.geoLabels;
}
