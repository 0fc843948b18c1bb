import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { staticDetector } from './static.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

const detectFixture = (name: string) =>
  staticDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
const detectMemory = (files: Record<string, string | null>) =>
  staticDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });

interface Row {
  fixture: string;
  framework: string | null;
  packageManager: string | null;
  languageVersion: string | null;
  install: string | null;
  build: string | null;
  outputDir: string;
  /** Substring of the outputDir evidence. */
  outputReason: string;
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    fixture: 'static-staticfile',
    framework: null,
    packageManager: null,
    languageVersion: null,
    install: null,
    build: null,
    outputDir: 'dist',
    outputReason: 'root: dist',
    facts: ['language', 'kind', 'outputDir', 'start'],
  },
  {
    fixture: 'static-hugo',
    framework: 'hugo',
    packageManager: null,
    // asdf's hugo plugin writes extended_0.121.2.
    languageVersion: '0.121.2',
    // package.json beside hugo.toml builds the CSS (PostCSS, Tailwind).
    install: 'npm ci',
    build: 'hugo --minify',
    outputDir: 'build/site',
    outputReason: 'publishDir',
    facts: ['language', 'kind', 'framework', 'outputDir', 'build', 'install', 'languageVersion'],
  },
  {
    fixture: 'static-hugo-config',
    framework: 'hugo',
    packageManager: null,
    languageVersion: null,
    install: null,
    build: 'hugo --minify',
    outputDir: 'public',
    outputReason: 'public/ by default',
    facts: ['language', 'framework', 'outputDir', 'build'],
  },
  {
    fixture: 'static-jekyll',
    framework: 'jekyll',
    packageManager: 'bundler',
    languageVersion: null,
    install: 'bundle install',
    build: 'bundle exec jekyll build',
    outputDir: 'public_html',
    outputReason: 'destination',
    facts: ['language', 'framework', 'packageManager', 'outputDir', 'build', 'install'],
  },
  {
    fixture: 'static-mkdocs',
    framework: 'mkdocs',
    packageManager: 'pip',
    languageVersion: null,
    install: 'pip install -r docs/requirements.txt',
    build: 'mkdocs build',
    outputDir: 'dist/handbook',
    outputReason: 'site_dir',
    facts: ['language', 'framework', 'packageManager', 'outputDir', 'build', 'install'],
  },
  {
    fixture: 'static-plain-html',
    framework: null,
    packageManager: null,
    languageVersion: null,
    install: null,
    build: null,
    outputDir: '.',
    outputReason: 'served as is',
    facts: ['language', 'kind', 'outputDir'],
  },
  {
    fixture: 'static-public-html',
    framework: null,
    packageManager: null,
    languageVersion: null,
    install: null,
    build: null,
    outputDir: 'public',
    outputReason: 'public/index.html',
    facts: ['language', 'kind', 'outputDir'],
  },
];

describe('staticDetector over fixtures', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    // One site per fixture: a Hugo theme's exampleSite inside static-hugo is part of the site.
    expect(services).toHaveLength(1);
    const s = Service.parse(services[0]);
    expect(s).toMatchObject({
      name: 'site',
      path: '.',
      kind: 'static',
      language: 'static',
      framework: row.framework,
      packageManager: row.packageManager,
      languageVersion: row.languageVersion,
      commands: { install: row.install, build: row.build, start: null },
      port: null,
      outputDir: row.outputDir,
    });
    expect(s.evidence.outputDir?.[0]?.reason).toContain(row.outputReason);
    for (const fact of row.facts) expect(s.evidence[fact]?.[0]?.file, `evidence for ${fact}`).toBeTruthy();
  });

  it.each([
    ['static-backend-template', 'index.html beside a Flask app is its template'],
    ['static-ruby-config', '_config.yml beside a Gemfile without jekyll is a Ruby app’s config'],
  ])('%s: no static site (%s)', (fixture) => {
    expect(detectFixture(fixture).services).toEqual([]);
  });

  it('notes Staticfile.auth, which is not carried over', () => {
    const { diagnostics } = detectMemory({
      Staticfile: 'root: www\n',
      'www/index.html': '',
      'Staticfile.auth': 'u:p',
    });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'Staticfile.auth' })]);
  });
});

