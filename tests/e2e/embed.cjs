// --embed: the planning example (examples/planning) with its surrogate networks embedded, solved by
// CBC, against an independent optimum: the base model's two decisions (feed, temp) enumerated on a
// fine grid, the networks evaluated there by onnxruntime, every other variable of the base model
// chosen optimally by hand (shift = 1 exactly when feed > 60, energy at its lower bound), and the
// constraints checked. The grid optimum can only be <= the MILP optimum (the MILP optimises over
// the continuum), and must be close to it; the MILP's maximiser, re-evaluated by onnxruntime, must
// give the MILP's objective. Variants: LP base, MPS base (OBJSENSE MAX, RANGES), two networks at
// once (--net, one of them linked through --links FILE.json). The CBC solutions are also checked
// with `nn2milp check` (per network), and a glpsol -w solution with `check --model`.
// usage: node embed.cjs --nn2milp BIN --source-dir DIR
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const STEP_FEED = 0.25, STEP_TEMP = 0.25;

function grid() {
  const pts = [];
  for (let f = 20; f <= 100 + 1e-9; f += STEP_FEED) {
    for (let t = 300; t <= 400 + 1e-9; t += STEP_TEMP) pts.push([f, t]);
  }
  return pts;
}

// The plan's profit at decisions (f, t) with network outputs product p and purity q (q null when
// purity is not predicted: then the base model's purity variable is free in [0.9, 1]); null when
// infeasible. Mirrors plan.lp row by row.
function profit(f, t, p, q) {
  const energy = 0.08 * f + 0.02 * t;              // energy_use, energy >= 0
  if (energy > 12 || energy > 20) return null;     // energy_cap, bound
  const shift = f > 60 ? 1 : 0;                    // feed_supply
  if (f - 40 * shift > 60) return null;
  if (p > 70 || p < 30 || p < 0 || p > 200) return null;  // demand, contract, bounds
  if (q !== null && (q < 0.9 || q > 1)) return null;      // purity_min, bounds
  return 50 * p - 8 * f - 2 * energy - 100 * shift;
}

