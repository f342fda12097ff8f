#!/usr/bin/env node
'use strict';
/*
 * ort_eval.cjs — reference evaluation of an ONNX model with onnxruntime (CPU).
 *
 * Usage:
 *   node tests/js/ort_eval.cjs MODEL.onnx INPUTS.json
 *   node tests/js/ort_eval.cjs MODEL.onnx -                 (INPUTS.json on stdin)
 *   node tests/js/ort_eval.cjs MODEL.onnx --sample N --box LO:HI [--seed S]
 *
 * INPUTS.json is {"points": [[x0, x1, ...], ...]}.  Each point is the
 * flattened (row-major) concatenation of all graph inputs, in graph input
 * order.  Graph inputs that are initializers (IR < 4 models list weights as
 * inputs) are NOT part of a point: onnxruntime already leaves them out of
 * session.inputNames.
 *
 * Prints to stdout {"outputs": [[y...], ...]}: for every point, the flattened
 * concatenation of all graph outputs in graph output order.  In --sample mode
 * it prints {"points": [...], "outputs": [...]}.
 *
 * --sample N --box LO:HI draws N points uniformly from [LO,HI]^d with a
 * deterministic mulberry32 PRNG seeded by --seed (default 1).  --box may also
 * be a comma-separated list of d intervals "LO:HI,LO:HI,...", one per
 * coordinate.  For float32 inputs the sampled values are rounded to float32
 * before printing, so the printed points are exactly the values fed to the
 * model.
 *
 * Symbolic or unknown dimensions are evaluated with size 1 (batch size 1).
 * Inputs are fed as float32, or float64 when the model input is double.
 * Non-finite outputs (NaN/±Inf) are printed as null, with a warning on
 * stderr, since JSON has no representation for them.
 *
 * Exit status: 0 on success, 2 on usage errors, 1 on any other error (the
 * message goes to stderr, prefixed with "ort_eval: ").
 */

const fs = require('fs');
const path = require('path');
const { mulberry32 } = require(path.join(__dirname, './prng.cjs'));

// Resolve onnxruntime-node relative to this script, so any cwd works.
let ort;
try {
  ort = require(require.resolve('onnxruntime-node', { paths: [__dirname] }));
} catch (e) {
  fail(`cannot load onnxruntime-node from ${__dirname}/node_modules: ${e.message}`);
}

class UsageError extends Error {}

function fail(msg, code = 1) {
  process.stderr.write(`ort_eval: ${msg}\n`);
  process.exit(code);
}

const USAGE =
  'usage: node ort_eval.cjs MODEL.onnx INPUTS.json|-\n' +
  '       node ort_eval.cjs MODEL.onnx --sample N --box LO:HI[,LO:HI...] [--seed S]';

function parseArgs(argv) {
  const args = { model: null, inputs: null, sample: null, box: null, seed: 1 };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--sample') {
      const v = next();
      if (!/^\d+$/.test(v)) throw new UsageError(`--sample expects a non-negative integer, got '${v}'`);
      args.sample = parseInt(v, 10);
    } else if (a === '--box') {
      args.box = parseBox(next());
    } else if (a === '--seed') {
      const v = next();
      if (!/^-?\d+$/.test(v)) throw new UsageError(`--seed expects an integer, got '${v}'`);
      args.seed = parseInt(v, 10);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length < 1) throw new UsageError('missing MODEL.onnx');
  args.model = positional[0];
  if (args.sample !== null) {
    if (positional.length > 1) throw new UsageError('INPUTS.json and --sample are mutually exclusive');
    if (!args.box) throw new UsageError('--sample needs --box LO:HI');
  } else {
    if (args.box) throw new UsageError('--box only makes sense with --sample');
    if (positional.length !== 2) throw new UsageError('expected MODEL.onnx INPUTS.json');
    args.inputs = positional[1];
  }
  return args;
}

function parseBox(s) {
  return s.split(',').map((part) => {
    const m = part.split(':');
    const lo = Number(m[0]);
    const hi = Number(m[1]);
    if (m.length !== 2 || m[0] === '' || m[1] === '' || !Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
      throw new UsageError(`bad --box interval '${part}' (expected LO:HI with finite LO <= HI)`);
    }
    return [lo, hi];
  });
}


// Concrete shape of an input: symbolic/unknown dims -> 1.
function concreteShape(meta) {
  if (!Array.isArray(meta.shape)) return [1];
  return meta.shape.map((d) => (typeof d === 'number' && Number.isInteger(d) && d > 0 ? d : 1));
}

