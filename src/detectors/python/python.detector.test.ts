// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${PORT:-8000} is shell parameter expansion in expected start commands
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { pythonDetector } from './python.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return pythonDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return pythonDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  path: string;
  name: string;
  kind: Service['kind'];
  framework: string | null;
  packageManager: string | null;
  languageVersion: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  /** kind → envVar */
  backing: Record<string, string | null>;
  /** name → secret */
  env: Record<string, boolean>;
  /** Facts that must carry evidence. */
  facts: FactName[];
  /** Diagnostics expected, as [file, severity]. */
  diagnostics?: [string, string][];
}

const GUNICORN = 'gunicorn --bind 0.0.0.0:${PORT:-8000}';

const ROWS: Row[] = [
  {
    fixture: 'python-flask-pip',
    path: '.',
    name: 'app',
    kind: 'web',
    framework: 'flask',
    packageManager: 'pip',
    languageVersion: '3.11.4',
    commands: {
      install: 'pip install --no-cache-dir -r requirements.txt',
      build: null,
      start: `${GUNICORN} app:app`,
    },
    // gunicorn binds 8000; app.run(port=5000) only runs under `python app.py`.
    port: 8000,
    healthPath: '/healthz',
    backing: { postgresql: 'DATABASE_URL', redis: 'REDIS_URL' },
    env: { DATABASE_URL: true, LOG_LEVEL: false, REDIS_URL: false, SECRET_KEY: true },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'python-fastapi-uv',
    path: '.',
    name: 'inventory-api',
    kind: 'web',
    framework: 'fastapi',
    packageManager: 'uv',
    languageVersion: '3.12.4',
    commands: {
      install: 'uv sync --frozen --no-dev',
      build: null,
      start: 'uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-8000}',
    },
    port: 8000,
    healthPath: '/health',
    backing: { postgresql: 'INVENTORY_DATABASE_URL', s3: 'INVENTORY_S3_BUCKET' },
    env: {
      INVENTORY_API_TOKEN: true,
      INVENTORY_DATABASE_URL: false,
      INVENTORY_S3_BUCKET: false,
      WEB_CONCURRENCY: false,
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'python-django-poetry',
    path: '.',
    name: 'shop',
    kind: 'web',
    framework: 'django',
    packageManager: 'poetry',
    languageVersion: '3.11.9',
    commands: {
      install: 'poetry install --only main --no-root',
      build: 'python manage.py collectstatic --noinput',
      start: `${GUNICORN} shop.wsgi:application`,
    },
    port: 8000,
    healthPath: '/healthz/',
    backing: { postgresql: 'POSTGRES_HOST', redis: 'CELERY_BROKER_URL' },
    env: {
      CELERY_BROKER_URL: false,
      DJANGO_ALLOWED_HOSTS: false,
      DJANGO_DEBUG: false,
      DJANGO_SECRET_KEY: true,
      POSTGRES_DB: false,
      POSTGRES_HOST: false,
      POSTGRES_PASSWORD: true,
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'python-procfile-conflict',
    path: '.',
    name: 'app',
    kind: 'web',
    framework: 'flask',
    packageManager: 'pip',
    languageVersion: null,
    commands: {
      install: 'pip install --no-cache-dir -r requirements.txt',
      build: null,
      start: 'gunicorn --workers 3 --bind 0.0.0.0:5050 server:app',
    },
    port: 5050,
    healthPath: '/ping',
    backing: {},
    env: { PORT: false },
    facts: ['kind', 'language', 'framework', 'packageManager', 'install', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'python-streamlit-pipenv',
    path: '.',
    name: 'app',
    kind: 'web',
    framework: 'streamlit',
    packageManager: 'pipenv',
    languageVersion: '3.11',
    commands: {
      install: 'pipenv install --deploy',
      build: null,
      start: 'streamlit run streamlit_app.py --server.port ${PORT:-8501} --server.address 0.0.0.0',
    },
    port: 8501,
    healthPath: null,
    backing: { mongodb: 'MONGODB_URI' },
    env: { MONGODB_URI: false },
    facts: ['kind', 'language', 'languageVersion', 'framework', 'packageManager', 'install', 'start', 'port'],
  },
  {
    fixture: 'python-celery-pdm',
    path: '.',
    name: 'mailer',
    kind: 'worker',
    framework: 'celery',
    packageManager: 'pdm',
    languageVersion: '3.12',
    commands: {
      install: 'pdm install --prod --frozen-lockfile',
      build: null,
      start: 'celery -A tasks worker --loglevel=info',
    },
    port: null,
    healthPath: null,
    backing: { redis: 'REDIS_URL' },
    env: { REDIS_URL: false, SMTP_HOST: false, SMTP_PASSWORD: true },
    facts: ['kind', 'language', 'languageVersion', 'framework', 'packageManager', 'install', 'start'],
  },
  {
    fixture: 'python-bot-script',
    path: '.',
    name: 'app',
    kind: 'worker',
    framework: null,
    packageManager: 'pip',
    languageVersion: null,
    commands: {
      install: 'pip install --no-cache-dir -r requirements.txt',
      build: null,
      start: 'python discord_bot.py',
    },
    port: null,
    healthPath: null,
    backing: {},
    env: { DISCORD_TOKEN: true },
    facts: ['kind', 'language', 'packageManager', 'install', 'start'],
  },
  {
    fixture: 'python-uv-workspace',
    path: 'services/api',
    name: 'api',
    kind: 'web',
    framework: 'litestar',
    packageManager: 'uv',
    languageVersion: '3.12',
    commands: {
      install: 'uv sync --frozen --no-dev --package api',
      build: null,
      start: 'uvicorn --app-dir src api.app:app --host 0.0.0.0 --port ${PORT:-8000}',
    },
    port: 8000,
    healthPath: '/livez',
    backing: { redis: 'REDIS_URL' },
    env: { REDIS_URL: false },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'python-empty-files',
    path: '.',
    name: 'app',
    kind: 'web',
    framework: 'fastapi',
    packageManager: 'pip',
    languageVersion: null,
    commands: {
      install: 'pip install --no-cache-dir -r requirements.txt',
      build: null,
      // main.py and app.py are both empty: FastAPI's convention (main.py) decides.
      start: 'uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}',
    },
    port: 8000,
    healthPath: null,
    backing: {},
    env: {},
    facts: ['kind', 'language', 'framework', 'packageManager', 'install', 'start', 'port'],
    diagnostics: [['uv.lock', 'warning']],
  },
  {
    fixture: 'python-malformed',
    path: '.',
    name: 'app',
    kind: 'worker',
    framework: null,
    packageManager: null,
    languageVersion: null,
    commands: { install: null, build: null, start: 'python main.py' },
    port: null,
    healthPath: null,
    backing: {},
    env: {},
    facts: ['kind', 'language', 'start'],
    diagnostics: [
      ['pyproject.toml', 'error'],
      ['.python-version', 'warning'],
    ],
  },
];

describe('pythonDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics.map((d) => [d.file, d.severity])).toEqual(row.diagnostics ?? []);
    expect(services).toHaveLength(1);
    const s = services[0] as Service;
    expect(() => Service.parse(s)).not.toThrow();
    expect({
      path: s.path,
      name: s.name,
      kind: s.kind,
      language: s.language,
      framework: s.framework,
      packageManager: s.packageManager,
      languageVersion: s.languageVersion,
      commands: s.commands,
      port: s.port,
      healthPath: s.healthPath,
      outputDir: s.outputDir,
    }).toEqual({
      path: row.path,
      name: row.name,
      kind: row.kind,
      language: 'python',
      framework: row.framework,
      packageManager: row.packageManager,
      languageVersion: row.languageVersion,
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
      outputDir: null,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, e.secret]))).toEqual(row.env);
    for (const b of s.backing) expect(b.evidence.length).toBeGreaterThan(0);
    for (const e of s.env) expect(e.evidence.length).toBeGreaterThan(0);
    for (const fact of row.facts) {
      const ev = s.evidence[fact];
      expect(ev?.length, `evidence for ${fact}`).toBeGreaterThan(0);
      for (const e of ev ?? []) {
        expect(e.file, `evidence file for ${fact}`).toMatch(/\S/);
        expect(e.file.startsWith('/'), 'evidence paths are repo-relative').toBe(false);
      }
    }
  });

  it('python-library: a package with no entry point is not a service; docs/requirements.txt is not one', () => {
    expect(detectFixture('python-library')).toEqual({ services: [], diagnostics: [] });
  });

  it('python-procfile-conflict: the Procfile port wins and the conflicting ones are listed', () => {
    const s = detectFixture('python-procfile-conflict').services[0] as Service;
    expect(s.evidence.port?.map((e) => [e.file, e.confidence, e.reason])).toEqual([
      ['Procfile', 'explicit', 'the start command binds port 5050'],
      ['server.py', 'weak', 'PORT defaults to 8080 in server.py (not used: 5050 is more explicit)'],
      ['requirements.txt', 'weak', 'flask listens on 5000 by default (not used: 5050 is more explicit)'],
    ]);
    // The release process is recorded with the start command.
    expect(s.evidence.start?.map((e) => e.reason)).toContain(
      'run "flask --app server db upgrade" as a release step before starting',
    );
  });

  it('python-flask-pip: app.run(port=5000) is listed as unused evidence, tests are not scanned', () => {
    const s = detectFixture('python-flask-pip').services[0] as Service;
    expect(s.evidence.port?.[1]).toMatchObject({ file: 'app.py', line: 26, confidence: 'weak' });
    expect(s.env.map((e) => e.name)).not.toContain('TEST_ONLY_VAR');
    // The sample password in .env.example is never turned into a default.
    expect(s.env.find((e) => e.name === 'DATABASE_URL')?.default).toBeNull();
    expect(s.env.find((e) => e.name === 'REDIS_URL')?.default).toBe('redis://localhost:6379/0');
  });

  it('python-django-poetry: the migrate release step is noted on the start evidence', () => {
    const s = detectFixture('python-django-poetry').services[0] as Service;
    expect(s.evidence.start?.[0]).toMatchObject({
      file: 'shop/settings/base.py',
      line: 19,
      confidence: 'explicit',
    });
    expect(s.evidence.start?.at(-1)).toMatchObject({
      file: 'Procfile',
      reason: 'run "python manage.py migrate --noinput" as a release step before starting',
    });
    // uvicorn is only a dev dependency: it is not the server.
    expect(s.commands.start).not.toMatch(/uvicorn/);
  });

  it('python-uv-workspace: the workspace root and the library member are not services', () => {
    const { services } = detectFixture('python-uv-workspace');
    expect(services.map((s) => s.path)).toEqual(['services/api']);
  });
});

