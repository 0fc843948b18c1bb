import type { Diagnostic } from '../model/diagnostic.js';
import type { InfraFile } from '../model/project.js';
import type { Service } from '../model/service.js';
import { type RepoFs, walkDiagnostics } from '../repo/repo-fs.js';
import { arbitrate } from './arbitrate.js';
import { denoDetector } from './deno/deno.detector.js';
import { uniqueName } from './dns-label.js';
import { dotnetDetector } from './dotnet/dotnet.detector.js';
import { elixirDetector } from './elixir/elixir.detector.js';
import { goDetector } from './go/go.detector.js';
import { detectInfra } from './infra.js';
import { jvmDetector } from './jvm/jvm.detector.js';
import { nodeDetector } from './node/node.detector.js';
import { otherDetector } from './other/other.detector.js';
import { phpDetector } from './php/php.detector.js';
import { pythonDetector } from './python/python.detector.js';
import { rubyDetector } from './ruby/ruby.detector.js';
import { rustDetector } from './rust/rust.detector.js';
import { applyDockerfileEvidence } from './shared/dockerfile-evidence.js';
import { staticDetector } from './static/static.detector.js';
import type { Detector } from './types.js';

/** Every ecosystem detector, sorted by id. Adding one is adding a line here. */
export const DETECTORS = [
  denoDetector,
  dotnetDetector,
  elixirDetector,
  goDetector,
  jvmDetector,
  nodeDetector,
  otherDetector,
  phpDetector,
  pythonDetector,
  rubyDetector,
  rustDetector,
  staticDetector,
] as const satisfies readonly Detector[];

export type DetectorId = (typeof DETECTORS)[number]['id'];

export interface DetectAllResult {
  services: Service[];
  diagnostics: Diagnostic[];
  existingInfra: InfraFile[];
}

/**
 * Runs every detector over the whole repo, then lists existing infra. Services are sorted by path,
 * then name, and names are made unique (`api`, `api-2` …) in that order.
 */
export function detectAll(fs: RepoFs, detectors: readonly Detector[] = DETECTORS): DetectAllResult {
  const services: Service[] = [];
  const diagnostics: Diagnostic[] = walkDiagnostics(fs);
  for (const detector of detectors) {
    try {
      const r = detector.detect({ fs, dir: '.' });
      services.push(...r.services);
      diagnostics.push(...r.diagnostics);
    } catch (e) {
      // A detector bug must not hide what the other detectors found; it is reported, not swallowed.
      diagnostics.push({
        severity: 'error',
        message: `the ${detector.id} detector failed: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'this is a shipready bug; please report it with the repository layout',
      });
    }
  }
  const settled = arbitrate(services);
  diagnostics.push(...settled.diagnostics);
  settled.services = settled.services.map((s) => {
    const r = applyDockerfileEvidence(fs, s);
    diagnostics.push(...r.diagnostics);
    return r.service;
  });
  settled.services.sort((a, b) => compare(a.path, b.path) || compare(a.name, b.name));
  const taken = new Set<string>();
  const unique = settled.services.map((s) => {
    const name = uniqueName(s.name, taken);
    taken.add(name);
    return name === s.name ? s : { ...s, name };
  });
  return { services: unique, diagnostics, existingInfra: detectInfra(fs) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
