import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRepoFs } from '../repo/repo-fs.js';
import { auditFiles, auditRepo, isDockerfilePath, targetForPath } from './engine.js';
import { formatMessage } from './format-message.js';
import { noRootUser } from './rules/dockerfile/no-root-user.js';

const GOOD = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20.11
FROM node:\${NODE_VERSION}-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:\${NODE_VERSION}-alpine
WORKDIR /app
COPY --from=build /app/dist ./dist
USER node
HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1
CMD ["node", "dist/server.js"]
`;

/** Every rule fires once: no tag (1), npm install (2), no USER (1), shell CMD (3), no HEALTHCHECK (1). */
const BAD = 'FROM node\nRUN npm install\nCMD node server.js\n';

const ids = (r: ReturnType<typeof auditFiles>) => r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

describe('auditFiles', () => {
  it('finds nothing in a well-formed multi-stage Dockerfile', () => {
    const r = auditFiles([{ path: 'Dockerfile', content: GOOD }]);
    expect(r).toEqual({ findings: [], filesChecked: ['Dockerfile'], suppressed: 0, diagnostics: [] });
  });

  it('reports every rule, sorted by file, line and rule id, with filled messages', () => {
    const r = auditFiles([
      { path: 'web/Dockerfile', content: BAD },
      { path: 'api/Dockerfile', content: BAD },
    ]);
    const perFile = [
      ':1 dockerfile/healthcheck',
      ':1 dockerfile/no-root-user',
      ':1 dockerfile/pinned-base-image',
      ':2 dockerfile/lockfile-install',
      ':3 dockerfile/exec-form-cmd',
    ];
    expect(ids(r)).toEqual([
      ...perFile.map((s) => `api/Dockerfile${s}`),
      ...perFile.map((s) => `web/Dockerfile${s}`),
    ]);
    expect(r.filesChecked).toEqual(['api/Dockerfile', 'web/Dockerfile']);
    for (const f of r.findings) expect(f.message).not.toMatch(/\{\{/);
    expect(r.findings.find((f) => f.ruleId === 'dockerfile/no-root-user')).toMatchObject({
      quality: 'secure',
      severity: 'error',
    });
  });

  it('skips files no rule reads, unless a target is given', () => {
    const r = auditFiles([
      { path: 'README.md', content: 'FROM node' },
      { path: 'infra/base.img', content: 'FROM node:20\nUSER 0\n', target: 'dockerfile' },
    ]);
    expect(r.filesChecked).toEqual(['infra/base.img']);
    expect(ids(r)).toContain('infra/base.img:2 dockerfile/no-root-user');
  });

  it('turns off disabled rules and warns about unknown ids', () => {
    const r = auditFiles([{ path: 'Dockerfile', content: BAD }], {
      disabled: ['dockerfile/healthcheck', 'dockerfile/no-such-rule'],
    });
    expect(ids(r)).not.toContain('Dockerfile:1 dockerfile/healthcheck');
    expect(r.findings).toHaveLength(4);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining("'dockerfile/no-such-rule'"),
      }),
    ]);
  });

  it('warns about a file without FROM', () => {
    const r = auditFiles([{ path: 'Dockerfile', content: '# empty\n' }]);
    expect(r.findings).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ file: 'Dockerfile', message: expect.stringMatching(/no FROM/) }),
    ]);
  });

  describe('when a rule throws', () => {
    afterEach(() => vi.restoreAllMocks());
    it('keeps the other findings and reports the failure as a diagnostic', () => {
      vi.spyOn(noRootUser, 'check').mockImplementation(() => {
        throw new Error('boom');
      });
      const r = auditFiles([{ path: 'Dockerfile', content: BAD }]);
      expect(r.findings).toHaveLength(4);
      expect(r.diagnostics).toEqual([
        expect.objectContaining({ severity: 'error', message: 'rule dockerfile/no-root-user failed: boom' }),
      ]);
    });
  });
});

describe('suppressions', () => {
  const audit = (content: string) =>
    auditFiles([{ path: 'Dockerfile', content }], {
      disabled: ['dockerfile/healthcheck', 'dockerfile/no-root-user'],
    });

  it('suppresses one rule on the next instruction only', () => {
    const r = audit(
      [
        'FROM node:20',
        '# shipready-ignore dockerfile/lockfile-install -- installs a global tool by path',
        'RUN npm install ./tools/cli',
        'RUN npm install',
      ].join('\n'),
    );
    expect(ids(r)).toEqual(['Dockerfile:4 dockerfile/lockfile-install']);
    expect(r.suppressed).toBe(1);
  });

  it('reaches the next instruction across blank lines and other comments', () => {
    const r = audit(
      'FROM node:20\n# shipready-ignore dockerfile/exec-form-cmd -- needs $PORT\n\n# start\nCMD node $PORT\n',
    );
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toBe(1);
  });

  it('does not suppress other rules on that instruction', () => {
    const r = audit(
      '# top\nFROM node:20\n# shipready-ignore dockerfile/exec-form-cmd -- reason\nRUN npm i\n',
    );
    expect(ids(r)).toEqual(['Dockerfile:4 dockerfile/lockfile-install']);
    expect(r.suppressed).toBe(0);
  });

  it('applies file-wide above the first instruction, and accepts several ids', () => {
    const r = audit(
      [
        '# syntax=docker/dockerfile:1',
        '# shipready-ignore dockerfile/pinned-base-image, dockerfile/exec-form-cmd -- internal images, sh needed',
        'FROM base AS one',
        'FROM other',
        'CMD run $X',
      ].join('\n'),
    );
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toBe(3);
  });

  it('applies to the instruction a comment sits inside (continuation lines)', () => {
    const r = audit(
      [
        'FROM node:20',
        'RUN apt-get update \\',
        '  # shipready-ignore dockerfile/lockfile-install -- vendored tarball',
        '  && npm install ./vendor/x.tgz',
        'RUN npm install',
      ].join('\n'),
    );
    expect(ids(r)).toEqual(['Dockerfile:5 dockerfile/lockfile-install']);
  });

  it('covers a finding on a FROM line when placed above that FROM', () => {
    const r = auditFiles([
      {
        path: 'Dockerfile',
        content:
          'FROM node:20 AS build\n# shipready-ignore dockerfile/healthcheck -- probed by Kubernetes\nFROM node:20-slim\nUSER node\n',
      },
    ]);
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toBe(1);
  });

  it('does not reach back to an earlier line', () => {
    const r = auditFiles([
      {
        path: 'Dockerfile',
        content: 'FROM node:20\n# shipready-ignore dockerfile/healthcheck -- probed\nUSER node\n',
      },
    ]);
    expect(ids(r)).toEqual(['Dockerfile:1 dockerfile/healthcheck']);
  });

  it('honours a suppression without a reason but reports it', () => {
    const r = audit('FROM node\n# shipready-ignore dockerfile/pinned-base-image\nFROM nginx\n');
    expect(ids(r)).toEqual([
      'Dockerfile:1 dockerfile/pinned-base-image',
      'Dockerfile:2 shipready/suppression-needs-reason',
    ]);
    expect(r.suppressed).toBe(1);
    expect(r.findings[1]).toMatchObject({ severity: 'warning', quality: 'automated' });
    expect(r.findings[1]?.message).toContain("'# shipready-ignore dockerfile/pinned-base-image -- <why");
  });

  it('treats an empty reason after -- as missing', () => {
    const r = audit('FROM node:20\n# shipready-ignore dockerfile/lockfile-install --\nRUN npm i\n');
    expect(ids(r)).toEqual(['Dockerfile:2 shipready/suppression-needs-reason']);
  });

  it('reports unknown rule ids (typos suppress nothing)', () => {
    const r = audit('FROM node:20\n# shipready-ignore dockerfile/lockfile-instal -- typo\nRUN npm i\n');
    expect(ids(r)).toEqual([
      'Dockerfile:2 shipready/unknown-rule',
      'Dockerfile:3 dockerfile/lockfile-install',
    ]);
    expect(r.findings[0]?.message).toContain("'dockerfile/lockfile-instal'");
  });

  it('reports a suppression that names no rule', () => {
    const r = audit('FROM node:20\n# shipready-ignore -- because\nRUN npm ci\n');
    expect(ids(r)).toEqual(['Dockerfile:2 shipready/unknown-rule']);
  });

  it('lets the engine checks be disabled too', () => {
    const r = auditFiles(
      [
        {
          path: 'Dockerfile',
          content: 'FROM node:20\n# shipready-ignore dockerfile/healthcheck\nUSER node\n',
        },
      ],
      {
        disabled: ['shipready/suppression-needs-reason'],
      },
    );
    expect(r.findings.map((f) => f.ruleId)).toEqual(['dockerfile/healthcheck']);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('auditRepo', () => {
  it('audits every Dockerfile-like file and reports unreadable ones', () => {
    const fs = new MemoryRepoFs({
      Dockerfile: GOOD,
      'api/Containerfile': BAD,
      'docker/web.Dockerfile': GOOD,
      'Dockerfile.dev': GOOD,
      'Dockerfile.dockerignore': 'node_modules',
      'locked/Dockerfile': null,
      'src/index.ts': 'FROM node',
    });
    const r = auditRepo(fs);
    expect(r.filesChecked).toEqual([
      'Dockerfile',
      'Dockerfile.dev',
      'api/Containerfile',
      'docker/web.Dockerfile',
    ]);
    expect(new Set(r.findings.map((f) => f.file))).toEqual(new Set(['api/Containerfile']));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'locked/Dockerfile',
        message: 'not audited: permission denied',
      }),
    ]);
  });

  it('passes options through', () => {
    const r = auditRepo(new MemoryRepoFs({ Dockerfile: BAD }), {
      disabled: ['dockerfile/healthcheck', 'dockerfile/no-root-user', 'dockerfile/pinned-base-image'],
    });
    expect(r.findings.map((f) => f.ruleId)).toEqual([
      'dockerfile/lockfile-install',
      'dockerfile/exec-form-cmd',
    ]);
  });
});

describe('file names', () => {
  it.each([
    ['Dockerfile', true],
    ['dockerfile', true],
    ['services/api/Dockerfile', true],
    ['Containerfile', true],
    ['prod.Dockerfile', true],
    ['Dockerfile.prod', true],
    ['build.containerfile', true],
    ['Dockerfile.dockerignore', false],
    ['prod.Dockerfile.dockerignore', false],
    ['docs/Dockerfiles.md', false],
    ['MyDockerfile', false],
    ['src/audit/parsers/dockerfile.ts', false],
    ['src/dockerfile.test.ts', false],
    ['Dockerfile.md', false],
    ['Dockerfile.tmpl', false],
    ['Containerfile.prod', true],
  ])('%s → %s', (file, expected) => {
    expect(isDockerfilePath(file)).toBe(expected);
    expect(targetForPath(file)).toBe(expected ? 'dockerfile' : undefined);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{{a}} and {{ b }} but {{c}}', { a: 'x', b: 2 })).toBe('x and 2 but {{c}}');
    expect(formatMessage('{{toString}}', {})).toBe('{{toString}}');
  });
});
