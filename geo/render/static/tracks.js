/* Units that move (geo.render.tracks): on each day, each track's line through the positions
   reported up to then, chevrons along it pointing the way the unit moved, and the opacity of the
   symbol at its latest position. Both are looked up from what Python derived per day
   (data.tracks[i].steps: [positions so far, opacity] for each day from data.tracks[i].first);
   which report's symbol is shown is the unit layer's own (the timeline cut its days). */
import {geoOwn} from './geo.js';
/** @param {GeoTracksData} data */
export function geoTracks(map, data, units) {
  var DAY = 86400000, group = L.featureGroup(), current = null;
  var entries = Object.create(null);  /* report id: the unit layer's entry (its marker) */
  (units.geoEntries || []).forEach(function (e) { entries[e.props.id] = e; });
  /* each report's popup ends with its track so far (escaped HTML made in Python) */
  Object.keys(data.popups).forEach(function (id) {
    var e = geoOwn(entries, id);
    if (!e) { return; }
    var p = String(e.props.popup), at = p.lastIndexOf('</div>');
    e.props.popup = at >= 0 ? p.slice(0, at) + data.popups[id] + p.slice(at) : p + data.popups[id];
    e.layer.setPopupContent(e.props.popup);
  });
  var lines = data.tracks.map(function (t, index) {  /* each over a pale halo (casing): legible over its own side's area */
    var casing = L.polyline([], L.extend({}, data.casing, {interactive: false, className: 'geo-track-casing'}));
    var line = L.polyline([], L.extend({}, data.style, {color: t.colour, interactive: false,
                                                       className: 'geo-track-line'}));
    line.geoTrack = t;
    line.geoIndex = index;  /* a number, never data, in the page's attributes */
    line.geoCasing = casing;
    geoChevrons(casing);
    geoChevrons(line);
    return line;
  });
  function stepOn(t, day) {
    var i = Math.round((Date.parse(day + 'T00:00:00Z') - Date.parse(t.first + 'T00:00:00Z')) / DAY);
    return i >= 0 && i < t.steps.length ? t.steps[i] : null;
  }
  group.geoSetDay = function (day) {
    current = day;
    lines.forEach(function (line) {
      var t = line.geoTrack, step = stepOn(t, day);
      t.ids.forEach(function (id, k) {  /* the latest report's symbol fades with its age */
        var e = geoOwn(entries, id);
        if (e && e.layer.setOpacity) { e.layer.setOpacity(step && k === step[0] - 1 ? step[1] : 1); }
      });
      var drawn = !!step && step[0] > 1;
      [line.geoCasing, line].forEach(function (path) {
        path.setLatLngs(step ? t.coords.slice(0, step[0]) : []);
        if (drawn && !group.hasLayer(path)) { group.addLayer(path); }
        if (!drawn && group.hasLayer(path)) { group.removeLayer(path); }
      });
      var el = line.getElement && line.getElement();
      if (el) { el.dataset.geoTrack = line.geoIndex; el.dataset.geoVertices = step ? step[0] : 0; }
    });
  };
  group.geoDay = function () { return current; };
  map.on('geoday', function (e) { group.geoSetDay(e.day); });
  group.on('add', function () { if (current) { group.geoSetDay(current); } });
  group.geoLines = lines;
  (window.geoTrackLayers = window.geoTrackLayers || []).push(group);
  return group;
}

/* A line drawn with its direction: a chevron at the middle of each segment long enough to hold
   one, pointing the way the line runs, recomputed in pixels at every zoom. */
export function geoChevrons(line) {
  var size = 5, room = 4 * size;
  line._updatePath = function () {
    if (!this._renderer || !this._renderer._setPath) { return L.Polyline.prototype._updatePath.call(this); }
    var d = '';
    this._parts.forEach(function (points) {
      if (points.length < 2) { return; }
      d += L.SVG.pointsToPath([points], false);
      for (var i = 1; i < points.length; i++) {
        var a = points[i - 1], b = points[i], len = a.distanceTo(b);
        if (len < room) { continue; }
        var ux = (b.x - a.x) / len, uy = (b.y - a.y) / len, mx = (a.x + b.x) / 2 + ux * size / 2, my = (a.y + b.y) / 2 + uy * size / 2;
        var p = function (x, y) { return x.toFixed(1) + ' ' + y.toFixed(1); };
        d += 'M' + p(mx - ux * size * 1.6 - uy * size, my - uy * size * 1.6 + ux * size) + 'L' + p(mx, my)
          + 'L' + p(mx - ux * size * 1.6 + uy * size, my - uy * size * 1.6 - ux * size);
      }
    });
    this._renderer._setPath(this, d || 'M0 0');
    var el = this.getElement();
    if (el && this.geoTrack) { el.dataset.geoTrack = this.geoIndex; el.dataset.geoVertices = this.getLatLngs().length; }
  };
}
