import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { isRecord } from '../shared/is-record.js';
import { parseJsonc } from '../shared/jsonc.js';
import { lineAt } from '../text.js';

/** What a static site generator entry finds in one folder. */
export interface SiteMatch {
  /** The marker file that revealed it. */
  file: string;
  evidence: Evidence[];
  outputDir: string;
  outputEvidence: Evidence;
  install: string | null;
  build: string | null;
  packageManager: string | null;
  diagnostics: Diagnostic[];
}

/** One kind of static site: how it is recognised and built. */
export interface StaticSite {
  id: string;
  /** Recorded as the service framework (null for plain files). */
  framework: string | null;
  /** Highest wins when several match one folder; list order decides nothing. */
  priority: number;
  /** File names (relative to a folder) that may mark one, checked by `match`. */
  markers: readonly string[];
  /** Only at the folder detection starts from (bare index.html), not in every folder. */
  rootOnly: boolean;
  /** asdf/mise tool names and version files that pin the generator version. */
  versionTools?: readonly string[];
  versionFiles?: readonly string[];
  match: (fs: RepoFs, dir: string, marker: string) => SiteMatch | null;
}

function read(fs: RepoFs, file: string): string | null {
  const r = fs.readText(file);
  return r.ok ? r.text : null;
}

function hasDir(fs: RepoFs, dir: string, sub: string): boolean {
  return fs.filesUnder(joinRel(dir, sub)).length > 0;
}

function lineOf(text: string, re: RegExp): { line?: number } {
  const idx = text.search(re);
  return idx >= 0 ? { line: lineAt(text, idx) } : {};
}

