import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, dirOf, joinRel } from '../paths.js';
import type { GemIndex } from './gemfile.js';

export interface RubyVersionResult {
  /** `3.2.2`, `3.2`, or a raw requirement such as `>= 3.1`; null when nothing pins it. */
  version: string | null;
  /** The winner first, then other pins it outranked. */
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

/** Version aliases that pin nothing (they move over time). */
const ALIASES = /^(latest|stable|system|lts|ref:.*|path:.*)$/i;

/** `3.2.2`, `ruby-3.2.2`, `3.2.2@gemset`, `v3.2` → the version; anything else → null. */
export function cleanRubyVersion(raw: string): string | null {
  const v = raw
    .trim()
    .replace(/^ruby-/, '')
    .replace(/^v/i, '')
    .replace(/@.*$/, '')
    .replace(/-?p\d+$/, '');
  return /^\d+(\.\d+){0,2}$/.test(v) ? v : null;
}

/**
 * A Gemfile `ruby` requirement as a version: `3.2.2` and `= 3.2.2` are exact; `~> 3.2.0` means 3.2.x,
 * so `3.2`; `~> 3.2` means 3.x, so `3`. Other ranges (`>= 3.1`) are kept as written.
 */
export function rubyRequirementVersion(req: string): string {
  const r = req.trim();
  const exact = /^=?\s*(\d+(?:\.\d+){0,2})$/.exec(r);
  if (exact) return exact[1] as string;
  const pessimistic = /^~>\s*(\d+(?:\.\d+)*)$/.exec(r);
  if (pessimistic) {
    const parts = (pessimistic[1] as string).split('.');
    return parts.length > 1 ? parts.slice(0, -1).join('.') : (parts[0] as string);
  }
  return r;
}

type Found = { version: string; evidence: Evidence };

function readVersionFile(fs: RepoFs, file: string, diagnostics: Diagnostic[]): { text: string } | null {
  if (!fs.exists(file)) return null;
  const r = fs.readText(file);
  if (!r.ok) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot read ${file} (${r.reason}): ${r.message}`,
      fix: 'make it readable',
    });
    return null;
  }
  return { text: r.text };
}

/** `.ruby-version`: the first non-comment line. */
function fromRubyVersionFile(fs: RepoFs, file: string, diagnostics: Diagnostic[]): Found | null {
  const r = readVersionFile(fs, file, diagnostics);
  if (!r) return null;
  const lines = r.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const value = (lines[i] as string).replace(/#.*$/, '').trim();
    if (value === '') continue;
    const version = cleanRubyVersion(value);
    if (version) {
      return {
        version,
        evidence: { file, line: i + 1, reason: `${file} pins Ruby ${version}`, confidence: 'explicit' },
      };
    }
    if (!ALIASES.test(value)) {
      diagnostics.push({
        severity: 'warning',
        file,
        line: i + 1,
        message: `${file} holds "${value.slice(0, 40)}", which is not a CRuby version; it is ignored`,
        fix: 'write a version such as 3.3.6',
      });
    }
    return null;
  }
  return null;
}

/** `.tool-versions` (asdf, mise): `ruby 3.2.2`. */
function fromToolVersions(fs: RepoFs, file: string, diagnostics: Diagnostic[]): Found | null {
  const r = readVersionFile(fs, file, diagnostics);
  if (!r) return null;
  const lines = r.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*ruby\s+(\S+)/.exec((lines[i] as string).replace(/#.*$/, ''));
    if (!m) continue;
    const version = cleanRubyVersion(m[1] as string);
    if (version) {
      return {
        version,
        evidence: {
          file,
          line: i + 1,
          reason: `.tool-versions pins Ruby ${version}`,
          confidence: 'explicit',
        },
      };
    }
  }
  return null;
}

/** `mise.toml`: `[tools] ruby = "3.3"` (also an array or `{ version = … }`). */
function fromMise(fs: RepoFs, file: string, diagnostics: Diagnostic[]): Found | null {
  const r = readVersionFile(fs, file, diagnostics);
  if (!r || r.text.trim() === '') return null;
  let data: unknown;
  try {
    data = parseToml(r.text);
  } catch (e) {
    diagnostics.push({
      severity: 'warning',
      file,
      ...(e && typeof e === 'object' && 'line' in e && typeof e.line === 'number' && e.line > 0
        ? { line: e.line }
        : {}),
      message: `invalid TOML; the Ruby version in it is ignored: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
      fix: 'fix the TOML syntax',
    });
    return null;
  }
  const tools = (data as { tools?: unknown }).tools;
  if (!tools || typeof tools !== 'object') return null;
  let raw: unknown = (tools as Record<string, unknown>).ruby;
  if (Array.isArray(raw)) raw = raw[0];
  if (raw && typeof raw === 'object' && 'version' in raw) raw = (raw as { version: unknown }).version;
  if (typeof raw !== 'string') return null;
  const version = cleanRubyVersion(raw);
  if (!version) return null;
  const line = r.text.split(/\r?\n/).findIndex((l) => /^\s*ruby\s*=/.test(l)) + 1;
  return {
    version,
    evidence: {
      file,
      ...(line > 0 ? { line } : {}),
      reason: `mise tools.ruby is "${raw}"`,
      confidence: 'explicit',
    },
  };
}

