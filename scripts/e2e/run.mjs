#!/usr/bin/env node
// End-to-end suite: for each app, copy it to a temp dir, run `shipready init`, then build and run every
// generated image with podman and check it becomes healthy. Needs `npm run build` and
// `bash scripts/e2e/setup` first (npm run test:e2e does both).
//
//   node scripts/e2e/run.mjs                  every folder in examples/ plus the apps in scripts/e2e/apps.txt
//   node scripts/e2e/run.mjs DIR [DIR ...]    just these app folders
//   SHIPREADY_E2E_KEEP=1 …                    keep the temp copies (their paths are printed)
//
// Exit 0 when every service passed; 1 when any failed, when a service was skipped without an
// expect-skip line in apps.txt, or when nothing was verified at all; it never passes by skipping.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BUILT_CLI = path.join(ROOT, 'dist/cli/main.js');
/** The CLI the suite runs: a snapshot of dist/ taken at start (see snapshotCli). */
let CLI = BUILT_CLI;
const CACHE = process.env.SHIPREADY_E2E_CACHE ?? '/var/cache/shipready-e2e';
/** Things worth knowing that did not fail the run (printed before the summary). */
const notes = [];
const KEEP = Boolean(process.env.SHIPREADY_E2E_KEEP);
const APP_TIMEOUT_MS = 15 * 60_000;
const HEALTH_TIMEOUT_S = 120;
/** Flags every build gets: host network (package registries sit behind this machine's proxy) and the
 * local Python package index, which PyPI stands in for here (the python stand-in's pip.conf points at it). */
const BUILD_FLAGS = [
  '--network=host',
  ...['/opt/pypi', '/opt/pypi-more', '/opt/wheels']
    .filter((dir) => fs.existsSync(dir))
    .map((dir) => `--volume=${dir}:${dir}:ro`),
];
const COPY_SKIP = new Set(['node_modules', '.venv', 'venv', '__pycache__', 'dist', 'build', '.git']);

function fail(message) {
  console.error(`\x1b[31me2e: ERROR:\x1b[0m ${message}`);
  process.exit(1);
}

