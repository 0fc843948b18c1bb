import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../types.js';
import { renderText } from './text.js';

const RESULT: AuditResult = {
  findings: [
    {
      ruleId: 'dockerfile/no-root-user',
      quality: 'secure',
      severity: 'error',
      file: 'Dockerfile',
      line: 1,
      message: 'runs as root',
    },
    {
      ruleId: 'dockerfile/healthcheck',
      quality: 'observable',
      severity: 'warning',
      file: 'Dockerfile',
      line: 1,
      message: 'no healthcheck',
    },
    {
      ruleId: 'dockerfile/exec-form-cmd',
      quality: 'resilient',
      severity: 'warning',
      file: 'api/Dockerfile',
      line: 9,
      message: 'shell form',
    },
  ],
  filesChecked: ['Dockerfile', 'api/Dockerfile'],
  suppressed: 0,
  diagnostics: [{ severity: 'warning', file: 'x/Dockerfile', message: 'not audited: permission denied' }],
};

describe('renderText', () => {
  it('prints one line per finding and a summary, in order, without diagnostics', () => {
    expect(renderText(RESULT)).toBe(
      [
        'Dockerfile:1  error  dockerfile/no-root-user  runs as root',
        'Dockerfile:1  warning  dockerfile/healthcheck  no healthcheck',
        'api/Dockerfile:9  warning  dockerfile/exec-form-cmd  shell form',
        '3 findings (1 error, 2 warnings) in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('pluralises, and mentions info findings and suppressions only when there are some', () => {
    const one: AuditResult = {
      ...RESULT,
      findings: [{ ...(RESULT.findings[0] as AuditResult['findings'][number]), severity: 'info' }],
      filesChecked: ['Dockerfile'],
      suppressed: 2,
    };
    expect(renderText(one).split('\n').at(-2)).toBe(
      '1 finding (0 errors, 0 warnings, 1 info) in 1 file; 2 suppressed',
    );
    expect(renderText({ ...RESULT, findings: [], filesChecked: [] })).toBe(
      '0 findings (0 errors, 0 warnings) in 0 files\n',
    );
  });

  it('colours only when asked', () => {
    expect(renderText(RESULT)).not.toContain('\u001b[');
    const coloured = renderText(RESULT, { color: true });
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
    expect(coloured.replace(ansi, '')).toBe(renderText(RESULT));
  });
});
