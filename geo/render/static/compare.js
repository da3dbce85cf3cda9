/* Compare with another day: the land that changed hands between that day and the day shown, hatched
   in the colour of the side that gained it, with the km² each side gained (Python's figures,
   geo/render/compare.py: the same as `geo change D1 D2`). Nothing is measured here: the hatched land
   is the later day's area of a side with the earlier day's area of the same side masked out (SVG
   mask over Leaflet's SVG renderer), both from the area states the page already carries. The
   compare day goes into the URL's hash (`compare=2019-12-01`), so a permalink keeps it. */
import {geoHashGet, geoHashSet} from './tools.js';

export var GEO_COMPARE_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
export var GEO_SVG_NS = 'http://www.w3.org/2000/svg';

/* The integers geo.render.compare.pack wrote: 5 bits a character, lowest first, 32+ = more follow. */
export function geoCompareUnpack(text) {
  var out = [], value = 0, shift = 0;
  for (var i = 0; i < text.length; i++) {
    var digit = GEO_COMPARE_DIGITS.indexOf(text.charAt(i));
    value += (digit & 31) * Math.pow(2, shift);
    if (digit < 32) { out.push(value); value = 0; shift = 0; } else { shift += 5; }
  }
  return out;
}

export function geoSvgEl(tag, attrs, parent) {
  var el = document.createElementNS(GEO_SVG_NS, tag);
  Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
  if (parent) { parent.appendChild(el); }
  return el;
}

export var GEO_COMPARE_CSS =
  '.geo-compare{position:fixed;left:8px;bottom:58px;z-index:1001;max-width:calc(100% - 16px);box-sizing:border-box;' +
  'background:#fff;border:1px solid #999;border-radius:4px;padding:6px 8px;font:13px system-ui,sans-serif;' +
  'box-shadow:0 1px 5px rgba(0,0,0,.35)}' +
  '.geo-compare[hidden],body.geo-report .geo-compare{display:none}' +
  '.geo-compare-row{display:flex;flex-wrap:wrap;align-items:center;gap:6px}' +
  '.geo-compare-row input{font:13px system-ui,sans-serif;min-height:32px}' +
  '.geo-compare-row button{min-height:32px;min-width:36px;cursor:pointer}' +
  '.geo-compare h4{margin:6px 0 2px;font-size:12px}' +
  '.geo-compare ul{list-style:none;margin:0;padding:0}' +
  '.geo-compare li{display:flex;align-items:center;gap:6px}' +
  '.geo-timebar button.geo-compare-toggle[aria-pressed="true"]{background:#1565c0;color:#fff}' +
  '.geo-compare-pane path{pointer-events:none}';

