#!/usr/bin/env node
'use strict';
/*
 * e2e: bounds as data (--bounds-out / --bounds-in).
 *
 *   1. For several models and every bound level (ia, symbolic, lp): the file written by
 *      --bounds-out, fed back with --bounds-in at the same level, changes nothing: the LP file is
 *      byte-identical and nn2milp says "0 neurons tightened".
 *   2. Bounds written at level lp, read by an ia compile: fewer (or as many) binaries than ia
 *      alone, and CBC proves the same optimum for the IA-only and the IA+given-bounds models
 *      (independent check that the given sound bounds cut nothing feasible), and that optimum
 *      is at least the best of 2000 onnxruntime forward passes over the box.
 *   3. Bad data: an unknown tensor, an index out of range, lo > hi, and a bound that contradicts
 *      the sound ones exit with code 3, name the problem, and leave no output file.
 *
 * usage: node bounds_io.cjs --nn2milp BIN --source-dir DIR [--include RE] [--exclude RE] [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const MODELS = [
  { name: 'deep_mlp', box: '-1:1' },
  { name: 'digits_mlp', box: '0:1' },
  { name: 'pwl_mlp', box: '-1:1' },
  { name: 'cnn_digits', box: '0:1' },
  { name: 'dup_mlp', box: '-1:1' },
];

function compile(args, model, out, box, extra) {
  return L.run(args.nn2milp, [model, '-o', out, `--input-bounds=${box}`, '--maximize', '0', ...extra]);
}

function binaries(stderr) {
  const m = /\((\d+) binary\)/.exec(stderr);
  return m ? Number(m[1]) : NaN;
}

function main() {
  const args = L.parseArgs();
  L.requireTools(args, { glpk: false, highs: false });
  const rep = new L.Report('e2e bounds_io: --bounds-out / --bounds-in');
  const work = L.makeWorkDir('e2e-bounds-io');
  for (const m of MODELS.filter((c) => L.selected(args, c.name))) {
    const model = path.join(args.models, `${m.name}.onnx`);
    const dir = path.join(work, m.name);
    fs.mkdirSync(dir);
    for (const level of ['ia', 'symbolic', 'lp']) {
      const out = path.join(dir, `${level}.lp`), again = path.join(dir, `${level}.again.lp`);
      const json = path.join(dir, `${level}.bounds.json`);
      const a = compile(args, model, out, m.box, ['--bounds', level, '--bounds-out', json]);
      if (!rep.check(`${m.name} ${level}: --bounds-out`, a.status === 0 && fs.existsSync(json), a.stderr.trim())) continue;
      const b = compile(args, model, again, m.box, ['--bounds', level, '--bounds-in', json]);
      const same = b.status === 0 && fs.readFileSync(out).equals(fs.readFileSync(again));
      rep.check(`${m.name} ${level}: own bounds fed back give a byte-identical model`, same, b.stderr.trim().split('\n')[0]);
      rep.check(`${m.name} ${level}: fed-back bounds tighten nothing`, / 0 neurons tightened by them, 0 more by propagation/.test(b.stderr),
        b.stderr.trim().split('\n')[0]);
    }
  }

  // 2. LP bounds into an IA compile: same optimum by CBC, no more binaries.
  if (L.selected(args, 'deep_mlp')) {
    const model = path.join(args.models, 'deep_mlp.onnx');
    const dir = path.join(work, 'deep_mlp');
    const json = path.join(dir, 'lp.bounds.json');
    const ia = path.join(dir, 'ia.lp'), given = path.join(dir, 'ia_given.lp');
    const r1 = compile(args, model, ia, '-1:1', ['--bounds', 'ia']);
    const r2 = compile(args, model, given, '-1:1', ['--bounds', 'ia', '--bounds-in', json]);
    if (rep.check('deep_mlp: ia and ia + lp bounds compile', r1.status === 0 && r2.status === 0, (r1.stderr + r2.stderr).trim())) {
      rep.check('deep_mlp: given lp bounds remove binaries', binaries(r2.stderr) < binaries(r1.stderr),
        `${binaries(r1.stderr)} -> ${binaries(r2.stderr)}`);
      const s1 = L.solveCbc(ia, { preprocessOff: true, dir }), s2 = L.solveCbc(given, { preprocessOff: true, dir });
      if (rep.check('deep_mlp: CBC solves both', s1.ok && s2.ok, `${s1.status} / ${s2.status}`)) {
        rep.check('deep_mlp: same optimum with the given bounds', Math.abs(s1.objective - s2.objective) <= 1e-6 * Math.max(1, Math.abs(s1.objective)),
          `${-s1.objective} vs ${-s2.objective}`);
        const samples = L.ortSample(args, model, 2000, Array.from({ length: 4 }, () => [-1, 1]), 3);
        const best = Math.max(...samples.outputs.map((o) => o[0]));
        rep.check('deep_mlp: optimum >= best of 2000 onnxruntime samples', -s2.objective >= best - 1e-6, `${-s2.objective} >= ${best}`);
      }
    }

    // 3. Bad data.
    const base = JSON.parse(fs.readFileSync(json, 'utf8'));
    const t0 = base.tensors[0];
    const cases = [
      ['unknown tensor', (d) => { d.tensors[0].name = 'no_such_tensor'; }, /which the network does not have/],
      ['index out of range', (d) => { d.tensors[0].index = d.tensors[0].lo.map((_, k) => k + 1); }, /which has \d+ elements/],
      ['lo > hi', (d) => { d.tensors[0].lo[0] = d.tensors[0].hi[0] + 1; }, /lo > hi/],
      ['contradiction', (d) => { d.tensors[0].lo[0] = t0.hi[0] + 1; d.tensors[0].hi[0] = t0.hi[0] + 2; }, /contradict nn2milp's sound bounds/],
    ];
    for (const [what, edit, re] of cases) {
      const d = JSON.parse(JSON.stringify(base));
      edit(d);
      const f = path.join(dir, `bad_${what.replace(/\W/g, '_')}.json`), out = path.join(dir, `bad_${what.replace(/\W/g, '_')}.lp`);
      fs.writeFileSync(f, JSON.stringify(d));
      const r = compile(args, model, out, '-1:1', ['--bounds-in', f]);
      rep.check(`bad bounds file (${what}): exit 3, message, no output`, r.status === 3 && re.test(r.stderr) && !fs.existsSync(out),
        `exit ${r.status}: ${r.stderr.trim()}`);
    }
  }
  L.finishRun(args, rep, work);
}

L.runMain(main);
