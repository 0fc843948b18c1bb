import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RepoFs } from '../repo/repo-fs.js';
import { ENGINE_CHECKS, SUPPRESSION_NEEDS_REASON, UNKNOWN_RULE } from './engine-checks.js';
import { formatMessage } from './format-message.js';
import { type ParsedDockerfile, parseDockerfile } from './parsers/dockerfile.js';
import { RULES } from './rules/index.js';
import { covers, findSuppressions, type SuppressionSource } from './suppressions.js';
import type {
  AnyRule,
  AuditFile,
  AuditOptions,
  AuditResult,
  Finding,
  ParsedByTarget,
  RuleTarget,
} from './types.js';

/** How the engine handles one target: which files it owns, how to parse them, where suppressions go. */
interface TargetAdapter<P> {
  matches(file: string): boolean;
  parse(content: string): P;
  suppressionSource(parsed: P): SuppressionSource;
  /** A problem with the file as a whole (e.g. a Dockerfile without FROM), reported as a diagnostic. */
  sanity(parsed: P): string | undefined;
}

const TARGETS: { [T in RuleTarget]: TargetAdapter<ParsedByTarget[T]> } = {
  dockerfile: {
    matches: isDockerfilePath,
    parse: parseDockerfile,
    suppressionSource: (df: ParsedDockerfile) => ({
      comments: df.comments,
      spans: df.instructions.map((i) => ({ line: i.line, endLine: i.endLine })),
    }),
    sanity: (df) =>
      df.stages.length === 0 ? 'no FROM instruction, so there is no image to check' : undefined,
  },
};

/** `Dockerfile.<ext>` names that are documentation or code about Dockerfiles, not Dockerfiles. */
const NOT_DOCKERFILE_EXT =
  /\.(dockerignore|md|txt|json|ya?ml|toml|ts|tsx|js|mjs|cjs|sh|py|go|rs|snap|tmpl|tpl|j2|erb|hbs)$/i;

/**
 * Whether a path names a Dockerfile: `Dockerfile`, `Containerfile` (any case), `*.Dockerfile`,
 * `*.containerfile` (any case), `Dockerfile.*` / `Containerfile.*` (capitalised, as Docker's docs
 * write them, so `src/dockerfile.ts` is not one), minus `.dockerignore` and doc/code extensions.
 */
export function isDockerfilePath(file: string): boolean {
  const base = path.posix.basename(file);
  const lower = base.toLowerCase();
  if (NOT_DOCKERFILE_EXT.test(base)) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile') ||
    base.startsWith('Dockerfile.') ||
    base.startsWith('Containerfile.')
  );
}

/** The target a file belongs to, from its name; undefined when no rules read it. */
export function targetForPath(file: string): RuleTarget | undefined {
  for (const target of Object.keys(TARGETS) as RuleTarget[]) {
    if (TARGETS[target].matches(file)) return target;
  }
  return undefined;
}

const KNOWN_IDS = new Set<string>([...RULES.map((r) => r.meta.id), ...ENGINE_CHECKS.map((c) => c.id)]);

/**
 * Audit files given as text (e.g. generated artifacts). Files whose target cannot be inferred from
 * the name and is not given are skipped. Pure: no disk, no env.
 */
export function auditFiles(files: readonly AuditFile[], opts: AuditOptions = {}): AuditResult {
  const disabled = new Set(opts.disabled ?? []);
  const diagnostics: Diagnostic[] = [];
  for (const id of [...disabled].sort()) {
    if (!KNOWN_IDS.has(id)) {
      diagnostics.push({
        severity: 'warning',
        message: `unknown rule '${id}' in disabled rules; it has no effect`,
        fix: 'use a rule id listed in docs/rules/README.md',
      });
    }
  }
  const rules = RULES.filter((r) => !disabled.has(r.meta.id));
  const findings: Finding[] = [];
  const filesChecked: string[] = [];
  let suppressed = 0;

  for (const file of [...files].sort((a, b) => compare(a.path, b.path))) {
    const target = file.target ?? targetForPath(file.path);
    if (!target) continue;
    const out = auditOne(file, target, rules, disabled);
    filesChecked.push(file.path);
    findings.push(...out.findings);
    diagnostics.push(...out.diagnostics);
    suppressed += out.suppressed;
  }

  findings.sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.ruleId, b.ruleId));
  return { findings, filesChecked, suppressed, diagnostics };
}

