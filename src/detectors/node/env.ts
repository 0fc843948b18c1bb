import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { ENV_EXAMPLE_FILES, isSecretEnv, parseDotenv } from '../shared/env.js';
import { lineAt } from '../text.js';
import type { SourceFile } from './source-files.js';

/** Set by the runtime or the package manager, not configuration a person supplies. */
const IGNORED = (name: string): boolean => name === 'NODE_ENV' || name.startsWith('npm_');

/** Set by Vite/Astro themselves in `import.meta.env`, not configuration a person supplies. */
const META_BUILTINS = new Set(['MODE', 'BASE_URL', 'PROD', 'DEV', 'SSR', 'SITE', 'ASSETS_PREFIX']);

/**
 * Prefixes of variables a bundler inlines into the client code when it builds: they must be set
 * at build time (a Docker build arg), and changing them at run time does nothing.
 */
export const BUILD_TIME_PREFIXES: readonly { prefix: string; tool: string }[] = [
  { prefix: 'VITE_', tool: 'Vite' },
  { prefix: 'PUBLIC_', tool: 'Astro/SvelteKit' },
  { prefix: 'NEXT_PUBLIC_', tool: 'Next.js' },
  { prefix: 'REACT_APP_', tool: 'Create React App' },
  { prefix: 'NUXT_PUBLIC_', tool: 'Nuxt' },
  { prefix: 'EXPO_PUBLIC_', tool: 'Expo' },
];

/** The bundler that inlines this variable at build time, or null for a run-time variable. */
export function buildTimeTool(name: string): string | null {
  return BUILD_TIME_PREFIXES.find((p) => name.startsWith(p.prefix))?.tool ?? null;
}

/** At most this many evidence entries are kept per variable. */
const MAX_EVIDENCE = 5;

const NAME_RE = '[A-Za-z_][A-Za-z0-9_]*';
/** `?? 'x'`, `|| "x"`, `?? 3000` after an env read (also after a closing paren: `Number(process.env.X) || 3`). */
const DEFAULT_RE = String.raw`\s*\)?\s*(?:\?\?|\|\|)\s*(?:(?<q>['"\`])(?<str>[^'"\`\n]*)\k<q>|(?<lit>-?\d+(?:\.\d+)?|true|false)\b)`;

interface Acc {
  name: string;
  codeDefault: string | null;
  exampleValue: string | null;
  evidence: Evidence[];
}

/**
 * Environment variables the service reads: `process.env.NAME`, `process.env['NAME']` and
 * `const { A, B = 'x' } = process.env` in the sources, merged with example env files in `dir`.
 * Secret-looking variables never get a default (a sample password must not become a real one).
 */
export function detectEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly SourceFile[],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const vars = new Map<string, Acc>();
  const diagnostics: Diagnostic[] = [];
  const add = (name: string, ev: Evidence, codeDefault: string | null, exampleValue: string | null): void => {
    if (IGNORED(name)) return;
    const acc = vars.get(name) ?? { name, codeDefault: null, exampleValue: null, evidence: [] };
    acc.codeDefault ??= codeDefault;
    acc.exampleValue ??= exampleValue;
    if (
      acc.evidence.length < MAX_EVIDENCE &&
      !acc.evidence.some((e) => e.file === ev.file && e.line === ev.line)
    ) {
      acc.evidence.push(ev);
    }
    vars.set(name, acc);
  };

  const access = new RegExp(
    String.raw`process\.env(?:\.(?<dot>${NAME_RE})|\[\s*(?<bq>['"\`])(?<idx>${NAME_RE})\k<bq>\s*\])(?:${DEFAULT_RE})?`,
    'g',
  );
  const metaAccess = new RegExp(String.raw`import\.meta\.env\.(?<name>${NAME_RE})(?:${DEFAULT_RE})?`, 'g');
  const destructure = /\{([^{}]*)\}\s*=\s*(process\.env|import\.meta\.env)\b/g;
  const readReason = (name: string, file: string, via: string): string => {
    const tool = buildTimeTool(name);
    return tool
      ? `build-time: ${tool} inlines ${name} into the built code (${via} in ${file}); set it when building`
      : `read in ${file}${via === 'process.env' ? '' : ` (${via})`}`;
  };
  for (const src of sources) {
    // Every pattern below needs `process.env` or `import.meta.env`: most files have neither.
    if (!src.code.includes('.env')) continue;
    for (const m of src.code.matchAll(access)) {
      const g = m.groups ?? {};
      const name = (g.dot ?? g.idx) as string;
      const def = g.str ?? g.lit ?? null;
      const line = lineAt(src.code, m.index);
      add(
        name,
        { file: src.path, line, reason: readReason(name, src.path, 'process.env'), confidence: 'strong' },
        def,
        null,
      );
    }
    for (const m of src.code.matchAll(metaAccess)) {
      const g = m.groups ?? {};
      const name = g.name as string;
      if (META_BUILTINS.has(name)) continue;
      const line = lineAt(src.code, m.index);
      add(
        name,
        { file: src.path, line, reason: readReason(name, src.path, 'import.meta.env'), confidence: 'strong' },
        g.str ?? g.lit ?? null,
        null,
      );
    }
    for (const m of src.code.matchAll(destructure)) {
      const line = lineAt(src.code, m.index);
      for (const part of (m[1] as string).split(',')) {
        const d = new RegExp(
          String.raw`^\s*(${NAME_RE})\s*(?::\s*${NAME_RE}\s*)?(?:=\s*(?:(['"\`])([^'"\`]*)\2|(\d+)))?\s*$`,
        ).exec(part);
        if (!d) continue;
        const name = d[1] as string;
        if (m[2] !== 'process.env' && META_BUILTINS.has(name)) continue;
        const tool = buildTimeTool(name);
        add(
          name,
          {
            file: src.path,
            line,
            reason: tool
              ? `build-time: ${tool} inlines ${name} into the built code (destructured from ${m[2]} in ${src.path}); set it when building`
              : `destructured from ${m[2]} in ${src.path}`,
            confidence: 'strong',
          },
          d[3] ?? d[4] ?? null,
          null,
        );
      }
    }
  }

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
        {
          file,
          line: e.line,
          reason: buildTimeTool(e.name)
            ? `listed in ${name}; build-time: ${buildTimeTool(e.name)} inlines it into the built code`
            : `listed in ${name}`,
          confidence: 'explicit',
        },
        null,
        e.value === '' ? null : e.value,
      );
    }
  }

  const env: EnvVar[] = [...vars.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => {
      const secret = isSecretEnv(v.name, v.exampleValue);
      return {
        name: v.name,
        secret,
        default: secret ? null : (v.codeDefault ?? v.exampleValue),
        evidence: v.evidence,
      };
    });
  return { env, diagnostics };
}