function main() {
  const args = L.parseArgs();
  L.requireTools(args, { highs: false });
  const rep = new L.Report('--embed: planning example with surrogate networks vs grid enumeration (onnxruntime)');
  const work = L.makeWorkDir('e2e-embed');
  const ex = path.join(args.sourceDir, 'examples', 'planning');
  const product = path.join(ex, 'product.onnx'), purity = path.join(ex, 'purity.onnx');

  const pts = grid();
  const prodOut = L.ortEval(args, product, pts, work).map((o) => o[0]);
  const purOut = L.ortEval(args, purity, pts, work).map((o) => o[0]);
  const best = (withPurity) => {
    let b = { value: -Infinity, at: null };
    pts.forEach(([f, t], i) => {
      const v = profit(f, t, prodOut[i], withPurity ? purOut[i] : null);
      if (v !== null && v > b.value) b = { value: v, at: [f, t] };
    });
    return b;
  };
  const gridOne = best(false), gridTwo = best(true);
  console.log(`# grid of ${pts.length} points: best profit ${gridOne.value} at ${gridOne.at} (product net), ` +
    `${gridTwo.value} at ${gridTwo.at} (both nets)`);

  const linksFile = path.join(work, 'purity_links.json');
  fs.writeFileSync(linksFile, JSON.stringify({ 'pur.input:0': 'feed', 'pur.input:1': 'temp', 'pur.output:0': 'purity' }));
  const oneNet = ['--link', 'input:0=feed', '--link', 'input:1=temp', '--link', 'output:0=product'];
  const variants = [
    { name: 'lp base, one network', base: 'plan.lp', argv: [product, ...oneNet], out: 'one_lp.mps', truth: gridOne, nets: [''] },
    { name: 'mps base, one network', base: 'plan.mps', argv: [product, ...oneNet], out: 'one_mps.lp', truth: gridOne, nets: [''] },
    { name: 'lp base, two networks', base: 'plan.lp', out: 'two_lp.mps', truth: gridTwo, nets: ['prod', 'pur'],
      argv: ['--net', `prod=${product}`, '--net', `pur=${purity}`, '--link', 'prod.input:0=feed',
        '--link', 'prod.input:1=temp', '--link', 'prod.output:0=product', '--links', linksFile] },
    { name: 'mps base, two networks', base: 'plan.mps', out: 'two_mps.mps', truth: gridTwo, nets: ['prod', 'pur'],
      argv: ['--net', `prod=${product}`, '--net', `pur=${purity}`, '--link', 'prod.input:0=feed',
        '--link', 'prod.input:1=temp', '--link', 'prod.output:0=product', '--links', linksFile] },
  ];
  for (const v of variants) {
    const out = path.join(work, v.out), map = path.join(work, `${v.out}.json`);
    const r = L.run(args.nn2milp, [...v.argv, '--embed', path.join(ex, v.base), '-o', out, '--map', map]);
    if (!rep.check(`${v.name}: compile`, r.status === 0, r.stderr.trim())) continue;
    const m = JSON.parse(fs.readFileSync(map, 'utf8'));
    rep.check(`${v.name}: the map keeps the base objective (maximize, scale -1)`,
      m.objective && m.objective.source === 'base' && m.objective.scale === -1, JSON.stringify(m.objective));
    const sol = L.solveCbc(out, { dir: work });
    if (!rep.check(`${v.name}: cbc optimal`, sol.ok, sol.status)) continue;
    const milp = -sol.objective;  // files minimise; the base maximises
    const gap = milp - v.truth.value;
    rep.check(`${v.name}: grid optimum <= MILP optimum and within 0.5%`, gap >= -1e-6 * Math.abs(milp) && gap <= 0.005 * Math.abs(milp),
      `MILP ${milp}, grid ${v.truth.value}, gap ${gap}`);
    // Re-evaluate the maximiser with onnxruntime.
    const f = L.cbcValue(sol, 'feed'), t = L.cbcValue(sol, 'temp');
    const p = L.ortEval(args, product, [[f, t]], work)[0][0];
    const q = v.nets.length === 2 ? L.ortEval(args, purity, [[f, t]], work)[0][0] : null;
    const e = L.cbcValue(sol, 'energy'), s = L.cbcValue(sol, 'shift');
    const again = 50 * p - 8 * f - 2 * e - 100 * s;
    rep.check(`${v.name}: onnxruntime at the MILP's (feed, temp) = (${f}, ${temp4(t)}) gives its objective`,
      L.relErr(again, milp) < 1e-5, `profit with ort product ${p}: ${again}, MILP ${milp}`);
    rep.check(`${v.name}: the product variable is the network's output`, L.relErr(L.cbcValue(sol, 'product'), p) < 1e-5,
      `product ${L.cbcValue(sol, 'product')}, ort ${p}`);
    if (q !== null) {
      rep.check(`${v.name}: purity is the purity network's output, >= 0.9`,
        L.relErr(L.cbcValue(sol, 'purity'), q) < 1e-5 && q >= 0.9 - 1e-6, `purity ${L.cbcValue(sol, 'purity')}, ort ${q}`);
    }
    // nn2milp check, per network.
    const solFile = path.join(work, `${path.basename(out)}.cbc.sol`);
    for (const [k, name] of v.nets.entries()) {
      const model = v.nets.length === 1 ? product : [product, purity][k];
      const c = L.run(args.nn2milp, ['check', model, '--solution', solFile, '--map', map, ...(name ? ['--net', name] : [])]);
      rep.check(`${v.name}: nn2milp check ${name || '(positional network)'} passes`, c.status === 0, c.stdout.trim().split('\n').pop() + c.stderr);
    }
  }
  // GLPK: solve the two-network MPS with glpsol -w and check the raw solution, columns named by
  // the written file (--model); a tampered output value gives exit 7.
  const two = path.join(work, 'two_lp.mps'), twoMap = path.join(work, 'two_lp.mps.json'), raw = path.join(work, 'two.glpk');
  const g = L.run('glpsol', ['--freemps', two, '-w', raw], { timeoutMs: 300000 });
  if (rep.check('glpsol solves the embedded model and writes a raw solution', g.status === 0 && fs.existsSync(raw), g.stdout.slice(-300))) {
    const check = (file, net) => L.run(args.nn2milp, ['check', net === 'prod' ? product : purity, '--solution', file,
      '--map', twoMap, '--net', net, '--model', two]);
    for (const net of ['prod', 'pur']) {
      const c = check(raw, net);
      rep.check(`glpsol -w solution: check --net ${net} --model passes`, c.status === 0, c.stdout.trim().split('\n').pop() + c.stderr);
    }
    // Tamper with the product network's output column: its 1-based position is its order of first
    // appearance in the COLUMNS section of the written free MPS file.
    const cols = [];
    let inColumns = false;
    for (const line of fs.readFileSync(two, 'utf8').split('\n')) {
      if (/^\S/.test(line)) inColumns = line.startsWith('COLUMNS');
      else if (inColumns) {
        const name = line.trim().split(/\s+/)[0];
        if (name !== 'MARKER' && cols[cols.length - 1] !== name) cols.push(name);
      }
    }
    const outVar = JSON.parse(fs.readFileSync(twoMap, 'utf8')).networks.prod.outputs.product[0];
    const pos = cols.indexOf(outVar) + 1;
    const tampered = fs.readFileSync(raw, 'utf8').split('\n').map((line) => {
      const f = line.split(' ');
      return f[0] === 'j' && Number(f[1]) === pos ? `j ${pos} ${Number(f[2]) + 0.5}` : line;
    }).join('\n');
    const bad = path.join(work, 'two_tampered.glpk');
    fs.writeFileSync(bad, tampered);
    const rejected = check(bad, 'prod');
    rep.check(`glpsol -w solution with output ${outVar} (column ${pos}) moved by 0.5: exit 7`, pos > 0 && rejected.status === 7,
      `exit ${rejected.status}: ${rejected.stderr.trim()}`);
    const noModel = L.run(args.nn2milp, ['check', product, '--solution', raw, '--map', twoMap, '--net', 'prod']);
    rep.check('glpsol -w solution without --model: exit 6, asks for --model', noModel.status === 6 && /--model/.test(noModel.stderr), noModel.stderr.trim());
  }

  // --maximize 0 replaces the base objective (a warning says so): the most product the plan allows.
  {
    let gridMax = -Infinity;
    pts.forEach(([f, t], i) => { if (profit(f, t, prodOut[i], null) !== null) gridMax = Math.max(gridMax, prodOut[i]); });
    const out = path.join(work, 'max_product.mps'), map = path.join(work, 'max_product.json');
    const r = L.run(args.nn2milp, [product, ...oneNet, '--embed', path.join(ex, 'plan.lp'), '--maximize', '0', '-o', out, '--map', map]);
    rep.check('--maximize 0: warns that the base objective is replaced', r.status === 0 && /objective .* replaced/.test(r.stderr), r.stderr.trim());
    const sol = L.solveCbc(out, { dir: work });
    const got = -sol.objective;
    rep.check('--maximize 0: MILP max product >= grid max and within 0.5%', sol.ok && got >= gridMax - 1e-6 && got - gridMax <= 0.005 * gridMax,
      `MILP ${got}, grid ${gridMax}`);
    const m = JSON.parse(fs.readFileSync(map, 'utf8'));
    rep.check('--maximize 0: the map describes the network objective', m.objective.source === 'network' && m.objective.scale === -1, JSON.stringify(m.objective));
  }

  // Bad input: exit code, a clear message, no output file.
  const badLp = path.join(work, 'bad.lp');
  fs.writeFileSync(badLp, 'Maximize\n obj: feed\nSubject To\n c: feed <=\nEnd\n');
  const sosLp = path.join(work, 'sos.lp');
  fs.writeFileSync(sosLp, 'Maximize\n obj: feed\nSOS\n s1: S1:: feed:1\nEnd\n');
  const bad = [
    { what: 'an unlinked input without --input-bounds', argv: [product, '--embed', path.join(ex, 'plan.lp'), '--link', 'input:0=feed'], code: 6, msg: /input element 1 is not linked/ },
    { what: 'a link to an unknown base variable', argv: [product, '--embed', path.join(ex, 'plan.lp'), '--link', 'input:0=nosuch'], code: 3, msg: /no variable 'nosuch'/ },
    { what: 'a link to an element that does not exist', argv: [product, '--embed', path.join(ex, 'plan.lp'), '--link', 'input:0=feed', '--link', 'input:1=temp', '--link', 'output:5=product'], code: 3, msg: /output element 5 does not exist/ },
    { what: 'a malformed base model', argv: [product, '--embed', badLp, '--input-bounds', '0:1'], code: 3, msg: /bad\.lp:5:1: expected the right-hand side/ },
    { what: 'a base model with SOS', argv: [product, '--embed', sosLp, '--input-bounds', '0:1'], code: 4, msg: /sos\.lp:3:1: section 'SOS' is not supported/ },
    { what: '--net without --embed', argv: ['--net', `p=${product}`, '--input-bounds', '0:1'], code: 3, msg: /--net needs --embed/ },
    { what: 'a link to a network that is not given', argv: [product, '--embed', path.join(ex, 'plan.lp'), '--input-bounds', '0:1', '--link', 'x.input:0=feed'], code: 3, msg: /network 'x', which is not given/ },
  ];
  for (const b of bad) {
    const out = path.join(work, 'bad_out.mps');
    const r = L.run(args.nn2milp, [...b.argv, '-o', out]);
    rep.check(`bad input: ${b.what}: exit ${b.code}, message, no file`, r.status === b.code && b.msg.test(r.stderr) && !fs.existsSync(out),
      `exit ${r.status}: ${r.stderr.trim()}`);
  }
  L.finishRun(args, rep, work);
}

function temp4(t) {
  return Math.round(t * 1e4) / 1e4;
}

L.runMain(main);
