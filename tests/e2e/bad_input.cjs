#!/usr/bin/env node
'use strict';
/*
 * e2e check 4: bad input.  Every case runs nn2milp in a fresh temporary directory:
 *   <case>/in/   inputs written by the test (bounds files, synthesised models)
 *   <case>/out/  the working directory and the place the output/map would go (starts empty)
 * and asserts the exit code, the stderr message (node name, op, line number, ...), and that
 * afterwards neither the output file, nor the map, nor any leftover temporary file exists
 * (out/ holds exactly what was there before; in/ holds exactly what the test wrote).
 *
 * usage: node bad_input.cjs --nn2milp BIN --source-dir DIR [--include RE] [--exclude RE] [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');
const W = require('./onnx_writer.cjs');

// Files below dir, recursively, as relative paths (directories end in '/').
function tree(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${r}/`);
        walk(path.join(d, e.name), r);
      } else out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out;
}

const tiny = (extraNodes = {}) => ({
  inputs: [['x', [1, 2]]],
  outputs: [['y', [1, 2]]],
  initializers: [['W', [2, 2], [1, -2, 0.5, 3]], ['b', [2], [0.25, -1]]],
  nodes: [
    { name: 'fc', op: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['h'], attrs: { transB: 1 } },
    { name: 'relu', op: 'Relu', inputs: ['h'], outputs: ['y'] },
  ],
  ...extraNodes,
});

function cases(args) {
  const M = (f) => path.join(args.models, f);
  const good = M('opset13_mlp.onnx'); // 5 inputs, 2 outputs
  const lines = (n, f = () => '0 1') => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';
  const std = (model, extra = []) => [model, '-o', 'out.mps', '--map', 'out.map.json', '--input-bounds', '-1:1', ...extra];
  const withBounds = (text) => ({ files: { 'bounds.txt': text }, argv: (inp) => [good, '-o', 'out.lp', '--map', 'out.map.json', '--input-bounds', path.join(inp, 'bounds.txt')] });
  const lineNo = (n) => new RegExp(`(line ${n}\\b|[: ]${n}:\\d+)`);
  return [
    // tests/models/bad
    { name: 'unknown op Sin', argv: () => std(M('bad/unknown_op.onnx')), rc: 4, msg: [/^nn2milp: error: \S*unknown_op\.onnx: node 'sin_node' \(Sin\): /m, /op type 'Sin'|\bSin\b.*not supported/] },
    { name: 'NaN weight', argv: () => std(M('bad/nan_weight.onnx')), rc: 3, msg: [/^nn2milp: error: \S*nan_weight\.onnx: node 'fc_nan' \(Gemm\): /m, /NaN/i] },
    { name: 'Inf bias', argv: () => std(M('bad/inf_bias.onnx')), rc: 3, msg: [/^nn2milp: error: \S*inf_bias\.onnx: node 'fc_inf' \(Gemm\): /m, /inf/i] },
    { name: 'truncated model', argv: () => std(M('bad/truncated.onnx')), rc: 3, msg: [/truncated\.onnx/] },
    { name: 'random bytes', argv: () => std(M('bad/random_bytes.onnx')), rc: 3, msg: [/random_bytes\.onnx/] },
    { name: 'bad_shape (Gemm inner dims)', argv: () => std(M('bad/bad_shape.onnx')), rc: 3, msg: [/^nn2milp: error: \S*bad_shape\.onnx: node 'fc_bad_shape' \(Gemm\): /m] },
    { name: 'softmax tail', argv: () => std(M('bad/softmax_tail.onnx')), rc: 4, msg: [/^nn2milp: error: \S*softmax_tail\.onnx: node 'softmax_out' \(Softmax\): /m] },
    { name: 'eval: unknown op', argv: () => ['eval', M('bad/unknown_op.onnx'), '--input', '-'], stdin: '0 0 0 0\n', rc: 4, msg: [/'sin_node'/, /Sin/] },
    // synthesised models
    { name: 'empty file', files: { 'empty.onnx': '' }, argv: (i) => std(path.join(i, 'empty.onnx')), rc: 3 },
    { name: 'text file', files: { 'text.onnx': 'hello, not a model\n' }, argv: (i) => std(path.join(i, 'text.onnx')), rc: 3 },
    { name: 'synthesised valid tiny model (encoder sanity)', files: { 'tiny.onnx': W.model(tiny()) }, argv: (i) => std(path.join(i, 'tiny.onnx')), rc: 0 },
    {
      name: 'unsupported op Elu',
      files: { 'elu.onnx': W.model({ ...tiny(), nodes: [{ name: 'elu_node', op: 'Elu', inputs: ['x'], outputs: ['y'], attrs: { alpha: { f: 0.1 } } }] }) },
      argv: (i) => std(path.join(i, 'elu.onnx')), rc: 4, msg: [/node 'elu_node' \(Elu\)/],
    },
    // Smooth activations (issue 6): only .nl holds them; MPS and LP name the node and suggest .nl.
    ...[['out.mps', []], ['out.lp', []]].map(([out]) => ({
      name: `Sigmoid to ${out}`,
      files: { 'sig.onnx': W.model({ ...tiny(), nodes: [tiny().nodes[0], { name: 'sig_node', op: 'Sigmoid', inputs: ['h'], outputs: ['y'] }] }) },
      argv: (i) => [path.join(i, 'sig.onnx'), '-o', out, '--map', 'out.map.json', '--input-bounds', '-1:1'],
      rc: 4, msg: [/^nn2milp: error: \S*sig\.onnx: node 'sig_node' \(Sigmoid\): .*-o model\.nl/m],
    })),
    {
      name: 'Log of values that may be <= 0 (.nl)',
      files: { 'log.onnx': W.model({ ...tiny(), nodes: [tiny().nodes[0], { name: 'log_node', op: 'Log', inputs: ['h'], outputs: ['y'] }] }) },
      argv: (i) => [path.join(i, 'log.onnx'), '-o', 'out.nl', '--map', 'out.map.json', '--input-bounds', '-1:1'],
      rc: 6, msg: [/^nn2milp: error: \S*log\.onnx: element 0 of 'y': log needs a positive argument/m],
    },
    {
      name: '--nl-reduced with MPS output',
      argv: () => [good, '-o', 'out.mps', '--input-bounds', '-1:1', '--nl-reduced'], rc: [2, 3], msg: [/--nl-reduced/],
    },
    {
      name: 'dangling tensor reference',
      files: { 'dangling.onnx': W.model({ ...tiny(), nodes: [{ name: 'fc_dangling', op: 'Gemm', inputs: ['x', 'W_missing'], outputs: ['y'] }] }) },
      argv: (i) => std(path.join(i, 'dangling.onnx')), rc: 3, msg: [/fc_dangling|W_missing/],
    },
    {
      name: 'model file is a directory', files: { 'dir.onnx/': null }, argv: (i) => std(path.join(i, 'dir.onnx')), rc: 3, msg: [/dir\.onnx/],
    },
    // command line
    { name: 'missing --input-bounds', argv: () => [good, '-o', 'out.mps', '--map', 'out.map.json'], rc: 6, msg: [/--input-bounds/] },
    { name: 'nonexistent model file', argv: (i) => std(path.join(i, 'no_such_model.onnx')), rc: 5, msg: [/no_such_model\.onnx/] },
    { name: 'objective index out of range (max)', argv: () => std(good, ['--maximize', '2']), rc: 3, msg: [/out of range/] },
    { name: 'objective index out of range (min -1)', argv: () => std(good, ['--minimize', '-1']), rc: 3, msg: [/out of range/] },
    { name: 'both --maximize and --minimize', argv: () => std(good, ['--maximize', '0', '--minimize', '1']), rc: 2 },
    { name: 'unknown --format', argv: () => std(good, ['--format', 'xyz']), rc: 2 },
    { name: 'unknown output extension', argv: () => [good, '-o', 'out.txt', '--input-bounds', '-1:1'], rc: [2, 3], msg: [/out\.txt/] },
    { name: 'inline bounds lo > hi', argv: () => std(good).map((a) => (a === '-1:1' ? '1:-1' : a)), rc: 3 },
    { name: 'inline bounds NaN', argv: () => std(good).map((a) => (a === '-1:1' ? 'nan:1' : a)), rc: 3 },
    // bounds files
    { name: 'bounds file: too few lines', ...withBounds(lines(4)), rc: 3, msg: [/bounds\.txt/, /\b5\b/, /\b4\b/] },
    { name: 'bounds file: too many lines', ...withBounds(lines(6)), rc: 3, msg: [/bounds\.txt/, /\b5\b/, /\b6\b/] },
    { name: 'bounds file: lo > hi on line 3', ...withBounds(lines(5, (i) => (i === 3 ? '1 0' : '0 1'))), rc: 3, msg: [/bounds\.txt/, lineNo(3)] },
    { name: 'bounds file: garbage on line 4', ...withBounds(lines(5, (i) => (i === 4 ? '0 abc' : '0 1'))), rc: 3, msg: [/bounds\.txt/, lineNo(4), /abc/] },
    { name: 'bounds file: nan on line 2', ...withBounds(lines(5, (i) => (i === 2 ? 'nan 1' : '0 1'))), rc: 3, msg: [/bounds\.txt/, lineNo(2)] },
    { name: 'bounds file: inf on line 5', ...withBounds(lines(5, (i) => (i === 5 ? '0 inf' : '0 1'))), rc: 3, msg: [/bounds\.txt/, lineNo(5)] },
    { name: 'bounds file: three fields on line 1', ...withBounds(lines(5, (i) => (i === 1 ? '0 1 2' : '0 1'))), rc: 3, msg: [/bounds\.txt/, lineNo(1)] },
    { name: 'bounds file: empty', ...withBounds(''), rc: 3, msg: [/bounds\.txt/] },
    { name: 'bounds file does not exist', argv: (i) => [good, '-o', 'out.mps', '--input-bounds', path.join(i, 'no_bounds.txt')], rc: 5, msg: [/no_bounds\.txt/] },
    // output paths
    { name: 'output path is a directory', outFiles: ['out.mps/'], argv: () => std(good), rc: 5, msg: [/out\.mps/] },
    { name: 'output in a nonexistent directory', argv: () => [good, '-o', 'nodir/out.mps', '--map', 'out.map.json', '--input-bounds', '-1:1'], rc: 5, msg: [/nodir/] },
    { name: 'map in a nonexistent directory', argv: () => [good, '-o', 'out.mps', '--map', 'nodir/out.map.json', '--input-bounds', '-1:1'], rc: 5, msg: [/nodir/] },
    { name: 'map path is a directory', outFiles: ['out.map.json/'], argv: () => std(good), rc: 5, msg: [/out\.map\.json/] },
    { name: 'no -o', argv: () => [good, '--input-bounds', '-1:1'], rc: 2, msg: [/-o/] },
    // options that a mode does not support are refused, never silently ignored
    ...['--report', '--report-svg', '--depfile'].map((opt) => ({
      name: `--embed with ${opt}`,
      files: { 'base.lp': 'Minimize\n obj: x0\nSubject To\n c: x0 + x1 <= 1\nBounds\n 0 <= x0 <= 1\n 0 <= x1 <= 1\nEnd\n' },
      argv: (i) => [M('surrogate_mlp.onnx'), '--embed', path.join(i, 'base.lp'), '--link', 'input:0=x0', '--link', 'input:1=x1',
        '-o', 'out.mps', '--map', 'out.map.json', opt, 'extra.out'],
      rc: 4, msg: [new RegExp(`${opt} is not supported with --embed`)],
    })),
    {
      name: '--split-disjuncts with --depfile',
      argv: () => [M('digits_mlp.onnx'), '--spec', path.join(args.sourceDir, 'tests/e2e/specs/digits_mlp.img0_eps0.3.sat.vnnlib'),
        '--split-disjuncts', '-o', 'out.mps', '--map', 'out.map.json', '--depfile', 'out.d'],
      rc: 4, msg: [/--depfile is not supported with --split-disjuncts/],
    },
    // eval input points
    { name: 'eval: wrong number of values', files: { 'pt.txt': '1 2 3\n' }, argv: (i) => ['eval', good, '--input', path.join(i, 'pt.txt')], rc: 3, msg: [/pt\.txt/, /\b5\b/, /\b3\b/] },
    { name: 'eval: garbage value', files: { 'pt.txt': '1 2 x 4 5\n' }, argv: (i) => ['eval', good, '--input', path.join(i, 'pt.txt')], rc: 3, msg: [/pt\.txt/] },
    { name: 'eval: missing point file', argv: (i) => ['eval', good, '--input', path.join(i, 'nope.txt')], rc: 5, msg: [/nope\.txt/] },
  ];
}

function main() {
  const args = L.parseArgs();
  const list = cases(args).filter((c) => L.selected(args, c.name));
  const rep = new L.Report(`e2e bad input: ${list.length} cases`);
  const work = L.makeWorkDir('e2e-bad');
  list.forEach((c, idx) => {
    const dir = path.join(work, `case${String(idx).padStart(2, '0')}`);
    const inp = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    fs.mkdirSync(inp, { recursive: true });
    fs.mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(c.files || {})) {
      if (name.endsWith('/')) fs.mkdirSync(path.join(inp, name), { recursive: true });
      else fs.writeFileSync(path.join(inp, name), content);
    }
    for (const name of c.outFiles || []) fs.mkdirSync(path.join(out, name), { recursive: true });
    const inBefore = tree(inp);
    const outBefore = tree(out);

    const r = L.run(args.nn2milp, c.argv(inp), { cwd: out, input: c.stdin });
    const rcOk = c.rc === 'nonzero' ? r.status !== 0 && r.status !== null : [].concat(c.rc).includes(r.status);
    const want = c.rc === 'nonzero' ? 'non-zero' : [].concat(c.rc).join(' or ');
    const firstLine = r.stderr.trim().split('\n')[0] || '(empty stderr)';
    rep.check(`${c.name}: exit ${want}`, rcOk, `exit ${r.status}${r.signal ? ` signal ${r.signal}` : ''}; stderr: ${firstLine}`);
    if (c.rc !== 0) {
      for (const re of c.msg || []) rep.check(`${c.name}: stderr matches ${re}`, re.test(r.stderr), r.stderr.trim());
      // A crash or an uncaught exception must never be the way out.
      rep.check(`${c.name}: clean error (no crash, no exception text)`, r.signal === null && !/terminate called|Segmentation|std::|what\(\)/.test(r.stderr), r.stderr.trim());
      const inAfter = tree(inp);
      const outAfter = tree(out);
      rep.check(`${c.name}: no output, map or temporary file left`, JSON.stringify(outAfter) === JSON.stringify(outBefore) && JSON.stringify(inAfter) === JSON.stringify(inBefore),
        `out/ before [${outBefore}] after [${outAfter}]; in/ before [${inBefore}] after [${inAfter}]`);
    } else {
      rep.check(`${c.name}: output and map written`, fs.existsSync(path.join(out, 'out.mps')) && fs.existsSync(path.join(out, 'out.map.json')) &&
        !tree(out).some((f) => /\.tmp/.test(f)), `out/ [${tree(out)}]`);
    }
  });
  L.finishRun(args, rep, work);
}

L.runMain(main);
