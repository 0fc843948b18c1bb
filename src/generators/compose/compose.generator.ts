import path from 'node:path';
import YAML from 'yaml';
import type { Choices } from '../../model/choices.js';
import type { ProjectModel } from '../../model/project.js';
import { BackingKind, type BackingService, type EnvVar, type Service } from '../../model/service.js';
import { generatedHeader } from '../../render/header.js';
import {
  type GeneratedDockerfile,
  isSkipped,
  planDockerfiles,
  type ServiceDockerfilePlan,
} from '../dockerfile/dockerfile.generator.js';
import type { Artifact, Generator } from '../types.js';
import {
  BACKING_SERVICE_NAMES,
  type BackingContainer,
  backingContainer,
  type ContainerKind,
  flavorFor,
  type Role,
  requiredFromDotenv,
} from './backing.js';
import {
  type ComposeFile,
  type ComposeHealthcheck,
  type ComposeService,
  type ComposeVolume,
  SERVICE_KEY_ORDER,
} from './compose-spec.js';
import { roleOf } from './env-roles.js';

export const COMPOSE_GENERATOR_ID = 'compose';
/** The Compose Specification's preferred file name; `docker compose` and `podman compose` find it. */
export const COMPOSE_FILE = 'compose.yaml';
export const DOTENV_EXAMPLE_FILE = '.env.example';

/** Resource ceilings per app container, so one runaway process cannot starve the machine. */
export const APP_LIMITS = {
  server: { cpus: '1', memory: '512M' },
  static: { cpus: '0.5', memory: '128M' },
} as const;

/** Where an app's SQLite file lives when the image declares no writable folder of its own. */
export const DEFAULT_SQLITE_DIR = '/app/data';
const SQLITE_FILE = 'app.db';

/** A variable in .env.example. */
export interface DotenvEntry {
  name: string;
  /** `secret`: must be set, never has a value in the example; `required`: may be empty; `optional`: has a default. */
  kind: 'secret' | 'required' | 'optional';
  default: string | null;
  /** Who reads it and what for, one short clause each. */
  uses: string[];
}

export interface ComposePlan {
  file: ComposeFile;
  dotenv: DotenvEntry[];
  /** Comment lines under the header of compose.yaml. */
  notes: string[];
}

type Built = ServiceDockerfilePlan & GeneratedDockerfile;

/**
 * The compose file for every service that gets a Dockerfile, with its backing services; `null`
 * when no service gets one. Pure: same model and choices, same plan.
 */
export function planCompose(model: ProjectModel, choices: Choices): ComposePlan | null {
  const plans = planDockerfiles(model, choices);
  const built = plans
    .filter((p): p is Built => !isSkipped(p))
    .sort((a, b) => cmp(a.service.name, b.service.name));
  if (built.length === 0) return null;

  const appNames = new Set(built.map((p) => p.service.name));
  const containers = backingContainers(built, appNames);
  const dotenv = new Map<string, DotenvEntry>();
  for (const c of containers.values()) {
    for (const s of c.secrets) addDotenv(dotenv, { name: s.name, kind: 'secret', default: null }, s.purpose);
  }

  const ports = new PortAllocator();
  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, ComposeVolume> = {};
  const notes: string[] = [];

  for (const p of built) {
    const { service: app, volumes: appVolumes, notes: appNotes } = appService(p, containers, ports, dotenv);
    services[p.service.name] = app;
    for (const v of appVolumes) volumes[v] = {};
    notes.push(...appNotes);
  }
  for (const c of containers.values()) {
    const svc: ComposeService = { ...c.service };
    if (c.consolePort !== null) svc.ports = [ports.publish(c.consolePort)];
    services[c.name] = ordered(svc);
    for (const v of c.dataVolumes) volumes[v.volume] = {};
    notes.push(...c.notes);
  }
  for (const s of plans.filter(isSkippedPlan)) {
    notes.push(`${s.service.name} is not in this file: ${s.skipped}.`);
  }

  const file: ComposeFile = { services };
  if (Object.keys(volumes).length > 0) file.volumes = sortKeys(volumes);
  return { file, dotenv: [...dotenv.values()], notes };
}

function isSkippedPlan(p: ServiceDockerfilePlan): p is ServiceDockerfilePlan & { skipped: string } {
  return isSkipped(p);
}

