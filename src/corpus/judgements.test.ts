import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JUDGEMENTS, type Judgement, judgementFor } from './judgements.js';
import { runCorpus } from './run-corpus.js';

describe('judgementFor', () => {
  it('covers a miss only for the exact app, field, expectation and result', () => {
    const j = JUDGEMENTS[0] as Judgement;
    expect(judgementFor(j.app, j.field, j.expected, j.actual)).toBe(j);
    expect(judgementFor(j.app, j.field, j.expected, 'something else')).toBeUndefined();
    expect(judgementFor('other/app', j.field, j.expected, j.actual)).toBeUndefined();
  });

  it('gives every judgement a reason', () => {
    for (const j of JUDGEMENTS) expect(j.reason.length).toBeGreaterThan(40);
  });
});

describe('runCorpus with judgements', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipready-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = (name: string, expected: object, files: Record<string, string>) => {
    const root = path.join(dir, 'peer', name);
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, 'app', f)), { recursive: true });
      writeFileSync(path.join(root, 'app', f), text);
    }
    writeFileSync(path.join(root, 'expected.json'), JSON.stringify(expected));
  };
  app(
    'api',
    { language: 'node', port: 4000 },
    {
      'package.json': '{"name":"api","dependencies":{"express":"4"},"scripts":{"start":"node index.js"}}',
      'index.js': "require('express')().listen(3000);\n",
    },
  );

  it('counts a judged miss apart from correct answers and keeps it out of the plain misses', () => {
    const judgement: Judgement = {
      app: 'peer/api',
      field: 'port',
      expected: '4000',
      actual: '3000',
      reason: 'test',
    };
    const plain = runCorpus(dir, { judgements: [] });
    expect(plain.totals.port).toEqual({ ok: 0, judged: 0, total: 1 });
    const judged = runCorpus(dir, { judgements: [judgement] });
    expect(judged.totals.port).toEqual({ ok: 0, judged: 1, total: 1 });
    expect(judged.apps[0]?.results.find((r) => r.field === 'port')?.judged).toBe(judgement);
    // A judgement written for another result does not hide a different miss.
    const stale = runCorpus(dir, { judgements: [{ ...judgement, actual: '8080' }] });
    expect(stale.totals.port.judged).toBe(0);
  });
});
