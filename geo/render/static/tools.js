/* geo tools, offline and small: full screen, pointer coordinates (decimal degrees, DMS, MGRS),
   a geodesic distance and area measure, a search over the map's own features (aliases included),
   an overview map, a permalink and a button that copies it. Text from data is only ever set as
   text; every control's icon is drawn here as SVG (a font may lack the glyph). */

/* -- the URL hash: date, centre, zoom and the layers switched off or on, kept together ------- */
export function geoHashGet() {
  var out = {};
  (location.hash || '').replace(/^#/, '').split('&').forEach(function (part) {
    var i = part.indexOf('=');
    if (i > 0) { out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1)); }
  });
  return out;
}
export function geoHashSet(values) {
  var now = geoHashGet();
  Object.keys(values).forEach(function (k) { if (values[k] === null) { delete now[k]; } else { now[k] = values[k]; } });
  var order = ['date', 'compare', 'll', 'z', 'off', 'on'], keys = Object.keys(now).sort(function (a, b) {
    return (order.indexOf(a) + 99) % 99 - (order.indexOf(b) + 99) % 99;
  });
  var enc = function (v) { return encodeURIComponent(v).replace(/%2C/g, ','); };
  var text = keys.map(function (k) { return enc(k) + '=' + enc(now[k]); }).join('&');
  try { history.replaceState(null, '', '#' + text); } catch (e) { /* srcdoc, sandbox */ }
}

/* The view and the layers switched off or on go into the hash; opening such a link restores them.
   Both lists are of the panel's layers, compared with how the page opens: `off` those it shows that
   were hidden, `on` those it hides that were shown. So the offline basemap, which the page shows
   by itself when the online tiles fail (and hides otherwise), is kept either way. */
export function geoPermalink(map, control) {
  var overlays = function () { return control ? control._layers.filter(function (o) { return o.overlay; }) : []; };
  var atLoad = overlays().map(function (o) { return map.hasLayer(o.layer); });
  var restoring = true;
  function write() {
    if (restoring) { return; }
    var c = map.getCenter(), off = [], on = [];
    overlays().forEach(function (o, i) {
      var shown = map.hasLayer(o.layer);
      if (atLoad[i] && !shown) { off.push(i); }
      if (!atLoad[i] && shown) { on.push(i); }
    });
    geoHashSet({ll: c.lat.toFixed(5) + ',' + c.lng.toFixed(5), z: String(map.getZoom()),
                off: off.length ? off.join(',') : null, on: on.length ? on.join(',') : null});
  }
  var h = geoHashGet(), ll = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(h.ll || ''), z = parseFloat(h.z);
  if (ll && isFinite(z)) { map.setView([parseFloat(ll[1]), parseFloat(ll[2])], z, {animate: false}); }
  var list = overlays();
  (h.off || '').split(',').forEach(function (i) { var o = list[parseInt(i, 10)]; if (o) { map.removeLayer(o.layer); } });
  (h.on || '').split(',').forEach(function (i) { var o = list[parseInt(i, 10)]; if (o) { map.addLayer(o.layer); } });
  restoring = false;
  map.on('moveend overlayadd overlayremove', write);
  map.geoPermalink = write;  /* the link of the view now, before it is copied */
}

