import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { SHELL_SCRIPTS } from '../other/shell.js';
import { isTestData, isUnder, joinRel } from '../paths.js';
import { manifestsIn, serverSourcesIn } from '../shared/app-manifests.js';
import { findToolPin } from '../shared/tool-pins.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { type SiteMatch, STATIC_SITES, type StaticSite } from './sites.js';

/**
 * Static sites: a Staticfile, Hugo, Jekyll or MkDocs project, or plain HTML at the root that no
 * manifest claims. Each is a `static` service: a build (maybe none) and an output folder a web server
 * image serves; the app itself has no port.
 */
export const staticDetector: Detector = {
  id: 'static',
  detect: detectStatic,
};

interface Candidate {
  dir: string;
  site: StaticSite;
  marker: string;
}

/** (folder, site, marker) for every marker file, `rootOnly` sites only at the root. */
function findCandidates(fs: RepoFs, root: string): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  // Only files named like a marker can match: look them up by name, then keep path order.
  const names = new Set(STATIC_SITES.flatMap((s) => s.markers.map((m) => m.slice(m.lastIndexOf('/') + 1))));
  const files = [...names].flatMap((n) => fs.filesNamed(n)).sort();
  for (const f of files) {
    if (!isUnder(f, root) || isTestData(f)) continue;
    for (const site of STATIC_SITES) {
      for (const marker of site.markers) {
        let dir: string | null = null;
        if (f === marker) dir = '.';
        else if (f.endsWith(`/${marker}`)) dir = f.slice(0, -(marker.length + 1));
        if (dir === null || !isUnder(dir, root) || (site.rootOnly && dir !== root)) continue;
        const key = `${dir}\0${site.id}\0${marker}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ dir, site, marker });
      }
    }
  }
  return out;
}

/**
 * Plain HTML is only a site when no manifest or server code claims the folder (templates of a backend
 * are not), and no start script is there to run (the script serves the files; the shell service owns them).
 */
function plainHtmlAllowed(fs: RepoFs, dir: string): boolean {
  return (
    manifestsIn(fs, dir).length === 0 &&
    serverSourcesIn(fs, dir).length === 0 &&
    !SHELL_SCRIPTS.some((s) => fs.exists(joinRel(dir, s.file)))
  );
}

function detectStatic(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const candidates = findCandidates(fs, ctx.dir);
  const dirs = [...new Set(candidates.map((c) => c.dir))].sort(
    (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
  );
  const services: Service[] = [];
  const siteDirs: string[] = [];
  for (const dir of dirs) {
    // A folder inside a site (a Hugo theme, an exampleSite) belongs to that site.
    if (siteDirs.some((d) => d !== dir && isUnder(dir, d))) continue;
    const here = candidates
      .filter((c) => c.dir === dir)
      .sort(
        (a, b) =>
          b.site.priority - a.site.priority ||
          a.site.id.localeCompare(b.site.id) ||
          a.marker.localeCompare(b.marker),
      );
    let found: { c: Candidate; m: SiteMatch } | null = null;
    const outranked: string[] = [];
    for (const c of here) {
      if (found) {
        if (c.site.id !== found.c.site.id && !outranked.includes(c.site.id)) outranked.push(c.site.id);
        continue;
      }
      if (c.site.id === 'html' && !plainHtmlAllowed(fs, dir)) continue;
      const m = c.site.match(fs, dir, c.marker);
      if (m) {
        diagnostics.push(...m.diagnostics);
        found = { c, m };
      }
    }
    if (!found) continue;
    siteDirs.push(dir);
    services.push(toService(fs, dir, found.c.site, found.m, outranked, diagnostics));
  }
  return { services, diagnostics };
}

function toService(
  fs: RepoFs,
  dir: string,
  site: StaticSite,
  m: SiteMatch,
  outranked: readonly string[],
  diagnostics: Diagnostic[],
): Service {
  const first = m.evidence[0] as Evidence;
  const evidence: Partial<Record<FactName, Evidence[]>> = {
    language: m.evidence.map((e, i) =>
      i === 0 && outranked.length ? { ...e, reason: `${e.reason} (outranks ${outranked.join(', ')})` } : e,
    ),
    kind: [
      { ...first, reason: `${site.framework ?? site.id} output is static files: a web server serves them` },
    ],
    outputDir: [m.outputEvidence],
    start: [
      {
        ...m.outputEvidence,
        reason: `nothing to start: a web server serves ${m.outputDir}/`,
        confidence: 'strong',
      },
    ],
  };
  if (site.framework) evidence.framework = [first];
  if (m.build)
    evidence.build = [
      {
        file: m.file,
        reason: `${site.framework ?? site.id} builds with \`${m.build}\``,
        confidence: 'strong',
      },
    ];
  if (m.install)
    evidence.install = [
      { file: m.file, reason: `dependencies install with \`${m.install}\``, confidence: 'strong' },
    ];
  if (m.packageManager)
    evidence.packageManager = [{ ...first, reason: `${m.packageManager} installs the generator` }];
  let languageVersion: string | null = null;
  if (site.versionTools || site.versionFiles) {
    const pin = findToolPin(fs, dir, site.versionTools ?? [], site.versionFiles ?? []);
    diagnostics.push(...pin.diagnostics);
    if (pin.pin) {
      // asdf's hugo plugin names versions `extended_0.121.2`: the version is the number.
      languageVersion = pin.pin.version.replace(/^extended_/, '');
      evidence.languageVersion = [
        { ...pin.pin.evidence, reason: `${pin.pin.evidence.reason} (${site.id} version)` },
      ];
    }
  }
  return {
    name: dir === '.' ? 'site' : serviceNameFor(null, dir),
    path: dir,
    kind: 'static',
    language: 'static',
    languageVersion,
    framework: site.framework,
    packageManager: m.packageManager,
    commands: { install: m.install, build: m.build, start: null },
    port: null,
    healthPath: null,
    outputDir: m.outputDir,
    backing: [],
    env: [],
    evidence,
  };
}
