import { describe, expect, it } from 'vitest';
import { detectRubyHealth } from './health.js';
import { blankRubyComments } from './ruby-source.js';

const src = (path: string, text: string) => ({ path, code: blankRubyComments(text) });

describe('detectRubyHealth', () => {
  it.each([
    ['config/routes.rb', '  get "up" => "rails/health#show", as: :rails_health_check', '/up'],
    ['config/routes.rb', '  get "/health", to: "health#show"', '/health'],
    ['config/routes.rb', "  get 'healthz' => 'status#live'", '/healthz'],
    ['app.rb', "get '/health' do\n  'ok'\nend", '/health'],
    ['app.rb', 'get("/api/v1/ping") { "pong" }', '/api/v1/ping'],
    ['app.rb', 'r.get "health" do', '/health'],
    ['config/routes.rb', 'get "/health/live", to: "health.live"', '/health/live'],
  ])('%s: %j → %s', (path, text, expected) => {
    expect(detectRubyHealth([src(path, text)])?.path).toBe(expected);
  });

  it('prefers /health over /up over /status, and ignores commented routes', () => {
    const routes = src(
      'config/routes.rb',
      ['get "status" => "x#y"', 'get "up" => "rails/health#show"', '# get "/health" => "h#s"'].join('\n'),
    );
    const m = detectRubyHealth([routes]);
    expect(m?.path).toBe('/up');
    expect(m?.evidence).toMatchObject({ file: 'config/routes.rb', line: 2 });
    expect(m?.evidence.reason).toMatch(/Rails::HealthController/);
  });

  it('does not treat unrelated routes or YAML as health routes', () => {
    expect(detectRubyHealth([src('config/routes.rb', 'get "/healthy-recipes", to: "r#i"')])).toBeNull();
    expect(detectRubyHealth([{ path: 'config/x.yml', code: 'get "/health"' }])).toBeNull();
  });
});