/* -- a button in the top-left column -------------------------------------------------------- */
export function geoSvg(size, body) {  /* an icon drawn in the control's text colour, hidden from screen readers */
  return '<svg xmlns="http://www.w3.org/2000/svg" class="geo-icon" width="' + size + '" height="' + size +
    '" viewBox="0 0 ' + size + ' ' + size + '" aria-hidden="true" focusable="false">' + body + '</svg>';
}
export var GEO_ICONS = {  /* our own small icons: fonts often lack the glyphs (⏸, ☰, emoji) */
  zoomIn: geoSvg(14, '<path d="M7 1v12M1 7h12" stroke="currentColor" stroke-width="2"/>'),
  zoomOut: geoSvg(14, '<path d="M1 7h12" stroke="currentColor" stroke-width="2"/>'),
  layers: geoSvg(14, '<path d="M1 2.5h12M1 7h12M1 11.5h12" stroke="currentColor" stroke-width="2"/>'),
  info: geoSvg(16, '<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5"/>' +
                   '<circle cx="8" cy="4.6" r="1.2" fill="currentColor"/><path d="M8 7v5.5" stroke="currentColor" stroke-width="2"/>'),
  link: geoSvg(20, '<path d="M8.5 11.5a3.5 3.5 0 0 0 5 0l3-3a3.5 3.5 0 0 0-5-5l-1.2 1.2M11.5 8.5a3.5 3.5 0 0 0-5 0l-3 3a3.5 3.5 0 0 0 5 5l1.2-1.2"' +
                   ' fill="none" stroke="#222" stroke-width="1.8" stroke-linecap="round"/>'),
  fullscreen: '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18" fill="none" stroke="#222" stroke-width="2" aria-hidden="true"><path d="M2 7V2h5M11 2h5v5M16 11v5h-5M7 16H2v-5"/></svg>',
  measure: '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20" fill="none" stroke="#222" stroke-width="1.8" aria-hidden="true"><path d="M2 14 14 2l4 4L6 18z"/><path d="M6 10l2 2M9 7l2 2M12 4l2 2"/></svg>'
};
export function geoToolButton(map, icon, name, onClick) {
  var control = L.control({position: 'topleft'});
  control.onAdd = function () {
    var bar = L.DomUtil.create('div', 'leaflet-bar geo-tool');
    var b = L.DomUtil.create('button', 'geo-tool-button', bar);
    b.type = 'button'; b.innerHTML = GEO_ICONS[icon]; b.title = name; b.setAttribute('aria-label', name);
    b.setAttribute('aria-pressed', 'false');
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.on(b, 'click', function (e) { L.DomEvent.stop(e); onClick(b); });
    control.button = b;
    return bar;
  };
  control.addTo(map);
  return control;
}

export function geoFullscreen(map) {
  var page = document.documentElement;
  var tool = geoToolButton(map, 'fullscreen', 'Full screen', function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (page.requestFullscreen) { page.requestFullscreen(); }
  });
  document.addEventListener('fullscreenchange', function () {
    tool.button.setAttribute('aria-pressed', document.fullscreenElement ? 'true' : 'false');
    map.invalidateSize();
  });
}

/* A button that copies the link of the view shown (the permalink) and says so for a moment; where
   the clipboard API is missing or refused, the link is shown in a field, selected, to copy by hand
   (until the field loses focus). */
export function geoCopyLink(map) {
  var note, field, box, timer = null;
  function clear() {
    clearTimeout(timer);
    note.textContent = ''; field.value = ''; field.hidden = true;
    box.classList.add('geo-link-idle');
  }
  function say(text) { note.textContent = text; box.classList.remove('geo-link-idle'); }
  function byHand(link) {
    field.hidden = false; field.value = link;
    say('');
    field.focus(); field.select();
    var done = false;
    try { done = document.execCommand('copy'); } catch (e) { done = false; }
    say(done ? 'Link copied' : 'Copy the link: Ctrl+C');
  }
  var tool = geoToolButton(map, 'link', 'Copy a link to this view', function () {
    clear();
    if (map.geoPermalink) { map.geoPermalink(); }
    var link = location.href;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(function () { say('Link copied'); timer = setTimeout(clear, 2500); },
                                               function () { byHand(link); });
    } else {
      byHand(link);
    }
  });
  tool.button.removeAttribute('aria-pressed');  /* an action, not a switch */
  box = L.DomUtil.create('div', 'geo-link-box', tool.button.parentNode);
  note = L.DomUtil.create('div', 'geo-link-note', box);
  note.setAttribute('role', 'status');  /* present from the start, so its words are announced */
  field = L.DomUtil.create('input', 'geo-link-field', box);
  field.type = 'text'; field.readOnly = true; field.setAttribute('aria-label', 'Link to this view');
  field.addEventListener('blur', clear);
  field.addEventListener('keydown', function (e) { if (e.key === 'Escape') { clear(); tool.button.focus(); } });
  clear();
}

