import { describe, expect, it } from 'vitest';
import { detectRubyPort } from './port.js';
import { blankRubyComments } from './ruby-source.js';

const src = (path: string, text: string) => ({ path, code: blankRubyComments(text) });

describe('detectRubyPort', () => {
  it.each([
    ['config/puma.rb', 'port ENV.fetch("PORT") { 3000 }', 3000],
    ['config/puma.rb', "port ENV.fetch('PORT', 4000)", 4000],
    ['config/puma.rb', 'port 9000', 9000],
    ['config/puma.rb', 'bind "tcp://0.0.0.0:8081"', 8081],
    ['app.rb', 'set :port, 8080', 8080],
    ['app.rb', 'set :port, ENV["PORT"] || 4567', 4567],
    ['app.rb', "PORT = (ENV['PORT'] || 5000).to_i", 5000],
    ['server.rb', 'Rack::Handler::Puma.run(App, Port: 7000)', 7000],
    ['server.rb', 'server = WEBrick::HTTPServer.new(Port: 8000)', 8000],
    ['server.rb', "TCPServer.new('0.0.0.0', 2000)", 2000],
  ])('%s: %s → %d', (path, text, port) => {
    expect(detectRubyPort([src(path, text)])?.port).toBe(port);
  });

  it.each([
    ['app.rb', '# set :port, 8080'],
    ['app.rb', 'db_port = ENV.fetch("DB_PORT", 5432)'],
    ['lib/x.rb', 'port 9000'],
    ['app.rb', '=begin\nset :port, 9\n=end\n'],
  ])('ignores %s: %j', (path, text) => {
    expect(detectRubyPort([src(path, text)])).toBeNull();
  });

  it('files the start command uses win over other files', () => {
    const sources = [src('a.rb', 'set :port, 1111'), src('config/puma.rb', 'port ENV.fetch("PORT", 3000)')];
    // Without a preference, `set :port` (a literal) outranks a PORT default.
    expect(detectRubyPort(sources)?.port).toBe(1111);
    expect(detectRubyPort(sources, ['config/puma.rb'])?.port).toBe(3000);
  });

  it('evidence names the file and line', () => {
    const m = detectRubyPort([src('config/puma.rb', 'threads 5, 5\n\nport ENV.fetch("PORT") { 3000 }\n')]);
    expect(m?.evidence).toMatchObject({ file: 'config/puma.rb', line: 3, confidence: 'strong' });
  });
});
