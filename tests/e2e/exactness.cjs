#!/usr/bin/env node
'use strict';
/*
 * e2e checks 1 and 2: exactness at fixed inputs, and GLPK reading/solving every written file.
 *
 * For every tests/models/*.onnx (filtered by --include/--exclude REGEX on the model name):
 *   3 seeded random points (box [-1,1], digits models [0,1]), rounded to float32;
 *   point 0 is compiled as a feasibility model, point 1 with --maximize K, point 2 with
 *   --minimize K; each to free MPS and to CPLEX LP with --map, inputs fixed (lo == hi).
 *   Every file is solved by CBC (-preprocess off), HiGHS (Wasm) and GLPK; the output variables
 *   (names from the map) must equal onnxruntime's float32 forward pass within
 *   1e-5 * max(1, |ort|), and the solver objective must equal scale * ort[K] (0 without objective).
 *   `nn2milp eval` at the same point is compared with onnxruntime the same way.
 *
 * usage: node exactness.cjs --nn2milp BIN --source-dir DIR [--include RE] [--exclude RE] [--keep]
 */
const fs = require('fs');
const path = require('path');
const L = require('./lib.cjs');

const TOL = 1e-5;
const POINTS = 3;

function boxRange(name) {
  return name.startsWith('digits') ? [0, 1] : [-1, 1];
}