/* -- coordinates -------------------------------------------------------------------------------- */
/* MGRS to the metre from the `mgrs` npm package (static/vendor/, the page's global `mgrs`), written
   with a space between zone and band, square, easting and northing. Not for the poles (UPS). */
export function geoMgrs(lat, lon) {
  if (!(lat >= -80 && lat <= 84)) { return null; }
  var m = /^(\d+[A-Z])([A-Z]{2})(\d{5})(\d{5})$/.exec(mgrs.forward([lon, lat], 5));
  return m ? (m[1].length < 3 ? '0' : '') + m[1] + ' ' + m[2] + ' ' + m[3] + ' ' + m[4] : null;
}
export function geoDms(lat, lon) {
  function part(v, pos, neg) {
    var s = Math.round(Math.abs(v) * 3600), d = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return d + '°' + ('0' + m).slice(-2) + '′' + ('0' + s % 60).slice(-2) + '″' + (v < 0 ? neg : pos);
  }
  return part(lat, 'N', 'S') + ' ' + part(lon, 'E', 'W');
}
export var GEO_FORMATS = [
  ['Decimal degrees', function (p) { return p.lat.toFixed(5) + ', ' + p.lng.toFixed(5); }],
  ['DMS', function (p) { return geoDms(p.lat, p.lng); }],
  ['MGRS', function (p) { return geoMgrs(p.lat, p.lng) || 'outside MGRS (polar)'; }]
];

/* Where the pointer is (or the last tap), in the format chosen; the button switches format. */
export function geoCoordinates(map) {
  var control = L.control({position: 'bottomleft'}), format = 0, last = null;
  control.onAdd = function () {
    var box = L.DomUtil.create('div', 'geo-coords leaflet-bar');
    var b = L.DomUtil.create('button', 'geo-coords-format', box);
    b.type = 'button';
    var text = L.DomUtil.create('span', 'geo-coords-text', box);
    text.setAttribute('aria-live', 'off');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.on(box, 'mousemove', L.DomEvent.stopPropagation);  /* the place stays while the pointer is here */
    function show() {
      b.textContent = GEO_FORMATS[format][0];
      b.setAttribute('aria-label', 'Coordinates as ' + GEO_FORMATS[format][0] + ': switch format');
      text.textContent = last ? GEO_FORMATS[format][1](last.wrap()) : 'point at the map';
    }
    L.DomEvent.on(b, 'click', function (e) { L.DomEvent.stop(e); format = (format + 1) % GEO_FORMATS.length; show(); });
    map.on('mousemove click', function (e) { last = e.latlng; show(); });
    control.show = show;
    show();
    return box;
  };
  control.addTo(map);
  return control;
}

/* -- measure -------------------------------------------------------------------------------------- */
/* Distance and area on the WGS84 ellipsoid, from GeographicLib (`geographiclib-geodesic` npm
   package, static/vendor/: the page's global `geodesic`), as pyproj.Geod computes them. */
export function geoGeodesicDistance(lat1, lon1, lat2, lon2) {
  return geodesic.Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, geodesic.Geodesic.DISTANCE).s12;
}
/* The area of a ring of [lat, lon], in m². */
export function geoGeodesicArea(ring) {
  var polygon = geodesic.Geodesic.WGS84.Polygon(false);
  ring.forEach(function (p) { polygon.AddPoint(p[0], p[1]); });
  return Math.abs(polygon.Compute(false, true).area);
}

/* Click points to measure the path through them and, from three points, the area they enclose;
   the button (or Escape) ends it. */
