/**
 * The subset of the Compose Specification this generator writes, as types, so compose.yaml is
 * built from objects and serialized (never assembled as text). Field names are the spec's.
 * @see https://docs.docker.com/reference/compose-file/
 * @see https://github.com/compose-spec/compose-spec/blob/main/spec.md
 */

/** `healthcheck`: `test` is exec form (`CMD`, argv…) or `CMD-SHELL` and one shell string. */
export interface ComposeHealthcheck {
  test: readonly string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
}

/** `depends_on` long syntax. */
export interface ComposeDependency {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
}

export interface ComposeBuild {
  /** Build context, relative to the compose file. */
  context: string;
  /** Dockerfile path, relative to the context. */
  dockerfile: string;
  /** Build arguments; values may interpolate `${VAR}` from `.env`. */
  args?: Record<string, string>;
}

export interface ComposeService {
  image?: string;
  build?: ComposeBuild;
  hostname?: string;
  command?: readonly string[];
  /** Values may interpolate `${VAR}`; a literal `$` is written `$$`. */
  environment?: Record<string, string>;
  ports?: readonly string[];
  volumes?: readonly string[];
  depends_on?: Record<string, ComposeDependency>;
  healthcheck?: ComposeHealthcheck;
  init?: boolean;
  read_only?: boolean;
  tmpfs?: readonly string[];
  cap_drop?: readonly string[];
  security_opt?: readonly string[];
  restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  deploy?: { resources: { limits: { cpus: string; memory: string } } };
}

/** A top-level named volume; `{}` lets the engine create it with the default driver. */
export type ComposeVolume = Record<string, never>;

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, ComposeVolume>;
}

/** Key order inside a service, so files read the same whichever code path filled them. */
export const SERVICE_KEY_ORDER: readonly (keyof ComposeService)[] = [
  'image',
  'build',
  'hostname',
  'command',
  'environment',
  'ports',
  'volumes',
  'depends_on',
  'healthcheck',
  'init',
  'read_only',
  'tmpfs',
  'cap_drop',
  'security_opt',
  'restart',
  'deploy',
];
