/* geo: draws the layers Python prepared. All text arrives as escaped HTML or is set as text. */
import {geoLabels} from './labels.js';
import {geoHashGet, geoHashSet} from './tools.js';
import {geoCompare} from './compare.js';
export function geoEscape(text) {
  var div = document.createElement('div');
  div.textContent = text == null ? '' : String(text);
  return div.innerHTML;
}

export function geoShownOn(props, day) {
  return (!props.from || props.from <= day) && (!props.to || day <= props.to);
}

/** @param {GeoFeatureLayerData} data */
export function geoFeatureLayer(data) {
  var group = L.featureGroup();
  var entries = [];
  var features = L.geoJSON(data.geojson, {
    /** @param {GeoLayerFeature} feature */
    pointToLayer: function (feature, latlng) {
      var s = data.symbols[feature.properties.symbol];
      var marker = L.marker(latlng, {icon: geoIcon(s, ''), riseOnHover: true});
      marker.geoSymbol = s;  /* its own symbol; geoLook: the one shown (a status variant), geoClass, geoStack */
      marker.geoLabel = function () {
        var el = marker.getElement();
        if (!el) { return; }
        el.dataset.geoId = feature.properties.id;
        el.geoMarker = marker;  /* what a click on symbols drawn over each other lists (geoChooser) */
        el.setAttribute('role', 'button');  /* reachable by keyboard, named (as text) for screen readers */
        if (feature.properties.names && feature.properties.names.length) { el.setAttribute('aria-label', String(feature.properties.names[0])); }
      };
      marker.on('add', marker.geoLabel);
      if (feature.properties.label) {  /* its name, placed with every other label (labels.js) */
        marker.on('add', function () {
          var labels = geoLabels(marker._map);
          if (!marker.geoNameLabel) {
            marker.geoNameLabel = labels.add({latlng: latlng, text: feature.properties.label, marker: marker,
                                              rank: feature.properties.rank || 0, order: labels.order(),
                                              className: 'geo-place-label'});
          }
        });
      }
      return marker;
    },
    /** @param {GeoLayerFeature} feature */
    style: function (feature) { return data.styles[feature.properties.style]; },
    /** @param {GeoLayerFeature} feature */
    onEachFeature: function (feature, layer) {
      var entry = {layer: layer, props: feature.properties, circle: null, shown: true};
      layer.bindTooltip(feature.properties.tooltip, {sticky: feature.geometry.type !== 'Point'});
      layer.bindPopup(feature.properties.popup, {maxWidth: 380, minWidth: 240});
      if (layer instanceof L.Marker) {  /* a click on symbols drawn over each other lists them all */
        layer.off('click', layer._openPopup, layer);
        layer.on('click', function (e) { geoChooser(layer, e); });
      }
      if (feature.properties.precision) {
        var xy = feature.geometry.coordinates;
        entry.circle = L.circle([xy[1], xy[0]], L.extend({}, data.precisionStyle, {
          radius: feature.properties.precision, interactive: false, className: 'geo-precision'
        })).addTo(group);
      }
      entries.push(entry);
    }
  });
  features.addTo(group);
  group.geoEntries = entries;  /* what the search box looks through */
  if (data.kind === 'zone' || data.kind === 'route') { group.geoOutline = data.geojson; }  /* the overview */
  (window.geoAllLayers = window.geoAllLayers || []).push(group);
  geoRestack(entries);

  /* Show only the features that exist on `day` (ISO date). */
  group.geoSetDay = function (day) {
    entries.forEach(function (e) {
      var show = geoShownOn(e.props, day);
      if (show === e.shown) { return; }
      e.shown = show;
      if (show) { features.addLayer(e.layer); } else { features.removeLayer(e.layer); }
      if (e.circle) { if (show) { group.addLayer(e.circle); } else { group.removeLayer(e.circle); } }
    });
    geoRestack(entries);
  };
  /** Mark posts with their derived status (state.status: {id: [status, since, orBefore, certain,
     frontKm]}) and places with who held them (state.control: {id: [side id, inferred]}); cfg:
     {sides: {side id: label}, history: {post id: [[since, since as text, spell as text]]},
     months}. Their popups lead with it (geoPopupLeading).
     @param {GeoTimelineConfig} cfg */
  group.geoSetStatus = function (state, day, cfg) {
    cfg = cfg || {};
    if (data.hasControl) { geoSetControl(entries, state.control || {}, day, cfg); }
    if (!data.hasStatus) { return; }
    var status = state.status;
    entries.forEach(function (e) {
      var s = geoOwn(status, e.props.id);
      if (!s || !e.layer.geoSymbol) { return; }
      e.layer.geoLook = geoStatusSymbol(e.layer.geoSymbol, s[0]);
      e.layer.geoClass = 'geo-status-' + s[0].replace(/ /g, '-');
      e.layer.setZIndexOffset(e.layer.geoLook !== e.layer.geoSymbol ? 1000 : 0);  /* a status shown above the rest */
      geoRedraw(e.layer);
      geoPopupLeading(e, function (slot) {
        geoStatusBlock(slot, s, day, geoOwn(cfg.history, e.props.id) || [], cfg.months);
      });
    });
  };
  return group;
}

/* The symbols drawn over a third or more of the clicked one: none, and its popup opens at once;
   some, and they are all listed in one popup (names set as text), each opening its own, so that a
   unit under an event's symbol can still be reached (a post over its town's dot opens at once). */
