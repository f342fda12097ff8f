// Smooth activations in AMPL .nl (issue 6), end to end on the torch-trained smooth_* models:
//   1. in full and reduced space (--nl-reduced), with the inputs fixed at random points, onnxruntime's value of every tensor (every
//      intermediate tensor made a graph output by expose_tensors.py) satisfies the written .nl
//      rows: gjh_asl_json (the ASL) evaluates every constraint body at that point (an "x" segment
//      appended to the file) and each lies within its bounds up to float32 accuracy; the softmax
//      internals (differences, exponentials, sums) are computed here from onnxruntime's logits;
//   2. `nn2milp check` accepts an AMPL .sol (text and binary, written by the ASL's write_sol
//      through write_sol_asl) holding onnxruntime's outputs at a random input, and exits 7 on one
//      whose output was tampered with;
//   3. MPS and LP outputs are refused (exit 4) naming the node and op and suggesting .nl, and
//      leave no file behind.
// usage: node smooth_nl.cjs --nn2milp BIN --source-dir DIR WRITE_SOL_ASL
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const MODELS = ['smooth_mlp', 'smooth_softmax'];
const POINTS = 4;

// NameTable's sanitising (backends/name_table.h): [A-Za-z0-9_] kept, others '_', 't_' before a digit.
function sanitize(name) {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `t_${s}` : s;
}

function expose(args, model, dir) {
  const out = path.join(dir, 'exposed.onnx');
  const r = L.run('/usr/bin/python3', [path.join(__dirname, 'expose_tensors.py'), model, out]);
  if (r.status !== 0) throw new Error(`expose_tensors.py: ${r.stderr}`);
  return { file: out, ...JSON.parse(r.stdout) };
}

// gjh_asl_json at the point x_nl (in .nl order): constraint values and bounds.
function gjhAt(stub, xNl) {
  const nl = fs.readFileSync(`${stub}.nl`, 'utf8');
  fs.writeFileSync(`${stub}.nl`, nl + `x${xNl.length}\n` + xNl.map((v, j) => `${j} ${v}\n`).join(''));
  const r = L.run('gjh_asl_json', [`${stub}.nl`]);
  fs.writeFileSync(`${stub}.nl`, nl);
  if (r.status !== 0) throw new Error(`gjh_asl_json failed: ${r.stderr}`);
  const j = JSON.parse(fs.readFileSync(`${stub}.json`, 'utf8'));
  return { values: j['initial evaluations'].constraints, bounds: j['constraint bounds'], varBounds: j['variable bounds'] };
}

// mode: [] (full space: a variable and a row per activation) or ['--nl-reduced'].
function residualTest(args, rep, work, name, mode) {
  const model = path.join(args.models, `${name}.onnx`);
  const tag = mode.length ? `${name} reduced` : name;
  const dir = path.join(work, `${name}-residual${mode.length ? '-reduced' : ''}`);
  fs.mkdirSync(dir);
  const ex = expose(args, model, dir);
  const nIn = ex.inputs.reduce((s, [, n]) => s + n, 0);
  const rng = L.mulberry32(L.seedOf(name));
  let nonlinearRows = 0;
  for (let p = 0; p < POINTS; p++) {
    const x = Array.from({ length: nIn }, () => Math.fround(name === 'smooth_softmax' ? rng() : 2 * rng() - 1));
    const bounds = path.join(dir, `p${p}.bounds`);
    L.writeBounds(bounds, x.map((v) => [v, v]));
    const stub = path.join(dir, `p${p}`);
    const c = L.compile(args, model, `${stub}.nl`, { bounds, extra: mode });
    if (!rep.check(`${tag} point ${p}: compile .nl with fixed inputs`, c.status === 0, c.stderr.trim())) continue;
    const row = L.ortEval(args, ex.file, [x], dir)[0];
    // Values by written variable name.
    const value = new Map();
    let at = 0;
    const put = (tensor, values) => values.forEach((v, i) => value.set(`${sanitize(tensor)}_${i}`, v));
    at = 0;
    for (const [t, n] of ex.inputs) { put(t, x.slice(at, at + n)); at += n; }
    at = 0;
    const tensors = new Map();
    for (const [t, n] of ex.outputs) { tensors.set(t, row.slice(at, at + n)); put(t, row.slice(at, at + n)); at += n; }
    // Softmax internals (frontend/ops/softmax.cc): for output y over logits z of one group,
    // y.diff_k / y.exp_k for (i, j != i) in order, y.sum_i = 1 + sum_j exp(z_j - z_i).
    if (name === 'smooth_softmax') {
      const [outName] = ex.outputs[0];
      const logits = [...tensors.entries()].find(([t, v]) => t !== outName && v.length === tensors.get(outName).length && /Gemm/.test(t))[1];
      let k = 0;
      logits.forEach((zi, i) => {
        let s = 1;
        logits.forEach((zj, j) => {
          if (j === i) return;
          value.set(`${sanitize(outName)}_diff_${k}`, zj - zi);
          value.set(`${sanitize(outName)}_exp_${k}`, Math.exp(zj - zi));
          s += Math.exp(zj - zi);
          k++;
        });
        value.set(`${sanitize(outName)}_sum_${i}`, s);
      });
    }
    const cols = fs.readFileSync(`${stub}.col`, 'utf8').trim().split('\n');
    const missing = cols.filter((c2) => !value.has(c2));
    if (!rep.check(`${tag} point ${p}: every written variable is an onnxruntime tensor element`, missing.length === 0,
      missing.slice(0, 5).join(' '))) continue;
    const g = gjhAt(stub, cols.map((c2) => value.get(c2)));
    const header = fs.readFileSync(`${stub}.nl`, 'utf8').split('\n')[2].trim().split(/\s+/);
    nonlinearRows += Number(header[0]);
    let worst = 0, where = '';
    for (const [i, v] of Object.entries(g.values || {})) {
      const [lo, hi] = g.bounds[i];
      const viol = Math.max(0, lo - v, v - hi) / Math.max(1, Math.abs(lo === hi ? lo : 0));
      if (viol > worst) { worst = viol; where = `row ${i}`; }
    }
    // The output variables' bounds hold onnxruntime's outputs (a constant output is a fixed one).
    const outName = ex.outputs[0][0];
    for (let i = 0; i < tensors.get(outName).length; i++) {
      const j = cols.indexOf(`${sanitize(outName)}_${i}`);
      const [lo, hi] = g.varBounds[j];
      const v = tensors.get(outName)[i];
      const viol = Math.max(0, lo - v, v - hi) / Math.max(1, Math.abs(v));
      if (viol > worst) { worst = viol; where = `output ${i}`; }
    }
    rep.check(`${tag} point ${p}: onnxruntime's values satisfy all ${Object.keys(g.values || {}).length} rows ` +
      `(${header[0]} nonlinear) and the output bounds within 2e-5`, worst <= 2e-5, `largest violation ${worst} ${where}`);
  }
  rep.check(`${tag}: the points exercised nonlinear rows`, nonlinearRows > 0, `${nonlinearRows} in all`);
}

