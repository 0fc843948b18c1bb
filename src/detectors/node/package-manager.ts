import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { keyLine } from '../shared/json-manifest.js';
import { readMiseConfig } from '../shared/mise.js';
import type { ParsedPackage } from './parse-package-json.js';
import { NODE_MISE_EXAMPLE } from './version.js';

export type PackageManagerId = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface LockfileEntry {
  file: string;
  manager: PackageManagerId;
  /**
   * When one folder holds lockfiles of several managers (and no `packageManager` field decides),
   * the highest priority wins. A stray package-lock.json is the usual accident (someone ran
   * `npm install`), so npm ranks lowest.
   */
  priority: number;
}

/** Lockfiles and the manager each reveals. An empty lockfile still counts: the manager is in use. */
export const LOCKFILES: readonly LockfileEntry[] = [
  { file: 'bun.lock', manager: 'bun', priority: 40 },
  { file: 'bun.lockb', manager: 'bun', priority: 40 },
  { file: 'pnpm-lock.yaml', manager: 'pnpm', priority: 30 },
  { file: 'yarn.lock', manager: 'yarn', priority: 20 },
  { file: 'npm-shrinkwrap.json', manager: 'npm', priority: 10 },
  { file: 'package-lock.json', manager: 'npm', priority: 10 },
];

/**
 * Weaker signs of a manager, consulted only when there is neither a `packageManager` field nor a
 * lockfile (a new project, or a repo that does not commit its lockfile). The highest priority wins.
 * `file`: a file in the package folder or above; `engines`: a key of package.json `engines`;
 * `mise`: a tool of mise.toml `[tools]`; `dependency`: a (dev)dependency only that manager needs.
 */
export interface ManagerMarker {
  kind: 'file' | 'engines' | 'mise' | 'dependency';
  name: string;
  manager: PackageManagerId;
  priority: number;
  confidence: 'strong' | 'weak';
}

export const MANAGER_MARKERS: readonly ManagerMarker[] = [
  { kind: 'file', name: 'bunfig.toml', manager: 'bun', priority: 60, confidence: 'strong' },
  { kind: 'file', name: '.bun-version', manager: 'bun', priority: 59, confidence: 'strong' },
  { kind: 'file', name: '.yarnrc.yml', manager: 'yarn', priority: 58, confidence: 'strong' },
  { kind: 'file', name: 'pnpm-workspace.yaml', manager: 'pnpm', priority: 57, confidence: 'strong' },
  { kind: 'engines', name: 'bun', manager: 'bun', priority: 50, confidence: 'strong' },
  { kind: 'engines', name: 'pnpm', manager: 'pnpm', priority: 49, confidence: 'strong' },
  { kind: 'engines', name: 'yarn', manager: 'yarn', priority: 48, confidence: 'strong' },
  { kind: 'mise', name: 'bun', manager: 'bun', priority: 40, confidence: 'strong' },
  { kind: 'mise', name: 'pnpm', manager: 'pnpm', priority: 39, confidence: 'strong' },
  { kind: 'mise', name: 'yarn', manager: 'yarn', priority: 38, confidence: 'strong' },
  { kind: 'dependency', name: '@types/bun', manager: 'bun', priority: 20, confidence: 'weak' },
  { kind: 'dependency', name: 'bun-types', manager: 'bun', priority: 19, confidence: 'weak' },
];

export interface PackageManagerResult {
  id: PackageManagerId;
  /** The pinned version from `packageManager` (else engines or mise), when given. */
  version: string | null;
  /** Folder of the chosen lockfile when it is above the package (a workspace root), else null. */
  installRoot: string | null;
  /** Repo-relative path of the lockfile of the chosen manager, when there is one. */
  lockfile: string | null;
  /** Yarn 2+ ("berry"), which replaced `--frozen-lockfile` with `--immutable`. */
  yarnBerry: boolean;
  install: string;
  evidence: Evidence[];
  installEvidence: Evidence[];
  diagnostics: Diagnostic[];
}

/** Parses a Corepack `packageManager` value such as `pnpm@9.1.0+sha512.…`. */
export function parsePackageManagerField(
  value: string,
): { id: PackageManagerId; version: string | null } | null {
  const m = /^(npm|yarn|pnpm|bun)(?:@([^+\s]+))?/.exec(value.trim());
  if (!m) return null;
  return { id: m[1] as PackageManagerId, version: m[2] ?? null };
}

