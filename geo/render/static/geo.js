/* geo: draws the layers Python prepared. All text arrives as escaped HTML or is set as text. */
function geoEscape(text) {
  var div = document.createElement('div');
  div.textContent = text == null ? '' : String(text);
  return div.innerHTML;
}

function geoShownOn(props, day) {
  return (!props.from || props.from <= day) && (!props.to || day <= props.to);
}

function geoFeatureLayer(data) {
  var group = L.featureGroup();
  var entries = [];
  var features = L.geoJSON(data.geojson, {
    pointToLayer: function (feature, latlng) {
      var s = data.symbols[feature.properties.symbol];
      var marker = L.marker(latlng, {icon: geoIcon(s, ''), riseOnHover: true});
      marker.geoSymbol = s;
      marker.on('add', function () {
        if (marker.getElement()) { marker.getElement().dataset.geoId = feature.properties.id; }
      });
      return marker;
    },
    style: function (feature) { return data.styles[feature.properties.style]; },
    onEachFeature: function (feature, layer) {
      var entry = {layer: layer, props: feature.properties, circle: null, shown: true};
      if (feature.properties.label) {
        layer.bindTooltip(feature.properties.label, {
          permanent: true, direction: 'right', offset: [4, 0], className: 'geo-label'
        });
      } else {
        layer.bindTooltip(feature.properties.tooltip, {sticky: feature.geometry.type !== 'Point'});
      }
      layer.bindPopup(feature.properties.popup, {maxWidth: 380, minWidth: 240});
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

  /* Show only the features that exist on `day` (ISO date). */
  group.geoSetDay = function (day) {
    entries.forEach(function (e) {
      var show = geoShownOn(e.props, day);
      if (show === e.shown) { return; }
      e.shown = show;
      if (show) { features.addLayer(e.layer); } else { features.removeLayer(e.layer); }
      if (e.circle) { if (show) { group.addLayer(e.circle); } else { group.removeLayer(e.circle); } }
    });
  };
  /* Mark posts with their derived status (state.status: {id: [status, since, orBefore, certain,
     frontKm]}) and places with who held them (state.control: {id: [side id, inferred]}; sides:
     {side id: label}). */
  group.geoSetStatus = function (state, day, sides) {
    if (data.hasControl) { geoSetControl(entries, state.control || {}, day, sides || {}); }
    if (!data.hasStatus) { return; }
    var status = state.status;
    entries.forEach(function (e) {
      var s = status[e.props.id];
      if (!s || !e.layer.geoSymbol) { return; }
      e.layer.setIcon(geoIcon(e.layer.geoSymbol, 'geo-status-' + s[0].replace(/ /g, '-')));
      if (e.layer.getElement()) { e.layer.getElement().dataset.geoId = e.props.id; }
      var line = '<p class="geo-status">On ' + geoEscape(day) + ': <b>' + geoEscape(s[0]) + '</b>' +
        (s[1] ? ' since ' + (s[2] ? 'at least ' : '') + geoEscape(s[1]) : '') +
        (s[4] !== null ? ' · ' + geoEscape(s[4]) + ' km from the front' : '') +
        (s[3] ? '' : ' · <i>placed less precisely than its distance to the front: it may be on either side</i>') +
        '<br><span class="geo-locnote">Derived from the estimated areas of control.</span></p>';
      e.layer.setPopupContent(e.props.popup + line);
    });
  };
  return group;
}

/* Each state carries only the places whose side changed since the previous one (controlChanges,
   null: no longer known); give every state its whole map (control), once, at load. */
function geoUnfoldControl(states) {
  var running = Object.create(null);
  states.forEach(function (state) {
    var changes = state.controlChanges || {};
    Object.keys(changes).forEach(function (place) {
      if (changes[place] === null) { delete running[place]; } else { running[place] = changes[place]; }
    });
    var whole = Object.create(null);
    Object.keys(running).forEach(function (place) { whole[place] = running[place]; });
    state.control = whole;
  });
}

/* A place's popup says who held it on the day: reported, or inferred from the areas around it. */
function geoSetControl(entries, control, day, sides) {
  entries.forEach(function (e) {
    var c = Object.prototype.hasOwnProperty.call(control, e.props.id) ? control[e.props.id] : null;
    var side = c ? (Object.prototype.hasOwnProperty.call(sides, c[0]) ? sides[c[0]] : c[0]) : '';
    var line = c ? '<p class="geo-status">On ' + geoEscape(day) + ': held by <b>' + geoEscape(side) + '</b>' +
      (c[1] ? '<br><span class="geo-locnote">Inferred: no report names it on this day; the side whose ' +
              'estimated area it lies in.</span>' : ' (reported)') + '</p>' : '';
    e.layer.setPopupContent(e.props.popup + line);
  });
}

function geoIcon(s, extraClass) {
  var half = s.size / 2;
  return L.divIcon({
    html: s.html, className: 'geo-marker ' + s.className + (extraClass ? ' ' + extraClass : ''),
    iconSize: [s.size, s.size], iconAnchor: [half, half],
    popupAnchor: [0, -half], tooltipAnchor: [half, 0]
  });
}

/* A layer whose features are replaced by the date control: areas of control, front lines. */
function geoStateLayer() {
  var group = L.featureGroup();
  group.geoShow = function (collection) {
    group.clearLayers();
    L.geoJSON(collection, {
      style: function (feature) { return feature.properties.style; },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.tooltip, {sticky: true});
        layer.bindPopup(feature.properties.popup, {maxWidth: 380, minWidth: 240});
      }
    }).eachLayer(function (layer) { group.addLayer(layer); });
  };
  return group;
}

function geoLegend(map, html) {
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'geo-legend leaflet-bar');
    div.innerHTML = html;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
}

