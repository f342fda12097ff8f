'use strict';
/*
 * Shared helpers for nn2milp's end-to-end tests (tests/e2e/*.cjs and tests/external/*.cjs).
 *
 * Independent references only: onnxruntime (tests/js/ort_eval.cjs), CBC, GLPK and HiGHS (npm
 * "highs", WebAssembly, loaded in-process from tests/js/node_modules). Nothing here reuses the
 * compiler's own code.
 *
 * Solver quirks handled here (see ../shared/docs/formats.md §5.2, §7, §9):
 *   - CBC exits 0 on read errors, missing files and infeasible models: its exit code is never
 *     trusted; the first line of the -solu file must start with "Optimal".
 *   - CBC's -solu file lists only the non-zero columns (missing column = 0) and prints values with
 *     8 significant digits (%15.8g), objective with 8 decimals.
 *   - glpsol exits 0 for infeasible/unbounded models: the status is read from its -o report.
 *   - HiGHS (Wasm) aborts its runtime on a parse error: the exception is caught and the module is
 *     reloaded for the next call.
 *   - HiGHS's default mip_rel_gap is 1e-4, far too loose to compare optima; it is set to 1e-9.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { mulberry32 } = require(path.join(__dirname, '../js/prng.cjs'));
const cp = require('child_process');

// ---------------------------------------------------------------------------------------------
// Command line: --nn2milp PATH --source-dir DIR [--include REGEX] [--exclude REGEX] [--keep]
//               [--nets DIR] and script-specific flags (returned in `rest`).
function parseArgs(argv = process.argv.slice(2)) {
  const a = { nn2milp: null, sourceDir: null, include: null, exclude: null, keep: !!process.env.NN2MILP_E2E_KEEP, nets: null, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--nn2milp') a.nn2milp = path.resolve(v());
    else if (k === '--source-dir') a.sourceDir = path.resolve(v());
    else if (k === '--include') a.include = new RegExp(v());
    else if (k === '--exclude') a.exclude = new RegExp(v());
    else if (k === '--nets') a.nets = path.resolve(v());
    else if (k === '--keep') a.keep = true;
    else a.rest.push(k);
  }
  if (!a.sourceDir) a.sourceDir = path.resolve(__dirname, '..', '..');
  if (!a.nn2milp) a.nn2milp = path.join(a.sourceDir, 'build', 'tools', 'nn2milp');
  if (!fs.existsSync(a.nn2milp)) throw new Error(`nn2milp binary not found: ${a.nn2milp}`);
  a.models = path.join(a.sourceDir, 'tests', 'models');
  a.ortEval = path.join(a.sourceDir, 'tests', 'js', 'ort_eval.cjs');
  a.nodeModules = path.join(a.sourceDir, 'tests', 'js', 'node_modules');
  return a;
}

// Fail early and clearly when a reference tool is missing (scripts/setup.sh installs them all).
function requireTools(args, { cbc = true, glpk = true, highs = true, ort = true } = {}) {
  const missing = [];
  const onPath = (exe) => (process.env.PATH || '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, exe)));
  if (cbc && !onPath('cbc')) missing.push('cbc (apt: coinor-cbc)');
  if (glpk && !onPath('glpsol')) missing.push('glpsol (apt: glpk-utils)');
  if (highs && !fs.existsSync(path.join(args.nodeModules, 'highs', 'package.json'))) missing.push(`${args.nodeModules}/highs (npm)`);
  if (ort && !fs.existsSync(path.join(args.nodeModules, 'onnxruntime-node', 'package.json'))) missing.push(`${args.nodeModules}/onnxruntime-node (npm)`);
  if (missing.length) {
    console.log(`missing test prerequisites (run scripts/setup.sh): ${missing.join(', ')}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

function selected(args, name) {
  if (args.include && !args.include.test(name)) return false;
  if (args.exclude && args.exclude.test(name)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reporting: every check prints one line; the last line of the script is "N passed, M failed".
class Report {
  constructor(title) {
    this.title = title;
    this.passed = 0;
    this.failed = 0;
    this.failures = [];
    this.notes = [];
    this.maxima = new Map(); // key -> {value, where}
    this.t0 = Date.now();
    console.log(`# ${title}`);
  }
  check(name, ok, detail = '') {
    if (ok) {
      this.passed++;
      console.log(`ok    ${name}${detail ? ` (${detail})` : ''}`);
    } else {
      this.failed++;
      this.failures.push(name);
      console.log(`FAIL  ${name}${detail ? `: ${detail}` : ''}`);
    }
    return ok;
  }
  note(msg) {
    this.notes.push(msg);
    console.log(`note  ${msg}`);
  }
  // Track the largest value seen for a statistic (e.g. an error).
  max(key, value, where) {
    const cur = this.maxima.get(key);
    if (!cur || value > cur.value || Number.isNaN(value)) this.maxima.set(key, { value, where });
  }
  finish() {
    const secs = ((Date.now() - this.t0) / 1000).toFixed(1);
    if (this.maxima.size) {
      console.log('# maxima observed:');
      for (const [k, { value, where }] of [...this.maxima].sort()) console.log(`#   ${k}: ${value.toExponential(3)} (${where})`);
    }
    if (this.notes.length) {
      console.log(`# ${this.notes.length} note(s):`);
      for (const n of this.notes) console.log(`#   ${n}`);
    }
    if (this.failures.length) {
      console.log('# failures:');
      for (const f of this.failures) console.log(`#   ${f}`);
    }
    console.log(`# ${this.title}: ${secs} s`);
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exitCode = this.failed > 0 || this.passed === 0 ? 1 : 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Processes and files.
function run(cmd, argv, { cwd, timeoutMs = 120000, input } = {}) {
  const t0 = Date.now();
  const r = cp.spawnSync(cmd, argv, { cwd, input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 << 20 });
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout || '',
    stderr: r.stderr || '',
    error: r.error,
    ms: Date.now() - t0,
    timedOut: !!(r.error && r.error.code === 'ETIMEDOUT'),
  };
}

function makeWorkDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nn2milp-${tag}-`));
}

function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

// The end of a test script's main(): removes the work directory `work` unless a check failed or
// --keep was given (then says where it is), and prints the report's summary.
function finishRun(args, rep, work) {
  if (rep.failed === 0 && !args.keep) removeDir(work);
  else console.log(`# work files kept in ${work}`);
  rep.finish();
}

// Runs a test script's main (plain or async); an exception escaping it is printed with its stack
// and counted as the one failure of the run (exit code 1).
function runMain(main) {
  const fail = (e) => {
    console.log(e.stack);
    console.log('0 passed, 1 failed');
    process.exit(1);
  };
  try {
    const result = main();
    if (result && typeof result.then === 'function') result.catch(fail);
  } catch (e) {
    fail(e);
  }
}

function listDir(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}


// Stable 32-bit seed from a string (FNV-1a).
function seedOf(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// A finite double printed so that parsing it back gives exactly the same double.
function num(v) {
  if (!Number.isFinite(v)) throw new Error(`non-finite number ${v}`);
  return Object.is(v, -0) ? '0' : String(v);
}

// Bounds file: one "lo hi" line per input element.
function writeBounds(file, box) {
  fs.writeFileSync(file, box.map(([lo, hi]) => `${num(lo)} ${num(hi)}\n`).join(''));
}

function relErr(got, want) {
  return Math.abs(got - want) / Math.max(1, Math.abs(want));
}

// ---------------------------------------------------------------------------------------------
// nn2milp.
function compile(args, model, out, { bounds, maximize, minimize, map, format, cwd, extra = [] } = {}) {
  const argv = [model, '-o', out];
  if (format) argv.push('--format', format);
  if (bounds !== undefined) argv.push('--input-bounds', bounds);
  if (maximize !== undefined) argv.push('--maximize', String(maximize));
  if (minimize !== undefined) argv.push('--minimize', String(minimize));
  if (map) argv.push('--map', map);
  argv.push(...extra);
  return run(args.nn2milp, argv, { cwd });
}

// The map's "inputs"/"outputs" objects list the ONNX tensors in graph order.  JS objects put
// integer-like keys (torch names tensors "11", "28") first, so take the order from the text.
function orderedKeys(text, keys) {
  if (keys.length < 2) return keys;
  const pos = (k) => text.indexOf(JSON.stringify(k) + ':') >= 0 ? text.indexOf(JSON.stringify(k) + ':') : text.indexOf(JSON.stringify(k));
  return [...keys].sort((a, b) => pos(a) - pos(b));
}

function readMap(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = JSON.parse(text);
  const section = (name) => {
    const start = text.indexOf(`"${name}"`);
    const sub = start >= 0 ? text.slice(start) : text;
    return orderedKeys(sub, Object.keys(m[name])).flatMap((k) => m[name][k]);
  };
  return { raw: m, text, inputVars: section('inputs'), outputVars: section('outputs'), objective: m.objective };
}

// `nn2milp eval`: the compiler's own forward pass.
function nnEval(args, model, point, dir) {
  const f = path.join(dir, `eval_point_${process.pid}.txt`);
  fs.writeFileSync(f, point.map(num).join('\n') + '\n');
  const r = run(args.nn2milp, ['eval', model, '--input', f]);
  fs.rmSync(f, { force: true });
  if (r.status !== 0) return { error: `nn2milp eval exit ${r.status}: ${r.stderr.trim()}` };
  const values = r.stdout.trim().split(/\s+/).filter((s) => s !== '').map(Number);
  return { values };
}

// ---------------------------------------------------------------------------------------------
// onnxruntime via tests/js/ort_eval.cjs.
function ortEval(args, model, points, dir) {
  const f = path.join(dir, `ort_points_${process.pid}.json`);
  fs.writeFileSync(f, JSON.stringify({ points }));
  const r = run(process.execPath, [args.ortEval, model, f], { timeoutMs: 300000 });
  fs.rmSync(f, { force: true });
  if (r.status !== 0) throw new Error(`ort_eval failed on ${model}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout).outputs;
}

// box: array of [lo, hi] per input element.
function ortSample(args, model, n, box, seed) {
  const boxArg = box.map(([lo, hi]) => `${num(lo)}:${num(hi)}`).join(',');
  const r = run(process.execPath, [args.ortEval, model, '--sample', String(n), '--box', boxArg, '--seed', String(seed)], { timeoutMs: 600000 });
  if (r.status !== 0) throw new Error(`ort_eval --sample failed on ${model}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------------------------
// CBC.  Returns {ok, status, objective, values: Map, ms, log} ; ok only for "Optimal".
function solveCbc(file, { preprocessOff = false, timeLimit = 120, dir } = {}) {
  const sol = path.join(dir || path.dirname(file), `${path.basename(file)}${preprocessOff ? '.ppoff' : ''}.cbc.sol`);
  fs.rmSync(sol, { force: true });
  const argv = [file];
  if (preprocessOff) argv.push('-preprocess', 'off');
  argv.push('-sec', String(timeLimit), '-solve', '-solu', sol);
  const r = run('cbc', argv, { timeoutMs: (timeLimit + 60) * 1000 });
  const res = { ok: false, status: null, objective: NaN, values: new Map(), ms: r.ms, log: r.stdout + r.stderr };
  if (!fs.existsSync(sol)) {
    res.status = `no solution file (cbc exit ${r.status}${r.timedOut ? ', timed out' : ''})`;
    return res;
  }
  const lines = fs.readFileSync(sol, 'utf8').split('\n');
  res.status = lines[0].trim();
  const m = /^Optimal - objective value\s+(\S+)/.exec(lines[0]);
  if (!m) return res;
  res.objective = Number(m[1]);
  for (const line of lines.slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    // "idx name value redcost"; an infeasible-looking solution is flagged with "**" before idx.
    const off = f[0] === '**' ? 1 : 0;
    res.values.set(f[off + 1], Number(f[off + 2]));
  }
  res.ok = Number.isFinite(res.objective);
  return res;
}

// Value of a column in a CBC result (missing = 0: CBC prints only non-zero columns).
function cbcValue(res, name) {
  return res.values.has(name) ? res.values.get(name) : 0;
}

// A copy of a CPLEX LP file with extra equality rows `e2e_fix_<i>: name = value` inserted at the
// top of "Subject To" (independent of how the writer spells bounds).
function lpWithFixedColumns(lpText, fix) {
  const lines = lpText.split('\n');
  const at = lines.findIndex((l) => /^subject to\s*$/i.test(l.trim()));
  if (at < 0) throw new Error('no "Subject To" line in the LP file');
  const rows = fix.map(([n, v], i) => ` e2e_fix_${i}: ${n} = ${num(v)}`);
  return [...lines.slice(0, at + 1), ...rows, ...lines.slice(at + 1)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// GLPK.  mode 'solve' or 'check' (parse only).  Returns {rc, ok, status, objective, text}.
function runGlpk(file, { mode = 'solve', timeLimit = 20, dir } = {}) {
  const isMps = file.endsWith('.mps');
  const out = path.join(dir || path.dirname(file), `${path.basename(file)}.glpk.txt`);
  fs.rmSync(out, { force: true });
  const argv = [isMps ? '--freemps' : '--lp', file];
  if (mode === 'check') argv.push('--check');
  else argv.push('--tmlim', String(timeLimit), '-o', out);
  const r = run('glpsol', argv, { timeoutMs: (timeLimit + 30) * 1000 });
  const text = r.stdout + r.stderr;
  const res = { rc: r.status, text, status: null, objective: NaN, hasError: /error/i.test(text) };
  if (mode === 'solve' && fs.existsSync(out)) {
    const rep = fs.readFileSync(out, 'utf8');
    const s = /^Status:\s+(.+)$/m.exec(rep);
    const o = /^Objective:\s+\S+\s+=\s+(\S+)/m.exec(rep);
    res.status = s ? s[1].trim() : null;
    res.objective = o ? Number(o[1]) : NaN;
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// HiGHS (npm "highs", Wasm), in-process.  Returns {ok, status, objective, value(name), ms, error}.
const HIGHS_OPTIONS = { output_flag: false, mip_rel_gap: 1e-9, mip_abs_gap: 1e-9, time_limit: 120 };
let highsPromise = null;

function highsLoader(args) {
  return require(require.resolve('highs', { paths: [args.nodeModules] }));
}

// fix: optional array of [columnName, value] pairs; those columns get lb = ub = value before the
// solve (used to fix the inputs of a model compiled over a box, so that its big-M rows are active).
async function solveHighs(args, file, names = [], options = {}, fix = []) {
  if (!highsPromise) highsPromise = highsLoader(args)();
  const highs = await highsPromise;
  const isMps = file.endsWith('.mps');
  const data = isMps ? new Uint8Array(fs.readFileSync(file)) : fs.readFileSync(file, 'utf8');
  const t0 = Date.now();
  try {
    return highs.withModel({ format: isMps ? 'mps' : 'lp', data }, (m) => {
      m.options.set({ ...HIGHS_OPTIONS, ...options });
      for (const [n, v] of fix) m.changeColBounds(m.getColByName(n), v, v);
      m.run();
      const status = m.getModelStatus();
      const ok = status === 7; // kOptimal
      const sol = ok ? m.getSolution() : null;
      const objective = ok ? m.getObjectiveValue() : NaN;
      const cache = new Map();
      const value = (name) => {
        if (!cache.has(name)) {
          let v;
          try {
            v = sol.colValue[m.getColByName(name)];
          } catch (e) {
            v = undefined; // no such column
          }
          cache.set(name, v);
        }
        return cache.get(name);
      };
      // Resolve the names needed by the caller now: the model is disposed on return.
      const values = new Map();
      if (ok) for (const n of names) values.set(n, value(n));
      return { ok, status, objective, values, ms: Date.now() - t0 };
    });
  } catch (e) {
    highsPromise = null; // the Wasm runtime may be dead after an abort: reload next time
    return { ok: false, status: 'ERROR', error: String(e && e.message ? e.message.split('\n')[0] : e), objective: NaN, values: new Map(), ms: Date.now() - t0 };
  }
}

module.exports = {
  parseArgs, requireTools, selected, Report, run, makeWorkDir, removeDir, finishRun, runMain, listDir, mulberry32, seedOf, num,
  writeBounds, relErr, lpWithFixedColumns, compile, readMap, nnEval, ortEval, ortSample, solveCbc, cbcValue, runGlpk,
  solveHighs,
};
