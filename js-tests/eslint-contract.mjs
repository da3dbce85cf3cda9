// ESLint rules that hold the page's code to the contract Python declares (geo/render/contract.py,
// generated into geo/render/static/contract.js as JSDoc):
//  - contract/reads-declared-keys: a value typed with a contract type (`@param {GeoState} state`,
//    `/** @type {GeoSymbol} */ var s`) is read only through declared keys. The type follows member
//    chains (`cfg.states[i].date`), array callbacks (`cfg.states.forEach(function (state) …)`),
//    `geoOwn(map, key)`, variables initialised from a typed chain (`var c = cfg.compare`), and
//    arguments handed to a function declared in the same module (`show(steps[i])`).
//  - contract/entries: each function Python calls (GeoEntries) declares the contract's types for
//    its data arguments, and a `Geo…` type named in a JSDoc tag exists in the contract.
import {readFileSync} from 'node:fs';

const CONTRACT = new URL('../geo/render/static/contract.js', import.meta.url);
const SOURCE = 'geo/render/contract.py';

/* -- the contract's types ------------------------------------------------------------------- */
function splitTop(text, sep) {
  const out = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('<[('.includes(c)) { depth++; } else if ('>])'.includes(c)) { depth--; } else if (c === sep && !depth) {
      out.push(text.slice(start, i).trim()); start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

export function parseType(text) {
  const options = splitTop(text.trim(), '|');
  if (options.length > 1) { return {kind: 'union', options: options.map(parseType)}; }
  const t = options[0];
  let m;
  if ((m = /^Array<(.*)>$/.exec(t))) { return {kind: 'array', of: parseType(m[1])}; }
  if ((m = /^Object<string,(.*)>$/.exec(t))) { return {kind: 'map', of: parseType(m[1])}; }
  if ((m = /^\[(.*)\]$/.exec(t))) { return {kind: 'tuple', items: splitTop(m[1], ',').map(parseType)}; }
  if (/^Geo\w+$/.test(t)) { return {kind: 'ref', name: t}; }
  return {kind: 'other', text: t};
}

export function readContract(text) {
  const types = new Map(), entries = new Map();
  for (const block of text.match(/\/\*\*[\s\S]*?\*\//g) || []) {
    const def = /@typedef \{([^}]*)\} (\w+)/.exec(block);
    if (!def) { continue; }
    const props = new Map();
    for (const p of block.matchAll(/@property \{([^}]*)\} \[?(\w+)\]?/g)) { props.set(p[2], p[1]); }
    if (def[2] === 'GeoEntries') {
      for (const [name, type] of props) { entries.set(name, splitTop(/^function\((.*)\)$/.exec(type)[1], ',')); }
    } else if (def[1] === 'Object') {
      types.set(def[2], {kind: 'object', name: def[2], props: new Map([...props].map(([k, v]) => [k, parseType(v)]))});
    } else {
      types.set(def[2], parseType(def[1]));
    }
  }
  return {types, entries};
}

const ARRAY_CALLBACKS = {forEach: 0, map: 0, filter: 0, some: 0, every: 0, find: 0, findIndex: 0};

function makeTyper(contract, context) {
  const {types} = contract;
  const sourceCode = context.sourceCode;
  const seen = new Set();

  function resolve(t) {
    if (!t) { return []; }
    if (t.kind === 'ref') { return types.has(t.name) ? resolve(types.get(t.name)) : []; }
    if (t.kind === 'union') { return t.options.flatMap(resolve); }
    return [t];
  }
  function union(list) { return list.length === 0 ? null : list.length === 1 ? list[0] : {kind: 'union', options: list}; }

  /* `.key` on a value of type t: the key's type, {callback} for an array method, or null (unknown). */
  function member(t, key, node) {
    const options = resolve(t);
    const objects = options.filter((o) => o.kind === 'object');
    if (objects.length) {
      const found = objects.filter((o) => o.props.has(key));
      if (!found.length) {
        context.report({node, message: `'${key}' is not declared in ${objects.map((o) => o.name).join(' or ')} (${SOURCE})`});
        return null;
      }
      return union(found.map((o) => o.props.get(key)));
    }
    if (options.length && options.every((o) => o.kind === 'array' || o.kind === 'tuple')) {
      if (key in ARRAY_CALLBACKS) { return {callback: ARRAY_CALLBACKS[key], element: index(t, null)}; }
      return null;
    }
    const maps = options.filter((o) => o.kind === 'map');
    return maps.length ? union(maps.map((o) => o.of)) : null;
  }
  /* `[i]` on a value of type t. */
  function index(t, property) {
    const out = [];
    for (const o of resolve(t)) {
      if (o.kind === 'array' || o.kind === 'map') { out.push(o.of); }
      if (o.kind === 'tuple') {
        const i = property && property.type === 'Literal' ? property.value : null;
        if (typeof i === 'number') { if (o.items[i]) { out.push(o.items[i]); } } else { out.push(...o.items); }
      }
    }
    return union(out);
  }

  /* Follow the uses of an expression `node` of type t. */
  function follow(node, t) {
    let cur = node;
    for (;;) {
      const p = cur.parent;
      if (p.type === 'MemberExpression' && p.object === cur) {
        const next = p.computed ? index(t, p.property) : member(t, p.property.name, p.property);
        if (!next) { return; }
        if (next.callback !== undefined) {
          const call = p.parent;
          const fn = call.type === 'CallExpression' && call.callee === p ? call.arguments[0] : null;
          if (fn && next.element) { typeParam(fn, next.callback, next.element); }
          return;
        }
        t = next; cur = p; continue;
      }
      if (p.type === 'ChainExpression' || (p.type === 'LogicalExpression' && p.left === cur)) { cur = p; continue; }
      if (p.type === 'CallExpression' && p.callee.type === 'Identifier' && p.callee.name === 'geoOwn' && p.arguments[0] === cur) {
        t = index(t, null);
        if (!t) { return; }
        cur = p; continue;
      }
      if (p.type === 'CallExpression' && p.callee.type === 'Identifier' && p.arguments.includes(cur)) {
        const fn = localFunction(p.callee);  /* a typed value handed to a function of this module */
        if (fn) { typeParam(fn, p.arguments.indexOf(cur), t); }
        return;
      }
      if (p.type === 'VariableDeclarator' && p.init === cur && p.id.type === 'Identifier') {
        sourceCode.getDeclaredVariables(p).forEach((v) => typeVariable(v, t));
      }
      return;
    }
  }
  /* The function declared in this module that `callee` names, if any. */
  function localFunction(callee) {
    for (let scope = sourceCode.getScope(callee); scope; scope = scope.upper) {
      const variable = scope.set.get(callee.name);
      if (variable) {
        const def = variable.defs[0];
        return def && def.type === 'FunctionName' ? def.node : null;
      }
    }
    return null;
  }
  function typeVariable(variable, t) {
    if (seen.has(variable)) { return; }
    seen.add(variable);
    variable.references.forEach((ref) => { if (ref.isRead()) { follow(ref.identifier, t); } });
  }
  function typeParam(fn, position, t) {
    if (!fn || !/Function/.test(fn.type)) { return; }
    const param = fn.params[position];
    if (!param || param.type !== 'Identifier') { return; }
    sourceCode.getDeclaredVariables(fn).filter((v) => v.name === param.name).forEach((v) => typeVariable(v, t));
  }
  return {typeParam, typeVariable, known: (name) => types.has(name)};
}

/* The JSDoc block that documents `node` (a function, or a declaration): the last /** comment
   before the statement, property or declaration it belongs to. */
function jsdocOf(sourceCode, node) {
  let target = node;
  while (['VariableDeclarator', 'VariableDeclaration', 'AssignmentExpression', 'ExpressionStatement',
          'ExportNamedDeclaration', 'Property'].includes(target.parent.type)) {
    target = target.parent;
  }
  const comments = sourceCode.getCommentsBefore(target).filter((c) => c.type === 'Block' && c.value.startsWith('*'));
  return comments.length ? comments[comments.length - 1].value : '';
}

function tags(doc, tag) {
  return [...doc.matchAll(new RegExp(`@${tag} \\{([^}]*)\\}(?: (\\w+))?`, 'g'))].map((m) => ({type: m[1], name: m[2]}));
}

let cached = null;
function contract() {
  if (!cached) { cached = readContract(readFileSync(CONTRACT, 'utf8')); }
  return cached;
}

const readsDeclaredKeys = {
  meta: {type: 'problem', docs: {description: 'payloads are read only through keys the contract declares'}, schema: []},
  create(context) {
    const c = contract(), typer = makeTyper(c, context), sourceCode = context.sourceCode;
    function unknownTypes(doc, node) {
      for (const m of doc.matchAll(/@(?:param|type) \{([^}]*)\}/g)) {
        for (const name of m[1].match(/\bGeo\w+/g) || []) {
          if (!typer.known(name)) { context.report({node, message: `${name} is not a type of the contract (${SOURCE})`}); }
        }
      }
    }
    function onFunction(fn) {
      const doc = jsdocOf(sourceCode, fn);
      if (!doc) { return; }
      unknownTypes(doc, fn);
      for (const {type, name} of tags(doc, 'param')) {
        const at = fn.params.findIndex((p) => p.type === 'Identifier' && p.name === name);
        if (at >= 0 && /\bGeo\w+/.test(type)) { typer.typeParam(fn, at, parseType(type)); }
      }
    }
    return {
      FunctionDeclaration: onFunction,
      FunctionExpression: onFunction,
      VariableDeclaration(node) {
        const doc = jsdocOf(sourceCode, node);
        const [typed] = tags(doc, 'type');
        if (!typed || !/\bGeo\w+/.test(typed.type)) { return; }
        unknownTypes(doc, node);
        sourceCode.getDeclaredVariables(node.declarations[0]).forEach((v) => typer.typeVariable(v, parseType(typed.type)));
      },
    };
  },
};

const entries = {
  meta: {type: 'problem', docs: {description: 'the functions Python calls declare the contract\'s types'}, schema: []},
  create(context) {
    const c = contract(), sourceCode = context.sourceCode;
    return {
      FunctionDeclaration(fn) {
        const declared = fn.id && c.entries.get(fn.id.name);
        if (!declared) { return; }
        const params = tags(jsdocOf(sourceCode, fn), 'param');
        declared.forEach((type, i) => {
          if (type === '*') { return; }
          const name = fn.params[i] && fn.params[i].name;
          const found = params.find((p) => p.name === name);
          if (!found || found.type.replace(/\s/g, '') !== type.replace(/\s/g, '')) {
            context.report({node: fn.params[i] || fn,
                            message: `${fn.id.name}: argument ${i + 1} is {${type}} in the contract (${SOURCE}); its JSDoc says {${found ? found.type : 'nothing'}}`});
          }
        });
        if (fn.params.length !== declared.length) {
          context.report({node: fn, message: `${fn.id.name}: the contract passes ${declared.length} arguments, it takes ${fn.params.length}`});
        }
      },
    };
  },
};

export default {rules: {'reads-declared-keys': readsDeclaredKeys, entries}};