export function geoMeasure(map) {
  var points = [], line = null, shape = null, readout = null, on = false;
  var tool = geoToolButton(map, 'measure', 'Measure distance and area', function (b) { toggle(!on, b); });
  function km(m) { return m >= 10000 ? (m / 1000).toFixed(1) + ' km' : (m / 1000).toFixed(2) + ' km'; }
  function draw() {
    var latlngs = points.map(function (p) { return [p.lat, p.lng]; }), metres = 0;
    for (var i = 1; i < points.length; i++) {
      metres += geoGeodesicDistance(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
    }
    if (!line) { line = L.polyline([], {color: '#1565c0', weight: 3, dashArray: '6 4', interactive: false}).addTo(map); }
    line.setLatLngs(latlngs);
    if (points.length >= 3) {
      if (!shape) { shape = L.polygon([], {color: '#1565c0', weight: 0, fillOpacity: 0.12, interactive: false}).addTo(map); }
      shape.setLatLngs(latlngs);
    }
    readout.textContent = points.length < 2 ? 'Click the map to add points' :
      'Distance ' + km(metres) + (points.length >= 3 ? ' · area ' + (geoGeodesicArea(latlngs) / 1e6).toFixed(2) + ' km²' : '');
    readout.dataset.metres = metres;
    readout.dataset.squareMetres = points.length >= 3 ? geoGeodesicArea(latlngs) : 0;
  }
  function add(e) { points.push(e.latlng); draw(); }
  function toggle(state, b) {
    on = state;
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    map.getContainer().classList.toggle('geo-measuring', on);
    if (on) {
      points = [];
      readout = L.DomUtil.create('div', 'geo-measure-readout', b.parentNode);
      readout.setAttribute('aria-live', 'polite');
      draw();
      map.on('click', add);
    } else {
      map.off('click', add);
      [line, shape].forEach(function (l) { if (l) { map.removeLayer(l); } });
      line = shape = null;
      if (readout) { readout.remove(); readout = null; }
    }
  }
  document.addEventListener('keydown', function (e) { if (on && e.key === 'Escape') { toggle(false, tool.button); } });
}

/* -- search ------------------------------------------------------------------------------------- */
/* A name's key, as geo.read.gazetteer.normalise makes it: the same folding rule, given as data in
   the page (geoTools sets it), so "Maarat al-Numan" finds "Ma'arrat an-Nu'man" here as there. */
export var GEO_FOLDING = null;
/** @param {GeoFolding} rule */
export function geoSetFolding(rule) { GEO_FOLDING = rule; }
export function geoFold(text) {
  var rule = GEO_FOLDING;
  if (!rule.compiled) {
    rule.compiled = rule.steps.map(function (s) { return [new RegExp(s[0], 'gmu'), s[1]]; });
  }
  var out = String(text).split('\n').join(' ').normalize(rule.form).toLowerCase();
  rule.compiled.forEach(function (s) { out = out.replace(s[0], function () { return s[1]; }); });
  return out;
}
/* What a search lists first, after exact names: places, posts and units, then the rest, routes
   and zones last (a town, not the roads that lead to it). */
export var GEO_SEARCH_KINDS = {place: 0, post: 1, unit: 2, event: 3, feature: 3, route: 4, zone: 5};
export function geoKindOf(layer) {
  var icon = layer.options.icon, cls = (icon && icon.options.className) || layer.options.className || '';
  var m = /(?:^| )geo-kind-([a-z]+)/.exec(cls);
  return m ? m[1] : '';
}
/* How a query matches a feature's names: 0 a whole name, 1 the start of a name or of one of its
   words, 2 elsewhere in a name; with the name matched (the best), or null. */
export function geoMatch(folded, names, q) {
  var best = null;
  folded.forEach(function (n, i) {
    var at = n.indexOf(q);
    if (at < 0) { return; }
    var how = n === q ? 0 : at === 0 || n.indexOf(' ' + q) >= 0 ? 1 : 2;
    if (!best || how < best.how) { best = {how: how, name: names[i]}; }
  });
  return best;
}
/* A box that finds the map's features by name or alias ("Saraqib" finds Saraqeb), spelling folded:
   exact names first, then by kind, then names that start so, then names that contain it. Choosing
   one (click or Enter) brings it into view and opens its popup once the map has moved. */
export function geoSearch(map) {
  var control = L.control({position: 'topleft'});
  control.onAdd = function () {
    var box = L.DomUtil.create('div', 'leaflet-bar geo-search');
    var input = L.DomUtil.create('input', 'geo-search-input', box);
    input.type = 'search'; input.placeholder = 'Find a place…';
    input.setAttribute('aria-label', 'Find a place or feature by name');
    var list = L.DomUtil.create('ul', 'geo-search-results', box), found = [];
    list.setAttribute('role', 'listbox');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    function candidates() {
      var out = [];
      (window.geoAllLayers || []).forEach(function (group) {
        (group.geoEntries || []).forEach(function (entry) {
          var names = entry.props.names || [];
          if (!names.length) { return; }
          if (!entry.folded) { entry.folded = names.map(geoFold); entry.kind = geoKindOf(entry.layer); }
          out.push({entry: entry, group: group, names: names, folded: entry.folded, kind: entry.kind});
        });
      });
      return out;
    }
    function choose(c) {
      list.textContent = '';
      found = [];
      if (!map.hasLayer(c.group)) { map.addLayer(c.group); }
      var layer = c.entry.layer, at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
      map.once('moveend', function () { layer.openPopup(at); });
      map.setView(at, Math.max(map.getZoom(), 11), {animate: false});
    }
    input.addEventListener('input', function () {
      /* folded as the start of a name, as if a word followed: "Maarat al" already finds the town */
      var q = geoFold(input.value + ' x').replace(/ ?x$/, '');
      list.textContent = '';
      found = [];
      if (q.length < 2) { return; }
      candidates().forEach(function (c, order) {
        var hit = c.entry.shown ? geoMatch(c.folded, c.names, q) : null;
        if (!hit) { return; }
        var kind = Object.prototype.hasOwnProperty.call(GEO_SEARCH_KINDS, c.kind) ? GEO_SEARCH_KINDS[c.kind] : 3;
        found.push({c: c, hit: hit, key: [hit.how ? 1 : 0, kind, hit.how, order]});
      });
      found.sort(function (a, b) {
        for (var i = 0; i < a.key.length; i++) { if (a.key[i] !== b.key[i]) { return a.key[i] - b.key[i]; } }
        return 0;
      });
      found = found.slice(0, 8);
      found.forEach(function (f) {
        var item = L.DomUtil.create('li', '', list), b = L.DomUtil.create('button', 'geo-search-result', item);
        b.type = 'button'; b.setAttribute('role', 'option');
        b.dataset.kind = f.c.kind; b.dataset.match = ['name', 'start', 'part'][f.hit.how];
        b.textContent = f.c.names[0] + (f.hit.name !== f.c.names[0] ? ' (' + f.hit.name + ')' : '');
        /* stopped here: the list is emptied as it is chosen, and Leaflet, no longer finding the
           search box above the button, would take the click for the map's and close the popup */
        L.DomEvent.on(b, 'click', function (e) { L.DomEvent.stop(e); choose(f.c); });
      });
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && found.length) { e.preventDefault(); choose(found[0].c); }
    });
    return box;
  };
  control.addTo(map);
}

