import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { assessFs } from '../pipeline.js';
import { DiskRepoFs } from '../repo/repo-fs.js';
import { type Expected, FIELDS, type Field, type FieldResult, primaryService, scoreApp } from './score.js';

export interface AppResult {
  app: string;
  results: FieldResult[];
  language: string | null;
  error?: string;
}

export interface CorpusReport {
  apps: AppResult[];
  totals: Record<Field, { ok: number; total: number }>;
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
export function runCorpus(dir: string, opts: { language?: string } = {}): CorpusReport {
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
        results: scoreApp(expected, model, fs),
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
  const totals = Object.fromEntries(FIELDS.map((f) => [f, { ok: 0, total: 0 }])) as CorpusReport['totals'];
  for (const a of apps) {
    for (const r of a.results) {
      totals[r.field].total++;
      if (r.ok) totals[r.field].ok++;
    }
  }
  return { apps, totals };
}
