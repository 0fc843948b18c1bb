import ignore, { type Ignore } from 'ignore';

/**
 * One `.gitignore`, compiled for a walk that has already decided every parent folder. Rules whose
 * pattern has no inner slash match an entry's name at any depth, so they are tested against the
 * name alone (the ignore library then caches one answer per name, not one per path); rules with a
 * slash are tested against the path below the `.gitignore`'s folder. When `!` rules are mixed with
 * both kinds, their order decides, so all rules stay together and are tested against the path.
 */
export interface IgnoreLayer {
  /** Folder holding the `.gitignore`, repo-relative with a trailing slash (`''` for the root). */
  base: string;
  byName: Ignore | undefined;
  byPath: Ignore | undefined;
}

/** The layers that apply inside one folder, nearest `.gitignore` first. */
export type IgnoreLayers = readonly IgnoreLayer[];

export function compileGitignore(text: string, base: string): IgnoreLayer {
  const rules = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const isPathRule = (rule: string): boolean => rule.replace(/\s+$/, '').replace(/\/+$/, '').includes('/');
  const byName = rules.filter((r) => !isPathRule(r));
  const byPath = rules.filter(isPathRule);
  if (byName.length > 0 && byPath.length > 0 && rules.some((r) => r.startsWith('!'))) {
    return { base, byName: undefined, byPath: ignore().add(rules) };
  }
  return {
    base,
    byName: byName.length > 0 ? ignore().add(byName) : undefined,
    byPath: byPath.length > 0 ? ignore().add(byPath) : undefined,
  };
}

/**
 * Whether a walked entry is ignored. `rel` is repo-relative (a folder ends with `/`), `name` its last
 * segment (with `/` for a folder). Every parent folder must already have passed this check: like
 * git, a file inside an excluded folder is never re-included, so the walk prunes those folders.
 * Git's precedence: the nearest `.gitignore` with a matching rule decides, and a `!` rule re-includes.
 */
export function isIgnored(layers: IgnoreLayers | undefined, rel: string, name: string): boolean {
  if (!layers) return false;
  for (const { base, byName, byPath } of layers) {
    if (byName) {
      const r = byName.test(name);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    if (byPath) {
      const r = byPath.test(rel.slice(base.length));
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
  }
  return false;
}
