import { parse as parseToml, TomlError } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, isUnder, joinRel } from '../paths.js';
import { isSecretEnv } from '../shared/env.js';
import { HEALTH_NAME, healthScore } from '../shared/health.js';
import { lineLocator } from '../shared/lines.js';
import { lineAt } from '../text.js';
import { blankElixirComments } from './mix.js';

export interface SourceFile {
  path: string;
  code: string;
  /** `config/runtime.exs` → 3, `config/prod.exs` → 2, `config/config.exs` → 1, lib code → 0. */
  configRank: number;
}

/** Config files that apply in production, highest precedence first. */
export const PROD_CONFIG_FILES: readonly { name: string; rank: number }[] = [
  { name: 'config/runtime.exs', rank: 3 },
  { name: 'config/prod.exs', rank: 2 },
  { name: 'config/config.exs', rank: 1 },
];
export const MAX_SOURCE_FILES = 2000;

/** Production config files of the project root, and `.ex` code under `lib/` of the given projects. */
export function collectElixirSources(
  fs: RepoFs,
  rootDir: string,
  projectDirs: readonly string[],
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const read = (file: string, configRank: number): void => {
    const r = fs.readText(file);
    if (!r.ok) {
      if (r.reason !== 'missing')
        diagnostics.push({ severity: 'info', file, message: `skipped (${r.reason}): ${r.message}` });
      return;
    }
    sources.push({ path: file, code: blankElixirComments(r.text), configRank });
  };
  for (const c of PROD_CONFIG_FILES) {
    const file = joinRel(rootDir, c.name);
    if (fs.exists(file)) read(file, c.rank);
  }
  const libs = projectDirs.map((d) => joinRel(d, 'lib'));
  for (const f of fs.files()) {
    if (!f.endsWith('.ex') || !libs.some((l) => isUnder(f, l))) continue;
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} source files were scanned`,
      });
      break;
    }
    read(f, 0);
  }
  return { sources, diagnostics };
}

interface PortCandidate {
  port: number;
  rank: number;
  evidence: Evidence;
}

const ENV_PORT = String.raw`System\.get_env\(\s*"(?:PHX_|HTTP_|APP_)?PORT"`;

/** How Phoenix config and Plug/Bandit code set the port. */
export const ELIXIR_PORT_PATTERNS: readonly {
  id: string;
  re: RegExp;
  requires?: RegExp;
  describe: (p: number) => string;
}[] = [
  {
    // System.get_env("PORT") || "4000"  |  System.get_env("PORT", "4000")
    id: 'env-default',
    re: new RegExp(String.raw`${ENV_PORT}\s*(?:\)\s*\|\|\s*|,\s*)"?(\d{2,5})\b`, 'g'),
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // http: [ip: {0, 0, 0, 0}, port: 4000]
    id: 'endpoint-http',
    re: /\bhttp:\s*\[[^\]]*?\bport:\s*(\d{2,5})\b/g,
    describe: (p) => `the endpoint's http port is ${p}`,
  },
  {
    // {Plug.Cowboy, scheme: :http, plug: App.Router, options: [port: 4001]} | {Bandit, plug: App.Router, port: 4000}
    id: 'server-port',
    re: /\bport:\s*(\d{2,5})\b/g,
    requires: /\bPlug\.Cowboy\b|\bBandit\b|:cowboy\b/,
    describe: (p) => `the HTTP server is started on port ${p}`,
  },
];

/** The port from production config (runtime.exs first) or server code; null when none is written down. */
export function detectElixirPort(
  sources: readonly SourceFile[],
): { port: number; evidence: Evidence[] } | null {
  const found: PortCandidate[] = [];
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const p of ELIXIR_PORT_PATTERNS) {
      if (p.requires && !p.requires.test(src.code)) continue;
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const port = Number(m[1]);
        if (port < 1 || port > 65535) continue;
        found.push({
          port,
          rank: src.configRank * 10 + (p.id === 'env-default' ? 2 : 1),
          evidence: {
            file: src.path,
            line: lineOf(m.index),
            reason: `${p.describe(port)} in ${src.path}`,
            confidence: src.configRank > 0 ? 'explicit' : 'strong',
          },
        });
      }
    }
  }
  found.sort((a, b) => b.rank - a.rank || a.evidence.file.localeCompare(b.evidence.file));
  const best = found[0];
  return best ? { port: best.port, evidence: found.slice(0, 5).map((f) => f.evidence) } : null;
}

const NAME = HEALTH_NAME;
const PATH = String.raw`(\/(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?)`;

