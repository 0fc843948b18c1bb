import { describe, expect, it } from 'vitest';
import { blankRubyComments, blankYamlComments, isRubySourcePath } from './ruby-source.js';

describe('blankRubyComments', () => {
  it('blanks # comments and =begin blocks, keeping strings, interpolation and line count', () => {
    const src = [
      'a = "#{x} # not a comment" # comment',
      "b = '#'",
      '=begin',
      'set :port, 1',
      '=end',
      'c = ?#',
      'd = 1 # tail',
    ].join('\n');
    const out = blankRubyComments(src);
    expect(out.split('\n')).toHaveLength(7);
    expect(out.length).toBe(src.length);
    expect(out).toContain('"#{x} # not a comment"');
    expect(out).toContain("b = '#'");
    expect(out).not.toContain('comment"  #');
    expect(out).not.toContain('set :port');
    expect(out).not.toContain('tail');
  });
});

describe('blankYamlComments', () => {
  it('blanks comment lines and trailing comments, not # inside values', () => {
    const out = blankYamlComments('# url: <%= ENV["X"] %>\nkey: a#b # note\n');
    expect(out).not.toContain('ENV');
    expect(out).toContain('key: a#b');
    expect(out).not.toContain('note');
  });
});

describe('isRubySourcePath', () => {
  it.each([
    ['app.rb', true],
    ['config.ru', true],
    ['Rakefile', true],
    ['config/database.yml', true],
    ['app/models/user.rb', true],
    ['spec/models/user_spec.rb', false],
    ['test/user_test.rb', false],
    ['vendor/bundle/ruby/3.3.0/gems/rack/lib/rack.rb', false],
    ['db/migrate/001_create_users.rb', false],
    ['app/models/user_test.rb', false],
    ['locales/en.yml', false],
  ])('%s → %s', (p, expected) => {
    expect(isRubySourcePath(p)).toBe(expected);
  });
});
