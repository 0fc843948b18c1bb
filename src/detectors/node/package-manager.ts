import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { keyLine, type ParsedPackage } from './parse-package-json.js';

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

export interface PackageManagerResult {
  id: PackageManagerId;
  /** The pinned version from `packageManager`, when given. */
  version: string | null;
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
    id = 'npm';
    evidence.push({
      file: target.file,
      reason: 'no packageManager field and no lockfile; npm is the default',
      confidence: 'weak',
    });
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
    } else if (lockfile && isBerryLockfile(fs, lockfile)) {
      yarnBerry = true;
      installEvidence.push({
        file: lockfile,
        reason: 'yarn.lock has a __metadata block (Yarn Berry format)',
        confidence: 'strong',
      });
    }
  }
  const install = installCommand(id, { hasLockfile: lockfile !== null, yarnBerry });
  installEvidence.unshift(
    lockfile
      ? { file: lockfile, reason: `${install} installs exactly what the lockfile pins`, confidence: 'strong' }
      : {
          file: target.file,
          reason: `no ${id} lockfile, so the install cannot be frozen; commit a lockfile for reproducible builds`,
          confidence: 'weak',
        },
  );
  return { id, version, lockfile, yarnBerry, install, evidence, installEvidence, diagnostics };
}

function isBerryLockfile(fs: RepoFs, file: string): boolean {
  const r = fs.readText(file);
  return r.ok && /^__metadata:/m.test(r.text);
}
