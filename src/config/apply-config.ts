import { ShipreadyError } from '../errors.js';
import type { Config, ServiceConfig } from '../model/config.js';
import type { Evidence } from '../model/evidence.js';
import type { ProjectModel } from '../model/project.js';
import type { FactName, Service } from '../model/service.js';
import { normalizeRel } from '../repo/repo-fs.js';

/**
 * Apply per-service overrides from the config file: the config beats detection for every fact it
 * sets, declares services detection did not find, and drops services marked `ignore: true`.
 */
export function applyConfig(model: ProjectModel, config: Config, configFile: string | null): ProjectModel {
  const entries = Object.entries(config.services ?? {});
  if (entries.length === 0) return model;
  const file = configFile ?? 'shipready.config.yaml';
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const out = new Map(byName);
  for (const [name, sc] of entries) {
    const existing = byName.get(name);
    if (sc.ignore) {
      out.delete(name);
      continue;
    }
    if (existing) {
      out.set(name, overrideService(existing, sc, file, name));
      continue;
    }
    if (sc.path === undefined) {
      throw new ShipreadyError(
        `services.${name}: no detected service is named "${name}" (detected: ${[...byName.keys()].join(', ') || 'none'})`,
        { location: { file }, fix: `rename the entry, or give it a path to declare a new service` },
      );
    }
    out.set(name, declareService(name, sc, file));
  }
  const services = [...out.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name),
  );
  return { ...model, services };
}

function evidenceFor(file: string, name: string, field: string): Evidence[] {
  return [{ file, reason: `set by services.${name}.${field} in ${file}`, confidence: 'explicit' }];
}

function overrideService(s: Service, sc: ServiceConfig, file: string, name: string): Service {
  const next: Service = { ...s, commands: { ...s.commands }, evidence: { ...s.evidence } };
  const set = <K extends FactName>(fact: K, apply: () => void, field: string = fact) => {
    apply();
    next.evidence[fact] = evidenceFor(file, name, field);
  };
  if (sc.path !== undefined) next.path = safePath(sc.path, file, name);
  if (sc.kind !== undefined) set('kind', () => (next.kind = sc.kind as Service['kind']));
  if (sc.language !== undefined) set('language', () => (next.language = sc.language as string));
  if (sc.languageVersion !== undefined)
    set('languageVersion', () => (next.languageVersion = sc.languageVersion ?? null));
  if (sc.framework !== undefined) set('framework', () => (next.framework = sc.framework ?? null));
  if (sc.packageManager !== undefined)
    set('packageManager', () => (next.packageManager = sc.packageManager ?? null));
  if (sc.port !== undefined) set('port', () => (next.port = sc.port ?? null));
  if (sc.healthPath !== undefined) set('healthPath', () => (next.healthPath = sc.healthPath ?? null));
  if (sc.outputDir !== undefined) set('outputDir', () => (next.outputDir = sc.outputDir ?? null));
  for (const [envName, ev] of Object.entries(sc.env ?? {})) {
    const evidence = evidenceFor(file, name, `env.${envName}`);
    const found = next.env.find((v) => v.name === envName);
    const base = found ?? { name: envName, secret: false, default: null, evidence: [] };
    const merged = {
      ...base,
      secret: ev.secret ?? base.secret,
      default: ev.default !== undefined ? ev.default : base.default,
      evidence: [...evidence, ...base.evidence],
    };
    next.env = [...next.env.filter((v) => v.name !== envName), merged].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }
  for (const cmd of ['install', 'build', 'start'] as const) {
    const v = sc.commands?.[cmd];
    if (v !== undefined) set(cmd, () => (next.commands[cmd] = v), `commands.${cmd}`);
  }
  return next;
}

function declareService(name: string, sc: ServiceConfig, file: string): Service {
  if (!sc.language) {
    throw new ShipreadyError(`services.${name}.language is required to declare a service`, {
      location: { file },
      fix: 'add e.g. language: node',
    });
  }
  const kind = sc.kind ?? (sc.port ? 'web' : 'worker');
  if (kind !== 'static' && !sc.commands?.start) {
    throw new ShipreadyError(`services.${name}.commands.start is required to declare a ${kind} service`, {
      location: { file },
      fix: 'add the command that starts the process, e.g. commands: { start: "node server.js" }',
    });
  }
  const base: Service = {
    name,
    path: safePath(sc.path ?? '.', file, name),
    kind,
    language: sc.language,
    languageVersion: null,
    framework: null,
    packageManager: null,
    commands: { install: null, build: null, start: null },
    port: null,
    healthPath: null,
    outputDir: null,
    backing: [],
    env: [],
    evidence: { kind: evidenceFor(file, name, 'kind') },
  };
  return overrideService(base, { ...sc, path: undefined }, file, name);
}

function safePath(p: string, file: string, name: string): string {
  const n = normalizeRel(p);
  if (n.startsWith('/') || n === '..' || n.startsWith('../') || /^[A-Za-z]:/.test(n)) {
    throw new ShipreadyError(`services.${name}.path "${p}" is outside the repository`, {
      location: { file },
      fix: 'use a path relative to the repository root',
    });
  }
  return n;
}