/** The install command that reproduces the lockfile exactly (or a plain install without one). */
export function installCommand(
  id: PackageManagerId,
  opts: { hasLockfile: boolean; yarnBerry: boolean },
): string {
  switch (id) {
    case 'npm':
      return opts.hasLockfile ? 'npm ci' : 'npm install';
    case 'yarn':
      if (!opts.hasLockfile) return 'yarn install';
      return opts.yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile';
    case 'pnpm':
      return opts.hasLockfile ? 'pnpm install --frozen-lockfile' : 'pnpm install';
    case 'bun':
      return opts.hasLockfile ? 'bun install --frozen-lockfile' : 'bun install';
  }
}

/**
 * Which package manager a package uses: its `packageManager` field (explicit), else the nearest
 * workspace root's field, else the nearest lockfile walking up to `stopDir` (strong), else npm (weak).
 * `packages` maps folder → parsed package.json, for ancestors' `packageManager` fields.
 */
export function detectPackageManager(
  fs: RepoFs,
  target: ParsedPackage,
  packages: ReadonlyMap<string, ParsedPackage>,
  stopDir = '.',
): PackageManagerResult {
  const diagnostics: Diagnostic[] = [];
  const evidence: Evidence[] = [];
  const dirs = ancestorDirs(target.dir, stopDir);

  // 1. packageManager field: own, then the nearest ancestor package that sets one.
  let field: { id: PackageManagerId; version: string | null; file: string } | null = null;
  for (const d of dirs) {
    const p = d === target.dir ? target : packages.get(d);
    if (!p?.pkg.packageManager) continue;
    const parsed = parsePackageManagerField(p.pkg.packageManager);
    if (!parsed) {
      diagnostics.push({
        severity: 'warning',
        file: p.file,
        line: keyLine(p.text, 'packageManager'),
        message: `unknown packageManager "${p.pkg.packageManager}"; it is ignored`,
        fix: 'use the Corepack form <npm|pnpm|yarn|bun>@<version>, e.g. "pnpm@9.1.0"',
      });
      continue;
    }
    field = { ...parsed, file: p.file };
    evidence.push({
      file: p.file,
      line: keyLine(p.text, 'packageManager'),
      reason: `packageManager is "${p.pkg.packageManager}"`,
      confidence: 'explicit',
    });
    break;
  }

  // 2. Lockfiles: the nearest folder that has any.
  let lockDir: string | null = null;
  let locks: LockfileEntry[] = [];
  for (const d of dirs) {
    const present = LOCKFILES.filter((l) => fs.exists(joinRel(d, l.file)));
    if (present.length > 0) {
      lockDir = d;
      locks = [...present].sort((a, b) => b.priority - a.priority || a.file.localeCompare(b.file));
      break;
    }
  }

  let id: PackageManagerId;
  let version: string | null = null;
  if (field) {
    id = field.id;
    version = field.version;
    for (const l of locks) {
      const file = joinRel(lockDir as string, l.file);
      const agrees = l.manager === id;
      evidence.push({
        file,
        reason: agrees
          ? `${l.file} agrees with packageManager`
          : `${l.file} suggests ${l.manager}, but the explicit packageManager field wins`,
        confidence: agrees ? 'strong' : 'weak',
      });
      if (!agrees) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `${l.file} (${l.manager}) conflicts with packageManager ${id} in ${field.file}`,
          fix: `delete the stale ${l.file}, or change packageManager`,
        });
      }
    }
  } else if (locks.length > 0) {
    const winner = locks[0] as LockfileEntry;
    id = winner.manager;
    for (const l of locks) {
      const file = joinRel(lockDir as string, l.file);
      evidence.push({
        file,
        reason:
          l === winner
            ? `lockfile ${l.file}${lockDir === target.dir ? '' : ' in the workspace root'}`
            : `${l.file} also present; ${winner.file} ranks higher`,
        confidence: l === winner ? 'strong' : 'weak',
      });
    }
    const managers = new Set(locks.map((l) => l.manager));
    if (managers.size > 1) {
      diagnostics.push({
        severity: 'warning',
        file: joinRel(lockDir as string, winner.file),
        message: `lockfiles of several package managers (${locks.map((l) => l.file).join(', ')}); using ${id}`,
        fix: `delete the stale lockfiles, or set "packageManager" in package.json`,
      });
    }
  } else {
    const marker = findMarker(fs, target, packages, dirs);
    diagnostics.push(...marker.diagnostics);
    if (marker.found) {
      id = marker.found.manager;
      version = marker.found.version;
      evidence.push(marker.found.evidence);
    } else {
      id = 'npm';
      evidence.push({
        file: target.file,
        reason: 'no packageManager field, lockfile or other sign of a manager; npm is the default',
        confidence: 'weak',
      });
    }
  }

  const ownLock = locks.find((l) => l.manager === id);
  const lockfile = ownLock && lockDir ? joinRel(lockDir, ownLock.file) : null;

  let yarnBerry = false;
  const installEvidence: Evidence[] = [];
  if (id === 'yarn') {
    const major = version ? Number.parseInt(version, 10) : Number.NaN;
    const rc = dirs.map((d) => joinRel(d, '.yarnrc.yml')).find((f) => fs.exists(f));
    if (!Number.isNaN(major)) {
      yarnBerry = major >= 2;
      installEvidence.push({
        file: field?.file ?? target.file,
        reason: `yarn ${version} is ${yarnBerry ? 'Yarn Berry (2+)' : 'Yarn Classic (1.x)'}`,
        confidence: 'explicit',
      });
    } else if (rc) {
      yarnBerry = true;
      installEvidence.push({ file: rc, reason: '.yarnrc.yml means Yarn Berry (2+)', confidence: 'strong' });
    } else if (berryRelease(fs, dirs)) {
      yarnBerry = true;
      installEvidence.push({
        file: berryRelease(fs, dirs) as string,
        reason: 'a Yarn release checked into .yarn/releases means Yarn Berry (2+)',
        confidence: 'strong',
      });
    } else if (lockfile && isBerryLockfile(fs, lockfile)) {
      yarnBerry = true;
      installEvidence.push({
        file: lockfile,
        reason: 'yarn.lock has a __metadata block (Yarn Berry format)',
        confidence: 'strong',
      });
    }
  }
  if (lockfile && version === null) {
    const lv = lockfileManagerVersion(fs, lockfile, id);
    if (lv) {
      version = lv.version;
      evidence.push({ file: lockfile, line: lv.line, reason: lv.reason, confidence: 'weak' });
    }
  }
  const install = installCommand(id, { hasLockfile: lockfile !== null, yarnBerry });
  const installRoot = lockfile && lockDir !== null && lockDir !== target.dir ? lockDir : null;
  installEvidence.unshift(
    lockfile
      ? {
          file: lockfile,
          reason: installRoot
            ? `${install} runs at the workspace root ${installRoot === '.' ? '(the repository root)' : installRoot} and installs every member from the lockfile`
            : `${install} installs exactly what the lockfile pins`,
          confidence: 'strong',
        }
      : {
          file: target.file,
          reason: `no ${id} lockfile, so the install cannot be frozen; commit a lockfile for reproducible builds`,
          confidence: 'weak',
        },
  );
  return { id, version, installRoot, lockfile, yarnBerry, install, evidence, installEvidence, diagnostics };
}

