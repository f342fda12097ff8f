#!/usr/bin/env node
'use strict';
/*
 * e2e: --formulation.  nn2milp refuses --formulation indicator (exit 4, no file) because no reader
 * it is tested with reads CPLEX LP indicator constraints correctly.  This script also re-measures
 * that premise on tests/e2e/fixtures/indicator.lp (optimum: objective -0.5 at d = 1, x = y = 0.5):
 * CBC must NOT report the right optimum (it misreads the file), GLPK must reject it, and HiGHS
 * (Wasm) must fail on it.  If an upgraded solver starts reading indicators, this test fails and
 * says so: then the formulation can be implemented and tested against that solver.
 *
 * usage: node formulation.cjs --nn2milp BIN --source-dir DIR [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

async function main() {
  const args = L.parseArgs();
  L.requireTools(args, { ort: false });
  const rep = new L.Report('e2e formulation: big-M only, indicator refused');
  const work = L.makeWorkDir('e2e-formulation');
  const model = path.join(args.models, 'deep_mlp.onnx');
  for (const fmt of ['lp', 'mps']) {
    const out = path.join(work, `ind.${fmt}`);
    const r = L.compile(args, model, out, { bounds: '-1:1', extra: ['--formulation', 'indicator'] });
    rep.check(`--formulation indicator (${fmt}): exit 4, explained, no file`,
      r.status === 4 && /CBC and SYMPHONY misread them/.test(r.stderr) && !fs.existsSync(out), `exit ${r.status}: ${r.stderr.trim()}`);
  }
  const big = path.join(work, 'bigm.lp');
  const r = L.compile(args, model, big, { bounds: '-1:1', extra: ['--formulation', 'bigm'] });
  rep.check('--formulation bigm is the default formulation', r.status === 0 && fs.existsSync(big), r.stderr.trim());

  const fixture = path.join(args.sourceDir, 'tests', 'e2e', 'fixtures', 'indicator.lp');
  const cbc = L.solveCbc(fixture, { dir: work });
  rep.check('premise: CBC does not read indicators correctly', !(cbc.ok && Math.abs(cbc.objective + 0.5) < 1e-6), cbc.status);
  const glpk = L.run('glpsol', ['--lp', fixture, '-o', path.join(work, 'glpk.txt')]);
  rep.check('premise: GLPK rejects indicators', glpk.status !== 0, (glpk.stdout + glpk.stderr).trim().split('\n').slice(-2).join(' / '));
  const highs = await L.solveHighs(args, fixture, ['x', 'y', 'd']);
  rep.check('premise: HiGHS (Wasm) does not read indicators', !(highs.ok && Math.abs(highs.objective + 0.5) < 1e-6), `${highs.status} ${highs.error || ''}`);
  L.finishRun(args, rep, work);
}

L.runMain(main);
