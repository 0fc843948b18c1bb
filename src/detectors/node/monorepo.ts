import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { relativeTo } from '../paths.js';
import type { WorkspaceRoot, WorkspaceTool } from '../workspaces.js';
import { prismaSchemaFiles } from './backing.js';
import type { PackageManagerId } from './package-manager.js';
import type { ParsedPackage } from './parse-package-json.js';

/** A package that is a member of a workspace: its commands run from the workspace root. */
export interface MemberContext {
  root: WorkspaceRoot;
  /** Member folder (repo-relative). */
  dir: string;
  /** Its package name (`@acme/api`), when it has one. */
  name: string | null;
}

/**
 * Task runners that build one member with the packages it depends on. When a workspace root
 * declares several, the highest priority wins; without one, the package manager's own filter runs
 * the member's script.
 */
export interface WorkspaceRunner {
  tool: WorkspaceTool;
  priority: number;
  /** The command, run at the workspace root, that runs `script` of the named member. */
  command: (name: string, script: string) => string;
}

export const WORKSPACE_RUNNERS: readonly WorkspaceRunner[] = [
  { tool: 'nx', priority: 30, command: (name, script) => `node_modules/.bin/nx run ${name}:${script}` },
  {
    tool: 'turbo',
    priority: 20,
    command: (name, script) => `node_modules/.bin/turbo run ${script} --filter=${name}`,
  },
  {
    tool: 'lerna',
    priority: 10,
    command: (name, script) => `node_modules/.bin/lerna run ${script} --scope=${name}`,
  },
];

/** The package manager running one member's script from the workspace root. */
export function filteredScript(manager: PackageManagerId, script: string, member: MemberContext): string {
  const rel = relativeTo(member.dir, member.root.dir);
  switch (manager) {
    case 'npm':
      return `npm run ${script} -w ${rel}`;
    case 'pnpm':
      return `pnpm --filter ${member.name ?? `./${rel}`} run ${script}`;
    case 'yarn':
      return member.name ? `yarn workspace ${member.name} ${script}` : `yarn --cwd ${rel} ${script}`;
    case 'bun':
      return `bun run --filter ${member.name ?? `./${rel}`} ${script}`;
  }
}

/** The member's `build` as run from the workspace root: its task runner, else the manager's filter. */
export function workspaceBuild(
  manager: PackageManagerId,
  member: MemberContext,
  target: ParsedPackage,
): { command: string; evidence: Evidence } {
  const runner = member.name
    ? [...WORKSPACE_RUNNERS]
        .filter((r) => member.root.tools.includes(r.tool))
        .sort((a, b) => b.priority - a.priority)[0]
    : undefined;
  const rootLabel = member.root.dir === '.' ? 'the repository root' : member.root.dir;
  if (runner && member.name) {
    const decl = member.root.evidence.find((e) => e.file.endsWith(`${runner.tool}.json`));
    return {
      command: runner.command(member.name, 'build'),
      evidence: {
        file: decl?.file ?? target.file,
        reason: `${runner.tool} builds ${member.name} (and the workspace packages it uses) from ${rootLabel}`,
        confidence: 'strong',
      },
    };
  }
  return {
    command: filteredScript(manager, 'build', member),
    evidence: {
      file: member.root.evidence[0]?.file ?? target.file,
      ...(member.root.evidence[0]?.line ? { line: member.root.evidence[0].line } : {}),
      reason: `${manager} runs the build script of this workspace member from ${rootLabel}`,
      confidence: 'strong',
    },
  };
}

/**
 * Where a member finds its dependencies' binaries: pnpm links them into the member's own
 * node_modules/.bin; npm, Yarn and Bun hoist them to the workspace root's node_modules/.bin.
 */
export function memberBinDir(manager: PackageManagerId, member: MemberContext | null): string {
  if (!member || manager === 'pnpm') return 'node_modules/.bin/';
  const depth = relativeTo(member.dir, member.root.dir).split('/').length;
  return `${'../'.repeat(depth)}node_modules/.bin/`;
}

/**
 * `prisma generate` before the build when the package uses Prisma and has a schema: the generated
 * client is needed at run time, and an image's install step runs before the schema is copied in,
 * so the install's own postinstall generate cannot do it. Null when there is no schema, or the build
 * script already generates it.
 */
export function prismaGenerate(
  fs: RepoFs,
  target: ParsedPackage,
  manager: PackageManagerId,
  member: MemberContext | null,
  nested: readonly string[],
): { command: string; evidence: Evidence } | null {
  const { pkg } = target;
  const dep = ['prisma', '@prisma/client'].find((d) => d in pkg.dependencies || d in pkg.devDependencies);
  if (!dep) return null;
  const schema = prismaSchemaFiles(fs, target, nested)[0];
  if (!schema) return null;
  const already = ['prebuild', 'build'].find((s) => /\bprisma\s+generate\b/.test(pkg.scripts[s] ?? ''));
  if (already) return null;
  let command = 'node_modules/.bin/prisma generate';
  if (member && manager === 'pnpm')
    command = `pnpm --filter ${member.name ?? `./${relativeTo(member.dir, member.root.dir)}`} exec prisma generate`;
  else if (member)
    command = `node_modules/.bin/prisma generate --schema ${relativeTo(schema, member.root.dir)}`;
  return {
    command,
    evidence: {
      file: schema,
      reason: `${dep} with a schema: the build generates the Prisma client (${command}), as the install runs before the schema is copied`,
      confidence: 'strong',
    },
  };
}