const VERSION_FILES = [
  { name: 'mise.toml', read: fromMise },
  { name: '.mise.toml', read: fromMise },
  { name: '.tool-versions', read: fromToolVersions },
  { name: '.ruby-version', read: fromRubyVersionFile },
] as const;

/**
 * The Ruby version an app runs on. Precedence: the Gemfile `ruby` directive (Bundler refuses to run
 * on any other), then version-manager files in the app folder or above (mise.toml, .tool-versions,
 * .ruby-version — mise's own order), then the lockfile's `RUBY VERSION` (the Ruby it was last
 * locked with, so only strong).
 */
export function detectRubyVersion(fs: RepoFs, dir: string, gems: GemIndex, stopDir = '.'): RubyVersionResult {
  const diagnostics: Diagnostic[] = [];
  const found: Found[] = [];

  const directive = gems.gemfile?.ruby;
  if (directive && gems.gemfile) {
    const gemfile = gems.gemfile.file;
    if (directive.requirement) {
      const version = rubyRequirementVersion(directive.requirement);
      found.push({
        version,
        evidence: {
          file: gemfile,
          line: directive.line,
          reason: `the Gemfile requires ruby "${directive.requirement}"`,
          confidence: 'explicit',
        },
      });
    } else if (directive.file) {
      const target = joinRel(dirOf(gemfile), directive.file.replace(/^\.\//, ''));
      const f = fromRubyVersionFile(fs, target, diagnostics);
      if (f) {
        found.push({
          version: f.version,
          evidence: {
            ...f.evidence,
            reason: `the Gemfile reads the Ruby version from ${directive.file}: ${f.version}`,
          },
        });
      }
    }
  }

  for (const d of ancestorDirs(dir, stopDir)) {
    for (const vf of VERSION_FILES) {
      const f = vf.read(fs, joinRel(d, vf.name), diagnostics);
      if (f && !found.some((x) => x.evidence.file === f.evidence.file)) found.push(f);
    }
  }

  if (gems.lock?.rubyVersion) {
    found.push({
      version: gems.lock.rubyVersion.version,
      evidence: {
        file: gems.lock.file,
        line: gems.lock.rubyVersion.line,
        reason: `${gems.lock.file} was locked with Ruby ${gems.lock.rubyVersion.version} (RUBY VERSION)`,
        confidence: 'strong',
      },
    });
  }

  const [best, ...rest] = found;
  if (!best) return { version: null, evidence: [], diagnostics };
  const evidence: Evidence[] = [best.evidence];
  for (const other of rest) {
    evidence.push({
      ...other.evidence,
      reason:
        other.version === best.version
          ? `${other.evidence.reason} (agrees)`
          : `${other.evidence.reason}; outranked by ${best.evidence.file}`,
      confidence: other.version === best.version ? other.evidence.confidence : 'weak',
    });
  }
  return { version: best.version, evidence, diagnostics };
}