function toJsonNumber(v, state) {
  const x = typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  if (!Number.isFinite(x)) {
    state.nonFinite++;
    return null;
  }
  return x;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));

  if (!fs.existsSync(args.model)) throw new Error(`model file not found: ${args.model}`);
  let session;
  try {
    session = await ort.InferenceSession.create(path.resolve(args.model), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    throw new Error(`onnxruntime cannot load ${args.model}: ${e.message}`);
  }

  // Describe the inputs: name, element type, concrete shape, size.
  const metaByName = new Map((session.inputMetadata || []).map((m) => [m.name, m]));
  const inputs = session.inputNames.map((name) => {
    const meta = metaByName.get(name);
    if (!meta || !meta.isTensor) throw new Error(`input '${name}' is not a tensor`);
    let type;
    if (meta.type === 'float32') type = 'float32';
    else if (meta.type === 'float64') type = 'float64';
    else throw new Error(`input '${name}' has element type ${meta.type}; only float32/float64 are supported`);
    const shape = concreteShape(meta);
    const size = shape.reduce((p, d) => p * d, 1);
    return { name, type, shape, size };
  });
  const dim = inputs.reduce((s, i) => s + i.size, 0);

  // Collect the points.
  let points;
  if (args.sample !== null) {
    let box = args.box;
    if (box.length === 1) box = new Array(dim).fill(box[0]);
    if (box.length !== dim) {
      throw new UsageError(`--box has ${box.length} intervals but the model has ${dim} input values`);
    }
    const rnd = mulberry32(args.seed);
    // Round to the precision actually fed, so printed points == fed values.
    const round = [];
    for (const inp of inputs) for (let k = 0; k < inp.size; k++) round.push(inp.type === 'float32');
    points = [];
    for (let n = 0; n < args.sample; n++) {
      const p = new Array(dim);
      for (let j = 0; j < dim; j++) {
        const [lo, hi] = box[j];
        let v = lo + (hi - lo) * rnd();
        if (round[j]) v = Math.fround(v);
        p[j] = v;
      }
      points.push(p);
    }
  } else {
    let text;
    try {
      text = fs.readFileSync(args.inputs === '-' ? 0 : args.inputs, 'utf8');
    } catch (e) {
      throw new Error(`cannot read ${args.inputs}: ${e.message}`);
    }
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new Error(`${args.inputs} is not valid JSON: ${e.message}`);
    }
    if (!doc || !Array.isArray(doc.points)) throw new Error(`${args.inputs}: expected an object with a "points" array`);
    points = doc.points;
    points.forEach((p, n) => {
      if (!Array.isArray(p)) throw new Error(`point ${n} is not an array`);
      if (p.length !== dim) {
        throw new Error(`point ${n} has ${p.length} values, but the model inputs need ${dim} ` +
          `(${inputs.map((i) => `${i.name}[${i.shape.join(',')}]`).join(' + ')})`);
      }
      p.forEach((v, j) => {
        if (typeof v !== 'number') throw new Error(`point ${n}, value ${j} is not a number: ${JSON.stringify(v)}`);
      });
    });
  }

  // Evaluate, one run per point, reusing the session.
  const state = { nonFinite: 0 };
  const outputs = [];
  for (let n = 0; n < points.length; n++) {
    const p = points[n];
    const feeds = {};
    let off = 0;
    for (const inp of inputs) {
      const Arr = inp.type === 'float64' ? Float64Array : Float32Array;
      const data = Arr.from(p.slice(off, off + inp.size));
      off += inp.size;
      feeds[inp.name] = new ort.Tensor(inp.type, data, inp.shape);
    }
    let result;
    try {
      result = await session.run(feeds);
    } catch (e) {
      throw new Error(`onnxruntime failed on point ${n}: ${e.message}`);
    }
    const y = [];
    for (const name of session.outputNames) {
      const t = result[name];
      if (!t || t.data === undefined) throw new Error(`output '${name}' is not a tensor`);
      for (const v of t.data) y.push(toJsonNumber(v, state));
    }
    outputs.push(y);
  }
  if (state.nonFinite > 0) {
    process.stderr.write(`ort_eval: warning: ${state.nonFinite} non-finite output value(s) printed as null\n`);
  }

  const out = args.sample !== null ? { points, outputs } : { outputs };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  if (e instanceof UsageError) fail(`${e.message}\n${USAGE}`, 2);
  fail(e && e.message ? e.message : String(e), 1);
});