function geoTitle(map, title, subtitle) {
  var box = L.DomUtil.create('div', 'geo-title', map.getContainer());
  var heading = L.DomUtil.create('h1', '', box);
  heading.textContent = title;
  if (subtitle) {
    var note = L.DomUtil.create('p', '', box);
    note.textContent = subtitle;
  }
}

/* The date control. cfg: {start, end, initial, areas: [fc], fronts: [fc], states: [{date, areas, status}]}. */
function geoTimeline(map, cfg, layers, areasLayer, frontsLayer) {
  var DAY = 86400000;
  var toDays = function (iso) { return Math.round(Date.parse(iso + 'T00:00:00Z') / DAY); };
  var toIso = function (days) { return new Date(days * DAY).toISOString().slice(0, 10); };
  var first = toDays(cfg.start), last = toDays(cfg.end);
  var current = null, shownState = -1, timer = null;
  geoUnfoldControl(cfg.states);

  var bar = L.DomUtil.create('div', 'geo-timebar', map.getContainer());
  L.DomEvent.disableClickPropagation(bar);
  L.DomEvent.disableScrollPropagation(bar);
  var button = function (text, title) {
    var b = L.DomUtil.create('button', '', bar);
    b.type = 'button'; b.textContent = text; b.title = title; b.setAttribute('aria-label', title);
    return b;
  };
  var back = button('‹', 'One day earlier');
  var play = button('▶', 'Play');
  var next = button('›', 'One day later');
  var slider = L.DomUtil.create('input', 'geo-slider', bar);
  slider.type = 'range'; slider.min = first; slider.max = last; slider.step = 1;
  slider.setAttribute('aria-label', 'Date');
  var field = L.DomUtil.create('input', 'geo-date-field', bar);
  field.type = 'date'; field.min = cfg.start; field.max = cfg.end; field.setAttribute('aria-label', 'Date');
  var label = L.DomUtil.create('span', 'geo-date-label', bar);
  label.setAttribute('aria-live', 'polite');

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
      layers[name].geoSetStatus(state, day, cfg.sides || {});
    });
    if (index !== shownState) {
      areasLayer.geoShow(cfg.areas[state.areas]);
      if (map.hasLayer(areasLayer)) { areasLayer.bringToBack(); }
      frontsLayer.geoShow(cfg.fronts[state.areas]);
      shownState = index;
    }
    if (!fromHash) {
      try { history.replaceState(null, '', '#date=' + day); } catch (e) { /* srcdoc, sandbox */ }
    }
  }
  function fromHash() {
    var match = /date=(\d{4}-\d{2}-\d{2})/.exec(location.hash || '');
    return match && !isNaN(Date.parse(match[1])) ? match[1] : null;
  }
  function setButton(b, text, title) { b.textContent = text; b.title = title; b.setAttribute('aria-label', title); }
  function stop() { if (timer) { clearInterval(timer); timer = null; setButton(play, '▶', 'Play'); } }
  function step(n) { setDay(toIso(toDays(current) + n)); }

  back.onclick = function () { stop(); step(-1); };
  next.onclick = function () { stop(); step(1); };
  play.onclick = function () {
    if (timer) { stop(); return; }
    if (toDays(current) >= last) { setDay(cfg.start); }
    setButton(play, '⏸', 'Pause');
    timer = setInterval(function () { if (toDays(current) >= last) { stop(); } else { step(1); } }, 300);
  };
  slider.oninput = function () { stop(); setDay(toIso(parseInt(slider.value, 10))); };
  field.onchange = function () { if (field.value) { stop(); setDay(field.value); } };
  window.addEventListener('hashchange', function () { var d = fromHash(); if (d) { setDay(d, true); } });
  setDay(fromHash() || cfg.initial, true);
}