/** Phoenix router `get "/health", …` and Plug.Router `get "/health" do`. */
export function detectElixirHealth(
  sources: readonly SourceFile[],
): { path: string; evidence: Evidence } | null {
  const found: { path: string; evidence: Evidence }[] = [];
  for (const src of sources) {
    if (src.configRank > 0) continue;
    const lineOf = lineLocator(src.code);
    // Inside a Phoenix `scope "/api"` a route is prefixed: the nearest scope before it applies.
    const scopes = [...src.code.matchAll(/\bscope\s*\(?\s*"(\/[^"]*)"/g)];
    let s = -1;
    for (const m of src.code.matchAll(new RegExp(String.raw`\b(?:get|forward)\s*\(?\s*"${PATH}"`, 'g'))) {
      while (s + 1 < scopes.length && (scopes[s + 1]?.index as number) < m.index) s++;
      const scope = s >= 0 ? (scopes[s]?.[1] as string) : '';
      const path = `${scope === '/' ? '' : scope.replace(/\/$/, '')}${m[1]}`;
      found.push({
        path,
        evidence: {
          file: src.path,
          line: lineOf(m.index),
          reason: `route ${path} in ${src.path}`,
          confidence: 'strong',
        },
      });
    }
  }
  found.sort(
    (a, b) => healthScore(a.path) - healthScore(b.path) || a.evidence.file.localeCompare(b.evidence.file),
  );
  const best = found[0];
  return best ? { path: best.path, evidence: best.evidence } : null;
}

/** Set by the release scripts or Mix, not configuration a person supplies. */
const IGNORED = (name: string): boolean =>
  name === 'MIX_ENV' || name.startsWith('RELEASE_') || name === 'HOME' || name === 'PATH';

/** Env vars read with `System.get_env/1,2`, `System.fetch_env!/1` and `System.fetch_env/1`. */
export function detectElixirEnv(sources: readonly SourceFile[]): EnvVar[] {
  const vars = new Map<string, { def: string | null; evidence: Evidence[] }>();
  const re =
    /System\.(?:get_env|fetch_env!?)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*(?:,\s*"([^"\n]*)"\s*\)|\)(?:\s*\|\|\s*"([^"\n]*)")?)?/g;
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const m of src.code.matchAll(re)) {
      const name = m[1] as string;
      if (IGNORED(name)) continue;
      const acc = vars.get(name) ?? { def: null, evidence: [] };
      acc.def ??= m[2] ?? m[3] ?? null;
      const line = lineOf(m.index);
      if (acc.evidence.length < 5 && !acc.evidence.some((e) => e.file === src.path && e.line === line)) {
        acc.evidence.push({ file: src.path, line, reason: `read in ${src.path}`, confidence: 'strong' });
      }
      vars.set(name, acc);
    }
  }
  return [...vars.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => {
      const secret = isSecretEnv(name, v.def);
      return { name, secret, default: secret ? null : v.def, evidence: v.evidence };
    });
}

/** Files pinning the Elixir version. */
const VERSION_FILES = ['.tool-versions', 'mise.toml', '.mise.toml'] as const;

/**
 * The Elixir version: `.tool-versions` / `mise.toml` in the project folder or above (explicit),
 * else the lower bound of mix.exs's `elixir:` requirement (strong).
 */
export function detectElixirVersion(
  fs: RepoFs,
  dir: string,
  stopDir: string,
  requirement: { value: string; line: number; file: string } | null,
): { version: string | null; evidence: Evidence[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const d of ancestorDirs(dir, stopDir)) {
    for (const name of VERSION_FILES) {
      const file = joinRel(d, name);
      if (!fs.exists(file)) continue;
      const r = fs.readText(file);
      if (!r.ok) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${name} (${r.reason}): ${r.message}`,
        });
        continue;
      }
      let raw: string | null = null;
      let line = 1;
      if (name === '.tool-versions') {
        const m = /^[ \t]*elixir[ \t]+(\S+)/m.exec(r.text);
        if (m) {
          raw = m[1] as string;
          line = lineAt(r.text, m.index);
        }
      } else if (r.text.trim() !== '') {
        try {
          const tools = (parseToml(r.text) as { tools?: Record<string, unknown> }).tools;
          const v = tools?.elixir;
          raw = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null;
          if (
            typeof v === 'object' &&
            v !== null &&
            !Array.isArray(v) &&
            typeof (v as { version?: unknown }).version === 'string'
          ) {
            raw = (v as { version: string }).version;
          }
          const idx = r.text.search(/^\s*elixir\s*=/m);
          if (idx >= 0) line = lineAt(r.text, idx);
        } catch (e) {
          diagnostics.push({
            severity: 'warning',
            file,
            ...(e instanceof TomlError && e.line > 0 ? { line: e.line } : {}),
            message: `invalid TOML in ${name}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
            fix: 'fix the TOML syntax; the Elixir version in it is not read until then',
          });
        }
      }
      const version = raw ? /^v?(\d+\.\d+(?:\.\d+)?)/.exec(raw)?.[1] : undefined;
      if (version) {
        return {
          version,
          evidence: [{ file, line, reason: `${name} pins Elixir ${raw}`, confidence: 'explicit' }],
          diagnostics,
        };
      }
    }
  }
  if (requirement) {
    const v = /(\d+\.\d+(?:\.\d+)?)/.exec(requirement.value)?.[1];
    if (v) {
      return {
        version: v,
        evidence: [
          {
            file: requirement.file,
            line: requirement.line,
            reason: `mix.exs requires Elixir ${requirement.value} (the lowest version it allows)`,
            confidence: 'strong',
          },
        ],
        diagnostics,
      };
    }
  }
  return { version: null, evidence: [], diagnostics };
}
