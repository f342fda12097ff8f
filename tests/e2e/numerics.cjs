#!/usr/bin/env node
'use strict';
/*
 * e2e numerics (issue #9): networks trained with weight decay (tests/models/numerics_wd_*.onnx,
 * from make_numerics_models.py) carry float32 denormal weights. For robustness problems on them
 * (maximise a wrong-class logit over an L-infinity box around a digit, --input-bounds FILE):
 *   (0) the ONNX file really holds denormals: with --exact-coefficients the written model's
 *       smallest |coefficient| is below float32's smallest normal (1.18e-38); by default the
 *       cleanup removes them and reports a deviation bound;
 *   (a) CBC with default settings and HiGHS (Wasm) both solve the default model to optimality,
 *       and the network re-evaluated by onnxruntime at each solver's argmax equals the solver's
 *       optimum: |ort - opt| <= 1e-6 * max(1, |opt|);
 *   (b) the optimum is >= the best of 10,000 sampled onnxruntime forward passes;
 *   (c) |ort(argmax) - opt| is within the deviation bound nn2milp reports for that solver's
 *       default tolerances (--report numerics.solver_tolerances) plus the cleanup's deviation and
 *       1e-6 * max(1, |opt|) for onnxruntime's float32 arithmetic;
 *   (d) with `scale` in the pipeline: the pass scaled neurons, the coefficient span of the written
 *       model shrinks, CBC and HiGHS find the same optimum (within 1e-6 relative), (a) holds again,
 *       and with the inputs fixed at 3 random points of the box the scaled model's outputs equal
 *       onnxruntime's (1e-5 relative, as exactness.cjs);
 *   (e) the tolerance warning: deep_mlp over [-1, 1]^4 (big-M up to ~4) makes compile warn, with
 *       the advice "--bounds lp" unless that is in use, exactly for the solvers whose reported
 *       deviation exceeds 1e-4 of the output's range.
 *
 * usage: node numerics.cjs --nn2milp BIN --source-dir DIR [--include RE] [--exclude RE] [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const SAMPLES = 10000;
const REL = 1e-6;
const FIXED_TOL = 1e-5;
const FLT_MIN = 1.1754943508222875e-38;
const SCALE_PIPELINE = 'cleanup_coefficients,bounds_interval,bounds_symbolic,scale';

const DIGIT_0 = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0];
const DIGIT_1 = [0, 0, 0, 12, 13, 5, 0, 0, 0, 0, 0, 11, 16, 9, 0, 0, 0, 0, 3, 15, 16, 6, 0, 0, 0, 7, 15, 16, 16, 2, 0, 0, 0, 0, 1, 16, 16, 3, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 0, 11, 16, 10, 0, 0];

function digitBox(img, eps) {
  return img.map((v) => [Math.fround(Math.max(0, v / 16 - eps)), Math.fround(Math.min(1, v / 16 + eps))]);
}

function cases() {
  const list = [];
  for (const m of ['numerics_wd_mlp', 'numerics_wd_deep']) {
    list.push({ name: `${m}.img0_eps0.05.max_3`, model: m, box: digitBox(DIGIT_0, 0.05), k: 3 });
    list.push({ name: `${m}.img1_eps0.05.max_7`, model: m, box: digitBox(DIGIT_1, 0.05), k: 7 });
  }
  return list;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// Compiles `c` into dir/<tag>.mps with map and report; returns {map, report, stderr} or null.
function compileCase(args, rep, c, dir, tag, extra) {
  const out = path.join(dir, `${tag}.mps`);
  const r = L.compile(args, path.join(args.models, `${c.model}.onnx`), out, {
    bounds: path.join(dir, 'box.txt'), maximize: c.k, map: `${out}.map.json`,
    extra: ['--report', `${out}.report.json`, '-v', ...extra],
  });
  if (!rep.check(`${c.name} ${tag}: compile`, r.status === 0, r.stderr.trim().split('\n').slice(-1)[0])) return null;
  return { file: out, map: L.readMap(`${out}.map.json`), report: readJson(`${out}.report.json`), stderr: r.stderr };
}

// Solves with CBC (default settings) and HiGHS; returns [{label, opt, x}] of the optimal ones.
async function solveBoth(args, rep, c, compiled, dir, tag) {
  const { map } = compiled;
  const y = map.objective.variable;
  const scale = map.objective.scale;
  const out = [];
  const hs = await L.solveHighs(args, compiled.file, [...map.inputVars, y]);
  if (rep.check(`${c.name} ${tag} highs: optimal`, hs.ok, `status ${hs.status}, ${hs.ms} ms`)) {
    out.push({ label: 'highs', opt: scale * hs.objective, x: map.inputVars.map((n) => hs.values.get(n)) });
  }
  const cbc = L.solveCbc(compiled.file, { dir });
  if (rep.check(`${c.name} ${tag} cbc (default settings): optimal`, cbc.ok, `status '${cbc.status}', ${cbc.ms} ms`)) {
    out.push({ label: 'cbc', opt: scale * cbc.objective, x: map.inputVars.map((n) => L.cbcValue(cbc, n)) });
  }
  return out;
}

// (a) and (c) for one compiled model's solutions; returns the optima.
function checkArgmax(args, rep, c, compiled, results, dir, tag) {
  const model = path.join(args.models, `${c.model}.onnx`);
  const pts = results.map((r) => r.x.map((v, j) => Math.fround(Math.min(c.box[j][1], Math.max(c.box[j][0], v)))));
  const ys = L.ortEval(args, model, pts, dir);
  const num = compiled.report.numerics;
  const cleanup = num.cleanup_max_output_deviation || 0;
  results.forEach((r, i) => {
    const got = ys[i][c.k];
    const d = Math.abs(got - r.opt);
    rep.max('(a) |ort(argmax) - optimum| / max(1, |optimum|)', d / Math.max(1, Math.abs(r.opt)), `${c.name} ${tag} ${r.label}`);
    rep.check(`${c.name} ${tag} (a) ${r.label}: ort at the argmax = optimum`, d <= REL * Math.max(1, Math.abs(r.opt)),
      `ort ${got}, optimum ${r.opt}, diff ${d.toExponential(2)}`);
    const row = num.solver_tolerances.find((t) => t.solver === r.label);
    const bound = row.deviation + cleanup + REL * Math.max(1, Math.abs(r.opt));
    rep.check(`${c.name} ${tag} (c) ${r.label}: within the reported tolerance bound`, row.output === c.k && d <= bound,
      `diff ${d.toExponential(2)} <= ${row.deviation.toExponential(2)} (tolerances) + ${cleanup.toExponential(2)} (cleanup) + float32 slack`);
  });
}

async function testCase(args, rep, work, c) {
  const dir = path.join(work, c.name);
  fs.mkdirSync(dir);
  L.writeBounds(path.join(dir, 'box.txt'), c.box);
  const model = path.join(args.models, `${c.model}.onnx`);

  // (0) the denormals are in the file, and the default cleanup removes them.
  const exact = compileCase(args, rep, c, dir, 'exact', ['--exact-coefficients']);
  if (exact) {
    const min = exact.report.numerics.coefficients.min_abs;
    rep.check(`${c.name} (0) --exact-coefficients writes float32 denormals`, min > 0 && min < FLT_MIN, `min |coef| ${min}`);
  }
  const def = compileCase(args, rep, c, dir, 'default', []);
  if (!def) return;
  rep.check(`${c.name} (0) the default model has no denormal or tiny weight`, def.report.numerics.coefficients.min_abs > 1e-20,
    `min |coef| ${def.report.numerics.coefficients.min_abs}, cleanup deviation ${def.report.numerics.cleanup_max_output_deviation}`);
  rep.check(`${c.name} (0) the cleanup's deviation bound is reported`, /removed \d+ negligible weights/.test(def.stderr) &&
    def.report.numerics.cleanup_max_output_deviation >= 0, def.stderr.split('\n').filter((l) => /removed/.test(l)).join(' '));

  const results = await solveBoth(args, rep, c, def, dir, 'default');
  if (!results.length) return;
  checkArgmax(args, rep, c, def, results, dir, 'default');

  // (b) sampling.
  const sample = L.ortSample(args, model, SAMPLES, c.box, L.seedOf(`numerics:${c.name}`));
  let best = -Infinity;
  for (const y of sample.outputs) best = Math.max(best, y[c.k]);
  for (const r of results) {
    rep.check(`${c.name} (b) ${r.label}: optimum >= best of ${SAMPLES} samples`, r.opt >= best - REL * Math.max(1, Math.abs(best)),
      `optimum ${r.opt}, best sample ${best}`);
  }

  // (d) scaling.
  const sc = compileCase(args, rep, c, dir, 'scaled', ['--passes', SCALE_PIPELINE]);
  if (!sc) return;
  const pass = sc.report.passes.find((p) => p.name === 'scale');
  rep.check(`${c.name} (d) scale rescaled neurons`, pass && pass.metrics.neurons_scaled > 0, JSON.stringify(pass && pass.metrics));
  const spanBefore = def.report.numerics.coefficients.span;
  const spanAfter = sc.report.numerics.coefficients.span;
  rep.check(`${c.name} (d) the coefficient span shrinks`, spanAfter < spanBefore, `${spanBefore} -> ${spanAfter}`);
  const scaled = await solveBoth(args, rep, c, sc, dir, 'scaled');
  for (const r of scaled) {
    const d = Math.abs(r.opt - results[0].opt);
    rep.check(`${c.name} (d) scaled ${r.label}: same optimum`, d <= REL * Math.max(1, Math.abs(results[0].opt)),
      `${r.opt} vs ${results[0].opt} (${results[0].label}, unscaled)`);
  }
  if (scaled.length) checkArgmax(args, rep, c, sc, scaled, dir, 'scaled');

  // (d) fixed inputs through the scaled big-M model.
  const rnd = L.mulberry32(L.seedOf(`numerics-fixed:${c.name}`));
  const points = [0, 1, 2].map(() => c.box.map(([lo, hi]) => Math.fround(lo + (hi - lo) * rnd())));
  const ort = L.ortEval(args, model, points, dir);
  for (let i = 0; i < points.length; i++) {
    const fix = sc.map.inputVars.map((n, j) => [n, points[i][j]]);
    const hs = await L.solveHighs(args, sc.file, sc.map.outputVars, {}, fix);
    if (!rep.check(`${c.name} (d) scaled, fixed point ${i}: highs optimal`, hs.ok, `status ${hs.status}`)) continue;
    let worst = 0;
    sc.map.outputVars.forEach((n, j) => { worst = Math.max(worst, L.relErr(hs.values.get(n), ort[i][j])); });
    rep.check(`${c.name} (d) scaled, fixed point ${i}: outputs = onnxruntime`, worst <= FIXED_TOL, `max rel err ${worst.toExponential(2)}`);
  }
}

function testWarning(args, rep, work) {
  const model = path.join(args.models, 'deep_mlp.onnx');
  for (const bounds of ['symbolic', 'lp']) {
    const out = path.join(work, `warn_${bounds}.mps`);
    const r = L.compile(args, model, out, { bounds: '-1:1', maximize: 0, extra: ['--bounds', bounds, '--report', `${out}.json`] });
    if (!rep.check(`(e) deep_mlp --bounds ${bounds}: compile`, r.status === 0, r.stderr.trim())) continue;
    const rows = readJson(`${out}.json`).numerics.solver_tolerances;
    const over = rows.filter((t) => t.deviation > 1e-4 * t.output_range).map((t) => t.solver);
    const line = r.stderr.split('\n').find((l) => l.includes('warning: with default solver tolerances')) || '';
    const named = (/range \(([^)]*)\)/.exec(line) || ['', ''])[1].split(', ').map((e) => e.split(' ')[0]);
    rep.check(`(e) deep_mlp --bounds ${bounds}: warning names exactly the solvers over 1e-4 of the range`,
      over.length > 0 && named.join() === over.join(), `expected ${over.join(', ')}, named ${named.join(', ')}`);
    rep.check(`(e) deep_mlp --bounds ${bounds}: advice`, line.includes('integrality tolerance to 1e-9') &&
      line.includes('--bounds lp') === (bounds !== 'lp'), line);
  }
}

async function main() {
  const args = L.parseArgs();
  L.requireTools(args, { glpk: false });
  const list = cases().filter((c) => L.selected(args, c.name));
  const rep = new L.Report(`e2e numerics: ${list.length} cases`);
  const work = L.makeWorkDir('e2e-numerics');
  testWarning(args, rep, work);
  for (const c of list) {
    const t0 = Date.now();
    try {
      await testCase(args, rep, work, c);
    } catch (e) {
      rep.check(`${c.name}: no exception`, false, e.stack);
    }
    console.log(`# ${c.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  L.finishRun(args, rep, work);
}

L.runMain(main);
