import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { scan } from '../../../pipeline.js';
import { makeChoices, makeService } from '../../test-helpers.js';
import { dockerfilePlanFor, isSkipped, planDockerfiles, stackFor } from '../dockerfile.generator.js';
import {
  DEFAULT_GO_VERSION,
  GO_CGO_IMAGE,
  GO_STATIC_IMAGE,
  GO_USER,
  goBuildToOut,
  goImage,
  goLineFor,
  goStack,
} from './go.js';
import {
  assertAuditClean,
  assertImage,
  contentOf,
  FIXTURES,
  fixtureService,
  generated,
  type ImageExpectation,
  scanFixture,
} from './test-helpers.js';

const EXAMPLES = path.resolve(FIXTURES, '../../../examples');

function goService(overrides: Parameters<typeof makeService>[0] = {}): Service {
  const { commands, ...rest } = overrides;
  return makeService({
    name: 'api',
    language: 'go',
    packageManager: 'go',
    languageVersion: '1.22.3',
    outputDir: 'bin',
    evidence: {
      install: [{ file: 'go.sum', reason: 'go.sum verifies every download', confidence: 'explicit' }],
    },
    ...rest,
    commands: {
      install: 'go mod download',
      build: 'CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/api ./cmd/api',
      start: './bin/api',
      ...commands,
    },
  });
}

const cases: { name: string; service: () => Service; exp: ImageExpectation; build: RegExp }[] = [
  {
    name: 'nethttp-example',
    // The example itself (read-only scan): stdlib only, go 1.19, no go.sum.
    service: () => scan(path.join(EXAMPLES, 'go-service')).services[0] as Service,
    exp: {
      images: ['golang:1.19-bookworm', GO_STATIC_IMAGE],
      user: GO_USER,
      cmd: ['/app/go-service'],
      port: 8080,
      healthcheck: null,
      install: { run: /go mod download/, copied: ['go.mod'] },
      env: { PORT: '8080' },
    },
    build: /CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o \/out\/go-service \.$/m,
  },
  {
    name: 'gin-cmd',
    service: () => fixtureService('go-gin-cmd'),
    exp: {
      images: ['golang:1.22-bookworm', GO_STATIC_IMAGE],
      user: GO_USER,
      cmd: ['/app/api'],
      port: 9090,
      healthcheck: null,
      install: { run: /go mod download/, copied: ['go.mod', 'go.sum'] },
    },
    build: /CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o \/out\/api \.\/cmd\/api$/m,
  },
  {
    name: 'echo-cgo-procfile',
    service: () => fixtureService('go-echo-procfile'),
    exp: {
      images: ['golang:1.22-bookworm', GO_CGO_IMAGE],
      user: GO_USER,
      cmd: ['/app/shop', '--port', '5000'],
      port: 5000,
      healthcheck: null,
      install: { run: /go mod download/, copied: ['go.mod', 'go.sum'] },
    },
    build: /CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o \/out\/shop \.$/m,
  },
  {
    name: 'workspace-worker',
    service: () => fixtureService('go-workspace', 'worker'),
    exp: {
      images: ['golang:1.22-bookworm', GO_STATIC_IMAGE],
      user: GO_USER,
      cmd: ['/app/worker'],
      port: null,
      healthcheck: null,
      install: { run: /go mod download/, copied: ['go.mod', 'go.sum'] },
    },
    build: /-o \/out\/worker \.$/m,
  },
];

describe('go stack: golden files', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const plan = generated(c.service());
      const dockerfile = contentOf(plan, 'dockerfile');

      it('matches the golden Dockerfile', async () => {
        await expect(dockerfile).toMatchFileSnapshot(`./__snapshots__/go-${c.name}.Dockerfile`);
      });

      it('matches the golden .dockerignore', async () => {
        await expect(contentOf(plan, 'ignore')).toMatchFileSnapshot(
          `./__snapshots__/go-${c.name}.dockerignore`,
        );
      });

      it('means what a production Go image should', () => {
        assertImage(dockerfile, c.exp);
        expect(dockerfile).toMatch(c.build);
        // Module and build caches are mounts, and the build runs on a copy of the whole module.
        expect(dockerfile).toMatch(
          /COPY \. \.\nRUN --mount=type=cache,target=\/go\/pkg\/mod --mount=type=cache,target=\/root\/.cache\/go-build \\\n/,
        );
        // The runtime gets the binary only.
        const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
        const bin = c.exp.cmd[0] as string;
        expect(runtime.match(/^COPY .*$/gm)).toEqual([
          `COPY --from=build /out/${path.posix.basename(bin)} ${bin}`,
        ]);
        expect(plan.runtime).toMatchObject({
          user: GO_USER,
          healthPath: null,
          cmd: c.exp.cmd,
          baseImage: c.exp.images[1],
        });
        expect(plan.runtime.noHealthcheckReason).toBeTruthy();
      });

      it('passes the audit', () => {
        assertAuditClean(plan.dockerfilePath, dockerfile);
      });

      it('is deterministic', () => {
        expect(generated(c.service())).toEqual(plan);
      });
    });
  }
});