/* -- overview ------------------------------------------------------------------------------------ */
/* A small map of the whole study area with the main map's view on it; a click there moves the view. */
export function geoOverview(map, bounds) {
  var control = L.control({position: 'bottomleft'});
  control.onAdd = function () {
    var div = L.DomUtil.create('div', 'geo-overview leaflet-bar');
    div.setAttribute('role', 'img');
    div.setAttribute('aria-label', 'Overview map: the whole study area with the part shown');
    L.DomEvent.disableClickPropagation(div);
    setTimeout(function () {
      var small = L.map(div, {attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
                              doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0});
      /* where one is: the country lines and coast around the study area (the offline basemap's,
         whose extent the map never leaves), the data's zones and roads, and the part shown */
      var context = map.geoBasemapData;
      var b = context ? L.latLngBounds(context.bounds) : L.latLngBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]]).pad(0.5);
      small.fitBounds(b, {animate: false});
      if (context) {
        L.geoJSON(context.coast, {interactive: false, style: {color: '#7f9db3', weight: 1}}).addTo(small);
        L.geoJSON(context.boundaries, {interactive: false, filter: function (f) { return f.geometry.type !== 'Point'; },
          style: function (f) { return f.properties.kind === 'admin0' ? {color: '#5d4037', weight: 1.5} : {color: '#a1887f', weight: 0.6}; }
        }).addTo(small);
      }
      (window.geoAllLayers || []).forEach(function (group) {
        if (group.geoOutline) {
          L.geoJSON(group.geoOutline, {interactive: false, style: {color: '#777', weight: 1, fill: false}}).addTo(small);
        }
      });
      (window.geoStateLayers || []).forEach(function (state) {  /* the day's areas, in their colours */
        var drawn = L.layerGroup().addTo(small);
        var redraw = function (collection) {
          drawn.clearLayers();
          if (!collection) { return; }
          L.geoJSON(collection, {interactive: false, filter: function (f) { return /Polygon/.test(f.geometry.type); },
            style: function (f) { var s = f.properties.style || {}; return {color: s.color, weight: 0.6, fill: s.fill !== false,
                                                                        fillColor: s.fillColor, fillOpacity: s.fillOpacity}; }
          }).addTo(drawn);
        };
        state.on('geoshown', function (e) { redraw(e.collection); });
        redraw(state.geoShown);
      });
      var view = L.rectangle(map.getBounds(), {color: '#b71c1c', weight: 2, fill: false, interactive: false}).addTo(small);
      /* the part shown always inside the overview: it zooms out when the map shows more than it holds */
      var follow = function () {
        var shown = map.getBounds();
        view.setBounds(shown);
        small.fitBounds(L.latLngBounds(b.getSouthWest(), b.getNorthEast()).extend(shown).pad(context ? 0 : 0.2), {animate: false});
      };
      map.on('moveend', follow);
      follow();
      small.on('click', function (e) { map.panTo(e.latlng); });
      control.map = small;
    }, 0);
    return div;
  };
  control.addTo(map);
}

