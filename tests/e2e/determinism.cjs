#!/usr/bin/env node
'use strict';
/*
 * e2e check 5: determinism.  Each model is compiled three times (MPS, LP and map each time):
 *   A: cwd = dirA, absolute model and bounds paths, relative output paths
 *   B: cwd = dirB, relative model and bounds paths (../..), relative output paths
 *   C: cwd = dirC, absolute paths everywhere
 * and the three MPS files, the three LP files and the three maps must be byte-identical.
 *
 * usage: node determinism.cjs --nn2milp BIN --source-dir DIR [--include RE] [--exclude RE] [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const CASES = [
  { model: 'digits_mlp_norm', bounds: 'file', extra: ['--maximize', '3'] },
  { model: 'digits_mlp', bounds: '0:1', extra: ['--minimize', '9'] },
  { model: 'normalize_ops', bounds: 'file', extra: [] },
  { model: 'deep_mlp', bounds: '-1:1', extra: ['--maximize', '0'] },
  { model: 'opset07_mlp', bounds: '-1:1', extra: ['--minimize', '1'] },
];

function main() {
  const args = L.parseArgs();
  const list = CASES.filter((c) => L.selected(args, c.model));
  const rep = new L.Report(`e2e determinism: ${list.map((c) => c.model).join(' ')}`);
  const work = L.makeWorkDir('e2e-det');
  for (const c of list) {
    const model = path.join(args.models, `${c.model}.onnx`);
    const base = path.join(work, c.model);
    const dirs = ['A', 'B', 'C'].map((d) => path.join(base, d, 'sub'));
    dirs.forEach((d) => fs.mkdirSync(d, { recursive: true }));
    let boundsAbs = c.bounds;
    if (c.bounds === 'file') {
      // 64 or 6 inputs: a varied box, written once, used by all three runs
      const probe = L.compile(args, model, path.join(base, 'probe.lp'), { bounds: '0:1', map: path.join(base, 'probe.json') });
      if (!rep.check(`${c.model}: probe`, probe.status === 0, probe.stderr.trim())) continue;
      const n = L.readMap(path.join(base, 'probe.json')).inputVars.length;
      const rnd = L.mulberry32(L.seedOf(`det:${c.model}`));
      const box = Array.from({ length: n }, () => {
        const a = Math.fround(rnd());
        return [a, Math.fround(Math.min(1, a + 0.2 * rnd()))];
      });
      boundsAbs = path.join(base, 'bounds.txt');
      L.writeBounds(boundsAbs, box);
    }
    const outputs = [];
    dirs.forEach((cwd, i) => {
      const rel = (p) => (p.includes('/') ? path.relative(cwd, p) : p);
      const m = i === 1 ? rel(model) : model;
      const b = i === 1 ? rel(boundsAbs) : boundsAbs;
      const o = (f) => (i === 2 ? path.join(cwd, f) : f);
      const files = {};
      for (const fmt of ['mps', 'lp']) {
        const r = L.run(args.nn2milp, [m, '-o', o(`net.${fmt}`), '--input-bounds', b, '--map', o(`net.${fmt}.json`), ...c.extra], { cwd });
        rep.check(`${c.model} run ${'ABC'[i]} ${fmt}: compile`, r.status === 0, r.stderr.trim().split('\n')[0]);
        files[fmt] = fs.existsSync(path.join(cwd, `net.${fmt}`)) ? fs.readFileSync(path.join(cwd, `net.${fmt}`)) : null;
        files[`${fmt} map`] = fs.existsSync(path.join(cwd, `net.${fmt}.json`)) ? fs.readFileSync(path.join(cwd, `net.${fmt}.json`)) : null;
      }
      outputs.push(files);
    });
    for (const what of ['mps', 'lp', 'mps map', 'lp map']) {
      const [a, b2, c2] = outputs.map((f) => f[what]);
      const same = a && b2 && c2 && a.equals(b2) && a.equals(c2);
      rep.check(`${c.model}: ${what} byte-identical across A/B/C`, !!same, a ? `${a.length} bytes` : 'missing');
    }
  }
  L.finishRun(args, rep, work);
}

L.runMain(main);