/** One container per backing kind used by a built service, in BackingKind order. */
function backingContainers(
  built: readonly Built[],
  appNames: ReadonlySet<string>,
): Map<ContainerKind, BackingContainer> {
  const firstVia = new Map<ContainerKind, string>();
  for (const p of built) {
    for (const b of p.service.backing) {
      if (b.kind !== 'sqlite' && !firstVia.has(b.kind)) firstVia.set(b.kind, b.via);
    }
  }
  const out = new Map<ContainerKind, BackingContainer>();
  for (const kind of BackingKind.options) {
    if (kind === 'sqlite') continue;
    const via = firstVia.get(kind);
    if (via === undefined) continue;
    const flavor = flavorFor(kind, via);
    const base = BACKING_SERVICE_NAMES[flavor];
    // An app may already use the conventional name; backing services then take a suffix.
    const name = appNames.has(base) ? `${base}-server` : base;
    out.set(kind, backingContainer(kind, flavor, name));
  }
  return out;
}

/** Host ports on 127.0.0.1, first come first served; a taken port moves to the next free one. */
class PortAllocator {
  private readonly taken = new Set<number>();
  publish(containerPort: number): string {
    let host = containerPort;
    while (this.taken.has(host) && host < 65535) host++;
    this.taken.add(host);
    return `127.0.0.1:${host}:${containerPort}`;
  }
}

interface AppService {
  service: ComposeService;
  volumes: string[];
  notes: string[];
}

function appService(
  p: Built,
  containers: ReadonlyMap<ContainerKind, BackingContainer>,
  ports: PortAllocator,
  dotenv: Map<string, DotenvEntry>,
): AppService {
  const s = p.service;
  const r = p.runtime;
  const notes: string[] = [];
  const volumeNames: string[] = [];
  const mounts: string[] = [];

  // Folders the image declares writable get named volumes, so the root filesystem stays read-only.
  const writable = [...(r.writableDirs ?? [])];
  const sqlite = s.backing.find((b) => b.kind === 'sqlite');
  let sqliteDir: string | null = null;
  if (sqlite) {
    sqliteDir = writable[0] ?? DEFAULT_SQLITE_DIR;
    const volume = `${s.name}-sqlite`;
    volumeNames.push(volume);
    mounts.push(`${volume}:${sqliteDir}`);
    notes.push(
      `${s.name}: SQLite has no container; its database file is kept in the volume ${volume}, mounted at ${sqliteDir}` +
        (writable.length === 0 ? ', which the image user must be able to write.' : '.'),
    );
  }
  for (const dir of writable) {
    if (dir === sqliteDir) continue;
    const volume = `${s.name}-${slug(dir)}`;
    volumeNames.push(volume);
    mounts.push(`${volume}:${dir}`);
  }

  const build: NonNullable<ComposeService['build']> = {
    context: p.contextPath,
    dockerfile: path.posix.relative(p.contextPath, p.dockerfilePath),
  };
  const svc: ComposeService = { build };
  if (r.buildArgs.length > 0) {
    const args: Record<string, string> = {};
    for (const name of [...r.buildArgs].sort(cmp)) {
      const v = s.env.find((e) => e.name === name);
      const def = v?.default ?? null;
      args[name] = def !== null && safeDefault(def) ? `\${${name}:-${def}}` : `\${${name}:-}`;
      addDotenv(
        dotenv,
        { name, kind: def === null ? 'required' : 'optional', default: def },
        `${s.name} at build time`,
      );
    }
    build.args = args;
  }
  if (r.runtimeEnv) {
    const env = environment(s, r.port, containers, sqliteDir, dotenv);
    if (Object.keys(env).length > 0) svc.environment = env;
  }
  if (r.port !== null) svc.ports = [ports.publish(r.port)];
  if (mounts.length > 0) svc.volumes = mounts;
  const deps = dependencies(s, containers);
  if (Object.keys(deps).length > 0) svc.depends_on = deps;
  const hc = r.healthPath === null ? null : imageHealthcheck(p);
  if (hc) svc.healthcheck = hc;
  svc.init = true;
  svc.read_only = true;
  svc.tmpfs = ['/tmp'];
  svc.cap_drop = ['ALL'];
  svc.security_opt = ['no-new-privileges:true'];
  svc.restart = 'unless-stopped';
  svc.deploy = {
    resources: { limits: { ...(s.kind === 'static' ? APP_LIMITS.static : APP_LIMITS.server) } },
  };
  return { service: ordered(svc), volumes: volumeNames, notes };
}

