// Copies the libraries the page inlines from node_modules (as pinned in package-lock.json) into
// geo/render/static/vendor/, with their licences, so that the wheel ships them and `geo build`
// needs no Node. `npm run vendor` after changing a version; vendor.test.mjs fails until then.
import {copyFileSync, mkdirSync} from 'node:fs';
import {VENDORED} from './vendored.mjs';

mkdirSync(new URL('../geo/render/static/vendor/', import.meta.url), {recursive: true});
for (const [from, to] of VENDORED) {
  copyFileSync(new URL(`../node_modules/${from}`, import.meta.url), new URL(`../geo/render/static/vendor/${to}`, import.meta.url));
}
