'use strict';
/*
 * A minimal VNN-LIB reader for the tests, independent of nn2milp's parser (frontend/vnnlib.cc):
 * box from top-level single-variable bounds  (<= X_i c) / (>= X_i c), everything else an output
 * condition built from and / or / <= / >= / < / > over terms (+ ...), (- ...), (* ...), Y_j,
 * X_i and numbers.  Enough for the mnist_fc properties and tests/e2e/specs.
 */
const fs = require('fs');

function sexps(text) {
  const tokens = text.replace(/;[^\n]*/g, ' ').match(/[()]|[^\s()]+/g) || [];
  let i = 0;
  const read = () => {
    const t = tokens[i++];
    if (t !== '(') return t;
    const list = [];
    while (tokens[i] !== ')') {
      if (i >= tokens.length) throw new Error('unbalanced parentheses');
      list.push(read());
    }
    i++;
    return list;
  };
  const out = [];
  while (i < tokens.length) out.push(read());
  return out;
}

// {box: [[lo, hi], ...], holds(x, y, tol): every assertion other than the box holds within tol}.
function readProperty(file) {
  const forms = sexps(fs.readFileSync(file, 'utf8'));
  const box = [];
  const conditions = [];
  const isX = (a) => typeof a === 'string' && /^X_\d+$/.test(a);
  for (const f of forms) {
    if (f[0] === 'declare-const' && isX(f[1])) box[Number(f[1].slice(2))] = [-Infinity, Infinity];
  }
  for (const f of forms) {
    if (f[0] !== 'assert') continue;
    const g = f[1];
    if ((g[0] === '<=' || g[0] === '>=') && isX(g[1]) && typeof g[2] === 'string' && !Number.isNaN(Number(g[2]))) {
      const k = Number(g[1].slice(2));
      const v = Number(g[2]);
      if (g[0] === '<=') box[k][1] = Math.min(box[k][1], v);
      else box[k][0] = Math.max(box[k][0], v);
    } else {
      conditions.push(g);
    }
  }
  const term = (a, x, y) => {
    if (Array.isArray(a)) {
      const v = a.slice(1).map((b) => term(b, x, y));
      if (a[0] === '+') return v.reduce((s, w) => s + w, 0);
      if (a[0] === '-') return v.length === 1 ? -v[0] : v.slice(1).reduce((s, w) => s - w, v[0]);
      if (a[0] === '*') return v.reduce((s, w) => s * w, 1);
      throw new Error(`unexpected term ${JSON.stringify(a)}`);
    }
    if (/^Y_\d+$/.test(a)) return y[Number(a.slice(2))];
    if (/^X_\d+$/.test(a)) return x[Number(a.slice(2))];
    return Number(a);
  };
  const sat = (g, x, y, tol) => {
    if (g[0] === 'and') return g.slice(1).every((h) => sat(h, x, y, tol));
    if (g[0] === 'or') return g.slice(1).some((h) => sat(h, x, y, tol));
    if (g[0] === '<=' || g[0] === '<') return term(g[1], x, y) <= term(g[2], x, y) + tol;
    if (g[0] === '>=' || g[0] === '>') return term(g[1], x, y) >= term(g[2], x, y) - tol;
    throw new Error(`unexpected formula ${JSON.stringify(g).slice(0, 80)}`);
  };
  // Branches of the first asserted disjunction with at least two (1 when there is none).
  const or = conditions.find((g) => g[0] === 'or' && g.length >= 3);
  const disjuncts = or ? or.length - 1 : 1;
  return { box, disjuncts, holds: (x, y, tol) => conditions.every((g) => sat(g, x, y, tol)) };
}

module.exports = { readProperty };
