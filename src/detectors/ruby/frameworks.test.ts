import { describe, expect, it } from 'vitest';
import { detectRubyFramework, pickRackServer, RACK_SERVERS, RUBY_FRAMEWORKS } from './frameworks.js';
import { gemIndex, parseGemfile } from './gemfile.js';

const gems = (gemfile: string) => gemIndex(parseGemfile('Gemfile', gemfile), null, null);
const none = () => false;

describe('RUBY_FRAMEWORKS table', () => {
  it('has unique ids and unique priorities (ties would depend on list order)', () => {
    expect(new Set(RUBY_FRAMEWORKS.map((f) => f.id)).size).toBe(RUBY_FRAMEWORKS.length);
    expect(new Set(RUBY_FRAMEWORKS.map((f) => f.priority)).size).toBe(RUBY_FRAMEWORKS.length);
    expect(new Set(RACK_SERVERS.map((s) => s.priority)).size).toBe(RACK_SERVERS.length);
  });
});

describe('detectRubyFramework', () => {
  it.each([
    ['gem "rails"\ngem "sinatra"\n', 'rails'],
    ['gem "railties"\n', 'rails'],
    ['gem "sinatra"\ngem "grape"\n', 'grape'],
    ['gem "roda"\n', 'roda'],
    ['gem "hanami", "~> 2.1"\n', 'hanami'],
    ['gem "sinatra"\n', 'sinatra'],
  ])('%j → %s', (gemfile, id) => {
    expect(detectRubyFramework(gems(gemfile), none, '.')?.entry.id).toBe(id);
  });

  it('priority decides, not table order', () => {
    const reversed = [...RUBY_FRAMEWORKS].reverse();
    expect(detectRubyFramework(gems('gem "sinatra"\ngem "rails"\n'), none, '.', reversed)?.entry.id).toBe(
      'rails',
    );
  });

  it('names the gems it outranks', () => {
    const m = detectRubyFramework(gems('gem "rails"\ngem "sinatra"\n'), none, '.');
    expect(m?.evidence[0]).toMatchObject({ file: 'Gemfile', line: 1 });
    expect(m?.evidence[0]?.reason).toMatch(/outranks sinatra/);
  });

  it('a test-only gem is not the framework; config.ru alone is a Rack app', () => {
    expect(detectRubyFramework(gems('gem "sinatra", group: :test\n'), none, '.')).toBeNull();
    expect(detectRubyFramework(gems(''), (f) => f === 'config.ru', 'svc')?.evidence[0]).toMatchObject({
      file: 'svc/config.ru',
    });
  });

  it('config/application.rb reveals Rails when the Gemfile says nothing (weak)', () => {
    const m = detectRubyFramework(gems(''), (f) => f === 'config/application.rb', '.');
    expect(m?.entry.id).toBe('rails');
    expect(m?.evidence[0]?.confidence).toBe('weak');
  });
});

describe('pickRackServer', () => {
  it.each([
    ['gem "puma"\ngem "thin"\n', 'puma', 'bundle exec puma -b tcp://0.0.0.0:9292'],
    ['gem "falcon"\n', 'falcon', 'bundle exec falcon serve --bind http://0.0.0.0:9292'],
    ['gem "thin"\n', 'thin', 'bundle exec thin start -a 0.0.0.0 -p 9292'],
    ['gem "rack"\n', 'rackup', 'bundle exec rackup -o 0.0.0.0 -p 9292'],
  ])('%j → %s', (gemfile, id, command) => {
    const s = pickRackServer(gems(gemfile));
    expect(s.entry.id).toBe(id);
    expect(s.entry.command(9292, false)).toBe(command);
  });

  it('uses the server config file when present', () => {
    expect(pickRackServer(gems('gem "puma"\n')).entry.command(9292, true)).toBe(
      'bundle exec puma -C config/puma.rb',
    );
  });
});
