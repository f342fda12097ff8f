#!/usr/bin/env node
'use strict';
/*
 * --split-disjuncts (label e2e): for every property in tests/e2e/specs, the verdict of the split
 * files (sat when at least one of OUT.<k>.mps is feasible) equals the verdict of the single
 * file of --spec, both decided by CBC, and equals the expected verdict in the file's name.
 * There is one file per disjunct of the property's output disjunction (counted independently by
 * tests/e2e/vnnlib_reader.cjs), named OUT.0.mps, OUT.1.mps, ...; with --map, one map per file.
 * A feasible part's input, re-evaluated by onnxruntime, violates the property.
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');
const { readProperty } = require('./vnnlib_reader.cjs');

function verdict(cbc) {
  if (cbc.ok) return 'sat';
  return /^(Integer )?[Ii]nfeasible/.test(cbc.status || '') ? 'unsat' : 'unknown';
}

function main() {
  const args = L.parseArgs();
  L.requireTools(args, { glpk: false, highs: false });
  const rep = new L.Report('--split-disjuncts: split files decide the same verdict as the single file');
  const work = L.makeWorkDir('e2e-split');
  const specDir = path.join(args.sourceDir, 'tests', 'e2e', 'specs');
  for (const file of L.listDir(specDir).filter((f) => f.endsWith('.vnnlib'))) {
    const [modelName] = file.split('.');
    const expected = /\.sat\.vnnlib$/.test(file) ? 'sat' : 'unsat';
    const model = path.join(args.models, `${modelName}.onnx`);
    const spec = path.join(specDir, file);
    const prop = readProperty(spec);
    const dir = path.join(work, file);
    fs.mkdirSync(dir);
    const single = path.join(dir, 'all.mps');
    const c1 = L.compile(args, model, single, { extra: ['--spec', spec] });
    if (!rep.check(`${file}: compile single file`, c1.status === 0, c1.stderr.trim())) continue;
    const v1 = verdict(L.solveCbc(single, { timeLimit: 60, dir }));
    const c2 = L.compile(args, model, path.join(dir, 'part.mps'), { map: path.join(dir, 'part.json'), extra: ['--spec', spec, '--split-disjuncts'] });
    if (!rep.check(`${file}: compile split files`, c2.status === 0, c2.stderr.trim().split('\n').pop())) continue;
    const parts = L.listDir(dir).filter((f) => /^part\.\d+\.mps$/.test(f));
    const maps = L.listDir(dir).filter((f) => /^part\.\d+\.json$/.test(f));
    const k = prop.disjuncts;
    rep.check(`${file}: one file and one map per disjunct (${k})`, parts.length === k && maps.length === k &&
      parts.every((f, i) => fs.existsSync(path.join(dir, `part.${i}.mps`))), `${parts.length} files, ${maps.length} maps`);
    const verdicts = [];
    let witness = null;
    for (let i = 0; i < parts.length; i++) {
      const f = path.join(dir, `part.${i}.mps`);
      const sol = L.solveCbc(f, { timeLimit: 60, dir });
      verdicts.push(verdict(sol));
      if (sol.ok && !witness) witness = { i, sol };
    }
    const v2 = verdicts.includes('sat') ? 'sat' : verdicts.every((v) => v === 'unsat') ? 'unsat' : 'unknown';
    rep.check(`${file}: split verdict ${v2} = single-file verdict ${v1} = expected ${expected}`, v1 === v2 && v2 === expected,
      `parts: ${verdicts.join(' ')}`);
    if (witness) {
      const map = L.readMap(path.join(dir, `part.${witness.i}.json`));
      const x = map.inputVars.map((n) => L.cbcValue(witness.sol, n))
        .map((v, j) => Math.min(prop.box[j][1], Math.max(prop.box[j][0], v)));
      const [y] = L.ortEval(args, model, [x], dir);
      rep.check(`${file}: part ${witness.i}'s input violates the property (onnxruntime)`, prop.holds(x, y, 1e-4),
        `y = [${y.map((v) => v.toFixed(3)).join(', ')}]`);
    }
  }
  // Without --spec there is nothing to split: a usage error, no file.
  const stray = path.join(work, 'stray.mps');
  const r = L.compile(args, path.join(args.models, 'digits_mlp.onnx'), stray, { bounds: '0:1', extra: ['--split-disjuncts'] });
  rep.check('--split-disjuncts without --spec: exit 3, says so, no file', r.status === 3 && /needs --spec/.test(r.stderr) &&
    !fs.existsSync(stray) && !fs.existsSync(path.join(work, 'stray.0.mps')), `exit ${r.status}: ${r.stderr.trim()}`);
  L.finishRun(args, rep, work);
}

L.runMain(main);
