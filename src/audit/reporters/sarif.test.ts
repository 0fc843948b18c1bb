import { describe, expect, it } from 'vitest';
import { auditFiles } from '../engine.js';
import { ENGINE_CHECKS } from '../engine-checks.js';
import { RULES } from '../rules/index.js';
import type { AuditResult } from '../types.js';
import { renderSarif, SARIF_SCHEMA, toSarif } from './sarif.js';

const result: AuditResult = {
  ...auditFiles([
    {
      path: 'services/my api/Dockerfile',
      content: 'FROM node:20\nUSER node\nHEALTHCHECK NONE\nCMD node x\n',
    },
    { path: 'Dockerfile', content: '# shipready-ignore dockerfile/healthcheck\nFROM node:20\nUSER node\n' },
  ]),
  diagnostics: [
    {
      severity: 'warning',
      file: 'locked/Dockerfile',
      message: 'not audited: permission denied',
      fix: 'chmod',
    },
  ],
};

describe('toSarif', () => {
  const log = toSarif(result);
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one shipready run', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('shipready');
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  it('describes every rule and engine check with description, help, level and quality tag', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([
      ...RULES.map((r) => r.meta.id),
      ...ENGINE_CHECKS.map((c) => c.id),
    ]);
    const noRoot = rules.find((r) => r.id === 'dockerfile/no-root-user');
    expect(noRoot).toEqual({
      id: 'dockerfile/no-root-user',
      shortDescription: { text: 'The final stage must switch to a non-root USER.' },
      help: { text: expect.stringContaining('docs/rules/dockerfile/no-root-user.md') },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['secure'] },
    });
    expect(rules.every((r) => r.helpUri === undefined)).toBe(true);
  });

  it('points each result at its rule, with level, message and a repo-relative location', () => {
    expect(run.results).toHaveLength(result.findings.length);
    for (const [i, r] of run.results.entries()) {
      const f = result.findings[i];
      expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.ruleId).toBe(f?.ruleId);
      expect(r.message.text).toBe(f?.message);
      expect(r.locations[0]?.physicalLocation.region?.startLine).toBe(f?.line);
      expect(r.locations[0]?.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    }
    const levels = Object.fromEntries(run.results.map((r) => [r.ruleId, r.level]));
    expect(levels).toEqual({
      'shipready/suppression-needs-reason': 'warning',
      'dockerfile/exec-form-cmd': 'warning',
    });
    const uris = run.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['Dockerfile', 'services/my%20api/Dockerfile']);
  });

  it('maps info to note and reports diagnostics as tool notifications', () => {
    const info = toSarif({
      ...result,
      findings: [
        { ruleId: 'x/custom', quality: 'efficient', severity: 'info', file: 'a', line: 3, message: 'm' },
      ],
    }).runs[0];
    expect(info.results[0]?.level).toBe('note');
    // A finding from an undescribed rule still gets a rule entry to index.
    expect(info.tool.driver.rules[info.results[0]?.ruleIndex ?? -1]?.id).toBe('x/custom');
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: { text: 'not audited: permission denied (chmod)' },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: 'locked/Dockerfile', uriBaseId: '%SRCROOT%' } },
              },
            ],
          },
        ],
      },
    ]);
    const failed = toSarif({ ...result, diagnostics: [{ severity: 'error', message: 'rule crashed' }] });
    expect(failed.runs[0].invocations[0]?.executionSuccessful).toBe(false);
  });

  it('adds helpUri and version when given', () => {
    const withDocs = toSarif(result, {
      docsBaseUri: 'https://example.test/docs/rules/',
      toolVersion: '1.2.3',
    });
    const driver = withDocs.runs[0].tool.driver;
    expect(driver.version).toBe('1.2.3');
    expect(driver.rules[0]?.helpUri).toBe(`https://example.test/docs/rules/${driver.rules[0]?.id}.md`);
  });

  it('renders stable JSON', () => {
    const text = renderSarif(result);
    expect(JSON.parse(text)).toEqual(log);
    expect(text).toBe(renderSarif(result));
    expect(Object.keys(JSON.parse(text))).toEqual(['$schema', 'version', 'runs']);
  });
});
