// One folding rule, as data: the page's geoFold gives every shared case the key Python's
// geo.read.gazetteer.normalise gives it (the same cases tests/test_tools.py runs in Chromium).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fixtures, tools} from './load.mjs';

tools.geoSetFolding(fixtures.folding.rule);

for (const [spellings, keys] of fixtures.folding.cases) {
  test(`folds ${spellings.join(' | ')} as Python does`, () => {
    assert.deepEqual(spellings.map(tools.geoFold), keys);
  });
}

test('a query matches a whole name, the start of a word, or inside, best first', () => {
  const names = ['Saraqeb', 'Tall Saraqib'], folded = names.map(tools.geoFold);
  assert.deepEqual(tools.geoMatch(folded, names, tools.geoFold('saraqeb')), {how: 0, name: 'Saraqeb'});
  assert.deepEqual(tools.geoMatch(folded, names, 'sarv'), null);
  assert.equal(tools.geoMatch(folded, names, 'araq').how, 2);
  assert.equal(tools.geoMatch(['tal saraqib'], ['Tall Saraqib'], 'saraq').how, 1);
});
