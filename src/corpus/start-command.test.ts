import { describe, expect, it } from 'vitest';
import { packageScriptName, sameStart, startSignature } from './start-command.js';

describe('sameStart', () => {
  it.each([
    ['gunicorn --bind 0.0.0.0:${PORT:-8000} main:app', 'gunicorn main:app --bind 0.0.0.0:8000'],
    ['uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}', 'uvicorn main:app --host 0.0.0.0 --port 8000'],
    ['ruby --enable-yjit app.rb', 'ruby app.rb'],
    ['./out', './bin/server'],
    ['./out/csharp-api', 'dotnet out/csharp-api.dll'],
    ['java $JAVA_OPTS -jar  $(ls -1 build/libs/*jar | grep -v plain)', 'java -jar build/libs/app.jar'],
    [
      'JAR_FILE=$(find /app/target -name "*.jar" | head -n 1) && bash -c "java $JAVA_OPTS -jar $JAR_FILE"',
      'java -jar target/app-standalone.jar',
    ],
    [
      'rake db:migrate && bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000}',
      'bundle exec rails server -b 0.0.0.0',
    ],
    ['caddy run --config /Caddyfile --adapter caddyfile 2>&1', 'nginx -g "daemon off;"'],
    ['python main.py', 'python3 main.py'],
    ['sh start.sh', 'bash start.sh'],
    ['next start', 'node_modules/.bin/next start'],
    ['node build', 'node build/index.js'],
    [
      'node /assets/scripts/prestart.mjs /assets/nginx.template.conf /nginx.conf && (php-fpm -y /assets/php-fpm.conf & nginx -c /nginx.conf)',
      'frankenphp php-server --listen :80 --root public/',
    ],
    ['/start-container.sh', 'php-fpm'],
    ['gunicorn mysite.wsgi', 'gunicorn --bind 0.0.0.0:8000 mysite.wsgi:application'],
  ])('%s ≡ %s', (a, b) => {
    expect(sameStart(a, b)).toBe(true);
  });

  it.each([
    ['python main.py', 'python bot.py'],
    ['gunicorn main:app', 'uvicorn main:app'],
    ['node index.js', 'node server.js'],
    ['./out', 'python main.py'],
    ['', 'node x.js'],
  ])('%s ≢ %s', (a, b) => {
    expect(sameStart(a, b)).toBe(false);
  });
});

describe('startSignature', () => {
  it('reads python -m module targets', () => {
    expect(startSignature('python -m myapp')).toEqual({ program: 'python', target: 'myapp' });
  });
});

describe('packageScriptName', () => {
  it.each([
    ['npm run start', 'start'],
    ['npm start', 'start'],
    ['yarn run start', 'start'],
    ['yarn start', 'start'],
    ['pnpm run start:prod', 'start:prod'],
    ['bun run start', 'start'],
    ['node index.js', null],
    ['npm ci', null],
  ])('%s → %s', (cmd, name) => {
    expect(packageScriptName(cmd)).toBe(name);
  });
});
