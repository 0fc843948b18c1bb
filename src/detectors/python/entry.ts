import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { escapeRe } from '../shared/regex.js';
import { lineAt } from '../text.js';
import type { PyFrameworkEntry } from './frameworks.js';
import { moduleOf } from './python-text.js';
import type { PySource } from './source-files.js';

/** Where a framework's app lives: `main.py` → module `main`, attribute `app`. */
export interface AppLocation {
  /** Path relative to the service folder. */
  file: string;
  module: string;
  /** The app object (`app`, `application`), or the factory function when `factory` is true. */
  attr: string;
  factory: boolean;
  evidence: Evidence;
  /** Django: the app is an ASGI application (ASGI_APPLICATION is set), so it needs an ASGI server. */
  asgiOnly?: boolean;
}

export interface LocateContext {
  fs: RepoFs;
  /** Service folder (repo-relative). */
  dir: string;
  sources: readonly PySource[];
  /** True when a file relative to the service exists. */
  hasFile: (rel: string) => boolean;
}

export type Locator = (fw: PyFrameworkEntry, ctx: LocateContext) => AppLocation | null;

/** Strategy per {@link PyFrameworkEntry.locator}. */
export const LOCATORS: Readonly<Record<PyFrameworkEntry['locator'], Locator>> = {
  'app-object': locateAppObject,
  'django-project': locateDjango,
  'script-file': locateScriptFile,
  'celery-app': (fw, ctx) => locateAppObject({ ...fw, appClass: 'Celery', factories: [] }, ctx),
};

/** The file for a conventional module name (`app/main` → `app/main.py`), if it exists. */
function moduleFile(mod: string, hasFile: (rel: string) => boolean): string | null {
  const file = `${mod}.py`;
  return hasFile(file) ? file : null;
}

/** Lower is better: the framework's conventional modules first, then shallower files, then path order. */
function rankOf(fw: PyFrameworkEntry, rel: string): number {
  const i = fw.entryModules.indexOf(rel.replace(/\.py$/, ''));
  return (i === -1 ? 100 : i) * 10 + rel.split('/').length;
}

/**
 * An app object built at module level (`app = FastAPI()`), else a factory (`def create_app():` in a
 * file that builds one), else the first conventional module that exists (weak).
 */