/** @param {GeoTimelineConfig} cfg */
export function geoCompare(map, cfg, bar, stateFor, dayText) {
  var c = cfg.compare, gained = c.gained.map(geoCompareUnpack);
  var uid = 'geo-cmp-' + L.stamp(map), other = null, shown = null, drawn = [];
  if (!document.getElementById('geo-compare-css')) {
    var css = document.createElement('style');
    css.id = 'geo-compare-css'; css.textContent = GEO_COMPARE_CSS;
    document.head.appendChild(css);
  }
  /* over the areas and fronts, under the symbols; clicks go through to the areas */
  var pane = map.createPane('geoCompare');
  pane.style.zIndex = 405; pane.style.pointerEvents = 'none'; pane.classList.add('geo-compare-pane');
  var renderer = L.svg({pane: 'geoCompare'});
  map.addLayer(renderer);
  var defs = geoSvgEl('defs', {});
  renderer._container.insertBefore(defs, renderer._container.firstChild);
  var masks = c.holders.map(function (h, n) {
    var pattern = geoSvgEl('pattern', {id: uid + '-hatch-' + n, patternUnits: 'userSpaceOnUse', width: 8, height: 8,
                                       patternTransform: 'rotate(45)'}, defs);
    geoSvgEl('rect', {width: 8, height: 8, fill: '#ffffff', 'fill-opacity': 0.45}, pattern);
    geoSvgEl('rect', {width: 3.5, height: 8, fill: c.colours[n], 'class': 'geo-compare-stripe'}, pattern);
    var mask = geoSvgEl('mask', {id: uid + '-mask-' + n, maskUnits: 'userSpaceOnUse', x: -1e6, y: -1e6,
                                 width: 2e6, height: 2e6}, defs);
    geoSvgEl('rect', {x: -1e6, y: -1e6, width: 2e6, height: 2e6, fill: '#ffffff'}, mask);
    return mask;
  });

  /* the control: a button on the date bar opens a box above it with the day to compare with */
  var toggle = L.DomUtil.create('button', 'geo-compare-toggle');
  toggle.type = 'button';
  toggle.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" ' +
    'focusable="false"><rect x="1.5" y="1.5" width="9" height="9" fill="none" stroke="currentColor" stroke-width="1.6"/>' +
    '<path d="M5.5 7.5h9v7h-9z" fill="currentColor" fill-opacity=".35" stroke="currentColor" stroke-width="1.6"/></svg>';
  toggle.title = 'Compare with another day';
  toggle.setAttribute('aria-label', 'Compare with another day');
  toggle.setAttribute('aria-pressed', 'false');
  var label = bar.querySelector('.geo-date-label');
  bar.insertBefore(toggle, label);
  var box = L.DomUtil.create('div', 'geo-compare');
  bar.parentNode.insertBefore(box, bar.nextSibling);
  box.hidden = true;
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', 'Compare with another day');
  L.DomEvent.disableClickPropagation(box);
  var row = L.DomUtil.create('div', 'geo-compare-row', box);
  var caption = L.DomUtil.create('label', '', row);
  caption.appendChild(document.createTextNode('Compare with '));
  var field = L.DomUtil.create('input', 'geo-compare-date', caption);
  field.type = 'date'; field.min = cfg.start; field.max = cfg.end;
  field.setAttribute('aria-label', 'Compare with day');
  var clear = L.DomUtil.create('button', 'geo-compare-clear', row);
  clear.type = 'button'; clear.textContent = 'Clear';
  clear.setAttribute('aria-label', 'Clear the comparison');
  var readout = L.DomUtil.create('div', 'geo-compare-legend', box);
  readout.setAttribute('aria-live', 'polite');

  function valid(day) {
    return /^\d{4}-\d{2}-\d{2}$/.test(day || '') && !isNaN(Date.parse(day)) && day >= cfg.start && day <= cfg.end ? day : null;
  }
  function km2(tenths) {
    return (tenths / 10).toLocaleString('en-GB', {minimumFractionDigits: 1, maximumFractionDigits: 1});
  }
  function swatch(n) {  /* the hatch, drawn small (colours from the page's own data: set as attributes) */
    var s = geoSvgEl('svg', {width: 22, height: 14, 'aria-hidden': 'true'});
    geoSvgEl('rect', {x: 0.5, y: 0.5, width: 21, height: 13, fill: '#ffffff', stroke: c.colours[n]}, s);
    geoSvgEl('path', {d: 'M-2 10 6 2M4 14 16 2M12 14 24 2', stroke: c.colours[n], 'stroke-width': 2.5}, s);
    return s;
  }
  /* the heading and one line per side: what it gained between the two days */
  function legend(parent, heading) {
    var a = other < shown ? other : shown, b = other < shown ? shown : other;
    var p = stateFor(a), q = stateFor(b);
    var h4 = document.createElement(heading);
    h4.textContent = 'Changed hands ' + dayText(a) + ' → ' + dayText(b) + ' (hatched: the gaining side\'s colour)';
    parent.appendChild(h4);
    var ul = document.createElement('ul');
    c.holders.forEach(function (h, n) {
      var tenths = p < q ? gained[n][q * (q - 1) / 2 + p] : 0;
      if (h === 'contested' && !tenths) { return; }
      var li = L.DomUtil.create('li', 'geo-compare-entry', ul);
      li.dataset.geoHolder = h; li.dataset.geoKm2 = String(tenths / 10);
      var sym = L.DomUtil.create('span', 'geo-legend-symbol', li);
      sym.appendChild(swatch(n));
      li.appendChild(document.createTextNode(c.labels[n] + ' gained ' + km2(tenths) + ' km²'));
    });
    parent.appendChild(ul);
  }
  function draw() {
    drawn.forEach(function (layer) { map.removeLayer(layer); });
    drawn = [];
    readout.textContent = '';
    var section = document.querySelector('.geo-legend .geo-compare-section');
    if (section) { section.parentNode.removeChild(section); }
    var container = map.getContainer();
    toggle.setAttribute('aria-pressed', other ? 'true' : 'false');
    if (!other) { delete container.dataset.geoCompare; return; }
    container.dataset.geoCompare = other;
    var a = other < shown ? other : shown, b = other < shown ? shown : other;
    var p = stateFor(a), q = stateFor(b), sp = cfg.states[p].areas, sq = cfg.states[q].areas;
    c.holders.forEach(function (h, n) {
      var later = c.held[sq][n], earlier = c.held[sp][n];
      if (sp === sq || later < 0) { return; }
      var hatch = L.geoJSON(cfg.areas[sq].features[later], {renderer: renderer, interactive: false, style: {
        stroke: false, fill: true, fillColor: 'url(#' + uid + '-hatch-' + n + ')', fillOpacity: 1,
        className: 'geo-compare-hatch'}});
      hatch.addTo(map).eachLayer(function (layer) {
        layer._path.setAttribute('mask', 'url(#' + uid + '-mask-' + n + ')');
        layer._path.setAttribute('data-geo-holder', h);
      });
      drawn.push(hatch);
      if (earlier >= 0) {  /* what the side already held: cut out (its outline too, so seams of the simplified shapes stay clear) */
        var cut = L.geoJSON(cfg.areas[sp].features[earlier], {renderer: renderer, interactive: false, style: {
          stroke: true, color: '#000000', weight: 3, opacity: 1, fill: true, fillColor: '#000000', fillOpacity: 1}});
        cut.addTo(map).eachLayer(function (layer) { masks[n].appendChild(layer._path); });  /* Leaflet keeps its d current */
        drawn.push(cut);
      }
    });
    legend(readout, 'h4');
    if (!report()) { setTimeout(report, 0); }  /* the legend is made after the date bar, in the same script */
  }
  function report() {  /* the same entry in the printed report's legend (geo export), first */
    var details = document.querySelector('.geo-legend details');
    if (!details || !other || document.querySelector('.geo-legend .geo-compare-section')) { return !!details; }
    var section = document.createElement('section');
    section.className = 'geo-compare-section';
    legend(section, 'h4');
    details.insertBefore(section, details.querySelector('section'));
    return true;
  }
  function set(day, fromHash) {
    other = valid(day);
    field.value = other || '';
    if (other) { box.hidden = false; }
    if (!fromHash) { geoHashSet({compare: other}); }
    draw();
  }
  toggle.onclick = function () {
    box.hidden = !box.hidden && !other;
    if (!box.hidden) { field.focus(); }
  };
  field.onchange = function () { if (valid(field.value)) { set(field.value); } };
  clear.onclick = function () { set(null); box.hidden = true; toggle.focus(); };
  window.addEventListener('hashchange', function () {
    var day = valid(geoHashGet().compare);
    if (day !== other) { set(day, true); if (!day) { box.hidden = true; } }
  });
  other = valid(geoHashGet().compare);
  field.value = other || '';
  box.hidden = !other;
  /* a story step's "since" (story.js): compare with it, or clear (the step sets the day shown itself) */
  map.geoCompare = function (since) { set(since || null, true); if (!since) { box.hidden = true; } };
  /* geoTimeline calls this for each day shown */
  return {show: function (day) { shown = day; draw(); }};
}
