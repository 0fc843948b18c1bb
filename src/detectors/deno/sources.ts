import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isTestData, isUnder, joinRel, relativeTo } from '../paths.js';
import { ENV_EXAMPLE_FILES, isSecretEnv, parseDotenv } from '../shared/env.js';
import { blankJsComments, lineAt } from '../text.js';
import { DENO_DEFAULT_PORT } from './frameworks.js';

/** A Deno source file with comments blanked (offsets and lines unchanged). */
export interface DenoSource {
  path: string;
  code: string;
}

const EXTENSIONS = /\.(ts|tsx|mts|js|jsx|mjs)$/;
/** Build output, static assets, tests and vendored code: not the program. */
const SKIPPED = new Set([
  '_fresh',
  'static',
  'dist',
  'build',
  'coverage',
  'test',
  'tests',
  'vendor',
  'node_modules',
]);
export const MAX_SOURCE_FILES = 1000;

/** Source files of the Deno project in `dir`, excluding nested projects, tests and build output. */
export function collectDenoSources(
  fs: RepoFs,
  dir: string,
  nested: readonly string[],
): { sources: DenoSource[]; diagnostics: Diagnostic[] } {
  const sources: DenoSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (isTestData(f) || !EXTENSIONS.test(f)) continue;
    if (nested.some((n) => n !== dir && isUnder(n, dir) && isUnder(f, n))) continue;
    const rel = relativeTo(f, dir);
    if (/(_test|\.test|\.spec)\.[cm]?[jt]sx?$/.test(rel) || rel.endsWith('.d.ts')) continue;
    if (
      rel
        .split('/')
        .slice(0, -1)
        .some((d) => SKIPPED.has(d) || d.startsWith('.'))
    )
      continue;
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} source files of ${dir} were scanned`,
      });
      break;
    }
    const r = fs.readText(f);
    if (!r.ok) {
      if (r.reason !== 'missing')
        diagnostics.push({
          severity: 'info',
          file: f,
          message: `source file skipped (${r.reason}): ${r.message}`,
        });
      continue;
    }
    sources.push({ path: f, code: blankJsComments(r.text) });
  }
  return { sources, diagnostics };
}

/** Import specifiers of the sources (`from "jsr:@hono/hono"`, `import("npm:pg")`), with evidence. */
export function sourceImports(sources: readonly DenoSource[]): { specifier: string; evidence: Evidence }[] {
  const out: { specifier: string; evidence: Evidence }[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'\n]+)["']/g;
  for (const src of sources) {
    for (const m of src.code.matchAll(re)) {
      out.push({
        specifier: m[1] as string,
        evidence: {
          file: src.path,
          line: lineAt(src.code, m.index),
          reason: `imports ${m[1]}`,
          confidence: 'strong',
        },
      });
    }
  }
  return out;
}

interface PortRule {
  re: RegExp;
  describe: (port: number) => string;
  /** The port, when the pattern has no capture (Deno.serve without options). */
  fixed?: number;
}

/**
 * How Deno code picks its port, most explicit first: PORT with a default, a `port:` option of
 * Deno.serve / listen / serve, std's listenAndServe(":8000"), then Deno.serve(handler) (Deno's 8000).
 */
export const DENO_PORT_RULES: readonly PortRule[] = [
  {
    re: /Deno\.env\.get\(\s*["']PORT["']\s*\)\s*\)?\s*(?:\?\?|\|\|)\s*["']?(\d{2,5})\b/g,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    re: /(?:Deno\.serve|Deno\.listen|\.listen|\bserve)\s*\(\s*(?:[\w.]+\s*,\s*)?\{[^}]*?\bport\s*:\s*(?:Number\(|parseInt\()?\s*(\d{2,5})\b/g,
    describe: (p) => `listens on port ${p}`,
  },
  { re: /listenAndServe\(\s*["'][^"':]*:(\d{2,5})["']/g, describe: (p) => `listenAndServe on :${p}` },
  { re: /\bconst\s+(?:PORT|port)\s*=\s*(\d{2,5})\b/g, describe: (p) => `port constant ${p}` },
  {
    re: /Deno\.serve\s*\(\s*(?!\{[^}]*\bport\b)/g,
    fixed: DENO_DEFAULT_PORT,
    describe: (p) => `Deno.serve without a port listens on ${p}`,
  },
];

/** The port the code listens on; sources of the entry first. */
export function detectDenoPort(
  sources: readonly DenoSource[],
  entry: string | null,
): { port: number; evidence: Evidence } | null {
  const ordered = [...sources].sort((a, b) => Number(b.path === entry) - Number(a.path === entry));
  for (const rule of DENO_PORT_RULES) {
    for (const src of ordered) {
      for (const m of src.code.matchAll(new RegExp(rule.re.source, rule.re.flags))) {
        const port = rule.fixed ?? Number(m[1]);
        if (port < 1 || port > 65535) continue;
        return {
          port,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${rule.describe(port)} in ${src.path}`,
            confidence: rule.fixed ? 'strong' : 'explicit',
          },
        };
      }
    }
  }
  return null;
}

/** `Deno.env.get("NAME")` reads (with a `?? "default"`), plus names listed in example env files. */
export function detectDenoEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly DenoSource[],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const vars = new Map<string, { def: string | null; example: string | null; evidence: Evidence[] }>();
  const add = (name: string, ev: Evidence, def: string | null, example: string | null): void => {
    const v = vars.get(name) ?? { def: null, example: null, evidence: [] };
    v.def ??= def;
    v.example ??= example;
    if (v.evidence.length < 5) v.evidence.push(ev);
    vars.set(name, v);
  };
  const re =
    /Deno\.env\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)(?:\s*(?:\?\?|\|\|)\s*(?:["']([^"'\n]*)["']|(\d+)))?/g;
  for (const src of sources) {
    for (const m of src.code.matchAll(re)) {
      add(
        m[1] as string,
        {
          file: src.path,
          line: lineAt(src.code, m.index),
          reason: `Deno.env.get in ${src.path}`,
          confidence: 'strong',
        },
        m[2] ?? m[3] ?? null,
        null,
      );
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const name of ENV_EXAMPLE_FILES) {
    const file = joinRel(dir, name);
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
    for (const e of parseDotenv(r.text)) {
      add(
        e.name,
        { file, line: e.line, reason: `listed in ${name}`, confidence: 'explicit' },
        null,
        e.value || null,
      );
    }
  }
  const env = [...vars.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => {
      const secret = isSecretEnv(name, v.example);
      return { name, secret, default: secret ? null : (v.def ?? v.example), evidence: v.evidence };
    });
  return { env, diagnostics };
}
