import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { assessFs } from '../pipeline.js';
import { DiskRepoFs } from '../repo/repo-fs.js';
import { JUDGEMENTS, type Judgement, judgementFor } from './judgements.js';
import { type Expected, FIELDS, type Field, type FieldResult, primaryService, scoreApp } from './score.js';

export interface AppResult {
  app: string;
  /** Each scored field; a miss covered by a documented judgement carries it. */
  results: (FieldResult & { judged?: Judgement })[];
  language: string | null;
  error?: string;
}

export interface CorpusReport {
  apps: AppResult[];
  /** `judged`: misses covered by a documented judgement (counted in `total`, not in `ok`). */
  totals: Record<Field, { ok: number; judged: number; total: number }>;
}

/** Find `<dir>/**\/expected.json` with an `app/` folder beside it (two levels: source/example). */
export function findApps(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number) => {
    if (depth > 3) return;
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return; // an unreadable folder holds no apps we can score
    }
    if (entries.includes('expected.json') && entries.includes('app')) {
      out.push(d);
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) visit(p, depth + 1);
    }
  };
  visit(dir, 0);
  return out;
}

/** Run detection over every app of a corpus and score it against its expected.json. */
export function runCorpus(
  dir: string,
  opts: { language?: string; judgements?: readonly Judgement[] } = {},
): CorpusReport {
  const judgements = opts.judgements ?? JUDGEMENTS;
  const apps: AppResult[] = [];
  for (const appDir of findApps(dir)) {
    const expected = JSON.parse(readFileSync(path.join(appDir, 'expected.json'), 'utf8')) as Expected;
    if (opts.language && expected.language !== opts.language) continue;
    const name = path.relative(dir, appDir) || path.basename(appDir);
    try {
      const fs = new DiskRepoFs(path.join(appDir, 'app'));
      const { model } = assessFs(fs);
      apps.push({
        app: name,
        results: scoreApp(expected, model, fs).map((r) => {
          const judged = r.ok ? undefined : judgementFor(name, r.field, r.expected, r.actual, judgements);
          return judged ? { ...r, judged } : r;
        }),
        language: primaryService(model)?.language ?? null,
      });
    } catch (e) {
      apps.push({
        app: name,
        results: [],
        language: null,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  const totals = Object.fromEntries(
    FIELDS.map((f) => [f, { ok: 0, judged: 0, total: 0 }]),
  ) as CorpusReport['totals'];
  for (const a of apps) {
    for (const r of a.results) {
      totals[r.field].total++;
      if (r.ok) totals[r.field].ok++;
      else if (r.judged) totals[r.field].judged++;
    }
  }
  return { apps, totals };
}
