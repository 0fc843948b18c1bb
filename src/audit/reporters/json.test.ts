import { describe, expect, it } from 'vitest';
import { auditFiles } from '../engine.js';
import { renderJson, toJsonReport } from './json.js';

const result = auditFiles([
  {
    path: 'Dockerfile',
    content: '# shipready-ignore dockerfile/healthcheck -- k8s probes\nFROM node\nUSER node\n',
  },
]);

describe('renderJson', () => {
  it('writes a versioned document with findings, diagnostics and a summary', () => {
    const doc = JSON.parse(renderJson(result));
    expect(doc).toEqual({
      version: 1,
      findings: [
        {
          ruleId: 'dockerfile/pinned-base-image',
          severity: 'error',
          quality: 'resilient',
          file: 'Dockerfile',
          line: 2,
          message: expect.stringContaining("Base image 'node' has no tag"),
        },
      ],
      diagnostics: [],
      filesChecked: ['Dockerfile'],
      summary: { files: 1, findings: 1, errors: 1, warnings: 0, info: 0, suppressed: 1 },
    });
  });

  it('is byte-stable: fixed key order, two-space indent, trailing newline', () => {
    const text = renderJson(result);
    expect(text).toBe(renderJson(structuredClone(result)));
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'version',
      'findings',
      'diagnostics',
      'filesChecked',
      'summary',
    ]);
    expect(Object.keys(toJsonReport(result).findings[0] ?? {})).toEqual([
      'ruleId',
      'severity',
      'quality',
      'file',
      'line',
      'message',
    ]);
  });

  it('keeps diagnostics without undefined fields', () => {
    const doc = toJsonReport({
      ...result,
      diagnostics: [{ severity: 'warning', message: 'm', file: undefined, fix: 'f' }],
    });
    expect(doc.diagnostics).toEqual([{ severity: 'warning', message: 'm', fix: 'f' }]);
    expect(Object.keys(doc.diagnostics[0] ?? {})).toEqual(['severity', 'message', 'fix']);
  });
});
