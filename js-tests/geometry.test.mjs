// Coordinates and shapes: MGRS and geodesics (the vendored npm libraries, through the page's
// functions) against Python's `mgrs` and pyproj.Geod; DMS; the forward line's scallops; label boxes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fixtures, tools, geo, labels} from './load.mjs';

const {geodesy} = fixtures;
const L = globalThis.L;  // load.mjs's stand-in for Leaflet's points

test('MGRS to the metre as Python\'s mgrs writes it (zone exceptions included)', () => {
  let exact = 0;
  for (const [lat, lon, theirs] of geodesy.mgrs) {
    const ours = tools.geoMgrs(lat, lon);
    assert.match(ours, /^\d{2}[C-X] [A-Z]{2} \d{5} \d{5}$/);
    const mine = ours.replace(/ /g, '');
    assert.equal(mine.slice(0, -10), theirs.slice(0, -10), `${lat}, ${lon}`);
    for (const [a, b] of [[mine.slice(-10, -5), theirs.slice(-10, -5)], [mine.slice(-5), theirs.slice(-5)]]) {
      assert.ok(Math.abs(Number(a) - Number(b)) <= 1, `${lat}, ${lon}: ${ours} against ${theirs}`);
    }
    exact += mine === theirs;
  }
  assert.ok(exact >= geodesy.mgrs.length - 2, `${exact} of ${geodesy.mgrs.length} to the metre`);
  assert.equal(tools.geoMgrs(85, 10), null, 'no MGRS at the poles');
});

test('distances and areas on the ellipsoid as pyproj.Geod computes them', () => {
  for (const [lat1, lon1, lat2, lon2, metres] of geodesy.distances) {
    assert.ok(Math.abs(tools.geoGeodesicDistance(lat1, lon1, lat2, lon2) - metres) <= 1e-6 + 1e-9 * metres);
  }
  for (const [ring, area] of geodesy.areas) {
    assert.ok(Math.abs(tools.geoGeodesicArea(ring) - area) <= 1e-9 * area, `${tools.geoGeodesicArea(ring)} against ${area}`);
  }
});

test('degrees, minutes and seconds', () => {
  assert.equal(tools.geoDms(35.86447, 36.80591), '35°51′52″N 36°48′21″E');
  assert.equal(tools.geoDms(-0.5, -0.25), '0°30′00″S 0°15′00″W');
});

test('a forward line: arcs of diameter 2r along the path, gaps between, to its end', () => {
  const pts = [L.point(0, 0), L.point(26, 0)];
  const d = geo.geoScallops(pts, 5, 3, 1);
  assert.equal(d, 'M0.0 0.0L0.0 0.0A5 5 0 0 1 10.0 0.0L13.0 0.0A5 5 0 0 1 23.0 0.0L26.0 0.0');
  assert.equal(geo.geoScallops([L.point(0, 0)], 5, 3, 1), '');
  assert.match(geo.geoScallops([L.point(0, 0), L.point(10, 0), L.point(10, 10)], 5, 3, 0), /^M0\.0 0\.0.*L10\.0 10\.0$/);
});

test('label boxes around a symbol never meet it, and meeting is strict overlap', () => {
  const symbol = {x0: 0, y0: 0, x1: 10, y1: 10};
  const boxes = labels.geoLabelBoxes(symbol, 30, 8);
  assert.ok(boxes.length >= 8);
  for (const b of boxes) { assert.ok(!labels.geoBoxesMeet(b, symbol)); assert.equal(b.x1 - b.x0, 30); }
  assert.ok(labels.geoBoxesMeet(symbol, {x0: 9, y0: 9, x1: 20, y1: 20}));
  assert.ok(!labels.geoBoxesMeet(symbol, {x0: 10, y0: 0, x1: 20, y1: 10}));
});
