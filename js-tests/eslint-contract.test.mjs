// The contract's ESLint rules catch what they are for: a key the contract does not declare, read
// through a chain, an array callback, geoOwn, a variable or a local function's argument; an entry
// whose JSDoc does not give the contract's type; a type the contract does not have.
import {describe, it} from 'node:test';
import {RuleTester} from 'eslint';
import plugin from './eslint-contract.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
const tester = new RuleTester({languageOptions: {ecmaVersion: 2022, sourceType: 'module'}});
const undeclared = (key, type) => ({message: `'${key}' is not declared in ${type} (geo/render/contract.py)`});

tester.run('reads-declared-keys', plugin.rules['reads-declared-keys'], {
  valid: [
    '/** @param {GeoTimelineConfig} cfg */ function f(cfg) { return cfg.states[0].controlChanges.x; }',
    '/** @param {GeoTimelineConfig} cfg */ function f(cfg) { cfg.states.forEach(function (s) { return s.status; }); }',
    '/** @param {GeoColumnarData} data */ function f(data) { return data.text.name.dict || data.text.name.rows; }',
    '/** @param {GeoFeatureLayerData} data */ function f(data) { return data.symbols.anyKey.variants; }',
    'function f(cfg) { return cfg.anything; }',
  ],
  invalid: [
    {code: '/** @param {GeoTimelineConfig} cfg */ function f(cfg) { return cfg.states[0].day; }',
     errors: [undeclared('day', 'GeoState')]},
    {code: '/** @param {GeoTimelineConfig} cfg */ function f(cfg) { cfg.states.map(function (s) { return s.control; }); }',
     errors: [undeclared('control', 'GeoState')]},
    {code: '/** @param {GeoTimelineConfig} cfg */ function f(cfg) { var c = cfg.compare; return c.gains; }',
     errors: [undeclared('gains', 'GeoCompareConfig')]},
    {code: '/** @param {GeoFeatureLayerData} data */ function f(data) { return geoOwn(data.symbols, "a").sise; }',
     errors: [undeclared('sise', 'GeoSymbol')]},
    {code: '/** @param {GeoStoryConfig} cfg */ function f(cfg) { show(cfg.steps[0]); function show(step) { return step.captions; } }',
     errors: [undeclared('captions', 'GeoStoryStep')]},
    {code: '/** @param {GeoColumnarData} data */ function f(data) { return data.text.name.codez; }',
     errors: [undeclared('codez', 'GeoDictBlock or GeoPackedDictBlock or GeoIntsBlock or GeoRowsBlock')]},
    {code: 'function f() { /** @type {GeoFlot} */ var flot = g(); return flot.towards; }',
     errors: [undeclared('towards', 'GeoFlot')]},
    {code: '/** @param {GeoNoSuchThing} x */ function f(x) { return x; }',
     errors: [{message: 'GeoNoSuchThing is not a type of the contract (geo/render/contract.py)'}]},
  ],
});

tester.run('entries', plugin.rules.entries, {
  valid: ['/** @param {GeoFeatureLayerData} data */ function geoFeatureLayer(data) {}', 'function other(data) {}'],
  invalid: [
    {code: 'function geoFeatureLayer(data) {}', errors: 1},
    {code: '/** @param {GeoState} cfg */ function geoTimeline(map, cfg, layers, areas, fronts) {}', errors: 1},
    {code: '/** @param {GeoToolsOptions} options */ function geoTools(map, options, extra) {}', errors: 1},
  ],
});