export function geoChooser(marker, e) {
  var map = marker._map, el = marker._icon;
  if (!map || !el) { return; }
  var r = el.getBoundingClientRect(), hits = [];
  Array.prototype.forEach.call(map.getPane('markerPane').querySelectorAll('.leaflet-marker-icon'), function (other) {
    if (!other.geoMarker) { return; }
    var q = other.getBoundingClientRect();
    var w = Math.min(r.right, q.right) - Math.max(r.left, q.left), h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
    if (other === el || (w > 0 && h > 0 && w * h >= r.width * r.height / 3)) { hits.push(other.geoMarker); }
  });
  if (hits.length < 2) { marker.openPopup(); return; }
  var box = L.DomUtil.create('div', 'geo-popup geo-chooser');
  L.DomUtil.create('div', 'geo-popup-kind', box).textContent = hits.length + ' symbols here';
  var list = L.DomUtil.create('ul', '', box);
  hits.forEach(function (m) {
    var b = L.DomUtil.create('button', 'geo-chooser-item', L.DomUtil.create('li', '', list));
    b.type = 'button';
    var tip = m.getTooltip() ? m.getTooltip().getContent() : '';
    var div = document.createElement('div');
    div.innerHTML = typeof tip === 'string' ? tip : '';  /* our escaped tooltip HTML, read back as text */
    b.textContent = (m._icon && m._icon.getAttribute('aria-label')) || div.textContent || 'Feature';
    L.DomEvent.on(b, 'click', function (ev) { L.DomEvent.stop(ev); map.closePopup(); m.openPopup(); });
  });
  L.popup({maxWidth: 300, minWidth: 180}).setLatLng(marker.getLatLng()).setContent(box).openOn(map);
}

/* A marker's icon drawn again: its look (a status variant, else its symbol), class and place
   in a stack, with its id and name kept on the new element. */
export function geoRedraw(marker) {
  marker.setIcon(geoIcon(marker.geoLook || marker.geoSymbol, marker.geoClass || '', marker.geoStack || 0));
  marker.geoLabel();
  if (marker._map && marker._map.geoLabels) { marker._map.geoLabels.schedule(); }  /* its box changed */
}

/* Symbols shown at the same point on the day (units a report places at one town) are drawn a
   step apart, each clickable; their precision circles and popups stay at the point. */
export function geoRestack(entries) {
  var seen = Object.create(null);
  entries.forEach(function (e) {
    if (!e.shown || !e.layer.geoSymbol || !e.layer.geoSymbol.anchor) { return; }
    var ll = e.layer.getLatLng(), key = ll.lat.toFixed(6) + ',' + ll.lng.toFixed(6);
    var n = seen[key] = key in seen ? seen[key] + 1 : 0;
    if (n !== (e.layer.geoStack || 0)) { e.layer.geoStack = n; geoRedraw(e.layer); }
  });
}

/** Each state carries only the places whose side changed since the previous one (controlChanges,
   null: no longer known); the whole map of every state (place: [side id, inferred]), once, at load.
   @param {Array<GeoState>} states */
export function geoUnfoldControl(states) {
  var running = Object.create(null);
  return states.map(function (state) {
    var changes = state.controlChanges || {};
    Object.keys(changes).forEach(function (place) {
      if (changes[place] === null) { delete running[place]; } else { running[place] = changes[place]; }
    });
    var whole = Object.create(null);
    Object.keys(running).forEach(function (place) { whole[place] = running[place]; });
    return whole;
  });
}

/** A place's popup leads with who held it on the day: reported, or inferred from the areas around it.
   @param {GeoTimelineConfig} cfg */
export function geoSetControl(entries, control, day, cfg) {
  entries.forEach(function (e) {
    var c = geoOwn(control, e.props.id);
    geoPopupLeading(e, c ? function (slot) {
      var head = geoEl('p', 'geo-now-head', geoDayText(day, cfg.months) + ': held by ', slot);
      geoEl('b', '', geoOwn(cfg.sides, c[0]) || c[0], head);
      if (c[1]) {
        geoEl('p', 'geo-locnote', 'Inferred: no report names it on this day; the side whose estimated area it lies in.', slot);
      } else {
        head.appendChild(document.createTextNode(' (reported)'));
      }
    } : null);
  });
}

/* obj[key] if obj has it as its own (ids are data: '__proto__' is a key like any other), else null. */
export function geoOwn(obj, key) {
  return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null;
}

/* An element with text (set as text), appended to parent. */
export function geoEl(tag, className, text, parent) {
  var el = document.createElement(tag);
  if (className) { el.className = className; }
  if (text !== undefined && text !== null) { el.textContent = text; }
  if (parent) { parent.appendChild(el); }
  return el;
}

/* Days since 1970-01-01 (UTC) of an ISO day, and back: the date bar's arithmetic, and
   Python's (geo/render/columnar.py counts days from the same epoch). */
export var GEO_DAY_MS = 86400000;
export function geoDays(iso) { return Math.round(Date.parse(iso + 'T00:00:00Z') / GEO_DAY_MS); }
export function geoIso(days) { return new Date(days * GEO_DAY_MS).toISOString().slice(0, 10); }

/* '7 Feb 2020': a day (ISO) written as Python writes the days it ships (geo.derive.posts.day_text),
   with the month names it ships (cfg.months). */
