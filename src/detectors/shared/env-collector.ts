/**
 * Accumulates the environment variables a service reads (from code patterns and example env files),
 * shared by the Go and Rust detectors. Secret-looking variables never keep a default.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { ENV_EXAMPLE_FILES, isSecretEnv, parseDotenv } from './env.js';

/** At most this many evidence entries are kept per variable. */
const MAX_EVIDENCE = 5;

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Acc {
  codeDefault: string | null;
  exampleValue: string | null;
  evidence: Evidence[];
}

export class EnvCollector {
  private readonly vars = new Map<string, Acc>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly ignored: (name: string) => boolean = () => false) {}

  add(
    name: string,
    evidence: Evidence,
    codeDefault: string | null = null,
    exampleValue: string | null = null,
  ): void {
    if (!ENV_NAME.test(name) || this.ignored(name)) return;
    const acc = this.vars.get(name) ?? { codeDefault: null, exampleValue: null, evidence: [] };
    acc.codeDefault ??= codeDefault;
    acc.exampleValue ??= exampleValue;
    const dup = acc.evidence.some((e) => e.file === evidence.file && e.line === evidence.line);
    if (!dup && acc.evidence.length < MAX_EVIDENCE) acc.evidence.push(evidence);
    this.vars.set(name, acc);
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Reads `.env.example` and its siblings in `dir` (never `.env`: it may hold real secrets). */
  addExampleFiles(fs: RepoFs, dir: string): void {
    for (const name of ENV_EXAMPLE_FILES) {
      const file = joinRel(dir, name);
      if (!fs.exists(file)) continue;
      const r = fs.readText(file);
      if (!r.ok) {
        this.diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${name} (${r.reason}): ${r.message}`,
        });
        continue;
      }
      for (const e of parseDotenv(r.text)) {
        this.add(
          e.name,
          { file, line: e.line, reason: `listed in ${name}`, confidence: 'explicit' },
          null,
          e.value === '' ? null : e.value,
        );
      }
    }
  }

  result(): EnvVar[] {
    return [...this.vars.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, v]) => {
        const secret = isSecretEnv(name, v.exampleValue);
        return {
          name,
          secret,
          default: secret ? null : (v.codeDefault ?? v.exampleValue),
          evidence: v.evidence,
        };
      });
  }
}