/** Runs a command to completion; never throws; kills the whole process group on timeout. */
function run(cmd, args, { cwd = ROOT, timeoutMs = APP_TIMEOUT_MS, logFile } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, {
      cwd,
      env: process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
    log?.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    child.stdout.on('data', (d) => {
      stdout += d;
      log?.write(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      log?.write(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      log?.end();
      resolve({
        code: timedOut ? 124 : (code ?? (signal ? 128 : 1)),
        stdout,
        stderr: timedOut ? `${stderr}\ntimed out after ${timeoutMs / 1000} s` : stderr,
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

function podmanSync(args) {
  const r = spawnSync('podman', args, { encoding: 'utf8' });
  return {
    code: r.status ?? 1,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? String(r.error) : ''),
  };
}

// ------------------------------------------------------------------ preflight (fails loudly)
function preflight() {
  if (!fs.existsSync(BUILT_CLI))
    fail(`${path.relative(ROOT, BUILT_CLI)} is missing: run \`npm run build\` first`);
  const conf = path.join(CACHE, 'containers.conf');
  if (!process.env.CONTAINERS_CONF) {
    if (!fs.existsSync(conf)) fail(`${conf} is missing: run \`bash scripts/e2e/setup\` first (as root)`);
    process.env.CONTAINERS_CONF = conf; // inherited by podman and by `shipready verify`
  }
  const v = podmanSync(['--version']);
  if (v.code !== 0)
    fail(`podman is not usable: ${v.stderr.trim() || 'not installed'}; run \`bash scripts/e2e/setup\``);
  const smoke = podmanSync([
    'run',
    '--rm',
    '--pull=never',
    '--network=none',
    'localhost/debian:bookworm-slim',
    'true',
  ]);
  if (smoke.code !== 0) fail(`podman cannot run a container: ${smoke.stderr.trim()}`);
  return v.stdout.trim();
}

/**
 * Copies dist/ (and package.json, for the version) into the work dir, with node_modules linked, so a
 * rebuild of dist/ while the suite runs (someone else's `npm run build`) cannot mix two versions.
 */
function snapshotCli(workRoot) {
  const root = path.join(workRoot, 'shipready');
  fs.cpSync(path.join(ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return path.join(root, 'dist/cli/main.js');
}

// ------------------------------------------------------------------ which apps
/**
 * apps.txt, one directive a line (# comments; paths relative to the repo root; lines for one path merge):
 *   PATH                                   run this app
 *   PATH expect-skip=SERVICE REASON…       SERVICE may get no image (it is reported, not failed)
 *   PATH set FILE=CONTENT REASON…          write FILE in the temp copy before init (reported as a note)
 */
function readAppsFile() {
  const file = path.join(HERE, 'apps.txt');
  const apps = [];
  for (const [i, raw] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^(\S+)(?:\s+expect-skip=(\S+)\s+(.+)|\s+set\s+([^=\s]+)=(\S*)\s+(.+))?$/.exec(line);
    if (!m) fail(`${path.relative(ROOT, file)}:${i + 1}: cannot parse "${raw}"`);
    const dir = path.resolve(ROOT, m[1]);
    let app = apps.find((a) => a.dir === dir);
    if (!app) {
      app = { dir, expectSkip: new Map(), set: [] };
      apps.push(app);
    }
    if (m[2]) app.expectSkip.set(m[2], m[3]);
    if (m[4]) app.set.push({ file: m[4], content: m[5], reason: m[6] });
  }
  return apps;
}

function selectApps(argv) {
  const listed = readAppsFile();
  if (argv.length) {
    return argv.map((a) => {
      const dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), a); // npm run keeps the caller's cwd in INIT_CWD
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) fail(`not a folder: ${a}`);
      return listed.find((l) => l.dir === dir) ?? { dir, expectSkip: new Map(), set: [] };
    });
  }
  const examples = fs
    .readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(ROOT, 'examples', d.name))
    .sort();
  const apps = examples.map(
    (dir) => listed.find((l) => l.dir === dir) ?? { dir, expectSkip: new Map(), set: [] },
  );
  for (const l of listed) if (!apps.some((a) => a.dir === l.dir)) apps.push(l);
  for (const a of apps)
    if (!fs.existsSync(a.dir)) fail(`app folder does not exist: ${path.relative(ROOT, a.dir)}`);
  return apps;
}

// ------------------------------------------------------------------ verify
/** Drives `shipready verify` (the command under test). Returns its JSON report. */
async function verifyWithCli(dir, logFile) {
  const args = [
    CLI,
    'verify',
    dir,
    '--engine',
    'podman',
    '--json',
    '--no-backing',
    '--timeout',
    String(HEALTH_TIMEOUT_S),
  ];
  for (const f of BUILD_FLAGS) args.push(`--build-flag=${f}`);
  const r = await run(process.execPath, args, { logFile });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return {
      services: [],
      error: `shipready verify exited ${r.code} without a JSON report: ${lastLines(r.stderr || r.stdout, 8)}`,
    };
  }
  if (!Array.isArray(report?.services))
    return { services: [], error: `shipready verify printed JSON without services (exit ${r.code})` };
  if (r.code === 2)
    return { ...report, error: `shipready verify exited 2 (usage): ${lastLines(r.stderr, 4)}` };
  return report;
}

// ------------------------------------------------------------------ one app
function lastLines(text, n) {
  return String(text).trim().split('\n').slice(-n).join('\n');
}

/** What podman holds now, to find what a run left behind (containers, networks, volumes, images). */
function podmanInventory() {
  const ids = (args) => new Set(podmanSync(args).stdout.split('\n').filter(Boolean));
  return {
    containers: ids(['ps', '-a', '--format', '{{.ID}} {{.Names}}']),
    networks: ids(['network', 'ls', '--format', '{{.Name}}']),
    volumes: ids(['volume', 'ls', '--format', '{{.Name}}']),
    images: ids(['images', '-a', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}']),
  };
}

function leftBehind(before, after) {
  const out = {};
  for (const k of Object.keys(after)) out[k] = [...after[k]].filter((x) => !before[k].has(x));
  return out;
}

async function testApp(app, workRoot) {
  const label = path.relative(ROOT, app.dir) || app.dir;
  const dir = path.join(workRoot, path.basename(app.dir));
  const logFile = path.join(workRoot, `${path.basename(app.dir)}.log`);
  fs.cpSync(app.dir, dir, { recursive: true, filter: (src) => !COPY_SKIP.has(path.basename(src)) });
  for (const { file, content, reason } of app.set) {
    const target = path.join(dir, file);
    const was = fs.existsSync(target) ? fs.readFileSync(target, 'utf8').trim() : '(absent)';
    fs.writeFileSync(target, `${content}\n`);
    notes.push(`${label}: ${file} set to "${content}" (was "${was}") in the temp copy: ${reason}`);
  }
  const rows = [];
  const appFail = (error) => [{ app: label, service: '-', status: 'failed', error }];

  const init = await run(process.execPath, [CLI, 'init', '--yes', '--container', 'podman', dir], { logFile });
  // init must write every file cleanly: a conflict (exit 1) means a generated file would not be written.
  if (init.code !== 0) {
    return appFail(`init exited ${init.code}: ${lastLines(init.stderr || init.stdout, 6)}`);
  }
  const scan = await run(process.execPath, [CLI, 'scan', dir, '--json'], { logFile: undefined });
  let services;
  try {
    services = JSON.parse(scan.stdout).services;
  } catch {
    return appFail(`scan --json exited ${scan.code}: ${lastLines(scan.stderr, 4)}`);
  }
  if (!services.length) return appFail('shipready found no service');

  const before = podmanInventory();
  const report = await verifyWithCli(dir, logFile);
  // verify promises to remove every container, network and volume it made: a leftover is a failure.
  const leaked = leftBehind(before, podmanInventory());
  for (const k of ['containers', 'networks', 'volumes']) {
    if (leaked[k].length)
      rows.push({
        app: label,
        name: '-',
        status: 'failed',
        error: `left ${k} behind: ${leaked[k].join(', ')}`,
      });
  }
  const seen = new Set();
  for (const r of report.services) {
    seen.add(r.name);
    rows.push({ app: label, ...r });
  }
  const unreported = services.filter((s) => !seen.has(s.name));
  for (const s of unreported) {
    const hasImage = ['Containerfile', 'Dockerfile'].some((f) => fs.existsSync(path.join(dir, s.path, f)));
    rows.push({
      app: label,
      name: s.name,
      // A service with a generated Containerfile that verify did not report is a failure, never a skip.
      status: hasImage ? 'failed' : 'skipped',
      error:
        report.error ??
        (hasImage ? 'has a Containerfile but verify did not report it' : 'no Containerfile generated'),
    });
  }
  if (report.error && !unreported.length)
    rows.push({ app: label, name: '-', status: 'failed', error: report.error });
  for (const row of rows) {
    row.service = row.name ?? row.service;
    if (row.status === 'skipped') {
      const reason = app.expectSkip.get(row.service) ?? app.expectSkip.get('*');
      if (reason) {
        row.status = 'expected-skip';
        row.error = reason;
      } else {
        row.status = 'failed';
        row.error = `skipped without an expect-skip line in scripts/e2e/apps.txt${row.error ? ` (${row.error})` : ''}`;
      }
    }
  }
  return rows;
}

// ------------------------------------------------------------------ main
function fmt(n, digits = 1) {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '-';
}

/** Whether the image was built and started, so its user and read-only state mean something. */
const ran = (r) => r.status === 'passed' || (typeof r.imageSizeMb === 'number' && r.nonRoot !== undefined);

function printTable(rows) {
  const head = ['app', 'service', 'build s', 'size MB', 'healthy s', 'non-root', 'ro fs', 'result'];
  const body = rows.map((r) => [
    r.app,
    r.service,
    fmt(r.buildSeconds),
    fmt(r.imageSizeMb, 0),
    fmt(r.healthySeconds),
    ran(r) ? (r.nonRoot ? 'yes' : 'NO') : '-',
    ran(r) ? (r.readOnlyRootFs ? 'yes' : 'NO') : '-',
    r.status === 'passed' ? 'passed' : r.status === 'expected-skip' ? 'skipped (expected)' : 'FAILED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
}

async function main() {
  const started = Date.now();
  const podman = preflight();
  const apps = selectApps(process.argv.slice(2));
  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'shipready-e2e-'));
  CLI = snapshotCli(workRoot);
  console.log(`e2e: ${podman}, ${apps.length} app(s), work dir ${workRoot}`);
  const rows = [];
  const imagesBefore = podmanInventory().images;
  for (const app of apps) {
    const t0 = Date.now();
    process.stdout.write(`e2e: ${path.relative(ROOT, app.dir)} … `);
    const appRows = await testApp(app, workRoot);
    rows.push(...appRows);
    const bad = appRows.filter((r) => r.status === 'failed').length;
    console.log(`${bad ? `${bad} failed` : 'ok'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  // Untagged build-cache layers replace each other from run to run; a growing count is worth knowing.
  const newImages = [...podmanInventory().images].filter((i) => !imagesBefore.has(i));
  if (newImages.length) {
    notes.push(
      `podman storage holds ${newImages.length} image(s) it did not hold before the suite: ${newImages.slice(0, 8).join(', ')}${newImages.length > 8 ? ' …' : ''}`,
    );
  }
  printTable(rows);
  const failed = rows.filter((r) => r.status === 'failed');
  const passed = rows.filter((r) => r.status === 'passed');
  const skipped = rows.filter((r) => r.status === 'expected-skip');
  if (failed.length || skipped.length) console.log('');
  if (notes.length) console.log('');
  for (const n of notes) console.log(`note: ${n}`);
  for (const r of skipped) console.log(`skipped (expected) ${r.app} ${r.service}: ${r.error}`);
  for (const r of failed) {
    console.log(`\x1b[31mFAILED\x1b[0m ${r.app} ${r.service}: ${r.error ?? 'failed'}`);
    if (r.logs) console.log(`  logs:\n${lastLines(r.logs, 15).replace(/^/gm, '    ')}`);
  }
  if (KEEP || failed.length)
    console.log(`\nkept for inspection: ${workRoot} (app copies; per-app command logs in *.log)`);
  else fs.rmSync(workRoot, { recursive: true, force: true });
  console.log(
    `\n${passed.length} passed, ${failed.length} failed${skipped.length ? `, ${skipped.length} skipped (expected)` : ''} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (passed.length === 0)
    console.error('e2e: ERROR: no service was verified; the suite never passes by skipping');
  process.exit(failed.length || passed.length === 0 ? 1 : 0);
}

await main();
