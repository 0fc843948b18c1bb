import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import {
  BUNDLE_DEPLOYMENT,
  BUNDLE_NO_LOCK,
  nodeInstall,
  rubyInstall,
  splitReleaseTasks,
} from './commands.js';
import { readGems } from './gemfile.js';

describe('splitReleaseTasks', () => {
  it.each([
    [
      'rake db:migrate && bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000}',
      'bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000}',
      ['rake db:migrate'],
    ],
    [
      'bin/rails db:prepare && bin/rails db:seed && bundle exec puma -C config/puma.rb',
      'bundle exec puma -C config/puma.rb',
      ['bin/rails db:prepare', 'bin/rails db:seed'],
    ],
    ['bundle exec puma -C config/puma.rb', 'bundle exec puma -C config/puma.rb', []],
    ['bundle exec rake db:migrate', 'bundle exec rake db:migrate', []],
    ['./bin/setup && ruby app.rb', './bin/setup && ruby app.rb', []],
  ])('%s', (line, command, release) => {
    expect(splitReleaseTasks(line)).toEqual({ command, release });
  });
});

describe('rubyInstall', () => {
  it('deployment mode with a lockfile; without one, only the groups are left out', () => {
    const locked = new MemoryRepoFs({ Gemfile: 'gem "rack"\n', 'Gemfile.lock': '' });
    expect(rubyInstall(readGems(locked, '.', 'Gemfile').index, 'Gemfile', null).value).toBe(
      BUNDLE_DEPLOYMENT,
    );
    const unlocked = new MemoryRepoFs({ Gemfile: 'gem "rack"\n' });
    const r = rubyInstall(readGems(unlocked, '.', 'Gemfile').index, 'Gemfile', null);
    expect(r.value).toBe(BUNDLE_NO_LOCK);
    expect(r.evidence[0]?.confidence).toBe('weak');
  });

  it('adds bootsnap and the Node.js install for asset builds', () => {
    const fs = new MemoryRepoFs({ Gemfile: 'gem "bootsnap", require: false\n', 'Gemfile.lock': '' });
    const r = rubyInstall(readGems(fs, '.', 'Gemfile').index, 'Gemfile', {
      command: 'yarn install --frozen-lockfile',
      file: 'package.json',
    });
    expect(r.value).toBe(
      `${BUNDLE_DEPLOYMENT} && bundle exec bootsnap precompile --gemfile && yarn install --frozen-lockfile`,
    );
  });
});

describe('nodeInstall', () => {
  it.each([
    [['yarn.lock'], 'yarn install --frozen-lockfile'],
    [['pnpm-lock.yaml'], 'pnpm install --frozen-lockfile'],
    [['package-lock.json'], 'npm ci'],
    [[], 'npm install'],
  ])('%j → %s', (files, command) => {
    expect(nodeInstall((f) => files.includes(f)).command).toBe(command);
  });
});
