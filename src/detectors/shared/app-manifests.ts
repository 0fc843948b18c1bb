import path from 'node:path';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isTestData } from '../paths.js';

/**
 * Files that make a folder an application of some ecosystem. A bare start script, index.html or
 * TypeScript entry beside one of these belongs to that application, not to a service of its own.
 */
export const APP_MANIFESTS: readonly (string | RegExp)[] = [
  'package.json',
  'deno.json',
  'deno.jsonc',
  'requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'setup.py',
  'setup.cfg',
  'go.mod',
  'Cargo.toml',
  'Gemfile',
  'composer.json',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'mix.exs',
  /\.(csproj|fsproj|vbproj|sln)$/,
  'project.clj',
  'deps.edn',
  'build.sbt',
  'shard.yml',
  'pubspec.yaml',
  'gleam.toml',
  'stack.yaml',
  /\.cabal$/,
  'Package.swift',
  'build.zig',
  'CMakeLists.txt',
  'Staticfile',
  'hugo.toml',
  'hugo.yaml',
  'mkdocs.yml',
];

const MANIFEST_NAMES = new Set(APP_MANIFESTS.filter((m): m is string => typeof m === 'string'));
const MANIFEST_PATTERNS = APP_MANIFESTS.filter((m): m is RegExp => typeof m !== 'string');

/** True when a file name is one of {@link APP_MANIFESTS}. */
export function isAppManifest(name: string): boolean {
  return MANIFEST_NAMES.has(name) || MANIFEST_PATTERNS.some((re) => re.test(name));
}

/** Source files a server runtime runs directly (python-bot-only has nothing but bot.py). */
export const SERVER_SOURCE = /\.(py|rb|php|go|rs|java|kt|cs|ex|exs|pl|cr|dart|gleam|hs|swift|zig|clj|scala)$/;

/** The manifests directly in `dir`, by name. */
export function manifestsIn(fs: RepoFs, dir: string): string[] {
  return fs
    .filesIn(dir)
    .map((f) => path.posix.basename(f))
    .filter(isAppManifest);
}

/** Every manifest in the repository outside test data, as repo paths. */
export function manifestsAnywhere(fs: RepoFs): string[] {
  return fs.files().filter((f) => isAppManifest(f.slice(f.lastIndexOf('/') + 1)) && !isTestData(f));
}

/** Server-side source files directly in `dir`. */
export function serverSourcesIn(fs: RepoFs, dir: string): string[] {
  return fs.filesIn(dir).filter((f) => SERVER_SOURCE.test(f));
}