/* A north arrow (Web Mercator: north is up everywhere on the map). */
function geoNorthArrow(map, svg) {
  var arrow = L.control({position: 'topleft'});
  arrow.onAdd = function () {
    var div = L.DomUtil.create('div', 'geo-north');
    div.innerHTML = svg;
    return div;
  };
  arrow.addTo(map);
}

/* The report layout, for printing (Ctrl+P) and for `geo export`: a title bar with the date shown,
   the map fitted to the scenario's view, the legend beside it, the sources in a footer. Interactive
   controls are hidden. window.geoReport(true, [w, s, e, n]) switches it on, geoReport(false) off. */
function geoReportSetup(map, view) {
  var side = document.querySelector('.geo-report-side');
  var saved = null, printing = false;

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
    if (side) {  /* a legend taller than the map gets smaller type, then two columns */
      side.classList.remove('geo-compact', 'geo-two-columns');
      ['geo-compact', 'geo-two-columns'].forEach(function (c) {
        if (side.scrollHeight > side.clientHeight + 1) { side.classList.add(c); }
      });
    }
    map.closePopup();
    map.options.zoomSnap = 0;
    map.invalidateSize({pan: false});
    var b = bounds || view, size = map.getSize();
    if (b && size.x > 12 && size.y > 12) {  /* a map squeezed to nothing has no zoom to fit */
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false, padding: [6, 6]});
    }
  }
  function leave() {
    if (!saved) { return; }
    document.body.classList.remove('geo-report', 'geo-print', 'geo-paper');
    if (saved.legend && saved.parent) {
      saved.parent.insertBefore(saved.legend, saved.next);
      var details = saved.legend.querySelector('details');
      if (details) { details.open = saved.open; }
    }
    map.options.zoomSnap = saved.snap;
    map.invalidateSize({pan: false});
    map.setView(saved.center, saved.zoom, {animate: false});
    saved = null;
  }
  window.geoReport = function (on, bounds, extraClass) { if (on) { enter(bounds, extraClass); } else { leave(); } };
  window.addEventListener('beforeprint', function () {
    if (!document.body.classList.contains('geo-report')) { printing = true; enter(null, 'geo-paper geo-print'); }
  });
  window.addEventListener('afterprint', function () { if (printing) { printing = false; leave(); } });
}