function dependencies(
  s: Service,
  containers: ReadonlyMap<ContainerKind, BackingContainer>,
): NonNullable<ComposeService['depends_on']> {
  const names = new Set<string>();
  for (const b of s.backing) {
    if (b.kind === 'sqlite') continue;
    const c = containers.get(b.kind);
    if (c) names.add(c.name);
  }
  const out: NonNullable<ComposeService['depends_on']> = {};
  for (const n of [...names].sort(cmp)) out[n] = { condition: 'service_healthy' };
  return out;
}

/** Connection values by role for one backing service of `s`. */
interface Target {
  backing: BackingService;
  values: Partial<Record<Role, string>>;
  defaultVar: string;
}

function targets(
  s: Service,
  containers: ReadonlyMap<ContainerKind, BackingContainer>,
  sqliteDir: string | null,
): Target[] {
  const order = BackingKind.options;
  return [...s.backing]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .flatMap((b): Target[] => {
      if (b.kind === 'sqlite') {
        if (sqliteDir === null) return [];
        const def = s.env.find((v) => v.name === b.envVar)?.default ?? null;
        return [{ backing: b, values: sqliteValues(sqliteDir, def), defaultVar: 'DATABASE_URL' }];
      }
      const c = containers.get(b.kind);
      return c ? [{ backing: b, values: c.values, defaultVar: c.defaultVar }] : [];
    });
}

/** Keep the form of the code's default (`file:`, `jdbc:sqlite:` …) with the file moved into `dir`. */
function sqliteValues(dir: string, def: string | null): Partial<Record<Role, string>> {
  const m = /^(jdbc:sqlite:|sqlite:\/\/\/|sqlite:|file:)?([^?]*)(\?.*)?$/.exec(def ?? '');
  const file = m?.[2] ? path.posix.basename(m[2]) || SQLITE_FILE : SQLITE_FILE;
  const at = `${dir}/${file}`;
  const prefix = m?.[1];
  const query = m?.[3] ?? '';
  return {
    url: `${prefix ?? 'file:'}${at}${query}`,
    jdbc: `jdbc:sqlite:${at}`,
    path: prefix ? `${prefix}${at}${query}` : at,
  };
}

/** The value compose gives each variable `s` reads; connection variables point at the backing containers. */
function environment(
  s: Service,
  port: number | null,
  containers: ReadonlyMap<ContainerKind, BackingContainer>,
  sqliteDir: string | null,
  dotenv: Map<string, DotenvEntry>,
): Record<string, string> {
  const out = new Map<string, string>();
  const ts = targets(s, containers, sqliteDir);
  const connected = new Set<Target>();
  const CONNECTION: ReadonlySet<Role> = new Set(['url', 'jdbc', 'host', 'path']);

  const wire = (name: string): string | null => {
    // The variable the detector tied to a backing service wins; then any conventional name.
    const own = ts.find((t) => t.backing.envVar === name);
    const candidates = own ? [own, ...ts.filter((t) => t !== own)] : ts;
    for (const t of candidates) {
      const role = roleOf(t.backing.kind, name) ?? (t === own ? 'url' : null);
      const value = role === null ? undefined : t.values[role];
      if (role !== null && value !== undefined) {
        if (CONNECTION.has(role)) connected.add(t);
        return value;
      }
    }
    return null;
  };

  for (const v of [...s.env].sort((a, b) => cmp(a.name, b.name))) {
    if (v.name === 'NODE_ENV' && s.language === 'node') continue; // the image sets production
    if (v.name === 'PORT' && port !== null) {
      out.set(v.name, String(port)); // must match the published container port
      continue;
    }
    if (v.name === 'HOST' && port !== null) {
      out.set(v.name, '0.0.0.0'); // listening on localhost would be unreachable from the host
      continue;
    }
    const wired = wire(v.name);
    out.set(v.name, wired ?? fromDotenv(v, s, dotenv));
  }
  // A backing service the code reads no known variable for still gets the conventional one.
  for (const t of ts) {
    if (connected.has(t)) continue;
    // The detected variable, unless it is already set to something else (e.g. S3_BUCKET).
    const name = [t.backing.envVar, t.defaultVar].find((n): n is string => n !== null && !out.has(n));
    if (name === undefined) continue;
    const role = roleOf(t.backing.kind, name) ?? 'url';
    const value = t.values[role] ?? t.values.url;
    if (value !== undefined) out.set(name, value);
  }
  // AWS SDKs read these without the code naming them; point them at MinIO.
  const s3 = ts.find((t) => t.backing.kind === 's3');
  if (s3) {
    const implicit: [string, Role][] = [
      ['AWS_ACCESS_KEY_ID', 'user'],
      ['AWS_SECRET_ACCESS_KEY', 'password'],
      ['AWS_REGION', 'region'],
    ];
    for (const [name, role] of implicit) {
      const value = s3.values[role];
      if (value !== undefined && !out.has(name)) out.set(name, value);
    }
  }
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => cmp(a, b)));
}

