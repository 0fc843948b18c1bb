import type { ParsedDockerfile } from '../../parsers/dockerfile.js';
import type { ShellCommand } from '../../parsers/shell.js';
import type { Report, Rule } from '../../types.js';

export const LOCKFILE_INSTALL = 'dockerfile/lockfile-install';
type MessageId = 'npmInstall' | 'unfrozen';

/** Every spelling npm accepts for `install` (npm's own alias list). */
const NPM_INSTALL = new Set([
  'install',
  'i',
  'in',
  'ins',
  'inst',
  'insta',
  'instal',
  'isnt',
  'isnta',
  'isntal',
  'isntall',
  'add',
]);
/** Global options that take a separate value, so the value is not mistaken for the subcommand. */
const VALUE_FLAGS: Record<string, ReadonlySet<string>> = {
  npm: new Set(['--prefix', '-C', '--workspace', '-w', '--userconfig', '--cache', '--registry']),
  yarn: new Set(['--cwd', '--cache-folder', '--modules-folder', '--mutex', '--network-timeout']),
  pnpm: new Set(['-C', '--dir', '--filter', '-F', '--store-dir', '--workspace-dir']),
  bun: new Set(['--cwd', '-c', '--config']),
};

export const lockfileInstall: Rule<ParsedDockerfile, typeof LOCKFILE_INSTALL, MessageId> = {
  meta: {
    id: LOCKFILE_INSTALL,
    target: 'dockerfile',
    quality: 'resilient',
    severity: 'error',
    description:
      'Dependency installs in RUN must use the lockfile as-is (npm ci, --frozen-lockfile, --immutable).',
    messages: {
      npmInstall:
        "'{{command}}' resolves versions afresh and may rewrite package-lock.json, so two builds of one commit can differ; use 'npm ci'.",
      unfrozen:
        "'{{command}}' may resolve versions afresh and update the lockfile, so two builds of one commit can differ; use {{fix}}.",
    },
  },
  check(df) {
    const reports: Report<MessageId>[] = [];
    for (const ins of df.instructions) {
      for (const cmd of ins.commands) {
        const problem = checkCommand(cmd);
        if (problem) reports.push(problem);
      }
    }
    return reports;
  },
};

function checkCommand(cmd: ShellCommand): Report<MessageId> | undefined {
  const tool = cmd.argv[0];
  if (tool !== 'npm' && tool !== 'yarn' && tool !== 'pnpm' && tool !== 'bun') return undefined;
  const args = cmd.argv.slice(1);
  const sub = subcommand(args, VALUE_FLAGS[tool] as ReadonlySet<string>);
  const has = (...flags: string[]): boolean => args.some((a) => flags.includes(a));
  const global = has('-g', '--global', '--location=global');
  const command = cmd.argv.join(' ');

  switch (tool) {
    case 'npm':
      if (sub !== undefined && NPM_INSTALL.has(sub) && !global) {
        return { messageId: 'npmInstall', data: { command }, line: cmd.line };
      }
      return undefined;
    case 'yarn':
      // Bare `yarn` (only flags) means `yarn install`.
      if ((sub === undefined || sub === 'install') && !has('--frozen-lockfile', '--immutable')) {
        return {
          messageId: 'unfrozen',
          data: {
            command,
            fix: "'yarn install --frozen-lockfile' (Yarn 1) or 'yarn install --immutable' (Yarn 2+)",
          },
          line: cmd.line,
        };
      }
      return undefined;
    case 'pnpm':
    case 'bun':
      if ((sub === 'install' || sub === 'i') && !global && !has('--frozen-lockfile')) {
        return {
          messageId: 'unfrozen',
          data: { command, fix: `'${tool} install --frozen-lockfile'` },
          line: cmd.line,
        };
      }
      return undefined;
  }
}

/** The first word that is not an option (nor the value of an option that takes one). */
function subcommand(args: readonly string[], valueFlags: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) return a;
    if (valueFlags.has(a)) i++;
  }
  return undefined;
}
