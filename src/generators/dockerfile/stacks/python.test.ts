// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${PORT:-8000} is shell expansion in start commands
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { scan } from '../../../pipeline.js';
import { makeChoices, makeModel, makeService } from '../../test-helpers.js';
import { APP_USER } from '../common.js';
import { dockerfilePlanFor, isSkipped, planDockerfiles, stackFor } from '../dockerfile.generator.js';
import {
  DEFAULT_PYTHON_VERSION,
  PYTHON_TOOL_PINS,
  pythonImage,
  pythonLineFor,
  pythonProbe,
  pythonStack,
  pythonStartArgv,
} from './python.js';
import {
  assertAuditClean,
  assertImage,
  contentOf,
  FIXTURES,
  fixtureService,
  generated,
  type ImageExpectation,
  instructionsOf,
  stagesOf,
} from './test-helpers.js';

const EXAMPLES = path.resolve(FIXTURES, '../../../examples');

function pyService(overrides: Parameters<typeof makeService>[0] = {}): Service {
  const { commands, ...rest } = overrides;
  return makeService({
    language: 'python',
    packageManager: 'pip',
    ...rest,
    commands: {
      install: 'pip install --no-cache-dir -r requirements.txt',
      build: null,
      start: 'gunicorn --bind 0.0.0.0:${PORT:-8000} app:app',
      ...commands,
    },
  });
}

const ev = (file: string) => [{ file, reason: 'lockfile', confidence: 'explicit' as const }];

