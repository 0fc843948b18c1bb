import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_CHECKS } from '../engine-checks.js';
import type { RuleTarget } from '../types.js';
import { RULES } from './index.js';

const RULES_DIR = path.dirname(fileURLToPath(import.meta.url));
const DOCS_DIR = path.resolve(RULES_DIR, '../../../docs/rules');
const TARGETS: readonly RuleTarget[] = ['dockerfile'];

const ruleFiles = (target: string): string[] =>
  readdirSync(path.join(RULES_DIR, target))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();

const docHeader = (id: string): string => {
  const file = path.join(DOCS_DIR, `${id}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

describe('rule registry parity', () => {
  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: id, source file, test and doc page', (id, rule) => {
    expect(id).toMatch(new RegExp(`^${rule.meta.target}/[a-z0-9-]+$`));
    expect(existsSync(path.join(RULES_DIR, `${id}.ts`)), `src/audit/rules/${id}.ts`).toBe(true);
    expect(existsSync(path.join(RULES_DIR, `${id}.test.ts`)), `src/audit/rules/${id}.test.ts`).toBe(true);
    expect(existsSync(path.join(DOCS_DIR, `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
  });

  it.each(TARGETS.flatMap((t) => ruleFiles(t).map((f) => [t, f] as const)))(
    '%s/%s exports exactly one rule, registered, with the file name as its id',
    async (target, file) => {
      const mod: Record<string, unknown> = await import(
        pathToFileURL(path.join(RULES_DIR, target, file)).href
      );
      const exported = Object.values(mod).filter((v) => (RULES as readonly unknown[]).includes(v));
      expect(exported).toHaveLength(1);
      expect((exported[0] as (typeof RULES)[number]).meta.id).toBe(`${target}/${file.replace(/\.ts$/, '')}`);
    },
  );

  it('has no duplicate ids and is sorted by id', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it.each([...RULES.map((r) => r.meta), ...ENGINE_CHECKS].map((m) => [m.id, m] as const))(
    '%s: doc page states the same quality and severity, and the index lists it',
    (id, meta) => {
      const doc = docHeader(id);
      expect(doc, `docs/rules/${id}.md`).toContain(`# ${id}`);
      expect(doc).toContain(`Quality: **${meta.quality}**`);
      expect(doc).toContain(`Severity: **${meta.severity}**`);
      const index = readFileSync(path.join(DOCS_DIR, 'README.md'), 'utf8');
      expect(index).toContain(`[${id}](${id}.md)`);
    },
  );

  it('engine checks live in the shipready/ namespace and have no rule file', () => {
    for (const c of ENGINE_CHECKS) {
      expect(c.id).toMatch(/^shipready\/[a-z0-9-]+$/);
      expect(RULES.some((r) => (r.meta.id as string) === c.id)).toBe(false);
    }
  });

  it('every rule message placeholder is a word', () => {
    for (const r of RULES) {
      for (const m of Object.values<string>(r.meta.messages)) {
        for (const [, name] of m.matchAll(/\{\{([^}]*)\}\}/g)) expect(name).toMatch(/^\s*[A-Za-z0-9_]+\s*$/);
      }
    }
  });
});
