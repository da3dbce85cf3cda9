// The reference drawings tests/test_symbols.py holds geo's symbols to: each case of cases.json
// drawn by milsymbol.js itself (npm milsymbol 3.0.4), written to golden.json. The test writes
// cases.json and runs this when GEO_UPDATE_GOLDEN=1; by hand:
//   npm install --prefix /tmp/milsymbol milsymbol@3.0.4
//   NODE_PATH=/tmp/milsymbol/node_modules node tests/data/symbols/make_golden.cjs
const fs = require("fs");
const path = require("path");
const ms = require("milsymbol");

const here = __dirname;
const cases = JSON.parse(fs.readFileSync(path.join(here, "cases.json"), "utf8"));
const out = {version: require("milsymbol/package.json").version, symbols: {}};
for (const [key, c] of Object.entries(cases)) {
  const options = {size: c.size};
  if (c.fill) options.fillColor = c.fill;
  if (c.info) options.additionalInformation = c.info;
  const symbol = new ms.Symbol(c.code, options);
  const anchor = symbol.getAnchor(), size = symbol.getSize();
  out.symbols[key] = {svg: symbol.asSVG(), valid: symbol.isValid(), anchor: [anchor.x, anchor.y],
                      size: [size.width, size.height]};
}
fs.writeFileSync(path.join(here, "golden.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`${Object.keys(out.symbols).length} symbols drawn by milsymbol ${out.version}`);