function locateAppObject(fw: PyFrameworkEntry, ctx: LocateContext): AppLocation | null {
  const cls = fw.appClass;
  if (cls) {
    const assign = new RegExp(
      String.raw`^([A-Za-z_]\w*)\s*(?::\s*[\w.\[\], ]+)?=\s*(?:[\w.]+\.)?${escapeRe(cls)}\(`,
      'gm',
    );
    const found: AppLocation[] = [];
    for (const src of ctx.sources) {
      for (const m of src.code.matchAll(assign)) {
        found.push({
          file: src.rel,
          module: moduleOf(src.rel),
          attr: m[1] as string,
          factory: false,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${m[1]} = ${cls}(…) in ${src.path}`,
            confidence: 'strong',
          },
        });
        break;
      }
    }
    if (found.length === 0 && fw.factories && fw.factories.length > 0) {
      const def = new RegExp(
        String.raw`^(?:async\s+)?def\s+(${fw.factories.map(escapeRe).join('|')})\s*\(`,
        'gm',
      );
      const uses = new RegExp(String.raw`\b${escapeRe(cls)}\(`);
      for (const src of ctx.sources) {
        if (!uses.test(src.code)) continue;
        for (const m of src.code.matchAll(def)) {
          found.push({
            file: src.rel,
            module: moduleOf(src.rel),
            attr: m[1] as string,
            factory: true,
            evidence: {
              file: src.path,
              line: lineAt(src.code, m.index),
              reason: `app factory ${m[1]}() builds a ${cls} in ${src.path}`,
              confidence: 'strong',
            },
          });
          break;
        }
      }
    }
    found.sort((a, b) => rankOf(fw, a.file) - rankOf(fw, b.file) || a.file.localeCompare(b.file));
    if (found[0]) return found[0];
  }
  return conventional(fw, ctx, 'app');
}

function conventional(fw: PyFrameworkEntry, ctx: LocateContext, attr: string): AppLocation | null {
  for (const mod of fw.entryModules) {
    const file = moduleFile(mod, ctx.hasFile);
    if (!file) continue;
    return {
      file,
      module: moduleOf(file),
      attr,
      factory: false,
      evidence: {
        file: joinRel(ctx.dir, file),
        reason: `${file} exists; ${fw.id} apps conventionally ${fw.locator === 'script-file' ? 'start from it' : `define \`${attr}\` there`} (its code was not seen)`,
        confidence: 'weak',
      },
    };
  }
  return null;
}

/** A script that imports the framework (`import streamlit as st`), else a conventional file name. */
function locateScriptFile(fw: PyFrameworkEntry, ctx: LocateContext): AppLocation | null {
  const imp = new RegExp(
    String.raw`^\s*(?:import\s+${escapeRe(fw.dependency)}\b|from\s+${escapeRe(fw.dependency)}(?:\.\w+)*\s+import\b)`,
    'm',
  );
  const found = ctx.sources
    .filter((s) => imp.test(s.code))
    .sort((a, b) => rankOf(fw, a.rel) - rankOf(fw, b.rel) || a.rel.localeCompare(b.rel));
  const best = found[0];
  if (best) {
    const m = imp.exec(best.code);
    return {
      file: best.rel,
      module: moduleOf(best.rel),
      attr: 'app',
      factory: false,
      evidence: {
        file: best.path,
        line: m ? lineAt(best.code, m.index + (m[0].length - m[0].trimStart().length)) : undefined,
        reason: `${best.path} imports ${fw.dependency}`,
        confidence: 'strong',
      },
    };
  }
  return conventional(fw, ctx, 'app');
}

/**
 * Django: WSGI_APPLICATION / ASGI_APPLICATION in the settings named by manage.py, else the
 * `<project>/wsgi.py` (or asgi.py) that `startproject` creates.
 */
function locateDjango(_fw: PyFrameworkEntry, ctx: LocateContext): AppLocation | null {
  const manage = ctx.sources.find((s) => s.rel === 'manage.py');
  const settingsModule = manage
    ? /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage.code)?.[1]
    : undefined;
  // The named settings module first; split settings (settings/base.py …) often hold WSGI_APPLICATION.
  const settingsCandidates = ctx.sources
    .filter((s) => moduleOf(s.rel) === settingsModule || /(^|\/)settings(\/\w+)?\.py$/.test(s.rel))
    .sort((a, b) => Number(moduleOf(b.rel) === settingsModule) - Number(moduleOf(a.rel) === settingsModule));
  let wsgi: AppLocation | null = null;
  let asgi: AppLocation | null = null;
  for (const s of settingsCandidates) {
    for (const [key, iface] of [
      ['WSGI_APPLICATION', 'wsgi'],
      ['ASGI_APPLICATION', 'asgi'],
    ] as const) {
      const m = new RegExp(String.raw`^${key}\s*=\s*['"]([\w.]+)\.(\w+)['"]`, 'm').exec(s.code);
      if (!m) continue;
      const module = m[1] as string;
      const loc: AppLocation = {
        file: `${module.split('.').join('/')}.py`,
        module,
        attr: m[2] as string,
        factory: false,
        evidence: {
          file: s.path,
          line: lineAt(s.code, m.index),
          reason: `${key} is "${module}.${m[2]}"`,
          confidence: 'explicit',
        },
      };
      if (iface === 'wsgi') wsgi ??= loc;
      else asgi ??= { ...loc, asgiOnly: true };
    }
  }
  // Channels apps set ASGI_APPLICATION: they need an ASGI server even though wsgi.py exists.
  if (asgi) return asgi;
  if (wsgi) return wsgi;

  const pkg = settingsModule?.split('.')[0];
  const files = ctx.fs
    .files()
    .filter((f) => f.startsWith(ctx.dir === '.' ? '' : `${ctx.dir}/`))
    .map((f) => (ctx.dir === '.' ? f : f.slice(ctx.dir.length + 1)));
  for (const name of ['wsgi', 'asgi'] as const) {
    const hits = files
      .filter((f) => new RegExp(String.raw`^(?:[\w-]+/){1,2}${name}\.py$`).test(f) && !f.startsWith('.'))
      .sort((a, b) => {
        const score = (f: string): number =>
          (pkg && f.startsWith(`${pkg}/`) ? 0 : 10) +
          (files.some(
            (x) => x === f.replace(/[^/]+$/, 'settings.py') || x.startsWith(f.replace(/[^/]+$/, 'settings/')),
          )
            ? 0
            : 5) +
          f.split('/').length;
        return score(a) - score(b) || a.localeCompare(b);
      });
    const file = hits[0];
    if (!file) continue;
    return {
      file,
      module: moduleOf(file),
      attr: 'application',
      factory: false,
      evidence: {
        file: joinRel(ctx.dir, file),
        reason: `${file} is the project's ${name.toUpperCase()} entry (as django-admin startproject creates it)`,
        confidence: 'strong',
      },
    };
  }
  return null;
}

/** Conventional script names for a plain Python service, preferred first. */
export const ENTRY_FILES = [
  'main.py',
  'app.py',
  'bot.py',
  'server.py',
  'run.py',
  'worker.py',
  'start.py',
  'src/main.py',
  'src/app.py',
] as const;

export interface EntryScript {
  command: string;
  /** Service-relative file it runs. */
  file: string;
  evidence: Evidence;
}

/**
 * The script a plain Python service runs: a top-level file with an `if __name__ == "__main__":`
 * guard (strong), else a conventional name (weak), else a package's `__main__.py` (`python -m pkg`).
 */
export function locateEntryScript(ctx: LocateContext): EntryScript | null {
  const guard = /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/m;
  const rank = (rel: string): number => {
    const i = (ENTRY_FILES as readonly string[]).indexOf(rel);
    return i === -1 ? 100 : i;
  };
  const guarded = ctx.sources
    .filter(
      (s) =>
        (!s.rel.includes('/') || /^src\/[^/]+\.py$/.test(s.rel)) &&
        guard.test(s.code) &&
        s.rel !== 'manage.py',
    )
    .sort((a, b) => rank(a.rel) - rank(b.rel) || a.rel.localeCompare(b.rel));
  const g = guarded[0];
  if (g) {
    const m = guard.exec(g.code);
    return {
      command: `python ${g.rel}`,
      file: g.rel,
      evidence: {
        file: g.path,
        line: m ? lineAt(g.code, m.index) : undefined,
        reason: `${g.rel} runs as a script (if __name__ == "__main__")`,
        confidence: 'strong',
      },
    };
  }
  for (const f of ENTRY_FILES) {
    if (!ctx.hasFile(f)) continue;
    return {
      command: `python ${f}`,
      file: f,
      evidence: {
        file: joinRel(ctx.dir, f),
        reason: `${f} is a conventional entry script`,
        confidence: 'weak',
      },
    };
  }
  const pm = packageMain(ctx);
  if (pm) return pm;
  // The only script at the top of the folder (hello.py): nothing else could be the entry. Task-runner
  // and tooling files do not count.
  const top = ctx.sources.filter((s) => !s.rel.includes('/') && !TOOLING_FILES.has(s.rel));
  const only = top.length === 1 ? top[0] : undefined;
  if (only) {
    return {
      command: `python ${only.rel}`,
      file: only.rel,
      evidence: {
        file: only.path,
        reason: `${only.rel} is the only Python script at the top of the folder`,
        confidence: 'weak',
      },
    };
  }
  return null;
}

/** Top-level files that run tools, not the app. */
const TOOLING_FILES: ReadonlySet<string> = new Set([
  'manage.py',
  'tasks.py',
  'dodo.py',
  'versioneer.py',
  'conf.py',
  'gunicorn.conf.py',
  'gunicorn_config.py',
  'settings.py',
  'config.py',
]);

/** `python -m pkg` for a package with `__main__.py` (at the top or under src/). */
function packageMain(ctx: LocateContext): EntryScript | null {
  const mains = ctx.sources
    .map((s) => /^(?:src\/)?([A-Za-z_]\w*)\/__main__\.py$/.exec(s.rel))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a[0].length - b[0].length || a[0].localeCompare(b[0]));
  const pm = mains[0];
  if (pm) {
    return {
      command: `python -m ${pm[1]}`,
      file: pm[0],
      evidence: {
        file: joinRel(ctx.dir, pm[0]),
        reason: `${pm[0]} makes ${pm[1]} runnable with python -m`,
        confidence: 'strong',
      },
    };
  }
  return null;
}