describe('staticDetector priorities and edge cases', () => {
  it('lets a Staticfile outrank plain HTML in the same folder, naming what it outranks', () => {
    const { services } = detectMemory({ Staticfile: '', 'index.html': '' });
    expect(services).toHaveLength(1);
    expect(services[0]?.outputDir).toBe('.');
    expect(services[0]?.evidence.language?.[0]?.reason).toContain('outranks html');
  });

  it('finds a docs site in a subfolder and names it after the folder', () => {
    const { services } = detectMemory({ 'docs/mkdocs.yml': 'site_name: x\n', 'docs/docs/index.md': '' });
    expect(services.map((s) => [s.name, s.path, s.outputDir])).toEqual([['docs', 'docs', 'site']]);
  });

  it('does not take config.toml without a Hugo content folder, nor index.html below the root', () => {
    expect(detectMemory({ 'config.toml': 'baseURL = "x"\n' }).services).toEqual([]);
    expect(detectMemory({ 'web/index.html': '', 'go.mod': 'module x' }).services).toEqual([]);
    // A start script beside index.html is what runs (and serves it): the shell service owns the folder.
    expect(detectMemory({ 'index.html': '', 'start.sh': '' }).services).toEqual([]);
  });

  it('accepts a Jekyll site without a Gemfile (GitHub Pages) and an empty Gemfile weakly', () => {
    const noGemfile = detectMemory({ '_config.yml': 'title: x\n', '_posts/a.md': '' }).services[0];
    expect(noGemfile?.commands).toEqual({
      install: 'gem install jekyll',
      build: 'jekyll build',
      start: null,
    });
    const empty = detectMemory({ '_config.yml': '', Gemfile: '', '_layouts/a.html': '' }).services[0];
    expect(empty?.evidence.language?.[0]?.confidence).toBe('weak');
  });

  it('warns when the Staticfile root does not exist', () => {
    const { diagnostics } = detectMemory({ Staticfile: 'root: build\n' });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'Staticfile', line: 1 }),
    ]);
  });
});

describe('staticDetector fuzz: empty, truncated, garbage and unreadable inputs', () => {
  const REPOS: Record<string, Record<string, string>> = {
    staticfile: { Staticfile: 'root: public\npushstate: enabled\n', 'public/index.html': '' },
    hugo: {
      'hugo.toml': 'baseURL = "https://x/"\npublishDir = "out"\n',
      'content/a.md': '',
      'mise.toml': '[tools]\nhugo = "0.120.0"\n',
    },
    'hugo-config': {
      'config.yaml': 'baseURL: https://x/\n',
      'layouts/a.html': '',
      '.tool-versions': 'hugo 0.120.0\n',
    },
    jekyll: { '_config.yml': 'title: x\ndestination: out\n', Gemfile: 'gem "jekyll"\n', '_posts/a.md': '' },
    mkdocs: { 'mkdocs.yml': 'site_name: x\nsite_dir: out\ntheme:\n  name: material\n' },
    html: { 'index.html': '<h1>x</h1>' },
  };
  const GARBAGE = ': : [ { "x" = = [[\u0000\ufffd\n\t- ]';
  /** Files whose garbage must give a diagnostic naming them (parsed formats the site reads). */
  const PARSED = new Set(['hugo.toml', 'mise.toml', '_config.yml']);
  const variants: [string, (s: string) => string | null][] = [
    ['empty', () => ''],
    ['truncated', (s) => s.slice(0, Math.floor(s.length / 2))],
    ['garbage', () => GARBAGE],
    ['unreadable', () => null],
  ];
  for (const [repo, files] of Object.entries(REPOS)) {
    for (const file of Object.keys(files)) {
      for (const [label, mutate] of variants) {
        it(`${repo} ${file}: ${label}`, () => {
          const result = detectMemory({ ...files, [file]: mutate(files[file] as string) });
          for (const s of result.services) Service.parse(s);
          if (label === 'garbage' && PARSED.has(file)) {
            expect(result.diagnostics.some((d) => d.file === file && d.severity === 'warning')).toBe(true);
          }
        });
      }
    }
  }
});
