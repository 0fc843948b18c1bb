import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeChoices, makeService } from '../../test-helpers.js';
import { STATIC_IMAGE, STATIC_USER } from '../common.js';
import { dockerfilePlanFor, isSkipped, skipReason, stackFor } from '../dockerfile.generator.js';
import { DEFAULT_HUGO_VERSION, DEFAULT_PYTHON_LINE, DEFAULT_RUBY_LINE, hugoImage } from './static-sites.js';
import {
  assertAuditClean,
  assertImage,
  contentOf,
  fixtureService,
  generated,
  type ImageExpectation,
  stagesOf,
} from './test-helpers.js';

const NGINX = { user: STATIC_USER, cmd: ['nginx', '-g', 'daemon off;'], port: 8080, healthcheck: 'wget' };

function staticSite(overrides: Parameters<typeof makeService>[0] = {}): Service {
  const { commands, ...rest } = overrides;
  return makeService({
    name: 'site',
    kind: 'static',
    language: 'static',
    packageManager: null,
    outputDir: 'public',
    ...rest,
    commands: { install: null, build: null, start: null, ...commands },
  });
}

const hugoWithNpm = () =>
  staticSite({
    framework: 'hugo',
    languageVersion: 'extended_0.145.0',
    outputDir: 'build/site',
    commands: { install: 'npm ci', build: 'hugo --minify' },
  });

const cases: {
  name: string;
  stack: string;
  service: () => Service;
  exp: ImageExpectation;
  served: string;
}[] = [
  {
    name: 'staticfile-root-dist',
    stack: 'static-files',
    service: () => fixtureService('static-staticfile'),
    exp: { ...NGINX, images: [STATIC_IMAGE], install: null },
    served: 'COPY dist/ /usr/share/nginx/html/',
  },
  {
    name: 'plain-index-html',
    stack: 'static-files',
    service: () => fixtureService('static-plain-html'),
    exp: { ...NGINX, images: [STATIC_IMAGE], install: null },
    served: 'COPY ./ /usr/share/nginx/html/',
  },
  {
    name: 'hugo-config-unpinned',
    stack: 'hugo',
    service: () => fixtureService('static-hugo-config'),
    exp: { ...NGINX, images: [hugoImage(DEFAULT_HUGO_VERSION), STATIC_IMAGE], install: null },
    served: 'COPY --from=build /app/public /usr/share/nginx/html/',
  },
  {
    name: 'hugo-pinned-with-npm',
    stack: 'hugo',
    service: hugoWithNpm,
    exp: {
      ...NGINX,
      images: ['ghcr.io/gohugoio/hugo:v0.145.0', STATIC_IMAGE],
      install: { run: /npm ci$/, copied: ['package.json', 'package-lock.json'] },
    },
    served: 'COPY --from=build /app/build/site /usr/share/nginx/html/',
  },
  {
    name: 'jekyll-ruby-detected',
    stack: 'jekyll',
    service: () => fixtureService('ruby-jekyll-site'),
    exp: {
      ...NGINX,
      images: ['ruby:3.3-slim-bookworm', STATIC_IMAGE],
      install: { run: /bundle install$/, copied: ['Gemfile', 'Gemfile.lock'] },
    },
    served: 'COPY --from=build /app/public /usr/share/nginx/html/',
  },
  {
    name: 'jekyll-unpinned-destination',
    stack: 'jekyll',
    service: () => fixtureService('static-jekyll'),
    exp: {
      ...NGINX,
      images: [`ruby:${DEFAULT_RUBY_LINE}-slim-bookworm`, STATIC_IMAGE],
      install: { run: /bundle install$/, copied: ['Gemfile', 'Gemfile.lock'] },
    },
    served: 'COPY --from=build /app/public_html /usr/share/nginx/html/',
  },
  {
    name: 'mkdocs-material',
    stack: 'mkdocs',
    service: () => fixtureService('static-mkdocs'),
    exp: {
      ...NGINX,
      images: [`python:${DEFAULT_PYTHON_LINE}-slim-bookworm`, STATIC_IMAGE],
      install: { run: /pip install -r docs\/requirements\.txt$/, copied: ['docs/requirements.txt'] },
    },
    served: 'COPY --from=build /app/dist/handbook /usr/share/nginx/html/',
  },
];

describe('static site stacks: realistic services', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const service = c.service();
      const plan = generated(service);
      const text = contentOf(plan, 'dockerfile');

      it(`is built by the ${c.stack} stack`, () => {
        expect(stackFor(service)?.id).toBe(c.stack);
      });

      it('means what a production static-site image should', () => {
        assertImage(text, c.exp);
        expect(text).toContain(c.served);
        expect(plan.runtime).toMatchObject({
          port: 8080,
          healthPath: '/',
          user: STATIC_USER,
          runtimeEnv: false,
        });
        // Prebuilt files need one stage; built sites build in their generator's image and ship nginx only.
        expect(stagesOf(text).length).toBe(c.exp.images.length === 1 ? 1 : c.exp.install ? 3 : 2);
      });

      it('passes the audit', () => {
        assertAuditClean(plan.dockerfilePath, text);
      });

      it('is deterministic', () => {
        expect(generated(c.service())).toEqual(plan);
      });
    });
  }
});

