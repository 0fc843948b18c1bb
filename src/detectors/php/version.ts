import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { type ParsedComposer, requireLine } from './composer.js';

export interface PhpVersionResult {
  /** `8.3`, `8.2.12`; null when nothing pins it. */
  version: string | null;
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

/**
 * The lowest PHP version a Composer constraint allows, as `major.minor`: `^8.2` → 8.2, `~8.1.0` → 8.1,
 * `>=8.1 <8.4` → 8.1, `8.2.*` → 8.2. With alternatives (`^7.4 || ^8.0`) the newest branch wins, since
 * the image should run a supported PHP. Null when no lower bound can be read.
 */
export function phpConstraintVersion(constraint: string): string | null {
  let best: [number, number] | null = null;
  for (const alt of constraint.split(/\|\|?/)) {
    let low: [number, number] | null = null;
    for (const part of alt.trim().split(/[\s,]+/)) {
      const m = /^(\^|~|>=|=|==|v)?\s*(\d+)(?:\.(\d+|\*))?(?:\.(?:\d+|\*))?(?:-[\w.]+)?$/.exec(part.trim());
      if (!m) continue;
      const major = Number(m[2]);
      const minor = m[3] === undefined || m[3] === '*' ? 0 : Number(m[3]);
      if (!low || major > low[0] || (major === low[0] && minor > low[1])) low = [major, minor];
    }
    if (low && (!best || low[0] > best[0] || (low[0] === best[0] && low[1] > best[1]))) best = low;
  }
  return best ? `${best[0]}.${best[1]}` : null;
}

/** `8.3`, `8.3.1`, `php-8.3.1` → the version; anything else → null. */
export function cleanPhpVersion(raw: string): string | null {
  const v = raw
    .trim()
    .replace(/^php-?/i, '')
    .replace(/^v/i, '');
  return /^\d+\.\d+(\.\d+)?$/.test(v) ? v : null;
}

function readText(fs: RepoFs, file: string, diagnostics: Diagnostic[]): string | null {
  if (!fs.exists(file)) return null;
  const r = fs.readText(file);
  if (!r.ok) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot read ${file} (${r.reason}): ${r.message}`,
    });
    return null;
  }
  return r.text;
}

type Found = { version: string; evidence: Evidence };

function fromVersionFiles(fs: RepoFs, d: string, diagnostics: Diagnostic[]): Found[] {
  const out: Found[] = [];
  for (const name of ['mise.toml', '.mise.toml']) {
    const file = joinRel(d, name);
    const text = readText(fs, file, diagnostics);
    if (!text || text.trim() === '') continue;
    let data: unknown;
    try {
      data = parseToml(text);
    } catch (e) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `invalid TOML; the PHP version in it is ignored: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
        fix: 'fix the TOML syntax',
      });
      continue;
    }
    const tools = (data as { tools?: unknown }).tools;
    let raw: unknown =
      tools && typeof tools === 'object' ? (tools as Record<string, unknown>).php : undefined;
    if (Array.isArray(raw)) raw = raw[0];
    if (raw && typeof raw === 'object' && 'version' in raw) raw = (raw as { version: unknown }).version;
    const v = typeof raw === 'string' ? cleanPhpVersion(raw) : null;
    if (v) {
      const line = text.split(/\r?\n/).findIndex((l) => /^\s*php\s*=/.test(l)) + 1;
      out.push({
        version: v,
        evidence: {
          file,
          ...(line > 0 ? { line } : {}),
          reason: `mise tools.php is "${raw}"`,
          confidence: 'explicit',
        },
      });
    }
  }
  const tv = joinRel(d, '.tool-versions');
  const tvText = readText(fs, tv, diagnostics);
  if (tvText) {
    const lines = tvText.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const m = /^\s*php\s+(\S+)/.exec(lines[i] as string);
      const v = m ? cleanPhpVersion(m[1] as string) : null;
      if (v) {
        out.push({
          version: v,
          evidence: { file: tv, line: i + 1, reason: `.tool-versions pins PHP ${v}`, confidence: 'explicit' },
        });
        break;
      }
    }
  }
  const pv = joinRel(d, '.php-version');
  const pvText = readText(fs, pv, diagnostics);
  if (pvText) {
    const lines = pvText.split(/\r?\n/);
    const i = lines.findIndex((l) => l.trim() !== '');
    if (i !== -1) {
      const v = cleanPhpVersion(lines[i] as string);
      if (v) {
        out.push({
          version: v,
          evidence: { file: pv, line: i + 1, reason: `.php-version pins PHP ${v}`, confidence: 'explicit' },
        });
      } else {
        diagnostics.push({
          severity: 'warning',
          file: pv,
          line: i + 1,
          message: `.php-version holds "${(lines[i] as string).trim().slice(0, 40)}", which is not a PHP version; it is ignored`,
          fix: 'write a version such as 8.3',
        });
      }
    }
  }
  return out;
}

/**
 * The PHP version of an app: version-manager files in its folder or above (.php-version, mise,
 * .tool-versions), then composer.json `config.platform.php` (what Composer resolves against), then
 * the `require.php` constraint's lower bound.
 */
export function detectPhpVersion(
  fs: RepoFs,
  dir: string,
  composer: ParsedComposer | null,
  stopDir = '.',
): PhpVersionResult {
  const diagnostics: Diagnostic[] = [];
  const found: Found[] = [];
  for (const d of ancestorDirs(dir, stopDir)) found.push(...fromVersionFiles(fs, d, diagnostics));
  if (composer?.json.platformPhp) {
    const v = cleanPhpVersion(composer.json.platformPhp) ?? phpConstraintVersion(composer.json.platformPhp);
    if (v) {
      found.push({
        version: v,
        evidence: {
          file: composer.file,
          line: requireLine(composer, 'php', 'platform'),
          reason: `config.platform.php is "${composer.json.platformPhp}"`,
          confidence: 'explicit',
        },
      });
    }
  }
  const req = composer?.json.require.php;
  if (composer && req) {
    const v = phpConstraintVersion(req);
    if (v) {
      found.push({
        version: v,
        evidence: {
          file: composer.file,
          line: requireLine(composer, 'php'),
          reason: `require.php is "${req}"; its lowest allowed version is ${v}`,
          confidence: 'strong',
        },
      });
    } else {
      diagnostics.push({
        severity: 'info',
        file: composer.file,
        line: requireLine(composer, 'php'),
        message: `require.php "${req}" has no lower bound shipready can read`,
        fix: 'use a constraint such as "^8.3"',
      });
    }
  }
  const [best, ...rest] = found;
  if (!best) return { version: null, evidence: [], diagnostics };
  return {
    version: best.version,
    evidence: [
      best.evidence,
      ...rest.map((o) => ({
        ...o.evidence,
        reason:
          o.version === best.version
            ? `${o.evidence.reason} (agrees)`
            : `${o.evidence.reason}; outranked by ${best.evidence.file}`,
        confidence: o.version === best.version ? o.evidence.confidence : ('weak' as const),
      })),
    ],
    diagnostics,
  };
}
