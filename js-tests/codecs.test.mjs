// The compressed payloads decode to what Python encoded: base85 and gzip'd int32 byte planes
// (geo/render/columnar.py, events.js), the three kinds of text block, the compare table's packed
// integers (geo/render/compare.py, compare.js), and the control map unfolded from its changes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fixtures, events, compare, geo} from './load.mjs';

const {columns} = fixtures;

test('base85 text is the bytes Python wrote, a last group of k + 1 characters for k bytes', () => {
  for (const {bytes, text} of columns.base85) { assert.deepEqual(Array.from(events.geoUnpack(text)), bytes, text); }
});

test('gzip\'d byte planes are the integers, zigzag and delta coded as the layout says', async () => {
  const {text, n, layout, plain, delta} = columns.planes;
  const out = events.geoPlanes(await events.geoInflate(text), n, layout);
  assert.deepEqual(Array.from(out.plain), plain);
  assert.deepEqual(Array.from(out.delta), delta);
});

for (const [kind, {block, values}] of Object.entries(columns.text)) {
  test(`a ${kind} text block gives every row its text`, async () => {
    const get = await events.geoTextBlock(block, values.length);
    assert.deepEqual(values.map((_, i) => get(i)), values);
  });
}

test('values are written as text: lists joined, nothing for null', () => {
  assert.equal(events.geoValueText(null), '');
  assert.equal(events.geoValueText(['a', 2, ['b']]), 'a, 2, b');
});

test('the density grid takes Python\'s ramp, light to dark, in equal steps', () => {
  const ramp = fixtures.ramp;
  assert.equal(events.geoRampColour(ramp, 0), ramp[0]);
  assert.equal(events.geoRampColour(ramp, 1), ramp[ramp.length - 1]);
  assert.equal(events.geoRampColour(ramp, 0.5), ramp[Math.floor(ramp.length / 2)]);
});

test('the compare table unpacks to the integers compare.pack wrote', () => {
  assert.deepEqual(compare.geoCompareUnpack(fixtures.compare.packed), fixtures.compare.values);
  assert.deepEqual(compare.geoCompareUnpack(''), []);
});

test('each state gets the whole control map from the changes since the one before', () => {
  const states = [{controlChanges: {a: ['s1', false], b: ['s2', true]}}, {controlChanges: {a: null, c: ['s2', false]}}, {}];
  const control = geo.geoUnfoldControl(states);
  assert.deepEqual({...control[0]}, {a: ['s1', false], b: ['s2', true]});
  assert.deepEqual({...control[1]}, {b: ['s2', true], c: ['s2', false]});
  assert.deepEqual({...control[2]}, {...control[1]});
  assert.notEqual(control[2], control[1], 'each state its own map');
  assert.ok(!('control' in states[0]), 'the payload is left as Python wrote it');
});
