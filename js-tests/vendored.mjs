// What static/vendor/ holds: [file in node_modules, name in static/vendor/].
export const VENDORED = [
  ['mgrs/dist/mgrs.min.js', 'mgrs.min.js'],
  ['mgrs/license.md', 'mgrs.LICENSE.md'],
  ['geographiclib-geodesic/geographiclib-geodesic.min.js', 'geographiclib-geodesic.min.js'],
  ['geographiclib-geodesic/LICENSE.txt', 'geographiclib-geodesic.LICENSE.txt'],
];