interface MarkerHit {
  manager: PackageManagerId;
  version: string | null;
  evidence: Evidence;
  priority: number;
  depth: number;
}

/** The strongest {@link MANAGER_MARKERS} sign in the package or the folders above it. */
function findMarker(
  fs: RepoFs,
  target: ParsedPackage,
  packages: ReadonlyMap<string, ParsedPackage>,
  dirs: readonly string[],
): { found: MarkerHit | null; diagnostics: Diagnostic[] } {
  const hits: MarkerHit[] = [];
  const diagnostics: Diagnostic[] = [];
  dirs.forEach((d, depth) => {
    const p = d === target.dir ? target : packages.get(d);
    const mise = readMiseConfig(fs, d, NODE_MISE_EXAMPLE);
    diagnostics.push(...mise.diagnostics);
    for (const m of MANAGER_MARKERS) {
      const hit = (evidence: Evidence, version: string | null = null) =>
        hits.push({ manager: m.manager, version, evidence, priority: m.priority, depth });
      if (m.kind === 'file') {
        const file = joinRel(d, m.name);
        if (fs.exists(file))
          hit({ file, reason: `${m.name} is ${m.manager}'s file`, confidence: m.confidence });
      } else if (m.kind === 'engines' && p?.pkg.engines[m.name] !== undefined) {
        const v = p.pkg.engines[m.name] as string;
        hit(
          {
            file: p.file,
            line: keyLine(p.text, m.name, 'engines'),
            reason: `engines.${m.name} is "${v}"`,
            confidence: m.confidence,
          },
          v,
        );
      } else if (m.kind === 'mise' && mise.config?.tools[m.name]) {
        const t = mise.config.tools[m.name] as { version: string; line?: number };
        hit(
          {
            file: mise.config.file,
            ...(t.line ? { line: t.line } : {}),
            reason: `mise installs ${m.name} ${t.version}`,
            confidence: m.confidence,
          },
          t.version,
        );
      } else if (
        m.kind === 'dependency' &&
        p &&
        (p.pkg.dependencies[m.name] !== undefined || p.pkg.devDependencies[m.name] !== undefined)
      ) {
        hit({
          file: p.file,
          line: keyLine(p.text, m.name),
          reason: `depends on ${m.name}, which only ${m.manager} uses`,
          confidence: m.confidence,
        });
      }
    }
  });
  hits.sort((a, b) => a.depth - b.depth || b.priority - a.priority);
  const found = hits[0] ?? null;
  if (found) {
    found.evidence = {
      ...found.evidence,
      reason: `${found.evidence.reason}: no packageManager field or lockfile, so ${found.manager} it is`,
    };
  }
  return { found, diagnostics };
}

