#!/usr/bin/env node
'use strict';
/*
 * VNN-LIB properties on the project's own digits_mlp (label e2e; issue 7).  The properties in
 * tests/e2e/specs/ were written by hand; each file's header says why its verdict is what it is.
 *   - sampling (onnxruntime, 3000 uniform points of the box): for a "sat" property at least one
 *     sample violates it (a counterexample constructed without nn2milp); for an "unsat" one, none;
 *   - `nn2milp --spec` + CBC: feasible = sat, infeasible = unsat, must equal the expected verdict;
 *   - a sat model's solution input (named by --map) lies in the box and, re-evaluated with
 *     onnxruntime, violates the property (within 1e-4);
 *   - command-line errors: --spec with --input-bounds (exit 2), a property without an upper bound
 *     (exit 6), a malformed property (exit 3, "<file>: <line>:<column>:"), nothing left behind.
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');
const { readProperty } = require('./vnnlib_reader.cjs');

const SPECS = [
  { file: 'digits_mlp.img0_eps0.3.sat.vnnlib', model: 'digits_mlp', expected: 'sat' },
  { file: 'digits_mlp.img1_eps0.08.unsat.vnnlib', model: 'digits_mlp', expected: 'unsat' },
];
const SAMPLES = 3000;
const BOX_TOL = 1e-6;
const OUT_TOL = 1e-4;

function checkSpec(args, rep, s, work) {
  const specFile = path.join(args.sourceDir, 'tests', 'e2e', 'specs', s.file);
  const model = path.join(args.models, `${s.model}.onnx`);
  const prop = readProperty(specFile);
  const tag = s.file;

  const sample = L.ortSample(args, model, SAMPLES, prop.box, 1);
  const violating = sample.outputs.filter((y, n) => prop.holds(sample.points[n], y, 0)).length;
  rep.check(`${tag}: sampling ${s.expected === 'sat' ? 'finds' : 'finds no'} counterexample`,
    s.expected === 'sat' ? violating > 0 : violating === 0, `${violating} of ${SAMPLES} samples violate the property`);

  for (const fmt of ['mps', 'lp']) {
    const out = path.join(work, `${s.file}.${fmt}`);
    const mapFile = path.join(work, `${s.file}.${fmt}.map.json`);
    const c = L.compile(args, model, out, { map: mapFile, extra: ['--spec', specFile] });
    if (!rep.check(`${tag} ${fmt}: compile`, c.status === 0, c.stderr.trim().split('\n').slice(-1)[0])) continue;
    const cbc = L.solveCbc(out, { timeLimit: 60, dir: work });
    const st = cbc.status || '';
    const got = cbc.ok ? 'sat' : /^(Integer )?[Ii]nfeasible/.test(st) ? 'unsat' : 'unknown';
    if (!rep.check(`${tag} ${fmt}: verdict ${got}`, got === s.expected, `expected ${s.expected}; cbc '${st.slice(0, 40)}', ${cbc.ms} ms`)) continue;
    if (got !== 'sat') continue;
    const map = L.readMap(mapFile);
    const x = map.inputVars.map((n) => L.cbcValue(cbc, n));
    let outside = 0;
    x.forEach((v, k) => { outside = Math.max(outside, prop.box[k][0] - v, v - prop.box[k][1]); });
    rep.check(`${tag} ${fmt}: counterexample lies in the box`, x.length === prop.box.length && outside <= BOX_TOL,
      `${x.length} inputs, largest excess ${outside.toExponential(2)}`);
    const xc = x.map((v, k) => Math.min(prop.box[k][1], Math.max(prop.box[k][0], v)));
    const [y] = L.ortEval(args, model, [xc], work);
    rep.check(`${tag} ${fmt}: onnxruntime confirms the counterexample`, prop.holds(xc, y, OUT_TOL),
      `y = [${y.map((v) => v.toFixed(3)).join(', ')}]`);
    // nn2milp check --spec agrees: the solution is a counterexample (exit 0, "violated") ...
    const sol = path.join(work, `${s.file}.${fmt}.cbc.sol`);
    const ok = L.run(args.nn2milp, ['check', model, '--solution', sol, '--map', mapFile, '--spec', specFile]);
    rep.check(`${tag} ${fmt}: nn2milp check --spec confirms the counterexample`,
      ok.status === 0 && /property .*: violated/.test(ok.stdout), `exit ${ok.status}: ${(ok.stdout + ok.stderr).trim().split('\n').slice(-1)[0]}`);
    // ... and a solution whose inputs are a sampled point that does NOT violate it (onnxruntime
    // says so) is refused with exit 7, even with consistent outputs written in.
    const safe = sample.points.findIndex((p, n) => !prop.holds(p, sample.outputs[n], 0));
    if (rep.check(`${tag} ${fmt}: sampling finds a non-violating point`, safe >= 0, '')) {
      const lines = ['Optimal - objective value 0'];
      map.inputVars.forEach((n, k) => lines.push(`${k} ${n} ${sample.points[safe][k]} 0`));
      map.outputVars.forEach((n, k) => lines.push(`${k} ${n} ${sample.outputs[safe][k]} 0`));
      const fake = path.join(work, `${s.file}.${fmt}.safe.sol`);
      fs.writeFileSync(fake, lines.join('\n') + '\n');
      const bad = L.run(args.nn2milp, ['check', model, '--solution', fake, '--map', mapFile, '--spec', specFile, '--tolerance', '1e-4']);
      rep.check(`${tag} ${fmt}: nn2milp check --spec refuses a non-counterexample (exit 7)`,
        bad.status === 7 && /NOT a counterexample/.test(bad.stderr), `exit ${bad.status}: ${bad.stderr.trim().split('\n').slice(-1)[0]}`);
    }
  }
}

function checkErrors(args, rep, work) {
  const model = path.join(args.models, 'digits_mlp.onnx');
  const good = path.join(args.sourceDir, 'tests', 'e2e', 'specs', SPECS[0].file);
  const dir = path.join(work, 'errors');
  fs.mkdirSync(dir);
  const out = path.join(dir, 'p.mps');
  const both = L.compile(args, model, out, { bounds: '0:1', extra: ['--spec', good] });
  rep.check('--spec with --input-bounds: exit 2', both.status === 2, `exit ${both.status}: ${both.stderr.trim().split('\n')[0]}`);

  const text = fs.readFileSync(good, 'utf8');
  const noUpper = path.join(work, 'no_upper.vnnlib');
  fs.writeFileSync(noUpper, text.replace(/\(assert \(<= X_7 [^)]*\)\)/, ''));
  const r6 = L.compile(args, model, out, { extra: ['--spec', noUpper] });
  rep.check('property without an upper bound on X_7: exit 6 naming X_7', r6.status === 6 && /X_7 has no upper bound/.test(r6.stderr),
    `exit ${r6.status}: ${r6.stderr.trim().split('\n')[0]}`);

  const bad = path.join(work, 'bad.vnnlib');
  fs.writeFileSync(bad, '(declare-const X_0 Real)\n(assert (<= X_0 1.0.0))\n');
  const r3 = L.compile(args, model, out, { extra: ['--spec', bad] });
  rep.check('malformed property: exit 3 with file: line:column', r3.status === 3 && r3.stderr.includes(`${bad}: 2:17:`),
    `exit ${r3.status}: ${r3.stderr.trim().split('\n')[0]}`);

  const wrongCount = path.join(work, 'wrong_count.vnnlib');
  fs.writeFileSync(wrongCount, '(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1))(assert (>= X_0 0))\n');
  const rc = L.compile(args, model, out, { extra: ['--spec', wrongCount] });
  rep.check('property for another network: exit 3 naming the counts', rc.status === 3 && /declares 1 inputs/.test(rc.stderr),
    `exit ${rc.status}: ${rc.stderr.trim().split('\n')[0]}`);
  rep.check('no output left behind by the failures', L.listDir(dir).length === 0, `[${L.listDir(dir)}]`);
}

async function main() {
  const args = L.parseArgs();
  L.requireTools(args, { glpk: false, highs: false, ort: true });
  const rep = new L.Report('VNN-LIB properties (tests/e2e/specs)');
  const work = L.makeWorkDir('vnnlib');
  for (const s of SPECS.filter((x) => L.selected(args, x.file))) {
    try {
      checkSpec(args, rep, s, work);
    } catch (e) {
      rep.check(`${s.file}: no exception`, false, e.stack);
    }
  }
  try {
    checkErrors(args, rep, work);
  } catch (e) {
    rep.check('errors: no exception', false, e.stack);
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
