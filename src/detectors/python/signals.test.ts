import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { detectPyBacking } from './backing.js';
import { detectPyEnv } from './env.js';
import { detectPyHealthPath } from './health.js';
import { detectCodePort } from './port.js';
import { readPythonProject } from './project.js';
import { blankPythonComments } from './python-text.js';
import type { PySource } from './source-files.js';

const src = (code: string, path = 'app.py'): PySource => ({
  path,
  rel: path,
  code: blankPythonComments(code),
});

describe('detectCodePort', () => {
  it.each([
    ['app.run(host="0.0.0.0", port=5001)', 5001],
    ['uvicorn.run("main:app", host="0.0.0.0", port=8001, reload=True)', 8001],
    ['web.run_app(app, port=8082)', 8082],
    ['demo.launch(server_name="0.0.0.0", server_port=7861)', 7861],
    ['app.listen(8889)', 8889],
    ['run_simple("0.0.0.0", 5002, app)', 5002],
    ['port = int(os.environ.get("PORT", "5003"))', 5003],
    ["PORT = os.getenv('PORT', 8003)", 8003],
    ['port = env.int("PORT", default=8004)', 8004],
    ['class S(BaseSettings):\n    port: int = 8005\n', 8005],
    ['db_port = os.getenv("DB_PORT", 5432)', null],
    ['# app.run(port=1234)', null],
  ])('%j → %s', (code, port) => expect(detectCodePort([src(code)], null)?.port ?? null).toBe(port));

  it('the file the command runs wins over other files', () => {
    const r = detectCodePort([src('app.run(port=5000)', 'a.py'), src('PORT = 9000', 'main.py')], 'main.py');
    expect(r?.port).toBe(9000);
  });
});

describe('detectPyHealthPath', () => {
  it.each([
    ['@app.get("/health")\n', '/health'],
    ["@router.get('/api/v1/healthz')\n", '/api/v1/healthz'],
    ['@bp.route("/ping", methods=["GET"])\n', '/ping'],
    ['@get("/livez")\n', '/livez'],
    ['app.add_url_rule("/status", view_func=s)\n', '/status'],
    ['app.router.add_get("/healthz", h)\n', '/healthz'],
    ['routes = [Route("/health", endpoint=h)]\n', '/health'],
    ['urlpatterns = [path("health/", views.health)]\n', '/health/'],
    ['urlpatterns = [re_path(r"^healthz/?$", v)]\n', '/healthz/'],
    ['@app.get("/users")\n', null],
    ['# @app.get("/health")\n', null],
  ])('%j → %s', (code, path) => expect(detectPyHealthPath([src(code)])?.path ?? null).toBe(path));

  it('liveness names and shorter paths are preferred', () => {
    const r = detectPyHealthPath([
      src('@app.get("/readyz")\n@app.get("/api/health")\n@app.get("/health")\n'),
    ]);
    expect(r?.path).toBe('/health');
    expect(r?.evidence.line).toBe(3);
  });
});

describe('detectPyEnv', () => {
  const fs = new MemoryRepoFs({ '.env.example': 'API_KEY=abc\nFEATURE_X=on\n' });
  it('reads every common form and merges example files', () => {
    const { env } = detectPyEnv(fs, '.', [
      src(
        [
          'import os',
          'A = os.environ["A_VAR"]',
          'B = os.environ.get("B_VAR", "b")',
          'C = os.getenv("C_VAR", 3)',
          'D = os.getenv("D_PASSWORD", "hunter2")',
          'E = os.getenv("E_VAR", None)',
          '# os.getenv("COMMENTED")',
        ].join('\n'),
      ),
      src('import environ\nenv = environ.Env()\nX = env.bool("DEBUG", default=False)\n', 'settings.py'),
      src('from decouple import config\nY = config("SENTRY_DSN", default="")\n', 'conf.py'),
      src('def env(x): pass\nenv("NOT_ENV")\n', 'other.py'),
    ]);
    expect(env.map((e) => [e.name, e.secret, e.default])).toEqual([
      ['API_KEY', true, null],
      ['A_VAR', false, null],
      ['B_VAR', false, 'b'],
      ['C_VAR', false, '3'],
      ['DEBUG', false, 'False'],
      ['D_PASSWORD', true, null],
      ['E_VAR', false, null],
      ['FEATURE_X', false, 'on'],
      ['SENTRY_DSN', true, null],
    ]);
  });

  it('pydantic BaseSettings fields, with env_prefix, are weak evidence', () => {
    const { env } = detectPyEnv(new MemoryRepoFs({}), '.', [
      src(
        'class Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="APP_")\n    redis_url: str = "redis://r"\n    timeout: int = Field(5)\n\n    def x(self): pass\n\nother: int = 1\n',
      ),
    ]);
    expect(env.map((e) => [e.name, e.default, e.evidence[0]?.confidence])).toEqual([
      ['APP_REDIS_URL', 'redis://r', 'weak'],
      ['APP_TIMEOUT', null, 'weak'],
    ]);
  });
});

describe('detectPyBacking', () => {
  it('drivers, extras, URLs and Django engines, one entry per kind', () => {
    const fs = new MemoryRepoFs({
      'requirements.txt': 'psycopg[binary]\ncelery[redis]\npika\nboto3\nsqlalchemy\n',
    });
    const b = detectPyBacking(
      readPythonProject(fs, '.'),
      [
        src('engine = create_engine("mysql+pymysql://u:p@h/db")\n'),
        src('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}', 'settings.py'),
      ],
      new Set(['DATABASE_URL', 'CELERY_BROKER_URL']),
    );
    expect(b.map((x) => [x.kind, x.via, x.envVar, x.evidence.length])).toEqual([
      ['mysql', 'mysql', 'DATABASE_URL', 1],
      ['postgresql', 'psycopg', 'DATABASE_URL', 2],
      ['rabbitmq', 'pika', 'CELERY_BROKER_URL', 1],
      ['redis', 'celery', 'CELERY_BROKER_URL', 1],
      ['s3', 'boto3', null, 1],
    ]);
    expect(b.find((x) => x.kind === 's3')?.evidence[0]?.confidence).toBe('weak');
  });

  it('celery without a broker extra reveals no broker', () => {
    const fs = new MemoryRepoFs({ 'requirements.txt': 'celery\n' });
    expect(detectPyBacking(readPythonProject(fs, '.'), [], new Set())).toEqual([]);
  });
});
