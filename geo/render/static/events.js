/* geo: a large point layer from compressed columns (geo/render/columnar.py), drawn on a canvas.
   Zoomed out it is a density grid, zoomed in points; a grid index over the points drawn picks the
   one under the pointer. Popups are built with textContent: no value from data becomes HTML. */
import {geoEl} from './geo.js';
/* Base85 (RFC 1924's alphabet, with < > & written , . :) to bytes: 5 characters per 4 bytes,
   a last group of k + 1 characters for k bytes. */
export var GEO_B85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%:()*+-;,=.?@^_`{|}~';
export function geoUnpack(text) {
  var value = new Uint8Array(128), k;
  for (k = 0; k < 85; k++) { value[GEO_B85.charCodeAt(k)] = k; }
  var full = Math.floor(text.length / 5), rest = text.length % 5, o = 0;
  var out = new Uint8Array(full * 4 + (rest ? rest - 1 : 0));
  for (var g = 0, at = 0; g < full; g++, at += 5) {
    var acc = 0;
    for (k = 0; k < 5; k++) { acc = acc * 85 + value[text.charCodeAt(at + k)]; }
    out[o++] = acc >>> 24; out[o++] = (acc >>> 16) & 255; out[o++] = (acc >>> 8) & 255; out[o++] = acc & 255;
  }
  if (rest) {
    var last = 0;
    for (k = 0; k < 5; k++) { last = last * 85 + (k < rest ? value[text.charCodeAt(full * 5 + k)] : 84); }
    for (k = 0; k < rest - 1; k++) { out[o++] = (last >>> (24 - 8 * k)) & 255; }
  }
  return out;
}

export function geoInflate(packed) {
  var bytes = geoUnpack(packed);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
}

/* Integer columns from byte planes: each int32 split in 4 planes of n bytes, zigzag coded, and
   delta coded when the layout says so. */
export function geoPlanes(bytes, n, layout) {
  var out = {};
  layout.forEach(function (entry, k) {
    var off = k * 4 * n, values = new Int32Array(n), last = 0;
    for (var i = 0; i < n; i++) {
      var z = (bytes[off + i] | (bytes[off + n + i] << 8) | (bytes[off + 2 * n + i] << 16) | (bytes[off + 3 * n + i] << 24)) >>> 0;
      var v = (z >>> 1) ^ -(z & 1);
      if (entry[1]) { last += v; values[i] = last; } else { values[i] = v; }
    }
    out[entry[0]] = values;
  });
  return out;
}

/** A text block: a getter of row i's value, once decoded (a dictionary, as it is or gzip'd, and
   codes, or rows).
   @param {GeoTextBlock} block */
export function geoTextBlock(block, n) {
  if (block.ints !== undefined) {  /* a prefix and a number on every row, shown as the text it was */
    return geoInflate(block.ints).then(function (bytes) {
      var numbers = geoPlanes(bytes, n, [['v', true]]).v;
      return function (i) { return block.prefix + numbers[i]; };
    });
  }
  if (block.dict !== undefined || block.zdict !== undefined) {
    var dict = block.dict !== undefined ? Promise.resolve(JSON.parse(block.dict))
      : geoInflate(block.zdict).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
    return Promise.all([dict, geoInflate(block.codes)]).then(function (both) {
      var values = both[0], codes = geoPlanes(both[1], n, [['c', false]]).c;
      return function (i) { return values[codes[i]]; };
    });
  }
  return geoInflate(block.rows).then(function (bytes) {
    var rows = JSON.parse(new TextDecoder().decode(bytes));
    return function (i) { return rows[i]; };
  });
}

export function geoValueText(value) {
  if (value === null || value === undefined) { return ''; }
  if (Array.isArray(value)) { return value.map(geoValueText).join(', '); }
  return String(value);
}

/* Whether a value is missing, as Python's popups judge it: nothing, empty text or an empty list. */
export function geoBlank(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length) ||
    (typeof value === 'number' && isNaN(value));
}

/* A popup from Python's layout (popups.popup_template: the layout of every popup, with slots)
   and `value(column)`: elements of a missing value dropped (data-geo-if, -unless), values set
   as text (data-geo-text; data-geo-case="capital": first letter capital, as Python writes a type),
   and the sources, which Python wrote as escaped HTML (data-geo-html), as HTML. */
export function geoFillPopup(template, value) {
  var holder = document.createElement('div');
  holder.innerHTML = template;  /* Python's markup, no value from data in it */
  var each = function (attribute, fn) {
    Array.prototype.forEach.call(holder.querySelectorAll('[' + attribute + ']'), function (el) { fn(el, el.getAttribute(attribute)); });
  };
  each('data-geo-if', function (el, name) { if (geoBlank(value(name))) { el.remove(); } });
  each('data-geo-unless', function (el, name) { if (!geoBlank(value(name))) { el.remove(); } });
  each('data-geo-text', function (el, name) {
    var text = geoValueText(value(name));
    el.textContent = el.dataset.geoCase === 'capital' ? text.charAt(0).toUpperCase() + text.slice(1).toLowerCase() : text;
  });
  each('data-geo-html', function (el, name) { el.innerHTML = geoValueText(value(name)); });  /* escaped by popups.source_items */
  return holder.firstChild;
}

/* The colour of a density `level` in [0, 1] on Python's ramp (style.DENSITY_RAMP, shipped as
   data.ramp: light to dark), in equal steps. */
export function geoRampColour(ramp, level) {
  return ramp[Math.max(0, Math.min(ramp.length - 1, Math.floor(level * ramp.length)))];
}

export var GEO_DENSITY_MIN = 4000;  /* more points than this on screen: a density grid instead */
export var GEO_CELL = 12, GEO_PICK = 16, GEO_RADIUS = 4;

/** @param {GeoColumnarData} data */
export function geoColumnarLayer(data) {
  var n = data.count, DAY = 86400000;
  var cols = null, mx = null, my = null, order = [], maxLen = 0;
  var day = null, visible = null, drawn = null, texts = {}, getters = {};
  var canvas = null, pickGrid = null, densityGrid = null, mode = 'points';

  var ready = geoInflate(data.columns).then(function (bytes) {
    cols = geoPlanes(bytes, n, data.layout);
    mx = new Float64Array(n); my = new Float64Array(n);
    var q = data.quantum;
    for (var i = 0; i < n; i++) {
      var lon = (cols.x[i] + data.origin[0]) * q, lat = (cols.y[i] + data.origin[1]) * q;
      var s = Math.sin(Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180);
      mx[i] = lon / 360 + 0.5;
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      if (cols.length[i] > maxLen) { maxLen = cols.length[i]; }
      if (cols.start[i] < 0 || cols.length[i] < 0) { order.push(i); }  /* unbounded: looked at every day */
    }
    select();
  });

  function text(name) {  /* a field's getter, decoded on first use */
    if (!texts[name]) {
      var block = data.text[name];
      texts[name] = block ? geoTextBlock(block, n).then(function (g) { getters[name] = g; return g; }) : Promise.resolve(null);
    }
    return texts[name];
  }
  function idOf(i) { return getters.id ? String(getters.id(i)) : ''; }
  function bound(value) {  /* first index whose start is >= value (starts are sorted) */
    var lo = 0, hi = n;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (cols.start[mid] < value) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  /* The rows shown on the day: those starting in [day - longest span, day] that last until it,
     and the unbounded ones. A step touches only that range of the sorted starts. */
  function select() {
    if (!cols) { return; }
    if (day === null) { visible = null; }
    else {
      var d = day - data.day0, out = [];
      var lo = bound(Math.max(0, d - maxLen)), hi = bound(d + 1);
      for (var i = lo; i < hi; i++) {
        var len = cols.length[i];
        if (len >= 0 && cols.start[i] + len >= d) { out.push(i); }
      }
      order.forEach(function (j) {
        var s = cols.start[j], len = cols.length[j];
        if ((s < 0 || s <= d) && (len < 0 || s < 0 || s + len >= d)) { out.push(j); }
      });
      visible = Int32Array.from(out);
    }
    redraw();
  }

  function redraw() {
    if (!canvas || !layer._map || !cols) { return; }
    var t0 = performance.now(), map = layer._map;
    var size = map.getSize(), ratio = window.devicePixelRatio || 1;
    var topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    canvas.width = size.x * ratio; canvas.height = size.y * ratio;
    canvas.style.width = size.x + 'px'; canvas.style.height = size.y + 'px';
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    var scale = 256 * Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
    var ox = origin.x + topLeft.x, oy = origin.y + topLeft.y;
    var count = visible ? visible.length : n, on = new Int32Array(count), px = new Float32Array(count), py = new Float32Array(count), m = 0;
    for (var k = 0; k < count; k++) {
      var i = visible ? visible[k] : k, x = mx[i] * scale - ox, y = my[i] * scale - oy;
      if (x >= -GEO_RADIUS && y >= -GEO_RADIUS && x <= size.x + GEO_RADIUS && y <= size.y + GEO_RADIUS) {
        on[m] = i; px[m] = x; py[m] = y; m++;
      }
    }
    pickGrid = null; densityGrid = null;
    if (m > GEO_DENSITY_MIN) {
      mode = 'density';
      var gw = Math.ceil(size.x / GEO_CELL), gh = Math.ceil(size.y / GEO_CELL), grid = new Int32Array(gw * gh), top = 0;
      for (var a = 0; a < m; a++) {
        var c = Math.min(gh - 1, Math.max(0, Math.floor(py[a] / GEO_CELL))) * gw + Math.min(gw - 1, Math.max(0, Math.floor(px[a] / GEO_CELL)));
        grid[c]++; if (grid[c] > top) { top = grid[c]; }
      }
      ctx.globalAlpha = 0.8;
      for (var g = 0; g < grid.length; g++) {
        if (!grid[g]) { continue; }
        var level = top > 1 ? Math.log(grid[g]) / Math.log(top) : 1;
        ctx.fillStyle = geoRampColour(data.ramp, level);
        ctx.fillRect((g % gw) * GEO_CELL, Math.floor(g / gw) * GEO_CELL, GEO_CELL - 1, GEO_CELL - 1);
      }
      ctx.globalAlpha = 1;
      densityGrid = {grid: grid, width: gw};
    } else {
      mode = 'points';
      pickGrid = {};
      var colours = data.colour.colours;
      ctx.lineWidth = 1; ctx.strokeStyle = '#1a1a1a';
      for (var cc = 0; cc < colours.length; cc++) {
        ctx.beginPath();
        ctx.fillStyle = colours[cc];
        for (var b = 0; b < m; b++) {
          if (cols.colour[on[b]] !== cc) { continue; }
          ctx.moveTo(px[b] + GEO_RADIUS, py[b]);
          ctx.arc(px[b], py[b], GEO_RADIUS, 0, 2 * Math.PI);
        }
        ctx.fill(); ctx.stroke();
      }
      for (var p = 0; p < m; p++) {
        var key = Math.floor(px[p] / GEO_PICK) + ',' + Math.floor(py[p] / GEO_PICK);
        (pickGrid[key] = pickGrid[key] || []).push(p);
      }
    }
    drawn = {on: on, px: px, py: py, count: m};
    var ms = performance.now() - t0;
    map.getContainer().dataset.geoEventsShown = String(visible ? visible.length : n);
    document.documentElement.dataset.geoEventsReady = '1';
    document.dispatchEvent(new CustomEvent('geo:drawn', {detail: {layer: data.name, shown: visible ? visible.length : n, onScreen: m, mode: mode, ms: ms}}));
  }

  function nearest(point) {  /* the drawn point within GEO_PICK px of the pointer, nearest first */
    if (!pickGrid) { return -1; }
    var cx = Math.floor(point.x / GEO_PICK), cy = Math.floor(point.y / GEO_PICK), best = -1, bestD = 7 * 7;
    for (var dx = -1; dx <= 1; dx++) {
      for (var dy = -1; dy <= 1; dy++) {
        (pickGrid[(cx + dx) + ',' + (cy + dy)] || []).forEach(function (p) {
          var ex = drawn.px[p] - point.x, ey = drawn.py[p] - point.y, d = ex * ex + ey * ey;
          if (d <= bestD) { bestD = d; best = drawn.on[p]; }
        });
      }
    }
    return best;
  }
  function latLngOf(i) {
    var q = data.quantum;
    return L.latLng((cols.y[i] + data.origin[1]) * q, (cols.x[i] + data.origin[0]) * q);
  }
  function allTexts() {
    return Promise.all(data.fields.map(function (f) { return text(f[0]); }));
  }
  var tooltip = L.tooltip({direction: 'top', offset: [0, -6], className: 'geo-events-tip'});
  function onMove(e) {
    var i = nearest(e.containerPoint);
    if (i < 0) { if (layer._map && layer._map.hasLayer(tooltip)) { layer._map.closeTooltip(tooltip); } return; }
    text('name').then(function (name) {
      var tip = geoEl('span', '', name ? geoValueText(name(i)) : '');
      var type = getters[data.category] ? geoValueText(getters[data.category](i)) : '';
      if (type) { geoEl('span', 'geo-tip-type', ' ' + type, tip); }
      tooltip.setLatLng(latLngOf(i)).setContent(tip);
      if (layer._map) { tooltip.addTo(layer._map); }
    });
    text(data.category);
  }
  function onClick(e) {
    if (mode === 'density' && densityGrid) {
      var g = Math.floor(e.containerPoint.y / GEO_CELL) * densityGrid.width + Math.floor(e.containerPoint.x / GEO_CELL);
      var count = densityGrid.grid[g] || 0;
      if (!count) { return; }
      var box = geoEl('div', 'geo-popup');
      geoEl('div', 'geo-popup-kind', data.name, box);
      geoEl('h3', '', count.toLocaleString('en-GB') + (count === 1 ? ' event' : ' events') + ' in this cell', box);
      geoEl('p', 'geo-locnote', 'Zoom in to see each event and open its popup.', box);
      L.popup({maxWidth: 380}).setLatLng(e.latlng).setContent(box).openOn(layer._map);
      return;
    }
    var i = nearest(e.containerPoint);
    if (i < 0) { return; }
    allTexts().then(function () {
      var box = geoFillPopup(data.popup, function (name) { return getters[name] ? getters[name](i) : null; });
      box.dataset.geoId = idOf(i);
      L.popup({maxWidth: 380, minWidth: 240}).setLatLng(latLngOf(i)).setContent(box).openOn(layer._map);
    });
  }

  var Layer = L.Layer.extend({
    onAdd: function (map) {
      if (!map.getPane('geoEvents')) { map.createPane('geoEvents').style.zIndex = 450; }
      canvas = L.DomUtil.create('canvas', 'geo-events-canvas', map.getPane('geoEvents'));
      canvas.style.pointerEvents = 'none';
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', data.name + ': ' + n.toLocaleString('en-GB') + ' features');
      map.on('moveend resize viewreset', redraw);
      map.on('zoomstart', hide);
      map.on('mousemove', onMove);
      map.on('click', onClick);
      redraw();
    },
    onRemove: function (map) {
      map.off('moveend resize viewreset', redraw);
      map.off('zoomstart', hide);
      map.off('mousemove', onMove);
      map.off('click', onClick);
      L.DomUtil.remove(canvas); canvas = null;
      if (map.hasLayer(tooltip)) { map.closeTooltip(tooltip); }
    },
    getBounds: function () { return null; }
  });
  function hide() { if (canvas) { canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height); } }
  var layer = new Layer();
  layer.geoReady = ready;
  layer.geoSetDay = function (iso) {
    day = Math.round(Date.parse(iso + 'T00:00:00Z') / DAY);
    select();
  };
  layer.geoSetStatus = function () {};
  layer.geoPopupById = function (id) {  /* the popup a feature would open, as DOM (tests, search) */
    return ready.then(allTexts).then(function () {
      for (var i = 0; i < n; i++) {
        if (idOf(i) === id) { return geoFillPopup(data.popup, function (name) { return getters[name] ? getters[name](i) : null; }); }
      }
      return null;
    });
  };
  layer.geoShowAll = function () { day = null; select(); };  /* every feature, whatever its days */
  layer.geoDensest = function () {  /* the container point of the fullest density cell (tests) */
    if (!densityGrid) { return null; }
    var g = densityGrid.grid, best = 0;
    for (var k = 1; k < g.length; k++) { if (g[k] > g[best]) { best = k; } }
    return [(best % densityGrid.width + 0.5) * GEO_CELL, (Math.floor(best / densityGrid.width) + 0.5) * GEO_CELL];
  };
  layer.geoShown = function () { return visible ? visible.length : n; };
  (window.geoAllLayers = window.geoAllLayers || []).push(layer);
  return layer;
}

/** Counts per cell and day (geo aggregate): the cells counted on the chosen day, filled darker for
   more on one scale for every day; a click names the cell, the day and its count.
   @param {GeoCountsData} data */
export function geoCountsLayer(data) {
  var DAY = 86400000, cols = null, sizes = null, ring = null, starts = null, day = null, canvas = null, drawn = [];
  var ready = Promise.all([geoInflate(data.columns), geoInflate(data.sizes), geoInflate(data.rings)]).then(function (b) {
    cols = geoPlanes(b[0], data.rows, [['cell', false], ['day', true], ['count', false]]);
    sizes = geoPlanes(b[1], data.cells, [['n', false]]).n;
    ring = geoPlanes(b[2], data.vertices, [['x', true], ['y', true]]);
    starts = new Int32Array(data.cells + 1);
    for (var c = 0; c < data.cells; c++) { starts[c + 1] = starts[c] + sizes[c]; }
    redraw();
  });
  function bound(value) {
    var lo = 0, hi = data.rows;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (cols.day[mid] < value) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  function redraw() {
    if (!canvas || !layer._map || !cols) { return; }
    var t0 = performance.now(), map = layer._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
    var topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    canvas.width = size.x * ratio; canvas.height = size.y * ratio;
    canvas.style.width = size.x + 'px'; canvas.style.height = size.y + 'px';
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    var d = day === null ? null : day - data.day0;
    var lo = d === null ? 0 : bound(d), hi = d === null ? data.rows : bound(d + 1), top = Math.log(Math.max(2, data.top));
    drawn = [];
    ctx.globalAlpha = 0.75; ctx.strokeStyle = 'rgba(80, 40, 0, 0.5)'; ctx.lineWidth = 0.5;
    for (var r = lo; r < hi; r++) {
      var c = cols.cell[r], path = new Path2D();
      for (var v = starts[c]; v < starts[c + 1]; v++) {
        var p = map.latLngToContainerPoint([(ring.y[v]) * data.quantum, (ring.x[v]) * data.quantum]);
        if (v === starts[c]) { path.moveTo(p.x, p.y); } else { path.lineTo(p.x, p.y); }
      }
      path.closePath();
      var level = Math.log(Math.max(1, cols.count[r])) / top;
      ctx.fillStyle = geoRampColour(data.ramp, level);
      ctx.fill(path); ctx.stroke(path);
      drawn.push([path, r]);
    }
    ctx.globalAlpha = 1;
    map.getContainer().dataset.geoEventsShown = String(hi - lo);
    document.documentElement.dataset.geoEventsReady = '1';
    document.dispatchEvent(new CustomEvent('geo:drawn', {detail: {layer: data.name, shown: hi - lo, onScreen: hi - lo, mode: 'cells', ms: performance.now() - t0}}));
  }
  function onClick(e) {
    if (!canvas) { return; }
    var ctx = canvas.getContext('2d');
    for (var k = drawn.length - 1; k >= 0; k--) {
      if (!ctx.isPointInPath(drawn[k][0], e.containerPoint.x * (window.devicePixelRatio || 1), e.containerPoint.y * (window.devicePixelRatio || 1))) { continue; }
      var r = drawn[k][1], box = geoEl('div', 'geo-popup');
      geoEl('div', 'geo-popup-kind', data.name, box);
      geoEl('h3', '', cols.count[r].toLocaleString('en-GB') + (cols.count[r] === 1 ? ' event' : ' events'), box);
      var table = geoEl('table', '', null, box), row = function (label, text) {
        var tr = geoEl('tr', '', null, table); geoEl('th', '', label, tr); geoEl('td', '', text, tr);
      };
      row('Cell', data.ids[cols.cell[r]]);
      row('Day', new Date((cols.day[r] + data.day0) * DAY).toISOString().slice(0, 10));
      geoEl('p', 'geo-locnote', data.method, box);
      L.popup({maxWidth: 380}).setLatLng(e.latlng).setContent(box).openOn(layer._map);
      return;
    }
  }
  var Layer = L.Layer.extend({
    onAdd: function (map) {
      if (!map.getPane('geoEvents')) { map.createPane('geoEvents').style.zIndex = 450; }
      canvas = L.DomUtil.create('canvas', 'geo-events-canvas', map.getPane('geoEvents'));
      canvas.style.pointerEvents = 'none';
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', data.name);
      map.on('moveend resize viewreset', redraw);
      map.on('click', onClick);
      redraw();
    },
    onRemove: function (map) {
      map.off('moveend resize viewreset', redraw);
      map.off('click', onClick);
      L.DomUtil.remove(canvas); canvas = null;
    }
  });
  var layer = new Layer();
  layer.geoReady = ready;
  layer.geoSetDay = function (iso) { day = Math.round(Date.parse(iso + 'T00:00:00Z') / DAY); redraw(); };
  layer.geoSetStatus = function () {};
  return layer;
}