function checkTest(args, rep, work, name, writeSol) {
  const model = path.join(args.models, `${name}.onnx`);
  const dir = path.join(work, `${name}-check`);
  fs.mkdirSync(dir);
  const stub = path.join(dir, 'm');
  const map = `${stub}.map.json`;
  const bounds = name === 'smooth_softmax' ? '0:1' : '-1:1';
  const c = L.compile(args, model, `${stub}.nl`, { bounds, maximize: 0, map });
  if (!rep.check(`${name}: compile .nl with a map`, c.status === 0, c.stderr.trim())) return;
  const m = L.readMap(map);
  const cols = fs.readFileSync(`${stub}.col`, 'utf8').trim().split('\n');
  const x = m.inputVars.map((_, i) => Math.fround(0.1 + 0.8 * ((i * 7919) % 97) / 97));
  const y = L.ortEval(args, model, [x], dir)[0];
  const pairs = (ys) => [...m.inputVars.map((v, i) => [v, x[i]]), ...m.outputVars.map((v, i) => [v, ys[i]])]
    .map(([v, val]) => `${cols.indexOf(v)} ${val}\n`).join('');
  for (const binary of [false, true]) {
    const tag = binary ? 'binary' : 'text';
    fs.writeFileSync(`${stub}.vals`, pairs(y));
    const w = L.run(writeSol, [...(binary ? ['-b'] : []), stub, `${stub}.vals`]);
    if (!rep.check(`${name}: write_sol_asl writes a ${tag} .sol`, w.status === 0 && fs.existsSync(`${stub}.sol`), w.stderr)) continue;
    const good = L.run(args.nn2milp, ['check', model, '--solution', `${stub}.sol`, '--map', map, '--tolerance', '1e-5']);
    rep.check(`${name}: check accepts onnxruntime's outputs in a ${tag} AMPL .sol`, good.status === 0,
      (good.stdout + good.stderr).trim().split('\n').slice(-2).join(' '));
    const bad = y.slice();
    bad[0] += 0.5;
    fs.writeFileSync(`${stub}.vals`, pairs(bad));
    L.run(writeSol, [...(binary ? ['-b'] : []), stub, `${stub}.vals`]);
    const t = L.run(args.nn2milp, ['check', model, '--solution', `${stub}.sol`, '--map', map]);
    rep.check(`${name}: check exits 7 on a tampered ${tag} .sol`, t.status === 7 && /differ/.test(t.stderr), `exit ${t.status}`);
  }
}

function refusalTest(args, rep, work, name, op) {
  const model = path.join(args.models, `${name}.onnx`);
  for (const ext of ['mps', 'lp']) {
    const out = path.join(work, `${name}-refused.${ext}`);
    const r = L.compile(args, model, out, { bounds: '0:1' });
    const re = new RegExp(`node .*\\(${op}\\).*MPS and LP files cannot hold it.*-o model\\.nl`);
    rep.check(`${name}: .${ext} refused with exit 4 naming the ${op} node and suggesting .nl`,
      r.status === 4 && re.test(r.stderr) && !fs.existsSync(out), `exit ${r.status}: ${r.stderr.trim()}`);
  }
}

function main() {
  const args = L.parseArgs();
  L.requireTools(args, { cbc: false, glpk: false, highs: false, ort: true });
  const writeSol = args.rest[0];
  const rep = new L.Report('smooth activations in AMPL .nl: onnxruntime residuals, AMPL .sol check, MPS/LP refusal');
  const work = L.makeWorkDir('e2e-smooth');
  for (const name of MODELS) {
    if (!L.selected(args, name)) continue;
    try {
      residualTest(args, rep, work, name, []);
      residualTest(args, rep, work, name, ['--nl-reduced']);
      if (rep.check('write_sol_asl is built', !!writeSol && fs.existsSync(writeSol), String(writeSol))) {
        checkTest(args, rep, work, name, writeSol);
      }
      refusalTest(args, rep, work, name, name === 'smooth_mlp' ? 'Sigmoid' : 'Tanh');
    } catch (e) {
      rep.check(`${name}: no exception`, false, e.stack);
    }
  }
  L.finishRun(args, rep, work);
}

L.runMain(main);
