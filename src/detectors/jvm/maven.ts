import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf, joinRel } from '../paths.js';
import { orderedFinder } from '../shared/lines.js';
import { escapeRe } from '../shared/regex.js';
import { blankXmlComments, child, children, childText, parseXml, textOf } from '../shared/xml.js';

export interface MavenDependency {
  groupId: string;
  artifactId: string;
  /** `compile` when not stated. */
  scope: string;
  line?: number;
}

export interface MavenPlugin {
  groupId: string;
  artifactId: string;
  /** Declared under `<pluginManagement>` (configured for when a module uses it, not applied). */
  managed: boolean;
  /** The `<plugin>` element, for reading its configuration. */
  node: unknown;
  line?: number;
}

/** The parts of a pom.xml the JVM detector uses. Values are raw (`${…}` not yet resolved). */
export interface Pom {
  file: string;
  dir: string;
  /** The text with XML comments blanked, for line numbers. */
  code: string;
  groupId: string | null;
  artifactId: string | null;
  version: string | null;
  /** `jar` when not stated. */
  packaging: string;
  parent: {
    groupId: string | null;
    artifactId: string | null;
    version: string | null;
    relativePath: string | null;
  } | null;
  properties: Record<string, string>;
  dependencies: MavenDependency[];
  plugins: MavenPlugin[];
  /** Module folders relative to this pom's folder. */
  modules: string[];
  finalName: string | null;
}

export type PomParse = { ok: true; pom: Pom } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and parses a pom.xml; never throws. Empty, unreadable or malformed files give a diagnostic. */
export function readPom(fs: RepoFs, file: string): PomParse {
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `cannot read pom.xml (${r.reason}): ${r.message}`,
          fix: 'make the file readable, or remove it if it is not a Maven project',
        },
      ],
    };
  }
  return parsePomText(file, r.text);
}

/** Parses pom.xml text; never throws. */
export function parsePomText(file: string, text: string): PomParse {
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: 'pom.xml is empty; the Maven project is skipped',
          fix: 'write the project model (mvn archetype:generate creates one) or delete the empty file',
        },
      ],
    };
  }
  const parsed = parseXml(text);
  if (!parsed.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: parsed.line,
          message: `invalid XML in pom.xml: ${parsed.message}`,
          fix: 'fix the XML (an unfinished file?); `mvn validate` shows the same error',
        },
      ],
    };
  }
  const project = parsed.root.project;
  if (typeof project !== 'object' || project === null) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: 1,
          message: 'pom.xml has no <project> root element',
          fix: 'make <project xmlns="http://maven.apache.org/POM/4.0.0"> the root element',
        },
      ],
    };
  }
  const code = blankXmlComments(text);
  const parentNode = child(project, 'parent');
  const properties: Record<string, string> = {};
  const props = child(project, 'properties');
  if (typeof props === 'object' && props !== null) {
    for (const [k, v] of Object.entries(props)) {
      const t = textOf(Array.isArray(v) ? v[0] : v);
      if (t !== null && !k.startsWith('@_')) properties[k] = t;
    }
  }
  const dependencies: MavenDependency[] = [];
  const depLine = orderedFinder(code);
  for (const d of children(child(project, 'dependencies'), 'dependency')) {
    const groupId = childText(d, 'groupId');
    const artifactId = childText(d, 'artifactId');
    if (!groupId || !artifactId) continue;
    dependencies.push({
      groupId,
      artifactId,
      scope: childText(d, 'scope') ?? 'compile',
      line: depLine(new RegExp(`<artifactId>\\s*${escapeRe(artifactId)}\\s*</artifactId>`)),
    });
  }
  const build = child(project, 'build');
  const plugins: MavenPlugin[] = [];
  const pluginLine = orderedFinder(code);
  const addPlugins = (container: unknown, managed: boolean): void => {
    for (const p of children(child(container, 'plugins'), 'plugin')) {
      const artifactId = childText(p, 'artifactId');
      if (!artifactId) continue;
      plugins.push({
        groupId: childText(p, 'groupId') ?? 'org.apache.maven.plugins',
        artifactId,
        managed,
        node: p,
        line: pluginLine(new RegExp(`<artifactId>\\s*${escapeRe(artifactId)}\\s*</artifactId>`)),
      });
    }
  };
  addPlugins(build, false);
  addPlugins(child(build, 'pluginManagement'), true);
  const modules = children(child(project, 'modules'), 'module')
    .map(textOf)
    .filter((m): m is string => m !== null)
    // A module may name its pom file (`api/pom.xml`); the module is its folder.
    .map((m) =>
      m
        .replace(/\\/g, '/')
        .replace(/\/pom\.xml$/, '')
        .replace(/\/+$/, ''),
    );
  const pom: Pom = {
    file,
    dir: dirOf(file),
    code,
    groupId: childText(project, 'groupId'),
    artifactId: childText(project, 'artifactId'),
    version: childText(project, 'version'),
    packaging: childText(project, 'packaging') ?? 'jar',
    parent: parentNode
      ? {
          groupId: childText(parentNode, 'groupId'),
          artifactId: childText(parentNode, 'artifactId'),
          version: childText(parentNode, 'version'),
          relativePath:
            // `<relativePath/>` means "look the parent up in repositories only".
            child(parentNode, 'relativePath') === undefined
              ? null
              : (childText(parentNode, 'relativePath') ?? ''),
        }
      : null,
    properties,
    dependencies,
    plugins,
    modules,
    finalName: childText(build, 'finalName'),
  };
  return { ok: true, pom };
}

