// The page's modules as Node sees them, with what the page gives them besides: the vendored
// libraries as globals (`mgrs`, `geodesic`: the same bytes, vendor.test.mjs) and the one piece of
// Leaflet a pure function uses (L.point). Python's answers: fixtures.json (tests/js_fixtures.py).
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';

const require = createRequire(import.meta.url);
globalThis.mgrs = require('mgrs');
globalThis.geodesic = require('geographiclib-geodesic');

class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  distanceTo(p) { return Math.hypot(p.x - this.x, p.y - this.y); }
}
globalThis.L = {point: (x, y) => new Point(x, y), Point};

export const fixtures = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url), 'utf8'));
export const geo = await import('../geo/render/static/geo.js');
export const tools = await import('../geo/render/static/tools.js');
export const labels = await import('../geo/render/static/labels.js');
export const events = await import('../geo/render/static/events.js');
export const compare = await import('../geo/render/static/compare.js');
