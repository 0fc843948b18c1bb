import { describe, expect, it } from 'vitest';
import { detectFramework, NODE_FRAMEWORKS } from './frameworks.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';

function pkg(deps: Record<string, string>, devDeps: Record<string, string> = {}): ParsedPackage {
  const text = JSON.stringify({ name: 'a', dependencies: deps, devDependencies: devDeps }, null, 2);
  const r = parsePackageJsonText('package.json', text);
  if (!r.ok) throw new Error('bad test input');
  return r.value;
}

const always = (): boolean => true;
const never = (): boolean => false;

describe('NODE_FRAMEWORKS table', () => {
  it('has unique ids, dependencies and priorities (priority decides, never list order)', () => {
    const ids = NODE_FRAMEWORKS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(NODE_FRAMEWORKS.map((f) => f.dependency)).size).toBe(ids.length);
    expect(new Set(NODE_FRAMEWORKS.map((f) => f.priority)).size).toBe(ids.length);
  });

  it('server frameworks outrank static builders; Nest outranks Express and Fastify', () => {
    const by = Object.fromEntries(NODE_FRAMEWORKS.map((f) => [f.id, f]));
    const minWeb = Math.min(...NODE_FRAMEWORKS.filter((f) => f.kind === 'web').map((f) => f.priority));
    const maxStatic = Math.max(...NODE_FRAMEWORKS.filter((f) => f.kind === 'static').map((f) => f.priority));
    expect(minWeb).toBeGreaterThan(maxStatic);
    expect(by.nest?.priority).toBeGreaterThan(by.express?.priority ?? 0);
    expect(by.nest?.priority).toBeGreaterThan(by.fastify?.priority ?? 0);
  });
});

describe('detectFramework', () => {
  it.each([
    [{ express: '4' }, {}, 'express'],
    [{ fastify: '4' }, {}, 'fastify'],
    [{ koa: '2' }, {}, 'koa'],
    [{ '@hapi/hapi': '21' }, {}, 'hapi'],
    [{ next: '14', react: '18' }, {}, 'next'],
    [{ '@nestjs/core': '10', express: '4', '@nestjs/platform-express': '10' }, {}, 'nest'],
    [{ react: '18' }, { vite: '5' }, 'vite'],
    [{ react: '18', 'react-scripts': '5' }, {}, 'create-react-app'],
    [{}, { express: '4', vite: '5' }, 'vite'],
    [{ express: '4' }, { vite: '5' }, 'express'],
    [{ lodash: '4' }, {}, null],
  ])('%j + dev %j → %s', (deps, devDeps, id) => {
    expect(detectFramework(pkg(deps, devDeps), always)?.entry.id ?? null).toBe(id);
  });

  it('records the dependency line and what it outranks', () => {
    const m = detectFramework(pkg({ '@nestjs/core': '10', express: '4' }), always);
    expect(m?.evidence[0]).toMatchObject({ file: 'package.json', line: 4, confidence: 'strong' });
    expect(m?.evidence[0]?.reason).toContain('outranks express');
    expect(m?.others.map((o) => o.id)).toEqual(['express']);
  });

  it('a static builder without its app marker (index.html) is a library build tool', () => {
    expect(detectFramework(pkg({}, { vite: '5' }), never)).toBeNull();
  });
});