/** The parent pom inside the repo (`relativePath`, default `../pom.xml`) when it is the declared parent. */
export function localParent(pom: Pom, poms: ReadonlyMap<string, Pom>): Pom | null {
  if (!pom.parent) return null;
  const rel = pom.parent.relativePath;
  if (rel === '') return null;
  let target = path.posix.normalize(joinRel(pom.dir, rel ?? '..'));
  if (!target.endsWith('.xml')) target = joinRel(target, 'pom.xml');
  const found = poms.get(target);
  if (!found || found === pom) return null;
  return found.artifactId === pom.parent.artifactId ? found : null;
}

/**
 * Properties visible in a pom: its parents' inside the repo, then its own, plus `project.*` values.
 * Values are resolved against each other (a few rounds; cycles stay unresolved).
 */
export function effectiveProperties(pom: Pom, poms: ReadonlyMap<string, Pom>): Record<string, string> {
  const chain: Pom[] = [];
  for (let p: Pom | null = pom; p && chain.length < 10 && !chain.includes(p); p = localParent(p, poms)) {
    chain.unshift(p);
  }
  const props: Record<string, string> = {};
  for (const p of chain) Object.assign(props, p.properties);
  const version = pom.version ?? pom.parent?.version ?? null;
  const groupId = pom.groupId ?? pom.parent?.groupId ?? null;
  if (version) props['project.version'] = props.version = version;
  if (pom.artifactId) props['project.artifactId'] = pom.artifactId;
  if (groupId) props['project.groupId'] = groupId;
  if (pom.parent?.version) props['project.parent.version'] = pom.parent.version;
  for (let round = 0; round < 5; round++) {
    let changed = false;
    for (const [k, v] of Object.entries(props)) {
      const next = resolveProps(v, props, k);
      if (next !== v) {
        props[k] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return props;
}

/** Replaces `${name}` with property values; unknown names stay as they are. */
export function resolveProps(value: string, props: Readonly<Record<string, string>>, self?: string): string {
  return value.replace(/\$\{([^}]+)\}/g, (m, name: string) =>
    name !== self && props[name] !== undefined ? (props[name] as string) : m,
  );
}

/** Every element of a plugin's configuration named `name` (any depth), as text. */
export function findConfigValues(node: unknown, name: string, depth = 0): string[] {
  if (depth > 12 || typeof node !== 'object' || node === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(node)) {
    const list = Array.isArray(v) ? v : [v];
    for (const item of list) {
      if (k === name) {
        const t = textOf(item);
        if (t !== null) out.push(t);
      }
      out.push(...findConfigValues(item, name, depth + 1));
    }
  }
  return out;
}