/** A Yarn 2+ release file under `.yarn/releases` in the package folder or above. */
function berryRelease(fs: RepoFs, dirs: readonly string[]): string | null {
  for (const d of dirs) {
    const f = fs.filesIn(joinRel(d, '.yarn/releases')).find((x) => /yarn-[2-9]\d*\.|yarn-berry/.test(x));
    if (f) return f;
  }
  return null;
}

/**
 * The manager version a lockfile's format implies (pnpm `lockfileVersion`, npm `lockfileVersion`),
 * read from its first lines; null when the lockfile is empty or says nothing.
 */
export function lockfileManagerVersion(
  fs: RepoFs,
  lockfile: string,
  id: PackageManagerId,
): { version: string; line: number; reason: string } | null {
  const r = fs.readText(lockfile);
  if (!r.ok) return null;
  const head = r.text.slice(0, 400);
  if (id === 'pnpm') {
    const m = /^lockfileVersion:\s*['"]?(\d+)\.(\d+)/m.exec(head);
    if (!m) return null;
    const major = Number(m[1]);
    const minor = Number(m[2]);
    const pnpm = PNPM_LOCKFILE_VERSIONS.find(
      (v) => major > v.major || (major === v.major && minor >= v.minor),
    );
    if (!pnpm) return null;
    return {
      version: pnpm.pnpm,
      line: head.slice(0, m.index).split('\n').length,
      reason: `lockfileVersion ${major}.${minor} is written by pnpm ${pnpm.pnpm}${pnpm.orLater ? ' or later' : ''}`,
    };
  }
  if (id === 'npm') {
    const m = /"lockfileVersion"\s*:\s*(\d+)/.exec(head);
    const npm = m ? NPM_LOCKFILE_VERSIONS[Number(m[1])] : undefined;
    if (!m || !npm) return null;
    return {
      version: npm.version,
      line: head.slice(0, m.index).split('\n').length,
      reason: `lockfileVersion ${m[1]} is written by ${npm.label}`,
    };
  }
  return null;
}

/** pnpm lockfile format → the pnpm major that writes it (newest first). */
export const PNPM_LOCKFILE_VERSIONS: readonly {
  major: number;
  minor: number;
  pnpm: string;
  orLater?: boolean;
}[] = [
  { major: 9, minor: 0, pnpm: '9', orLater: true },
  { major: 6, minor: 0, pnpm: '8' },
  { major: 5, minor: 4, pnpm: '7' },
  { major: 5, minor: 3, pnpm: '6' },
  { major: 5, minor: 0, pnpm: '5' },
];

/** npm lockfileVersion → the npm majors that write it. */
export const NPM_LOCKFILE_VERSIONS: Readonly<Record<number, { version: string; label: string }>> = {
  1: { version: '6', label: 'npm 5 or 6' },
  2: { version: '8', label: 'npm 7 or 8' },
  3: { version: '9', label: 'npm 9 or later' },
};

function isBerryLockfile(fs: RepoFs, file: string): boolean {
  const r = fs.readText(file);
  return r.ok && /^__metadata:/m.test(r.text);
}