describe('go stack: versions', () => {
  it.each<[string | null, string]>([
    ['1.22.3', '1.22'],
    ['1.23', '1.23'],
    ['1.21.0', '1.21'],
    ['go1.24rc1', '1.24'],
    [null, DEFAULT_GO_VERSION],
    ['stable', DEFAULT_GO_VERSION],
  ])('%s → golang:%s-bookworm', (v, line) => {
    expect(goLineFor(v)).toBe(line);
    expect(goImage(goLineFor(v))).toBe(`golang:${line}-bookworm`);
  });

  it('builds with the toolchain the detector chose over a lower go line', () => {
    const text = contentOf(generated(fixtureService('go-gin-cmd')), 'dockerfile');
    // go-gin-cmd: `go 1.22` with `toolchain go1.22.3`.
    expect(text).toContain('FROM golang:1.22-bookworm AS build');
  });
});

describe('go stack: details', () => {
  it('points the build output at /out/<binary>', () => {
    expect(goBuildToOut('CGO_ENABLED=0 go build -trimpath -o bin/api ./cmd/api', 'api')).toBe(
      'CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api',
    );
    expect(goBuildToOut('go build -o=bin/x .', 'x')).toBe('go build -o=/out/x .');
    expect(goBuildToOut('make build', 'x')).toBeNull();
    expect(goBuildToOut('go build ./...', 'x')).toBeNull();
  });

  it('leaves out go.sum when the module has none, and go mod download without go.mod', () => {
    const noSum = contentOf(generated(goService({ evidence: {} })), 'dockerfile');
    expect(noSum).toContain('COPY go.mod ./\n');
    const gopath = contentOf(
      generated(
        goService({
          packageManager: null,
          commands: {
            install: null,
            build: 'CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/api main.go hello.go',
          },
        }),
      ),
      'dockerfile',
    );
    expect(gopath).not.toContain('go mod download');
    expect(gopath).toContain('-o /out/api main.go hello.go');
  });

  it('says why there is no HEALTHCHECK and where to probe instead', () => {
    const plan = generated(goService({ port: 8080, healthPath: '/healthz' }));
    expect(plan.runtime.noHealthcheckReason).toMatch(
      /distroless has no shell or HTTP client.*GET \/healthz on port 8080/,
    );
    expect(contentOf(plan, 'dockerfile')).toMatch(
      /^# shipready-ignore dockerfile\/healthcheck -- no HEALTHCHECK: distroless/m,
    );
  });

  it('notes the go.work the module is built without', () => {
    const text = contentOf(generated(fixtureService('go-workspace', 'api')), 'dockerfile');
    expect(text).toMatch(/^# Built from this module folder without go\.work/m);
    expect(contentOf(generated(fixtureService('go-gin-cmd')), 'dockerfile')).not.toContain('go.work');
  });

  it('builds one Dockerfile per binary of a module, sharing one .dockerignore', () => {
    const plans = planDockerfiles(scanFixture('go-layout-only'), makeChoices());
    expect(plans.flatMap((p) => (isSkipped(p) ? [p.skipped] : p.artifacts.map((a) => a.path)))).toEqual([
      'feeds.Dockerfile',
      '.dockerignore',
      'worker.Dockerfile',
    ]);
    const worker = plans.find((p) => p.service.name === 'worker');
    if (!worker || isSkipped(worker)) throw new Error('worker skipped');
    expect(contentOf(worker, 'dockerfile')).toContain('-o /out/worker ./cmd/worker');
  });

  it('keeps vendor/ in the context and binaries out', () => {
    const lines = contentOf(generated(goService()), 'ignore').split('\n');
    expect(lines).toContain('bin');
    expect(lines).not.toContain('vendor');
    expect(lines).toContain('**/.env');
  });
});

describe('go stack: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    ['no start', goService({ commands: { start: null } }), /no start command/],
    ['start needs a shell', goService({ commands: { start: './bin/api $FLAGS' } }), /needs a shell/],
    ['start on PATH', goService({ commands: { start: 'api --port 5000' } }), /not a binary the build writes/],
    ['custom build', goService({ commands: { build: 'make build' } }), /not a `go build -o …`/],
  ])('%s', (_name, service, reason) => {
    const plan = dockerfilePlanFor(service, makeChoices());
    expect(isSkipped(plan) && plan.skipped).toMatch(reason);
  });

  it('claims Go services', () => {
    expect(stackFor(goService())).toBe(goStack);
  });
});
