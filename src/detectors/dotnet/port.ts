import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { lineLocator } from '../shared/lines.js';
import { blankJsComments, lineAt } from '../text.js';
import type { SourceFile } from './sources.js';

/** appsettings files read for URLs, base first; the Production file overrides it. */
export const APPSETTINGS_FILES = ['appsettings.json', 'appsettings.Production.json'] as const;

export interface AppSettings {
  file: string;
  text: string;
  data: Record<string, unknown>;
}

/**
 * Reads appsettings JSON (comments and trailing commas allowed, as .NET's configuration reader
 * does). Missing files are skipped; invalid ones give a diagnostic.
 */
export function readAppSettings(
  fs: RepoFs,
  projectDir: string,
): { files: AppSettings[]; diagnostics: Diagnostic[] } {
  const files: AppSettings[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of APPSETTINGS_FILES) {
    const file = joinRel(projectDir, name);
    const r = fs.readText(file);
    if (!r.ok) {
      if (r.reason !== 'missing')
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${name} (${r.reason}): ${r.message}`,
        });
      continue;
    }
    const text = r.text.replace(/^\uFEFF/, '');
    if (text.trim() === '') continue;
    const json = blankJsComments(text).replace(/,(\s*[}\]])/g, ' $1');
    try {
      const data = JSON.parse(json) as unknown;
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
        files.push({ file, text, data: data as Record<string, unknown> });
      }
    } catch (e) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `invalid JSON in ${name}: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'fix the JSON; the app fails at startup while it is invalid',
      });
    }
  }
  return { files, diagnostics };
}

/** Case-insensitive property lookup along a path (.NET configuration keys ignore case). */
export function lookup(data: unknown, ...keys: string[]): unknown {
  let cur = data;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    const entry = Object.entries(cur).find(([name]) => name.toLowerCase() === k.toLowerCase());
    cur = entry?.[1];
  }
  return cur;
}

/** The port of a URL list such as `http://*:5000;https://*:5001` (the first http one wins). */
export function portOfUrls(urls: string): number | null {
  const list = urls.split(/[;,\s]+/).filter(Boolean);
  const ordered = [
    ...list.filter((u) => u.startsWith('http:')),
    ...list.filter((u) => !u.startsWith('http:')),
  ];
  for (const u of ordered) {
    const m = /^https?:\/\/[^/]*?:(\d{1,5})(?:\/|$)/.exec(u);
    if (m) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 65535) return n;
    }
  }
  return null;
}

export interface PortCandidate {
  port: number;
  evidence: Evidence;
  rank: number;
}

/** Ports in appsettings: `Urls`, `Kestrel:Endpoints:<name>:Url`, `HTTP_PORTS`. Explicit. */
export function portsFromAppSettings(settings: readonly AppSettings[]): PortCandidate[] {
  const out: PortCandidate[] = [];
  // The Production file overrides the base file: its findings rank higher.
  settings.forEach((s, i) => {
    const rank = 100 + i;
    const at = (needle: string): number | undefined => {
      const idx = s.text.search(new RegExp(`"${needle}"\\s*:`, 'i'));
      return idx < 0 ? undefined : lineAt(s.text, idx);
    };
    const urls = lookup(s.data, 'Urls');
    if (typeof urls === 'string' && portOfUrls(urls)) {
      out.push({
        port: portOfUrls(urls) as number,
        rank,
        evidence: { file: s.file, line: at('Urls'), reason: `Urls is ${urls}`, confidence: 'explicit' },
      });
    }
    const httpPorts = lookup(s.data, 'HTTP_PORTS');
    if (
      (typeof httpPorts === 'string' || typeof httpPorts === 'number') &&
      /^\d{1,5}/.test(String(httpPorts))
    ) {
      out.push({
        port: Number(String(httpPorts).split(/[;,]/)[0]),
        rank,
        evidence: {
          file: s.file,
          line: at('HTTP_PORTS'),
          reason: `HTTP_PORTS is ${httpPorts}`,
          confidence: 'explicit',
        },
      });
    }
    const endpoints = lookup(s.data, 'Kestrel', 'Endpoints');
    if (typeof endpoints === 'object' && endpoints !== null) {
      for (const [name, ep] of Object.entries(endpoints)) {
        const url = lookup(ep, 'Url');
        if (typeof url !== 'string') continue;
        const port = portOfUrls(url);
        if (!port) continue;
        out.push({
          port,
          // Plain-HTTP endpoints first: TLS usually ends at the load balancer.
          rank: rank - (url.startsWith('https') ? 1 : 0),
          evidence: {
            file: s.file,
            line: at(name),
            reason: `Kestrel endpoint ${name} is ${url}`,
            confidence: 'explicit',
          },
        });
      }
    }
  });
  return out;
}