async function testModel(args, rep, work, name) {
  const model = path.join(args.models, `${name}.onnx`);
  const dir = path.join(work, name);
  fs.mkdirSync(dir);

  // Probe compile for the input/output layout.
  const probe = L.compile(args, model, path.join(dir, 'probe.lp'), { bounds: '-1:1', map: path.join(dir, 'probe.map.json') });
  if (!rep.check(`${name}: probe compile`, probe.status === 0, probe.stderr.trim())) return;
  const layout = L.readMap(path.join(dir, 'probe.map.json'));
  const nIn = layout.inputVars.length;
  const nOut = layout.outputVars.length;

  const [lo, hi] = boxRange(name);
  const rnd = L.mulberry32(L.seedOf(`exact:${name}`));
  const points = [];
  for (let i = 0; i < POINTS; i++) points.push(Array.from({ length: nIn }, () => Math.fround(lo + (hi - lo) * rnd())));
  const ort = L.ortEval(args, model, points, dir);
  if (!rep.check(`${name}: onnxruntime output size`, ort.every((o) => o.length === nOut), `ort ${ort[0].length}, map ${nOut}`)) return;

  // The same points through the big-M encoding: compile once over the whole box (unstable ReLUs
  // keep their binaries), then fix the inputs inside the solver (HiGHS: column bounds; CBC: extra
  // equality rows in a copy of the LP file).  With lo == hi in the bounds file the compiler's
  // bound propagation makes every ReLU stable and the model is a pure LP.
  const boxLp = path.join(dir, 'box.lp');
  const boxMps = path.join(dir, 'box.mps');
  const cb1 = L.compile(args, model, boxLp, { bounds: `${lo}:${hi}`, map: path.join(dir, 'box.lp.map.json') });
  const cb2 = L.compile(args, model, boxMps, { bounds: `${lo}:${hi}`, map: path.join(dir, 'box.mps.map.json') });
  const boxOk = rep.check(`${name}: compile over the box [${lo},${hi}]`, cb1.status === 0 && cb2.status === 0, (cb1.stderr + cb2.stderr).trim());
  const boxMap = boxOk ? L.readMap(path.join(dir, 'box.lp.map.json')) : null;

  for (let i = 0; i < POINTS; i++) {
    const p = points[i];
    const y = ort[i];
    const tag = `${name} #${i}`;

    if (boxOk) {
      const fix = boxMap.inputVars.map((n, j) => [n, p[j]]);
      const outErr = (valueOf) => {
        let err = 0;
        for (let j = 0; j < nOut; j++) {
          const v = valueOf(boxMap.outputVars[j]);
          err = Math.max(err, v === undefined || !Number.isFinite(v) ? Infinity : L.relErr(v, y[j]));
        }
        return err;
      };
      const hs = await L.solveHighs(args, boxMps, boxMap.outputVars, { mip_feasibility_tolerance: 1e-9 }, fix);
      const he = hs.ok ? outErr((n) => hs.values.get(n)) : NaN;
      if (hs.ok) rep.max('highs big-M (box model, inputs fixed in solver) vs ort (rel)', he, tag);
      rep.check(`${tag} big-M mps highs (inputs fixed in solver)`, hs.ok && he <= TOL, `status ${hs.status}, out err ${he}`);
      const fixedLp = path.join(dir, `box_fixed_p${i}.lp`);
      fs.writeFileSync(fixedLp, L.lpWithFixedColumns(fs.readFileSync(boxLp, 'utf8'), fix));
      const cbc = L.solveCbc(fixedLp, { preprocessOff: true, dir });
      const ce = cbc.ok ? outErr((n) => L.cbcValue(cbc, n)) : NaN;
      if (cbc.ok) rep.max('cbc big-M (box model, inputs fixed by rows) vs ort (rel)', ce, tag);
      rep.check(`${tag} big-M lp cbc (inputs fixed by rows)`, cbc.ok && ce <= TOL, `status ${cbc.status}, out err ${ce}`);
    }

    // nn2milp eval vs onnxruntime.
    const ev = L.nnEval(args, model, p, dir);
    if (ev.error) {
      rep.check(`${tag} eval`, false, ev.error);
    } else {
      let err = 0;
      const n = ev.values.length === nOut ? nOut : 0;
      for (let j = 0; j < n; j++) err = Math.max(err, L.relErr(ev.values[j], y[j]));
      rep.max('eval vs ort (rel)', err, tag);
      rep.check(`${tag} eval`, ev.values.length === nOut && err <= TOL, `max rel err ${err.toExponential(2)}, ${ev.values.length} values`);
    }

    // Objective variant.
    const k = i % nOut;
    const obj = i === 0 ? {} : i === 1 ? { maximize: k } : { minimize: k };
    const scale = i === 1 ? -1 : 1;
    const wantObj = i === 0 ? 0 : scale * y[k];

    const bounds = path.join(dir, `p${i}.bounds.txt`);
    L.writeBounds(bounds, p.map((v) => [v, v]));

    const maps = {};
    for (const fmt of ['mps', 'lp']) {
      const out = path.join(dir, `p${i}.${fmt}`);
      const mapFile = path.join(dir, `p${i}.${fmt}.map.json`);
      const c = L.compile(args, model, out, { bounds, map: mapFile, ...obj });
      if (!rep.check(`${tag} ${fmt}: compile`, c.status === 0 && fs.existsSync(out) && fs.existsSync(mapFile), c.stderr.trim())) continue;
      const map = L.readMap(mapFile);
      maps[fmt] = map;
      if (i > 0) {
        const o = map.objective || {};
        rep.check(`${tag} ${fmt}: map objective`, o.flat_index === k && o.scale === scale && o.written_sense === 'minimize' &&
          o.variable === map.outputVars[k] && o.sense === (i === 1 ? 'maximize' : 'minimize'), JSON.stringify(map.objective));
      } else {
        rep.check(`${tag} ${fmt}: map objective null`, map.objective === null, JSON.stringify(map.objective));
      }

      // Compare a solver's values with onnxruntime; returns a description of the worst error.
      const compare = (solver, res, valueOf) => {
        const label = `${tag} ${fmt} ${solver}`;
        if (!res.ok) return rep.check(label, false, `status ${res.status}${res.error ? `: ${res.error}` : ''}`);
        let err = 0;
        let missing = 0;
        for (let j = 0; j < nOut; j++) {
          const v = valueOf(map.outputVars[j]);
          if (v === undefined || !Number.isFinite(v)) missing++;
          else err = Math.max(err, L.relErr(v, y[j]));
        }
        let inErr = 0;
        for (let j = 0; j < nIn; j++) {
          const v = valueOf(map.inputVars[j]);
          if (v === undefined || !Number.isFinite(v)) missing++;
          else inErr = Math.max(inErr, L.relErr(v, p[j]));
        }
        const objErr = L.relErr(res.objective, wantObj);
        rep.max(`${solver} outputs vs ort (rel)`, err, `${tag} ${fmt}`);
        rep.max(`${solver} objective vs ort (rel)`, objErr, `${tag} ${fmt}`);
        return rep.check(label, missing === 0 && err <= TOL && objErr <= TOL && inErr <= 1e-6,
          `out err ${err.toExponential(2)}, obj ${res.objective} vs ${wantObj} (err ${objErr.toExponential(2)}), input err ${inErr.toExponential(2)}${missing ? `, ${missing} variables missing` : ''}, ${res.ms} ms`);
      };

      const cbc = L.solveCbc(out, { preprocessOff: true, dir });
      compare('cbc', cbc, (n) => (cbc.values.has(n) ? cbc.values.get(n) : 0));

      const hs = await L.solveHighs(args, out, [...map.outputVars, ...map.inputVars]);
      compare('highs', hs, (n) => hs.values.get(n));

      const g = L.runGlpk(out, { dir });
      const gErr = L.relErr(g.objective, wantObj);
      rep.max('glpk objective vs ort (rel)', gErr, `${tag} ${fmt}`);
      rep.check(`${tag} ${fmt} glpk`, g.rc === 0 && !g.hasError && (g.status === 'INTEGER OPTIMAL' || g.status === 'OPTIMAL') && gErr <= TOL,
        `rc ${g.rc}, status ${g.status}, obj ${g.objective} vs ${wantObj}${g.hasError ? `, output: ${g.text.trim().split('\n').filter((l) => /error/i.test(l)).join(' | ')}` : ''}`);
    }
    if (maps.mps && maps.lp) {
      const strip = (m) => JSON.stringify({ ...m.raw, format: undefined });
      rep.check(`${tag}: MPS and LP maps name the same variables`, strip(maps.mps) === strip(maps.lp) &&
        maps.mps.raw.format === 'mps' && maps.lp.raw.format === 'lp');
    }
  }
}

async function main() {
  const args = L.parseArgs();
  L.requireTools(args);
  // smooth_* networks are written only as .nl (tests/e2e/smooth_nl.cjs tests them).
  const names = fs.readdirSync(args.models).filter((f) => f.endsWith('.onnx')).map((f) => f.slice(0, -5))
    .filter((n) => L.selected(args, n) && !n.startsWith('smooth_')).sort();
  const rep = new L.Report(`e2e exactness at fixed inputs: ${names.join(' ')}`);
  const work = L.makeWorkDir('e2e-exact');
  for (const name of names) {
    try {
      await testModel(args, rep, work, name);
    } catch (e) {
      rep.check(`${name}: no exception`, false, e.stack);
    }
  }
  L.finishRun(args, rep, work);
}

L.runMain(main);
