// `npm run bench`: times shipready's scan+detect over a synthetic ~50,000-file monorepo against the
// floor (a bare fdir walk of the same tree), each run in a fresh child process, and checks targets.
// A benchmark, not a test: it exits 0 whether targets pass or not. Usage: npm run bench [-- --runs 5]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureSyntheticRepo } from './synthetic-repo.mjs';

const self = fileURLToPath(import.meta.url);
const pkgRoot = path.resolve(path.dirname(self), '..');

const TARGETS = { scanMs: 1500, ratio: 3, peakMb: 300 };

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  await main();
}

/** One measured run, in its own process so heap and RSS start cold. Prints one JSON line. */
async function child(mode, root) {
  let op;
  if (mode === 'walk') {
    const { fdir } = await import('fdir');
    // The floor: every entry of the tree, no ignore rules, no skipped folders, no reads.
    op = () => new fdir().withRelativePaths().crawl(root).sync().length;
  } else if (mode === 'scan') {
    const { assess } = await import(pathToFileURL(path.join(pkgRoot, 'dist', 'index.js')).href);
    op = () => {
      const a = assess(root);
      // Serializing the model is part of `scan --json`; the count is what the table shows.
      JSON.stringify(a.model);
      return a.fs.files().length;
    };
  } else if (mode === 'phases') {
    // Where scan+detect time goes, in the order detectAll runs them (a later detector finds the files
    // an earlier one read already cached, as in a real scan).
    const lib = await import(pathToFileURL(path.join(pkgRoot, 'dist', 'index.js')).href);
    const times = {};
    const time = (label, f) => {
      const t0 = performance.now();
      f();
      times[label] = performance.now() - t0;
    };
    const fs = new lib.DiskRepoFs(root);
    time('walk (DiskRepoFs.files)', () => fs.files());
    time('config', () => lib.loadConfig(fs));
    for (const d of lib.DETECTORS) time(`detector ${d.id}`, () => d.detect({ fs, dir: '.' }));
    time('infra + merging (detectAll without detectors)', () => lib.detectAll(fs, []));
    process.stdout.write(`${JSON.stringify({ times })}\n`);
    return;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const t0 = performance.now();
  const count = op();
  const ms = performance.now() - t0;
  // maxRSS is in kilobytes.
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, peakMb, count })}\n`);
}

async function main() {
  const argRuns = process.argv.indexOf('--runs');
  const runs = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 5;
  if (!existsSync(path.join(pkgRoot, 'dist', 'index.js'))) {
    console.error('dist/ is missing: run `npm run build` first (npm run bench does).');
    process.exit(1);
  }
  const root = ensureSyntheticRepo({ log: (m) => console.log(m) });
  const total = Number(readFileSync(path.join(root, '.bench-complete'), 'utf8'));
  console.log(`repo: ${root} (${total} files generated)`);
  console.log(`node ${process.version}, ${runs} runs each after one warm-up, fresh process per run\n`);

  const measure = (mode) => {
    const samples = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [self, '--child', mode, root], { encoding: 'utf8' });
      const wallMs = performance.now() - t0;
      if (r.status !== 0) {
        console.error(`${mode} run failed (exit ${r.status}):\n${r.stderr}`);
        process.exit(1);
      }
      const out = JSON.parse(r.stdout.trim().split('\n').pop());
      if (i > 0) samples.push({ ...out, wallMs });
    }
    return {
      mode,
      count: samples[0].count,
      ms: median(samples.map((s) => s.ms)),
      minMs: Math.min(...samples.map((s) => s.ms)),
      maxMs: Math.max(...samples.map((s) => s.ms)),
      wallMs: median(samples.map((s) => s.wallMs)),
      peakMb: Math.max(...samples.map((s) => s.peakMb)),
    };
  };

  const runChild = (mode) => {
    const r = spawnSync(process.execPath, [self, '--child', mode, root], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(`${mode} run failed (exit ${r.status}):\n${r.stderr}`);
      process.exit(1);
    }
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };

  const walk = measure('walk');
  const scan = measure('scan');
  const ratio = scan.ms / walk.ms;

  const rows = [
    ['', 'entries', 'median ms', 'min–max ms', 'process ms', 'peak RSS MB'],
    ...[walk, scan].map((r) => [
      r.mode === 'walk' ? 'bare walk (floor)' : 'scan+detect',
      String(r.count),
      r.ms.toFixed(0),
      `${r.minMs.toFixed(0)}–${r.maxMs.toFixed(0)}`,
      r.wallMs.toFixed(0),
      r.peakMb.toFixed(0),
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows)
    console.log(
      row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
    );
  console.log(
    '\n"median ms" times the operation inside the process; "process ms" adds Node startup and imports.',
  );
  console.log(`ratio scan/walk: ${ratio.toFixed(2)}x\n`);

  // Median of each phase over fresh processes: what to look at when a target fails.
  const phaseRuns = [];
  for (let i = 0; i <= runs; i++) {
    const out = runChild('phases');
    if (i > 0) phaseRuns.push(out.times);
  }
  const phases = Object.keys(phaseRuns[0]).map((label) => [label, median(phaseRuns.map((t) => t[label]))]);
  const phaseTotal = phases.reduce((sum, [, ms]) => sum + ms, 0);
  console.log('where scan+detect time goes (median ms, fresh process each run):');
  const labelWidth = Math.max(...phases.map(([label]) => label.length));
  for (const [label, ms] of phases.sort((a, b) => b[1] - a[1])) {
    console.log(
      `  ${label.padEnd(labelWidth)}  ${ms.toFixed(0).padStart(5)}  ${((100 * ms) / phaseTotal).toFixed(0).padStart(3)}%`,
    );
  }
  console.log('');

  const check = (ok, label) => console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`);
  check(scan.ms < TARGETS.scanMs, `scan+detect median ${scan.ms.toFixed(0)} ms < ${TARGETS.scanMs} ms`);
  check(ratio < TARGETS.ratio, `scan+detect ${ratio.toFixed(2)}x the bare walk < ${TARGETS.ratio}x`);
  check(
    scan.peakMb < TARGETS.peakMb,
    `scan+detect peak RSS ${scan.peakMb.toFixed(0)} MB < ${TARGETS.peakMb} MB`,
  );
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