export interface CodePortPattern {
  id: string;
  re: RegExp;
  rank: number;
  describe: (port: number) => string;
}

const ENV_PORT = String.raw`GetEnvironmentVariable\s*\(?\s*"(?:ASPNETCORE_|HTTP_|SERVER_|APP_)?PORT"\s*\)?`;

/** How C# and F# code sets the listening port. */
export const DOTNET_PORT_PATTERNS: readonly CodePortPattern[] = [
  {
    // app.Run("http://0.0.0.0:5000"), UseUrls("http://*:5000"), app.Urls.Add("http://+:5000")
    id: 'url-literal',
    re: /\b(?:Run|RunAsync|UseUrls|Urls\.Add)\(\s*\$?@?"https?:\/\/[^"/:]*:(\d{2,5})/g,
    rank: 30,
    describe: (p) => `listens on a URL with port ${p}`,
  },
  {
    // options.ListenAnyIP(5000), Listen(IPAddress.Any, 5000), ListenLocalhost(5000)
    id: 'kestrel-listen',
    re: /\b(?:ListenAnyIP|ListenLocalhost)\(\s*(\d{2,5})\b|\bListen\(\s*IPAddress\.\w+\s*,\s*(\d{2,5})\b/g,
    rank: 30,
    describe: (p) => `Kestrel listens on ${p}`,
  },
  {
    // Environment.GetEnvironmentVariable("PORT") ?? "8080"
    id: 'env-default',
    re: new RegExp(
      String.raw`${ENV_PORT}\s*(?:\?\?|\|>\s*Option\.ofObj\s*\|>\s*Option\.defaultValue)\s*"?(\d{2,5})\b`,
      'g',
    ),
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
];

/** Port candidates from code, strong confidence. */
export function portsFromCode(
  sources: readonly SourceFile[],
  patterns: readonly CodePortPattern[] = DOTNET_PORT_PATTERNS,
): PortCandidate[] {
  const out: PortCandidate[] = [];
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const p of patterns) {
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const port = Number(m.slice(1).find((g) => g !== undefined));
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        out.push({
          port,
          rank: p.rank,
          evidence: {
            file: src.path,
            line: lineOf(m.index),
            reason: `${p.describe(port)} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  return out;
}

/** .NET major version of a target framework moniker (`net8.0` → 8, `netcoreapp3.1` → 3). */
export function tfmMajor(version: string | null): number | null {
  if (!version) return null;
  const m = /^(\d+)/.exec(version);
  return m ? Number(m[1]) : null;
}

/** The port an ASP.NET Core app is given when nothing in it configures one. */
export const ASPNET_DEFAULT_PORT = 8080;

/**
 * How an ASP.NET Core app gets its port when nothing configures it. Kestrel alone binds
 * localhost:5000, which a container cannot be reached on, so the port always comes from the
 * environment: the .NET 8+ runtime images set ASPNETCORE_HTTP_PORTS=8080; older images set
 * ASPNETCORE_URLS=http://+:80, a privileged port a non-root container cannot bind. Both are
 * normalised to 8080, and the variable that makes it so is listed with that default.
 */
export function defaultAspNetPort(major: number | null): {
  port: number;
  envVar: string;
  value: string;
  reason: string;
} {
  if (major !== null && major < 8) {
    return {
      port: ASPNET_DEFAULT_PORT,
      envVar: 'ASPNETCORE_URLS',
      value: `http://+:${ASPNET_DEFAULT_PORT}`,
      reason: `.NET ${major} images listen on 80 (ASPNETCORE_URLS=http://+:80), which a non-root container cannot bind; ASPNETCORE_URLS=http://+:${ASPNET_DEFAULT_PORT} moves it`,
    };
  }
  return {
    port: ASPNET_DEFAULT_PORT,
    envVar: 'ASPNETCORE_HTTP_PORTS',
    value: String(ASPNET_DEFAULT_PORT),
    reason: `.NET 8+ images (mcr.microsoft.com/dotnet/aspnet) set ASPNETCORE_HTTP_PORTS=${ASPNET_DEFAULT_PORT}`,
  };
}
