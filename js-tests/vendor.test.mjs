// The libraries shipped in the wheel are exactly the pinned npm packages' files (`npm run vendor`).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {VENDORED} from './vendored.mjs';

for (const [from, to] of VENDORED) {
  test(`static/vendor/${to} is node_modules/${from}`, () => {
    const shipped = readFileSync(new URL(`../geo/render/static/vendor/${to}`, import.meta.url));
    const pinned = readFileSync(new URL(`../node_modules/${from}`, import.meta.url));
    assert.ok(shipped.equals(pinned), `run \`npm run vendor\`: ${to} differs from the pinned ${from}`);
  });
}
