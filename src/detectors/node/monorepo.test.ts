import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import type { WorkspaceRoot } from '../workspaces.js';
import {
  filteredScript,
  type MemberContext,
  memberBinDir,
  prismaGenerate,
  WORKSPACE_RUNNERS,
  workspaceBuild,
} from './monorepo.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';

const root = (tools: WorkspaceRoot['tools'], dir = '.'): WorkspaceRoot => ({
  dir,
  tools,
  globs: ['apps/*'],
  members: ['apps/api'],
  evidence: [{ file: 'package.json', line: 3, reason: 'workspaces', confidence: 'explicit' }],
});
const member = (tools: WorkspaceRoot['tools'], name: string | null = '@acme/api'): MemberContext => ({
  root: root(tools),
  dir: 'apps/api',
  name,
});
const target = (obj: object, file = 'apps/api/package.json'): ParsedPackage => {
  const r = parsePackageJsonText(file, JSON.stringify(obj));
  if (!r.ok) throw new Error('bad input');
  return r.value;
};

describe('filteredScript', () => {
  it.each([
    ['npm', '@acme/api', 'npm run build -w apps/api'],
    ['pnpm', '@acme/api', 'pnpm --filter @acme/api run build'],
    ['pnpm', null, 'pnpm --filter ./apps/api run build'],
    ['yarn', '@acme/api', 'yarn workspace @acme/api build'],
    ['bun', '@acme/api', 'bun run --filter @acme/api build'],
  ] as const)('%s (%s) → %s', (pm, name, cmd) => {
    expect(filteredScript(pm, 'build', member(['workspaces'], name))).toBe(cmd);
  });
});

describe('workspaceBuild', () => {
  it('the runner with the highest priority wins (Nx over Turborepo over Lerna)', () => {
    const priorities = Object.fromEntries(WORKSPACE_RUNNERS.map((r) => [r.tool, r.priority]));
    expect(priorities.nx).toBeGreaterThan(priorities.turbo ?? 0);
    expect(priorities.turbo).toBeGreaterThan(priorities.lerna ?? 0);
    const t = target({ name: '@acme/api', scripts: { build: 'tsc' } });
    expect(workspaceBuild('pnpm', member(['lerna', 'nx', 'turbo']), t).command).toBe(
      'node_modules/.bin/nx run @acme/api:build',
    );
    expect(workspaceBuild('pnpm', member(['turbo', 'workspaces']), t).command).toBe(
      'node_modules/.bin/turbo run build --filter=@acme/api',
    );
    const plain = workspaceBuild('npm', member(['workspaces']), t);
    expect(plain.command).toBe('npm run build -w apps/api');
    expect(plain.evidence).toMatchObject({ file: 'package.json', line: 3 });
  });

  it('a member without a name cannot be named to a runner: the manager filters by path', () => {
    expect(workspaceBuild('pnpm', member(['turbo'], null), target({})).command).toBe(
      'pnpm --filter ./apps/api run build',
    );
  });
});

describe('memberBinDir', () => {
  it.each([
    ['pnpm', member(['workspaces']), 'node_modules/.bin/'],
    ['npm', member(['workspaces']), '../../node_modules/.bin/'],
    ['yarn', null, 'node_modules/.bin/'],
  ] as const)('%s → %s', (pm, m, dir) => {
    expect(memberBinDir(pm, m)).toBe(dir);
  });
});

describe('prismaGenerate', () => {
  const schema = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n';
  it('needs Prisma and a schema; skipped when the build already generates', () => {
    const fs = new MemoryRepoFs({ 'prisma/schema.prisma': schema });
    const t = (obj: object) => target({ name: 'a', ...obj }, 'package.json');
    expect(prismaGenerate(fs, t({ dependencies: { '@prisma/client': '5' } }), 'npm', null, [])?.command).toBe(
      'node_modules/.bin/prisma generate',
    );
    expect(prismaGenerate(fs, t({}), 'npm', null, [])).toBeNull();
    expect(
      prismaGenerate(
        fs,
        t({ devDependencies: { prisma: '5' }, scripts: { build: 'prisma generate && tsc' } }),
        'npm',
        null,
        [],
      ),
    ).toBeNull();
    expect(
      prismaGenerate(new MemoryRepoFs({}), t({ devDependencies: { prisma: '5' } }), 'npm', null, []),
    ).toBeNull();
  });

  it('a workspace member: pnpm runs it in the member; hoisting managers point at its schema from the root', () => {
    const fs = new MemoryRepoFs({ 'apps/api/prisma/schema.prisma': schema });
    const t = target({ name: '@acme/api', dependencies: { '@prisma/client': '5' } });
    expect(prismaGenerate(fs, t, 'pnpm', member(['workspaces']), [])?.command).toBe(
      'pnpm --filter @acme/api exec prisma generate',
    );
    const npm = prismaGenerate(fs, t, 'npm', member(['workspaces']), []);
    expect(npm?.command).toBe('node_modules/.bin/prisma generate --schema apps/api/prisma/schema.prisma');
    expect(npm?.evidence.file).toBe('apps/api/prisma/schema.prisma');
  });
});
