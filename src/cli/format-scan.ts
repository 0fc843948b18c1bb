import type { Evidence } from '../model/evidence.js';
import type { Diagnostic, ProjectModel, Service } from '../model/index.js';
import type { Colors } from './io.js';

function where(e: Evidence): string {
  return e.line ? `${e.file}:${e.line}` : e.file;
}

function evidenceText(list: Evidence[] | undefined): string {
  const e = list?.[0];
  if (!e) return '';
  const more = list && list.length > 1 ? ` (+${list.length - 1} more)` : '';
  return `${where(e)} — ${e.reason} [${e.confidence}]${more}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const loc = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
  return `${d.severity}: ${loc}${d.message}${d.fix ? ` — ${d.fix}` : ''}`;
}

function serviceBlock(s: Service, c: Colors): string[] {
  const rows: [string, string, string][] = [
    ['kind', s.kind, evidenceText(s.evidence.kind)],
    [
      'language',
      s.language + (s.languageVersion ? ` ${s.languageVersion}` : ''),
      evidenceText(s.evidence.languageVersion ?? s.evidence.language),
    ],
    ['framework', s.framework ?? '-', evidenceText(s.evidence.framework)],
    ['package manager', s.packageManager ?? '-', evidenceText(s.evidence.packageManager)],
    ['install', s.commands.install ?? '-', evidenceText(s.evidence.install)],
    ['build', s.commands.build ?? '-', evidenceText(s.evidence.build)],
    ['start', s.commands.start ?? '-', evidenceText(s.evidence.start)],
    ['port', s.port === null ? '-' : String(s.port), evidenceText(s.evidence.port)],
    ['health path', s.healthPath ?? '-', evidenceText(s.evidence.healthPath)],
  ];
  if (s.outputDir) rows.push(['output dir', s.outputDir, evidenceText(s.evidence.outputDir)]);
  for (const b of s.backing) {
    rows.push([
      'backing',
      `${b.kind} via ${b.via}${b.envVar ? ` (${b.envVar})` : ''}`,
      evidenceText(b.evidence),
    ]);
  }
  for (const v of s.env) {
    rows.push(['env', `${v.name}${v.secret ? ' (secret)' : ''}`, evidenceText(v.evidence)]);
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.min(40, Math.max(...rows.map((r) => r[1].length)));
  const lines = [`${c.bold(s.name)}  ${c.dim(s.path === '.' ? '(repo root)' : s.path)}`];
  for (const [k, v, e] of rows) {
    lines.push(`  ${k.padEnd(w0)}  ${v.padEnd(w1)}  ${c.dim(e)}`.trimEnd());
  }
  return lines;
}

/** The readable table `shipready scan` prints: each service, each fact, and the evidence for it. */
export function formatScan(model: ProjectModel, dir: string, c: Colors): string {
  const out: string[] = [];
  const n = model.services.length;
  out.push(`Found ${n} service${n === 1 ? '' : 's'} in ${dir}`, '');
  for (const s of model.services) out.push(...serviceBlock(s, c), '');
  out.push(
    model.existingInfra.length
      ? `Existing infrastructure: ${model.existingInfra.map((f) => `${f.path} (${f.kind})`).join(', ')}`
      : 'Existing infrastructure: none',
  );
  for (const d of model.diagnostics)
    out.push(d.severity === 'error' ? c.red(formatDiagnostic(d)) : c.yellow(formatDiagnostic(d)));
  return `${out.join('\n')}\n`;
}