/** `${NAME…}` interpolation from .env for a variable that is not a connection setting. */
function fromDotenv(v: EnvVar, s: Service, dotenv: Map<string, DotenvEntry>): string {
  const where = v.evidence[0]
    ? ` (${v.evidence[0].file}${v.evidence[0].line ? `:${v.evidence[0].line}` : ''})`
    : '';
  if (v.secret) {
    addDotenv(dotenv, { name: v.name, kind: 'secret', default: null }, `read by ${s.name}${where}`);
    return requiredFromDotenv(v.name);
  }
  if (v.default !== null) {
    // A default compose cannot carry inside ${…} is written literally, `$` escaped.
    if (!safeDefault(v.default)) return v.default.replace(/\$/g, '$$$$');
    addDotenv(dotenv, { name: v.name, kind: 'optional', default: v.default }, `read by ${s.name}${where}`);
    return `\${${v.name}:-${v.default}}`;
  }
  addDotenv(dotenv, { name: v.name, kind: 'required', default: null }, `read by ${s.name}${where}`);
  // `?` without `:` stops compose only while unset: an empty value in .env is accepted.
  return `\${${v.name}?set ${v.name} in .env}`;
}

function safeDefault(value: string): boolean {
  return !/[$}\n\r]/.test(value);
}

function addDotenv(dotenv: Map<string, DotenvEntry>, entry: Omit<DotenvEntry, 'uses'>, use: string): void {
  const prior = dotenv.get(entry.name);
  if (!prior) {
    dotenv.set(entry.name, { ...entry, uses: [use] });
    return;
  }
  if (!prior.uses.includes(use)) prior.uses.push(use);
  // The strictest wins: a secret anywhere is a secret.
  const rank = { secret: 2, required: 1, optional: 0 } as const;
  if (rank[entry.kind] > rank[prior.kind]) {
    prior.kind = entry.kind;
    prior.default = entry.default;
  }
}

/**
 * The HEALTHCHECK of the image's final stage as a compose healthcheck. Stated again in compose
 * because Podman builds OCI images by default, which drop HEALTHCHECK. Unset options take
 * Docker's defaults.
 */
function imageHealthcheck(p: GeneratedDockerfile): ComposeHealthcheck | null {
  const hc = p.healthcheck;
  if (!hc) return null;
  return {
    // `$` in the image's command is literal; compose would otherwise interpolate it.
    test: ['CMD', ...hc.cmd].map((t) => t.replace(/\$/g, '$$$$')),
    interval: hc.interval || '30s',
    timeout: hc.timeout || '30s',
    retries: hc.retries ?? 3,
    start_period: hc.startPeriod || '0s',
  };
}

function ordered(svc: ComposeService): ComposeService {
  const out: Record<string, unknown> = {};
  for (const k of SERVICE_KEY_ORDER) if (svc[k] !== undefined) out[k] = svc[k];
  return out as ComposeService;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => cmp(a, b)));
}

