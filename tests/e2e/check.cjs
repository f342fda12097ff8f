// `nn2milp check`: a solver's solution re-evaluated against the network (issue 7 / 9).
// For models optimised over a box: the CBC solution checks out (exit 0); the same solution with
// one output value tampered with is rejected (exit 7) naming that output; a Gurobi/SCIP-style
// "<name> <value>" list made from the CBC values checks out too; a map of another model is refused.
// usage: node check.cjs --nn2milp BIN --source-dir DIR
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const CASES = [
  { model: 'digits_mlp', bounds: '0:1', maximize: 3 },
  { model: 'pwl_mlp', bounds: '-1:1', maximize: 0 },
  { model: 'pwl_maxmin', bounds: '-1:1', maximize: 1 },
];

function main() {
  const args = L.parseArgs();
  L.requireTools(args, { glpk: false, highs: false, ort: false });
  const rep = new L.Report('nn2milp check: solutions re-evaluated against the network');
  const work = L.makeWorkDir('e2e-check');
  for (const c of CASES) {
    if (!L.selected(args, c.model)) continue;
    const model = path.join(args.models, `${c.model}.onnx`);
    const dir = path.join(work, c.model);
    fs.mkdirSync(dir);
    const mps = path.join(dir, 'm.mps'), map = path.join(dir, 'm.map.json');
    const r = L.compile(args, model, mps, { bounds: c.bounds, maximize: c.maximize, map });
    if (!rep.check(`${c.model}: compile`, r.status === 0, r.stderr.trim())) continue;
    const sol = L.solveCbc(mps, { dir });
    if (!rep.check(`${c.model}: cbc optimal`, sol.ok, sol.status)) continue;
    const solFile = path.join(dir, 'm.mps.cbc.sol');
    const check = (file, extra = [], mapFile = map) =>
      L.run(args.nn2milp, ['check', model, '--solution', file, '--map', mapFile, ...extra]);

    const good = check(solFile);
    rep.check(`${c.model}: the CBC solution checks out`, good.status === 0, good.stdout.split('\n').slice(-2).join(' '));

    // Tamper with one output variable of the solution file.
    const outVar = JSON.parse(fs.readFileSync(map, 'utf8')).objective.variable;
    const lines = fs.readFileSync(solFile, 'utf8').split('\n');
    let tampered = false;
    const bad = lines.map((line) => {
      const f = line.trim().split(/\s+/);
      if (f[1] !== outVar) return line;
      tampered = true;
      return `${f[0]} ${f[1]} ${Number(f[2]) + 0.5} ${f[3] || 0}`;
    });
    if (!tampered) bad.push(`999 ${outVar} 0.5 0`);
    const badFile = path.join(dir, 'tampered.sol');
    fs.writeFileSync(badFile, bad.join('\n'));
    const rejected = check(badFile);
    rep.check(`${c.model}: a tampered output is rejected (exit 7)`, rejected.status === 7,
      `exit ${rejected.status}; ${rejected.stderr.trim()}`);
    rep.check(`${c.model}: the message names the output`, rejected.stderr.includes('differ'), rejected.stderr.trim());

    // The same values as a "<name> <value>" list (Gurobi / SCIP style).
    const list = ['# Objective value = ' + sol.objective, ...[...sol.values].map(([k, v]) => `${k} ${v}`)];
    const listFile = path.join(dir, 'list.sol');
    fs.writeFileSync(listFile, list.join('\n') + '\n');
    const listed = check(listFile);
    rep.check(`${c.model}: a name/value list checks out`, listed.status === 0, listed.stderr.trim());
  }
  // A map written for another model is refused with a clear message.
  const a = path.join(args.models, 'digits_mlp.onnx'), b = path.join(args.models, 'pwl_mlp.onnx');
  const dir = path.join(work, 'wrong_map');
  fs.mkdirSync(dir);
  const mps = path.join(dir, 'b.mps'), map = path.join(dir, 'b.map.json');
  L.compile(args, b, mps, { bounds: '-1:1', map });
  L.solveCbc(mps, { dir });
  const wrong = L.run(args.nn2milp, ['check', a, '--solution', path.join(dir, 'b.mps.cbc.sol'), '--map', map]);
  rep.check('a map of another model is refused (exit 3)', wrong.status === 3 && /map/.test(wrong.stderr), wrong.stderr.trim());
  L.finishRun(args, rep, work);
}

L.runMain(main);