export function geoDayText(iso, months) {
  var p = String(iso).split('-');
  return months && months.length === 12 ? parseInt(p[2], 10) + ' ' + months[parseInt(p[1], 10) - 1] + ' ' + p[0] : String(iso);
}

/* The popup leads with the day: `fill` writes the day's block (as text) into the empty slot at the
   top of Python's popup (div.geo-now; null `fill`: left empty); what it is, who, numbers and
   sources follow as Python made them (escaped). Built when the popup opens, and again when the day
   changes while it is open. */
export function geoPopupLeading(e, fill) {
  if (!fill && !e.geoLeading) { return; }  /* nothing to say, and nothing said before */
  e.geoLeading = !!fill;
  e.layer.setPopupContent(function () {
    var holder = document.createElement('div');
    holder.innerHTML = e.props.popup;
    var slot = holder.querySelector('.geo-now');
    if (slot && fill) { fill(slot); }
    return holder.firstChild || holder;
  });
}

/** A post's block: '7 Feb 2020: SURROUNDED since 26 Jan 2020', km to the front, how sure, and its
   history of spells (geo.derive.posts.spells, as Python wrote them), the current one marked.
   @param {GeoPostStatus} s */
export function geoStatusBlock(slot, s, day, history, months) {
  var current = null;
  history.forEach(function (h) { if (h[0] === s[1]) { current = h; } });
  var head = geoEl('p', 'geo-now-head', geoDayText(day, months) + ': ', slot);
  geoEl('b', 'geo-now-status', s[0], head);
  if (s[1]) { head.appendChild(document.createTextNode(' since ' + (current ? current[1] : s[1]))); }
  var facts = [];
  if (s[4] !== null) { facts.push(s[4] + ' km from the front'); }
  if (!s[3]) { facts.push('placed less precisely than its distance to the front: it may be on either side'); }
  if (facts.length) { geoEl('p', '', facts.join(' · '), slot); }
  geoEl('p', 'geo-locnote', 'Derived from the estimated areas of control.', slot);
  if (history.length > 1) {
    var box = geoEl('div', 'geo-history', null, slot);
    geoEl('b', '', 'History', box);
    var list = geoEl('ul', '', null, box);
    history.forEach(function (h) {
      var item = geoEl('li', h === current ? 'geo-spell-now' : '', h[2], list);
      if (h === current) { item.setAttribute('aria-current', 'true'); }
    });
  }
}

/** A marker icon: a square symbol of s.size px centred on the point, or a military symbol of
   s.size [width, height] whose point is s.anchor [x, y]; `stack` moves it aside (below).
   @param {GeoSymbol} s */
export function geoIcon(s, extraClass, stack) {
  var size = Array.isArray(s.size) ? s.size : [s.size, s.size];
  var anchor = s.anchor || [size[0] / 2, size[1] / 2];
  /* the n-th symbol at the same point is drawn n steps to the lower right, so each can be
     clicked; its precision circle and popup stay at the point */
  if (stack) { anchor = [anchor[0] - 0.6 * size[0] * stack, anchor[1] - 0.4 * size[1] * stack]; }
  return L.divIcon({
    html: s.html, className: 'geo-marker ' + s.className + (extraClass ? ' ' + extraClass : ''),
    iconSize: size, iconAnchor: anchor,
    popupAnchor: [0, -anchor[1]], tooltipAnchor: [size[0] - anchor[0], 0]
  });
}

/** The symbol a post shows with its status: its own variant (an amplifier) where it has one.
   @param {GeoSymbol} s */
export function geoStatusSymbol(s, status) {
  var v = s.variants && Object.prototype.hasOwnProperty.call(s.variants, status) ? s.variants[status] : null;
  return v ? L.extend({}, v, {className: s.className}) : s;
}

/* A layer whose features are replaced by the date control: areas of control, front lines. */
export function geoStateLayer() {
  var group = L.featureGroup();
  group.geoShow = function (collection) {
    group.clearLayers();
    L.geoJSON(collection, {
      /** @param {GeoStateFeature} feature */
      style: function (feature) { return feature.properties.style; },
      /** @param {GeoStateFeature} feature */
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.tooltip, {sticky: true});
        layer.bindPopup(feature.properties.popup, {maxWidth: 380, minWidth: 240});
        if (feature.properties.flot) { geoFlot(layer, feature.properties.flot.toward); }
      }
    }).eachLayer(function (layer) { group.addLayer(layer); });
    group.geoShown = collection;
    group.fire('geoshown', {collection: collection});  /* the overview redraws the day's areas */
  };
  (window.geoStateLayers = window.geoStateLayers || []).push(group);
  return group;
}

/* Draw a line as a forward line of own troops: semicircles along it, bulging to its `toward`
   side ('left' or 'right' of the way it runs), recomputed in pixels at every zoom. */
export function geoFlot(layer, toward) {
  var sweep = toward === 'left' ? 1 : 0, radius = 5, gap = 3;
  layer._updatePath = function () {
    if (!this._renderer || !this._renderer._setPath) { return L.Polyline.prototype._updatePath.call(this); }
    var d = this._parts.map(function (points) { return geoScallops(points, radius, gap, sweep); }).join(' ');
    this._renderer._setPath(this, d || 'M0 0');
  };
  if (layer._map) { layer.redraw(); }
}