describe('pythonDetector rules', () => {
  it('detects a lone script at the root, with no manifest (the peer corpus python-bot-only)', () => {
    const { services } = detectMemory({ 'bot.py': '' });
    expect(services[0]).toMatchObject({
      kind: 'worker',
      packageManager: null,
      commands: { start: 'python bot.py' },
    });
  });

  it('a root Procfile that runs a Python program makes the root a project', () => {
    const { services } = detectMemory({ Procfile: 'worker: python -u feeds.py\n', 'feeds.py': '' });
    expect(services[0]).toMatchObject({ kind: 'worker', commands: { start: 'python -u feeds.py' } });
    expect(detectMemory({ Procfile: 'web: ./server\n' }).services).toEqual([]);
  });

  it('FastHTML requires uvicorn, so its app is served by uvicorn', () => {
    const { services } = detectMemory({ 'requirements.txt': 'python-fasthtml\n', 'main.py': '' });
    expect(services[0]).toMatchObject({
      framework: 'fasthtml',
      port: 8000,
      commands: { start: 'uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}' },
    });
  });

  it('a lone main.py beside another ecosystem manifest is a helper script, not a service', () => {
    expect(detectMemory({ 'package.json': '{}', 'main.py': '' }).services).toEqual([]);
  });

  it('a requirements.txt with nothing to start is not a service', () => {
    expect(detectMemory({ 'requirements.txt': 'requests\n', 'lib/util.py': 'X = 1' }).services).toEqual([]);
  });

  it('a framework with no app module is a warning, not a service', () => {
    const { services, diagnostics } = detectMemory({ 'requirements.txt': 'fastapi\nuvicorn\n' });
    expect(services).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'requirements.txt', line: 1 }),
    ]);
  });

  it('Flask without gunicorn runs its own server on 5000 and warns', () => {
    const { services, diagnostics } = detectMemory({ 'requirements.txt': 'flask\n', 'main.py': '' });
    expect(services[0]).toMatchObject({ kind: 'web', port: 5000, commands: { start: 'python main.py' } });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/production WSGI server/),
      }),
    ]);
  });

  it('code that says where the app is beats conventional names', () => {
    const { services } = detectMemory({
      'requirements.txt': 'flask\ngunicorn\n',
      'app.py': '',
      'web/server.py': 'from flask import Flask\napplication = Flask(__name__)\n',
    });
    expect(services[0]?.commands.start).toBe(`${GUNICORN} web.server:application`);
    expect(services[0]?.evidence.start?.[0]).toMatchObject({
      file: 'web/server.py',
      line: 2,
      confidence: 'strong',
    });
  });

  it('an app factory is called by gunicorn and uvicorn --factory', () => {
    const factory = 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n';
    const flask = detectMemory({ 'requirements.txt': 'flask\ngunicorn\n', 'myapp/__init__.py': factory });
    expect(flask.services[0]?.commands.start).toBe(`${GUNICORN} 'myapp:create_app()'`);
    const fastapi = detectMemory({
      'requirements.txt': 'fastapi\nuvicorn\n',
      'svc.py': 'from fastapi import FastAPI\n\ndef create_app():\n    return FastAPI()\n',
    });
    expect(fastapi.services[0]?.commands.start).toBe(
      'uvicorn svc:create_app --factory --host 0.0.0.0 --port ${PORT:-8000}',
    );
  });

  it('FastAPI[standard] brings uvicorn', () => {
    const { services } = detectMemory({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi[standard]>=0.112"]\n',
      'main.py': '',
    });
    expect(services[0]?.commands.start).toBe('uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}');
    expect(services[0]?.evidence.start?.[1]?.reason).toMatch(/fastapi\[standard\] installs uvicorn/);
  });

  it('Django Channels (ASGI_APPLICATION) runs on an ASGI server even with gunicorn installed', () => {
    const { services } = detectMemory({
      'requirements.txt': 'django\ngunicorn\nchannels\ndaphne\n',
      'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chat.settings")',
      'chat/settings.py':
        'WSGI_APPLICATION = "chat.wsgi.application"\nASGI_APPLICATION = "chat.asgi.application"\n',
      'chat/wsgi.py': '',
      'chat/asgi.py': '',
    });
    expect(services[0]?.commands.start).toBe('daphne -b 0.0.0.0 -p ${PORT:-8000} chat.asgi:application');
  });

  it('Django with only uvicorn uses asgi.py beside the wsgi.py it found', () => {
    const { services } = detectMemory({
      'requirements.txt': 'Django>=5\nuvicorn\n',
      'manage.py': '',
      'site1/settings.py': '',
      'site1/wsgi.py': '',
      'site1/asgi.py': '',
    });
    expect(services[0]?.commands.start).toBe(
      'uvicorn site1.asgi:application --host 0.0.0.0 --port ${PORT:-8000}',
    );
  });

  it('Django without manage.py or wsgi.py: one warning, no service', () => {
    const { services, diagnostics } = detectMemory({
      'requirements.txt': 'django\ngunicorn\n',
    });
    expect(services).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/no manage\.py or wsgi\.py/),
      }),
    ]);
  });

  it('Django without an app server runs manage.py runserver and warns', () => {
    const { services, diagnostics } = detectMemory({
      'requirements.txt': 'django\n',
      'manage.py': '',
      'p/wsgi.py': '',
    });
    expect(services[0]).toMatchObject({
      port: 8000,
      commands: { start: 'python manage.py runserver 0.0.0.0:${PORT:-8000}' },
    });
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('a Procfile worker makes a worker even when the framework serves HTTP', () => {
    const { services } = detectMemory({
      'requirements.txt': 'flask\ngunicorn\n',
      'app.py': '',
      Procfile: 'worker: python jobs.py\n',
    });
    expect(services[0]).toMatchObject({ kind: 'worker', port: null, commands: { start: 'python jobs.py' } });
  });

  it('unwraps package-manager runners in a Procfile: the image runs the programs directly', () => {
    const { services } = detectMemory({
      'pyproject.toml':
        '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "*"\nuvicorn = "*"\n',
      'poetry.lock': '',
      Procfile: 'web: poetry run uvicorn api:app --host 0.0.0.0 --port $PORT\n',
    });
    expect(services[0]?.commands.start).toBe('uvicorn api:app --host 0.0.0.0 --port $PORT');
    // No number in the command: uvicorn's own default is the (weak) port.
    expect(services[0]?.port).toBe(8000);
    expect(services[0]?.evidence.port?.[0]?.confidence).toBe('weak');
  });

  it('gunicorn without --bind in a Procfile is an info diagnostic', () => {
    const { diagnostics } = detectMemory({
      'requirements.txt': 'flask\ngunicorn\n',
      Procfile: 'web: gunicorn app:app\n',
    });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'Procfile', line: 1 })]);
  });

  it('a Pipfile start script is the start command', () => {
    const { services } = detectMemory({
      Pipfile:
        '[packages]\nwaitress = "*"\n[scripts]\nstart = "waitress-serve --listen=0.0.0.0:9000 shop:app"\n',
    });
    expect(services[0]).toMatchObject({
      kind: 'web',
      port: 9000,
      commands: { install: 'pipenv install --skip-lock' },
    });
  });

  it('a console script runs the installed project; Poetry then installs the root', () => {
    const { services } = detectMemory({
      'pyproject.toml':
        '[tool.poetry]\nname = "feeder"\n[tool.poetry.scripts]\nfeeder = "feeder.cli:main"\n[tool.poetry.dependencies]\npython = "^3.11"\n',
      'poetry.lock':
        '# This file is automatically @generated by Poetry 1.1.15 and should not be changed by hand.\n',
      'feeder/cli.py': '',
    });
    // An old lock: --no-dev; the project itself must be installed for the feeder script to exist.
    expect(services[0]?.commands).toEqual({
      install: 'poetry install --no-dev',
      build: null,
      start: 'feeder',
    });
  });

  it('the only top-level script is the entry; task-runner files do not count', () => {
    const one = detectMemory({
      'requirements.txt': 'rich\n',
      'hello.py': '',
      'tasks.py': '',
      'lib/x.py': '',
    });
    expect(one.services[0]?.commands.start).toBe('python hello.py');
    expect(one.services[0]?.evidence.start?.[0]?.confidence).toBe('weak');
    const two = detectMemory({ 'requirements.txt': 'rich\n', 'hello.py': '', 'other.py': '' });
    expect(two.services).toEqual([]);
  });

  it('python -m for a package with __main__.py', () => {
    const { services } = detectMemory({ 'requirements.txt': 'httpx\n', 'crawler/__main__.py': '' });
    expect(services[0]?.commands.start).toBe('python -m crawler');
  });

  it('aiohttp counts as the framework only when the code builds a web application', () => {
    const client = detectMemory({ 'requirements.txt': 'aiohttp\n', 'main.py': 'import aiohttp\n' });
    expect(client.services[0]?.framework).toBeNull();
    const server = detectMemory({
      'requirements.txt': 'aiohttp\n',
      'main.py': 'from aiohttp import web\napp = web.Application()\nweb.run_app(app, port=8081)\n',
    });
    expect(server.services[0]).toMatchObject({
      framework: 'aiohttp',
      port: 8081,
      commands: { start: 'python main.py' },
    });
  });

  it('a port read from the environment in the script makes a plain script a web service', () => {
    const { services } = detectMemory({
      'main.py':
        'import os\nfrom http.server import HTTPServer\nport = int(os.environ.get("PORT", "9090"))\n',
    });
    expect(services[0]).toMatchObject({ kind: 'web', port: 9090 });
  });

  it('commented-out code does not count', () => {
    const { services } = detectMemory({
      'requirements.txt': 'flask\n',
      'app.py': '# app = Flask(__name__)\n# app.run(port=7000)\nx = "#"\n',
    });
    expect(services[0]?.port).toBe(5000);
    expect(services[0]?.evidence.start?.[0]?.confidence).toBe('weak');
  });

  it('two lockfiles: the higher-ranked wins and the other is named in a warning', () => {
    const { services, diagnostics } = detectMemory({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n',
      'uv.lock': '',
      'poetry.lock': '',
      'main.py': '',
    });
    expect(services[0]?.packageManager).toBe('uv');
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'poetry.lock' })]);
  });

  it('a pin outside requires-python is a warning naming the pin', () => {
    const { services, diagnostics } = detectMemory({
      'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.11"\n',
      '.python-version': '3.9.18\n',
      'main.py': '',
    });
    expect(services[0]?.languageVersion).toBe('3.9.18');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: '.python-version', line: 1 }),
    ]);
  });

  it('one service per project folder, names from the project name', () => {
    const { services } = detectMemory({
      'backend/requirements.txt': 'fastapi\nuvicorn\n',
      'backend/main.py': '',
      'worker/pyproject.toml': '[project]\nname = "Email_Worker"\n',
      'worker/main.py': '',
      'tests/requirements.txt': 'pytest\n',
      'tests/main.py': '',
    });
    expect(services.map((s) => [s.path, s.name, s.kind])).toEqual([
      ['backend', 'backend', 'web'],
      ['worker', 'email-worker', 'worker'],
    ]);
  });

  it('never reads .env (it may hold real secrets)', () => {
    const fs = new MemoryRepoFs({ 'main.py': '', '.env': 'REAL_SECRET=do-not-read', 'requirements.txt': '' });
    const read: string[] = [];
    const spy = Object.assign(Object.create(fs), {
      readText: (p: string) => {
        read.push(p);
        return fs.readText(p);
      },
    });
    const { services } = pythonDetector.detect({ fs: spy, dir: '.' });
    expect(read).not.toContain('.env');
    expect(services[0]?.env).toEqual([]);
  });

  it('an unreadable manifest is a diagnostic naming it; detection goes on', () => {
    const { services, diagnostics } = detectMemory({ 'requirements.txt': null, 'main.py': '' });
    expect(services[0]?.commands.start).toBe('python main.py');
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'requirements.txt', severity: 'warning' })]);
  });
});

