import type { Diagnostic } from '../model/diagnostic.js';
import type { Service } from '../model/service.js';

/**
 * How strongly a service claims its folder when several ecosystems find one there. A package.json
 * that only builds assets (static output or nothing to start) in a Rails, Laravel or Django folder
 * is part of that app, not a service of its own; a bare index.html or start.sh loses to any real
 * manifest. Equal ranks all stay (two real services may share a folder).
 */
export const CLAIM_RANK: readonly { when: (s: Service) => boolean; rank: number; why: string }[] = [
  { when: (s) => s.language === 'static', rank: 0, why: 'static files are served by the app in this folder' },
  {
    when: (s) => s.language === 'shell',
    rank: 0,
    why: 'a start script beside a real manifest is part of that app',
  },
  {
    when: (s) => s.language === 'node' && (s.kind === 'static' || s.commands.start === null),
    rank: 1,
    why: 'package.json here builds front-end assets for the app in this folder',
  },
];

function rankOf(s: Service): { rank: number; why: string } {
  for (const r of CLAIM_RANK) if (r.when(s)) return r;
  return { rank: 2, why: '' };
}

/** Resolve services that different detectors found in the same folder. Pure. */
export function arbitrate(services: readonly Service[]): { services: Service[]; diagnostics: Diagnostic[] } {
  const byPath = new Map<string, Service[]>();
  for (const s of services) byPath.set(s.path, [...(byPath.get(s.path) ?? []), s]);
  const kept: Service[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const group of byPath.values()) {
    const languages = new Set(group.map((s) => s.language));
    if (group.length === 1 || languages.size === 1) {
      kept.push(...group);
      continue;
    }
    const best = Math.max(...group.map((s) => rankOf(s).rank));
    const winners = group.filter((s) => rankOf(s).rank === best);
    for (const s of group) {
      if (rankOf(s).rank === best) {
        kept.push(s);
        continue;
      }
      // The same app seen by two detectors (a Jekyll site: the Ruby detector and the static-site
      // detector both know it): nothing to tell the user.
      if (s.framework !== null && winners.some((w) => w.framework === s.framework)) continue;
      const other = winners[0] as Service;
      diagnostics.push({
        severity: 'info',
        file: s.path === '.' ? undefined : s.path,
        message: `${s.language} files in ${s.path === '.' ? 'the repository root' : s.path} are treated as part of the ${other.language} service "${other.name}", not a service of their own: ${rankOf(s).why}`,
        fix: `declare a separate service in shipready.config.yaml if this is wrong`,
      });
    }
  }
  return { services: kept, diagnostics };
}