/* An SVG path along `points` (pixels): arcs of diameter 2r joined by straight gaps. */
export function geoScallops(points, r, gap, sweep) {
  if (points.length < 2) { return ''; }
  var cum = [0];
  for (var i = 1; i < points.length; i++) { cum.push(cum[i - 1] + points[i].distanceTo(points[i - 1])); }
  var total = cum[cum.length - 1], seg = 1;
  function at(s) {
    while (seg < points.length - 1 && cum[seg] < s) { seg++; }
    while (seg > 1 && cum[seg - 1] > s) { seg--; }
    var a = points[seg - 1], b = points[seg], len = cum[seg] - cum[seg - 1] || 1, t = (s - cum[seg - 1]) / len;
    return L.point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
  }
  function xy(p) { return p.x.toFixed(1) + ' ' + p.y.toFixed(1); }
  var d = 'M' + xy(points[0]), s = 0, vertex = 1;
  function lineTo(upTo) {  /* straight, through the vertices passed on the way */
    while (vertex < points.length - 1 && cum[vertex] < upTo) { d += 'L' + xy(points[vertex]); vertex++; }
    d += 'L' + xy(at(upTo));
  }
  while (s + 2 * r <= total) {
    lineTo(s);
    var end = at(s + 2 * r);
    d += 'A' + r + ' ' + r + ' 0 0 ' + sweep + ' ' + xy(end);
    while (vertex < points.length - 1 && cum[vertex] <= s + 2 * r) { vertex++; }
    s += 2 * r + gap;
  }
  lineTo(total);
  return d;
}

/** One panel for layers and legend: each layer's toggle with its own legend entries under it, closed
   by default on narrow screens, scrollable; and the whole legend, kept for the report layout
   (print, geo export), which shows it beside the map. html and perLayer arrive escaped.
   @param {string} others */
export function geoLegend(map, control, perLayer, others) {
  var sections = perLayer.map(function (entry) { return '<section><h4>' + entry[1] + '</h4>' + entry[2] + '</section>'; });
  if (sections.length || others) {
    var legend = L.DomUtil.create('div', 'geo-legend', map.getContainer().parentNode);
    legend.innerHTML = '<details open><summary>Legend</summary>' + sections.join('') + (others || '') + '</details>';
  }
  if (!control) { return; }
  var entries = {};
  perLayer.forEach(function (entry) { entries[L.stamp(entry[0])] = entry[2]; });
  var addItem = control._addItem;
  control._addItem = function (obj) {
    var label = addItem.call(this, obj);
    var items = entries[L.stamp(obj.layer)];
    if (items && label) {
      var div = L.DomUtil.create('div', 'geo-panel-legend');
      div.innerHTML = items;
      label.parentNode.insertBefore(div, label.nextSibling);
    }
    return label;
  };
  control._update();
  map.geoLayerControl = control;
  if (others) {
    var more = L.DomUtil.create('div', 'geo-panel-legend geo-panel-more', control.getContainer().querySelector('.leaflet-control-layers-list'));
    more.innerHTML = others;
  }
  geoPanel(map, control);
  geoFitPopups(map);
}

/* Popups open clear of every control and fit the map: autoPan padding from where the controls are
   when the popup opens, a width and height the map can hold (the content scrolls beyond that). */
export function geoFitPopups(map) {
  function shown(el) {
    if (!el || !el.getClientRects().length) { return null; }
    var r = el.getBoundingClientRect();
    return r.width && r.height ? r : null;
  }
  map.on('popupopen', function (e) {
    var popup = e.popup, size = map.getSize(), box = map.getContainer().getBoundingClientRect();
    var gap = 8, left = gap, top = gap, right = gap, bottom = gap;
    var corner = function (selector) {
      return Array.prototype.map.call(map.getContainer().querySelectorAll(selector), shown).filter(Boolean);
    };
    corner('.leaflet-top.leaflet-left .leaflet-control').forEach(function (r) { left = Math.max(left, r.right - box.left + gap); });
    corner('.geo-title, .leaflet-top.leaflet-right .leaflet-control').forEach(function (r) { top = Math.max(top, r.bottom - box.top + gap); });
    corner('.leaflet-top.leaflet-right .leaflet-control').forEach(function (r) { right = Math.max(right, box.right - r.left + gap); });
    corner('.leaflet-bottom .leaflet-control').forEach(function (r) { bottom = Math.max(bottom, box.bottom - r.top + gap); });
    /* a corner control taller than a third of the map (an open panel) narrows it, not shortens it */
    if (top > size.y / 3) { top = gap; corner('.geo-title').forEach(function (r) { top = Math.max(top, r.bottom - box.top + gap); }); }
    popup.options.autoPanPaddingTopLeft = L.point(left, top);
    popup.options.autoPanPaddingBottomRight = L.point(right, bottom);
    popup.options.maxWidth = Math.max(160, Math.min(380, size.x - left - right - 24));
    popup.options.minWidth = Math.min(240, popup.options.maxWidth);
    popup.options.maxHeight = Math.max(120, size.y - top - bottom - 40);
    popup.update();
  });
}

/* The layer control as a collapsible panel: a button with an accessible name opens and closes it;
   its list scrolls within the map; on narrow maps it starts closed and, open, hides the title. */