function slug(dir: string): string {
  return dir.replace(/^\/+/, '').replace(/[^a-zA-Z0-9._-]+/g, '-') || 'data';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** compose.yaml text: the generated header, notes as comments, then the YAML. */
export function renderCompose(plan: ComposePlan, choices: Choices): string {
  const engine = choices.container === 'podman' ? 'podman' : 'docker';
  const header = generatedHeader({
    generator: COMPOSE_GENERATOR_ID,
    source: 'the detected services and their backing services',
    commentPrefix: '#',
  });
  const usage = [
    `Local and staging-like runs: \`${engine} compose up --build\`. Values come from .env beside this file`,
    `(start from ${DOTENV_EXAMPLE_FILE}; keep .env out of git); compose stops and names any required one that is missing.`,
    'Published ports listen on 127.0.0.1 only.',
  ];
  const comments = [...usage, ...plan.notes].map((n) => `# ${n}`);
  // YAML 1.1 quoting keeps values such as `on` or `1:30` strings for PyYAML-based podman-compose too.
  const doc = new YAML.Document(plan.file, { version: '1.1', aliasDuplicateObjects: false });
  // A blank line before each service and before `volumes:`, for reading.
  const services = doc.get('services', true);
  if (YAML.isMap(services)) {
    for (const [i, pair] of services.items.entries()) {
      if (i > 0 && YAML.isScalar(pair.key)) pair.key.spaceBefore = true;
      // Ports quoted, as the Compose docs advise: `HOST:CONTAINER` must never read as a number.
      const ports = YAML.isMap(pair.value) ? pair.value.get('ports', true) : undefined;
      if (YAML.isSeq(ports)) {
        for (const item of ports.items) if (YAML.isScalar(item)) item.type = 'QUOTE_DOUBLE';
      }
    }
  }
  for (const pair of doc.contents && YAML.isMap(doc.contents) ? doc.contents.items.slice(1) : []) {
    if (YAML.isScalar(pair.key)) pair.key.spaceBefore = true;
  }
  const body = doc.toString({ lineWidth: 0, indentSeq: true });
  return `${[...header, ...comments].join('\n')}\n\n${body}`;
}

/** .env.example text: every variable compose.yaml interpolates, secrets without values. */
export function renderDotenvExample(plan: ComposePlan): string {
  const lines = [
    ...generatedHeader({ generator: COMPOSE_GENERATOR_ID, source: COMPOSE_FILE, commentPrefix: '#' }),
    '',
    `# Copy to .env beside ${COMPOSE_FILE} and fill in the empty values. Never commit .env: add it to .gitignore.`,
    '# Secrets you choose (passwords, signing keys): generate each with `openssl rand -hex 32`',
    '# (hex keeps them safe inside connection URLs). API keys from a provider: paste them from its console.',
    '# Commented lines show the default compose uses; uncomment to change it.',
  ];
  const rank = { secret: 0, required: 1, optional: 2 } as const;
  const entries = [...plan.dotenv].sort((a, b) => rank[a.kind] - rank[b.kind] || cmp(a.name, b.name));
  for (const e of entries) {
    const what =
      e.kind === 'secret'
        ? 'secret, must be set'
        : e.kind === 'required'
          ? 'set it (may be empty)'
          : 'optional';
    lines.push('', `# ${e.name}: ${what}; ${e.uses.join('; ')}.`);
    if (e.kind === 'optional') lines.push(`# ${e.name}=${dotenvValue(e.default ?? '')}`);
    else lines.push(`${e.name}=`);
  }
  return `${lines.join('\n')}\n`;
}

/** Quote a value for .env when it needs it: single quotes are literal in compose's dotenv parser. */
function dotenvValue(v: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(v)) return v;
  return v.includes("'") ? `"${v.replace(/[\\"]/g, '\\$&').replace(/\$/g, '$$$$')}"` : `'${v}'`;
}

/** Whether any service gets a container file, so there is something to compose. */
export function composeApplies(model: ProjectModel, choices: Choices): boolean {
  return planDockerfiles(model, choices).some((p) => !isSkipped(p));
}

/** compose.yaml and .env.example at the repository root. */
export const composeGenerator = {
  id: COMPOSE_GENERATOR_ID,
  description: 'compose.yaml running every service with its databases, caches and queues, and .env.example',
  supports: { container: ['docker', 'podman'] },
  applies: composeApplies,
  generate(model: ProjectModel, choices: Choices): Artifact[] {
    const plan = planCompose(model, choices);
    if (plan === null) return [];
    return [
      {
        path: COMPOSE_FILE,
        content: renderCompose(plan, choices),
        format: 'yaml',
        generator: COMPOSE_GENERATOR_ID,
        ownership: 'managed',
      },
      {
        path: DOTENV_EXAMPLE_FILE,
        content: renderDotenvExample(plan),
        format: 'text',
        generator: COMPOSE_GENERATOR_ID,
        // Many repos already have one, and people add their own lines: written once, never overwritten.
        ownership: 'scaffold',
      },
    ];
  },
} as const satisfies Generator;
