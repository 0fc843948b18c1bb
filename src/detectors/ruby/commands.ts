import type { Evidence } from '../../model/evidence.js';
import type { GemIndex } from './gemfile.js';

export interface RubyCommand {
  value: string | null;
  evidence: Evidence[];
}

/** Node.js package managers, by lockfile, for Rails asset builds (jsbundling, cssbundling …). */
export const NODE_INSTALLS: readonly { lockfile: string; command: string }[] = [
  { lockfile: 'yarn.lock', command: 'yarn install --frozen-lockfile' },
  { lockfile: 'pnpm-lock.yaml', command: 'pnpm install --frozen-lockfile' },
  { lockfile: 'bun.lock', command: 'bun install --frozen-lockfile' },
  { lockfile: 'bun.lockb', command: 'bun install --frozen-lockfile' },
  { lockfile: 'package-lock.json', command: 'npm ci' },
];

/** The Node.js install command for a folder's package.json, from its lockfile. */
export function nodeInstall(hasFile: (rel: string) => boolean): { command: string; lockfile: string | null } {
  const hit = NODE_INSTALLS.find((n) => hasFile(n.lockfile));
  return hit ? { command: hit.command, lockfile: hit.lockfile } : { command: 'npm install', lockfile: null };
}

/** Production Bundler settings: frozen to the lockfile, without development and test gems. */
export const BUNDLE_DEPLOYMENT =
  'bundle config set --local deployment true && bundle config set --local without "development test" && bundle install';
/** Without a lockfile, deployment mode refuses to install; only the groups are left out. */
export const BUNDLE_NO_LOCK = 'bundle config set --local without "development test" && bundle install';

/**
 * The install command: Bundler in deployment mode (needs the lockfile), then Bootsnap's gem cache
 * when the app uses it, then the Node.js packages a Rails asset build needs.
 */
export function rubyInstall(
  gems: GemIndex,
  manifest: string,
  nodeForAssets: { command: string; file: string } | null,
): RubyCommand {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  if (gems.lockFile) {
    parts.push(BUNDLE_DEPLOYMENT);
    evidence.push({
      file: gems.lockFile,
      reason: `${gems.lockFile} pins the gems: Bundler runs in deployment mode (frozen), without development and test groups`,
      confidence: 'explicit',
    });
    if (gems.lock?.bundledWith) {
      evidence.push({
        file: gems.lockFile,
        line: gems.lock.bundledWith.line,
        reason: `locked with Bundler ${gems.lock.bundledWith.version} (BUNDLED WITH); install that Bundler version in the image`,
        confidence: 'strong',
      });
    }
  } else {
    parts.push(BUNDLE_NO_LOCK);
    evidence.push({
      file: manifest,
      reason: 'no Gemfile.lock: gems resolve at build time (deployment mode needs the lockfile)',
      confidence: 'weak',
    });
  }
  const bootsnap = gems.direct('bootsnap');
  if (bootsnap) {
    parts.push('bundle exec bootsnap precompile --gemfile');
    evidence.push({
      file: bootsnap.file,
      ...(bootsnap.line ? { line: bootsnap.line } : {}),
      reason: 'bootsnap is bundled: precompiling its cache for the gems speeds up boot',
      confidence: 'strong',
    });
  }
  const execjs = gems.any('execjs');
  if (execjs) {
    evidence.push({
      file: execjs.file,
      ...(execjs.line ? { line: execjs.line } : {}),
      reason: 'execjs needs a JavaScript runtime (Node.js) in the image',
      confidence: 'strong',
    });
  }
  if (nodeForAssets) {
    parts.push(nodeForAssets.command);
    evidence.push({
      file: nodeForAssets.file,
      reason: 'package.json: the asset build needs its Node.js packages (and Node.js in the build image)',
      confidence: 'strong',
    });
  }
  return { value: parts.join(' && '), evidence };
}

/** Commands chained before the server in a Procfile line that belong in a release step. */
const RELEASE_TASK = /\b(?:db:migrate|db:prepare|db:create|db:setup|db:schema:load|db:seed)\b/;

/**
 * Splits `rake db:migrate && bundle exec rails server …` into the server command and the release
 * tasks before it. Migrating in every container start races between replicas, so it belongs in a
 * release step. A line without such a prefix is returned as it is.
 */
export function splitReleaseTasks(command: string): { command: string; release: string[] } {
  const parts = command.split('&&').map((p) => p.trim());
  const release: string[] = [];
  while (parts.length > 1 && RELEASE_TASK.test(parts[0] as string)) release.push(parts.shift() as string);
  return { command: release.length > 0 ? parts.join(' && ') : command.trim(), release };
}
