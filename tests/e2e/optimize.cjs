#!/usr/bin/env node
'use strict';
/*
 * e2e check 3 (and 2 for the box models): optimisation of one output over an input box.
 *
 * For each case (model, box, --maximize/--minimize K), filtered by --include/--exclude REGEX on
 * the case name:
 *   - compile to free MPS and CPLEX LP (+ map); glpsol --check must read both (rc 0, no "error");
 *   - solve each file with CBC default settings and with HiGHS (Wasm, mip_rel_gap 1e-9);
 *     when CBC's default run is not "Optimal" or disagrees with HiGHS, that is recorded as a note
 *     (a known CBC 2.10.8 preprocessing problem, formats.md §9) and CBC is re-run with
 *     -preprocess off, which must then agree;
 *   (a) all solvers/formats agree on the network's optimum (= scale * solver objective):
 *       |a - b| <= 1e-6 * max(1, |a|) + 1e-6;
 *   (b) the optimum is at least as good as the best of 10,000 onnxruntime forward passes at
 *       seeded uniform points of the box (minus 1e-6 * max(1, |best|));
 *   (c) the solver's input vector (clipped into the box), re-evaluated by onnxruntime, gives the
 *       reported optimum within 1e-5 * max(1, |opt|) + 1e-4 (the integrality tolerance times a
 *       big-M can move a big-M model's output by ~1e-4, formats.md §9).
 *
 * usage: node optimize.cjs --nn2milp BIN --source-dir DIR [--include RE] [--exclude RE] [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const SAMPLES = 10000;
const AGREE_REL = 1e-6;
const AGREE_ABS = 1e-6;
const SAMPLE_TOL = 1e-6;
const REEVAL_REL = 1e-5;
const REEVAL_ABS = 1e-4;

// sklearn digits images 0 ("0") and 1 ("1"), pixels 0..16 (scaled to [0,1] below).
const DIGIT_0 = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0];
const DIGIT_1 = [0, 0, 0, 12, 13, 5, 0, 0, 0, 0, 0, 11, 16, 9, 0, 0, 0, 0, 3, 15, 16, 6, 0, 0, 0, 7, 15, 16, 16, 2, 0, 0, 0, 0, 1, 16, 16, 3, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 0, 11, 16, 10, 0, 0];

// Box of +-eps around an image, clipped to [0,1], end points rounded to float32.
function digitBox(img, eps) {
  return img.map((v) => {
    const x = v / 16;
    return [Math.fround(Math.max(0, x - eps)), Math.fround(Math.min(1, x + eps))];
  });
}

const SMALL = ['batch_symbolic', 'deep_mlp', 'flatten_4d', 'gemm_attrs_a', 'gemm_attrs_b', 'identity_dropout',
  'matmul_add_left', 'matmul_add_right', 'normalize_ops', 'opset07_mlp', 'opset09_mlp', 'opset11_mlp',
  'opset13_mlp', 'opset17_mlp', 'opset21_mlp', 'surrogate_mlp',
  // piecewise-linear ops rewritten as ReLUs (LeakyRelu, PRelu, Clip, Max, Min, Abs)
  'pwl_mlp', 'pwl_maxmin'];

function cases() {
  const list = [];
  for (const m of SMALL) {
    // the two deeper nets (70 / 46 unstable ReLUs on [-1,1]) take 5-20 s per solve on [-1,1]: smaller boxes
    const b = m === 'deep_mlp' ? 0.3 : m === 'surrogate_mlp' ? 0.5 : 1;
    list.push({ name: `${m}.max_last`, model: m, box: `${-b}:${b}`, sense: 'maximize', k: 'last' });
    list.push({ name: `${m}.min_0`, model: m, box: `${-b}:${b}`, sense: 'minimize', k: 0 });
  }
  // digits: how far can a wrong class logit get near an image; how low can the true one go.
  list.push({ name: 'digits_mlp.img0_eps0.1.max_3', model: 'digits_mlp', box: digitBox(DIGIT_0, 0.1), sense: 'maximize', k: 3 });
  list.push({ name: 'digits_mlp.img1_eps0.1.min_1', model: 'digits_mlp', box: digitBox(DIGIT_1, 0.1), sense: 'minimize', k: 1 });
  list.push({ name: 'digits_mlp_norm.img0_eps0.05.max_6', model: 'digits_mlp_norm', box: digitBox(DIGIT_0, 0.05), sense: 'maximize', k: 6 });
  // CNNs: Conv + BatchNorm + AvgPool, and Conv + LeakyRelu + MaxPool + Clip (input [1,1,8,8])
  list.push({ name: 'cnn_digits.img0_eps0.05.max_3', model: 'cnn_digits', box: digitBox(DIGIT_0, 0.05), sense: 'maximize', k: 3 });
  list.push({ name: 'pwl_digits_cnn.img0_eps0.05.max_3', model: 'pwl_digits_cnn', box: digitBox(DIGIT_0, 0.05), sense: 'maximize', k: 3 });
  return list;
}

async function testCase(args, rep, work, c) {
  const model = path.join(args.models, `${c.model}.onnx`);
  const dir = path.join(work, c.name);
  fs.mkdirSync(dir);
  const tag = c.name;

  // Box as a list of intervals (needs the input count for the LO:HI form).
  let boundsArg;
  let box;
  if (typeof c.box === 'string') {
    boundsArg = c.box;
  } else {
    boundsArg = path.join(dir, 'box.txt');
    L.writeBounds(boundsArg, c.box);
  }

  const files = {};
  let map = null;
  for (const fmt of ['mps', 'lp']) {
    const out = path.join(dir, `model.${fmt}`);
    const mapFile = path.join(dir, `model.${fmt}.map.json`);
    let k = c.k;
    if (k === 'last') {
      // probe for the output count
      const pr = L.compile(args, model, path.join(dir, 'probe.lp'), { bounds: boundsArg, map: path.join(dir, 'probe.json') });
      if (!rep.check(`${tag}: probe compile`, pr.status === 0, pr.stderr.trim())) return;
      k = L.readMap(path.join(dir, 'probe.json')).outputVars.length - 1;
      c.k = k;
    }
    const r = L.compile(args, model, out, { bounds: boundsArg, map: mapFile, [c.sense]: k });
    if (!rep.check(`${tag} ${fmt}: compile`, r.status === 0 && fs.existsSync(out), r.stderr.trim())) return;
    files[fmt] = out;
    map = L.readMap(mapFile);
    const g = L.runGlpk(out, { mode: 'check', dir });
    rep.check(`${tag} ${fmt}: glpsol --check reads it`, g.rc === 0 && !g.hasError, `rc ${g.rc}${g.hasError ? `: ${g.text.trim().split('\n').filter((l) => /error/i.test(l)).join(' | ')}` : ''}`);
  }
  const k = c.k;
  const scale = map.objective.scale;
  const yName = map.objective.variable;
  const nIn = map.inputVars.length;
  if (typeof c.box === 'string') {
    const [lo, hi] = c.box.split(':').map(Number);
    box = Array.from({ length: nIn }, () => [lo, hi]);
  } else {
    box = c.box;
  }
  rep.check(`${tag}: map objective`, map.objective.flat_index === k && map.objective.sense === c.sense &&
    scale === (c.sense === 'maximize' ? -1 : 1) && yName === map.outputVars[k], JSON.stringify(map.objective));
  const better = (a, b) => (c.sense === 'maximize' ? a - b : b - a); // > 0 when a is better than b

  // Solve.
  const results = []; // {label, opt, x: [...]}
  let highsRef = null;
  for (const fmt of ['mps', 'lp']) {
    const hs = await L.solveHighs(args, files[fmt], [...map.inputVars, yName]);
    if (rep.check(`${tag} ${fmt} highs: optimal`, hs.ok, `status ${hs.status}${hs.error ? `: ${hs.error}` : ''}, ${hs.ms} ms`)) {
      const r = { label: `highs ${fmt}`, opt: scale * hs.objective, y: hs.values.get(yName), x: map.inputVars.map((n) => hs.values.get(n)) };
      results.push(r);
      if (!highsRef) highsRef = r;
    }
  }
  for (const fmt of ['mps', 'lp']) {
    let cbc = L.solveCbc(files[fmt], { dir });
    let label = `cbc ${fmt}`;
    const agrees = (res) => res.ok && (!highsRef || Math.abs(scale * res.objective - highsRef.opt) <= AGREE_REL * Math.max(1, Math.abs(highsRef.opt)) + AGREE_ABS);
    if (!agrees(cbc)) {
      rep.note(`${tag} ${fmt}: CBC with default settings misbehaved (status '${cbc.status}', optimum ${scale * cbc.objective}` +
        `${highsRef ? ` vs HiGHS ${highsRef.opt}` : ''}); re-solved with -preprocess off (known CBC 2.10.8 preprocessing issue, formats.md §9)`);
      cbc = L.solveCbc(files[fmt], { dir, preprocessOff: true });
      label = `cbc-ppoff ${fmt}`;
    }
    if (rep.check(`${tag} ${label}: optimal`, cbc.ok, `status '${cbc.status}', ${cbc.ms} ms`)) {
      results.push({ label, opt: scale * cbc.objective, y: L.cbcValue(cbc, yName), x: map.inputVars.map((n) => L.cbcValue(cbc, n)) });
    }
  }
  if (!results.length) return;

  // (a) agreement.
  const ref = results[0];
  for (const r of results) {
    const d = Math.abs(r.opt - ref.opt);
    rep.max('(a) |optimum - HiGHS mps optimum|', d, `${tag} ${r.label}`);
    rep.check(`${tag} (a) ${r.label} optimum agrees`, d <= AGREE_REL * Math.max(1, Math.abs(ref.opt)) + AGREE_ABS,
      `${r.opt} vs ${ref.opt} (${ref.label}), diff ${d.toExponential(2)}`);
    const dy = Math.abs(r.y - r.opt);
    rep.check(`${tag} (a) ${r.label} objective = output variable`, dy <= 1e-6 * Math.max(1, Math.abs(r.opt)), `y ${r.y} vs ${r.opt}`);
  }

  // (b) sampling.
  const sample = L.ortSample(args, model, SAMPLES, box, L.seedOf(`opt:${tag}`));
  let best = null;
  for (const y of sample.outputs) if (best === null || better(y[k], best) > 0) best = y[k];
  for (const r of results) {
    const gap = better(r.opt, best); // >= 0 expected
    rep.max('(b) sampled best beyond optimum (should be <= 0)', -gap, `${tag} ${r.label}`);
    rep.check(`${tag} (b) ${r.label} optimum >= best of ${SAMPLES} samples`, gap >= -SAMPLE_TOL * Math.max(1, Math.abs(best)),
      `optimum ${r.opt}, best sample ${best}, margin ${gap.toExponential(2)}`);
  }

  // (c) re-evaluate the argmax inputs.
  const pts = results.map((r) => r.x.map((v, j) => Math.fround(Math.min(box[j][1], Math.max(box[j][0], v)))));
  const ys = L.ortEval(args, model, pts, dir);
  results.forEach((r, i) => {
    const got = ys[i][k];
    const d = Math.abs(got - r.opt);
    rep.max('(c) |ort(argmax) - optimum|', d, `${tag} ${r.label}`);
    const clip = Math.max(...r.x.map((v, j) => Math.max(box[j][0] - v, v - box[j][1], 0)));
    rep.max('(c) argmax outside the box before clipping', clip, `${tag} ${r.label}`);
    rep.check(`${tag} (c) ${r.label} argmax re-evaluated by ort`, d <= REEVAL_REL * Math.max(1, Math.abs(r.opt)) + REEVAL_ABS,
      `ort ${got} vs optimum ${r.opt}, diff ${d.toExponential(2)}, box violation before clipping ${clip.toExponential(2)}`);
  });
}

async function main() {
  const args = L.parseArgs();
  L.requireTools(args);
  const list = cases().filter((c) => L.selected(args, c.name));
  const rep = new L.Report(`e2e optimisation over a box: ${list.length} cases`);
  const work = L.makeWorkDir('e2e-opt');
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
