import type { ProjectModel } from '../model/project.js';
import type { Service } from '../model/service.js';
import type { RepoFs } from '../repo/repo-fs.js';
import { packageScriptName, sameStart } from './start-command.js';

/** The fields of a corpus app's expected.json that we score. */
export interface Expected {
  language?: string | null;
  framework?: string | null;
  packageManager?: string | null;
  languageVersion?: string | null;
  startCmd?: string | null;
  port?: number | null;
  configOnly?: boolean;
  startCmdFromConfig?: boolean;
}

export const FIELDS = [
  'language',
  'framework',
  'packageManager',
  'languageVersion',
  'start',
  'port',
] as const;
export type Field = (typeof FIELDS)[number];

export interface FieldResult {
  field: Field;
  expected: string;
  actual: string;
  ok: boolean;
}

/** Peers' names for the same thing (their id → ours). */
const LANGUAGE_ALIASES: Record<string, string> = { staticfile: 'static' };
const FRAMEWORK_ALIASES: Record<string, string> = {};

/** The service a single-app corpus example is about: the root one, else the only or first web one. */
export function primaryService(model: ProjectModel): Service | undefined {
  const s = model.services;
  return s.find((x) => x.path === '.') ?? (s.length === 1 ? s[0] : (s.find((x) => x.kind === 'web') ?? s[0]));
}

function versionParts(v: string): string[] | null {
  const m = /\d+(?:\.\d+)*/.exec(v);
  return m ? m[0].split('.') : null;
}

/** `18` matches `18.20.1` and `>=18`; `3.11` does not match `3.12`. */
export function sameVersion(expected: string, actual: string): boolean {
  const a = versionParts(expected);
  const b = versionParts(actual);
  if (!a || !b) return false;
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).join('.') === b.slice(0, n).join('.');
}

/** Does any non-empty file of the app pin this version (so detecting it is fair to ask)? */
export function appPinsVersion(fs: RepoFs, version: string): boolean {
  const re = new RegExp(`(^|[^0-9.])${version.replace(/\./g, '\\.')}(?![0-9])`);
  for (const f of fs.files()) {
    if (
      /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Gemfile\.lock|Cargo\.lock|uv\.lock)$/.test(
        f,
      )
    )
      continue;
    const r = fs.readText(f);
    if (!r.ok || r.text.length >= 200_000) continue;
    if (re.test(f.endsWith('package.json') ? runtimePinsOfPackageJson(r.text) : r.text)) return true;
  }
  return false;
}

/**
 * The parts of a package.json that pin the runtime (engines, volta). Dependency versions are not
 * pins: `"@types/node": "^18"` says nothing about the Node.js the app runs on.
 */
function runtimePinsOfPackageJson(text: string): string {
  try {
    const pkg = JSON.parse(text) as { engines?: unknown; volta?: unknown };
    return JSON.stringify([pkg.engines ?? null, pkg.volta ?? null]);
  } catch {
    return '';
  }
}

/** Expand `npm run start` into the script it names, read from the app's package.json files. */
function expandScript(fs: RepoFs, cmd: string, service: Service | undefined): string {
  const name = packageScriptName(cmd);
  if (!name) return cmd;
  for (const dir of [service?.path ?? '.', '.']) {
    const file = dir === '.' ? 'package.json' : `${dir}/package.json`;
    const r = fs.readText(file);
    if (!r.ok) continue;
    try {
      const script = (JSON.parse(r.text) as { scripts?: Record<string, unknown> }).scripts?.[name];
      if (typeof script === 'string') return expandScript(fs, script, service);
    } catch {
      return cmd; // an unparsable package.json: compare the command as written
    }
  }
  return cmd;
}

/** Score one app; fields the expectation does not state (or that are not fair to ask) are left out. */
export function scoreApp(expected: Expected, model: ProjectModel, fs: RepoFs): FieldResult[] {
  const s = primaryService(model);
  const out: FieldResult[] = [];
  const push = (field: Field, exp: string, act: string | null | undefined, ok: boolean) =>
    out.push({ field, expected: exp, actual: act ?? '(none)', ok });

  if (expected.language) {
    const exp = LANGUAGE_ALIASES[expected.language] ?? expected.language;
    push('language', expected.language, s?.language, s?.language === exp);
  }
  if (expected.framework !== undefined) {
    const exp =
      expected.framework === null ? null : (FRAMEWORK_ALIASES[expected.framework] ?? expected.framework);
    push(
      'framework',
      String(expected.framework),
      s ? String(s.framework) : undefined,
      !!s && s.framework === exp,
    );
  }
  if (expected.packageManager) {
    push(
      'packageManager',
      expected.packageManager,
      s?.packageManager,
      s?.packageManager === expected.packageManager,
    );
  }
  if (expected.languageVersion && appPinsVersion(fs, expected.languageVersion)) {
    const act = s?.languageVersion ?? null;
    push(
      'languageVersion',
      expected.languageVersion,
      act,
      act !== null && sameVersion(expected.languageVersion, act),
    );
  }
  if (expected.startCmd && !expected.configOnly && !expected.startCmdFromConfig) {
    const exp = expandScript(fs, expected.startCmd, s);
    const staticExpected = sameStart(exp, 'caddy run');
    const ok = staticExpected
      ? s?.kind === 'static'
      : !!s?.commands.start && sameStart(exp, expandScript(fs, s.commands.start, s));
    push(
      'start',
      expected.startCmd,
      s?.kind === 'static' ? `(static: ${s.outputDir})` : s?.commands.start,
      ok,
    );
  }
  // A static site's port belongs to the web server that serves it, not to the app: not scored.
  if (
    typeof expected.port === 'number' &&
    s?.kind !== 'static' &&
    !sameStart(expected.startCmd ?? '', 'caddy run')
  ) {
    push(
      'port',
      String(expected.port),
      s?.port === null || !s ? undefined : String(s.port),
      s?.port === expected.port,
    );
  }
  return out;
}
