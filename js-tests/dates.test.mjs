// Days: the date bar's numbers of days and the text of a day, as Python writes them.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fixtures, geo} from './load.mjs';

test('an ISO day is the number of days Python counts from 1970-01-01, and back', () => {
  for (const [iso, days] of fixtures.days) {
    assert.equal(geo.geoDays(iso), days, iso);
    assert.equal(geo.geoIso(days), iso, String(days));
  }
});

test('a day is written as geo.derive.posts.day_text writes it, with the months shipped', () => {
  for (const [iso, , text] of fixtures.days) { assert.equal(geo.geoDayText(iso, fixtures.months), text); }
  assert.equal(geo.geoDayText('2020-02-07', null), '2020-02-07', 'without the months: as it came');
});

test('a feature is shown from its first to its last day, each bound optional', () => {
  assert.ok(geo.geoShownOn({}, '2020-01-01'));
  assert.ok(geo.geoShownOn({from: '2020-01-01', to: '2020-01-03'}, '2020-01-03'));
  assert.ok(!geo.geoShownOn({from: '2020-01-02'}, '2020-01-01'));
  assert.ok(!geo.geoShownOn({to: '2020-01-02'}, '2020-01-03'));
});
