import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { parseRequirementString, readRequirements } from './requirements.js';

describe('parseRequirementString', () => {
  it.each([
    ['flask', { name: 'flask', extras: [] }],
    ['Flask==3.0.3', { name: 'flask', extras: [] }],
    ['uvicorn[standard]>=0.30', { name: 'uvicorn', extras: ['standard'] }],
    ['celery[Redis, msgpack] ; python_version >= "3.8"', { name: 'celery', extras: ['redis', 'msgpack'] }],
    ['requests (>=2.0)', { name: 'requests', extras: [] }],
    ['pkg @ https://example.com/pkg.whl', { name: 'pkg', extras: [] }],
    ['zope.interface~=6.0', { name: 'zope-interface', extras: [] }],
    ['}}}', null],
    ['not a requirement', null],
    ['', null],
  ])('%j', (spec, expected) => expect(parseRequirementString(spec)).toEqual(expected));
});

describe('readRequirements', () => {
  it('follows -r includes relative to the including file, once each', () => {
    const fs = new MemoryRepoFs({
      'requirements.txt': '-r requirements/base.txt\ngunicorn==22  # server\n',
      'requirements/base.txt':
        '--index-url https://pypi.org/simple\n-r ../requirements.txt\nDjango>=5 \\\n  ,<6\n',
    });
    const r = readRequirements(fs, 'requirements.txt');
    expect(r.files).toEqual(['requirements.txt', 'requirements/base.txt']);
    expect(r.requirements.map((q) => [q.name, q.file, q.line])).toEqual([
      ['django', 'requirements/base.txt', 3],
      ['gunicorn', 'requirements.txt', 2],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('understands editable, VCS and local installs; names come from #egg=', () => {
    const fs = new MemoryRepoFs({
      'requirements.txt':
        '-e .\n-e git+https://github.com/a/b.git#egg=mylib\n./vendor/x\nhttps://h/y.whl\n--hash=sha256:00\n',
    });
    const r = readRequirements(fs, 'requirements.txt');
    expect(r.requirements.map((q) => q.name)).toEqual(['mylib']);
    expect(r.installsOther).toBe(true);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports a missing include at the -r line, and bad lines of the file', () => {
    const fs = new MemoryRepoFs({ 'requirements.txt': 'flask\n-r missing.txt\n??? nope\n!!\n' });
    const r = readRequirements(fs, 'requirements.txt');
    expect(r.requirements.map((q) => q.name)).toEqual(['flask']);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        file: 'requirements.txt',
        line: 2,
        message: 'includes missing.txt, which does not exist',
      }),
      expect.objectContaining({
        file: 'requirements.txt',
        line: 3,
        message: '2 lines are not a requirement (line 3, 4)',
      }),
    ]);
  });

  it('never leaves the repository through -r ../', () => {
    const fs = new MemoryRepoFs({ 'requirements.txt': '-r ../../etc/requirements.txt\n' });
    expect(readRequirements(fs, 'requirements.txt')).toEqual({
      requirements: [],
      files: ['requirements.txt'],
      diagnostics: [],
      installsOther: false,
    });
  });
});