describe('static site stacks: golden files', () => {
  it.each([
    ['hugo-with-npm', hugoWithNpm],
    ['jekyll-site', () => fixtureService('ruby-jekyll-site')],
    ['mkdocs-site', () => fixtureService('static-mkdocs')],
    ['staticfile-site', () => fixtureService('static-staticfile')],
  ] as const)('%s', async (name, service) => {
    const plan = generated(service());
    const text = contentOf(plan, 'dockerfile');
    await expect(text).toMatchFileSnapshot(`./__snapshots__/${name}.Dockerfile`);
    await expect(contentOf(plan, 'ignore')).toMatchFileSnapshot(`./__snapshots__/${name}.dockerignore`);
    // Semantics beside the snapshot: the output folder never enters the build context.
    const ignore = contentOf(plan, 'ignore').split('\n');
    for (const p of ['.git', '**/.env', '**/*.pem']) expect(ignore).toContain(p);
    if (stagesOf(text).length > 1) expect(ignore).toContain(plan.runtime.copiedDirs?.[0]);
    else expect(ignore).not.toContain(plan.runtime.copiedDirs?.[0]);
  });

  it('builds Hugo as root in the builder (the image user cannot write /app) with a cache mount', () => {
    const text = contentOf(generated(hugoWithNpm()), 'dockerfile');
    expect(text).toContain('USER root');
    expect(text).toMatch(/RUN --mount=type=cache,target=\/cache,id=hugo \\\n {4}hugo --minify/);
  });

  it('installs gems frozen, without development and test groups', () => {
    const text = contentOf(generated(fixtureService('ruby-jekyll-site')), 'dockerfile');
    expect(text).toContain('BUNDLE_FROZEN=true');
    expect(text).toContain('BUNDLE_WITHOUT=development:test');
    expect(text).toContain('JEKYLL_ENV=production');
    expect(contentOf(generated(fixtureService('ruby-jekyll-site')), 'ignore').split('\n')).toContain(
      'vendor/bundle',
    );
  });

  it('keeps Staticfile.auth out of a served folder', () => {
    expect(contentOf(generated(fixtureService('static-plain-html')), 'ignore').split('\n')).toContain(
      'Staticfile.auth',
    );
  });
});

describe('static site stacks: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    ['hugo older than its official image', fixtureService('static-hugo'), /starts at v0\.135\.0/],
    [
      'hugo with a range',
      staticSite({ framework: 'hugo', languageVersion: '0.1', commands: { build: 'hugo' } }),
      /not an exact release/,
    ],
    [
      'hugo with pnpm',
      staticSite({
        framework: 'hugo',
        commands: { install: 'pnpm install --frozen-lockfile', build: 'hugo' },
      }),
      /npm ci/,
    ],
    [
      'jekyll without Gemfile.lock',
      staticSite({
        framework: 'jekyll',
        outputDir: '_site',
        commands: { install: 'gem install jekyll', build: 'jekyll build' },
      }),
      /no Gemfile\.lock/,
    ],
    [
      'jekyll on an old ruby',
      staticSite({
        language: 'ruby',
        framework: 'jekyll',
        languageVersion: '2.7.8',
        outputDir: '_site',
        commands: { build: 'bundle exec jekyll build' },
        evidence: {
          packageManager: [{ file: 'Gemfile.lock', reason: 'Bundler lockfile', confidence: 'explicit' }],
        },
      }),
      /Ruby 2\.7/,
    ],
    [
      'mkdocs without requirements',
      staticSite({
        framework: 'mkdocs',
        outputDir: 'site',
        commands: { install: 'pip install mkdocs', build: 'mkdocs build' },
      }),
      /no requirements file/,
    ],
    [
      'built site serving its root',
      staticSite({ framework: 'hugo', outputDir: '.', commands: { build: 'hugo' } }),
      /outputDir/,
    ],
    [
      'unknown generator',
      staticSite({ framework: 'eleventy', commands: { build: 'eleventy' } }),
      /no builder image/,
    ],
    ['plain files without a folder', staticSite({ outputDir: null }), /outputDir/],
    ['plain files outside the folder', staticSite({ outputDir: '../shared' }), /outputDir/],
  ])('%s', (_n, service, reason) => {
    const plan = dockerfilePlanFor(service, makeChoices());
    expect(isSkipped(plan) && plan.skipped).toMatch(reason);
    expect(skipReason(service)).toMatch(reason);
  });

  it('leaves Ruby and Python apps that are not static sites to their own stacks', () => {
    const rails = makeService({ language: 'ruby', framework: 'rails', kind: 'web' });
    const jekyllAsWeb = makeService({ language: 'ruby', framework: 'jekyll', kind: 'web' });
    for (const s of [rails, jekyllAsWeb]) {
      expect(['hugo', 'jekyll', 'mkdocs', 'static-files']).not.toContain(stackFor(s)?.id);
    }
  });
});