/** Find the infrastructure files in a repository (Dockerfiles for now) and audit them. */
export function auditRepo(fs: RepoFs, opts: AuditOptions = {}): AuditResult {
  const unreadable: Diagnostic[] = [];
  const files: AuditFile[] = [];
  for (const file of fs.files()) {
    const target = targetForPath(file);
    if (!target) continue;
    const read = fs.readText(file);
    if (read.ok) files.push({ path: file, content: read.text, target });
    else {
      unreadable.push({
        severity: 'warning',
        file,
        message: `not audited: ${read.message}`,
        fix: 'make the file readable, or add it to .gitignore if it is not yours',
      });
    }
  }
  const result = auditFiles(files, opts);
  return { ...result, diagnostics: [...unreadable, ...result.diagnostics] };
}

function auditOne(
  file: AuditFile,
  target: RuleTarget,
  rules: readonly AnyRule[],
  disabled: ReadonlySet<string>,
): { findings: Finding[]; diagnostics: Diagnostic[]; suppressed: number } {
  const adapter = TARGETS[target];
  const diagnostics: Diagnostic[] = [];
  let parsed: ParsedByTarget[typeof target];
  try {
    parsed = adapter.parse(file.content);
  } catch (cause) {
    return {
      findings: [],
      suppressed: 0,
      diagnostics: [
        {
          severity: 'error',
          file: file.path,
          message: `could not parse as ${target}: ${errorMessage(cause)}`,
          fix: 'fix the syntax, or report a shipready bug if the file builds',
        },
      ],
    };
  }
  const problem = adapter.sanity(parsed);
  if (problem) diagnostics.push({ severity: 'warning', file: file.path, message: problem });

  const raw: Finding[] = [];
  for (const rule of rules) {
    if (rule.meta.target !== target) continue;
    try {
      for (const r of rule.check(parsed, { file: file.path })) {
        raw.push({
          ruleId: rule.meta.id,
          quality: rule.meta.quality,
          severity: rule.meta.severity,
          file: file.path,
          line: r.line,
          message: formatMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data),
        });
      }
    } catch (cause) {
      // One broken rule must not hide the others' findings; say so loudly instead.
      diagnostics.push({
        severity: 'error',
        file: file.path,
        message: `rule ${rule.meta.id} failed: ${errorMessage(cause)}`,
        fix: 'report this shipready bug; disable the rule meanwhile',
      });
    }
  }

  const suppressions = findSuppressions(adapter.suppressionSource(parsed));
  const findings = raw.filter((f) => !suppressions.some((s) => covers(s, f.ruleId, f.line)));
  const suppressed = raw.length - findings.length;

  const report = (id: string, line: number, rule: string): void => {
    const check = ENGINE_CHECKS.find((c) => c.id === id);
    if (!check || disabled.has(id)) return;
    findings.push({
      ruleId: check.id,
      quality: check.quality,
      severity: check.severity,
      file: file.path,
      line,
      message: formatMessage(check.message, { rule }),
    });
  };
  for (const s of suppressions) {
    if (s.ruleIds.length === 0) report(UNKNOWN_RULE, s.line, '(none)');
    for (const id of s.ruleIds) {
      if (!KNOWN_IDS.has(id)) report(UNKNOWN_RULE, s.line, id);
    }
    if (s.reason === '') report(SUPPRESSION_NEEDS_REASON, s.line, s.ruleIds.join(', ') || '<rule-id>');
  }
  return { findings, diagnostics, suppressed };
}

/** Code-unit order, not locale order: the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