const clean = (d: string): string => d.trim().replace(/^\.\//, '').replace(/\/+$/, '') || '.';

/** Install command for a package.json beside a generator (Hugo sites build CSS with PostCSS/Tailwind). */
function nodeInstall(fs: RepoFs, dir: string): string | null {
  if (!fs.exists(joinRel(dir, 'package.json'))) return null;
  const locks: readonly [string, string][] = [
    ['pnpm-lock.yaml', 'pnpm install --frozen-lockfile'],
    ['yarn.lock', 'yarn install --frozen-lockfile'],
    ['package-lock.json', 'npm ci'],
  ];
  return locks.find(([lock]) => fs.exists(joinRel(dir, lock)))?.[1] ?? 'npm install';
}

/** Parses a config by extension; a syntax error becomes a diagnostic naming the file. */
function parseConfig(file: string, text: string, diagnostics: Diagnostic[]): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    const data = file.endsWith('.toml')
      ? parseToml(text)
      : file.endsWith('.json')
        ? jsonOrThrow(text)
        : parseYaml(text);
    return isRecord(data) ? data : null;
  } catch (e) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot parse ${file}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}; its settings are ignored`,
      fix: `fix the syntax of ${file}`,
    });
    return null;
  }
}

function jsonOrThrow(text: string): unknown {
  const r = parseJsonc(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** A key of a config object, case-insensitively (Hugo keys are case-insensitive). */
function key(data: Record<string, unknown> | null, name: string): unknown {
  if (!data) return undefined;
  const k = Object.keys(data).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : data[k];
}

/**
 * Staticfile (Cloud Foundry's staticfile buildpack, also read by nixpacks and railpack): `root:` is the
 * folder served; default the Staticfile's own folder.
 * @see https://docs.cloudfoundry.org/buildpacks/staticfile/index.html
 */
function matchStaticfile(fs: RepoFs, dir: string, marker: string): SiteMatch | null {
  const file = joinRel(dir, marker);
  const diagnostics: Diagnostic[] = [];
  const text = read(fs, file) ?? '';
  let root: string | null = null;
  let pushstate = false;
  const lines = text.split(/\r?\n/);
  let rootLine: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*([\w-]+)\s*:\s*(.*?)\s*$/.exec((lines[i] as string).replace(/#.*$/, ''));
    if (!m) {
      if ((lines[i] as string).replace(/#.*$/, '').trim() !== '') {
        diagnostics.push({
          severity: 'warning',
          file,
          line: i + 1,
          message: `Staticfile line ${i + 1} is not a "directive: value" line; ignored`,
          fix: 'write directives as root: public',
        });
      }
      continue;
    }
    const value = (m[2] as string).replace(/^["']|["']$/g, '');
    if (m[1] === 'root' && value) {
      root = clean(value);
      rootLine = i + 1;
    }
    if (m[1] === 'pushstate' && value === 'enabled') pushstate = true;
  }
  const outputDir = root ?? '.';
  if (root && root !== '.' && !hasDir(fs, dir, root)) {
    diagnostics.push({
      severity: 'warning',
      file,
      ...(rootLine ? { line: rootLine } : {}),
      message: `Staticfile root ${root} does not exist`,
      fix: 'point root: at the folder holding index.html',
    });
  }
  if (fs.exists(joinRel(dir, 'Staticfile.auth'))) {
    diagnostics.push({
      severity: 'info',
      file: joinRel(dir, 'Staticfile.auth'),
      message:
        'Staticfile.auth (basic auth for the site) is not carried over to the generated web server config',
      fix: 'configure basic auth in the web server or ingress',
    });
  }
  return {
    file,
    evidence: [
      {
        file,
        reason: `Staticfile: the folder is served as static files${pushstate ? ' (pushstate: single-page app)' : ''}`,
        confidence: 'explicit',
      },
    ],
    outputDir,
    outputEvidence: root
      ? { file, ...(rootLine ? { line: rootLine } : {}), reason: `root: ${root}`, confidence: 'explicit' }
      : { file, reason: 'no root: directive: the Staticfile folder itself is served', confidence: 'strong' },
    install: null,
    build: null,
    packageManager: null,
    diagnostics,
  };
}

const HUGO_CONTENT_DIRS = ['content', 'themes', 'layouts', 'archetypes'];

/**
 * Hugo: hugo.toml/yaml/json (Hugo ≥ 0.110) or config.toml/yaml/json with baseURL beside content/,
 * themes/ or layouts/. Output: publishDir, default public/.
 * @see https://gohugo.io/getting-started/configuration/
 */
function matchHugo(fs: RepoFs, dir: string, marker: string): SiteMatch | null {
  const file = joinRel(dir, marker);
  const diagnostics: Diagnostic[] = [];
  const text = read(fs, file) ?? '';
  const data = parseConfig(file, text, diagnostics);
  const hugoNamed = /(^|\/)hugo\.(toml|ya?ml|json)$/.test(marker);
  const baseUrl = key(data, 'baseURL') ?? (/^\s*["']?baseurl["']?\s*[:=]/im.test(text) ? true : undefined);
  const contentDir = HUGO_CONTENT_DIRS.find((d) => hasDir(fs, dir, d));
  if (!hugoNamed && !(baseUrl !== undefined && contentDir)) return null;
  const publish = key(data, 'publishDir');
  const outputDir = typeof publish === 'string' ? clean(publish) : 'public';
  return {
    file,
    evidence: [
      {
        file,
        reason: hugoNamed
          ? `${marker} configures a Hugo site`
          : `${marker} sets baseURL and ${contentDir}/ exists: a Hugo site`,
        confidence: hugoNamed ? 'explicit' : 'strong',
      },
    ],
    outputDir,
    outputEvidence:
      typeof publish === 'string'
        ? { file, ...lineOf(text, /publishdir/i), reason: `publishDir is ${publish}`, confidence: 'explicit' }
        : { file, reason: 'Hugo builds into public/ by default', confidence: 'strong' },
    install: nodeInstall(fs, dir),
    build: 'hugo --minify',
    packageManager: null,
    diagnostics,
  };
}

/**
 * Jekyll: _config.yml with a Gemfile that requires jekyll (or github-pages), or with Jekyll's own
 * folders (_posts, _layouts) and no Gemfile. Output: `destination`, default _site/.
 * @see https://jekyllrb.com/docs/configuration/options/
 */
function matchJekyll(fs: RepoFs, dir: string, marker: string): SiteMatch | null {
  const file = joinRel(dir, marker);
  const diagnostics: Diagnostic[] = [];
  const gemfile = joinRel(dir, 'Gemfile');
  const gemText = fs.exists(gemfile) ? (read(fs, gemfile) ?? '') : null;
  const jekyllGem = gemText !== null && /gem\s+["'](jekyll|github-pages)["']/.test(gemText);
  const jekyllDirs = ['_posts', '_layouts', '_includes'].filter((d) => hasDir(fs, dir, d));
  // A Gemfile that says something and names no jekyll is a Ruby app's; an empty one says nothing.
  if (gemText !== null && gemText.trim() !== '' && !jekyllGem) return null;
  if (!jekyllGem && jekyllDirs.length === 0) return null;
  const text = read(fs, file) ?? '';
  const data = parseConfig(file, text, diagnostics);
  const dest = key(data, 'destination');
  const outputDir = typeof dest === 'string' ? clean(dest) : '_site';
  const evidence: Evidence[] = [];
  if (jekyllGem && gemText !== null) {
    evidence.push({
      file: gemfile,
      ...lineOf(gemText, /gem\s+["'](jekyll|github-pages)["']/),
      reason: 'Gemfile requires jekyll',
      confidence: 'explicit',
    });
  } else {
    evidence.push({
      file,
      reason: `${marker} with ${jekyllDirs.join(', ')}/: a Jekyll site`,
      confidence: gemText === null ? 'strong' : 'weak',
    });
  }
  const bundled = gemText !== null;
  return {
    file,
    evidence,
    outputDir,
    outputEvidence:
      typeof dest === 'string'
        ? {
            file,
            ...lineOf(text, /^destination\s*:/m),
            reason: `destination: ${dest}`,
            confidence: 'explicit',
          }
        : { file, reason: 'Jekyll builds into _site/ by default', confidence: 'strong' },
    install: bundled ? 'bundle install' : 'gem install jekyll',
    build: bundled ? 'bundle exec jekyll build' : 'jekyll build',
    packageManager: bundled ? 'bundler' : null,
    diagnostics,
  };
}

/**
 * MkDocs: mkdocs.yml. Output: `site_dir`, default site/. Dependencies from requirements.txt (here or
 * in docs/), else mkdocs itself (and mkdocs-material for the material theme).
 * @see https://www.mkdocs.org/user-guide/configuration/#site_dir
 */
function matchMkdocs(fs: RepoFs, dir: string, marker: string): SiteMatch | null {
  const file = joinRel(dir, marker);
  const text = read(fs, file) ?? '';
  // mkdocs.yml often holds !!python/name tags a plain YAML parser rejects: read the two keys by line.
  const siteDir = /^site_dir\s*:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$/m.exec(text);
  const material = /^theme\s*:\s*(?:\n\s+name\s*:\s*)?["']?material\b/m.test(text);
  const req = ['requirements.txt', 'docs/requirements.txt'].find((f) => fs.exists(joinRel(dir, f)));
  return {
    file,
    evidence: [{ file, reason: `${marker} configures an MkDocs site`, confidence: 'explicit' }],
    outputDir: siteDir ? clean(siteDir[1] as string) : 'site',
    outputEvidence: siteDir
      ? { file, line: lineAt(text, siteDir.index), reason: `site_dir: ${siteDir[1]}`, confidence: 'explicit' }
      : { file, reason: 'MkDocs builds into site/ by default', confidence: 'strong' },
    install: req ? `pip install -r ${req}` : `pip install mkdocs${material ? ' mkdocs-material' : ''}`,
    build: 'mkdocs build',
    packageManager: 'pip',
    diagnostics: [],
  };
}

/** Hand-written HTML: index.html at the root, or public/index.html, with nothing to build. */
function matchPlainHtml(_fs: RepoFs, dir: string, marker: string): SiteMatch | null {
  const file = joinRel(dir, marker);
  const outputDir = marker.includes('/') ? (marker.split('/')[0] as string) : '.';
  return {
    file,
    evidence: [
      { file, reason: `${marker} and no application manifest: plain static files`, confidence: 'weak' },
    ],
    outputDir,
    outputEvidence: { file, reason: `${marker} is served as is`, confidence: 'strong' },
    install: null,
    build: null,
    packageManager: null,
    diagnostics: [],
  };
}

/** The static site kinds. Priorities are explicit; the order of this list decides nothing. */
export const STATIC_SITES: readonly StaticSite[] = [
  {
    id: 'staticfile',
    framework: null,
    priority: 100,
    markers: ['Staticfile'],
    rootOnly: false,
    match: matchStaticfile,
  },
  {
    id: 'hugo',
    framework: 'hugo',
    priority: 80,
    markers: [
      'hugo.toml',
      'hugo.yaml',
      'hugo.yml',
      'hugo.json',
      'config/_default/hugo.toml',
      'config.toml',
      'config.yaml',
      'config.yml',
      'config.json',
      'config/_default/config.toml',
    ],
    rootOnly: false,
    versionTools: ['hugo'],
    versionFiles: ['.hugo-version'],
    match: matchHugo,
  },
  {
    id: 'jekyll',
    framework: 'jekyll',
    priority: 70,
    markers: ['_config.yml', '_config.yaml'],
    rootOnly: false,
    match: matchJekyll,
  },
  {
    id: 'mkdocs',
    framework: 'mkdocs',
    priority: 70,
    markers: ['mkdocs.yml', 'mkdocs.yaml'],
    rootOnly: false,
    match: matchMkdocs,
  },
  {
    id: 'html',
    framework: null,
    priority: 10,
    markers: ['index.html', 'public/index.html'],
    rootOnly: true,
    match: matchPlainHtml,
  },
];
