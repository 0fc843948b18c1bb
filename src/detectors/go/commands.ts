/**
 * Go install/build/start commands. Convention (shared with the Rust detector): every command runs in
 * the service folder; the build writes the binary to `bin/<name>` there, and start runs `./bin/<name>`.
 */
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { lineIn, lineOf, type SourceFile } from '../shared/code-scan.js';
import { type GoMod, modulePathMatches } from './go-mod.js';

/** Modules that only build with cgo (a C compiler, and libc at run time). */
export const CGO_MODULES: readonly { module: string; why: string }[] = [
  { module: 'github.com/mattn/go-sqlite3', why: 'wraps the SQLite C library' },
  { module: 'gorm.io/driver/sqlite', why: 'uses github.com/mattn/go-sqlite3 (C SQLite)' },
  { module: 'github.com/confluentinc/confluent-kafka-go', why: 'wraps librdkafka (C)' },
  { module: 'gopkg.in/gographics/imagick', why: 'wraps ImageMagick (C)' },
  { module: 'github.com/tecbot/gorocksdb', why: 'wraps RocksDB (C++)' },
];

export interface CgoResult {
  enabled: boolean;
  evidence: Evidence[];
}

/**
 * Whether the build needs cgo: `import "C"` in the sources, a module known to need it (even indirect:
 * it is still compiled in), or CGO_ENABLED=1 set in a build tool's config (nixpacks.toml).
 */
export function detectCgo(
  fs: RepoFs,
  dir: string,
  mod: GoMod | null,
  sources: readonly SourceFile[],
): CgoResult {
  const evidence: Evidence[] = [];
  const imp = findImportC(sources);
  if (imp) evidence.push(imp.evidence);
  for (const req of mod?.requires ?? []) {
    const hit = CGO_MODULES.find((c) => modulePathMatches(req.path, c.module));
    if (hit && mod) {
      evidence.push({
        file: mod.file,
        line: req.line,
        reason: `go.mod requires ${req.path}${req.indirect ? ' (indirect)' : ''}, which ${hit.why}`,
        confidence: req.indirect ? 'weak' : 'strong',
      });
    }
  }
  const nixpacks = joinRel(dir, 'nixpacks.toml');
  const r = fs.exists(nixpacks) ? fs.readText(nixpacks) : null;
  if (r?.ok) {
    const re = /^[ \t]*CGO_ENABLED[ \t]*=[ \t]*["']?1["']?[ \t]*$/m;
    if (re.test(r.text)) {
      evidence.push({
        file: nixpacks,
        line: lineOf(r.text, re),
        reason: 'CGO_ENABLED = "1" in nixpacks.toml',
        confidence: 'explicit',
      });
    }
  }
  return { enabled: evidence.length > 0, evidence };
}

/** The package argument of `go build`: `.`, `./cmd/<name>`, or the file list when there is no go.mod. */
export function buildTarget(relDir: string, files: readonly string[] | null): string {
  if (files) return files.join(' ');
  return relDir === '.' ? '.' : `./${relDir}`;
}

/** `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/<name> ./cmd/<name>`. */
export function goBuildCommand(output: string, target: string, cgo: boolean): string {
  return `CGO_ENABLED=${cgo ? 1 : 0} go build -trimpath -ldflags="-s -w" -o ${output} ${target}`;
}

/**
 * The first `import "C"`, alone or inside an `import ( … )` block. Blocks are scanned with indexOf,
 * each once, so a file full of unclosed blocks stays linear.
 */
export function findImportC(sources: readonly SourceFile[]): { evidence: Evidence } | null {
  for (const src of sources) {
    const code = src.code;
    const single = /\bimport\s+"C"/.exec(code);
    let found = single ? single.index : -1;
    const blockRe = /\bimport\s*\(/g;
    for (let m = blockRe.exec(code); m && (found === -1 || m.index < found); m = blockRe.exec(code)) {
      const end = code.indexOf(')', blockRe.lastIndex);
      const body = code.slice(blockRe.lastIndex, end === -1 ? code.length : end);
      if (/(?:^|\s)"C"(?:\s|$)/.test(body)) {
        found = m.index;
        break;
      }
      if (end === -1) break;
      blockRe.lastIndex = end + 1;
    }
    if (found !== -1) {
      return {
        evidence: {
          file: src.path,
          line: lineIn(src, found),
          reason: `import "C" in ${src.path}`,
          confidence: 'explicit',
        },
      };
    }
  }
  return null;
}