export function geoPanel(map, control) {
  var box = control.getContainer(), list = box.querySelector('.leaflet-control-layers-list');
  box.classList.add('geo-panel');
  L.DomEvent.disableScrollPropagation(box);
  var toggle = L.DomUtil.create('button', 'geo-panel-toggle');
  toggle.type = 'button';
  toggle.textContent = 'Layers';
  toggle.setAttribute('aria-label', 'Layers and legend');
  list.id = list.id || 'geo-panel-list-' + L.stamp(box);
  toggle.setAttribute('aria-controls', list.id);
  box.insertBefore(toggle, box.firstChild);
  function narrow() { return map.getSize().x < 768; }
  function fit() {  /* down to the controls in the corner below it (the credits) */
    var below = map._controlCorners && map._controlCorners.bottomright;
    var reserve = below ? below.offsetHeight : 0;
    list.style.maxHeight = Math.max(120, map.getSize().y - 30 - toggle.offsetHeight - reserve) + 'px';
  }
  function setOpen(open) {
    box.classList.toggle('geo-panel-closed', !open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    map.getContainer().classList.toggle('geo-panel-covers-title', open && narrow());
    fit();
  }
  toggle.onclick = function () { setOpen(box.classList.contains('geo-panel-closed')); };
  map.on('resize', fit);
  setOpen(!narrow());
  map.geoPanel = box;
  map.geoPanelFit = fit;  /* again when what lies below it changes (the credits) */
}

/** @param {string} title @param {string} subtitle */
export function geoTitle(map, title, subtitle) {
  var box = L.DomUtil.create('div', 'geo-title', map.getContainer());
  var heading = L.DomUtil.create('h1', '', box);
  heading.textContent = title;
  if (subtitle) {
    var note = L.DomUtil.create('p', '', box);
    note.textContent = subtitle;
  }
}

/** The date control. cfg: {start, end, initial, areas: [fc], fronts: [fc], states: [{date, areas, status}]}.
   @param {GeoTimelineConfig} cfg */
export function geoTimeline(map, cfg, layers, areasLayer, frontsLayer) {
  var DAY = GEO_DAY_MS, toDays = geoDays, toIso = geoIso;
  var first = toDays(cfg.start), last = toDays(cfg.end);
  var current = null, shownState = -1, timer = null;
  var controls = geoUnfoldControl(cfg.states);  /* who held each place, per state */
  [cfg.areas, cfg.fronts].forEach(function (list) {  /* each distinct shape travels once (cfg.shapes) */
    list.forEach(function (collection) {
      collection.features.forEach(function (f) {
        if (typeof f.geometry === 'number') { f.geometry = cfg.shapes.geometry[f.geometry]; }
        if (typeof f.properties.popup === 'number') { f.properties.popup = cfg.shapes.popup[f.properties.popup]; }
      });
    });
  });

  /* The date bar spans the page's width below the map, so it covers nothing. */
  var bar = L.DomUtil.create('div', 'geo-timebar');
  map.getContainer().parentNode.insertBefore(bar, map.getContainer());  /* first for the keyboard */
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Date of the situation shown');
  document.body.classList.add('geo-has-timebar');
  map.invalidateSize({pan: false});
  /* drawn, not font glyphs: ⏸ is in no font Debian installs by default */
  var svg = function (body) {
    return '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" ' +
      'focusable="false" fill="currentColor">' + body + '</svg>';
  };
  var ICONS = {back: svg('<path d="M10.5 2.5 5 8l5.5 5.5" fill="none" stroke="currentColor" stroke-width="2"/>'),
               next: svg('<path d="M5.5 2.5 11 8l-5.5 5.5" fill="none" stroke="currentColor" stroke-width="2"/>'),
               play: svg('<path d="M4 2v12l10-6z"/>'), pause: svg('<path d="M3.5 2h3.2v12H3.5zM9.3 2h3.2v12H9.3z"/>')};
  function setButton(b, icon, title) { b.innerHTML = ICONS[icon]; b.title = title; b.setAttribute('aria-label', title); }
  var button = function (icon, title) {
    var b = L.DomUtil.create('button', '', bar);
    b.type = 'button'; setButton(b, icon, title);
    return b;
  };
  ICONS.previousChange = svg('<path d="M3 2.5v11" stroke="currentColor" stroke-width="2"/><path d="M13 2.5 5.5 8l7.5 5.5z"/>');
  ICONS.nextChange = svg('<path d="M13 2.5v11" stroke="currentColor" stroke-width="2"/><path d="M3 2.5 10.5 8 3 13.5z"/>');
  var earlier = button('previousChange', 'Previous change (Page Down)');
  var back = button('back', 'One day earlier');
  var play = button('play', 'Play');
  play.className = 'geo-play';
  var next = button('next', 'One day later');
  var later = button('nextChange', 'Next change (Page Up)');
  earlier.className = later.className = 'geo-jump';
  /* where time is: a bar per day with changes of control (dark) and events (light) above the slider */
  var track = L.DomUtil.create('div', 'geo-track', bar);
  var activity = cfg.activity || [];
  var busy = activity.map(function (a) { return toDays(a[0]); });
  if (activity.length) {
    var most = Math.max.apply(null, activity.map(function (a) { return a[1] + a[2]; }).concat([1]));
    var span = Math.max(1, last - first + 1), rects = [];
    activity.forEach(function (a) {
      var x = toDays(a[0]) - first, h1 = 10 * Math.sqrt(a[1] / most), h2 = 10 * Math.sqrt((a[1] + a[2]) / most);
      if (a[2]) { rects.push('<rect class="geo-track-events" x="' + x + '" y="' + (10 - h2).toFixed(2) + '" width="1" height="' + h2.toFixed(2) + '"/>'); }
      if (a[1]) { rects.push('<rect class="geo-track-changes" x="' + x + '" y="' + (10 - h1).toFixed(2) + '" width="1" height="' + h1.toFixed(2) + '"/>'); }
    });
    var histogram = L.DomUtil.create('div', 'geo-histogram', track);
    histogram.setAttribute('aria-hidden', 'true');
    histogram.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + span + ' 10" preserveAspectRatio="none">' +
      rects.join('') + '</svg>';
  }
  var slider = L.DomUtil.create('input', 'geo-slider', track);
  slider.type = 'range'; slider.min = first; slider.max = last; slider.step = 1;
  slider.setAttribute('aria-label', 'Date');
  var speed = L.DomUtil.create('select', 'geo-speed', bar);
  speed.setAttribute('aria-label', 'Play speed');
  [['0.5', '½×'], ['1', '1×'], ['2', '2×'], ['4', '4×']].forEach(function (o) {
    var option = L.DomUtil.create('option', '', speed);
    option.value = o[0]; option.textContent = o[1];
  });
  speed.value = '1';
  var skipBox = L.DomUtil.create('label', 'geo-skip', bar);
  var skip = L.DomUtil.create('input', '', skipBox);
  skip.type = 'checkbox';
  skip.setAttribute('aria-label', 'Play: skip quiet days');
  skipBox.appendChild(document.createTextNode(' skip quiet days'));
  var field = L.DomUtil.create('input', 'geo-date-field', bar);
  field.type = 'date'; field.min = cfg.start; field.max = cfg.end; field.setAttribute('aria-label', 'Go to date');
  var label = L.DomUtil.create('span', 'geo-date-label', bar);
  label.setAttribute('aria-live', 'polite');
  /* compare with another day (compare.js): a button on the bar, the land that changed hands hatched */
  var compare = cfg.compare && typeof geoCompare === 'function' ? geoCompare(map, cfg, bar, stateFor, function (iso) {
    return new Date(toDays(iso) * DAY).toLocaleDateString('en-GB', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'});
  }) : null;

  function stateFor(day) {
    var index = 0;
    for (var i = 0; i < cfg.states.length; i++) { if (cfg.states[i].date <= day) { index = i; } }
    return index;
  }
  function setDay(day, fromHash) {
    var days = Math.min(last, Math.max(first, toDays(day)));
    day = toIso(days);
    if (day === current) { return; }
    current = day;
    slider.value = days; field.value = day;
    label.textContent = new Date(days * DAY).toLocaleDateString('en-GB',
      {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'});
    map.getContainer().dataset.geoDate = day;
    Array.prototype.forEach.call(document.querySelectorAll('.geo-report-date'), function (el) {
      el.textContent = label.textContent;
    });
    var index = stateFor(day), state = cfg.states[index];
    Object.keys(layers).forEach(function (name) {
      layers[name].geoSetDay(day);
      layers[name].geoSetStatus({status: state.status, control: controls[index]}, day, cfg);
    });
    if (index !== shownState && areasLayer) {  /* a map of dated events only has no areas */
      areasLayer.geoShow(cfg.areas[state.areas]);
      if (map.hasLayer(areasLayer)) { areasLayer.bringToBack(); }
      frontsLayer.geoShow(cfg.fronts[state.areas]);
      shownState = index;
    }
    if (compare) { compare.show(day); }
    if (!fromHash) { geoHashSet({date: day}); }
    map.fire('geoday', {day: day});  /* for what follows the day: the story panel, unit tracks */
  }
  function fromHash() {
    var day = geoHashGet().date || '';
    return /^\d{4}-\d{2}-\d{2}$/.test(day) && !isNaN(Date.parse(day)) ? day : null;
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; setButton(play, 'play', 'Play'); } }
  function step(n) { setDay(toIso(toDays(current) + n)); }
  /* the next (or previous) day on which anything changed: over the quiet days between */
  function jump(forward) {
    var now = toDays(current), found = null;
    busy.forEach(function (d) {
      if (forward ? d > now && (found === null || d < found) : d < now && (found === null || d > found)) { found = d; }
    });
    if (found !== null) { setDay(toIso(found)); }
    return found !== null;
  }

  back.onclick = function () { stop(); step(-1); };
  next.onclick = function () { stop(); step(1); };
  earlier.onclick = function () { stop(); jump(false); };
  later.onclick = function () { stop(); jump(true); };
  bar.addEventListener('keydown', function (e) {  /* Page Up: the next change; Page Down: the previous */
    if (e.key === 'PageUp' || e.key === 'PageDown') { e.preventDefault(); stop(); jump(e.key === 'PageUp'); }
  });
  play.onclick = function () {
    if (timer) { stop(); return; }
    if (toDays(current) >= last) { setDay(cfg.start); }
    setButton(play, 'pause', 'Pause');
    timer = setInterval(function () {
      if (toDays(current) >= last || (skip.checked && !jump(true))) { stop(); } else if (!skip.checked) { step(1); }
    }, 300 / parseFloat(speed.value));
  };
  speed.onchange = skip.onchange = function () { if (timer) { stop(); play.onclick(); } };
  slider.oninput = function () { stop(); setDay(toIso(parseInt(slider.value, 10))); };
  field.onchange = function () { if (field.value) { stop(); setDay(field.value); } };
  window.addEventListener('hashchange', function () { var d = fromHash(); if (d) { setDay(d, true); } });
  map.geoSetDay = function (day) { stop(); setDay(day); };  /* the date control's own step, for others (story.js) */
  setDay(fromHash() || cfg.initial, true);
}

/** A north arrow (Web Mercator: north is up everywhere on the map).
   @param {string} svg */
export function geoNorthArrow(map, svg) {
  var arrow = L.control({position: 'topleft'});
  arrow.onAdd = function () {
    var div = L.DomUtil.create('div', 'geo-north');
    div.innerHTML = svg;
    return div;
  };
  arrow.addTo(map);
}

/** The report layout, for printing (Ctrl+P) and for `geo export`: a title bar with the date shown,
   the map fitted to the scenario's view, the legend beside or below it, the sources in a footer.
   Interactive controls are hidden. window.geoReport(true, [w, s, e, n]) switches it on, geoReport(false) off.
   @param {Array<number>|null} view */
export function geoReportSetup(map, view) {
  var side = document.querySelector('.geo-report-side');
  var saved = null, printing = false;
  /* Type sizes (px) the legend may take, largest first; the share of the page (%) the map keeps, asked
     for first and then given up 5 points at a time; the map's shape (width / height) that is not a strip. */
  var SIZES = [11.5, 10.5, 9.5, 8.5, 8, 7.5], MAP_SHARE = 45, MAP_ASPECT = [0.5, 2.6];

  function setLayout(layout) {
    document.body.classList.toggle('geo-legend-below', layout.below);
    side.style.setProperty('--geo-legend-size', layout.size + 'px');
    side.style.setProperty('--geo-legend-columns', layout.columns || 'auto');
  }
  /* Measured, not guessed: how many headings and entries do not lie whole inside the legend's box
     (which clips) and the page; the map's share of the page in %, 0 if it is a strip. */
  function measure() {
    var page = document.body.getBoundingClientRect(), box = side.getBoundingClientRect();
    var l = Math.max(page.left, box.left), t = Math.max(page.top, box.top);
    var r = Math.min(page.right, box.right), b = Math.min(page.bottom, box.bottom);
    var cut = Array.prototype.filter.call(side.querySelectorAll('summary, h4, li'), function (el) {
      var e = el.getBoundingClientRect();
      return e.left < l - 0.5 || e.top < t - 0.5 || e.right > r + 0.5 || e.bottom > b + 0.5;
    }).length;
    var m = map.getContainer().getBoundingClientRect(), aspect = m.width / Math.max(m.height, 1);
    var strip = aspect < MAP_ASPECT[0] || aspect > MAP_ASPECT[1];
    return {cut: cut, share: strip ? 0 : 100 * m.width * m.height / (page.width * page.height)};
  }
  /* The legend's layout: at each type size from the largest, beside the map in one to three columns
     (wide pages only), then below it in as many columns as the width holds; the first in which every
     entry shows and the map keeps MAP_SHARE of the page wins, then the first keeping 5 points less,
     and so on. A legend too long for the page keeps the layout that cuts fewest, with the largest map. */
  function layOutLegend() {
    var page = document.body.getBoundingClientRect(), wide = page.width > page.height * 1.1;
    var layouts = [];
    SIZES.forEach(function (size) {
      if (wide) { [1, 2, 3].forEach(function (n) { layouts.push({below: false, columns: n, size: size}); }); }
      layouts.push({below: true, columns: 0, size: size});
    });
    for (var i = 0; i < layouts.length; i++) {
      setLayout(layouts[i]);
      layouts[i].fit = measure();
      if (!layouts[i].fit.cut && layouts[i].fit.share >= MAP_SHARE) { return; }  /* the first choice: no need to look further */
    }
    for (var share = MAP_SHARE - 5; share > 0; share -= 5) {
      for (i = 0; i < layouts.length; i++) {
        if (!layouts[i].fit.cut && layouts[i].fit.share >= share) { setLayout(layouts[i]); return; }
      }
    }
    setLayout(layouts.reduce(function (best, layout) {
      var a = best.fit, b = layout.fit;
      return b.cut < a.cut || (b.cut === a.cut && b.share > a.share) ? layout : best;
    }));
  }

  function enter(bounds, extraClass) {
    if (!saved) {
      var legend = document.querySelector('.geo-legend');
      saved = {center: map.getCenter(), zoom: map.getZoom(), snap: map.options.zoomSnap,
               legend: legend, parent: legend && legend.parentNode, next: legend && legend.nextSibling,
               open: legend && legend.querySelector('details') && legend.querySelector('details').open};
      if (legend && side) {
        side.appendChild(legend);
        var details = legend.querySelector('details');
        if (details) { details.open = true; }
      }
    }
    document.body.classList.add('geo-report');
    (extraClass || '').split(' ').forEach(function (c) { if (c) { document.body.classList.add(c); } });
    if (side && side.querySelector('li, h4')) { layOutLegend(); }
    map.closePopup();
    if (map.geoKeepUnder) { map.geoKeepUnder(false); }
    map.options.zoomSnap = 0;
    map.invalidateSize({pan: false});
    var b = bounds || view, size = map.getSize();
    if (b && size.x > 12 && size.y > 12) {  /* a map squeezed to nothing has no zoom to fit */
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false, padding: [6, 6]});
    }
  }
  function leave() {
    if (!saved) { return; }
    document.body.classList.remove('geo-report', 'geo-print', 'geo-paper', 'geo-legend-below');
    if (saved.legend && saved.parent) {
      saved.parent.insertBefore(saved.legend, saved.next);
      var details = saved.legend.querySelector('details');
      if (details) { details.open = saved.open; }
    }
    map.options.zoomSnap = saved.snap;
    map.invalidateSize({pan: false});
    map.setView(saved.center, saved.zoom, {animate: false});
    if (map.geoKeepUnder) { map.geoKeepUnder(); }
    saved = null;
  }
  window.geoReport = function (on, bounds, extraClass) { if (on) { enter(bounds, extraClass); } else { leave(); } };
  window.addEventListener('beforeprint', function () {
    if (!document.body.classList.contains('geo-report')) { printing = true; enter(null, 'geo-paper geo-print'); }
  });
  window.addEventListener('afterprint', function () { if (printing) { printing = false; leave(); } });
}

/** The offline basemap under everything (panes below the data's): relief, coast, rivers and lakes,
   boundaries and governorate names (set as text). When an online tile layer fails to load, it is
   switched off and this one on.
   @param {GeoBasemapData} data
   @param {boolean} show */
export function geoBasemap(map, data, show) {
  map.geoBasemapData = data;  /* the overview draws its coast and boundaries too */
  [['geoBasemap', 350], ['geoBasemapLabels', 380]].forEach(function (p) {
    if (!map.getPane(p[0])) { map.createPane(p[0]).style.zIndex = p[1]; }
  });
  var group = L.featureGroup(), pane = {pane: 'geoBasemap', interactive: false};
  L.imageOverlay(data.image, data.bounds, L.extend({opacity: 0.5, className: 'geo-basemap-relief',
                                                   attribution: data.attribution}, pane)).addTo(group);
  L.geoJSON(data.coast, L.extend({style: {color: '#7f9db3', weight: 1}}, pane)).addTo(group);
  L.geoJSON(data.water, L.extend({style: function (f) {
    return f.properties.kind === 'lake' ? {color: '#3d7fb8', weight: 0.8, fillColor: '#a9c9e6', fillOpacity: 0.9}
                                        : {color: '#3d7fb8', weight: 1.4, opacity: 0.9, className: 'geo-basemap-river'};
  }}, pane)).addTo(group);
  L.geoJSON(data.boundaries, L.extend({
    filter: function (f) { return f.geometry.type !== 'Point'; },
    style: function (f) {
      return f.properties.kind === 'admin0' ? {color: '#6d4c41', weight: 1.5, dashArray: '8 4'}
                                            : {color: '#8d6e63', weight: 1.2, dashArray: '5 3 1 3'};
    }}, pane)).addTo(group);
  var labels = geoLabels(map);
  (data.boundaries.features || []).forEach(function (f) {  /* governorate names: last, centred */
    if (f.geometry.type !== 'Point' || !f.properties.name) { return; }
    var xy = f.geometry.coordinates;
    labels.add({latlng: L.latLng(xy[1], xy[0]), text: f.properties.name, rank: 20, order: labels.order(),
                group: group, centred: true, className: 'geo-basemap-label'});
  });
  (data.names || []).forEach(function (n) {  /* [lat, lon, name, rank]: rank 1 from zoom 8, 2 from 10, 3 from 11 */
    labels.add({latlng: L.latLng(n[0], n[1]), text: n[2], rank: 10 + n[3], order: labels.order(), group: group,
                minZoom: {1: 8, 2: 10, 3: 11}[n[3]] || 11, className: 'geo-basemap-name'});
  });
  if (show) { group.addTo(map); }
  /* The basemap lies under the whole map at every size and zoom: one cannot zoom out or pan past
     it (the report layout, which fits its own view, lifts this while it is on). */
  var under = L.latLngBounds(data.bounds);
  map.geoKeepUnder = function (on) {
    if (on === false) { map.setMaxBounds(null); map.setMinZoom(0); return; }
    var least = map.getBoundsZoom(under, true);
    map.options.maxBoundsViscosity = 1;
    if (map.getZoom() < least) { map.setZoom(least, {animate: false}); }  /* at once: a later view (a permalink's) stands */
    map.setMinZoom(least);
    map.setMaxBounds(under);
  };
  map.geoKeepUnder();
  var own = function () { return !document.body.classList.contains('geo-report'); };
  map.on('resize', function () { if (own()) { map.geoKeepUnder(); } });
  /* an open popup may take the map past it, to be read whole; closed, the map comes back */
  map.on('popupopen', function () { map.setMaxBounds(null); });
  map.on('popupclose', function () { if (own()) { map.geoKeepUnder(); } });
  map.eachLayer(function (layer) {
    if (!(layer instanceof L.TileLayer)) { return; }
    layer.once('tileerror', function () {
      if (map.hasLayer(layer)) { map.removeLayer(layer); }
      if (!map.hasLayer(group)) { map.addLayer(group); }
    });
  });
  return group;
}