/* The credits (Leaflet's attribution) behind a button on every screen, where the full line would
   cover the map and the other controls (three lines on a laptop); always there one click away. */
export function geoCredits(map) {
  var credits = map.attributionControl && map.attributionControl.getContainer();
  if (!credits) { return; }
  var control = L.control({position: 'bottomright'});
  control.onAdd = function () {
    var b = L.DomUtil.create('button', 'geo-credits-toggle leaflet-bar');
    b.type = 'button'; b.innerHTML = GEO_ICONS.info; b.title = 'Credits and sources';
    b.setAttribute('aria-label', 'Credits and sources');
    L.DomEvent.disableClickPropagation(b);
    function set(open) {
      credits.classList.toggle('geo-credits-hidden', !open);
      b.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (map.geoPanelFit) { map.geoPanelFit(); }
    }
    L.DomEvent.on(b, 'click', function (e) { L.DomEvent.stop(e); set(credits.classList.contains('geo-credits-hidden')); });
    set(false);
    return b;
  };
  control.addTo(map);
}

/* Leaflet's zoom buttons and the panel's toggle with our drawn icons, their names unchanged. */
export function geoControlIcons(map) {
  var zoom = map.zoomControl;
  if (zoom && zoom._zoomInButton) { zoom._zoomInButton.innerHTML = GEO_ICONS.zoomIn; zoom._zoomOutButton.innerHTML = GEO_ICONS.zoomOut; }
  var toggle = map.geoPanel && map.geoPanel.querySelector('.geo-panel-toggle');
  if (toggle && !toggle.querySelector('svg')) { toggle.insertAdjacentHTML('afterbegin', GEO_ICONS.layers); }
}

/** @param {GeoToolsOptions} options */
export function geoTools(map, options) {
  geoSetFolding(options.fold);
  /* The controls come first in the keyboard's order, before the map's hundreds of features. */
  var box = map.getContainer();
  if (map._controlContainer) { box.insertBefore(map._controlContainer, box.firstChild); }
  box.setAttribute('aria-label', 'Map: arrow keys pan, + and − zoom; Tab reaches each feature');
  geoCredits(map);
  geoSearch(map);
  geoFullscreen(map);
  geoMeasure(map);
  geoCopyLink(map);
  geoCoordinates(map);
  geoControlIcons(map);
  if (options.bounds) { geoOverview(map, options.bounds); }
  geoPermalink(map, map.geoLayerControl || null);
  if (map.geoPanelFit) { map.geoPanelFit(); }
}
