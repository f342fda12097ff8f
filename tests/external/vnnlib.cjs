#!/usr/bin/env node
'use strict';
/*
 * VNN-LIB verdicts (label external): mnist_fc properties of mnist-net_256x2 from the shared nets
 * folder (--nets DIR, read in place).  For each property of PROPS:
 *   - `nn2milp NET --spec PROP -o p.mps --map p.json --bounds lp --bound-time 30` must succeed;
 *   - CBC (-sec TIME_LIMIT) decides the model: feasible = "sat" (a counterexample exists),
 *     infeasible = "unsat"; the verdict must equal EXPECTED.csv (official VNN-COMP results).  A
 *     time-out is a failure (the list is chosen so that CBC decides every one in seconds);
 *   - for a sat verdict, the solver's input (variables named by the map; CBC prints 8
 *     significant digits) must lie in the property's box (within 1e-6), and onnxruntime's outputs
 *     at that input (clamped to the box) must satisfy the property's output condition within 1e-4.
 * The property is read by tests/e2e/vnnlib_reader.cjs, a small reader independent of nn2milp's.
 *
 * usage: node vnnlib.cjs --nn2milp BIN --source-dir DIR --nets DIR [--include RE] [--exclude RE]
 */
const fs = require('fs');
const path = require('path');
const L = require('../e2e/lib.cjs');
const { readProperty } = require('../e2e/vnnlib_reader.cjs');

const NET = 'mnist_fc/onnx/mnist-net_256x2.onnx';
// 4 sat and 7 unsat properties that CBC decides within seconds on 2 cores (measured: 0.1-3 s
// each for the solve, up to 10 s for the LP bounds). The LP bound pass gets a budget it does not
// reach (--bound-time 30), so the written model does not depend on the machine's load: with the
// default 10 s, prop_0_0.05 (sat) was once decided by CBC in 5 s and once not within 60 s.
const PROPS = [
  'prop_0_0.03', 'prop_1_0.03', 'prop_2_0.03', 'prop_3_0.05', 'prop_4_0.03', 'prop_7_0.05',
  'prop_10_0.05', 'prop_11_0.05', 'prop_12_0.03', 'prop_12_0.05', 'prop_14_0.05',
];
const TIME_LIMIT = 60;
const BOX_TOL = 1e-6;
const OUT_TOL = 1e-4;

function expectedVerdicts(nets) {
  const rows = fs.readFileSync(path.join(nets, 'mnist_fc', 'EXPECTED.csv'), 'utf8').trim().split('\n').slice(1);
  const m = new Map();
  for (const r of rows) {
    const [net, prop, expected] = r.split(',');
    m.set(`${net}/${prop}`, expected);
  }
  return m;
}

async function main() {
  const args = L.parseArgs();
  L.requireTools(args, { glpk: false, highs: false, ort: true });
  if (!args.nets || !fs.existsSync(args.nets)) throw new Error(`--nets DIR missing or not found: ${args.nets}`);
  const model = path.join(args.nets, NET);
  const expected = expectedVerdicts(args.nets);
  const props = PROPS.filter((p) => L.selected(args, p));
  const rep = new L.Report(`VNN-LIB verdicts for ${NET}: ${props.length} properties`);
  const work = L.makeWorkDir('vnnlib');
  const table = [];
  for (const p of props) {
    const t0 = Date.now();
    const spec = path.join(args.nets, 'mnist_fc', 'vnnlib', `${p}.vnnlib`);
    const want = expected.get(`${path.basename(NET)}/${p}.vnnlib`);
    const row = { p, want, got: '-', compile: 0, solve: 0, note: '' };
    table.push(row);
    try {
      if (!rep.check(`${p}: expected verdict known`, want === 'sat' || want === 'unsat', `${want}`)) continue;
      const out = path.join(work, `${p}.mps`);
      const mapFile = path.join(work, `${p}.map.json`);
      const c = L.compile(args, model, out, { map: mapFile, extra: ['--spec', spec, '--bounds', 'lp', '--bound-time', '30'] });
      row.compile = c.ms;
      if (!rep.check(`${p}: compile`, c.status === 0, c.stderr.trim().split('\n').slice(-1)[0])) continue;
      if (/bounds alone prove/.test(c.stderr)) row.note = 'unsat by bounds';
      const cbc = L.solveCbc(out, { timeLimit: TIME_LIMIT, dir: work });
      row.solve = cbc.ms;
      const st = cbc.status || '';
      const got = cbc.ok ? 'sat' : /^(Integer )?[Ii]nfeasible/.test(st) ? 'unsat' : 'unknown';
      row.got = got;
      rep.check(`${p}: verdict ${got} (expected ${want})`, got === want, `cbc '${st.slice(0, 40)}', ${cbc.ms} ms`);
      if (got !== 'sat') continue;

      const prop = readProperty(spec);
      const map = L.readMap(mapFile);
      const x = map.inputVars.map((n) => L.cbcValue(cbc, n));
      if (!rep.check(`${p}: counterexample has ${prop.box.length} inputs`, x.length === prop.box.length, `${x.length}`)) continue;
      let outside = 0;
      x.forEach((v, k) => { outside = Math.max(outside, prop.box[k][0] - v, v - prop.box[k][1]); });
      rep.check(`${p}: counterexample lies in the box`, outside <= BOX_TOL, `largest excess ${outside.toExponential(2)}`);
      const xc = x.map((v, k) => Math.min(prop.box[k][1], Math.max(prop.box[k][0], v)));
      const [y] = L.ortEval(args, model, [xc], work);
      const strict = prop.holds(xc, y, 0);
      rep.check(`${p}: onnxruntime confirms the counterexample`, prop.holds(xc, y, OUT_TOL),
        `y = [${y.map((v) => v.toFixed(4)).join(', ')}]${strict ? '' : ' (only within tolerance)'}`);
      if (!strict) rep.note(`${p}: the counterexample violates the property only within ${OUT_TOL}`);
    } catch (e) {
      rep.check(`${p}: no exception`, false, e.stack);
    }
    console.log(`# ${p}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log('# property        expected  nn2milp+cbc  compile  solve');
  for (const r of table) {
    console.log(`# ${r.p.padEnd(15)} ${String(r.want).padEnd(9)} ${r.got.padEnd(12)} ${(r.compile / 1000).toFixed(1).padStart(6)}s ${(r.solve / 1000).toFixed(1).padStart(5)}s ${r.note}`);
  }
  if (rep.failed === 0 && !args.keep) L.removeDir(work);
  else console.log(`# work files kept in ${work}`);
  rep.finish();
}

main().catch((e) => {
  console.log(e.stack);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