describe('pythonDetector never throws on garbage', () => {
  const manifests: Record<string, string> = {
    'pyproject.toml': [
      '[project]',
      'name = "fuzz"',
      'requires-python = ">=3.11"',
      'dependencies = ["fastapi[standard]>=0.110", "asyncpg"]',
      '[project.scripts]',
      'fuzz = "fuzz:main"',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'flask = { version = "^3", extras = ["async"] }',
      '[tool.uv.workspace]',
      'members = ["libs/*"]',
      '',
    ].join('\n'),
    'requirements.txt':
      '-r base.txt\nflask[async]==3.0 ; python_version > "3.8"\n-e git+https://x/y.git#egg=thing\ngunicorn \\\n  >=22\n',
    Pipfile:
      '[packages]\nstreamlit = "*"\n[requires]\npython_version = "3.11"\n[scripts]\nstart = "python main.py"\n',
    'setup.py':
      'setup(name="fuzz", install_requires=["django>=4", "gunicorn"], entry_points={"console_scripts": ["fuzz = fuzz:main"]})',
    'setup.cfg': '[metadata]\nname = fuzz\n[options]\ninstall_requires =\n    bottle\n',
    '.python-version': '3.12.1\n',
    'runtime.txt': 'python-3.12.1\n',
    'mise.toml': '[tools]\npython = "3.12"\n',
    '.tool-versions': 'python 3.12.1\n',
    Procfile: 'web: gunicorn --bind 0.0.0.0:$PORT main:app\nrelease: python manage.py migrate\n',
    'main.py':
      'import os\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get("/health")\ndef h(): return os.getenv("PORT", 8000)\n',
    'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "p.settings")',
  };
  const garbage = [
    '',
    ' ',
    '\u0000',
    '[',
    ']]',
    '=',
    '"""',
    "'''",
    '[project]\ndependencies = 5\nscripts = "x"\nrequires-python = 3',
    '[tool.poetry]\ndependencies = []\nscripts = 7\n[tool.poetry.group]\ndev = 1',
    '[tool.uv.workspace]\nmembers = [1, "**", "[", "a/**/b"]',
    '[requires]\npython_version = 3.11',
    '[tools]\npython = ["3.11", 3]',
    '[tools]\npython = { version = 3 }',
    '-r ../../etc/passwd\n-r requirements.txt\n-r\n--requirement=',
    '\uFEFF[project]\nname = "bom"',
    'python-',
    'pypy3.10-7.3.12',
    'latest',
    'web:\nworker\n:',
    '{"not": "toml"}',
    'a = "\\ud800"',
  ];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const mutate = (s: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < 20; i++) out.push(s.slice(0, rand(s.length + 1)));
    for (let i = 0; i < 20; i++) {
      const at = rand(s.length);
      out.push(s.slice(0, at) + String.fromCharCode(rand(128)) + s.slice(at + 1));
    }
    return [...out, ...garbage];
  };

  it.each(Object.keys(manifests))('mutations of %s', (file) => {
    for (const variant of mutate(manifests[file] as string)) {
      const files = { ...manifests, [file]: variant };
      let result: ReturnType<typeof detectMemory> | undefined;
      expect(() => {
        result = detectMemory(files);
      }, JSON.stringify(variant)).not.toThrow();
      for (const s of result?.services ?? [])
        expect(() => Service.parse(s), JSON.stringify(variant)).not.toThrow();
    }
  });

  it.each(['pyproject.toml', 'Pipfile', 'mise.toml'])(
    'an unparseable %s is a diagnostic naming it and the line',
    (file) => {
      const { diagnostics } = detectMemory({ 'main.py': '', [file]: '[tools]\npython = "3.12\n' });
      expect(diagnostics).toEqual([
        expect.objectContaining({
          file,
          line: 2,
          message: expect.stringMatching(/^invalid TOML/),
          fix: expect.stringMatching(/line 2/),
        }),
      ]);
    },
  );

  it.each([
    ['requirements.txt', '}}} not a requirement\nrequests\n', 1],
    ['.python-version', 'three-twelve\n', 1],
    ['runtime.txt', '\n\npython-three\n', 3],
    ['.tool-versions', 'nodejs 20\npython x.y\n', 2],
  ])('an unusable %s is a warning naming it and the line', (file, text, line) => {
    const { diagnostics } = detectMemory({ 'main.py': '', [file]: text });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file, line })]);
  });

  it('empty manifests and lockfiles (presence markers) never crash or mislead', () => {
    const { services, diagnostics } = detectMemory({
      'pyproject.toml': '',
      'poetry.lock': '',
      'requirements.txt': '',
      Pipfile: '',
      'Pipfile.lock': '',
      '.python-version': '',
      'main.py': '',
    });
    // Only the real conflict is reported: two lockfiles of different tools.
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'Pipfile.lock',
        message: expect.stringMatching(/ignored/),
      }),
    ]);
    // poetry.lock is a lockfile with its pyproject.toml beside it; Pipfile.lock ranks below it.
    expect(services[0]).toMatchObject({
      packageManager: 'poetry',
      languageVersion: null,
      commands: { start: 'python main.py' },
    });
  });
});