const cases: { name: string; service: () => Service; exp: ImageExpectation }[] = [
  {
    name: 'fastapi-pip-example',
    // The example itself (read-only scan): requirements.txt, a Procfile with ${PORT:-8000}, .python-version 3.11.
    service: () => scan(path.join(EXAMPLES, 'python-fastapi')).services[0] as Service,
    exp: {
      images: ['python:3.11-slim-bookworm'],
      user: APP_USER,
      cmd: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8000'],
      port: 8000,
      healthcheck: 'python',
      install: { run: /pip install -r requirements\.txt/, copied: ['requirements*.txt'] },
      env: { PORT: '8000', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    },
  },
  {
    name: 'django-poetry',
    service: () => fixtureService('python-django-poetry'),
    exp: {
      images: ['python:3.11-slim-bookworm'],
      user: APP_USER,
      cmd: ['gunicorn', '--bind', '0.0.0.0:8000', 'shop.wsgi:application'],
      port: 8000,
      healthcheck: 'python',
      install: { run: /poetry install --only main --no-root/, copied: ['pyproject.toml', 'poetry.lock'] },
      env: { PORT: '8000' },
    },
  },
  {
    name: 'fastapi-uv',
    service: () => fixtureService('python-fastapi-uv'),
    exp: {
      images: ['python:3.12-slim-bookworm'],
      user: APP_USER,
      cmd: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8000'],
      port: 8000,
      healthcheck: 'python',
      install: {
        run: /uv sync --frozen --no-dev --no-install-project/,
        copied: ['pyproject.toml', 'uv.lock'],
      },
    },
  },
  {
    name: 'celery-pdm-worker',
    service: () => fixtureService('python-celery-pdm'),
    exp: {
      images: ['python:3.12-slim-bookworm'],
      user: APP_USER,
      cmd: ['celery', '-A', 'tasks', 'worker', '--loglevel=info'],
      port: null,
      healthcheck: null,
      install: { run: /pdm install --check --prod --no-self/, copied: ['pyproject.toml', 'pdm.lock'] },
    },
  },
  {
    name: 'streamlit-pipenv',
    service: () => fixtureService('python-streamlit-pipenv'),
    exp: {
      images: ['python:3.11-slim-bookworm'],
      user: APP_USER,
      cmd: ['streamlit', 'run', 'streamlit_app.py', '--server.port', '8501', '--server.address', '0.0.0.0'],
      port: 8501,
      healthcheck: null,
      install: { run: /pipenv install --deploy/, copied: ['Pipfile', 'Pipfile.lock'] },
    },
  },
  {
    name: 'flask-pip-includes',
    service: () => fixtureService('python-flask-pip'),
    exp: {
      images: ['python:3.11-slim-bookworm'],
      user: APP_USER,
      cmd: ['gunicorn', '--bind', '0.0.0.0:8000', 'app:app'],
      port: 8000,
      healthcheck: 'python',
      install: { run: /pip install -r requirements\.txt/, copied: ['requirements*.txt'] },
    },
  },
  {
    name: 'script-no-deps',
    service: () => fixtureService('python-malformed'),
    exp: {
      images: [`python:${DEFAULT_PYTHON_VERSION}-slim-bookworm`],
      user: APP_USER,
      cmd: ['python', 'main.py'],
      port: null,
      healthcheck: null,
      install: null,
    },
  },
];

/**
 * The shared image checks, except that the runtime stage may run one command: creating the account
 * for the numeric user (python images have none). It is checked with the RUN taken out.
 */
function assertPythonImage(text: string, exp: ImageExpectation): void {
  const runs = text.match(/^RUN .*$/gm) ?? [];
  const useradd = runs.at(-1) ?? '';
  expect(useradd).toMatch(/^RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 /);
  assertImage(text.replace(`${useradd}\n`, ''), exp);
}

describe('python stack: golden files', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const plan = generated(c.service());
      const dockerfile = contentOf(plan, 'dockerfile');

      it('matches the golden Dockerfile', async () => {
        await expect(dockerfile).toMatchFileSnapshot(`./__snapshots__/python-${c.name}.Dockerfile`);
      });

      it('matches the golden .dockerignore', async () => {
        await expect(contentOf(plan, 'ignore')).toMatchFileSnapshot(
          `./__snapshots__/python-${c.name}.dockerignore`,
        );
      });

      it('means what a production Python image should', () => {
        assertPythonImage(dockerfile, c.exp);
        const [build, runtime] = stagesOf(dockerfile);
        expect(runtime?.name).toBe('runtime');
        // The runtime copies the venv and the app from the build stage, nothing from the context.
        const runtimeText = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
        expect(runtimeText.match(/^COPY .*$/gm)).toEqual([
          'COPY --from=build /opt/venv /opt/venv',
          'COPY --from=build /app ./',
        ]);
        // The dependency layer comes before the source: a code edit does not reinstall.
        const body = (build?.body ?? []).map((i) => `${i.getKeyword()} ${i.getArgumentsContent()}`);
        const source = body.indexOf('COPY . .');
        expect(source).toBeGreaterThan(0);
        if (c.exp.install) {
          expect(body.findIndex((l) => c.exp.install?.run.test(l) ?? false)).toBeLessThan(source);
        }
        // Installers never reach the runtime image.
        expect(runtime?.body.map((i) => i.getArgumentsContent()).join('\n')).not.toMatch(
          /\b(uv|poetry|pdm|pipenv)\b/,
        );
        expect(plan.runtime.cmd).toEqual(c.exp.cmd);
        expect(plan.runtime.user).toBe(APP_USER);
        expect(plan.runtime.healthPath !== null).toBe(c.exp.healthcheck !== null);
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

describe('python stack: versions', () => {
  it.each<[string | null, string]>([
    ['3.12', '3.12'],
    ['3.11.9', '3.11'],
    ['3.13.0', '3.13'],
    [null, DEFAULT_PYTHON_VERSION],
    ['>=3.11', DEFAULT_PYTHON_VERSION],
    ['^3.10', DEFAULT_PYTHON_VERSION],
    ['~3.11', '3.11'],
    ['>=3.9,<3.12', '3.11'],
    ['>=3.13', '3.13'],
    ['==3.10.*', '3.10'],
    ['>=3.15', '3.15'],
    ['3', '3.13'],
    ['not a range', DEFAULT_PYTHON_VERSION],
  ])('%s → python:%s', (v, line) => {
    expect(pythonLineFor(v)).toBe(line);
    expect(pythonImage(pythonLineFor(v))).toBe(`python:${line}-slim-bookworm`);
  });
});

describe('python stack: start command', () => {
  it('resolves the PORT expansion to the port the image sets, so no shell is needed', () => {
    expect(pythonStartArgv('gunicorn --bind 0.0.0.0:${PORT:-8000} main:app', 8000)).toEqual({
      argv: ['gunicorn', '--bind', '0.0.0.0:8000', 'main:app'],
      shell: false,
    });
    expect(pythonStartArgv('uvicorn a:b --port $PORT', 5000).argv).toEqual([
      'uvicorn',
      'a:b',
      '--port',
      '5000',
    ]);
    expect(pythonStartArgv('uvicorn a:b --port ${PORT}', 9000).argv).toEqual([
      'uvicorn',
      'a:b',
      '--port',
      '9000',
    ]);
    // A worker has no port: the command's own default stands in.
    expect(pythonStartArgv('python bot.py --port ${PORT:-7000}', null).argv).toEqual([
      'python',
      'bot.py',
      '--port',
      '7000',
    ]);
  });

  it('keeps sh -c, in exec form and explained, only when the command needs a shell', () => {
    const r = pythonStartArgv('python manage.py migrate && gunicorn app:app', 8000);
    expect(r).toEqual({ argv: ['sh', '-c', 'python manage.py migrate && gunicorn app:app'], shell: true });
    const text = contentOf(
      generated(
        pyService({ port: 8000, commands: { start: 'gunicorn app:app --workers ${WEB_CONCURRENCY:-2}' } }),
      ),
      'dockerfile',
    );
    expect(text).toContain('CMD ["sh","-c","gunicorn app:app --workers ${WEB_CONCURRENCY:-2}"]');
    expect(text).toMatch(/^# The start command needs a shell .* `exec <server>`/m);
  });

  it('probes health with the standard library only', () => {
    expect(pythonProbe('http://127.0.0.1:8000/health')).toEqual([
      'python',
      '-c',
      "import urllib.request,sys; r=urllib.request.urlopen('http://127.0.0.1:8000/health',timeout=4); sys.exit(0 if 200<=r.status<300 else 1)",
    ]);
    expect(pythonProbe("http://127.0.0.1:8000/it's")[2]).toContain('"http://127.0.0.1:8000/it\'s"');
  });
});

describe('python stack: details', () => {
  it('collects Django static files at build time with a throwaway SECRET_KEY for that RUN only', () => {
    const plan = generated(fixtureService('python-django-poetry'));
    const text = contentOf(plan, 'dockerfile');
    expect(text).toContain(
      'RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput',
    );
    // Never in an ENV (it would stay in the image), never in the runtime stage, no migrations.
    expect(text).not.toMatch(/^ENV[^\n]*SECRET_KEY/m);
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    expect(runtime).not.toContain('collectstatic');
    expect(text).not.toMatch(/^RUN .*migrate/m);
    expect(runtime).toMatch(/^# Migrations are not run at start: run `python manage.py migrate`/m);
  });

  it('sets both usual SECRET_KEY names when the settings name none', () => {
    const text = contentOf(
      generated(
        pyService({
          framework: 'django',
          commands: { build: 'python manage.py collectstatic --noinput' },
        }),
      ),
      'dockerfile',
    );
    expect(text).toContain(
      'RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic',
    );
  });

  it('installs the tool in the builder before the venv is on PATH, pinned', () => {
    const text = contentOf(generated(fixtureService('python-fastapi-uv')), 'dockerfile');
    const tool = text.indexOf(`pip install ${PYTHON_TOOL_PINS.uv}`);
    expect(tool).toBeGreaterThan(0);
    expect(tool).toBeLessThan(text.indexOf('PATH=/opt/venv/bin'));
    // uv makes the venv at UV_PROJECT_ENVIRONMENT itself; no index URL is hard-coded anywhere.
    expect(text).toContain('UV_PROJECT_ENVIRONMENT=/opt/venv');
    expect(text).not.toContain('python -m venv');
    expect(text).not.toMatch(/index-url|--index/);
    // Then the project itself, after the source.
    expect(text).toMatch(
      /COPY \. \.\nRUN --mount=type=cache,target=\/root\/.cache\/uv \\\n {4}uv sync --frozen --no-dev\n/,
    );
  });

  it('uses Poetry 1.8 for a lockfile that needs --no-dev, and installs the root package after the source', () => {
    const s = pyService({
      packageManager: 'poetry',
      evidence: { packageManager: ev('poetry.lock') },
      commands: { install: 'poetry install --no-dev' },
    });
    const text = contentOf(generated(s), 'dockerfile');
    expect(text).toContain(`pip install ${PYTHON_TOOL_PINS.poetryLegacy}`);
    expect(text).toMatch(/poetry install --no-dev --no-root\nCOPY \. \./);
    expect(text).toMatch(/COPY \. \.\nRUN [^\n]*\\\n {4}poetry install --no-dev\n/);
  });

  it('copies a nested requirements folder whole, so its -r includes resolve', () => {
    const text = contentOf(
      generated(pyService({ commands: { install: 'pip install --no-cache-dir -r requirements/prod.txt' } })),
      'dockerfile',
    );
    expect(text).toContain('COPY requirements/ ./requirements/\n');
    expect(text).toContain('pip install -r requirements/prod.txt');
  });

  it('installs a plain pyproject app after the source (its dependencies live in the package)', () => {
    const text = contentOf(generated(pyService({ commands: { install: 'pip install .' } })), 'dockerfile');
    expect(text).toMatch(
      /COPY \. \.\nRUN --mount=type=cache,target=\/root\/.cache\/pip \\\n {4}pip install \.\n/,
    );
  });

  it('leaves out the HEALTHCHECK with a reason when there is no health path', () => {
    const plan = generated(pyService({ port: 8000 }));
    expect(contentOf(plan, 'dockerfile')).not.toMatch(/^HEALTHCHECK/m);
    expect(plan.runtime.noHealthcheckReason).toMatch(/no health endpoint/);
    assertAuditClean('Dockerfile', contentOf(plan, 'dockerfile'));
  });

  it('gives services sharing a folder their own Dockerfile and one .dockerignore', () => {
    const web = pyService({ name: 'web', port: 8000, healthPath: '/health' });
    const worker = pyService({ name: 'worker', kind: 'worker', commands: { start: 'celery -A app worker' } });
    const plans = planDockerfiles(makeModel([web, worker]), makeChoices());
    expect(plans.flatMap((p) => (isSkipped(p) ? [] : p.artifacts.map((a) => a.path)))).toEqual([
      'web.Dockerfile',
      '.dockerignore',
      'worker.Dockerfile',
    ]);
  });
});

describe('python stack: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    ['no start', pyService({ commands: { start: null } }), /no start command/],
    [
      'uv without uv.lock',
      pyService({ packageManager: 'uv', commands: { install: 'uv sync --no-dev' } }),
      /run `uv lock` and commit uv\.lock/,
    ],
    [
      'uv.lock in a folder that is not above the service (not its workspace)',
      pyService({
        path: 'services/api',
        packageManager: 'uv',
        evidence: { packageManager: ev('tools/uv.lock') },
        commands: { install: 'uv sync --frozen --no-dev --package api' },
      }),
      /its lockfile tools\/uv\.lock is outside the service folder/,
    ],
    [
      'uv workspace member whose install does not select it',
      pyService({
        path: 'services/api',
        packageManager: 'uv',
        evidence: { packageManager: ev('uv.lock') },
        commands: { install: 'uv sync --frozen --no-dev' },
      }),
      /uv workspace member: .* does not select it with --package/,
    ],
    [
      'pipenv without a lock',
      pyService({ packageManager: 'pipenv', commands: { install: 'pipenv install --skip-lock' } }),
      /pipenv lock/,
    ],
    [
      'unknown installer',
      pyService({ packageManager: 'rye', commands: { install: 'rye sync' } }),
      /package manager "rye"/,
    ],
  ])('%s', (_name, service, reason) => {
    const plan = dockerfilePlanFor(service, makeChoices());
    expect(isSkipped(plan) && plan.skipped).toMatch(reason);
  });

  it('claims Python services but not static sites built with Python tools', () => {
    expect(stackFor(pyService())).toBe(pythonStack);
    expect(pythonStack.handles(pyService({ kind: 'static' }))).toBe(false);
  });
});

describe('python stack: uv workspace members (test/fixtures/repos/python-uv-workspace)', () => {
  const service = fixtureService('python-uv-workspace');
  const plan = generated(service);
  const dockerfile = contentOf(plan, 'dockerfile');
  const stages = stagesOf(dockerfile);
  const lines = (i: number) =>
    (stages[i]?.body ?? []).map((x) => `${x.getKeyword()} ${x.getArgumentsContent()}`);

  it('is built from the workspace root, with its Dockerfile in the member folder', () => {
    expect(service).toMatchObject({ name: 'api', path: 'services/api', packageManager: 'uv' });
    expect(plan.contextPath).toBe('.');
    expect(plan.dockerfilePath).toBe('services/api/Dockerfile');
    expect(plan.artifacts.map((a) => a.path)).toEqual(['services/api/Dockerfile', '.dockerignore']);
    expect(contentOf(plan, 'ignore')).toContain('from the workspace at the repository root');
  });

  it('matches the golden Dockerfile', async () => {
    await expect(dockerfile).toMatchFileSnapshot('./__snapshots__/python-uv-workspace-member.Dockerfile');
  });

  it('means what a production Python image should, run from the member folder', () => {
    assertPythonImage(dockerfile, {
      images: ['python:3.12-slim-bookworm'],
      user: APP_USER,
      cmd: ['uvicorn', '--app-dir', 'src', 'api.app:app', '--host', '0.0.0.0', '--port', '8000'],
      port: 8000,
      healthcheck: 'python',
      // Every member's manifest and uv.lock (collected by the manifests stage), nothing else, before the install.
      install: {
        run: /uv sync --frozen --no-dev --package api --no-install-workspace/,
        copied: ['/manifests/'],
      },
      env: { PORT: '8000', VIRTUAL_ENV: '/opt/venv' },
    });
    expect(stages.map((s) => s.name)).toEqual(['manifests', 'build', 'runtime']);
    expect(plan.runtime).toMatchObject({ user: APP_USER, port: 8000, healthPath: '/livez' });
    const runtime = stages[2];
    expect(
      instructionsOf(runtime as (typeof stages)[number], 'WORKDIR')
        .at(-1)
        ?.getArgumentsContent(),
    ).toBe('/app/services/api');
    assertAuditClean(plan.dockerfilePath, dockerfile);
  });

  it('collects the manifests, installs the locked dependencies, then the member with --package', () => {
    // manifests: the whole context, reduced to uv.lock and every pyproject.toml at its path.
    const manifests = lines(0);
    expect(manifests).toContain('COPY . .');
    expect(manifests.find((l) => l.startsWith('RUN '))).toMatch(
      /cp uv\.lock \/manifests\/ && .*find \. -name pyproject\.toml .*cp --parents -t \/manifests/,
    );
    // build: uv pinned, its venv at /opt/venv; the lockfile comes in before the source.
    const build = lines(1);
    expect(build.join('\n')).toContain('UV_PROJECT_ENVIRONMENT=/opt/venv');
    // (The parsed arguments leave out flags: the raw text says where each COPY reads from.)
    expect(dockerfile).toContain('\nCOPY --from=manifests /manifests/ ./\n');
    const lock = build.indexOf('COPY /manifests/ ./');
    const deps = build.findIndex((l) => /--no-install-workspace/.test(l));
    const source = build.indexOf('COPY . .');
    const member = build.findIndex((l) => /^RUN .*uv sync --frozen --no-dev --package api$/.test(l));
    expect(lock).toBeGreaterThan(build.findIndex((l) => l.includes(`pip install ${PYTHON_TOOL_PINS.uv}`)));
    expect([lock < deps, deps < source, source < member]).toEqual([true, true, true]);
    expect(build[member - 1]).toBe('WORKDIR /app/services/api');
    // The runtime copies the venv and the workspace from the build stage, then runs from the member folder.
    expect(dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')).match(/^COPY .*$/gm)).toEqual([
      'COPY --from=build /opt/venv /opt/venv',
      'COPY --from=build /app ./',
    ]);
    expect(lines(2).filter((l) => l.startsWith('COPY ') || l.startsWith('WORKDIR '))).toEqual([
      'WORKDIR /app',
      'COPY /opt/venv /opt/venv',
      'COPY /app ./',
      'WORKDIR /app/services/api',
    ]);
    expect(dockerfile).toMatch(/^# manifests: services\/api is a member of a uv workspace/m);
  });

  it('is deterministic', () => {
    expect(generated(fixtureService('python-uv-workspace'))).toEqual(plan);
  });

  it('builds a synthetic member of a nested workspace from that workspace', () => {
    const p = generated(
      pyService({
        name: 'worker',
        path: 'py/apps/worker',
        kind: 'worker',
        packageManager: 'uv',
        evidence: { packageManager: ev('py/uv.lock') },
        commands: { install: 'uv sync --frozen --no-dev --package=worker', start: 'python -m worker' },
      }),
    );
    expect([p.contextPath, p.dockerfilePath]).toEqual(['py', 'py/apps/worker/Dockerfile']);
    const text = contentOf(p, 'dockerfile');
    expect(text).toContain('uv sync --frozen --no-dev --package=worker --no-install-workspace');
    expect(text).toMatch(/^WORKDIR \/app\/apps\/worker\nUSER 10001:10001$/m);
    assertAuditClean(p.dockerfilePath, text);
  });
});
